/**
 * The collaborative plan grid over a scenario's demand plan: rows of item × location × week/month
 * bucket (the statistical baseline — the parent's document at the child's base version, or a
 * root's first version —, the override and the final value), bucket edits disaggregated to days
 * proportionally to the baseline's daily values and sent as one `scenarios.edit` batch (so a stale
 * edit of the same cell is refused with CONFLICT), the change feed open grids poll, and presence.
 *
 * Beside the plan, optionally, a forecast version's consensus layers (statistical forecast, sales,
 * marketing and finance adjustments, consensus — computed by consensus.ts, edited through
 * `forecast.adjust`), matched to the grid's buckets by label; "use consensus as plan" writes the
 * consensus into the plan's buckets through the same bucket edit.
 *
 * Presence is kept in memory per app instance (no table for it): with several instances, each
 * shows the users whose heartbeats reached it. Edits and the change feed go through PostgreSQL and
 * work across instances.
 */
import { createLru } from "../lru.ts";
import jsonpatch from "fast-json-patch";
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { LAYER_PERMISSION, consensusOf, listVersions } from "./consensus.ts";
import { editCells, listComments, materialise } from "./scenarios.ts";
import { invertPatch, writtenPaths, type Operation } from "./scenario-doc.ts";
import { aggregate, createTimeBuckets, formatIsoDate, parseIsoDate, splitProportionally, type TimeBuckets } from "../engine/buckets/index.ts";
import type { ScenarioDocument } from "../../schemas/scenario.ts";
import {
  ALL_LOCATIONS, ZPlanEditCell, ZPlanForecastLayers, ZPlanRows, ZPlanUseConsensus,
  type PlanBucket, type TPlanEditCell, type TPlanForecastLayers, type TPlanRows, type TPlanUseConsensus,
} from "../../schemas/plan.ts";
import { LAYERS, type Layer } from "../../schemas/consensus.ts";
import { can, type Role } from "../../schemas/roles.ts";

const CONTENT_KINDS = ["edit", "rebase", "restore"];

export interface PlanRow {
  /** `item@location`, or `item@*` for an item's total across locations. */
  key: string;
  item: string;
  location: string;
  aggregate: boolean;
  /** One value per bucket: the statistical baseline (before this scenario's own edits). */
  baseline: number[];
  /** One value per bucket: the plan (baseline + override). */
  final: number[];
}

export interface PlanFrame {
  bucket: PlanBucket;
  startDate: string;
  days: number;
  labels: string[];
  firstDates: string[];
  /** Days per bucket. */
  lengths: number[];
}

// ——— small caches: documents and bucket totals of a committed version never change ———

const oldDocuments = createLru<ScenarioDocument>(8);
const totalsCache = createLru<Map<string, Float64Array>>(16);
/** For tests and benchmarks. */
export const planCache = { clear: () => (oldDocuments.clear(), totalsCache.clear()) };

/** A scenario's document at an older version: the current one with later content history undone. */
async function documentAtVersion(db: TenantDb, id: string, version: number): Promise<{ doc: ScenarioDocument; version: number }> {
  // A committed version's content never changes: a hit needs no read of the (large) row at all.
  const key = `${id}:${version}`;
  const hit = version < Number.MAX_SAFE_INTEGER ? oldDocuments.get(key) : undefined;
  if (hit) return { doc: hit, version };
  const { scenario, document } = await materialise(db, id);
  if (version >= scenario.version) {
    oldDocuments.set(`${id}:${scenario.version}`, document);
    return { doc: document, version: scenario.version };
  }
  const later = await db.scenarioHistory.findMany({
    where: { scenarioId: id, version: { gt: version }, kind: { in: CONTENT_KINDS } },
    orderBy: { version: "desc" },
    select: { patch: true },
  });
  const doc = jsonpatch.deepClone(document) as ScenarioDocument;
  for (const h of later) jsonpatch.applyPatch(doc, invertPatch(h.patch as unknown as Operation[]), false, true);
  oldDocuments.set(key, doc);
  return { doc, version };
}

/** The buckets spanning every series of the demand plan (from the earliest start to the latest end). */
export function planBuckets(doc: ScenarioDocument, bucket: PlanBucket): TimeBuckets {
  let first = Infinity;
  let end = -Infinity;
  for (const s of Object.values(doc.demandPlan)) {
    const d = parseIsoDate(s.startDate);
    first = Math.min(first, d);
    end = Math.max(end, d + s.values.length);
  }
  if (!Number.isFinite(first)) return createTimeBuckets(bucket, doc.supply.startDate, 0);
  return createTimeBuckets(bucket, formatIsoDate(first), end - first);
}

