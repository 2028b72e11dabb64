import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bias, coverage, mae, mape, mase, naiveScale, owa, rmse, smape, wape } from "../../../src/server/engine/forecast/metrics.ts";
import { normalQuantile, zForLevel, autocorrelations } from "../../../src/server/engine/forecast/stats.ts";
import { nelderMead } from "../../../src/server/engine/forecast/optim.ts";

// Hand-computed example: actual 100..400, forecast errors f−y = +10, −10, +30, −40.
const actual = [100, 200, 300, 400];
const forecast = [110, 190, 330, 360];

describe("accuracy measures (M4 Competitor's Guide definitions)", () => {
  it("MAE, RMSE, MAPE, WAPE and bias match hand computation", () => {
    expect(mae(actual, forecast)).toBeCloseTo(22.5, 12); // (10+10+30+40)/4
    expect(rmse(actual, forecast)).toBeCloseTo(Math.sqrt(675), 12); // (100+100+900+1600)/4
    expect(mape(actual, forecast)).toBeCloseTo(8.75, 12); // 100·(0.1+0.05+0.1+0.1)/4
    expect(wape(actual, forecast)).toBeCloseTo(9, 12); // 100·90/1000
    expect(bias(actual, forecast)).toBeCloseTo(-2.5, 12); // (10−10+30−40)/4
  });

  it("sMAPE is 200/n·Σ|y−f|/(|y|+|f|)", () => {
    const expected = 50 * (10 / 210 + 10 / 390 + 30 / 630 + 40 / 760);
    expect(smape(actual, forecast)).toBeCloseTo(expected, 12);
    expect(smape([0, 0], [0, 0])).toBe(0); // 0/0 periods count as perfect
  });

  it("MASE divides by the in-sample (seasonal) naive MAE", () => {
    // In-sample 10, 12, 11, 15: |Δ| = 2, 1, 4 → scale 7/3.
    expect(naiveScale([10, 12, 11, 15])).toBeCloseTo(7 / 3, 12);
    expect(mase(actual, forecast, [10, 12, 11, 15])).toBeCloseTo(22.5 / (7 / 3), 12);
    // Seasonal scale, m = 2: |11−10|, |15−12| → 2.
    expect(naiveScale([10, 12, 11, 15], 2)).toBeCloseTo(2, 12);
  });

  it("coverage counts actuals inside the interval; OWA averages the two relative errors", () => {
    expect(coverage(actual, [90, 195, 310, 350], [105, 205, 320, 380])).toBe(0.5);
    expect(owa(10, 2, 20, 4)).toBe(0.5);
    expect(owa(9.161, 2.777, 9.161, 2.777)).toBe(1);
  });

  it("sMAPE stays within [0, 200] and every measure is 0 for a perfect forecast (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), (a, f) => {
        const s = smape(a, f);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(200 + 1e-9);
        expect(mae(a, a)).toBe(0);
        expect(smape(a, a)).toBe(0);
      }),
    );
  });
});

describe("numeric helpers", () => {
  it("normal quantiles match tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(zForLevel(80)).toBeCloseTo(1.281552, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it("autocorrelations of 1,2,3 repeated three times are −1/3, −1/2, 2/3 (hand computed)", () => {
    const r = autocorrelations([1, 2, 3, 1, 2, 3, 1, 2, 3], 3);
    expect(r[0]).toBeCloseTo(-1 / 3, 12);
    expect(r[1]).toBeCloseTo(-1 / 2, 12);
    expect(r[2]).toBeCloseTo(2 / 3, 12);
  });

  it("Nelder–Mead finds the Rosenbrock minimum at (1, 1)", () => {
    const res = nelderMead((x) => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { maxEvaluations: 2000, reltol: 1e-14 });
    expect(res.x[0]).toBeCloseTo(1, 3);
    expect(res.x[1]).toBeCloseTo(1, 3);
  });
});
