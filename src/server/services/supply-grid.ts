/**
 * The supply side of a scenario's plan grid: one row per item × location with a policy in the
 * scenario document — its editable parameters beside the parent's (the baseline: the parent's
 * document at the child's base version, or a root's first version), so overrides show — and,
 * read-only, the planned supply (receipts and orders) per week/month bucket from the scenario's
 * latest succeeded simulation run, aggregated from the run's per-node daily results ("daily-csv").
 *
 * A cell edit is one JSON-Patch replace of a policy field (`/policies/<item@location>/<field>`)
 * through `scenarios.editCells`, based on the version the user loaded: a stale edit of the same
 * field is refused with CONFLICT and the current value; values are checked first (non-negative,
 * order-up-to ≥ reorder point, …) naming the field, so nothing invalid is ever written.
 */
import { createLru } from "../lru.ts";
import jsonpatch from "fast-json-patch";
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "./audit.ts";
import { chunkCount, getArtifact, getChunk } from "./artifacts.ts";
import { editCells, materialise } from "./scenarios.ts";
import { invertPatch, type Operation } from "./scenario-doc.ts";
import { aggregate, createTimeBuckets, parseIsoDate, type TimeBuckets } from "../engine/buckets/index.ts";
import { cellKey, type ScenarioDocument } from "../../schemas/scenario.ts";
import type { PlanBucket } from "../../schemas/plan.ts";
import { frameOf, type PlanFrame } from "./plan-grid.ts";
import {
  FIELDS_OF_TYPE, POLICY_FIELDS, ZSupplyEdit, ZSupplyRows, checkPolicyValue, parsePolicyFieldPath, policyFieldPath, policyIssueText,
  type PolicyField, type SupplyPolicyType, type TSupplyEdit, type TSupplyRows,
} from "../../schemas/supply.ts";

const CONTENT_KINDS = ["edit", "rebase", "restore"];

type Policy = ScenarioDocument["policies"][string];
export type PolicyValues = Partial<Record<PolicyField, number | null>>;

export interface SupplyRow {
  /** `item@location`, the key of the policy in the document. */
  key: string;
  item: string;
  location: string;
  /** The location's kind (plant, dc, store). */
  locationKind: string | null;
  type: SupplyPolicyType;
  /** The fields this policy type uses, editable. */
  fields: PolicyField[];
  /** This scenario's values of those fields (null: not set). */
  values: PolicyValues;
  /** The parent's (baseline) values; null when the parent has no policy here. */
  baseline: PolicyValues | null;
  /** The parent's policy type when it differs (the type is not editable here). */
  baselineType: SupplyPolicyType | null;
  /** Planned receipts per bucket from the latest run; null without run results for this node. */
  receipts: number[] | null;
  /** Planned orders (units ordered) per bucket from the latest run. */
  orders: number[] | null;
}

/** The supply grid's buckets: the same frame as the demand grid's. */
export type SupplyFrame = PlanFrame;

// ——— small caches: a committed version's policies and a finished run's results never change ———

const oldPolicies = createLru<ScenarioDocument["policies"]>(32);
const runTotals = createLru<RunPlanned>(8);
/** For tests and benchmarks. */
export const supplyCache = { clear: () => (oldPolicies.clear(), runTotals.clear()) };

const touchesPolicies = (op: Operation) => op.path === "/policies" || op.path.startsWith("/policies/");

/**
 * A scenario's policies at an earlier version: the current ones with later content history undone
 * (only the policy ops: the demand plan, the document's bulk, is never copied).
 */
