import { describe, expect, it } from "vitest";
import {
  autoEts,
  etsForecast,
  etsLogLikelihood,
  etsOneStep,
  etsPointForecast,
  fitEts,
  type EtsFit,
  type EtsSpec,
} from "../../../src/server/engine/forecast/ets.ts";
import { seededNormal } from "../../../src/server/engine/forecast/stats.ts";

const ANN: EtsSpec = { error: "A", trend: "N", season: "N" };
const MNN: EtsSpec = { error: "M", trend: "N", season: "N" };
const AAN: EtsSpec = { error: "A", trend: "A", season: "N" };
const noSeason = new Float64Array(1);

describe("exponential smoothing recursions (hand computed)", () => {
  it("SES: ℓ_t = ℓ_{t−1} + α(y_t − ℓ_{t−1}) on 3, 5, 4 with α = ½, ℓ0 = 2", () => {
    // ŷ = 2, 2.5, 3.75; ℓ3 = 3.875.
    const r = etsOneStep(Float64Array.from([3, 5, 4]), ANN, 1, { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, { level: 2, trend: 0, season: noSeason });
    expect([...r.fitted]).toEqual([2, 2.5, 3.75]);
    expect(r.level).toBeCloseTo(3.875, 12);
  });

  it("Holt: α = ½, β* = 0.4 (ETS β = αβ* = 0.2), ℓ0 = 9, b0 = 1 on 10, 12, 15", () => {
    // Component form (fpp3 §8.2): ℓ = αy + (1−α)(ℓ+b), b = β*(ℓ−ℓ_prev) + (1−β*)b.
    // ŷ = 10, 11, 12.7; ℓ3 = 13.85, b3 = 1.66 → forecasts 15.51, 17.17.
    const r = etsOneStep(Float64Array.from([10, 12, 15]), AAN, 1, { alpha: 0.5, beta: 0.2, gamma: 0, phi: 1 }, { level: 9, trend: 1, season: noSeason });
    expect(r.fitted[0]).toBeCloseTo(10, 12);
    expect(r.fitted[1]).toBeCloseTo(11, 12);
    expect(r.fitted[2]).toBeCloseTo(12.7, 12);
    expect(r.level).toBeCloseTo(13.85, 12);
    expect(r.trend).toBeCloseTo(1.66, 12);
    const fit = { spec: AAN, period: 1, params: { alpha: 0.5, beta: 0.2, gamma: 0, phi: 1 }, final: { level: r.level, trend: r.trend, season: noSeason }, n: 3 } as unknown as EtsFit;
    const f = etsPointForecast(fit, 2);
    expect(f[0]).toBeCloseTo(15.51, 12);
    expect(f[1]).toBeCloseTo(17.17, 12);
  });

  it("damped trend forecasts ℓ + (φ + φ² + … + φ^h)·b", () => {
    const spec: EtsSpec = { error: "A", trend: "Ad", season: "N" };
    const fit = { spec, period: 1, params: { alpha: 0.5, beta: 0.1, gamma: 0, phi: 0.9 }, final: { level: 100, trend: 10, season: noSeason }, n: 5 } as unknown as EtsFit;
    const f = etsPointForecast(fit, 3);
    expect(f[0]).toBeCloseTo(109, 12);
    expect(f[1]).toBeCloseTo(100 + 10 * (0.9 + 0.81), 12);
    expect(f[2]).toBeCloseTo(100 + 10 * (0.9 + 0.81 + 0.729), 12);
  });

  it("additive seasonal point forecasts cycle through the final seasonal states", () => {
    const spec: EtsSpec = { error: "A", trend: "N", season: "A" };
    // n = 8, m = 4: step k uses the state of position (n + k − 1) mod 4.
    const fit = { spec, period: 4, params: { alpha: 0.3, beta: 0, gamma: 0.1, phi: 1 }, final: { level: 50, trend: 0, season: Float64Array.from([1, 2, 3, 4]) }, n: 8 } as unknown as EtsFit;
    expect([...etsPointForecast(fit, 5)]).toEqual([51, 52, 53, 54, 51]);
  });
});

describe("ETS likelihood (Hyndman et al. 2008, eq. 5.3–5.4)", () => {
  const y = Float64Array.from([3, 5, 4]);
  const params = { alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
  const initial = { level: 2, trend: 0, season: noSeason };

  it("additive errors: log L = −n/2·(log(2πσ̂²) + 1), σ̂² = Σe²/n", () => {
    const sse = 1 + 2.5 ** 2 + 0.25 ** 2; // errors 1, 2.5, 0.25
    const expected = -1.5 * (Math.log((2 * Math.PI * sse) / 3) + 1);
    expect(etsLogLikelihood(y, ANN, 1, params, initial)).toBeCloseTo(expected, 12);
  });

  it("multiplicative errors add −Σ log|ŷ_t| and use relative errors", () => {
    const e = [1 / 2, 2.5 / 2.5, 0.25 / 3.75];
    const sse = e.reduce((s, v) => s + v * v, 0);
    const expected = -1.5 * (Math.log((2 * Math.PI * sse) / 3) + 1) - (Math.log(2) + Math.log(2.5) + Math.log(3.75));
    expect(etsLogLikelihood(y, MNN, 1, params, initial)).toBeCloseTo(expected, 12);
  });
});

describe("maximum-likelihood fitting and AICc selection", () => {
  const normal = seededNormal(42);
  const series = Float64Array.from({ length: 60 }, (_, t) => 50 + 5 * Math.sin(t / 5) + 2 * normal());

  it("SES fit reaches the likelihood maximum found by an exhaustive search over α and ℓ0", () => {
    const fit = fitEts(series, ANN, 1)!;
    const sseAt = (alpha: number, level0: number) => {
      let l = level0;
      let s = 0;
      for (const v of series) {
        s += (v - l) ** 2;
        l += alpha * (v - l);
      }
      return s;
    };
    let bestSse = Infinity;
    for (let alpha = 0.001; alpha < 1; alpha += 0.001) {
      // SSE is quadratic in ℓ0: locate its vertex from three evaluations.
      const s0 = sseAt(alpha, 0);
      const s1 = sseAt(alpha, 1);
      const s2 = sseAt(alpha, 2);
      const a = (s2 - 2 * s1 + s0) / 2;
      const b = s1 - s0 - a;
      const l0 = -b / (2 * a);
      bestSse = Math.min(bestSse, sseAt(alpha, l0));
    }
    const bestLogLik = -30 * (Math.log((2 * Math.PI * bestSse) / 60) + 1);
    expect(fit.logLik).toBeGreaterThanOrEqual(bestLogLik - 1e-3);
  });

  it("AICc = −2 log L + 2k + 2k(k+1)/(n−k−1) with k counting σ², and autoEts returns the minimum", () => {
    const fit = fitEts(series, ANN, 1)!;
    const k = 3; // α, ℓ0, σ²
    expect(fit.aicc).toBeCloseTo(-2 * fit.logLik + 2 * k + (2 * k * (k + 1)) / (60 - k - 1), 9);
    const best = autoEts(series, 1)!;
    for (const error of ["A", "M"] as const)
      for (const trend of ["N", "A", "Ad"] as const) {
        const other = fitEts(series, { error, trend, season: "N" }, 1);
        if (other) expect(best.aicc).toBeLessThanOrEqual(other.aicc + 1e-9);
      }
  });

  it("picks a trend model for a strongly trending series and a seasonal one for seasonal data", () => {
    const trending = Float64Array.from({ length: 40 }, (_, t) => 10 + 3 * t + 0.5 * normal());
    expect(autoEts(trending, 1)!.spec.trend).not.toBe("N");
    const seasonal = Float64Array.from({ length: 72 }, (_, t) => 100 + 20 * [1, -1, 0.5, -0.5, 2, -2, 0, 0, 1, -1, 0.3, -0.3][t % 12] + normal());
    expect(autoEts(seasonal, 12)!.spec.season).not.toBe("N");
  });

  it("class-1 interval variance: σ²(1 + (h−1)α²) for SES", () => {
    const fit = fitEts(series, ANN, 1)!;
    const f = etsForecast(fit, 4, [95]);
    for (let h = 1; h <= 4; h++) expect(f.sd[h - 1] ** 2).toBeCloseTo(fit.sigma2 * (1 + (h - 1) * fit.params.alpha ** 2), 9);
  });

  it("multiplicative models get simulated intervals that contain the point forecast", () => {
    const positive = Float64Array.from(series, (v) => Math.abs(v) + 1);
    const fit = fitEts(positive, MNN, 1)!;
    const f = etsForecast(fit, 6, [80, 95]);
    expect(f.lower).toHaveLength(2);
    for (let k = 0; k < 6; k++) {
      expect(f.lower![1][k]).toBeLessThan(f.lower![0][k]);
      expect(f.lower![0][k]).toBeLessThan(f.mean[k]);
      expect(f.upper![0][k]).toBeGreaterThan(f.mean[k]);
      expect(f.upper![1][k]).toBeGreaterThan(f.upper![0][k]);
    }
  });
});
