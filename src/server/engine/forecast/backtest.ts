/**
 * Rolling-origin evaluation (Tashman 2000): the series is cut at several origins, the model is fitted
 * on everything before each origin and forecasts the next `horizon` values, and the errors over all
 * windows are summarised with the accuracy measures of `metrics.ts`.
 */
import { naive2Forecast } from "./benchmarks.ts";
import { accuracy, coverage, owa, type AccuracyMetrics } from "./metrics.ts";
import { zForLevel } from "./stats.ts";
import type { ForecastModel, ModelForecast } from "./types.ts";

export interface BacktestOptions {
  readonly horizon: number;
  /** Number of forecast origins (windows); the last window ends at the last observation. */
  readonly windows: number;
  readonly period: number;
  /** Distance between consecutive origins; default `horizon` (non-overlapping test windows). */
  readonly step?: number;
  /** Interval levels whose empirical coverage is measured; empty skips intervals. */
  readonly levels?: readonly number[];
  /** Period of the MASE scale; defaults to `period`. */
  readonly masePeriod?: number;
}

/** Accuracy of one model over all backtest windows (each measure averaged over windows). */
export interface BacktestSummary extends AccuracyMetrics {
  /** Windows actually evaluated (fewer than asked when the series is short). */
  readonly windows: number;
  readonly horizon: number;
  /** OWA against Naive2 in the same windows (M4 definition); NaN when Naive2's errors are 0. */
  readonly owa: number;
  /** Empirical interval coverage (0–1) per level, keyed by the level as a string ("80", "95"). */
  readonly coverage: Readonly<Record<string, number>>;
}

/** Origins (indices of the first held-out value) for the windows, oldest first; empty when too short. */
export function backtestOrigins(n: number, horizon: number, windows: number, step: number, minTrain: number): number[] {
  const origins: number[] = [];
  for (let w = windows - 1; w >= 0; w--) {
    const origin = n - horizon - w * step;
    if (origin >= minTrain) origins.push(origin);
  }
  return origins;
}

/** Intervals of a forecast at the given levels: explicit bounds when the model gave them, else mean ± z·sd. */
export function intervalsOf(f: ModelForecast, levels: readonly number[]): { lower: Float64Array[]; upper: Float64Array[] } {
  if (f.lower && f.upper && f.lower.length === levels.length) return { lower: [...f.lower], upper: [...f.upper] };
  const lower = levels.map(() => new Float64Array(f.mean.length));
  const upper = levels.map(() => new Float64Array(f.mean.length));
  levels.forEach((level, i) => {
    const z = zForLevel(level);
    for (let k = 0; k < f.mean.length; k++) {
      const half = Number.isFinite(f.sd[k]) ? z * f.sd[k] : NaN;
      lower[i][k] = f.mean[k] - half;
      upper[i][k] = f.mean[k] + half;
    }
  });
  return { lower, upper };
}

/**
 * Rolling-origin backtest of one model. Throws only if the series is too short for a single window;
 * a window whose fit fails counts as a naive forecast so one bad origin does not hide the rest.
 */
export function backtest(y: Float64Array, model: ForecastModel, options: BacktestOptions): BacktestSummary {
  const { horizon, period } = options;
  const levels = options.levels ?? [];
  const step = options.step ?? horizon;
  const masePeriod = options.masePeriod ?? period;
  const origins = backtestOrigins(y.length, horizon, options.windows, step, Math.max(model.minLength(period), 2));
  if (origins.length === 0) throw new Error(`series too short to backtest ${model.name} with horizon ${horizon}`);
  const sums: AccuracyMetrics = { mae: 0, rmse: 0, mape: 0, smape: 0, mase: 0, wape: 0, bias: 0 };
  const cover = levels.map(() => 0);
  let naiveSmape = 0;
  let naiveMase = 0;
  for (const origin of origins) {
    const train = y.subarray(0, origin);
    const actual = y.subarray(origin, Math.min(origin + horizon, y.length));
    let f: ModelForecast;
    try {
      f = model.forecast(train, horizon, { period, levels });
    } catch {
      f = naive2Forecast(train, horizon, { period: 1 });
    }
    const a = accuracy(actual, f.mean, train, masePeriod);
    for (const key of Object.keys(sums) as (keyof AccuracyMetrics)[]) sums[key] += Number.isFinite(a[key]) ? a[key] : 0;
    if (levels.length) {
      const { lower, upper } = intervalsOf(f, levels);
      levels.forEach((_, i) => (cover[i] += coverage(actual, lower[i], upper[i])));
    }
    const n2 = accuracy(actual, naive2Forecast(train, horizon, { period }).mean, train, masePeriod);
    naiveSmape += n2.smape;
    naiveMase += n2.mase;
  }
  const w = origins.length;
  const mean = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / w])) as unknown as AccuracyMetrics;
  return {
    ...mean,
    windows: w,
    horizon,
    owa: owa(mean.smape, mean.mase, naiveSmape / w, naiveMase / w),
    coverage: Object.fromEntries(levels.map((level, i) => [String(level), cover[i] / w])),
  };
}
