import { describe, expect, it } from "vitest";
import { arimaFastForecast, arimaForecast, autoArima, difference, FAST_ARIMA_HISTORY, fitArima, kpssStatistic, ndiffs, type ArimaFit } from "../../../src/server/engine/forecast/arima.ts";
import { driftForecast } from "../../../src/server/engine/forecast/benchmarks.ts";
import { mstl, mstlForecast, stl } from "../../../src/server/engine/forecast/mstl.ts";
import { globalRidgeModel, trainGlobalRidge } from "../../../src/server/engine/forecast/ml.ts";
import { createModelRegistry, defaultRegistry, forecastSeries, restoreTrainedModels, trainedModelStates, trainGlobalModels } from "../../../src/server/engine/forecast/index.ts";
import { smape } from "../../../src/server/engine/forecast/metrics.ts";
import { seededNormal } from "../../../src/server/engine/forecast/stats.ts";

describe("ARIMA building blocks", () => {
  it("differences at lag 1 and lag m", () => {
    expect([...difference([1, 4, 9, 16, 25], 1, 0, 1)]).toEqual([3, 5, 7, 9]);
    expect([...difference([1, 4, 9, 16, 25], 2, 0, 1)]).toEqual([2, 2, 2]);
    expect([...difference([1, 2, 3, 5, 6, 7], 0, 1, 3)]).toEqual([4, 4, 4]);
  });

  it("KPSS statistic by hand: x = 1, 2, 3, 4 with no lags gives ΣS²/(n²·γ0/n) = 8.5/20", () => {
    // Deviations −1.5, −0.5, 0.5, 1.5; partial sums −1.5, −2, −1.5, 0.
    expect(kpssStatistic([1, 2, 3, 4], 0)).toBeCloseTo(8.5 / 20, 12);
  });

  it("ndiffs: white noise 0, random walk 1, integrated random walk 2", () => {
    const e = seededNormal(11);
    const noise = Array.from({ length: 300 }, () => e());
    const walk: number[] = [];
    noise.reduce((s, v) => (walk.push(s + v), s + v), 0);
    const walk2: number[] = [];
    walk.reduce((s, v) => (walk2.push(s + v), s + v), 0);
    expect(ndiffs(noise)).toBe(0);
    expect(ndiffs(walk)).toBe(1);
    expect(ndiffs(walk2)).toBe(2);
  });
});

describe("ARIMA estimation and forecasting", () => {
  it("ARIMA(0,1,0) with drift forecasts exactly like the drift method (μ̂ = mean difference)", () => {
    const y = Float64Array.from([10, 12, 11, 15, 16, 18, 17, 21, 22, 25]);
    const fit = fitArima(y, { p: 0, d: 1, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true })!;
    const f = arimaForecast(y, fit, 3);
    const drift = driftForecast(y, 3);
    for (let k = 0; k < 3; k++) expect(f.mean[k]).toBeCloseTo(drift.mean[k], 3);
  });

  it("recovers φ = 0.7 of a long AR(1) and forecasts μ + φ^h(y_n − μ)", () => {
    const e = seededNormal(3);
    const y = new Float64Array(2000);
    for (let t = 1; t < y.length; t++) y[t] = 0.7 * y[t - 1] + e();
    const fit = fitArima(y, { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true })!;
    expect(fit.ar[0]).toBeGreaterThan(0.65);
    expect(fit.ar[0]).toBeLessThan(0.75);
    expect(Math.abs(fit.mu)).toBeLessThan(0.2);
    const f = arimaForecast(y, fit, 3);
    for (let h = 1; h <= 3; h++) expect(f.mean[h - 1]).toBeCloseTo(fit.mu + fit.ar[0] ** h * (y[1999] - fit.mu), 9);
  });

  it("ψ-weight variance of ARIMA(0,1,1): σ²(1 + (h−1)(1+θ)²)", () => {
    const y = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const fit: ArimaFit = {
      order: { p: 0, d: 1, q: 1, P: 0, D: 0, Q: 0, m: 1, constant: false },
      ar: new Float64Array(0),
      ma: Float64Array.from([-0.4]),
      sar: new Float64Array(0),
      sma: new Float64Array(0),
      mu: 0,
      sigma2: 2,
      aicc: 0,
      residuals: new Float64Array(5),
      differenced: difference(y, 1, 0, 1),
    };
    const f = arimaForecast(y, fit, 4);
    for (let h = 1; h <= 4; h++) expect(f.sd[h - 1] ** 2).toBeCloseTo(2 * (1 + (h - 1) * 0.6 ** 2), 12);
    expect([...f.mean]).toEqual([6, 6, 6, 6]); // zero residuals: the forecast stays at the last value
  });

  it("automatic selection differences a trending series and models the seasonality of monthly data", () => {
    const e = seededNormal(8);
    const shape = [5, 3, 0, -2, -4, -6, -5, -2, 0, 2, 4, 5];
    const y = Float64Array.from({ length: 120 }, (_, t) => 100 + 0.8 * t + 3 * shape[t % 12] + e());
    const fit = autoArima(y, 12)!;
    expect(fit.order.d + fit.order.D).toBeGreaterThanOrEqual(1);
    expect(fit.order.D + fit.order.P + fit.order.Q).toBeGreaterThanOrEqual(1);
    const train = y.subarray(0, 108);
    const f = arimaForecast(train, autoArima(train, 12)!, 12);
    expect(smape(y.subarray(108), f.mean)).toBeLessThan(3);
  });
});

