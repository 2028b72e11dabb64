/**
 * Public entry point of the forecasting engine: forecast one series with a named method or with
 * automatic selection, and get back point forecasts, interval bounds, fitted values, the method
 * used and its rolling-origin backtest accuracy.
 */
import { backtest, intervalsOf, type BacktestSummary } from "./backtest.ts";
import { createModelRegistry, defaultRegistry } from "./models.ts";
import { autoForecast, DEFAULT_POOL, INTERMITTENT_POOL, type CandidateScore } from "./select.ts";
import type { DemandClass } from "./intermittent.ts";
import type { ForecastModel, ModelForecast, TrainingSeries } from "./types.ts";

export type { BacktestSummary } from "./backtest.ts";
export type { CandidateScore } from "./select.ts";
export type { ForecastModel, ModelContext, ModelForecast } from "./types.ts";
export { createModelRegistry, builtinModels, defaultRegistry, combinationModel } from "./models.ts";
export { periodForFrequency, type Frequency } from "./seasonality.ts";
export { demandProfile, type DemandClass, type DemandProfile } from "./intermittent.ts";
export { trainGlobalRidge, globalRidgeModel, GLOBAL_RIDGE_METHOD, defaultRidgeLags, type GlobalRidgeWeights, type GlobalRidgeOptions } from "./ml.ts";
export { precomputedModel, externalForecast } from "./plugins.ts";
export { backtest, backtestOrigins } from "./backtest.ts";
export { DEFAULT_POOL, INTERMITTENT_POOL, OPTIONAL_POOL } from "./select.ts";
export type { ExternalModelSpec, ExternalModelRequest, ExternalModelResponse, TrainingSeries } from "./types.ts";
export * as metrics from "./metrics.ts";

/** What to forecast and how. */
export interface ForecastRequest {
  /** Number of steps ahead (≥ 1). */
  readonly horizon: number;
  /** A registered model name, or "auto" (default) for backtest-based selection. */
  readonly method?: string;
  /** Seasonal period; 1 (default) for non-seasonal data. See `periodForFrequency`. */
  readonly period?: number;
  /**
   * Several seasonal periods for multi-seasonal models such as "mstl" (e.g. [7, 365] for daily data).
   * With "auto" they also put "mstl" into the default pool, fitted on up to three cycles of the
   * longest period even where the other candidates see a shorter history.
   */
  readonly seasonalPeriods?: readonly number[];
  /** Central interval levels in percent; default [80, 95]. */
  readonly levels?: readonly number[];
  /**
   * Rolling-origin windows used to report accuracy (and, for "auto", to choose). 0 skips the
   * backtest of an explicitly named method. Default 3.
   */
  readonly backtestWindows?: number;
  /** Models available by name; default the built-in catalogue. */
  readonly registry?: ReadonlyMap<string, ForecastModel>;
  /** "auto" only: candidate model names (default by demand class, see select.ts). */
  readonly pool?: readonly string[];
  /** "auto" only: how many of the best candidates to average (default 4; 1 = pure selection). */
  readonly combine?: number;
  /** "auto" only: most recent observations used (default max(300, 6·period); MSTL may get more, see `seasonalPeriods`). */
  readonly maxHistory?: number;
}

/** The forecast of one series. */
export interface ForecastResult {
  /** Name of the model that produced the forecast (for "auto", the one it chose). */
  readonly method: string;
  /** Detailed specification, e.g. "ETS(M,Ad,N)" or "median(theta,damped,dotm)". */
  readonly spec: string;
  readonly mean: Float64Array;
  readonly levels: readonly number[];
  /** `lower[i]`/`upper[i]` are the bounds at `levels[i]`. */
  readonly lower: readonly Float64Array[];
  readonly upper: readonly Float64Array[];
  /** One-step in-sample fitted values (NaN where undefined). */
  readonly fitted: Float64Array;
  /** Backtest accuracy of the method used; null when skipped or the series is too short. */
  readonly backtest: BacktestSummary | null;
  /** Backtest accuracy of every candidate the selector considered, best first (empty for a named method). */
  readonly candidates: readonly CandidateScore[];
  /** Models averaged into the forecast (one name for a single model). */
  readonly members: readonly string[];
  /** Syntetos–Boylan demand class of the series (set by "auto"). */
  readonly demandClass?: DemandClass;
}

/** A problem with one series' input, with the offending field relative to the series. */
export interface SeriesIssue {
  /** e.g. "values[3]", "values", "period", "method". */
  readonly field: string;
  readonly message: string;
}