/** Bucket totals (sum) of one daily series placed `offset` days into the buckets' horizon. */
export function bucketTotals(values: readonly number[], offset: number, buckets: TimeBuckets): Float64Array {
  if (offset === 0 && values.length === buckets.days) return aggregate(values, buckets, "sum");
  const out = new Float64Array(buckets.count);
  for (let d = 0; d < values.length; d++) {
    const day = offset + d;
    if (day >= 0 && day < buckets.days) out[buckets.bucketOfDay[day]!] += values[d]!;
  }
  return out;
}

function seriesOffset(startDate: string, buckets: TimeBuckets) {
  return parseIsoDate(startDate) - parseIsoDate(buckets.startDate);
}

/** Bucket totals of every series of a document, cached by (scenario, version, bucket, frame). */
function totalsOf(doc: ScenarioDocument, buckets: TimeBuckets, cacheKey: string | null): Map<string, Float64Array> {
  const key = cacheKey && `${cacheKey}:${buckets.kind}:${buckets.startDate}:${buckets.days}`;
  const hit = key ? totalsCache.get(key) : undefined;
  if (hit) return hit;
  const out = new Map<string, Float64Array>();
  for (const [k, s] of Object.entries(doc.demandPlan)) out.set(k, bucketTotals(s.values, seriesOffset(s.startDate, buckets), buckets));
  if (key) totalsCache.set(key, out);
  return out;
}

