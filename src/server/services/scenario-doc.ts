/**
 * Pure scenario-document logic (no I/O): upgrading older schema versions, JSON-Patch diffs and
 * their inverses, conflict detection for concurrent edits and rebases, readable differences, and
 * conversion from/to the simulation model.
 */
import jsonpatch, { type Operation } from "fast-json-patch";
import type { SimulationModel, PolicySpec } from "../engine/sim/index.ts";
import {
  SCENARIO_SCHEMA_VERSION,
  cellKey,
  scenarioDocumentSchema,
  scenarioDocumentV1Schema,
  type ScenarioDocument,
  type ScenarioDocumentV1,
} from "../../schemas/scenario.ts";

export type { Operation };

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS);
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export class DocumentError extends Error {
  constructor(message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = "DocumentError";
  }
}

// ——— schema versions ———

/** v1 → v2: the policy array becomes an object keyed by item@location; `s`/`S` become reorderPoint/orderUpTo. */
export function migrateV1toV2(doc: ScenarioDocumentV1): Record<string, unknown> {
  const policies: Record<string, unknown> = {};
  for (const p of doc.policies) {
    const { s, S, ...rest } = p;
    const renamed: Record<string, unknown> = { ...rest };
    // minMax and rQ never used s/S (min/max, reorderPoint/orderQuantity had their own names).
    if (s !== undefined) renamed.reorderPoint = s;
    if (S !== undefined) renamed.orderUpTo = S;
    policies[cellKey(p.item, p.location)] = renamed;
  }
  const demandPlan: Record<string, unknown> = {};
  for (const series of Object.values(doc.demandPlan)) demandPlan[cellKey(series.item, series.location)] = series;
  return { ...doc, schema_version: 2, policies, demandPlan };
}

/** migrations[n] upgrades a document from schema_version n to n + 1 (validating version n first). */
const MIGRATIONS: Record<number, (doc: unknown) => Record<string, unknown>> = {
  1: (doc) => migrateV1toV2(parseOrThrow(scenarioDocumentV1Schema, doc, 1)),
};

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, doc: unknown, version: number): T {
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: "/" + i.path.map(String).join("/"), message: i.message }));
  throw new DocumentError(
    `The scenario document (schema_version ${version}) is invalid: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join("; ")}`,
    issues,
  );
}

/** The document's schema_version (1 when an old document lacks it). */
export function versionOf(doc: unknown): number {
  const v = (doc as { schema_version?: unknown } | null)?.schema_version;
  return typeof v === "number" && Number.isInteger(v) ? v : 1;
}

/** Upgrades a document step by step up to `target` without validating the result. */
export function upgradeTo(doc: unknown, target: number): Record<string, unknown> {
  let cur = doc as Record<string, unknown>;
  for (let v = versionOf(doc); v < target; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new DocumentError(`No migration from scenario schema_version ${v}`);
    cur = step(cur);
  }
  return cur;
}

/** Any supported document → a validated current-version document. */
export function upgradeDocument(doc: unknown): ScenarioDocument {
  const v = versionOf(doc);
  if (v > SCENARIO_SCHEMA_VERSION) {
    throw new DocumentError(`This scenario document has schema_version ${v}, newer than this app understands (${SCENARIO_SCHEMA_VERSION})`);
  }
  return validateDocument(upgradeTo(doc, SCENARIO_SCHEMA_VERSION));
}

export function validateDocument(doc: unknown): ScenarioDocument {
  return parseOrThrow(scenarioDocumentSchema, doc, SCENARIO_SCHEMA_VERSION);
}

/** Number of demand-plan cells (item × location × day), the document's bulk. */
export function cellCount(doc: ScenarioDocument): number {
  let n = 0;
  for (const s of Object.values(doc.demandPlan)) n += s.values.length;
  return n;
}

// ——— patches ———

/** Applies a patch to a deep copy: the input document is never modified. */
export function applyDiff<T>(doc: T, ops: readonly Operation[]): T {
  if (!ops.length) return doc;
  return jsonpatch.applyPatch(jsonpatch.deepClone(doc), ops as Operation[], false, true).newDocument;
}

