/**
 * Forecasts a document of series (the `scp forecast` / REST / tRPC format): a malformed or
 * unsuitable series gets `{ id, error: { path, message } }` while the others are forecast.
 */
import type { z } from "zod";
import { jsonPath, parseInput } from "../../cli/validate.ts";
import { forecastSeriesSchema, type forecastDocumentSchema, type ForecastOutput } from "../../schemas/forecast.ts";
import { forecastSeries, validateSeries } from "../engine/forecast/index.ts";

export function forecastDocument(doc: z.output<typeof forecastDocumentSchema>): ForecastOutput {
  const { horizon, method, level, backtestWindows, series } = doc;
  const forecasts: ForecastOutput["forecasts"] = series.map((raw, i) => {
    const base = `$.series[${i}]`;
    const rawId = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
    const parsed = parseInput(forecastSeriesSchema, raw);
    if (!parsed.ok) {
      const first = parsed.errors[0]!;
      return { id: rawId, error: { path: base + first.path.slice(1), message: first.message } };
    }
    const s = parsed.value;
    const request = { horizon: s.horizon ?? horizon, method, period: s.period ?? 1, levels: level, backtestWindows: backtestWindows ?? (method === "auto" ? 3 : 0) };
    const issue = validateSeries(s.values, request);
    if (issue) return { id: s.id, error: { path: `${base}.${issue.field}`, message: issue.message } };
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