export function frameOf(buckets: TimeBuckets): PlanFrame {
  const lengths: number[] = [];
  for (let b = 0; b < buckets.count; b++) lengths.push(buckets.bucketStart[b + 1]! - buckets.bucketStart[b]!);
  return { bucket: buckets.kind as PlanBucket, startDate: buckets.startDate, days: buckets.days, labels: [...buckets.labels], firstDates: [...buckets.firstDates], lengths };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
const toList = (a: Float64Array | undefined, n: number) => (a ? Array.from(a, round) : new Array<number>(n).fill(0));

/** The scenario, its current document and its statistical baseline (document and version). */
async function load(db: TenantDb, scenarioId: string) {
  const { scenario, document } = await materialise(db, scenarioId);
  const base = scenario.parentId
    ? await documentAtVersion(db, scenario.parentId, scenario.baseVersion ?? Number.MAX_SAFE_INTEGER)
    : await documentAtVersion(db, scenario.id, 1);
  const baseKey = `${scenario.parentId ?? scenario.id}:${base.version}`;
  return { scenario, document, baseline: base.doc, baseKey };
}

function buildRows(
  document: ScenarioDocument,
  finalTotals: Map<string, Float64Array>,
  baseTotals: Map<string, Float64Array>,
  count: number,
  opts: { keys?: Set<string>; item?: string; location?: string; aggregates: boolean },
): PlanRow[] {
  const itemQ = opts.item?.trim().toLowerCase();
  const locQ = opts.location?.trim().toLowerCase();
  const entries = Object.entries(document.demandPlan)
    .filter(([k, s]) => (!opts.keys || opts.keys.has(k)) && (!itemQ || s.item.toLowerCase().includes(itemQ)) && (!locQ || s.location.toLowerCase().includes(locQ)))
    .sort(([, a], [, b]) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  const rows: PlanRow[] = [];
  const itemsWanted = new Set(entries.map(([, s]) => s.item));
  // Totals over all of an item's locations (not only the filtered ones).
  const aggFinal = new Map<string, Float64Array>();
  const aggBase = new Map<string, Float64Array>();
  if (opts.aggregates) {
    for (const [k, s] of Object.entries(document.demandPlan)) {
      if (!itemsWanted.has(s.item)) continue;
      const f = (aggFinal.get(s.item) ?? aggFinal.set(s.item, new Float64Array(count)).get(s.item))!;
      const b = (aggBase.get(s.item) ?? aggBase.set(s.item, new Float64Array(count)).get(s.item))!;
      const fv = finalTotals.get(k);
      const bv = baseTotals.get(k);
      for (let i = 0; i < count; i++) {
        f[i] += fv?.[i] ?? 0;
        b[i] += bv?.[i] ?? 0;
      }
    }
  }
  let lastItem: string | null = null;
  for (const [k, s] of entries) {
    if (opts.aggregates && s.item !== lastItem) {
      rows.push({ key: `${s.item}@${ALL_LOCATIONS}`, item: s.item, location: ALL_LOCATIONS, aggregate: true, baseline: toList(aggBase.get(s.item), count), final: toList(aggFinal.get(s.item), count) });
    }
    lastItem = s.item;
    rows.push({ key: k, item: s.item, location: s.location, aggregate: false, baseline: toList(baseTotals.get(k), count), final: toList(finalTotals.get(k), count) });
  }
  return rows;
}

/** The grid's rows: demand plan by item × location × bucket, with baseline and final per bucket. */
export async function planRows(db: TenantDb, rawInput: TPlanRows) {
  const input = ZPlanRows.parse(rawInput);
  const { scenario, document, baseline, baseKey } = await load(db, input.scenarioId);
  const buckets = planBuckets(document, input.bucket);
  const finalTotals = totalsOf(document, buckets, `${scenario.id}:${scenario.version}`);
  const baseTotals = totalsOf(baseline, buckets, baseKey);
  const all = buildRows(document, finalTotals, baseTotals, buckets.count, {
    keys: input.keys ? new Set(input.keys) : undefined, item: input.item, location: input.location, aggregates: input.aggregates,
  });
  return {
    scenario: { id: scenario.id, name: scenario.name, status: scenario.status, version: scenario.version, parentId: scenario.parentId, baseVersion: scenario.baseVersion },
    frame: frameOf(buckets),
    total: all.length,
    rows: all.slice(input.offset, input.offset + input.limit),
  };
}

/** Values naming a plan row in catalogue messages: one location, or the item's total over all. */
const targetValues = (item: string, location: string) => ({ item, location, scope: location === ALL_LOCATIONS ? "all" : "one" });
const fmt = (x: number) => String(round(x));

/** The day edits that set bucket `b` of `keys` (one series, or an item's locations) to `value`. */
interface BucketEdit {
  edits: { path: string; value: number }[];
  /** Per series, the new values of its days in the bucket (from day index `from`). */
  newValues: Map<string, { from: number; values: number[] }>;
  /** The bucket's total before the edit. */
  currentTotal: number;
}

/**
 * Splits `value` across `keys` in proportion to their baseline bucket totals, then to days in
 * proportion to the baseline's daily values (evenly where the baseline is zero; the current values
 * where a series has no baseline), integers kept integral. Null when no series has days in `b`.
 */
function disaggregateBucket(document: ScenarioDocument, baseline: ScenarioDocument, buckets: TimeBuckets, keys: readonly string[], b: number, value: number): BucketEdit | null {
  // Each series' days inside the bucket and their current values.
  const spans = keys.map((key) => {
    const s = document.demandPlan[key]!;
    const offset = seriesOffset(s.startDate, buckets);
    const from = Math.max(0, buckets.bucketStart[b]! - offset);
    const to = Math.min(s.values.length, buckets.bucketStart[b + 1]! - offset);
    const values = to > from ? s.values.slice(from, to) : [];
    const base = baseline.demandPlan[key];
    let weights = values;
    if (base) {
      // The baseline's values on the same dates (its series may start on another day).
      const shift = seriesOffset(base.startDate, buckets) - offset;
      weights = values.map((_, d) => base.values[from + d - shift] ?? 0);
    }
    return { key, from, values, weights, total: values.reduce((x, y) => x + y, 0), weight: weights.reduce((x, y) => x + y, 0) };
  }).filter((sp) => sp.values.length > 0);
  if (!spans.length) return null;
  const currentTotal = spans.reduce((x, sp) => x + sp.total, 0);
  const integer = Number.isInteger(value) && spans.every((sp) => sp.values.every(Number.isInteger));

  const perSeries = new Float64Array(spans.length);
  splitProportionally(value, spans.length, integer, perSeries, 0, spans.map((sp) => sp.weight));
  const edits: { path: string; value: number }[] = [];
  const newValues = new Map<string, { from: number; values: number[] }>();
  spans.forEach((sp, i) => {
    const days = new Float64Array(sp.values.length);
    splitProportionally(perSeries[i]!, sp.values.length, integer, days, 0, sp.weights);
    const values = Array.from(days, (v) => (integer ? v : round(v)));
    newValues.set(sp.key, { from: sp.from, values });
    values.forEach((v, d) => {
      if (v !== sp.values[d]) edits.push({ path: `/demandPlan/${jsonpatch.escapePathComponent(sp.key)}/values/${sp.from + d}`, value: v });
    });
  });
  return { edits, newValues, currentTotal };
}

/**
 * Sends day edits to `scenarios.edit` as one batch based on `baseVersion`; a stale edit of any of
 * them refuses the whole batch (the transaction rolls back) with the error `conflict` makes for
 * the path refused first and the version that changed it.
 */
async function writeDayEdits(
  db: TenantDb, actor: Actor, scenarioId: string, baseVersion: number, edits: { path: string; value: number }[],
  conflict: (path: string | undefined, changedIn: number | undefined) => AppError,
) {
  let result: Awaited<ReturnType<typeof editCells>>;
  try {
    result = await editCells(db, actor, { id: scenarioId, baseVersion, edits });
  } catch (e) {
    const stale = e instanceof AppError && e.code === "CONFLICT" ? Object.entries(e.fieldErrors ?? {}).find(([p]) => p.startsWith("/demandPlan/")) : undefined;
    if (stale) {
      const m = /version (\d+)/.exec(stale[1][0] ?? "");
      throw conflict(stale[0], m ? Number(m[1]) : undefined);
    }
    throw e;
  }
  // Part of the batch changed under us: refuse all of it (the transaction rolls back).
  if (result.conflicts.length) throw conflict(result.conflicts[0]!.path, result.conflicts[0]!.changedInVersion);
  return result;
}

/** Bucket totals of `keys` with their new days applied to the current totals (no re-materialising). */
function totalsWith(document: ScenarioDocument, buckets: TimeBuckets, current: Map<string, Float64Array>, changed: Map<string, { from: number; values: number[] }[]>) {
  const updated = new Map(current);
  for (const [key, parts] of changed) {
    const s = document.demandPlan[key]!;
    const values = s.values.slice();
    for (const nv of parts) nv.values.forEach((v, d) => (values[nv.from + d] = v));
    updated.set(key, bucketTotals(values, seriesOffset(s.startDate, buckets), buckets));
  }
  return updated;
}

/**
 * Sets one bucket of one series (or of an item's total across locations) to `value`: the total is
 * split across locations in proportion to their baseline bucket totals, then to days in proportion
 * to the baseline's daily values (evenly where the baseline is zero; the current values where a
 * series has no baseline), integers kept integral; the changed days go to `scenarios.edit` as one
 * batch based on `baseVersion`. Splitting by the baseline keeps its weekly shape however often a
 * planner re-enters a bucket.
 */
export async function editCell(db: TenantDb, actor: Actor, rawInput: TPlanEditCell) {
  const input = ZPlanEditCell.parse(rawInput);
  // Baseline first: after the edit, materialising would rebuild the (uncommitted) new version.
  const { scenario, document, baseline, baseKey } = await load(db, input.scenarioId);
  if (scenario.status !== "draft") {
    throw AppError.of("CONFLICT", "scenarioReadOnly", { action: "edit", name: scenario.name, status: scenario.status });
  }
  if (input.baseVersion > scenario.version) {
    throw AppError.of("BAD_REQUEST", "versionNotYet", { version: input.baseVersion, current: scenario.version });
  }
  const buckets = planBuckets(document, input.bucket);
  const b = input.bucketIndex;
  if (b >= buckets.count) throw AppError.of("BAD_REQUEST", "noBucket", { bucket: b, count: buckets.count }, { bucketIndex: ["out of range"] });
  const keys = input.location === ALL_LOCATIONS
    ? Object.keys(document.demandPlan).filter((k) => document.demandPlan[k]!.item === input.item).sort()
    : [`${input.item}@${input.location}`].filter((k) => document.demandPlan[k]);
  if (!keys.length) throw AppError.of("NOT_FOUND", "noDemandPlan", targetValues(input.item, input.location));

  const split = disaggregateBucket(document, baseline, buckets, keys, b, input.value);
  if (!split) throw AppError.of("BAD_REQUEST", "noDaysInBucket", { ...targetValues(input.item, input.location), bucket: buckets.labels[b]! });
  const { edits, newValues, currentTotal } = split;

  let version = scenario.version;
  if (edits.length) {
    const conflict = (_path: string | undefined, changedIn: number | undefined) =>
      AppError.of("CONFLICT", "planCellConflict", {
        ...targetValues(input.item, input.location), bucket: buckets.labels[b]!, changedIn: changedIn ?? "none",
        base: input.baseVersion, current: fmt(currentTotal), yours: fmt(input.value),
      }, { cell: [`${input.item}@${input.location}#${b}`], currentValue: [fmt(currentTotal)] });
    const result = await writeDayEdits(db, actor, scenario.id, input.baseVersion, edits, conflict);
    version = result.scenario.version;
  }

  // The changed rows, from the current totals with the new days applied (no re-materialising).
  const finalTotals = totalsOf(document, buckets, `${scenario.id}:${scenario.version}`);
  const updated = totalsWith(document, buckets, finalTotals, new Map([...newValues].map(([k, nv]) => [k, [nv]])));
  const baseTotals = totalsOf(baseline, buckets, baseKey);
  const rows = buildRows(document, updated, baseTotals, buckets.count, { keys: new Set(keys), aggregates: input.aggregates });
  return { version, applied: edits.length, rows };
}

// ——— forecast consensus layers beside the plan ———

/** The forecast period (index into a version's `periods`) of each grid bucket, or null: matched by label. */
export function matchPeriods(labels: readonly string[], periods: readonly string[]): (number | null)[] {
  const index = new Map(periods.map((p, i) => [p, i] as const));
  return labels.map((l) => index.get(l) ?? null);
}

export interface LayerRow {
  /** The plan row's key, `item@location`. */
  key: string;
  item: string;
  location: string;
  /** Per grid bucket (null: no forecast period there): the statistical forecast, each layer's effect in units, the consensus. */
  baseline: (number | null)[];
  sales: (number | null)[];
  marketing: (number | null)[];
  finance: (number | null)[];
  consensus: (number | null)[];
  /** The adjustments behind the layers, with the grid bucket they fall in. */
  adjustments: { layer: Layer; bucket: number; period: number; kind: "absolute" | "percent"; value: number; comment: string | null }[];
}

type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

/** The version asked for, or the default for a bucket: the newest frozen one, else the newest. */
async function chooseVersion(db: TenantDb, bucket: PlanBucket, versionId: string | undefined) {
  const all = await listVersions(db);
  let chosen: VersionRow | null = null;
  if (versionId) {
    chosen = all.find((v) => v.id === versionId) ?? null;
    if (!chosen) {
      const v = await db.forecastVersion.findUnique({ where: { id: versionId } });
      if (!v) throw AppError.of("NOT_FOUND", "forecastVersionNotFound");
      chosen = { ...v, createdAt: v.createdAt.toISOString(), frozenAt: v.frozenAt?.toISOString() ?? null };
    }
  } else {
    const same = all.filter((v) => v.bucket === bucket);
    chosen = same.find((v) => v.frozenAt) ?? same[0] ?? null;
  }
  return { all, chosen };
}

/** Per series of a version (`item@location` → baseline, adjustments and their consensus, by consensus.ts). */
async function versionConsensus(db: TenantDb, versionId: string, wanted: Set<string> | null) {
  const series = await db.forecastSeries.findMany({ where: { versionId }, select: { item: true, location: true, baseline: true } });
  const adjustments = await db.forecastAdjustment.findMany({
    where: { versionId },
    select: { item: true, location: true, layer: true, period: true, kind: true, value: true, comment: true },
    orderBy: [{ layer: "asc" }, { period: "asc" }],
  });
  type Adjustment = { layer: string; period: number; kind: string; value: number; comment: string | null };
  const byKey = new Map<string, Adjustment[]>();
  for (const a of adjustments) {
    const key = `${a.item}@${a.location}`;
    if (wanted && !wanted.has(key)) continue;
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push({ layer: a.layer, period: a.period, kind: a.kind, value: Number(a.value), comment: a.comment });
  }
  const out = new Map<string, { baseline: number[]; adjustments: Adjustment[]; layers: Record<Layer, number[]>; consensus: number[] }>();
  for (const s of series) {
    const key = `${s.item}@${s.location}`;
    if (wanted && !wanted.has(key)) continue;
    const baseline = (s.baseline as (number | null)[]).map((x) => x ?? 0);
    const adj = byKey.get(key) ?? [];
    const { layers, consensus } = consensusOf(baseline, adj);
    out.set(key, { baseline, adjustments: adj, layers, consensus });
  }
  return { series: series.length, byKey: out };
}

/** The plan's series keys (sorted like the grid's rows) under the same filters as `planRows`. */
function planKeys(document: ScenarioDocument, opts: { keys?: readonly string[]; item?: string; location?: string }) {
  const itemQ = opts.item?.trim().toLowerCase();
  const locQ = opts.location?.trim().toLowerCase();
  const keys = opts.keys ? new Set(opts.keys) : null;
  return Object.entries(document.demandPlan)
    .filter(([k, s]) => (!keys || keys.has(k)) && (!itemQ || s.item.toLowerCase().includes(itemQ)) && (!locQ || s.location.toLowerCase().includes(locQ)))
    .sort(([, a], [, b]) => (a.item < b.item ? -1 : a.item > b.item ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0))
    .map(([k, s]) => ({ key: k, item: s.item, location: s.location }));
}

/**
 * The consensus layers of a forecast version beside the demand plan: for each item × location row
 * present in both, per grid bucket the version's statistical forecast, the sales, marketing and
 * finance layers (in units) and the consensus (as consensus.ts computes them), null where the
 * bucket has no forecast period. Periods outside the scenario's horizon are ignored. Which layers
 * `role` may adjust (through `forecast.adjust`), none in a frozen version.
 */
export async function forecastLayers(db: TenantDb, role: Role, rawInput: TPlanForecastLayers) {
  const input = ZPlanForecastLayers.parse(rawInput);
  const { scenario, document } = await materialise(db, input.scenarioId);
  const buckets = planBuckets(document, input.bucket);
  const { all, chosen } = await chooseVersion(db, input.bucket, input.versionId);
  const versions = all.map((v) => ({ id: v.id, name: v.name, bucket: v.bucket as PlanBucket, createdAt: v.createdAt, frozenAt: v.frozenAt, periods: (v.periods as string[]).length }));
  const base = { scenario: { id: scenario.id, version: scenario.version, status: scenario.status }, bucket: input.bucket, versions };
  if (!chosen) return { ...base, version: null, periodOfBucket: buckets.labels.map(() => null), matchedBuckets: 0, ignoredPeriods: 0, seriesInVersion: 0, seriesInPlan: 0, editable: { sales: false, marketing: false, finance: false }, rows: [] as LayerRow[] };

  const periods = chosen.periods as string[];
  const periodOfBucket = matchPeriods(buckets.labels, periods);
  const matchedBuckets = periodOfBucket.filter((p) => p !== null).length;
  const frozenBy = chosen.frozenBy ? await db.user.findUnique({ where: { id: chosen.frozenBy }, select: { name: true, email: true } }) : null;
  const plan = planKeys(document, input);
  const { series, byKey } = await versionConsensus(db, chosen.id, new Set(plan.map((p) => p.key)));
  const pick = (arr: readonly number[]) => periodOfBucket.map((p) => (p === null ? null : round(arr[p] ?? 0)));
  const bucketOfPeriod = new Map(periodOfBucket.map((p, b) => [p, b] as const));
  const rows: LayerRow[] = [];
  for (const p of plan) {
    const c = byKey.get(p.key);
    if (!c) continue;
    rows.push({
      ...p,
      baseline: pick(c.baseline),
      sales: pick(c.layers.sales),
      marketing: pick(c.layers.marketing),
      finance: pick(c.layers.finance),
      consensus: pick(c.consensus),
      adjustments: c.adjustments.flatMap((a) => {
        const b = bucketOfPeriod.get(a.period);
        return b === undefined ? [] : [{ layer: a.layer as Layer, bucket: b, period: a.period, kind: a.kind as "absolute" | "percent", value: a.value, comment: a.comment }];
      }),
    });
  }
  const frozen = Boolean(chosen.frozenAt);
  const editable = Object.fromEntries(LAYERS.map((l) => [l, !frozen && can(role, LAYER_PERMISSION[l])])) as Record<Layer, boolean>;
  return {
    ...base,
    version: {
      id: chosen.id, name: chosen.name, bucket: chosen.bucket as PlanBucket, periods, createdAt: chosen.createdAt,
      frozenAt: chosen.frozenAt, frozenBy: frozenBy ? frozenBy.name || frozenBy.email : null,
      /** False when the version is by another bucket than the grid (nothing matches then). */
      bucketMatches: chosen.bucket === input.bucket,
    },
    periodOfBucket,
    matchedBuckets,
    ignoredPeriods: periods.length - matchedBuckets,
    seriesInVersion: series,
    seriesInPlan: plan.length,
    editable,
    rows,
  };
}

/**
 * "Use consensus as plan": sets every matched bucket of the chosen series (all series the version
 * forecasts when none are named) to the version's consensus, through the same bucket edit as a
 * cell edit (split to days by the baseline's shape), as one `scenarios.edit` batch based on
 * `baseVersion` — one new scenario version; a bucket someone changed since is refused as stale
 * and nothing is written. Buckets already at the consensus, and those without a forecast, are left.
 */
export async function useConsensus(db: TenantDb, actor: Actor, rawInput: TPlanUseConsensus) {
  const input = ZPlanUseConsensus.parse(rawInput);
  const { scenario, document, baseline, baseKey } = await load(db, input.scenarioId);
  if (scenario.status !== "draft") {
    throw AppError.of("CONFLICT", "scenarioReadOnly", { action: "edit", name: scenario.name, status: scenario.status });
  }
  if (input.baseVersion > scenario.version) {
    throw AppError.of("BAD_REQUEST", "versionNotYet", { version: input.baseVersion, current: scenario.version });
  }
  const v = await db.forecastVersion.findUnique({ where: { id: input.versionId }, select: { id: true, name: true, bucket: true, periods: true } });
  if (!v) throw AppError.of("NOT_FOUND", "forecastVersionNotFound");
  const buckets = planBuckets(document, input.bucket);
  const periodOfBucket = matchPeriods(buckets.labels, v.periods as string[]);
  const plan = [...new Set(input.keys ?? Object.keys(document.demandPlan))].sort();
  for (const key of plan) {
    if (!document.demandPlan[key]) {
      const [item = key, location = ""] = key.split("@");
      throw AppError.of("NOT_FOUND", "noDemandPlan", targetValues(item, location));
    }
  }
  const { byKey } = await versionConsensus(db, v.id, new Set(plan));
  if (input.keys) {
    const missing = input.keys.find((k) => !byKey.has(k));
    if (missing) {
      const s = document.demandPlan[missing]!;
      throw AppError.of("NOT_FOUND", "noForecastFor", { item: s.item, location: s.location });
    }
  }

  const finalTotals = totalsOf(document, buckets, `${scenario.id}:${scenario.version}`);
  const edits: { path: string; value: number }[] = [];
  const changed = new Map<string, { from: number; values: number[] }[]>();
  /** Which bucket each edited path belongs to, for a conflict message. */
  const targets = new Map<string, { key: string; b: number; current: number; value: number }>();
  let matched = 0;
  let cells = 0;
  for (const key of plan) {
    const c = byKey.get(key);
    if (!c) continue;
    const totals = finalTotals.get(key);
    periodOfBucket.forEach((p, b) => {
      if (p === null) return;
      const value = round(c.consensus[p] ?? 0);
      const split = disaggregateBucket(document, baseline, buckets, [key], b, value);
      if (!split) return; // the series has no days in this bucket
      matched += 1;
      if (Math.abs((totals?.[b] ?? split.currentTotal) - value) < 1e-9 || !split.edits.length) return;
      cells += 1;
      for (const e of split.edits) {
        edits.push(e);
        targets.set(e.path, { key, b, current: split.currentTotal, value });
      }
      const nv = split.newValues.get(key)!;
      (changed.get(key) ?? changed.set(key, []).get(key)!).push(nv);
    });
  }

  let version = scenario.version;
  if (edits.length) {
    const conflict = (path: string | undefined, changedIn: number | undefined) => {
      const t = (path && targets.get(path)) || targets.values().next().value!;
      const s = document.demandPlan[t.key]!;
      return AppError.of("CONFLICT", "planCellConflict", {
        ...targetValues(s.item, s.location), bucket: buckets.labels[t.b]!, changedIn: changedIn ?? "none",
        base: input.baseVersion, current: fmt(t.current), yours: fmt(t.value),
      }, { cell: [`${t.key}#${t.b}`], currentValue: [fmt(t.current)] });
    };
    const result = await writeDayEdits(db, actor, scenario.id, input.baseVersion, edits, conflict);
    version = result.scenario.version;
    await recordAudit(db, actor, {
      entity: "scenario", entityId: scenario.id, action: "adoptConsensus",
      before: { version: scenario.version },
      after: { version, forecastVersion: { id: v.id, name: v.name }, series: changed.size, buckets: cells },
    });
  }

  const updated = totalsWith(document, buckets, finalTotals, changed);
  const baseTotals = totalsOf(baseline, buckets, baseKey);
  const rows = buildRows(document, updated, baseTotals, buckets.count, { keys: new Set(changed.keys()), aggregates: input.aggregates });
  /** `applied`: days written; `series` and `cells`: series and buckets changed; `matchedCells`: series × buckets with a forecast. */
  return { version, applied: edits.length, series: changed.size, cells, matchedCells: matched, rows };
}

// ——— change feed ———

const unescapeToken = (t: string) => t.replace(/~1/g, "/").replace(/~0/g, "~");

/** The demand-plan series a patch touches; `all` when it touches the plan as a whole. */
export function touchedSeries(ops: readonly Operation[]): { keys: string[]; all: boolean } {
  const keys = new Set<string>();
  let all = false;
  for (const p of writtenPaths(ops)) {
    const parts = p.split("/");
    if (parts[1] !== "demandPlan") continue;
    if (parts.length < 3) all = true;
    else keys.add(unescapeToken(parts[2]!));
  }
  return { keys: [...keys], all };
}

/** What changed after `version`: who, which version, which series; plus status and comment count. */
export async function changesSince(db: TenantDb, scenarioId: string, version: number) {
  const row = await db.scenario.findUnique({ where: { id: scenarioId }, select: { version: true, status: true, baseVersion: true } });
  if (!row) throw new AppError("NOT_FOUND", "The scenario was not found");
  const history = version < row.version
    ? await db.scenarioHistory.findMany({
        where: { scenarioId, version: { gt: version }, kind: { in: CONTENT_KINDS } },
        orderBy: { version: "asc" },
        take: 500,
        select: { version: true, kind: true, actorId: true, patch: true, createdAt: true },
      })
    : [];
  const actorIds = [...new Set(history.map((h) => h.actorId))];
  const users = actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const comments = await db.scenarioComment.aggregate({ where: { scenarioId }, _count: { _all: true }, _max: { createdAt: true } });
  return {
    version: row.version,
    status: row.status,
    changes: history.map((h) => {
      const t = touchedSeries(h.patch as unknown as Operation[]);
      return {
        version: h.version, kind: h.kind, actorId: h.actorId,
        actorName: byId.get(h.actorId)?.name || byId.get(h.actorId)?.email || null,
        createdAt: h.createdAt.toISOString(),
        keys: t.keys, all: t.all || h.kind !== "edit",
      };
    }),
    // Capped at 500 per call: the client asks again from the last version it got.
    more: history.length === 500,
    comments: { count: comments._count._all, latestAt: comments._max.createdAt?.toISOString() ?? null },
  };
}

/** The scenario's comments (cell-threaded by target) with their authors' names. */
export async function commentsWithAuthors(db: TenantDb, scenarioId: string) {
  const rows = await listComments(db, scenarioId);
  const ids = [...new Set(rows.map((c) => c.authorId))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u.name || u.email]));
  return rows.map((c) => ({ id: c.id, target: c.target, body: c.body, parentId: c.parentId, authorId: c.authorId, authorName: byId.get(c.authorId) ?? null, createdAt: c.createdAt }));
}

