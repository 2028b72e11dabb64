/**
 * The built-in model catalogue and the plugin registry. Every entry is a `ForecastModel`; the
 * selector, backtester and CLI look models up by name in a registry, so adding a model (a new
 * statistical method, the global ML model, a wrapper around an external service's answer) is one
 * `createModelRegistry([...])` call and needs no change elsewhere.
 */
import { arimaAutoForecast, arimaFastForecast } from "./arima.ts";
import { driftForecast, naive2Forecast, naiveForecast, seasonalNaiveForecast } from "./benchmarks.ts";
import { etsAutoForecast, etsForecast, fitEts, type EtsSpec } from "./ets.ts";
import { builtinGlobalRidge } from "./ml.ts";
import { mstlForecast } from "./mstl.ts";
import { reseasonalize, seasonallyAdjust } from "./seasonality.ts";
import { adidaForecast, crostonForecast, sbaForecast, tsbForecast } from "./intermittent.ts";
import { thetaClassicForecast, thetaModelForecast } from "./theta.ts";
import type { ForecastModel, ModelContext, ModelForecast } from "./types.ts";

type CoreForecast = (y: Float64Array, horizon: number, context: ModelContext) => ModelForecast;

/**
 * Applies a non-seasonal method to the seasonally adjusted series and reseasonalises (the M4 guide's
 * recipe for SES, Holt, Damped and Theta). With period 1 it is the plain method.
 */
export function onSeasonallyAdjusted(core: CoreForecast): CoreForecast {
  return (y, horizon, context) => {
    const adjustment = seasonallyAdjust(y, context.period);
    const f = core(adjustment.adjusted, horizon, { ...context, period: 1 });
    return reseasonalize(f, adjustment, y.length);
  };
}

function etsMember(spec: EtsSpec): CoreForecast {
  return (y, horizon, context) => {
    const fit = fitEts(y, spec, context.period);
    if (!fit) throw new Error(`series too short for ${spec.error}${spec.trend}${spec.season} exponential smoothing`);
    return etsForecast(fit, horizon, context.levels);
  };
}

/** Mean (or median) of several models' forecasts; the sd is the mean of their sds. */
export function combine(parts: readonly ModelForecast[], how: "mean" | "median", spec: string): ModelForecast {
  const h = parts[0].mean.length;
  const n = parts[0].fitted.length;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  const fitted = new Float64Array(n);
  const scratch = new Float64Array(parts.length);
  const centre = (get: (p: ModelForecast) => number): number => {
    for (let i = 0; i < parts.length; i++) scratch[i] = get(parts[i]);
    if (how === "mean") {
      let s = 0;
      for (let i = 0; i < parts.length; i++) s += scratch[i];
      return s / parts.length;
    }
    const sorted = scratch.slice().sort();
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  };
  for (let k = 0; k < h; k++) {
    mean[k] = centre((p) => p.mean[k]);
    let s = 0;
    for (const p of parts) s += p.sd[k];
    sd[k] = s / parts.length;
  }
  for (let t = 0; t < n; t++) fitted[t] = centre((p) => p.fitted[t]);
  return { mean, sd, fitted, spec };
}

/**
 * A combination of other models as a model of its own: the mean or median of the members' point
 * forecasts (sd: the mean of theirs). The selector recognises `combination` and assembles the
 * combination's backtest from the members' runs in its registry; called directly, it fits `members`.
 */
export function combinationModel(name: string, members: readonly ForecastModel[], how: "mean" | "median"): ForecastModel {
  const names = members.map((m) => m.name);
  const spec = `${how}(${names.join(",")})`;
  return {
    name,
    minLength: (period) => Math.max(...members.map((m) => m.minLength(period))),
    forecast: (y, horizon, context) => combine(members.map((m) => m.forecast(y, horizon, context)), how, spec),
    combination: { members: names, how },
  };
}