/** The plain diff a child stores: compact (no test ops). */
export function diffOf(from: unknown, to: unknown): Operation[] {
  return jsonpatch.compare(from as object, to as object);
}

/** An invertible patch (each replace/remove preceded by a test of the old value), for history. */
export function invertiblePatch(from: unknown, to: unknown): Operation[] {
  return jsonpatch.compare(from as object, to as object, true);
}

/** The inverse of an invertible patch: applied to its result it gives back its input. */
export function invertPatch(ops: readonly Operation[]): Operation[] {
  const out: Operation[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    const prev = ops[i - 1];
    const old = prev && prev.op === "test" && prev.path === op.path ? prev.value : undefined;
    switch (op.op) {
      case "test":
        break;
      case "add":
        out.push({ op: "test", path: op.path, value: op.value }, { op: "remove", path: op.path });
        break;
      case "replace":
        if (old === undefined) throw new DocumentError(`Patch is not invertible at ${op.path}: replace without a preceding test`);
        out.push({ op: "test", path: op.path, value: op.value }, { op: "replace", path: op.path, value: old });
        break;
      case "remove":
        if (old === undefined) throw new DocumentError(`Patch is not invertible at ${op.path}: remove without a preceding test`);
        out.push({ op: "add", path: op.path, value: old });
        break;
      default:
        throw new DocumentError(`Patch is not invertible: ${op.op} at ${op.path}`);
    }
  }
  return out;
}

/** Paths a patch writes (test ops only read). */
export function writtenPaths(ops: readonly Operation[]): string[] {
  return ops.filter((o) => o.op !== "test").map((o) => o.path);
}

/** Same cell, or one path inside the other (editing a row conflicts with editing its cells). */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(b + "/") || b.startsWith(a + "/");
}

/**
 * The versions that wrote each path, indexed so that finding the first version after `base` that
 * wrote a path overlapping `path` (see `pathsOverlap`) costs one lookup per segment of `path`,
 * not a scan of every path written since: a batch of thousands of edits checked against
 * thousands of changed cells would otherwise be quadratic.
 */
export class ChangeIndex {
  /** Path → versions that wrote it. */
  private readonly exact = new Map<string, number[]>();
  /** Path → versions that wrote somewhere below it. */
  private readonly below = new Map<string, number[]>();

  constructor(changes: readonly { version: number; paths: readonly string[] }[]) {
    for (const { version, paths } of changes) {
      for (const p of paths) {
        addVersion(this.exact, p, version);
        for (const a of ancestors(p)) addVersion(this.below, a, version);
      }
    }
  }

  /** The first version after `base` that wrote `path`, a path inside it or a path it is inside. */
  firstAfter(path: string, base: number): number | undefined {
    let first: number | undefined;
    const consider = (versions: number[] | undefined) => {
      for (const v of versions ?? []) if (v > base && (first === undefined || v < first)) first = v;
    };
    consider(this.exact.get(path));
    consider(this.below.get(path));
    for (const a of ancestors(path)) consider(this.exact.get(a));
    return first;
  }
}

function addVersion(index: Map<string, number[]>, path: string, version: number): void {
  const versions = index.get(path);
  if (!versions) index.set(path, [version]);
  else if (versions[versions.length - 1] !== version) versions.push(version);
}

/** "/a/b/c" → "/a/b", "/a". */
function* ancestors(path: string): Generator<string> {
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) yield path.slice(0, i);
}

export function valueAt(doc: unknown, path: string): unknown {
  try {
    return jsonpatch.getValueByPointer(doc, path);
  } catch {
    return undefined;
  }
}

/** JSON-Patch operations setting each `path` to its `value`; an undefined value removes what is there. */
export function editOps(doc: unknown, edits: readonly { path: string; value: unknown }[]): Operation[] {
  return edits.flatMap((e): Operation[] => {
    const present = valueAt(doc, e.path) !== undefined;
    if (e.value === undefined) return present ? [{ op: "remove", path: e.path }] : [];
    return [present ? { op: "replace", path: e.path, value: e.value } : { op: "add", path: e.path, value: e.value }];
  });
}

export interface RebaseConflict {
  path: string;
  parentValue: unknown;
  childValue: unknown;
}

