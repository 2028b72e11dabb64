import { describe, expect, it } from "vitest";
import { thetaClassicForecast, thetaModelForecast } from "../../../src/server/engine/forecast/theta.ts";
import { adidaForecast, crostonForecast, demandProfile, sbaForecast, tsbForecast } from "../../../src/server/engine/forecast/intermittent.ts";
import { linearTrend, seededNormal } from "../../../src/server/engine/forecast/stats.ts";

const normal = seededNormal(7);
const trending = Float64Array.from({ length: 40 }, (_, t) => 20 + 1.5 * t + 3 * normal());

describe("Theta", () => {
  it("standard Theta forecasts rise by half the regression slope per step (Hyndman & Billah 2003)", () => {
    const { slope } = linearTrend(trending);
    const f = thetaClassicForecast(trending, 5);
    for (let k = 1; k < 5; k++) expect(f.mean[k] - f.mean[k - 1]).toBeCloseTo(slope / 2, 9);
  });

  it("the static θ = 2 state-space model has the same drift b/2; optimised θ gives drift (1 − 1/θ)·b", () => {
    const { slope } = linearTrend(trending);
    const stm = thetaModelForecast(trending, 4, { optimiseTheta: false, dynamic: false });
    for (let k = 1; k < 4; k++) expect(stm.mean[k] - stm.mean[k - 1]).toBeCloseTo(slope / 2, 9);
    const otm = thetaModelForecast(trending, 4, { optimiseTheta: true, dynamic: false });
    const theta = Number(/theta=([^)]+)/.exec(otm.spec!)![1]);
    expect(theta).toBeGreaterThanOrEqual(1);
    expect(otm.mean[2] - otm.mean[1]).toBeCloseTo((1 - 1 / theta) * slope, 2);
  });

  it("the dynamic model's trend line uses every observation: on an exact line it forecasts the line", () => {
    const line = Float64Array.from({ length: 30 }, (_, t) => 5 + 2 * (t + 1));
    const f = thetaModelForecast(line, 3, { optimiseTheta: true, dynamic: true });
    // Exact linear data: θ → large or α → 1 both reproduce the line; the one-step error is ~0.
    for (let k = 0; k < 3; k++) expect(f.mean[k]).toBeCloseTo(5 + 2 * (31 + k), 1);
  });
});

describe("intermittent demand", () => {
  const demand = Float64Array.from([0, 0, 5, 0, 3, 0, 0, 0, 4, 0]);

  it("Croston with α = 0.1 (hand computed): sizes 5 → 4.8 → 4.72, intervals 3 → 2.9 → 3.01", () => {
    const f = crostonForecast(demand, 3, { alpha: 0.1 });
    expect(f.mean[0]).toBeCloseTo(4.72 / 3.01, 12);
    expect(f.mean[2]).toBeCloseTo(4.72 / 3.01, 12);
    expect(f.fitted[3]).toBeCloseTo(5 / 3, 12);
    expect(f.fitted[5]).toBeCloseTo(4.8 / 2.9, 12);
    expect(f.fitted[1]).toBeNaN();
  });

  it("SBA is Croston × (1 − α/2)", () => {
    expect(sbaForecast(demand, 1, { alpha: 0.1 }).mean[0]).toBeCloseTo(0.95 * (4.72 / 3.01), 12);
  });

  it("TSB with α = 0.1, β = 0.2 on 0, 4, 0, 0, 2 (hand computed) forecasts 0.433472 × 2.99", () => {
    const f = tsbForecast(Float64Array.from([0, 4, 0, 0, 2]), 2, { alpha: 0.1, beta: 0.2 });
    expect(f.mean[0]).toBeCloseTo(0.433472 * 2.99, 10);
    expect(f.fitted[0]).toBeCloseTo(0.4 * 3, 12);
  });

  it("ADIDA aggregates into buckets of the mean interval and spreads the bucket forecast evenly", () => {
    // ADI = 12 / 4 = 3; every bucket of 3 holds exactly 3 → SES level 3 → 1 per period.
    const f = adidaForecast(Float64Array.from([0, 3, 0, 3, 0, 0, 0, 0, 3, 0, 3, 0]), 4);
    expect(f.spec).toBe("ADIDA(k=3)");
    for (const v of f.mean) expect(v).toBeCloseTo(1, 6);
  });

  it("classifies demand with the Syntetos–Boylan cut-offs ADI 1.32 and CV² 0.49", () => {
    const intermittent = demandProfile([0, 2, 0, 0, 4, 0, 0, 6, 0]);
    expect(intermittent.adi).toBe(3);
    expect(intermittent.cv2).toBeCloseTo(0.25, 12); // sizes 2, 4, 6: s² = 4, mean 4
    expect(intermittent.demandClass).toBe("intermittent");
    expect(demandProfile([1, 10, 1, 10]).cv2).toBeCloseTo(27 / 30.25, 12);
    expect(demandProfile([1, 10, 1, 10]).demandClass).toBe("erratic");
    expect(demandProfile([10, 11, 10, 11]).demandClass).toBe("smooth");
    expect(demandProfile([0, 0, 1, 0, 0, 20, 0, 0, 1]).demandClass).toBe("lumpy");
  });
});
