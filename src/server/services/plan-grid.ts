/**
 * The collaborative plan grid over a scenario's demand plan: rows of item × location × week/month
 * bucket (the statistical baseline — the parent's document at the child's base version, or a
 * root's first version —, the override and the final value), bucket edits disaggregated to days
 * proportionally to the baseline's daily values and sent as one `scenarios.edit` batch (so a stale
 * edit of the same cell is refused with CONFLICT), the change feed open grids poll, and presence.
 *
 * Presence is kept in memory per app instance (no table for it): with several instances, each
 * shows the users whose heartbeats reached it. Edits and the change feed go through PostgreSQL and
 * work across instances.
 */
import jsonpatch from "fast-json-patch";
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "./audit.ts";
import { editCells, listComments, materialise } from "./scenarios.ts";
import { invertPatch, writtenPaths, type Operation } from "./scenario-doc.ts";
import { aggregate, createTimeBuckets, formatIsoDate, parseIsoDate, splitProportionally, type TimeBuckets } from "../engine/buckets/index.ts";
import type { ScenarioDocument } from "../../schemas/scenario.ts";
import { ALL_LOCATIONS, ZPlanEditCell, ZPlanRows, type PlanBucket, type TPlanEditCell, type TPlanRows } from "../../schemas/plan.ts";

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

function lru<V>(capacity: number) {
  const map = new Map<string, V>();
  return {
    get(k: string) {
      const v = map.get(k);
      if (v !== undefined) {
        map.delete(k);
        map.set(k, v);
      }
      return v;
    },
    set(k: string, v: V) {
      map.delete(k);
      map.set(k, v);
      while (map.size > capacity) map.delete(map.keys().next().value!);
    },
    clear: () => map.clear(),
  };
}
const oldDocuments = lru<ScenarioDocument>(8);
const totalsCache = lru<Map<string, Float64Array>>(16);
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

function frameOf(buckets: TimeBuckets): PlanFrame {
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
  if (!spans.length) throw AppError.of("BAD_REQUEST", "noDaysInBucket", { ...targetValues(input.item, input.location), bucket: buckets.labels[b]! });
  const currentTotal = spans.reduce((x, sp) => x + sp.total, 0);
  const integer = Number.isInteger(input.value) && spans.every((sp) => sp.values.every(Number.isInteger));

  const perSeries = new Float64Array(spans.length);
  splitProportionally(input.value, spans.length, integer, perSeries, 0, spans.map((sp) => sp.weight));
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

  let version = scenario.version;
  if (edits.length) {
    const conflict = (changedIn: number | undefined) =>
      AppError.of("CONFLICT", "planCellConflict", {
        ...targetValues(input.item, input.location), bucket: buckets.labels[b]!, changedIn: changedIn ?? "none",
        base: input.baseVersion, current: fmt(currentTotal), yours: fmt(input.value),
      }, { cell: [`${input.item}@${input.location}#${b}`], currentValue: [fmt(currentTotal)] });
    let result: Awaited<ReturnType<typeof editCells>>;
    try {
      result = await editCells(db, actor, { id: scenario.id, baseVersion: input.baseVersion, edits });
    } catch (e) {
      if (e instanceof AppError && e.code === "CONFLICT" && Object.keys(e.fieldErrors ?? {}).some((p) => p.startsWith("/demandPlan/"))) {
        const m = /version (\d+)/.exec(Object.values(e.fieldErrors!)[0]?.[0] ?? "");
        throw conflict(m ? Number(m[1]) : undefined);
      }
      throw e;
    }
    // Part of the bucket changed under us: refuse the whole bucket (the transaction rolls back).
    if (result.conflicts.length) throw conflict(result.conflicts[0]!.changedInVersion);
    version = result.scenario.version;
  }

  // The changed rows, from the current totals with the new days applied (no re-materialising).
  const finalTotals = totalsOf(document, buckets, `${scenario.id}:${scenario.version}`);
  const updated = new Map(finalTotals);
  for (const [key, nv] of newValues) {
    const s = document.demandPlan[key]!;
    const values = s.values.slice();
    nv.values.forEach((v, d) => (values[nv.from + d] = v));
    updated.set(key, bucketTotals(values, seriesOffset(s.startDate, buckets), buckets));
  }
  const baseTotals = totalsOf(baseline, buckets, baseKey);
  const rows = buildRows(document, updated, baseTotals, buckets.count, { keys: new Set(keys), aggregates: input.aggregates });
  return { version, applied: edits.length, rows };
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

// ——— presence (in memory, per app instance) ———

const PRESENCE_TTL_MS = 15_000;
const presenceByScenario = new Map<string, Map<string, { userId: string; name: string; state: "viewing" | "editing"; at: number }>>();

export function presence(tenantId: string, scenarioId: string, user: { id: string; name: string; email: string }, state: "viewing" | "editing", now = Date.now()) {
  const key = `${tenantId}:${scenarioId}`;
  const users = presenceByScenario.get(key) ?? new Map();
  presenceByScenario.set(key, users);
  users.set(user.id, { userId: user.id, name: user.name || user.email, state, at: now });
  for (const [id, p] of users) if (now - p.at > PRESENCE_TTL_MS) users.delete(id);
  // Forget idle scenarios now and then.
  if (presenceByScenario.size > 1000) {
    for (const [k, m] of presenceByScenario) if ([...m.values()].every((p) => now - p.at > PRESENCE_TTL_MS)) presenceByScenario.delete(k);
  }
  return [...users.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ userId, name, state: s }) => ({ userId, name, state: s }));
}
