/**
 * Forecasts a document of series (the `scp forecast` / REST / tRPC format): a malformed or
 * unsuitable series gets `{ id, error: { path, message } }` while the others are forecast.
 *
 * Global models (e.g. "ridge-global") are trained once across all of the document's valid series
 * before any is forecast, so each series benefits from the others. Their backtest accuracy (with
 * `backtestWindows` > 0) is optimistic: the weights were learnt on the full histories, windows included.
 */
import type { z } from "zod";
import { jsonPath, parseInput } from "../../cli/validate.ts";
import { forecastSeriesSchema, type forecastDocumentSchema, type ForecastOutput, type ForecastSeriesInput } from "../../schemas/forecast.ts";
import { defaultRegistry, forecastSeries, trainGlobalModels, validateSeries, type ForecastRequest } from "../engine/forecast/index.ts";

type Prepared = { readonly ok: true; readonly series: ForecastSeriesInput; readonly request: ForecastRequest } | { readonly ok: false; readonly output: ForecastOutput["forecasts"][number] };

/** Seasonal period of a series: given, else the shortest of its seasonal periods, else 1. */
function periodOf(s: ForecastSeriesInput): number {
  if (s.period !== undefined) return s.period;
  const cycles = (s.seasonalPeriods ?? []).filter((p) => p > 1);
  return cycles.length ? Math.min(...cycles) : 1;
}

export function forecastDocument(doc: z.output<typeof forecastDocumentSchema>): ForecastOutput {
  const { horizon, method, level, backtestWindows, series } = doc;
  const prepared: Prepared[] = series.map((raw, i) => {
    const base = `$.series[${i}]`;
    const rawId = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
    const parsed = parseInput(forecastSeriesSchema, raw);
    if (!parsed.ok) {
      const first = parsed.errors[0]!;
      return { ok: false, output: { id: rawId, error: { path: base + first.path.slice(1), message: first.message } } };
    }
    const s = parsed.value;
    const request: ForecastRequest = {
      horizon: s.horizon ?? horizon,
      method,
      period: periodOf(s),
      seasonalPeriods: s.seasonalPeriods,
      levels: level,
      backtestWindows: backtestWindows ?? (method === "auto" ? 3 : 0),
    };
    return { ok: true, series: s, request };
  });

  // One training pass over every well-formed series for global models (a no-op for the others).
  const usable = prepared.filter((p): p is Extract<Prepared, { ok: true }> => p.ok && validateSeries(p.series.values, p.request) === null);
  const registry = trainGlobalModels(
    usable.map((p) => ({ values: p.series.values, period: p.request.period ?? 1 })),
    { method, registry: defaultRegistry },
  );

  const forecasts: ForecastOutput["forecasts"] = prepared.map((p, i) => {
    if (!p.ok) return p.output;
    const { series: s } = p;
    const request = { ...p.request, registry };
    const issue = validateSeries(s.values, request);
    if (issue) return { id: s.id, error: { path: `$.series[${i}].${issue.field}`, message: issue.message } };
    try {
      const f = forecastSeries(s.values, request);
      const bounds = (arrays: readonly Float64Array[]) => Object.fromEntries(level.map((l, j) => [String(l), Array.from(arrays[j]!)]));
      return { id: s.id, method: f.method, mean: Array.from(f.mean), lower: bounds(f.lower), upper: bounds(f.upper) };
    } catch (e) {
      return { id: s.id, error: { path: jsonPath(["series", i]), message: (e as Error).message } };
    }
  });
  return { forecasts };
}
