/**
 * Scenario use-cases: the scenario tree (roots hold a document, children a JSON-Patch diff from
 * their parent), materialising documents (cached), concurrent cell edits without lost updates,
 * rebasing onto a newer parent, the review workflow, history and restore, comparisons, comments.
 * Every mutation is audited and, when it changes content or status, recorded in scenario_history.
 */
import { createLru } from "../lru.ts";
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { buildSimulationModel } from "./sim-model.ts";
import { ZSimulateParams } from "../../schemas/runs.ts";
import {
  SCENARIO_SCHEMA_VERSION,
  type ScenarioDocument,
  type ScenarioStatus,
  type TAddComment,
  type TCreateChild,
  type TCreateRoot,
  type TEditCells,
  type TUpdateDetails,
} from "../../schemas/scenario.ts";
import {
  DocumentError,
  applyDiff,
  cellLabel,
  describeDifferences,
  diffOf,
  editOps,
  fromSimulationModel,
  invertPatch,
  invertiblePatch,
  ChangeIndex,
  rebaseDocument,
  upgradeDocument,
  upgradeTo,
  validateDocument,
  valueAt,
  writtenPaths,
  type Operation,
  type RebaseConflict,
} from "./scenario-doc.ts";
import jsonpatch from "fast-json-patch";

const ENTITY = "scenario";
/** History kinds that change content (and bump the version). */
const CONTENT_KINDS = ["edit", "rebase", "restore"];

// ——— document cache ———

/**
 * A small LRU of materialised documents keyed by (scenario id, version). A version's document never
 * changes once committed, so entries stay valid across app instances; writes still drop the
 * scenario's entries, and only reads fill the cache (a write's own uncommitted version is never
 * cached, so a rolled-back transaction cannot leave a wrong document behind).
 */
const documents = createLru<ScenarioDocument>(64);
/** For tests and benchmarks. */
export const scenarioCache = { clear: () => documents.clear(), size: () => documents.size };
const invalidate = (id: string) => documents.dropPrefix(id + ":");

// ——— rows ———

const META = {
  id: true, name: true, description: true, tags: true, ownerId: true, parentId: true, version: true, status: true,
  lockedBy: true, lockedAt: true, baseVersion: true, docSchemaVersion: true, createdAt: true, updatedAt: true,
} as const;

type Row = Awaited<ReturnType<typeof loadRow>>;

async function loadRow(db: TenantDb, id: string) {
  const row = await db.scenario.findUnique({ where: { id } });
  if (!row) throw AppError.of("NOT_FOUND", "scenarioNotFound");
  return row;
}

/** Loads the row under a row lock: concurrent writers to one scenario queue instead of racing. */
async function lockRow(db: TenantDb, id: string) {
  await db.$queryRaw`select id from scenarios where id = ${id}::uuid for update`;
  return loadRow(db, id);
}

function meta(row: Omit<Row, "baseline" | "diff" | "tenantId">) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    ownerId: row.ownerId,
    parentId: row.parentId,
    version: row.version,
    status: row.status as ScenarioStatus,
    lockedBy: row.lockedBy,
    lockedAt: row.lockedAt?.toISOString() ?? null,
    baseVersion: row.baseVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DocumentError) {
      const fieldErrors: Record<string, string[]> = {};
      for (const i of e.issues) (fieldErrors[i.path] ??= []).push(i.message);
      throw new AppError("BAD_REQUEST", e.message, Object.keys(fieldErrors).length ? fieldErrors : undefined);
    }
    throw e;
  }
}

// ——— materialising ———

/** The scenario's current document: the root's baseline with every diff down the chain applied. */
async function documentOf(db: TenantDb, row: Row): Promise<ScenarioDocument> {
  const key = `${row.id}:${row.version}`;
  const hit = documents.get(key);
  if (hit) return hit;
  let doc: ScenarioDocument;
  if (!row.parentId) {
    doc = asBadRequest(() => upgradeTo(row.baseline, SCENARIO_SCHEMA_VERSION)) as ScenarioDocument;
  } else {
    const parent = await loadRow(db, row.parentId);
    const base = await documentAt(db, parent, row.baseVersion ?? parent.version);
    doc = applyDiff(base, (row.diff ?? []) as unknown as Operation[]);
  }
  documents.set(key, doc);
  return doc;
}

