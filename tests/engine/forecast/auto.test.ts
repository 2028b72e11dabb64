import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { backtest, backtestOrigins } from "../../../src/server/engine/forecast/backtest.ts";
import { createModelRegistry, defaultRegistry, forecastSeries, validateSeries } from "../../../src/server/engine/forecast/index.ts";
import { smape } from "../../../src/server/engine/forecast/metrics.ts";
import { INTERMITTENT_POOL } from "../../../src/server/engine/forecast/select.ts";
import { seededNormal } from "../../../src/server/engine/forecast/stats.ts";
import type { ForecastModel } from "../../../src/server/engine/forecast/types.ts";

const normal = seededNormal(2024);
const monthlyShape = [0.8, 0.85, 0.95, 1.0, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.85, 0.8];
const seasonal = Float64Array.from({ length: 96 }, (_, t) => (200 + 1.5 * t) * monthlyShape[t % 12] * (1 + 0.02 * normal()));

describe("rolling-origin backtest", () => {
  it("places non-overlapping windows ending at the last observation", () => {
    expect(backtestOrigins(20, 4, 3, 4, 5)).toEqual([8, 12, 16]);
    expect(backtestOrigins(20, 4, 5, 4, 5)).toEqual([8, 12, 16]); // origin 4 < minimum training length
    expect(backtestOrigins(20, 4, 3, 1, 5)).toEqual([14, 15, 16]);
  });

  it("naive's backtest errors equal the hand-computed ones and its OWA against Naive2 is 1 on a non-seasonal series", () => {
    const y = Float64Array.from([10, 12, 11, 13, 15, 14, 16, 18]);
    const summary = backtest(y, defaultRegistry.get("naive")!, { horizon: 2, windows: 2, period: 1, levels: [80] });
    // Window 1: train to 13, actual 15, 14 → |e| 2, 1. Window 2: train to 14, actual 16, 18 → |e| 2, 4.
    expect(summary.windows).toBe(2);
    expect(summary.mae).toBeCloseTo((1.5 + 3) / 2, 12);
    expect(summary.bias).toBeCloseTo((-1.5 + -3) / 2, 12);
    expect(summary.owa).toBeCloseTo(1, 12);
    // 80% naive intervals, ±1.2816·σ√h: window 1 (σ = √(9/3)) covers 15 and 14; window 2 (σ = √(14/5))
    // covers 16 (14 ± 2.14) but not 18 (14 ± 3.03) → (1 + 0.5) / 2.
    expect(summary.coverage["80"]).toBeCloseTo(0.75, 12);
  });
});

