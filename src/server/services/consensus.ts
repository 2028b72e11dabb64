/**
 * Demand forecasting use-cases: build bucketed series from demand history, forecast them with the
 * engine (in the background run), and the consensus process on the resulting version — layers of
 * adjustments by role, the consensus value, forecast value added against actuals, freezing.
 */
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { aggregate, createTimeBuckets } from "../engine/buckets/index.ts";
import { forecastSeries, periodForFrequency, trainGlobalModels, type ForecastModel } from "../engine/forecast/index.ts";
import { LAYERS, type Layer, type TAdjust, type TForecastParams } from "../../schemas/consensus.ts";
import { can, type Permission, type Role } from "../../schemas/roles.ts";

const DAY_MS = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export interface BucketedSeries {
  item: string;
  location: string;
  labels: string[];
  /** Complete periods of history up to the origin. */
  history: number[];
  /** Actuals of the forecast periods (hold-out), as far as history reaches. */
  actuals: number[];
}

/**
 * Daily history → complete week/month buckets per item × location. Partial buckets at either end
 * are dropped (a half week would read as a dip).
 */
export async function bucketedHistory(db: TenantDb, params: TForecastParams): Promise<{ series: BucketedSeries[]; periods: string[] }> {
  const range = await db.demandHistory.aggregate({ _min: { date: true }, _max: { date: true } });
  if (!range._min.date || !range._max.date) throw AppError.of("BAD_REQUEST", "noDemandHistory");
  const first = range._min.date;
  const days = Math.round((range._max.date.getTime() - first.getTime()) / DAY_MS) + 1;
  const buckets = createTimeBuckets(params.bucket, iso(first), days);
  // Complete buckets only: the first starts on its period's first day, the last ends on its last.
  let lo = 0;
  let hi = buckets.count;
  const periodDays = (b: number) => buckets.bucketStart[b + 1]! - buckets.bucketStart[b]!;
  const fullLength = params.bucket === "week" ? () => 7 : (b: number) => {
    const d = new Date(Date.parse(buckets.firstDates[b]! + "T00:00:00Z"));
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  };
  if (buckets.count && periodDays(0) < fullLength(0)) lo = 1;
  if (hi > lo && periodDays(hi - 1) < fullLength(hi - 1)) hi -= 1;
  const complete = hi - lo;
  const origin = complete - params.holdoutPeriods;
  if (origin < 4) throw AppError.of("BAD_REQUEST", "tooLittleHistory", { complete, bucket: params.bucket, holdout: params.holdoutPeriods });
  // One joined query (RLS fences all three tables); relation selects would send a parameter per
  // row and break past 65,535 parameters on a year of daily history.
  const itemFilter = params.items?.length ? new Set(params.items) : null;
  const locationFilter = params.locations?.length ? new Set(params.locations) : null;
  const rows = (await db.$queryRaw<{ item: string; location: string; date: Date; quantity: number }[]>`
    select i.sku as item, l.code as location, d.date, d.quantity::float8 as quantity
    from demand_history d join items i on i.id = d.item_id join locations l on l.id = d.location_id`)
    .filter((r) => (!itemFilter || itemFilter.has(r.item)) && (!locationFilter || locationFilter.has(r.location)));
  const daily = new Map<string, { item: string; location: string; values: Float64Array }>();
  for (const r of rows) {
    const key = `${r.item}\u0000${r.location}`;
    let s = daily.get(key);
    if (!s) daily.set(key, (s = { item: r.item, location: r.location, values: new Float64Array(days) }));
    s.values[Math.round((r.date.getTime() - first.getTime()) / DAY_MS)] = Number(r.quantity);
  }
  const labels = buckets.labels.slice(lo, hi);
  const series = [...daily.values()]
    .sort((a, b) => a.item.localeCompare(b.item) || a.location.localeCompare(b.location))
    .map((s) => {
      const all = Array.from(aggregate(s.values, buckets, "sum")).slice(lo, hi);
      return { item: s.item, location: s.location, labels: labels.slice(0, origin), history: all.slice(0, origin), actuals: all.slice(origin, origin + params.horizon) };
    });
  if (!series.length) throw AppError.of("BAD_REQUEST", "noMatchingHistory");
  const periods = futureLabels(params.bucket, labels, buckets.firstDates[hi - 1]!, origin, params.horizon);
  return { series, periods };
}