/** The document as it was at an earlier version: the current one with later history undone. */
async function documentAt(db: TenantDb, row: Row, version: number): Promise<ScenarioDocument> {
  if (version >= row.version) return documentOf(db, row);
  const key = `${row.id}:${version}`;
  const hit = documents.get(key);
  if (hit) return hit;
  const later = await db.scenarioHistory.findMany({
    where: { scenarioId: row.id, version: { gt: version }, kind: { in: CONTENT_KINDS } },
    orderBy: { version: "desc" },
    select: { patch: true },
  });
  // One copy, then undo in place: copying a large document per history row would dominate.
  const doc = jsonpatch.deepClone(await documentOf(db, row)) as ScenarioDocument;
  for (const h of later) jsonpatch.applyPatch(doc, invertPatch(h.patch as unknown as Operation[]), false, true);
  documents.set(key, doc);
  return doc;
}

/** A scenario's metadata and materialised document. */
export async function materialise(db: TenantDb, id: string) {
  const row = await loadRow(db, id);
  const document = await documentOf(db, row);
  const parent = row.parentId ? await db.scenario.findUnique({ where: { id: row.parentId }, select: { version: true } }) : null;
  return { scenario: { ...meta(row), parentVersion: parent?.version ?? null, behindParent: parent ? (row.baseVersion ?? 0) < parent.version : false }, document };
}

// ——— creating ———

export async function createRoot(db: TenantDb, actor: Actor, input: TCreateRoot) {
  const document = input.document !== undefined
    ? asBadRequest(() => upgradeDocument(input.document))
    : fromSimulationModel(await buildSimulationModel(db, ZSimulateParams.parse({
        name: input.name, horizonDays: input.horizonDays, historyDays: input.historyDays, demand: "history",
      })));
  const row = await db.scenario.create({
    data: {
      name: input.name, description: input.description, tags: input.tags, ownerId: actor.userId,
      baseline: document as object, docSchemaVersion: SCENARIO_SCHEMA_VERSION,
    },
    select: META,
  });
  await recordAudit(db, actor, { entity: ENTITY, entityId: row.id, action: "create", after: { name: row.name, description: row.description, tags: row.tags, version: 1 } });
  return meta(row);
}

/** A branch: one row with an empty diff, whatever the size of the parent's document. */
export async function createChild(db: TenantDb, actor: Actor, input: TCreateChild) {
  const parent = await db.scenario.findUnique({ where: { id: input.parentId }, select: { id: true, version: true, status: true } });
  if (!parent) throw AppError.of("NOT_FOUND", "parentScenarioNotFound");
  const row = await db.scenario.create({
    data: {
      name: input.name, description: input.description, tags: input.tags, ownerId: actor.userId,
      parentId: parent.id, diff: [], baseVersion: parent.version, docSchemaVersion: SCENARIO_SCHEMA_VERSION,
    },
    select: META,
  });
  await recordAudit(db, actor, { entity: ENTITY, entityId: row.id, action: "create", after: { name: row.name, parentId: parent.id, baseVersion: parent.version } });
  return meta(row);
}

/** Name, description and tags: audited, no new content version. */
export async function updateDetails(db: TenantDb, actor: Actor, input: TUpdateDetails) {
  const row = await lockRow(db, input.id);
  if (row.status === "archived") throw AppError.of("CONFLICT", "scenarioArchived", { name: row.name });
  const data = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.tags !== undefined && { tags: input.tags }),
  };
  const updated = await db.scenario.update({ where: { id: row.id }, data, select: META });
  await recordAudit(db, actor, {
    entity: ENTITY, entityId: row.id, action: "update",
    before: { name: row.name, description: row.description, tags: row.tags },
    after: { name: updated.name, description: updated.description, tags: updated.tags },
  });
  return meta(updated);
}

// ——— writing content ———

function requireDraft(row: Row, action: "edit" | "rebase") {
  if (row.status !== "draft") throw AppError.of("CONFLICT", "scenarioReadOnly", { action, name: row.name, status: row.status });
}