async function policiesAtVersion(db: TenantDb, id: string, version: number): Promise<ScenarioDocument["policies"]> {
  const key = `${id}:${version}`;
  const hit = oldPolicies.get(key);
  if (hit) return hit;
  const { scenario, document } = await materialise(db, id);
  if (version >= scenario.version) {
    oldPolicies.set(`${id}:${scenario.version}`, document.policies);
    return document.policies;
  }
  const later = await db.scenarioHistory.findMany({
    where: { scenarioId: id, version: { gt: version }, kind: { in: CONTENT_KINDS } },
    orderBy: { version: "desc" },
    select: { patch: true },
  });
  const holder = { policies: jsonpatch.deepClone(document.policies) as ScenarioDocument["policies"] };
  for (const h of later) {
    const ops = invertPatch(h.patch as unknown as Operation[]).filter(touchesPolicies);
    if (ops.length) jsonpatch.applyPatch(holder, ops, false, true);
  }
  oldPolicies.set(key, holder.policies);
  return holder.policies;
}

/** The baseline's policies: the parent's at the child's base version, or a root's first version's. */
async function baselinePolicies(db: TenantDb, scenario: { id: string; parentId: string | null; baseVersion: number | null }) {
  return scenario.parentId
    ? policiesAtVersion(db, scenario.parentId, scenario.baseVersion ?? Number.MAX_SAFE_INTEGER)
    : policiesAtVersion(db, scenario.id, 1);
}

function valuesOf(p: Policy, fields: readonly PolicyField[]): PolicyValues {
  const out: PolicyValues = {};
  const rec = p as unknown as Record<string, unknown>;
  for (const f of fields) out[f] = typeof rec[f] === "number" ? (rec[f] as number) : null;
  return out;
}

function rowOf(key: string, p: Policy, base: Policy | undefined, kinds: Map<string, string>, planned: RunPlanned | null, bucket: PlanBucket): SupplyRow {
  const type = p.type as SupplyPolicyType;
  const fields = [...FIELDS_OF_TYPE[type]];
  const node = planned?.nodes.get(key);
  return {
    key, item: p.item, location: p.location, locationKind: kinds.get(p.location) ?? null,
    type, fields,
    values: valuesOf(p, fields),
    baseline: base ? valuesOf(base, fields) : null,
    baselineType: base && base.type !== p.type ? (base.type as SupplyPolicyType) : null,
    receipts: node ? node[bucket].receipts : null,
    orders: node ? node[bucket].orders : null,
  };
}

const byItemThenLocation = (a: Policy, b: Policy) =>
  a.item < b.item ? -1 : a.item > b.item ? 1 : a.location < b.location ? -1 : a.location > b.location ? 1 : 0;

// ——— planned supply from the latest run ———

interface RunPlanned {
  startDate: string;
  days: number;
  frames: Record<PlanBucket, SupplyFrame>;
  /** Per node (item@location), per bucket kind: bucket totals of receipts and orders. */
  nodes: Map<string, Record<PlanBucket, { receipts: number[]; orders: number[] }>>;
}


const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Daily receipts and orders per node from a run's "daily-csv" artifact (header
 * `date,location,item,…,receipts,…,ordered`), read one chunk at a time. Null when the run kept no
 * per-node detail (runs above the detail limit keep network totals only).
 */
