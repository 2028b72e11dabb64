/**
 * Adapter for an external forecasting model served over HTTP (the engine does no I/O, so this lives
 * in the services). One POST carries every series of the batch as an `ExternalModelRequest`:
 *
 *   { "horizon": 13, "levels": [80, 95],
 *     "series": [{ "id": "a", "values": [...], "period": 52, "horizon": 13 }, ...] }
 *
 * and the service answers an `ExternalModelResponse`:
 *
 *   { "forecasts": [{ "id": "a", "mean": [...13 numbers], "lower": { "80": [...], "95": [...] }, "upper": {...} }] }
 *
 * The answer is validated with zod and each series' forecast is wrapped with the engine's
 * `precomputedModel`, so it gets the engine's result type (and can join an automatic pool like any
 * model). With `backtestWindows` the service is also asked for the backtest prefixes of each series
 * (ids `"<id>@<length>"`), which gives the external model a rolling-origin accuracy.
 *
 * Every failure is reported per series and never thrown: a timeout, a network error, a non-2xx
 * status or an answer that is not the expected JSON fails every series of the request with the same
 * message; a missing or malformed item fails only its series.
 */
import { z } from "zod";
import {
  backtestOrigins,
  createModelRegistry,
  externalForecast,
  forecastSeries,
  precomputedModel,
  validateSeries,
  type ExternalModelRequest,
  type ExternalModelSpec,
  type ForecastModel,
  type ForecastResult,
  type ModelForecast,
} from "../engine/forecast/index.ts";

/** Where and how to call the service. */
export interface HttpModelSpec {
  readonly url: string;
  /** Model name in results and registries; default "external". */
  readonly name?: string;
  /** Milliseconds for the whole exchange (connect, answer, body); default 10 000. */
  readonly timeoutMs?: number;
  /** Extra request headers, e.g. `{ authorization: "Bearer …" }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One series to send. */
export interface HttpModelSeries {
  readonly id: string;
  readonly values: readonly number[];
  /** Seasonal period; default 1. */
  readonly period?: number;
  /** Overrides the request horizon for this series. */
  readonly horizon?: number;
}

export interface HttpModelOptions {
  readonly horizon: number;
  /** Interval levels in percent; default [80, 95]. */
  readonly levels?: readonly number[];
  /** Rolling-origin windows to backtest the service on (one more series per window is sent); default 0. */
  readonly backtestWindows?: number;
}

export type HttpModelOutcome =
  | {
      readonly id: string;
      readonly ok: true;
      /** The service's answers as a registrable model (replays them for the full series and the prefixes). */
      readonly model: ForecastModel;
      readonly result: ForecastResult;
      /** Non-fatal problems, e.g. a backtest prefix the service did not answer (backtest then omitted). */
      readonly warnings: readonly string[];
    }
  | { readonly id: string; readonly ok: false; readonly error: string };

const finite = z.number().finite();
const boundsSchema = z.record(z.string(), z.array(finite));

/** One forecast item of the answer. */
export const externalForecastItemSchema = z.object({
  id: z.string(),
  mean: z.array(finite).min(1),
  lower: boundsSchema.optional(),
  upper: boundsSchema.optional(),
});

/** The answer's envelope; items are validated one by one so a bad item fails only its series. */
export const externalResponseEnvelopeSchema = z.object({ forecasts: z.array(z.unknown()) });

const DEFAULT_TIMEOUT_MS = 10_000;

function issueText(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${String(k)}`)).join("");
  return `${path ? path.replace(/^\./, "") + ": " : ""}${issue.message}`;
}

/** POSTs the request; resolves to the raw items by id, or to one error for the whole request. */
async function exchange(
  spec: HttpModelSpec,
  name: string,
  body: ExternalModelRequest,
): Promise<{ ok: true; items: Map<string, unknown> } | { ok: false; error: string }> {
  const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let text: string;
  try {
    const response = await fetch(spec.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...spec.headers },
      body: JSON.stringify(body),
      signal,
    });
    text = await response.text();
    if (!response.ok) {
      const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      return { ok: false, error: `${name}: ${spec.url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${excerpt ? `: ${excerpt}` : ""}` };
    }
  } catch (e) {
    if (signal.aborted) return { ok: false, error: `${name}: no answer from ${spec.url} within ${timeoutMs} ms` };
    const err = e as Error & { cause?: { message?: string; code?: string } };
    const cause = err.cause?.code ?? err.cause?.message;
    return { ok: false, error: `${name}: request to ${spec.url} failed: ${err.message}${cause ? ` (${cause})` : ""}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `${name}: malformed response: not JSON` };
  }
  const envelope = externalResponseEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, error: `${name}: malformed response: ${issueText(envelope.error)}` };
  const items = new Map<string, unknown>();
  for (const item of envelope.data.forecasts) {
    const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
    if (typeof id === "string" && !items.has(id)) items.set(id, item);
  }
  return { ok: true, items };
}