/** Labels of the forecast periods: the hold-out's own labels, then the calendar continued. */
function futureLabels(bucket: "week" | "month", labels: string[], lastFirstDate: string, origin: number, horizon: number): string[] {
  const out = labels.slice(origin, origin + horizon);
  if (out.length < horizon) {
    // Buckets from the last known one onwards; its own label comes first.
    const ahead = createTimeBuckets(bucket, lastFirstDate, (horizon + 2) * 31);
    out.push(...ahead.labels.slice(1, 1 + horizon - out.length));
  }
  return out;
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

const periodOf = (params: TForecastParams) => (params.bucket === "week" ? periodForFrequency("week") : periodForFrequency("month"));

/**
 * The models a forecast run uses: the engine's, with any global model (one trained across series,
 * e.g. "ridge-global") trained on every series of the run, so each series' forecast learns from all.
 */
export function runModels(all: readonly BucketedSeries[], params: TForecastParams): ReadonlyMap<string, ForecastModel> {
  return trainGlobalModels(all.map((s) => ({ values: s.history, period: periodOf(params) })), { method: params.method });
}

/** Forecasts one bucketed series; a series the method cannot handle gets the seasonal-naive-free fallback "naive". */
export function forecastOne(s: BucketedSeries, params: TForecastParams, registry?: ReadonlyMap<string, ForecastModel>) {
  const period = periodOf(params);
  const request = { horizon: params.horizon, method: params.method, period, backtestWindows: params.backtestWindows, ...(registry && { registry }) };
  let r;
  try {
    r = forecastSeries(s.history, request);
  } catch {
    r = forecastSeries(s.history, { ...request, method: "naive" });
  }
  const levelIndex = (l: number) => r.levels.indexOf(l);
  const band = (arr: readonly Float64Array[], l: number) => (levelIndex(l) >= 0 ? Array.from(arr[levelIndex(l)]!, (x) => round(Math.max(0, x))) : []);
  return {
    item: s.item,
    location: s.location,
    method: r.method,
    spec: r.spec,
    history: { labels: s.labels, values: s.history },
    fitted: Array.from(r.fitted, round),
    baseline: Array.from(r.mean, (x) => round(Math.max(0, x))),
    bands: { lower80: band(r.lower, 80), upper80: band(r.upper, 80), lower95: band(r.lower, 95), upper95: band(r.upper, 95) },
    backtest: r.backtest ? JSON.parse(JSON.stringify(r.backtest)) : null,
    candidates: JSON.parse(JSON.stringify(r.candidates.slice(0, 8))),
    actuals: s.actuals.length ? s.actuals : null,
  };
}

/** The permission each layer needs (beside `forecast.adjust`, which the procedure declares). */
export const LAYER_PERMISSION: Record<Layer, Permission> = {
  sales: "forecast.adjust.sales",
  marketing: "forecast.adjust.marketing",
  finance: "forecast.adjust.finance",
};

/** Consensus = baseline + every layer's adjustment (percentages of the baseline), never below 0. */
export function consensusOf(baseline: number[], adjustments: { layer: string; period: number; kind: string; value: number }[]) {
  const layers = Object.fromEntries(LAYERS.map((l) => [l, baseline.map(() => 0)])) as Record<Layer, number[]>;
  for (const a of adjustments) {
    const base = baseline[a.period] ?? 0;
    layers[a.layer as Layer][a.period] = a.kind === "percent" ? (base * a.value) / 100 : a.value;
  }
  const cumulative: Record<string, number[]> = { baseline };
  let running = baseline;
  for (const l of LAYERS) {
    running = running.map((v, i) => v + layers[l][i]!);
    cumulative[l] = running.map((v) => Math.max(0, v));
  }
  return { layers, consensus: cumulative.finance!, cumulative };
}

/** WAPE of a forecast against actuals over the periods that have actuals. */
function wape(forecast: number[], actuals: number[]): number | null {
  let err = 0, sum = 0;
  for (let i = 0; i < actuals.length; i++) {
    err += Math.abs(actuals[i]! - (forecast[i] ?? 0));
    sum += Math.abs(actuals[i]!);
  }
  return actuals.length && sum > 0 ? err / sum : null;
}

async function version(db: TenantDb, versionId: string) {
  const v = await db.forecastVersion.findUnique({ where: { id: versionId } });
  if (!v) throw AppError.of("NOT_FOUND", "forecastVersionNotFound");
  return v;
}

export async function listVersions(db: TenantDb) {
  const rows = await db.forecastVersion.findMany({ orderBy: { createdAt: "desc" }, take: 100 });
  return rows.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), frozenAt: v.frozenAt?.toISOString() ?? null }));
}