/**
 * Re-applies a child's diff (made against `parentThen`) onto `parentNow`. A conflict is a path the
 * parent changed and the child also changed, to a different value; with conflicts nothing is
 * applied (the caller decides), otherwise the rebased document is returned.
 */
export function rebaseDocument(
  parentThen: unknown,
  parentNow: unknown,
  childDiff: readonly Operation[],
): { conflicts: RebaseConflict[]; document: unknown | null } {
  const parentPaths = writtenPaths(diffOf(parentThen, parentNow));
  const childDoc = applyDiff(parentThen, childDiff);
  const conflicts: RebaseConflict[] = [];
  const seen = new Set<string>();
  for (const cp of writtenPaths(childDiff)) {
    for (const pp of parentPaths) {
      if (!pathsOverlap(cp, pp)) continue;
      // Compare at the wider of the two paths: the whole row when one side changed the row.
      const path = cp.length <= pp.length ? cp : pp;
      if (seen.has(path)) continue;
      const parentValue = valueAt(parentNow, path);
      const childValue = valueAt(childDoc, path);
      if (!jsonpatch._areEquals(parentValue, childValue)) {
        seen.add(path);
        conflicts.push({ path, parentValue: parentValue ?? null, childValue: childValue ?? null });
      }
    }
  }
  if (conflicts.length) return { conflicts, document: null };
  // Ops whose target the parent already set to the same value are no-ops; apply the rest.
  const ops = childDiff.filter((op) => !parentPaths.some((pp) => pathsOverlap(op.path, pp)));
  return { conflicts: [], document: applyDiff(parentNow, ops) };
}

// ——— readable differences ———

export interface InputDifference {
  path: string;
  from: unknown;
  to: unknown;
  text: string;
}

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));
const unescapeToken = (t: string) => t.replace(/~1/g, "/").replace(/~0/g, "~");

function placeName(docs: readonly ScenarioDocument[], location: string): string {
  for (const d of docs) {
    const l = d.network.locations.find((x) => x.id === location);
    if (l) return `${l.kind} ${location}`;
  }
  return `location ${location}`;
}

/** One line per changed value, named in planners' words ("store S12, item A: reorderPoint 40 → 55"). */
export function describeDifferences(a: ScenarioDocument, b: ScenarioDocument): InputDifference[] {
  const out: InputDifference[] = [];
  for (const op of diffOf(a, b)) {
    const from = valueAt(a, op.path);
    const to = op.op === "remove" ? undefined : valueAt(b, op.path);
    const parts = op.path.split("/").slice(1).map(unescapeToken);
    out.push({ path: op.path, from: from ?? null, to: to ?? null, text: describe(parts, from, to, a, b) });
  }
  return out;
}

/** A cell's name in planners' words ("store S12, item A, demand 2026-01-05"). */
export function cellLabel(doc: ScenarioDocument, path: string): string {
  return describe(path.split("/").slice(1).map(unescapeToken), undefined, undefined, doc, doc, true);
}

function describe(parts: string[], from: unknown, to: unknown, a: ScenarioDocument, b: ScenarioDocument, labelOnly = false): string {
  const change = (label: string) =>
    labelOnly ? label.replace(/:$/, "") : from === undefined ? `${label} added: ${show(to)}` : to === undefined ? `${label} removed (was ${show(from)})` : `${label} ${show(from)} → ${show(to)}`;
  const [section, key, field, ...rest] = parts;
  const entry = (doc: ScenarioDocument) => (section === "policies" ? doc.policies[key!] : doc.demandPlan[key!]);
  if ((section === "policies" || section === "demandPlan") && key) {
    const e = entry(b) ?? entry(a);
    const where = e ? `${placeName([b, a], e.location)}, item ${e.item}` : key;
    if (!field) return change(`${where}: ${section === "policies" ? "policy" : "demand plan"}`);
    if (section === "demandPlan" && field === "values" && rest[0] !== undefined) {
      const series = (b.demandPlan[key] ?? a.demandPlan[key])!;
      return change(`${where}, demand ${isoOfDay(dayNumber(series.startDate) + Number(rest[0]))}:`);
    }
    return change(`${where}: ${[field, ...rest].join(".")}`);
  }
  if (section === "network" && key && field !== undefined) {
    const i = Number(field);
    const name = (doc: ScenarioDocument) => {
      if (key === "locations") { const l = doc.network.locations[i]; return l && `${l.kind} ${l.id}`; }
      if (key === "items") { const it = doc.network.items[i]; return it && `item ${it.id}`; }
      if (key === "lanes") { const l = doc.network.lanes[i]; return l && `lane ${l.from} → ${l.to}`; }
      const bom = doc.network.boms?.[i];
      return bom && `BOM of ${bom.item} at ${bom.location}`;
    };
    const label = name(b) ?? name(a) ?? `${key} #${i + 1}`;
    return change(rest.length ? `${label}: ${rest.join(".")}` : label);
  }
  if (section === "supply") return change(`supply: ${[key, field, ...rest].filter((x) => x !== undefined).join(".")}`);
  return change(parts.join("/"));
}

