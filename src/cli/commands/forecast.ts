/**
 * `scp forecast`: forecasts every series of the document. The envelope must be valid (exit 1
 * otherwise); a series that is malformed or unsuitable for the method gets `{ id, error }` in the
 * output while the others are forecast normally (exit 0).
 */
import type { Command } from "../scp.ts";
import { jsonPath, parseInput } from "../validate.ts";
import { forecastDocumentSchema, forecastSeriesSchema, type ForecastOutput } from "../../schemas/forecast.ts";
import { forecastSeries, validateSeries } from "../../server/engine/forecast/index.ts";

export const run: Command = (input) => {
  const doc = parseInput(forecastDocumentSchema, input);
  if (!doc.ok) return { output: { errors: doc.errors }, exitCode: 1 };
  const { horizon, method, level, backtestWindows, series } = doc.value;
  const forecasts: ForecastOutput["forecasts"] = series.map((raw, i) => {
    const base = `$.series[${i}]`;
    const rawId = typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string" ? (raw as { id: string }).id : null;
    const parsed = parseInput(forecastSeriesSchema, raw);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      return { id: rawId, error: { path: base + first.path.slice(1), message: first.message } };
    }
    const s = parsed.value;
    const request = { horizon: s.horizon ?? horizon, method, period: s.period ?? 1, levels: level, backtestWindows: backtestWindows ?? (method === "auto" ? 3 : 0) };
    const issue = validateSeries(s.values, request);
    if (issue) return { id: s.id, error: { path: `${base}.${issue.field}`, message: issue.message } };
    try {
      const f = forecastSeries(s.values, request);
      const bounds = (arrays: readonly Float64Array[]) => Object.fromEntries(level.map((l, j) => [String(l), Array.from(arrays[j])]));
      return { id: s.id, method: f.method, mean: Array.from(f.mean), lower: bounds(f.lower), upper: bounds(f.upper) };
    } catch (e) {
      return { id: s.id, error: { path: jsonPath(["series", i]), message: (e as Error).message } };
    }
  });
  return { output: { forecasts }, exitCode: 0 };
};