/** Stores a new document for the scenario (baseline or diff), bumps the version and records history. */
async function writeDocument(
  db: TenantDb,
  actor: Actor,
  row: Row,
  before: ScenarioDocument,
  after: ScenarioDocument,
  change: { kind: "edit" | "rebase"; comment?: string; baseVersion?: number; audit: { before: unknown; after: unknown } },
  /** Precomputed by the cell-edit fast path: the history patch and (children) the new diff. */
  known?: { patch: Operation[]; diff?: Operation[] },
) {
  const baseVersion = change.baseVersion ?? row.baseVersion;
  let data: { baseline?: object; diff?: object; baseVersion?: number | null };
  if (!row.parentId) {
    data = { baseline: after as object };
  } else if (known?.diff) {
    data = { diff: known.diff as object, baseVersion };
  } else {
    const parent = await loadRow(db, row.parentId);
    const parentDoc = await documentAt(db, parent, baseVersion ?? parent.version);
    data = { diff: diffOf(parentDoc, after) as object, baseVersion };
  }
  const version = row.version + 1;
  invalidate(row.id);
  const updated = await db.scenario.update({ where: { id: row.id }, data: { ...data, version, docSchemaVersion: SCENARIO_SCHEMA_VERSION }, select: META });
  // The new document is known: cache it rather than rebuild it on the next read.
  documents.set(`${row.id}:${version}`, after);
  await db.scenarioHistory.create({
    data: { scenarioId: row.id, version, actorId: actor.userId, kind: change.kind, patch: (known?.patch ?? invertiblePatch(before, after)) as object, comment: change.comment ?? null },
  });
  await recordAudit(db, actor, { entity: ENTITY, entityId: row.id, action: change.kind, before: change.audit.before, after: change.audit.after });
  return updated;
}

const DEMAND_CELL = /^\/demandPlan\/([^/]+)\/values\/(\d+)$/;

/**
 * The plan grid's common case — new quantities for existing demand-plan days — without copying,
 * re-validating and re-diffing the whole document (millions of cells): the series touched are
 * copied (copy-on-write; the cached document is never mutated), each value is checked where it
 * lands, and the invertible history patch is built from the edits themselves. Anything else
 * (other paths, new cells, non-numbers) returns null and takes the general path.
 */
function demandCellFastPath(current: ScenarioDocument, edits: readonly { path: string; value: unknown }[]) {
  const located: { key: string; day: number; value: number; old: number; path: string }[] = [];
  for (const e of edits) {
    const m = DEMAND_CELL.exec(e.path);
    if (!m || typeof e.value !== "number" || !Number.isFinite(e.value)) return null;
    const key = m[1]!.replace(/~1/g, "/").replace(/~0/g, "~");
    const series = current.demandPlan[key];
    const day = Number(m[2]);
    if (!series || day >= series.values.length) return null;
    if (e.value < 0) throw AppError.of("BAD_REQUEST", "plannedQuantityNegative", { path: e.path }, { [e.path]: ["must not be negative"] });
    located.push({ key, day, value: e.value, old: series.values[day]!, path: e.path });
  }
  const demandPlan = { ...current.demandPlan };
  const copied = new Set<string>();
  const patch: Operation[] = [];
  for (const l of located) {
    if (!copied.has(l.key)) {
      demandPlan[l.key] = { ...demandPlan[l.key]!, values: demandPlan[l.key]!.values.slice() };
      copied.add(l.key);
    }
    const values = demandPlan[l.key]!.values;
    if (values[l.day] === l.value) continue;
    patch.push({ op: "test", path: l.path, value: values[l.day] }, { op: "replace", path: l.path, value: l.value });
    values[l.day] = l.value;
  }
  return { next: { ...current, demandPlan } as ScenarioDocument, patch };
}

/**
 * A child's diff after cell edits: earlier ops on exactly those paths give way to the new values
 * (applied last, so they win over any broader op earlier in the diff).
 */
function appendToDiff(diff: readonly Operation[], edits: readonly { path: string; value: unknown }[]): Operation[] {
  const paths = new Set(edits.map((e) => e.path));
  return [...diff.filter((op) => !(op.op === "replace" && paths.has(op.path))), ...edits.map((e) => ({ op: "replace" as const, path: e.path, value: e.value }))];
}

export interface CellConflict {
  path: string;
  cell: string;
  currentValue: unknown;
  yourValue: unknown;
  /** The version that changed the cell after the edit's base. */
  changedInVersion: number;
}

/**
 * Applies cell edits made against (possibly) older versions. An edit of a cell nobody changed since
 * its base version is applied; an edit of a cell changed since then is refused (unless it sets the
 * value the cell already has), naming the cell and its current value. When every edit is refused
 * the call fails with CONFLICT; otherwise the refused ones come back in `conflicts`.
 */