/** Validates one item against the series' horizon and levels and converts it. */
function toForecast(raw: unknown, horizon: number, levels: readonly number[], historyLength: number): { ok: true; forecast: ModelForecast } | { ok: false; error: string } {
  const parsed = externalForecastItemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: issueText(parsed.error) };
  const item = parsed.data;
  if (item.mean.length !== horizon) return { ok: false, error: `mean has ${item.mean.length} values, expected ${horizon}` };
  for (const level of levels) {
    const lower = item.lower?.[String(level)];
    const upper = item.upper?.[String(level)];
    for (const [side, values] of [["lower", lower], ["upper", upper]] as const) {
      if (values && values.length !== horizon) return { ok: false, error: `${side}["${level}"] has ${values.length} values, expected ${horizon}` };
    }
    if (lower && upper && lower.some((v, k) => v > upper[k]!)) return { ok: false, error: `lower["${level}"] exceeds upper["${level}"]` };
  }
  return { ok: true, forecast: externalForecast(item, levels, historyLength) };
}

/**
 * Forecasts a batch of series with the model at `spec.url`: one outcome per input series, in order.
 * Never rejects.
 */
export async function forecastWithHttpModel(spec: HttpModelSpec, series: readonly HttpModelSeries[], options: HttpModelOptions): Promise<HttpModelOutcome[]> {
  const name = spec.name ?? "external";
  const levels = options.levels ?? [80, 95];
  const windows = options.backtestWindows ?? 0;
  // A stand-in with the external model's name, only for input validation.
  const placeholder: ForecastModel = { name, minLength: () => 1, forecast: () => { throw new Error("not called"); } };
  const validation = createModelRegistry([placeholder]);

  interface Planned {
    readonly id: string;
    readonly values: Float64Array;
    readonly period: number;
    readonly horizon: number;
    /** Training lengths asked for: the full series, then the backtest prefixes. */
    readonly lengths: readonly number[];
  }
  const outcomes: (HttpModelOutcome | Planned)[] = [];
  const wireIds = new Set<string>();
  const payload: ExternalModelRequest["series"][number][] = [];
  for (const s of series) {
    const horizon = s.horizon ?? options.horizon;
    const period = s.period ?? 1;
    const issue = validateSeries(s.values, { horizon, period, method: name, registry: validation });
    if (issue) {
      outcomes.push({ id: s.id, ok: false, error: `${issue.field}: ${issue.message}` });
      continue;
    }
    const values = Float64Array.from(s.values);
    const lengths = [values.length, ...(windows > 0 ? backtestOrigins(values.length, horizon, windows, horizon, 2) : [])];
    const ids = lengths.map((n, j) => (j === 0 ? s.id : `${s.id}@${n}`));
    if (ids.some((id) => wireIds.has(id))) {
      outcomes.push({ id: s.id, ok: false, error: `id "${s.id}" is not unique in the request` });
      continue;
    }
    ids.forEach((id, j) => {
      wireIds.add(id);
      payload.push({ id, values: Array.from(values.subarray(0, lengths[j])), period, horizon });
    });
    outcomes.push({ id: s.id, values, period, horizon, lengths });
  }
  if (payload.length === 0) return outcomes as HttpModelOutcome[];

  const answer = await exchange(spec, name, { horizon: options.horizon, levels, series: payload });
  return outcomes.map((o): HttpModelOutcome => {
    if ("ok" in o) return o;
    if (!answer.ok) return { id: o.id, ok: false, error: answer.error };
    try {
      const full = answer.items.get(o.id);
      if (full === undefined) return { id: o.id, ok: false, error: `${name}: the response has no forecast for this series` };
      const converted = toForecast(full, o.horizon, levels, o.values.length);
      if (!converted.ok) return { id: o.id, ok: false, error: `${name}: malformed forecast: ${converted.error}` };
      const byLength = new Map<number, ModelForecast>([[o.values.length, converted.forecast]]);
      const warnings: string[] = [];
      for (const n of o.lengths.slice(1)) {
        const item = answer.items.get(`${o.id}@${n}`);
        const prefix = item === undefined ? ({ ok: false, error: "no forecast" } as const) : toForecast(item, o.horizon, levels, n);
        if (prefix.ok) byLength.set(n, prefix.forecast);
        else warnings.push(`backtest prefix of length ${n}: ${prefix.error}`);
      }
      const model = precomputedModel(name, byLength);
      const backtestWindows = warnings.length === 0 ? o.lengths.length - 1 : 0;
      if (warnings.length) warnings.push("backtest omitted");
      const result = forecastSeries(o.values, { horizon: o.horizon, method: name, period: o.period, levels, backtestWindows, registry: createModelRegistry([model]) });
      return { id: o.id, ok: true, model, result, warnings };
    } catch (e) {
      return { id: o.id, ok: false, error: `${name}: ${(e as Error).message}` };
    }
  });
}

/** Convenience for callers holding the engine's `ExternalModelSpec`. */
export function forecastWithExternalSpec(spec: ExternalModelSpec, series: readonly HttpModelSeries[], options: HttpModelOptions): Promise<HttpModelOutcome[]> {
  return forecastWithHttpModel({ url: spec.url, name: spec.name, timeoutMs: spec.timeoutMs, headers: spec.headers }, series, options);
}