export async function listSeries(db: TenantDb, versionId: string) {
  await version(db, versionId);
  return db.forecastSeries.findMany({
    where: { versionId },
    select: { item: true, location: true, method: true, backtest: true },
    orderBy: [{ item: "asc" }, { location: "asc" }],
  });
}

/** First day ('YYYY-MM-DD') of a week ('YYYY-Www', ISO) or month ('YYYY-MM') label. */
export function periodStart(bucket: string, label: string): string {
  if (bucket === "month") return `${label}-01`;
  const [year, week] = label.split("-W").map(Number) as [number, number];
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return iso(new Date(monday + (week - 1) * 7 * DAY_MS));
}

/**
 * The actual demand of a version's forecast periods for one item × location, read from the demand
 * history as it is now: the leading periods the history fully covers (so actuals imported after
 * the forecast count, and a half-covered period does not). Empty when none is covered yet.
 */
export async function actualsOf(db: TenantDb, v: { bucket: string; periods: string[] }, item: string, location: string): Promise<number[]> {
  if (!v.periods.length) return [];
  const start = periodStart(v.bucket, v.periods[0]!);
  const lastStart = Date.parse(periodStart(v.bucket, v.periods[v.periods.length - 1]!) + "T00:00:00Z");
  const lastEnd = v.bucket === "month"
    ? Date.UTC(new Date(lastStart).getUTCFullYear(), new Date(lastStart).getUTCMonth() + 1, 1)
    : lastStart + 7 * DAY_MS;
  const days = Math.round((lastEnd - Date.parse(start + "T00:00:00Z")) / DAY_MS);
  const buckets = createTimeBuckets(v.bucket as "week" | "month", start, days);
  const [{ max }] = await db.$queryRaw<{ max: Date | null }[]>`select max(date) as max from demand_history`;
  if (!max) return [];
  const rows = await db.$queryRaw<{ date: Date; quantity: number }[]>`
    select d.date, d.quantity::float8 as quantity
    from demand_history d join items i on i.id = d.item_id join locations l on l.id = d.location_id
    where i.sku = ${item} and l.code = ${location} and d.date >= ${start}::date and d.date < ${iso(new Date(lastEnd))}::date`;
  const daily = new Float64Array(days);
  const first = Date.parse(start + "T00:00:00Z");
  for (const r of rows) daily[Math.round((r.date.getTime() - first) / DAY_MS)] += Number(r.quantity);
  const sums = aggregate(daily, buckets, "sum");
  const coveredDays = Math.round((max.getTime() - first) / DAY_MS) + 1;
  const out: number[] = [];
  for (let b = 0; b < buckets.count && b < v.periods.length; b++) {
    if (buckets.labels[b] !== v.periods[b] || buckets.bucketStart[b + 1]! > coveredDays) break;
    out.push(sums[b]!);
  }
  return out;
}

/** Everything the workbench shows for one item × location. */
export async function workbench(db: TenantDb, key: { versionId: string; item: string; location: string }) {
  const v = await version(db, key.versionId);
  const s = await db.forecastSeries.findUnique({ where: { versionId_item_location: key } });
  if (!s) throw AppError.of("NOT_FOUND", "noForecastFor", { item: key.item, location: key.location });
  const adjustments = await db.forecastAdjustment.findMany({
    where: { versionId: key.versionId, item: key.item, location: key.location },
    orderBy: [{ layer: "asc" }, { period: "asc" }],
  });
  const adj = adjustments.map((a) => ({ layer: a.layer, period: a.period, kind: a.kind, value: Number(a.value), comment: a.comment, authorId: a.authorId, updatedAt: a.updatedAt.toISOString() }));
  const baseline = s.baseline as number[];
  const { layers, consensus, cumulative } = consensusOf(baseline, adj);
  // Actuals as the demand history has them now: a hold-out at the run, or demand imported since.
  const actuals = await actualsOf(db, { bucket: v.bucket, periods: v.periods as string[] }, s.item, s.location);
  // Forecast value added: did each layer move the forecast closer to what happened?
  const fva = actuals.length
    ? (["baseline", ...LAYERS] as const).map((name) => ({ layer: name, wape: wape(cumulative[name]!, actuals) }))
    : null;
  return {
    version: { id: v.id, name: v.name, bucket: v.bucket, periods: v.periods as string[], frozenAt: v.frozenAt?.toISOString() ?? null },
    item: s.item,
    location: s.location,
    method: s.method,
    spec: s.spec,
    history: s.history as { labels: string[]; values: number[] },
    fitted: s.fitted as (number | null)[],
    baseline,
    bands: s.bands as Record<"lower80" | "upper80" | "lower95" | "upper95", (number | null)[]>,
    backtest: s.backtest,
    candidates: s.candidates,
    actuals: actuals.length ? actuals : null,
    adjustments: adj,
    layers,
    consensus,
    fva,
  };
}