export async function runDailySupply(db: TenantDb, runId: string): Promise<{ startDate: string; days: number; nodes: Map<string, { receipts: Float64Array; orders: Float64Array }> } | null> {
  const chunks = await chunkCount(db, runId, "daily-csv");
  if (!chunks) return null;
  // The horizon from the run's network series; without them, from the rows (each node lists every day from day 0).
  const series = await getArtifact<{ startDate: string; days: number }>(db, runId, "series");
  let start = series ? parseIsoDate(series.startDate) : NaN;
  let startDate = series?.startDate ?? "";
  let cols: { loc: number; item: number; receipts: number; orders: number } | null = null;
  const daily = new Map<string, { receipts: number[]; orders: number[] }>();
  const dayOf = new Map<string, number>();
  let days = series?.days ?? 0;
  for (let c = 0; c < chunks; c++) {
    const text = await getChunk(db, runId, "daily-csv", c);
    if (!text) continue;
    for (const line of text.split("\n")) {
      if (!line) continue;
      const parts = line.split(",");
      if (!cols) {
        cols = { loc: parts.indexOf("location"), item: parts.indexOf("item"), receipts: parts.indexOf("receipts"), orders: parts.indexOf("ordered") };
        if (cols.loc < 0 || cols.item < 0 || cols.receipts < 0 || cols.orders < 0) return null;
        continue;
      }
      const date = parts[0]!;
      if (Number.isNaN(start)) {
        start = parseIsoDate(date);
        startDate = date;
      }
      let d = dayOf.get(date);
      if (d === undefined) dayOf.set(date, (d = parseIsoDate(date) - start));
      if (d < 0 || (series && d >= series.days)) continue;
      if (!series) days = Math.max(days, d + 1);
      const key = cellKey(parts[cols.item]!, parts[cols.loc]!);
      let n = daily.get(key);
      if (!n) daily.set(key, (n = { receipts: [], orders: [] }));
      n.receipts[d] = (n.receipts[d] ?? 0) + (Number(parts[cols.receipts]) || 0);
      n.orders[d] = (n.orders[d] ?? 0) + (Number(parts[cols.orders]) || 0);
    }
  }
  if (!startDate) return null;
  const dense = (a: number[]) => {
    const out = new Float64Array(days);
    for (let d = 0; d < Math.min(days, a.length); d++) out[d] = a[d] ?? 0;
    return out;
  };
  const nodes = new Map<string, { receipts: Float64Array; orders: Float64Array }>();
  for (const [key, n] of daily) nodes.set(key, { receipts: dense(n.receipts), orders: dense(n.orders) });
  return { startDate, days, nodes };
}

/** A run's planned supply by week and by month (cached: a finished run's results never change). */
async function plannedOf(db: TenantDb, runId: string): Promise<RunPlanned | null> {
  const hit = runTotals.get(runId);
  if (hit) return hit;
  const daily = await runDailySupply(db, runId);
  if (!daily) return null;
  const week = createTimeBuckets("week", daily.startDate, daily.days);
  const month = createTimeBuckets("month", daily.startDate, daily.days);
  const nodes: RunPlanned["nodes"] = new Map();
  const totals = (a: Float64Array, b: TimeBuckets) => Array.from(aggregate(a, b, "sum"), round);
  for (const [key, n] of daily.nodes) {
    nodes.set(key, {
      week: { receipts: totals(n.receipts, week), orders: totals(n.orders, week) },
      month: { receipts: totals(n.receipts, month), orders: totals(n.orders, month) },
    });
  }
  const planned: RunPlanned = { startDate: daily.startDate, days: daily.days, frames: { week: frameOf(week), month: frameOf(month) }, nodes };
  runTotals.set(runId, planned);
  return planned;
}

/** The scenario's latest succeeded simulation, and any simulation still queued or running. */
async function scenarioRuns(db: TenantDb, scenarioId: string) {
  const select = { id: true, name: true, status: true, progress: true, params: true, createdAt: true, finishedAt: true } as const;
  const [latest, active] = await Promise.all([
    db.run.findFirst({ where: { scenarioRef: scenarioId, kind: "simulate", status: "succeeded" }, orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }], select }),
    db.run.findFirst({ where: { scenarioRef: scenarioId, kind: "simulate", status: { in: ["queued", "running"] } }, orderBy: { createdAt: "desc" }, select }),
  ]);
  return { latest, active };
}

// ——— procedures ———

