/**
 * Shared shapes of the forecasting engine. A model is a pair of pure functions (`minLength`,
 * `forecast`) under a name; the automatic selector, the backtester and the plugin registry only
 * ever see this interface, so a new model (statistical, machine-learning, or a proxy for an
 * external service that has already answered) plugs in without touching them.
 */

/** What a model needs to know about the series besides its values. */
export interface ModelContext {
  /** Seasonal period (observations per cycle); 1 when the series is treated as non-seasonal. */
  readonly period: number;
  /**
   * Interval levels (percent, e.g. [80, 95]) the caller will ask for. Empty during backtests so
   * that models with simulated intervals can skip the simulation.
   */
  readonly levels: readonly number[];
  /**
   * Several seasonal periods for multi-seasonal models (e.g. [7, 365] for daily demand); models that
   * handle one cycle use `period`.
   */
  readonly seasonalPeriods?: readonly number[];
}

/** One model's forecast of one series. */
export interface ModelForecast {
  /** Point forecasts for steps 1..h. */
  readonly mean: Float64Array;
  /**
   * Standard deviation of the h-step forecast error under the model's assumptions; intervals are
   * mean ± z·sd unless `lower`/`upper` are given. NaN where the model has no variance.
   */
  readonly sd: Float64Array;
  /** One-step-ahead in-sample fitted values (length n), NaN where the model gives none. */
  readonly fitted: Float64Array;
  /** Explicit interval bounds, one array per requested level (e.g. simulated, skewed intervals). */
  readonly lower?: readonly Float64Array[];
  readonly upper?: readonly Float64Array[];
  /** Human-readable specification actually fitted, e.g. "ETS(M,Ad,N)" or "ARIMA(0,1,1)". */
  readonly spec?: string;
}

/** A forecasting method that can be called on one series. */
export interface ForecastModel {
  /** Unique name used in requests and results, e.g. "ses", "theta", "ets". */
  readonly name: string;
  /** Smallest number of observations the model accepts for this period. */
  readonly minLength: (period: number) => number;
  /** Fits the model to `y` and forecasts `horizon` steps. Must not modify `y`. */
  readonly forecast: (y: Float64Array, horizon: number, context: ModelContext) => ModelForecast;
  /**
   * Set on a combination of other registered models (see `combinationModel`): the members' names and
   * how their point forecasts are combined. The selector then builds the combination's backtest from
   * the members' runs (fitting each member once per window however many combinations share it).
   */
  readonly combination?: { readonly members: readonly string[]; readonly how: "mean" | "median" };
  /**
   * Set on a global model (one set of parameters learnt across many series, e.g. "ridge-global"):
   * returns the model trained on `series`. Without training, `forecast` fits the one series it is given.
   * Callers with a batch of series (the forecast document) train once via `trainGlobalModels`.
   */
  readonly train?: (series: readonly TrainingSeries[]) => ForecastModel;
  /**
   * Set on a trained global model: what it learnt, as plain JSON data. `restore` (on any model of
   * the same name, trained or not) rebuilds the trained model from it exactly, so a background run
   * trains once and its later steps, possibly in another process, forecast with the same weights.
   */
  readonly state?: unknown;
  /** Rebuilds the trained model from its `state`; throws on data that is not such a state. */
  readonly restore?: (state: unknown) => ForecastModel;
  /**
   * Observations the model wants when the automatic selector cuts long histories to its `maxHistory`
   * (e.g. MSTL: three cycles of its longest period); the selector then gives it up to this many.
   */
  readonly history?: (context: ModelContext) => number;
}

/** One series offered to a global model's training. */
export interface TrainingSeries {
  readonly values: ArrayLike<number>;
  /** Seasonal period of the series; global models train one set of weights per period. */
  readonly period: number;
}

/**
 * Contract of a model served over HTTP (the adapter itself does I/O and so lives outside the pure
 * engine). The server POSTs `ExternalModelRequest` and expects `ExternalModelResponse`; the answer is
 * then wrapped with `precomputedModel` so backtests and combinations treat it like any other model.
 */
export interface ExternalModelSpec {
  readonly kind: "http";
  readonly name: string;
  readonly url: string;
  /** Milliseconds before the adapter gives up and the selector falls back to the statistical pool. */
  readonly timeoutMs?: number;
  /** Extra request headers (e.g. an authorization token for the service). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ExternalModelRequest {
  readonly horizon: number;
  readonly levels: readonly number[];
  /** `horizon` per series (it may differ from the request's when the caller overrides it). */
  readonly series: ReadonlyArray<{ readonly id: string; readonly values: readonly number[]; readonly period: number; readonly horizon: number }>;
}

export interface ExternalModelResponse {
  readonly forecasts: ReadonlyArray<{
    readonly id: string;
    readonly mean: readonly number[];
    readonly lower?: Readonly<Record<string, readonly number[]>>;
    readonly upper?: Readonly<Record<string, readonly number[]>>;
  }>;
}
