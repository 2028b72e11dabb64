/**
 * Automatic method selection: rolling-origin backtest of a pool of candidate models, then the mean of
 * the k best (a combination chosen by backtest — combining the top few is markedly more robust than
 * picking the single best on a few noisy windows, as the M3/M4 evaluations in bench/eval-forecast.ts
 * show). Intermittent series (ADI ≥ 1.32, Syntetos–Boylan) get a pool of intermittent-demand methods
 * and are ranked by MASE alone, since percentage errors are undefined at zero demand.
 */
import { backtestOrigins, intervalsOf, type BacktestSummary } from "./backtest.ts";
import { naive2Forecast, naiveForecast } from "./benchmarks.ts";
import { ADI_CUTOFF, demandProfile, type DemandClass } from "./intermittent.ts";
import { accuracy, coverage, owa, type AccuracyMetrics } from "./metrics.ts";
import { zForLevel } from "./stats.ts";
import { combine } from "./models.ts";
import type { ForecastModel, ModelForecast } from "./types.ts";

/**
 * Candidates for regular (non-intermittent) series. "arima-fast" and the combination
 * "mean-ets-theta-arima" (whose ETS and ARIMA runs it shares with the other candidates) were added
 * after measuring auto (3 windows, mean of the top 4) on the sets of bench/eval-forecast.ts; the
 * first seven names were the pool before:
 *
 *   added to the first seven                 M3 yearly   M4 weekly        M3 quarterly  M4 weekly
 *                                            sMAPE       sMAPE / MASE     sMAPE         CPU ms/series
 *   nothing                                  16.047      6.629 / 2.239    9.285          4.3
 *   ets                                      16.057      6.604 / 2.194    9.283          8.6
 *   arima (full search, exact likelihood)    15.821      6.583 / 2.154    –            ~330
 *   arima-fast                               15.814      6.573 / 2.158    9.292          7.3
 *   mean-ets-theta-arima                     15.987      6.592 / 2.188    9.226         12.6
 *   arima-fast, mean-ets-theta-arima (this)  15.837      6.559 / 2.125    9.231         11.6
 *   ets, arima-fast, mean-ets-theta-arima    15.962      6.555 / 2.123    9.260         12.8
 *   arima-fast, median-ets-theta-arima       15.885      6.575 / 2.124    9.247         14.1
 *
 * These choices were made on the same data the evaluation reports, so its figures are in-sample for
 * them. `OPTIONAL_POOL` adds the candidates that did not earn a default place.
 */
export const DEFAULT_POOL: readonly string[] = ["naive", "drift", "ses", "damped", "comb", "theta", "dotm", "arima-fast", "mean-ets-theta-arima"];
/**
 * The default pool plus the candidates that did not earn a default place (slower, or not better on
 * the evaluation sets): ETS and full ARIMA on their own, the median combination. Pass as `pool`.
 */
export const OPTIONAL_POOL: readonly string[] = [...DEFAULT_POOL, "ets", "arima", "median-ets-theta-arima"];
/** Candidates for intermittent and lumpy series. */
export const INTERMITTENT_POOL: readonly string[] = ["croston", "sba", "tsb", "adida", "ses", "naive"];

/** One candidate's accuracy over the selection backtest. */
export interface CandidateScore {
  readonly method: string;
  /** Ranking score: mean relative error against Naive2 (OWA), or mean MASE for intermittent series. */
  readonly score: number;
  readonly backtest: BacktestSummary;
}

export interface AutoOptions {
  readonly horizon: number;
  readonly period: number;
  readonly levels: readonly number[];
  /** Rolling-origin windows for the selection backtest. */
  readonly windows: number;
  readonly registry: ReadonlyMap<string, ForecastModel>;
  /** Candidate model names; default by demand class (DEFAULT_POOL / INTERMITTENT_POOL). */
  readonly pool?: readonly string[];
  /** How many of the best candidates are averaged; 1 is pure selection. Default 4 (2 for intermittent). */
  readonly combine?: number;
  /**
   * Most recent observations used for fitting. Long histories carry structural breaks: on M4 weekly
   * fitting the last ~6 years instead of all (up to 2,600 weeks) cuts sMAPE by a tenth and the time by
   * two thirds. Default max(300, 6·period); a model with `history` (MSTL) may get more.
   */
  readonly maxHistory?: number;
  /** Several seasonal periods, passed to every candidate (used by "mstl"). */
  readonly seasonalPeriods?: readonly number[];
}