export async function editCells(db: TenantDb, actor: Actor, input: TEditCells) {
  const row = await lockRow(db, input.id);
  requireDraft(row, "edit");
  const bases = input.edits.map((e) => e.baseVersion ?? input.baseVersion);
  const newest = Math.max(...bases);
  if (newest > row.version) throw AppError.of("BAD_REQUEST", "versionNotYet", { version: newest, current: row.version });
  const oldest = Math.min(...bases);
  const since = oldest < row.version
    ? await db.scenarioHistory.findMany({
        where: { scenarioId: row.id, version: { gt: oldest }, kind: { in: CONTENT_KINDS } },
        select: { version: true, patch: true },
      })
    : [];
  const changed = new ChangeIndex(since.map((h) => ({ version: h.version, paths: writtenPaths(h.patch as unknown as Operation[]) })));
  const current = await documentOf(db, row);

  // Only a field can be removed: removing a list element would shift the elements after it.
  for (const edit of input.edits) {
    if (edit.remove && Array.isArray(valueAt(current, edit.path.slice(0, edit.path.lastIndexOf("/"))))) {
      throw AppError.of("BAD_REQUEST", "cannotRemoveListElement", { path: edit.path }, { [edit.path]: ["only a field can be removed"] });
    }
  }
  /** A value of undefined removes (see ZCellEdit.remove). */
  const accepted: { path: string; value: unknown }[] = [];
  const conflicts: CellConflict[] = [];
  input.edits.forEach((edit, i) => {
    const base = bases[i]!;
    const currentValue = valueAt(current, edit.path);
    const staleIn = changed.firstAfter(edit.path, base);
    const value = edit.remove ? undefined : edit.value;
    if (staleIn !== undefined && !jsonpatch._areEquals(currentValue, value)) {
      conflicts.push({ path: edit.path, cell: cellLabel(current, edit.path), currentValue: currentValue ?? null, yourValue: value ?? null, changedInVersion: staleIn });
    } else {
      accepted.push({ path: edit.path, value });
    }
  });
  if (!accepted.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const c of conflicts) fieldErrors[c.path] = [`changed by someone else in version ${c.changedInVersion}: it is now ${JSON.stringify(c.currentValue)}`];
    const c = conflicts[0]!;
    throw AppError.of("CONFLICT", "cellConflict", {
      cell: c.cell, changedIn: c.changedInVersion, base: bases[input.edits.findIndex((e) => e.path === c.path)]!,
      current: JSON.stringify(c.currentValue), yours: JSON.stringify(c.yourValue), more: conflicts.length - 1,
    }, fieldErrors);
  }
  const fast = demandCellFastPath(current, accepted);
  if (fast) {
    const cellsBefore = Object.fromEntries(accepted.map((e) => [e.path, valueAt(current, e.path) ?? null]));
    const cellsAfter = Object.fromEntries(accepted.map((e) => [e.path, e.value ?? null]));
    if (!fast.patch.length) return { scenario: meta(row), applied: accepted.length, conflicts };
    const diff = row.parentId ? appendToDiff((row.diff ?? []) as unknown as Operation[], accepted) : undefined;
    const updated = await writeDocument(db, actor, row, current, fast.next, {
      kind: "edit",
      audit: { before: { version: row.version, cells: cellsBefore }, after: { version: row.version + 1, cells: cellsAfter } },
    }, { patch: fast.patch, diff });
    return { scenario: meta(updated), applied: accepted.length, conflicts };
  }
  const next = asBadRequest(() => {
    // A path into something that does not exist (e.g. a missing series) fails here with its reason.
    let doc: unknown;
    try {
      doc = applyDiff(current, editOps(current, accepted));
    } catch (e) {
      throw new DocumentError(`Cannot apply the edit: ${(e as Error).message.split("\n")[0]}`);
    }
    return validateDocument(doc);
  });
  const patch = invertiblePatch(current, next);
  if (!patch.length) return { scenario: meta(row), applied: accepted.length, conflicts };
  const cellsBefore = Object.fromEntries(accepted.map((e) => [e.path, valueAt(current, e.path) ?? null]));
  const cellsAfter = Object.fromEntries(accepted.map((e) => [e.path, e.value ?? null]));
  const updated = await writeDocument(db, actor, row, current, next, {
    kind: "edit",
    audit: { before: { version: row.version, cells: cellsBefore }, after: { version: row.version + 1, cells: cellsAfter } },
  });
  return { scenario: meta(updated), applied: accepted.length, conflicts };
}

/**
 * Moves a child onto its parent's current document by re-applying its own changes. Conflicts
 * (a value both changed, differently) are reported and nothing is written.
 */