/** The grid's rows: policies beside the baseline's, and the latest run's planned supply per bucket. */
export async function supplyRows(db: TenantDb, rawInput: TSupplyRows) {
  const input = ZSupplyRows.parse(rawInput);
  const { scenario, document } = await materialise(db, input.scenarioId);
  const base = await baselinePolicies(db, scenario);
  const { latest, active } = await scenarioRuns(db, scenario.id);
  const planned = latest ? await plannedOf(db, latest.id) : null;
  const kinds = new Map(document.network.locations.map((l) => [l.id, l.kind as string]));
  const rows = Object.entries(document.policies)
    .sort(([, a], [, b]) => byItemThenLocation(a, b))
    .map(([key, p]) => rowOf(key, p, base[key], kinds, planned, input.bucket));
  const usedFields = POLICY_FIELDS.filter((f) => rows.some((r) => r.fields.includes(f)));
  const runVersion = (r: { params: unknown }) => Number((r.params as { scenarioVersion?: unknown } | null)?.scenarioVersion) || null;
  return {
    scenario: { id: scenario.id, name: scenario.name, status: scenario.status, version: scenario.version, parentId: scenario.parentId, baseVersion: scenario.baseVersion },
    fields: usedFields,
    run: latest
      ? {
          id: latest.id, name: latest.name, scenarioVersion: runVersion(latest),
          finishedAt: latest.finishedAt?.toISOString() ?? null,
          /** "ok": per-node results; "noDetail": the run was too large to keep them. */
          detail: planned ? ("ok" as const) : ("noDetail" as const),
        }
      : null,
    activeRun: active ? { id: active.id, name: active.name, status: active.status, progress: active.progress } : null,
    frame: planned ? planned.frames[input.bucket] : null,
    rows,
  };
}

/**
 * Sets one policy field: checks the value against the policy as it is now (under the scenario's
 * row lock, so two concurrent edits of a pair like reorder point / order-up-to cannot together
 * break their order), then writes it as one `scenarios.edit` cell based on `baseVersion`.
 */
export async function editSupply(db: TenantDb, actor: Actor, rawInput: TSupplyEdit) {
  const input = ZSupplyEdit.parse(rawInput);
  const target = parsePolicyFieldPath(input.path)!;
  // Lock first: the checks below read the values the edit is applied to.
  await db.$queryRaw`select id from scenarios where id = ${input.scenarioId}::uuid for update`;
  const { scenario, document } = await materialise(db, input.scenarioId);
  if (scenario.status !== "draft") {
    throw AppError.of("CONFLICT", "scenarioReadOnly", { action: "edit", name: scenario.name, status: scenario.status });
  }
  if (input.baseVersion > scenario.version) {
    throw AppError.of("BAD_REQUEST", "versionNotYet", { version: input.baseVersion, current: scenario.version });
  }
  const policy = document.policies[target.key];
  if (!policy) {
    throw AppError.of("NOT_FOUND", "noPolicyInScenario", { key: target.key }, { path: ["no such policy"] });
  }
  const current = (policy as unknown as Record<string, unknown>)[target.field];
  const issues = checkPolicyValue(policy as unknown as { type: string }, target.field, input.value);
  if (issues.length) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of issues) (fieldErrors[i.field] ??= []).push(policyIssueText(i, policy.type));
    // The rule itself, so the grid can say it in the user's language.
    fieldErrors.policyIssue = [JSON.stringify(issues[0])];
    throw new AppError("BAD_REQUEST", `Not saved: ${policyIssueText(issues[0]!, policy.type)}`, fieldErrors);
  }
  const path = policyFieldPath(target.key, target.field);
  let result: Awaited<ReturnType<typeof editCells>>;
  try {
    const edit = input.value === null ? { path, remove: true as const } : { path, value: input.value };
    result = await editCells(db, actor, { id: scenario.id, baseVersion: input.baseVersion, edits: [edit] });
  } catch (e) {
    if (e instanceof AppError && e.code === "CONFLICT" && e.fieldErrors?.[path]) {
      // The same message, with the current value and version for the grid to show.
      const changedIn = /version (\d+)/.exec(e.fieldErrors[path]![0] ?? "")?.[1];
      throw new AppError("CONFLICT", e.message, {
        ...e.fieldErrors,
        [target.field]: e.fieldErrors[path]!,
        currentValue: [JSON.stringify(current ?? null)],
        ...(changedIn ? { changedInVersion: [changedIn] } : {}),
      }, e.catalogued);
    }
    throw e;
  }
  const after = { ...policy, [target.field]: input.value ?? undefined } as Policy;
  const fields = FIELDS_OF_TYPE[policy.type as SupplyPolicyType];
  return { version: result.scenario.version, applied: result.applied, key: target.key, field: target.field, values: valuesOf(after, fields) };
}