describe("automatic selection", () => {
  it("forecasts a trending monthly seasonal series within a few percent", () => {
    const train = seasonal.subarray(0, 84);
    const test = seasonal.subarray(84);
    const f = forecastSeries(train, { horizon: 12, period: 12 });
    expect(smape(test, f.mean)).toBeLessThan(5);
    expect(f.candidates.length).toBeGreaterThan(3);
    expect(f.backtest?.windows).toBe(3);
    expect(f.levels).toEqual([80, 95]);
    for (let k = 0; k < 12; k++) {
      expect(f.lower[1][k]).toBeLessThanOrEqual(f.lower[0][k]);
      expect(f.lower[0][k]).toBeLessThanOrEqual(f.mean[k]);
      expect(f.upper[0][k]).toBeGreaterThanOrEqual(f.mean[k]);
      expect(f.upper[1][k]).toBeGreaterThanOrEqual(f.upper[0][k]);
    }
    expect(f.fitted).toHaveLength(84);
  });

  it("routes intermittent demand to Croston-type methods and never forecasts below zero", () => {
    const u = seededNormal(5);
    const demand = Float64Array.from({ length: 60 }, () => (u() > 0.9 ? Math.round(5 + 2 * Math.abs(u())) : 0));
    const f = forecastSeries(demand, { horizon: 6 });
    expect(f.demandClass === "intermittent" || f.demandClass === "lumpy").toBe(true);
    for (const m of f.members) expect(INTERMITTENT_POOL).toContain(m);
    for (const bound of [...f.lower, f.mean]) for (const v of bound) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("80% intervals of a random walk cover about 80% of outcomes over many simulated series", () => {
    let inside = 0;
    let total = 0;
    for (let s = 0; s < 40; s++) {
      const e = seededNormal(100 + s);
      const y = new Float64Array(80);
      y[0] = 100;
      for (let t = 1; t < 80; t++) y[t] = y[t - 1] + e();
      const f = forecastSeries(y.subarray(0, 74), { horizon: 6, method: "naive", backtestWindows: 0 });
      for (let k = 0; k < 6; k++) {
        total++;
        if (y[74 + k] >= f.lower[0][k] && y[74 + k] <= f.upper[0][k]) inside++;
      }
    }
    expect(inside / total).toBeGreaterThan(0.68);
    expect(inside / total).toBeLessThan(0.92);
  });

  it("auto's 80% and 95% intervals cover about their level of the test values over simulated seasonal series", () => {
    // Local linear trend + monthly cycle + noise; 30 series × 8 test points per level.
    let in80 = 0;
    let in95 = 0;
    let total = 0;
    for (let s = 0; s < 30; s++) {
      const e = seededNormal(7 + s);
      const n = 72;
      const h = 8;
      const y = new Float64Array(n + h);
      let level = 100;
      const slope = 0.3 * e();
      for (let t = 0; t < n + h; t++) {
        level += slope + e();
        y[t] = level + 3 * Math.sin((2 * Math.PI * t) / 12) + 2 * e();
      }
      const f = forecastSeries(y.subarray(0, n), { horizon: h, period: 12 });
      for (let k = 0; k < h; k++) {
        const actual = y[n + k];
        total++;
        if (actual >= f.lower[0][k] && actual <= f.upper[0][k]) in80++;
        if (actual >= f.lower[1][k] && actual <= f.upper[1][k]) in95++;
      }
    }
    expect(in95 / total).toBeGreaterThan(0.85);
    expect(in95 / total).toBeLessThan(0.99);
    expect(in80 / total).toBeGreaterThan(0.65);
    expect(in80 / total).toBeLessThan(0.92);
  });

  it("returns finite forecasts with ordered bounds for arbitrary finite series (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), (values, h) => {
        const f = forecastSeries(values, { horizon: h, backtestWindows: 2 });
        expect(f.mean).toHaveLength(h);
        for (let k = 0; k < h; k++) {
          expect(Number.isFinite(f.mean[k])).toBe(true);
          expect(f.lower[0][k]).toBeLessThanOrEqual(f.upper[0][k]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("named methods, validation and the plugin registry", () => {
  it("reports per-series problems: non-numeric values, too short for the method, bad horizon", () => {
    expect(validateSeries([1, Number.NaN, 3], { horizon: 2 })).toEqual({ field: "values[1]", message: "value null is not a finite number" });
    expect(validateSeries([1, 2], { horizon: 2, method: "damped" })?.field).toBe("values");
    expect(validateSeries([1, 2, 3], { horizon: 0 })?.field).toBe("horizon");
    expect(validateSeries([1, 2, 3], { horizon: 1, method: "nope" })?.field).toBe("method");
  });

  it("runs a named method with its backtest accuracy", () => {
    const f = forecastSeries(seasonal, { horizon: 12, period: 12, method: "theta", backtestWindows: 2 });
    expect(f.method).toBe("theta");
    expect(f.backtest?.windows).toBe(2);
    expect(f.backtest?.smape).toBeLessThan(10);
    expect(Object.keys(f.backtest!.coverage)).toEqual(["80", "95"]);
  });

  it("accepts a plugged-in model by name and in the automatic pool", () => {
    const constant: ForecastModel = {
      name: "constant42",
      minLength: () => 1,
      forecast: (y, h) => ({ mean: new Float64Array(h).fill(42), sd: new Float64Array(h).fill(1), fitted: new Float64Array(y.length).fill(42) }),
    };
    const registry = createModelRegistry([constant]);
    expect([...forecastSeries([1, 2, 3], { horizon: 2, method: "constant42", registry, backtestWindows: 0 }).mean]).toEqual([42, 42]);
    // A series near 42: the plug-in beats naive and drift in the backtest and is selected alone.
    const y = Array.from({ length: 30 }, (_, t) => 42 + (t % 2 === 0 ? 1 : -1));
    const f = forecastSeries(y, { horizon: 3, registry, pool: ["constant42", "naive", "drift"], combine: 1 });
    expect(f.members).toEqual(["constant42"]);
    expect([...f.mean]).toEqual([42, 42, 42]);
  });
});

describe("external (precomputed) models", () => {
  it("replays an external service's forecasts for the full series and each backtest prefix", async () => {
    const { precomputedModel, externalForecast, backtestOrigins } = await import("../../../src/server/engine/forecast/index.ts");
    const y = Array.from({ length: 24 }, (_, t) => 10 + t);
    // The "service" forecasts a perfect continuation of the line for every requested prefix.
    const answers = new Map<number, ReturnType<typeof externalForecast>>();
    for (const n of [24, ...backtestOrigins(24, 4, 3, 4, 2)]) {
      const mean = Array.from({ length: 4 }, (_, k) => 10 + n + k);
      answers.set(n, externalForecast({ id: "s", mean, lower: { "80": mean.map((v) => v - 1) }, upper: { "80": mean.map((v) => v + 1) } }, [80], n));
    }
    const registry = createModelRegistry([precomputedModel("external", answers)]);
    const f = forecastSeries(y, { horizon: 4, registry, pool: ["external", "naive"], combine: 1, levels: [80] });
    expect(f.members).toEqual(["external"]);
    expect([...f.mean]).toEqual([34, 35, 36, 37]);
    expect([...f.lower[0]]).toEqual([33, 34, 35, 36]);
    expect(f.backtest?.mae).toBe(0);
  });
});
