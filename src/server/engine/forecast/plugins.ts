/**
 * Helpers for models computed outside the engine — typically by an external service over HTTP (the
 * adapter doing the request lives in the server's services, since the engine does no I/O). The
 * adapter asks the service for a forecast of the full series and of each backtest prefix (the origins
 * come from `backtestOrigins`), then registers the answers with `precomputedModel`; selection,
 * backtests and combinations then treat the external model like any other.
 */
import type { ExternalModelResponse, ForecastModel, ModelForecast } from "./types.ts";

/**
 * A model that replays forecasts already computed for given training lengths. Asked about a length it
 * has no answer for, it throws — the backtester and selector then fall back for that window.
 */
export function precomputedModel(name: string, forecastsByLength: ReadonlyMap<number, ModelForecast>, minLength = 1): ForecastModel {
  return {
    name,
    minLength: () => minLength,
    forecast: (y, horizon) => {
      const f = forecastsByLength.get(y.length);
      if (!f) throw new Error(`${name}: no precomputed forecast for a series of length ${y.length}`);
      if (f.mean.length < horizon) throw new Error(`${name}: precomputed horizon ${f.mean.length} < ${horizon}`);
      return f;
    },
  };
}

/**
 * Converts one item of an external service's answer to a `ModelForecast`. Bounds keyed by level
 * ("80", "95") become explicit intervals; a level the service did not return gets no bound (NaN sd).
 */
export function externalForecast(item: ExternalModelResponse["forecasts"][number], levels: readonly number[], historyLength: number): ModelForecast {
  const mean = Float64Array.from(item.mean);
  const h = mean.length;
  const bound = (side: "lower" | "upper", level: number) => {
    const values = item[side]?.[String(level)];
    return values && values.length === h ? Float64Array.from(values) : new Float64Array(h).fill(NaN);
  };
  const complete = levels.every((l) => item.lower?.[String(l)] && item.upper?.[String(l)]);
  return {
    mean,
    sd: new Float64Array(h).fill(NaN),
    fitted: new Float64Array(historyLength).fill(NaN),
    lower: complete ? levels.map((l) => bound("lower", l)) : undefined,
    upper: complete ? levels.map((l) => bound("upper", l)) : undefined,
    spec: "external",
  };
}