export async function rebase(db: TenantDb, actor: Actor, id: string): Promise<{ rebased: boolean; conflicts: RebaseConflict[]; scenario: ReturnType<typeof meta> }> {
  const row = await lockRow(db, id);
  if (!row.parentId) throw AppError.of("BAD_REQUEST", "rootHasNoParent");
  requireDraft(row, "rebase");
  const parent = await loadRow(db, row.parentId);
  const baseVersion = row.baseVersion ?? parent.version;
  if (baseVersion >= parent.version) return { rebased: false, conflicts: [], scenario: meta(row) };
  const parentThen = await documentAt(db, parent, baseVersion);
  const parentNow = await documentOf(db, parent);
  const result = rebaseDocument(parentThen, parentNow, (row.diff ?? []) as unknown as Operation[]);
  if (result.conflicts.length) return { rebased: false, conflicts: result.conflicts, scenario: meta(row) };
  const before = await documentOf(db, row);
  const after = asBadRequest(() => validateDocument(result.document));
  const updated = await writeDocument(db, actor, row, before, after, {
    kind: "rebase",
    baseVersion: parent.version,
    comment: `rebased from ${parent.name} version ${baseVersion} onto version ${parent.version}`,
    audit: { before: { version: row.version, baseVersion }, after: { version: row.version + 1, baseVersion: parent.version } },
  });
  return { rebased: true, conflicts: [], scenario: meta(updated) };
}

// ——— workflow ———

type TransitionName = "submit" | "approve" | "reject" | "reopen" | "publish" | "unlock";

const TRANSITIONS: Record<TransitionName, { from: ScenarioStatus[]; to: ScenarioStatus; lock?: boolean; needsComment?: boolean }> = {
  submit: { from: ["draft"], to: "in_review", lock: true },
  approve: { from: ["in_review"], to: "approved", lock: true },
  reject: { from: ["in_review"], to: "rejected", needsComment: true },
  reopen: { from: ["rejected"], to: "draft" },
  publish: { from: ["approved"], to: "published", lock: true },
  unlock: { from: ["in_review", "approved", "rejected"], to: "draft" },
};

async function applyStatus(db: TenantDb, actor: Actor, row: Row, to: ScenarioStatus, action: string, lock: boolean, comment?: string) {
  invalidate(row.id);
  const lockedBy = lock ? row.lockedBy ?? actor.userId : null;
  const lockedAt = lock ? row.lockedAt ?? new Date() : null;
  const updated = await db.scenario.update({ where: { id: row.id }, data: { status: to, lockedBy, lockedAt }, select: META });
  await db.scenarioHistory.create({
    data: {
      scenarioId: row.id, version: row.version, actorId: actor.userId, kind: "transition", comment: comment ?? null,
      patch: invertiblePatch({ status: row.status, lockedBy: row.lockedBy }, { status: to, lockedBy }) as object,
    },
  });
  await recordAudit(db, actor, { entity: ENTITY, entityId: row.id, action, before: { status: row.status, lockedBy: row.lockedBy }, after: { status: to, lockedBy, comment: comment ?? null } });
  return updated;
}

/** One workflow step; the router has already checked the step's permission. */
export async function transition(db: TenantDb, actor: Actor, name: TransitionName, id: string, comment?: string) {
  const rule = TRANSITIONS[name];
  const row = await lockRow(db, id);
  if (!rule.from.includes(row.status as ScenarioStatus)) {
    throw AppError.of("CONFLICT", "transitionRefused", { action: name, name: row.name, status: row.status });
  }
  const text = comment?.trim();
  if (rule.needsComment && !text) throw AppError.of("BAD_REQUEST", "commentRequired", { action: name }, { comment: ["is required"] });
  if (name === "publish") {
    // The published scenario is the baseline; the one it replaces is archived (kept, with its history).
    const previous = await db.scenario.findMany({ where: { status: "published", id: { not: row.id } } });
    for (const p of previous) await applyStatus(db, actor, p, "archived", "archive", false, `superseded by ${row.name}`);
  }
  return meta(await applyStatus(db, actor, row, rule.to, name, rule.lock ?? false, text || undefined));
}

// ——— history, restore, compare ———