export interface AutoResult {
  /** "mean(a,b,…)" for a combination, or the single model's name. */
  readonly method: string;
  readonly members: readonly string[];
  readonly forecast: ModelForecast;
  /** Backtest accuracy of the chosen combination on the selection windows (optimistic: it was chosen on them). */
  readonly backtest: BacktestSummary | null;
  readonly candidates: readonly CandidateScore[];
  readonly demandClass: DemandClass;
}

interface WindowRun {
  readonly origin: number;
  readonly actual: Float64Array;
  readonly train: Float64Array;
  /** Naive2 sMAPE and MASE in this window (the OWA yardstick). */
  readonly naive2Smape: number;
  readonly naive2Mase: number;
}

const EMPTY_LEVELS: readonly number[] = [];

/** Summary of one (possibly combined) forecast over the windows. */
function summarise(
  windows: readonly WindowRun[],
  forecasts: readonly ModelForecast[],
  horizon: number,
  period: number,
  levels: readonly number[],
): BacktestSummary {
  const sums: AccuracyMetrics = { mae: 0, rmse: 0, mape: 0, smape: 0, mase: 0, wape: 0, bias: 0 };
  let n2s = 0;
  let n2m = 0;
  const cover = levels.map(() => 0);
  windows.forEach((w, i) => {
    const f = forecasts[i];
    const a = accuracy(w.actual, f.mean, w.train, period);
    for (const key of Object.keys(sums) as (keyof AccuracyMetrics)[]) sums[key] += Number.isFinite(a[key]) ? a[key] : 0;
    n2s += w.naive2Smape;
    n2m += w.naive2Mase;
    levels.forEach((level, j) => {
      const z = zForLevel(level);
      const lower = f.mean.map((m, k) => m - z * f.sd[k]);
      const upper = f.mean.map((m, k) => m + z * f.sd[k]);
      cover[j] += coverage(w.actual, lower, upper);
    });
  });
  const count = windows.length;
  const avg = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count])) as unknown as AccuracyMetrics;
  return {
    ...avg,
    windows: count,
    horizon,
    owa: owa(avg.smape, avg.mase, n2s / count, n2m / count),
    coverage: Object.fromEntries(levels.map((level, j) => [String(level), cover[j] / count])),
  };
}

/** Ratio guarded against a perfect (zero-error) reference. */
function relative(value: number, reference: number): number {
  if (!Number.isFinite(value)) return Infinity;
  return reference > 1e-12 ? value / reference : value > 1e-12 ? 10 : 1;
}

/** Mean of the members' forecasts; intervals are the mean of their bounds (quantile averaging). */
function combineForecasts(parts: readonly ModelForecast[], levels: readonly number[], spec: string): ModelForecast {
  if (parts.length === 1) return parts[0];
  const h = parts[0].mean.length;
  const n = parts[0].fitted.length;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  const fitted = new Float64Array(n);
  for (const p of parts) {
    for (let k = 0; k < h; k++) {
      mean[k] += p.mean[k] / parts.length;
      sd[k] += p.sd[k] / parts.length;
    }
    for (let t = 0; t < n; t++) fitted[t] += p.fitted[t] / parts.length;
  }
  if (levels.length === 0) return { mean, sd, fitted, spec };
  const lower = levels.map(() => new Float64Array(h));
  const upper = levels.map(() => new Float64Array(h));
  for (const p of parts) {
    const b = intervalsOf(p, levels);
    for (let j = 0; j < levels.length; j++) {
      for (let k = 0; k < h; k++) {
        lower[j][k] += b.lower[j][k] / parts.length;
        upper[j][k] += b.upper[j][k] / parts.length;
      }
    }
  }
  return { mean, sd, fitted, lower, upper, spec };
}