// ——— presence (in the database, so every app process lists the same people) ———

/** A heartbeat older than this is stale: its user has closed the grid (the grid beats every 5 s). */
const PRESENCE_TTL_SECONDS = 15;

/**
 * Records that `userId` has the scenario open (`state`) and returns who has it open now, by name,
 * from every app process. Times are the database's, so app processes' clocks need not agree.
 * Stale rows are deleted on the way.
 */
export async function presence(db: TenantDb, scenarioId: string, userId: string, state: "viewing" | "editing") {
  const scenario = await db.scenario.findUnique({ where: { id: scenarioId }, select: { id: true } });
  if (!scenario) throw AppError.of("NOT_FOUND", "scenarioNotFound");
  await db.$executeRaw`
    insert into scenario_presence (scenario_id, user_id, state, seen_at) values (${scenarioId}::uuid, ${userId}::uuid, ${state}, now())
    on conflict (scenario_id, user_id) do update set state = excluded.state, seen_at = excluded.seen_at`;
  // Stale rows of this scenario, and the tenant's rows of scenarios nobody has opened for a day.
  // Rows another heartbeat holds are skipped, not waited for: two heartbeats each deleting the
  // other's stale row would otherwise deadlock (and a held row is being refreshed anyway).
  await db.$executeRaw`
    delete from scenario_presence where ctid in (
      select ctid from scenario_presence
      where (scenario_id = ${scenarioId}::uuid and seen_at < now() - make_interval(secs => ${PRESENCE_TTL_SECONDS}))
         or seen_at < now() - interval '1 day'
      for update skip locked)`;
  const rows = await db.$queryRaw<{ userId: string; state: "viewing" | "editing"; name: string; email: string }[]>`
    select p.user_id::text as "userId", p.state, u.name, u.email
    from scenario_presence p join users u on u.id = p.user_id
    where p.scenario_id = ${scenarioId}::uuid`;
  return rows
    .map((r) => ({ userId: r.userId, name: r.name || r.email, state: r.state }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
}