export async function history(db: TenantDb, id: string) {
  const row = await loadRow(db, id);
  const rows = await db.scenarioHistory.findMany({ where: { scenarioId: row.id }, orderBy: [{ createdAt: "desc" }, { version: "desc" }], take: 500 });
  const actorIds = [...new Set(rows.map((r) => r.actorId))];
  const users = actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((h) => {
    const ops = h.patch as unknown as Operation[];
    const changes = ops.flatMap((op, i) => {
      if (op.op === "test") return [];
      const prev = ops[i - 1];
      const from = prev?.op === "test" && prev.path === op.path ? prev.value : null;
      return [{ path: op.path, from, to: op.op === "remove" ? null : (op as { value: unknown }).value }];
    });
    return {
      id: h.id, version: h.version, kind: h.kind, comment: h.comment, createdAt: h.createdAt.toISOString(),
      actorId: h.actorId, actorEmail: byId.get(h.actorId)?.email ?? null, actorName: byId.get(h.actorId)?.name ?? null,
      changes,
    };
  });
}

/** An older version of a scenario as a new draft child of it. */
export async function restore(db: TenantDb, actor: Actor, input: { id: string; version: number; name?: string }) {
  const row = await loadRow(db, input.id);
  if (input.version > row.version) throw AppError.of("BAD_REQUEST", "versionMissing", { version: input.version, current: row.version });
  const current = await documentOf(db, row);
  const old = await documentAt(db, row, input.version);
  const child = await db.scenario.create({
    data: {
      name: input.name ?? `${row.name} (version ${input.version})`, description: row.description, tags: row.tags, ownerId: actor.userId,
      parentId: row.id, diff: diffOf(current, old) as object, baseVersion: row.version, docSchemaVersion: SCENARIO_SCHEMA_VERSION,
    },
    select: META,
  });
  await db.scenarioHistory.create({
    data: {
      scenarioId: child.id, version: child.version, actorId: actor.userId, kind: "restore",
      patch: invertiblePatch(current, old) as object, comment: `restored version ${input.version} of ${row.name}`,
    },
  });
  await recordAudit(db, actor, { entity: ENTITY, entityId: child.id, action: "restore", after: { name: child.name, parentId: row.id, restoredVersion: input.version } });
  return meta(child);
}

export async function compareInputs(db: TenantDb, a: string, b: string) {
  const [ra, rb] = await Promise.all([loadRow(db, a), loadRow(db, b)]);
  const [da, dbDoc] = [await documentOf(db, ra), await documentOf(db, rb)];
  const differences = describeDifferences(da, dbDoc);
  return { a: meta(ra), b: meta(rb), count: differences.length, differences: differences.slice(0, 5000) };
}

export async function list(db: TenantDb, query: { status?: ScenarioStatus; parentId?: string | null; tag?: string }) {
  const rows = await db.scenario.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(query.parentId !== undefined ? { parentId: query.parentId } : {}),
      ...(query.tag ? { tags: { has: query.tag } } : {}),
    },
    select: META,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 1000,
  });
  const versions = new Map(rows.map((r) => [r.id, r.version]));
  const missing = [...new Set(rows.map((r) => r.parentId).filter((p): p is string => !!p && !versions.has(p)))];
  if (missing.length) for (const p of await db.scenario.findMany({ where: { id: { in: missing } }, select: { id: true, version: true } })) versions.set(p.id, p.version);
  return rows.map((r) => ({ ...meta(r), behindParent: r.parentId ? (r.baseVersion ?? 0) < (versions.get(r.parentId) ?? 0) : false }));
}

// ——— comments ———

export async function addComment(db: TenantDb, actor: Actor, input: TAddComment) {
  await loadRow(db, input.id);
  if (input.parentId) {
    const parent = await db.scenarioComment.findUnique({ where: { id: input.parentId }, select: { scenarioId: true } });
    if (!parent || parent.scenarioId !== input.id) throw AppError.of("BAD_REQUEST", "replyNotOnScenario", undefined, { parentId: ["not found"] });
  }
  const c = await db.scenarioComment.create({
    data: { scenarioId: input.id, target: input.target, body: input.body, mentions: [...new Set(input.mentions)], parentId: input.parentId ?? null, authorId: actor.userId },
  });
  await recordAudit(db, actor, { entity: "scenarioComment", entityId: c.id, action: "create", after: { scenarioId: input.id, target: c.target, body: c.body, mentions: c.mentions } });
  return { ...c, createdAt: c.createdAt.toISOString() };
}

export async function listComments(db: TenantDb, id: string, target?: string) {
  await loadRow(db, id);
  const rows = await db.scenarioComment.findMany({ where: { scenarioId: id, ...(target ? { target } : {}) }, orderBy: { createdAt: "asc" } });
  return rows.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }));
}
