/**
 * A global machine-learning model plugged in through the `ForecastModel` interface: ridge regression
 * on lagged values (scaled per window by the window's mean absolute level, so one set of weights fits
 * series of any magnitude) plus cycle-position features, trained across many series at once and
 * forecasting recursively. It illustrates the plugin path — train once with `trainGlobalRidge`, wrap
 * with `globalRidgeModel`, register with `createModelRegistry([...])` — and is a fair "global model"
 * baseline in the spirit of the M4/M5 winners' cross-learning.
 */
import type { ForecastModel, ModelForecast } from "./types.ts";

export interface GlobalRidgeOptions {
  /** Number of lagged values used as features. Default 12. */
  readonly lags?: number;
  /** Seasonal period for the sin/cos cycle-position features; 1 disables them. Default 1. */
  readonly period?: number;
  /** Ridge penalty on the (scaled) coefficients, not on the intercept. Default 1. */
  readonly lambda?: number;
  /** Most recent training windows taken from each series (keeps long series from dominating). Default 200. */
  readonly windowsPerSeries?: number;
}

/** Trained weights; plain data so they can be stored or sent to a worker. */
export interface GlobalRidgeWeights {
  readonly lags: number;
  readonly period: number;
  /** [intercept, lag 1 … lag L, sin, cos] (sin/cos present only when period > 1). */
  readonly coefficients: Float64Array;
  /** Root mean squared one-step error in scaled units on the training windows. */
  readonly scaledSigma: number;
}

function featureCount(lags: number, period: number): number {
  return 1 + lags + (period > 1 ? 2 : 0);
}

/** Writes the features of the window ending before index t into `out`; returns the window's scale. */
function features(y: ArrayLike<number>, t: number, lags: number, period: number, out: Float64Array): number {
  let scale = 0;
  for (let i = 1; i <= lags; i++) scale += Math.abs(y[t - i]);
  scale = scale / lags || 1;
  out[0] = 1;
  for (let i = 1; i <= lags; i++) out[i] = y[t - i] / scale;
  if (period > 1) {
    const angle = (2 * Math.PI * (t % period)) / period;
    out[lags + 1] = Math.sin(angle);
    out[lags + 2] = Math.cos(angle);
  }
  return scale;
}

/** Solves (A) x = b for symmetric positive-definite A by Cholesky, in place on copies. */
function solveSpd(A: Float64Array, b: Float64Array, k: number): Float64Array {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j];
      for (let p = 0; p < j; p++) s -= L[i * k + p] * L[j * k + p];
      L[i * k + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * k + j];
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= L[i * k + p] * z[p];
    z[i] = s / L[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i];
    for (let p = i + 1; p < k; p++) s -= L[p * k + i] * x[p];
    x[i] = s / L[i * k + i];
  }
  return x;
}

/** Fits the ridge weights on windows drawn from every series (each needs more than `lags` values). */
export function trainGlobalRidge(series: readonly ArrayLike<number>[], options: GlobalRidgeOptions = {}): GlobalRidgeWeights {
  const lags = options.lags ?? 12;
  const period = options.period ?? 1;
  const lambda = options.lambda ?? 1;
  const perSeries = options.windowsPerSeries ?? 200;
  const k = featureCount(lags, period);
  const xtx = new Float64Array(k * k);
  const xty = new Float64Array(k);
  const x = new Float64Array(k);
  let count = 0;
  for (const y of series) {
    const first = Math.max(lags, y.length - perSeries);
    for (let t = first; t < y.length; t++) {
      const scale = features(y, t, lags, period, x);
      const target = y[t] / scale;
      for (let i = 0; i < k; i++) {
        xty[i] += x[i] * target;
        for (let j = 0; j < k; j++) xtx[i * k + j] += x[i] * x[j];
      }
      count++;
    }
  }
  if (count === 0) throw new Error("no series long enough to train the global ridge model");
  for (let i = 1; i < k; i++) xtx[i * k + i] += lambda;
  const coefficients = solveSpd(xtx, xty, k);
  // Training error in scaled units, for the intervals.
  let sse = 0;
  for (const y of series) {
    const first = Math.max(lags, y.length - perSeries);
    for (let t = first; t < y.length; t++) {
      const scale = features(y, t, lags, period, x);
      let p = 0;
      for (let i = 0; i < k; i++) p += coefficients[i] * x[i];
      sse += (y[t] / scale - p) ** 2;
    }
  }
  return { lags, period, coefficients, scaledSigma: Math.sqrt(sse / count) };
}

/** Recursive multi-step forecast of one series with trained weights. */
export function globalRidgeForecast(y: Float64Array, horizon: number, weights: GlobalRidgeWeights): ModelForecast {
  const { lags, period, coefficients } = weights;
  const n = y.length;
  const k = featureCount(lags, period);
  const x = new Float64Array(k);
  const path = new Float64Array(n + horizon);
  path.set(y);
  const fitted = new Float64Array(n).fill(NaN);
  for (let t = lags; t < n; t++) {
    const scale = features(y, t, lags, period, x);
    let p = 0;
    for (let i = 0; i < k; i++) p += coefficients[i] * x[i];
    fitted[t] = p * scale;
  }
  const sd = new Float64Array(horizon);
  const lastScale = features(path, n, lags, period, x);
  for (let h = 0; h < horizon; h++) {
    const scale = features(path, n + h, lags, period, x);
    let p = 0;
    for (let i = 0; i < k; i++) p += coefficients[i] * x[i];
    path[n + h] = p * scale;
    // Errors compound roughly like a random walk's under recursion: σ·√h in the series' units.
    sd[h] = weights.scaledSigma * lastScale * Math.sqrt(h + 1);
  }
  return { mean: path.slice(n), sd, fitted, spec: `GlobalRidge(lags=${lags})` };
}

/** Wraps trained weights as a registrable model. */
export function globalRidgeModel(weights: GlobalRidgeWeights, name = "ridge-global"): ForecastModel {
  return {
    name,
    minLength: () => weights.lags + 1,
    forecast: (y, horizon) => globalRidgeForecast(y, horizon, weights),
  };
}