describe("fast ARIMA for the selector's pool", () => {
  it("fits the recent history only, by CSS, and still recovers an AR(1) with its mean", () => {
    const e = seededNormal(5);
    const y = new Float64Array(400);
    y[0] = 50;
    for (let t = 1; t < y.length; t++) y[t] = 50 + 0.6 * (y[t - 1] - 50) + e();
    // CSS and exact likelihood agree closely on a long AR(1).
    const css = autoArima(y, 1, { approximation: true, refit: false })!;
    const exact = autoArima(y, 1)!;
    expect(css.order.d).toBe(0);
    expect(Math.abs(css.mu - exact.mu)).toBeLessThan(0.5);
    const f = arimaFastForecast(y, 5, { period: 1, levels: [] });
    expect(f.fitted).toHaveLength(400);
    expect(Number.isNaN(f.fitted[400 - FAST_ARIMA_HISTORY - 1])).toBe(true);
    expect(Number.isFinite(f.fitted[399])).toBe(true);
    // Mean-reverting forecast: from the last value towards ≈ 50.
    expect(Math.abs(f.mean[4] - 50)).toBeLessThan(Math.abs(y[399] - 50) + 1);
    expect(Math.abs(f.mean[4] - 50)).toBeLessThan(3);
  });
});

describe("STL and MSTL", () => {
  it("STL separates a linear trend from an exact seasonal pattern", () => {
    const pattern = [3, -1, -4, 2];
    const y = Array.from({ length: 48 }, (_, t) => 10 + 0.5 * t + pattern[t % 4]);
    const { trend, seasonal } = stl(y, 4);
    for (let t = 8; t < 40; t++) {
      expect(seasonal[t]).toBeCloseTo(pattern[t % 4], 1);
      expect(trend[t]).toBeCloseTo(10 + 0.5 * t, 1);
    }
  });

  it("MSTL recovers two seasonal cycles (7 and 30) and forecasts their continuation", () => {
    const weekly = [4, 2, 0, -1, -2, -3, 0];
    const y = Float64Array.from({ length: 240 }, (_, t) => 200 + weekly[t % 7] + 8 * Math.sin((2 * Math.PI * t) / 30));
    const dec = mstl(y.subarray(0, 210), [7, 30]);
    expect(dec.periods).toEqual([7, 30]);
    for (let t = 60; t < 150; t++) expect(dec.seasonals[0][t]).toBeCloseTo(weekly[t % 7], 0);
    const f = mstlForecast(y.subarray(0, 210), 30, { period: 7, levels: [], seasonalPeriods: [7, 30] });
    expect(smape(y.subarray(210), f.mean)).toBeLessThan(1);
  });
});

describe("global ridge model through the plugin interface", () => {
  it("learns y_t = 2y_{t−1} − y_{t−2} from straight lines and extends an unseen line exactly", () => {
    const lines = Array.from({ length: 12 }, (_, i) => Array.from({ length: 30 }, (_, t) => 50 + 10 * i + (i + 1) * 0.7 * t));
    const weights = trainGlobalRidge(lines, { lags: 2, lambda: 1e-9 });
    // Features are scaled by the mean of the two lags, so x1 + x2 = 2 and the intercept is collinear
    // with them; every solution satisfies c0 + c1·x1 + c2·(2 − x1) = 2x1 − (2 − x1), i.e.
    // c1 − c2 = 3 and c0 + 2c2 = −2.
    const [c0, c1, c2] = weights.coefficients;
    expect(c1 - c2).toBeCloseTo(3, 4);
    expect(c0 + 2 * c2).toBeCloseTo(-2, 4);
    const registry = createModelRegistry([globalRidgeModel(weights)]);
    const unseen = Array.from({ length: 20 }, (_, t) => 300 + 4 * t);
    const f = forecastSeries(unseen, { horizon: 5, method: "ridge-global", registry, backtestWindows: 2 });
    for (let k = 0; k < 5; k++) expect(f.mean[k]).toBeCloseTo(300 + 4 * (20 + k), 3);
    expect(f.backtest?.mae).toBeLessThan(1e-3);
  });

  it("the built-in one, trained across series, is rebuilt exactly from its stored state (JSON round trip)", () => {
    const series = [12, 4].flatMap((period) =>
      Array.from({ length: 6 }, (_, i) => ({ period, values: Array.from({ length: 40 }, (_, t) => 20 + 5 * i + 8 * Math.sin((2 * Math.PI * t) / period) + ((t * 7 + i) % 5)) })));
    const trained = trainGlobalModels(series, { method: "ridge-global" });
    const restored = restoreTrainedModels(JSON.parse(JSON.stringify(trainedModelStates(trained))) as Record<string, unknown>);
    const y = Array.from({ length: 36 }, (_, t) => 30 + 8 * Math.sin((2 * Math.PI * t) / 12) + (t % 3));
    const request = { horizon: 6, method: "ridge-global", period: 12, backtestWindows: 0 };
    const a = forecastSeries(y, { ...request, registry: trained });
    const b = forecastSeries(y, { ...request, registry: restored });
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    expect(b.spec).toBe(a.spec);
    expect(a.spec).toMatch(/trained on 6 series/);
    // The untrained model learns from the one series instead: a different forecast.
    const alone = forecastSeries(y, { ...request, registry: defaultRegistry });
    expect(Array.from(alone.mean)).not.toEqual(Array.from(a.mean));
  });

  it("a stored state that is not one is refused, naming the model", () => {
    expect(() => restoreTrainedModels({ "ridge-global": { byPeriod: [{ period: 12, count: 1, lags: 13, weightsPeriod: 1, coefficients: [1, 2], scaledSigma: 0 }] } }))
      .toThrow(/ridge-global: the stored weights for period 12 are not valid/);
    expect(() => restoreTrainedModels({ ets: {} })).toThrow(/no global model named "ets"/);
  });
});