/** Checks a series against a request; null when it can be forecast. */
export function validateSeries(values: ArrayLike<unknown>, request: ForecastRequest): SeriesIssue | null {
  const registry = request.registry ?? defaultRegistry;
  if (!Number.isInteger(request.horizon) || request.horizon < 1) return { field: "horizon", message: "horizon must be an integer ≥ 1" };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) return { field: `values[${i}]`, message: `value ${JSON.stringify(v)} is not a finite number` };
  }
  if (values.length === 0) return { field: "values", message: "series has no values" };
  const period = request.period ?? 1;
  if (!Number.isInteger(period) || period < 1) return { field: "period", message: "period must be an integer ≥ 1" };
  const bad = (request.seasonalPeriods ?? []).findIndex((p) => !Number.isInteger(p) || p < 1);
  if (bad >= 0) return { field: `seasonalPeriods[${bad}]`, message: "seasonal periods must be integers ≥ 1" };
  const method = request.method ?? "auto";
  // Two values are the least that give an error variance, hence an interval.
  if (method === "auto" && values.length < 2) return { field: "values", message: `auto needs at least 2 values, got ${values.length}` };
  if (method !== "auto") {
    const model = registry.get(method);
    if (!model) return { field: "method", message: `unknown method "${method}"; known: auto, ${[...registry.keys()].join(", ")}` };
    const need = model.minLength(period);
    if (values.length < need) return { field: "values", message: `${method} needs at least ${need} values, got ${values.length}` };
  }
  return null;
}

/**
 * Forecasts one series. Throws an Error carrying the `SeriesIssue` message when the input is invalid
 * (see `validateSeries`), so batch callers should validate first and report per series.
 */
export function forecastSeries(values: ArrayLike<number>, request: ForecastRequest): ForecastResult {
  const issue = validateSeries(values, request);
  if (issue) throw new Error(`${issue.field}: ${issue.message}`);
  const y = values instanceof Float64Array ? values : Float64Array.from(values);
  const registry = request.registry ?? defaultRegistry;
  const period = request.period ?? 1;
  const levels = request.levels ?? [80, 95];
  const windows = request.backtestWindows ?? 3;
  const method = request.method ?? "auto";

  if (method === "auto") {
    const chosen = autoForecast(y, {
      horizon: request.horizon,
      period,
      levels,
      windows: Math.max(windows, 1),
      registry,
      pool: request.pool,
      combine: request.combine,
      maxHistory: request.maxHistory,
      seasonalPeriods: request.seasonalPeriods,
    });
    return { ...finish(chosen.forecast, chosen.method, levels, chosen.backtest, chosen.candidates, chosen.members), demandClass: chosen.demandClass };
  }
  const model = registry.get(method)!;
  const f = model.forecast(y, request.horizon, { period, levels, seasonalPeriods: request.seasonalPeriods });
  let summary: BacktestSummary | null = null;
  if (windows > 0) {
    try {
      summary = backtest(y, model, { horizon: request.horizon, windows, period, levels });
    } catch {
      summary = null;
    }
  }
  return finish(f, method, levels, summary, [], [method]);
}

/**
 * Trains the global models a request involves — the named method, or for "auto" the candidates of its
 * pool (default: the default pools) and their combination members — across a batch of series, and
 * returns the registry with those models replaced by their trained versions (the same registry when
 * none is involved). Forecast each series of the batch with the returned registry.
 */
export function trainGlobalModels(series: readonly TrainingSeries[], request: Pick<ForecastRequest, "method" | "pool" | "registry">): ReadonlyMap<string, ForecastModel> {
  const registry = request.registry ?? defaultRegistry;
  const method = request.method ?? "auto";
  const names = new Set(method === "auto" ? (request.pool ?? [...DEFAULT_POOL, ...INTERMITTENT_POOL]) : [method]);
  for (const name of [...names]) for (const member of registry.get(name)?.combination?.members ?? []) names.add(member);
  const trained: ForecastModel[] = [];
  for (const name of names) {
    const model = registry.get(name);
    if (model?.train) trained.push(model.train(series));
  }
  return trained.length ? createModelRegistry(trained, [...registry.values()]) : registry;
}

/**
 * What the global models of `trained` (a registry from `trainGlobalModels`) learnt, by model name,
 * as JSON data; `restoreTrainedModels` turns it back into an equivalent registry.
 */
export function trainedModelStates(trained: ReadonlyMap<string, ForecastModel>): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  for (const [name, model] of trained) if (model.train && model.state !== undefined) states[name] = model.state;
  return states;
}

/** The registry `trainGlobalModels` returned, rebuilt from its `trainedModelStates` on `registry`'s models. */
export function restoreTrainedModels(states: Readonly<Record<string, unknown>>, registry: ReadonlyMap<string, ForecastModel> = defaultRegistry): ReadonlyMap<string, ForecastModel> {
  const restored = Object.entries(states).map(([name, state]) => {
    const model = registry.get(name);
    if (!model?.restore) throw new Error(`no global model named "${name}" to restore`);
    return model.restore(state);
  });
  return restored.length ? createModelRegistry(restored, [...registry.values()]) : registry;
}

function finish(
  f: ModelForecast,
  method: string,
  levels: readonly number[],
  summary: BacktestSummary | null,
  candidates: readonly CandidateScore[],
  members: readonly string[],
): ForecastResult {
  const { lower, upper } = intervalsOf(f, levels);
  return { method, spec: f.spec ?? method, mean: f.mean, levels, lower, upper, fitted: f.fitted, backtest: summary, candidates, members };
}