const ses = etsMember({ error: "A", trend: "N", season: "N" });
const holt = etsMember({ error: "A", trend: "A", season: "N" });
const damped = etsMember({ error: "A", trend: "Ad", season: "N" });

const oneCyclePlusOne = (period: number) => Math.max(period, 1) + 1;

const theta: ForecastModel = { name: "theta", minLength: () => 3, forecast: onSeasonallyAdjusted((y, h) => thetaClassicForecast(y, h)) };
const ets: ForecastModel = { name: "ets", minLength: () => 4, forecast: etsAutoForecast };
const arimaFast: ForecastModel = { name: "arima-fast", minLength: () => 6, forecast: arimaFastForecast };

/** The built-in models, in the order the catalogue lists them. */
export const builtinModels: readonly ForecastModel[] = [
  { name: "naive", minLength: () => 2, forecast: (y, h) => naiveForecast(y, h) },
  { name: "snaive", minLength: oneCyclePlusOne, forecast: (y, h, c) => seasonalNaiveForecast(y, h, c) },
  { name: "drift", minLength: () => 2, forecast: (y, h) => driftForecast(y, h) },
  { name: "naive2", minLength: () => 2, forecast: (y, h, c) => naive2Forecast(y, h, c) },
  { name: "ses", minLength: () => 3, forecast: onSeasonallyAdjusted(ses) },
  { name: "holt", minLength: () => 5, forecast: onSeasonallyAdjusted(holt) },
  { name: "damped", minLength: () => 6, forecast: onSeasonallyAdjusted(damped) },
  {
    name: "comb",
    minLength: () => 6,
    forecast: onSeasonallyAdjusted((y, h, c) => combine([ses(y, h, c), holt(y, h, c), damped(y, h, c)], "mean", "Comb(SES,Holt,Damped)")),
  },
  theta,
  {
    name: "otm",
    minLength: () => 4,
    forecast: onSeasonallyAdjusted((y, h) => thetaModelForecast(y, h, { optimiseTheta: true, dynamic: false })),
  },
  {
    name: "dotm",
    minLength: () => 4,
    forecast: onSeasonallyAdjusted((y, h) => thetaModelForecast(y, h, { optimiseTheta: true, dynamic: true })),
  },
  ets,
  { name: "arima", minLength: () => 6, forecast: arimaAutoForecast },
  arimaFast,
  // ETS–Theta–ARIMA combinations (ARIMA: the fast variant); the mean one is in the selector's default pool.
  combinationModel("mean-ets-theta-arima", [ets, theta, arimaFast], "mean"),
  combinationModel("median-ets-theta-arima", [ets, theta, arimaFast], "median"),
  // Periods without two full cycles are dropped inside mstl, leaving ETS on the series.
  {
    name: "mstl",
    minLength: () => 4,
    forecast: (y, h, c) => mstlForecast(y, h, c),
    history: (c) => 3 * Math.max(c.period, ...(c.seasonalPeriods ?? [])),
  },
  { name: "croston", minLength: () => 2, forecast: (y, h) => crostonForecast(y, h) },
  { name: "sba", minLength: () => 2, forecast: (y, h) => sbaForecast(y, h) },
  { name: "tsb", minLength: () => 2, forecast: (y, h) => tsbForecast(y, h) },
  { name: "adida", minLength: () => 3, forecast: (y, h) => adidaForecast(y, h) },
  // Global ML model (ridge on lags, cross-series); trained across a batch by `trainGlobalModels`.
  builtinGlobalRidge,
];

/** Name → model lookup; later entries override earlier ones with the same name. */
export function createModelRegistry(extra: readonly ForecastModel[] = [], base: readonly ForecastModel[] = builtinModels): ReadonlyMap<string, ForecastModel> {
  const registry = new Map<string, ForecastModel>();
  for (const model of base) registry.set(model.name, model);
  for (const model of extra) registry.set(model.name, model);
  return registry;
}

export const defaultRegistry: ReadonlyMap<string, ForecastModel> = createModelRegistry();
