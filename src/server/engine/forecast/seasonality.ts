/**
 * Seasonality detection and classical decomposition, as the M4 Competitor's Guide prescribes for its
 * benchmarks (Naive2, SES, Holt, Damped, Theta): test for seasonality with a 90% autocorrelation
 * test at lag m, estimate multiplicative seasonal indices by classical decomposition, forecast the
 * seasonally adjusted series and multiply the indices back.
 */
import { autocorrelations } from "./stats.ts";
import type { ModelForecast } from "./types.ts";

/** Calendar frequencies the engine recognises, with the seasonal period each implies. */
export type Frequency = "day" | "week" | "month" | "quarter" | "year";

/**
 * Seasonal period from a data frequency: 7 for daily (the weekly cycle dominates demand data), 52 for
 * weekly, 12, 4 and 1. A caller with other cycles passes the period explicitly.
 */
export function periodForFrequency(frequency: Frequency): number {
  switch (frequency) {
    case "day":
      return 7;
    case "week":
      return 52;
    case "month":
      return 12;
    case "quarter":
      return 4;
    case "year":
      return 1;
  }
}

/**
 * The M4 guide's seasonality test: seasonal when |r_m| > 1.645·√((1 + 2Σ_{k<m} r_k²)/n), i.e. the
 * lag-m autocorrelation is significant at 90% under Bartlett's variance. Requires n ≥ 3m, as the guide
 * does. (R's `acf` would stop at lag 10·log10 n; we compute lag m directly.)
 */
export function isSeasonal(y: ArrayLike<number>, period: number): boolean {
  const n = y.length;
  if (period <= 1 || n < 3 * period) return false;
  const r = autocorrelations(y, period);
  let sumSq = 0;
  for (let k = 0; k < period - 1; k++) sumSq += r[k] * r[k];
  const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(1 + 2 * sumSq);
  return Math.abs(r[period - 1]) > limit;
}

/**
 * Seasonal indices by classical decomposition (R's `decompose`): a centred moving average of order m
 * (2×m when m is even) estimates the trend, the ratios (or differences) y/trend are averaged by
 * position in the cycle, then normalised to mean 1 (or 0). `out[t mod m]` is the index of
 * observation t (t = 0 is the first observation).
 */
export function classicalSeasonalIndices(y: ArrayLike<number>, period: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const m = period;
  const sums = new Float64Array(m);
  const counts = new Int32Array(m);
  const half = m >> 1;
  // Prefix sums make the centred moving average O(n) whatever m is.
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + y[i];
  for (let t = half; t + half < n; t++) {
    const trend =
      m % 2 === 1
        ? (prefix[t + half + 1] - prefix[t - half]) / m
        : (prefix[t + half] - prefix[t - half + 1] + 0.5 * (y[t - half] + y[t + half])) / m;
    const ratio = multiplicative ? y[t] / trend : y[t] - trend;
    if (Number.isFinite(ratio)) {
      sums[t % m] += ratio;
      counts[t % m]++;
    }
  }
  const indices = new Float64Array(m);
  let total = 0;
  for (let p = 0; p < m; p++) {
    indices[p] = counts[p] > 0 ? sums[p] / counts[p] : multiplicative ? 1 : 0;
    total += indices[p];
  }
  const norm = total / m;
  for (let p = 0; p < m; p++) indices[p] = multiplicative ? indices[p] / norm : indices[p] - norm;
  return indices;
}

/** A seasonally adjusted series and the indices that restore its seasonality. */
export interface SeasonalAdjustment {
  readonly adjusted: Float64Array;
  /** Indices by cycle position, or null when the series was judged non-seasonal. */
  readonly indices: Float64Array | null;
  readonly multiplicative: boolean;
  readonly period: number;
}

/**
 * Seasonal adjustment used by Naive2 and the M4 benchmarks: multiplicative when every value is
 * positive (as in the guide), additive otherwise so series with zeros or negatives still work.
 */
export function seasonallyAdjust(y: Float64Array, period: number, test = true): SeasonalAdjustment {
  const n = y.length;
  if (period <= 1 || n < 2 * period + 1 || (test && !isSeasonal(y, period))) {
    return { adjusted: y, indices: null, multiplicative: true, period };
  }
  let positive = true;
  for (let i = 0; i < n; i++) if (!(y[i] > 0)) positive = false;
  const indices = classicalSeasonalIndices(y, period, positive);
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = positive ? y[t] / indices[t % period] : y[t] - indices[t % period];
  return { adjusted, indices, multiplicative: positive, period };
}

/**
 * Puts the seasonality back on a forecast of the adjusted series. Forecast step k (1-based) is
 * observation n−1+k, so its index is indices[(n−1+k) mod m]. Standard deviations scale with a
 * multiplicative index and are unchanged by an additive one.
 */
export function reseasonalize(forecast: ModelForecast, adjustment: SeasonalAdjustment, n: number): ModelForecast {
  const { indices, multiplicative, period } = adjustment;
  if (!indices) return forecast;
  const h = forecast.mean.length;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const s = indices[(n + k) % period];
    mean[k] = multiplicative ? forecast.mean[k] * s : forecast.mean[k] + s;
    sd[k] = multiplicative ? forecast.sd[k] * s : forecast.sd[k];
  }
  const fitted = new Float64Array(forecast.fitted.length);
  for (let t = 0; t < fitted.length; t++) {
    const s = indices[t % period];
    fitted[t] = multiplicative ? forecast.fitted[t] * s : forecast.fitted[t] + s;
  }
  const scaleBounds = (bounds: readonly Float64Array[] | undefined) =>
    bounds?.map((b) => b.map((v, k) => (multiplicative ? v * indices[(n + k) % period] : v + indices[(n + k) % period])));
  return {
    mean,
    sd,
    fitted,
    lower: scaleBounds(forecast.lower),
    upper: scaleBounds(forecast.upper),
    spec: forecast.spec,
  };
}