export async function adjust(db: TenantDb, actor: Actor, role: Role, input: TAdjust) {
  if (!can(role, LAYER_PERMISSION[input.layer])) {
    throw AppError.of("FORBIDDEN", "layerForbidden", { role, layer: input.layer });
  }
  const v = await version(db, input.versionId);
  if (v.frozenAt) throw AppError.of("CONFLICT", "versionFrozen", { name: v.name, date: v.frozenAt.toISOString().slice(0, 10) });
  const periods = v.periods as string[];
  if (input.period >= periods.length) throw AppError.of("BAD_REQUEST", "periodOutOfHorizon", { count: periods.length }, { period: ["out of the horizon"] });
  if (input.kind === "percent" && (input.value < -100 || input.value > 1000)) {
    throw AppError.of("BAD_REQUEST", "percentOutOfRange", undefined, { value: ["out of range"] });
  }
  const key = { versionId: input.versionId, item: input.item, location: input.location, layer: input.layer, period: input.period };
  const series = await db.forecastSeries.findUnique({ where: { versionId_item_location: { versionId: input.versionId, item: input.item, location: input.location } }, select: { id: true } });
  if (!series) throw AppError.of("NOT_FOUND", "noForecastFor", { item: input.item, location: input.location });
  const before = await db.forecastAdjustment.findUnique({ where: { versionId_item_location_layer_period: key } });
  const after = await db.forecastAdjustment.upsert({
    where: { versionId_item_location_layer_period: key },
    create: { ...key, kind: input.kind, value: input.value.toFixed(4), comment: input.comment ?? null, authorId: actor.userId },
    update: { kind: input.kind, value: input.value.toFixed(4), comment: input.comment ?? null, authorId: actor.userId },
  });
  const show = (a: typeof before) => (a ? { kind: a.kind, value: Number(a.value), comment: a.comment } : {});
  await recordAudit(db, actor, {
    entity: "forecastAdjustment",
    entityId: after.id,
    action: before ? "update" : "create",
    before: show(before),
    after: { ...show(after), layer: input.layer, item: input.item, location: input.location, period: periods[input.period] },
  });
  return workbench(db, { versionId: input.versionId, item: input.item, location: input.location });
}

/**
 * A fingerprint of a version's layers: a hash of its adjustments' content (one small query), and
 * whether it is frozen. A grid showing the layers polls it and reloads them only when it changed.
 * Content, not write times: no clock or commit order can hide a change.
 */
export async function layersStamp(db: TenantDb, versionId: string) {
  const v = await version(db, versionId);
  const [a] = await db.$queryRaw<{ n: number; hash: string }[]>`
    select count(*)::int as n,
           coalesce(md5(string_agg(concat_ws('|', item, location, layer, period, kind, value, comment), ',' order by item, location, layer, period)), '') as hash
    from forecast_adjustments where version_id = ${versionId}::uuid`;
  return `${a?.n ?? 0}:${a?.hash ?? ""}:${v.frozenAt?.getTime() ?? 0}`;
}

export async function freeze(db: TenantDb, actor: Actor, versionId: string) {
  const v = await version(db, versionId);
  if (v.frozenAt) throw AppError.of("CONFLICT", "versionAlreadyFrozen");
  const frozenAt = new Date();
  await db.forecastVersion.update({ where: { id: versionId }, data: { frozenAt, frozenBy: actor.userId } });
  await recordAudit(db, actor, { entity: "forecastVersion", entityId: versionId, action: "freeze", before: { frozenAt: null }, after: { frozenAt: frozenAt.toISOString() } });
  return { frozenAt: frozenAt.toISOString() };
}