/** Pads fitted values of a truncated fit back to the full length with NaN. */
function padFitted(f: ModelForecast, fullLength: number): ModelForecast {
  if (f.fitted.length === fullLength) return f;
  const fitted = new Float64Array(fullLength).fill(NaN);
  fitted.set(f.fitted, fullLength - f.fitted.length);
  return { ...f, fitted };
}

/** Keeps forecasts and bounds of non-negative data non-negative (demand cannot go below zero). */
function clipAtZero(f: ModelForecast): ModelForecast {
  const clip = (a: Float64Array) => a.map((v) => (v < 0 ? 0 : v));
  return { ...f, mean: clip(f.mean), lower: f.lower?.map(clip), upper: f.upper?.map(clip) };
}

/** The member models of a combination candidate, or null for an ordinary model (or an unknown member). */
function membersOf(model: ForecastModel, registry: ReadonlyMap<string, ForecastModel>): ForecastModel[] | null {
  if (!model.combination) return null;
  const members = model.combination.members.map((name) => registry.get(name));
  return members.every((m): m is ForecastModel => m !== undefined && !m.combination) ? members : null;
}

/** Chooses and fits the forecast of one series. */
export function autoForecast(values: Float64Array, options: AutoOptions): AutoResult {
  const { horizon, period, registry, levels, seasonalPeriods } = options;
  const longest = Math.max(1, ...(seasonalPeriods ?? []));
  const maxHistory = options.maxHistory ?? Math.max(300, 6 * period);
  const y = values.length > maxHistory ? values.subarray(values.length - maxHistory) : values;
  const n = y.length;
  const offset = values.length - n;
  /**
   * Training data ending before `y[end]`: `y[0, end)`, or more of the history for a model that wants
   * it (`ForecastModel.history`, e.g. MSTL with a yearly cycle), as far as the series reaches.
   */
  const trainingOf = (model: ForecastModel, end: number): Float64Array => {
    const want = model.history?.({ period, levels: EMPTY_LEVELS, seasonalPeriods }) ?? 0;
    const start = Math.max(0, Math.min(offset, offset + end - want));
    return values.subarray(start, offset + end);
  };
  /** Fitted values of a fit on `trainingOf(model, end)` cut or padded to `length` (= end). */
  const alignFitted = (f: ModelForecast, length: number): ModelForecast =>
    f.fitted.length > length ? { ...f, fitted: f.fitted.subarray(f.fitted.length - length) } : padFitted(f, length);
  let nonNegative = true;
  let positive = true;
  for (let t = 0; t < n; t++) {
    if (y[t] < 0) nonNegative = false;
    if (!(y[t] > 0)) positive = false;
  }
  const profile = demandProfile(y);
  const intermittent = nonNegative && profile.adi >= ADI_CUTOFF && profile.nonZero >= 2;
  // Seasonal periods given explicitly: MSTL joins the regular pool.
  const poolNames = options.pool ?? (intermittent ? INTERMITTENT_POOL : longest > 1 ? [...DEFAULT_POOL, "mstl"] : DEFAULT_POOL);
  const pool = poolNames.map((name) => registry.get(name)).filter((m): m is ForecastModel => m !== undefined && m.minLength(period) <= n);
  const k = Math.max(1, options.combine ?? (intermittent ? 2 : 4));
  const finalise = (f: ModelForecast) => (nonNegative ? clipAtZero(padFitted(f, values.length)) : padFitted(f, values.length));

  // Backtest windows: each training sample must suit every candidate and keep ≥ 2 points beyond it.
  const minTrain = Math.max(4, ...pool.map((m) => m.minLength(period)));
  const origins = backtestOrigins(n, horizon, options.windows, horizon, minTrain);
  // Very short series: fall back to as many windows as fit with a shorter step, else no backtest.
  if (origins.length === 0 && n - 1 >= minTrain) origins.push(n - Math.min(horizon, n - minTrain));

  if (origins.length === 0 || pool.length === 0) {
    // Too short to backtest anything: SES if it can be fitted, else naive.
    let name = "ses";
    let f: ModelForecast;
    try {
      f = registry.get("ses")!.forecast(y, horizon, { period, levels });
    } catch {
      name = "naive";
      f = naiveForecast(y, horizon);
    }
    return { method: name, members: [name], forecast: finalise(f), backtest: null, candidates: [], demandClass: profile.demandClass };
  }

  const windows: WindowRun[] = origins.map((origin) => {
    const train = y.subarray(0, origin);
    const actual = y.subarray(origin, Math.min(origin + horizon, n));
    const ref = accuracy(actual, naive2Forecast(train, horizon, { period }).mean, train, period);
    return { origin, actual, train, naive2Smape: ref.smape, naive2Mase: ref.mase };
  });

  // Window forecasts per model name; a combination is assembled from its members' runs, so a member
  // shared by several candidates is fitted once per window.
  const windowRuns = new Map<string, ModelForecast[]>();
  const runsOf = (model: ForecastModel): ModelForecast[] => {
    const cached = windowRuns.get(model.name);
    if (cached) return cached;
    const members = membersOf(model, registry);
    let out: ModelForecast[];
    if (members) {
      const parts = members.map(runsOf);
      out = windows.map((_, j) => combine(parts.map((p) => p[j]), model.combination!.how, model.name));
    } else {
      out = windows.map((w) => {
        try {
          return alignFitted(model.forecast(trainingOf(model, w.origin), horizon, { period, levels: EMPTY_LEVELS, seasonalPeriods }), w.origin);
        } catch {
          return naive2Forecast(w.train, horizon, { period: 1 });
        }
      });
    }
    windowRuns.set(model.name, out);
    return out;
  };
  const runs: ModelForecast[][] = pool.map(runsOf);

  const scored: CandidateScore[] = pool.map((model, i) => {
    let score = 0;
    windows.forEach((w, j) => {
      const f = runs[i][j].mean;
      const a = accuracy(w.actual, f, w.train, period);
      score += intermittent || !positive ? relative(a.mase, w.naive2Mase) : 0.5 * (relative(a.smape, w.naive2Smape) + relative(a.mase, w.naive2Mase));
    });
    return { method: model.name, score: score / windows.length, backtest: summarise(windows, runs[i], horizon, period, levels) };
  });
  const order = scored.map((_, i) => i).sort((a, b) => scored[a].score - scored[b].score);
  const chosen = order.slice(0, Math.min(k, order.length));
  const members = chosen.map((i) => pool[i].name);
  const method = members.length === 1 ? members[0] : `mean(${members.join(",")})`;

  // Full-sample fits, shared in the same way (null when the model fails on the full sample).
  const fullFits = new Map<string, ModelForecast | null>();
  const fitOf = (model: ForecastModel): ModelForecast | null => {
    if (fullFits.has(model.name)) return fullFits.get(model.name)!;
    const members = membersOf(model, registry);
    let out: ModelForecast | null = null;
    if (members) {
      const parts = members.map(fitOf).filter((f): f is ModelForecast => f !== null);
      if (parts.length === members.length) out = combine(parts, model.combination!.how, `${model.combination!.how}(${model.combination!.members.join(",")})`);
    } else {
      try {
        out = alignFitted(model.forecast(trainingOf(model, n), horizon, { period, levels, seasonalPeriods }), n);
      } catch {
        out = null;
      }
    }
    fullFits.set(model.name, out);
    return out;
  };
  const fits: ModelForecast[] = [];
  // A member that fails on the full sample is dropped from the combination.
  for (const i of chosen) {
    const f = fitOf(pool[i]);
    if (f) fits.push(f);
  }
  if (fits.length === 0) fits.push(naive2Forecast(y, horizon, { period }));
  const forecast = combineForecasts(fits, levels, method);
  const combinedWindows = windows.map((_, j) => combineForecasts(chosen.map((i) => runs[i][j]), EMPTY_LEVELS, method));
  return {
    method,
    members,
    forecast: finalise(forecast),
    backtest: summarise(windows, combinedWindows, horizon, period, levels),
    candidates: order.map((i) => scored[i]),
    demandClass: profile.demandClass,
  };
}