// ——— simulation model ———

/** A document from a simulation model whose demand is given as daily series (replayed history). */
export function fromSimulationModel(model: SimulationModel): ScenarioDocument {
  const startDate = model.startDate ?? "2026-01-01";
  const policies: Record<string, PolicySpec> = {};
  for (const p of model.policies) policies[cellKey(p.item, p.location)] = p;
  const demandPlan: ScenarioDocument["demandPlan"] = {};
  for (const d of model.demand) {
    const values = "series" in d
      ? Array.from(d.series.slice(0, model.horizonDays))
      // A distribution becomes its mean every day: the plan is a point forecast.
      : Array.from({ length: model.horizonDays }, () => ("mean" in d.distribution ? Math.max(0, d.distribution.mean) : 0));
    demandPlan[cellKey(d.item, d.location)] = { item: d.item, location: d.location, startDate, values };
  }
  return validateDocument({
    schema_version: SCENARIO_SCHEMA_VERSION,
    network: JSON.parse(JSON.stringify(model.network)),
    policies: JSON.parse(JSON.stringify(policies)),
    demandPlan,
    supply: {
      horizonDays: model.horizonDays,
      startDate,
      seed: model.seed,
      warmupDays: model.options?.warmupDays ?? 0,
      holdingRatePerYear: model.options?.holdingRatePerYear ?? 0.2,
      productionCapacityPerDay: {},
    },
  });
}

/** The simulation model a scenario describes: demand series aligned to the supply start date. */
export function toSimulationModel(doc: ScenarioDocument): SimulationModel {
  const start = dayNumber(doc.supply.startDate);
  const horizon = doc.supply.horizonDays;
  const capacity = doc.supply.productionCapacityPerDay;
  return {
    network: {
      ...doc.network,
      locations: doc.network.locations.map((l) => (capacity[l.id] !== undefined ? { ...l, productionCapacityPerDay: capacity[l.id] } : l)),
    },
    policies: Object.values(doc.policies),
    demand: Object.values(doc.demandPlan).map((s) => {
      const offset = dayNumber(s.startDate) - start;
      // Days the plan does not cover have no demand.
      const series = Array.from({ length: horizon }, (_, d) => s.values[d - offset] ?? 0);
      return { item: s.item, location: s.location, series };
    }),
    horizonDays: horizon,
    seed: doc.supply.seed,
    startDate: doc.supply.startDate,
    options: { warmupDays: doc.supply.warmupDays, holdingRatePerYear: doc.supply.holdingRatePerYear },
  };
}

/** JSON pointer of one demand-plan cell. */
export function demandCellPath(doc: ScenarioDocument, item: string, location: string, date: string): string {
  const key = cellKey(item, location);
  const s = doc.demandPlan[key];
  if (!s) throw new DocumentError(`No demand plan for item ${item} at ${location}`);
  const index = dayNumber(date) - dayNumber(s.startDate);
  if (index < 0 || index >= s.values.length) throw new DocumentError(`${date} is outside the demand plan of item ${item} at ${location}`);
  return `/demandPlan/${jsonpatch.escapePathComponent(key)}/values/${index}`;
}
