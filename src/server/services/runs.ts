/**
 * Run use-cases: start (snapshot the input, queue the background function), list (cursor pages
 * of summaries), fetch, cancel, retry, and read results (bucketed series, cost drill-down,
 * comparison). Results are read from compressed artifacts, never from the runs list.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { ZStartInventory } from "../../schemas/runs.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { getArtifact, putArtifact } from "./artifacts.ts";
import { buildSimulationModel } from "./sim-model.ts";
import { enqueue } from "../jobs/dispatch.ts";
import { simulateRunFunction } from "../../inngest/functions/simulate-run.ts";
import { inventoryRunFunction } from "../../inngest/functions/inventory-run.ts";
import { dropForecastSnapshot, forecastRunFunction } from "../../inngest/functions/forecast-run.ts";
import { bucketedHistory } from "./consensus.ts";
import { materialise } from "./scenarios.ts";
import { toSimulationModel } from "./scenario-doc.ts";
import { FORECAST_PARAMS_VERSION, ZForecastParams, type ZStartForecast } from "../../schemas/consensus.ts";
import { optimisationRows } from "./inventory-opt.ts";
import { compileModel, SimulationModelError, seriesAggregation, SERIES_NAMES, type SeriesName } from "../engine/sim/index.ts";
import { aggregate, createTimeBuckets, type BucketKind } from "../engine/buckets/index.ts";
import {
  INVENTORY_PARAMS_VERSION, SIMULATE_PARAMS_VERSION, ZInventoryParams, ZSimulateParams, encodeProgress,
  type TRunListQuery, type TSimulateParams, type TStartSimulation,
} from "../../schemas/runs.ts";

/** Canonical JSON (sorted keys) so equal inputs hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function inputHash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex");
}

const summarySelect = {
  id: true, kind: true, name: true, scenarioRef: true, status: true, progress: true, progressMessage: true,
  priority: true, requestedBy: true, createdAt: true, startedAt: true, finishedAt: true, durationMs: true,
  errorCode: true, errorMessage: true, archivedAt: true, inputHash: true, configSchemaVersion: true,
} as const;

type RunRow = Prisma.RunGetPayload<{ select: typeof summarySelect }> & { params?: unknown; kpis?: unknown };

function dto(r: RunRow, requesters: Map<string, string>) {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    archivedAt: r.archivedAt?.toISOString() ?? null,
    requestedByEmail: requesters.get(r.requestedBy) ?? null,
  };
}

/** Everyone who has started a run in the tenant, by email: the run history's "requested by" choices. */
export async function runRequesters(db: TenantDb): Promise<{ id: string; email: string }[]> {
  const groups = await db.run.groupBy({ by: ["requestedBy"] });
  const emails = await requesterEmails(db, groups.map((g) => g.requestedBy));
  return [...emails].map(([id, email]) => ({ id, email })).sort((a, b) => a.email.localeCompare(b.email));
}

async function requesterEmails(db: TenantDb, ids: string[]) {
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, email: true } })
    : [];
  return new Map(users.map((u) => [u.id, u.email]));
}

const FUNCTION_OF_KIND = {
  simulate: simulateRunFunction,
  inventory: inventoryRunFunction,
  forecast: forecastRunFunction,
} as const;
type QueuedKind = keyof typeof FUNCTION_OF_KIND;

/**
 * Records a run and queues its background function in the caller's transaction (both or
 * neither), with the input snapshot when the function needs one; audited.
 */
async function queueRun(
  db: TenantDb,
  actor: Actor,
  run: { kind: QueuedKind; name: string; configSchemaVersion: number; inputHash: string; params: object; priority: number; scenarioRef?: string },
  input?: object,
) {
  const created = await db.run.create({
    data: { scenarioRef: "masterdata", ...run, requestedBy: actor.userId, progressMessage: encodeProgress("queued") },
    select: summarySelect,
  });
  if (input) await putArtifact(db, created.id, "input", input);
  await enqueue(db, FUNCTION_OF_KIND[run.kind], { tenantId: await currentTenant(db), runId: created.id, requestedBy: actor.userId }, { priority: run.priority });
  await recordAudit(db, actor, { entity: "run", entityId: created.id, action: "start", after: { name: run.name, kind: run.kind, params: run.params } });
  return dto(created, await requesterEmails(db, [created.requestedBy]));
}

export async function startSimulation(db: TenantDb, actor: Actor, input: TStartSimulation) {
  const { priority, ...raw } = input;
  const params: TSimulateParams = ZSimulateParams.parse(raw);
  const model = await buildSimulationModel(db, params);
  try {
    compileModel(model); // refuse a model the engine cannot run now, with its reasons, not later in the job
  } catch (e) {
    if (e instanceof SimulationModelError) {
      const shown = e.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw AppError.of("BAD_REQUEST", "networkCannotBeSimulated", { issues: shown, more: Math.max(0, e.issues.length - 5) });
    }
    throw e;
  }
  return queueRun(db, actor, {
    kind: "simulate", name: params.name, configSchemaVersion: SIMULATE_PARAMS_VERSION, inputHash: inputHash(model), params, priority,
  }, model);
}

/**
 * Simulates a scenario's plan (its materialised document: network, policies, demand plan, supply
 * parameters); the run is listed under the scenario (scenarioRef = its id).
 */
export async function startScenarioSimulation(db: TenantDb, actor: Actor, input: { scenarioId: string; name?: string; replications: number; priority: number }) {
  const { scenario, document } = await materialise(db, input.scenarioId);
  const model = toSimulationModel(document);
  try {
    compileModel(model);
  } catch (e) {
    if (e instanceof SimulationModelError) {
      const shown = e.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw AppError.of("BAD_REQUEST", "scenarioCannotBeSimulated", { issues: shown });
    }
    throw e;
  }
  const params = { name: input.name ?? `${scenario.name} v${scenario.version}`, replications: input.replications, scenarioVersion: scenario.version };
  return queueRun(db, actor, {
    kind: "simulate", name: params.name, configSchemaVersion: SIMULATE_PARAMS_VERSION, inputHash: inputHash(model), params,
    priority: input.priority, scenarioRef: scenario.id,
  }, model);
}

/** Queues an inventory optimisation; its inputs are checked now so bad data fails fast. */
export async function startInventoryOptimisation(db: TenantDb, actor: Actor, input: z.input<typeof ZStartInventory>) {
  const { priority = 0, ...raw } = input;
  const params = ZInventoryParams.parse(raw);
  const rows = await optimisationRows(db, params);
  return queueRun(db, actor, {
    kind: "inventory", name: params.name, configSchemaVersion: INVENTORY_PARAMS_VERSION, inputHash: inputHash({ params, rows }), params, priority,
  });
}

/** Queues a forecast of every item × location (or the chosen ones); history is checked now. */
export async function startForecast(db: TenantDb, actor: Actor, input: z.input<typeof ZStartForecast>) {
  const { priority = 0, ...raw } = input;
  const params = ZForecastParams.parse(raw);
  const { series } = await bucketedHistory(db, params);
  return queueRun(db, actor, {
    kind: "forecast", name: params.name, configSchemaVersion: FORECAST_PARAMS_VERSION, inputHash: inputHash({ params, series }), params, priority,
  });
}

async function currentTenant(db: TenantDb): Promise<string> {
  const [{ id }] = await db.$queryRaw<{ id: string }[]>`select app_current_tenant()::text as id`;
  return id;
}

interface Cursor { v: string | number | null; id: string }
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
    if (typeof c.id !== "string") throw new Error();
    return c;
  } catch {
    throw AppError.of("BAD_REQUEST", "invalidCursor", undefined, { cursor: ["invalid"] });
  }
}

export async function listRuns(db: TenantDb, q: TRunListQuery) {
  const where: Prisma.RunWhereInput = {
    ...(q.status?.length ? { status: { in: q.status } } : {}),
    ...(q.kind?.length ? { kind: { in: q.kind } } : {}),
    ...(q.scenarioRef ? { scenarioRef: q.scenarioRef } : {}),
    ...(q.requestedBy ? { requestedBy: q.requestedBy } : {}),
    ...(q.search ? { name: { contains: q.search, mode: "insensitive" as const } } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
  };
  const op = q.direction === "desc" ? "lt" : "gt";
  let keyset: Prisma.RunWhereInput = {};
  if (q.cursor) {
    // Keyset pagination on (sort key, id): stable under inserts, index-friendly.
    const c = decodeCursor(q.cursor);
    const v = q.sort === "createdAt" ? new Date(c.v as string) : c.v;
    keyset = v === null
      ? { AND: [{ [q.sort]: null }, { id: { [op]: c.id } }] }
      : { OR: [{ [q.sort]: { [op]: v } }, { AND: [{ [q.sort]: v }, { id: { [op]: c.id } }] }] };
  }
  const rows = await db.run.findMany({
    where: { AND: [where, keyset] },
    orderBy: [{ [q.sort]: q.direction }, { id: q.direction }],
    take: q.limit + 1,
    skip: q.cursor ? 0 : q.offset ?? 0,
    select: q.detail ? { ...summarySelect, params: true, kpis: true } : summarySelect,
  });
  const page = rows.slice(0, q.limit) as RunRow[];
  const last = page[page.length - 1];
  const nextCursor = rows.length > q.limit && last
    ? encodeCursor({ v: q.sort === "createdAt" ? last.createdAt.toISOString() : (last[q.sort] as string | number | null), id: last.id })
    : null;
  // Counting every match is the expensive part of a page: only when asked (a grid's first load).
  const total = q.withTotal ? await db.run.count({ where }) : null;
  const emails = await requesterEmails(db, page.map((r) => r.requestedBy));
  return { rows: page.map((r) => dto(r, emails)), nextCursor, total };
}

export async function getRun(db: TenantDb, id: string) {
  const run = await db.run.findUnique({ where: { id }, select: { ...summarySelect, params: true, kpis: true } });
  if (!run) throw AppError.of("NOT_FOUND", "runNotFound");
  return dto(run, await requesterEmails(db, [run.requestedBy]));
}

export async function cancelRun(db: TenantDb, actor: Actor, id: string) {
  const run = await db.run.findUnique({ where: { id }, select: { status: true, kind: true } });
  if (!run) throw AppError.of("NOT_FOUND", "runNotFound");
  if (run.status !== "queued" && run.status !== "running") {
    throw AppError.of("CONFLICT", "runAlreadyFinished", { status: run.status });
  }
  const now = new Date();
  // Conditional, so a job that finished meanwhile is not turned into a cancelled run (see lifecycle.ts).
  const moved = await db.run.updateMany({
    where: { id, status: { in: ["queued", "running"] } },
    data: { status: "cancelled", finishedAt: now, progressMessage: encodeProgress("cancelled") },
  });
  if (moved.count === 0) {
    const current = await db.run.findUnique({ where: { id }, select: { status: true } });
    throw AppError.of("CONFLICT", "runAlreadyFinished", { status: current?.status ?? run.status });
  }
  // A queued job never starts; a running one stops at its next step or chunk.
  await db.job.updateMany({
    where: { event: { path: ["data", "runId"], equals: id }, status: { in: ["queued", "running"] } },
    data: { status: "cancelled" },
  });
  // A cancelled job calls no onFailure: a forecast run's history snapshot goes now.
  if (run.kind === "forecast") await dropForecastSnapshot(db, id);
  await recordAudit(db, actor, { entity: "run", entityId: id, action: "cancel", before: { status: run.status }, after: { status: "cancelled" } });
  return getRun(db, id);
}

export async function retryRun(db: TenantDb, actor: Actor, id: string) {
  const run = await db.run.findUnique({ where: { id }, select: { ...summarySelect, params: true } });
  if (!run) throw AppError.of("NOT_FOUND", "runNotFound");
  if (run.status !== "failed" && run.status !== "cancelled") {
    throw AppError.of("CONFLICT", "runNotRetriable");
  }
  if (run.kind === "optimise") throw AppError.of("BAD_REQUEST", "runKindNotRetriable");
  // Simulations re-run their input snapshot; optimisations and forecasts re-read the current data.
  const input = run.kind === "simulate" ? await getArtifact<object>(db, id, "input") : undefined;
  if (run.kind === "simulate" && !input) throw AppError.of("CONFLICT", "runInputRemoved");
  return queueRun(db, actor, {
    kind: run.kind, name: `${run.name} (retry)`, configSchemaVersion: run.configSchemaVersion, inputHash: run.inputHash,
    params: run.params as object, priority: run.priority, scenarioRef: run.scenarioRef,
  }, input ?? undefined);
}

/** Network series stored by the simulate function: one daily array per series name. */
export interface StoredSeries {
  startDate: string;
  days: number;
  network: Record<SeriesName, number[]>;
}

export async function runSeries(db: TenantDb, id: string, bucket: BucketKind) {
  await getRun(db, id);
  const stored = await getArtifact<StoredSeries>(db, id, "series");
  if (!stored) throw AppError.of("NOT_FOUND", "runNoResults");
  return bucketSeries(stored, bucket);
}

export function bucketSeries(stored: StoredSeries, bucket: BucketKind) {
  const buckets = createTimeBuckets(bucket, stored.startDate, stored.days);
  const series: Partial<Record<SeriesName, number[]>> = {};
  for (const name of SERIES_NAMES) {
    const daily = stored.network[name];
    if (!daily) continue;
    series[name] = Array.from(aggregate(Float64Array.from(daily), buckets, seriesAggregation(name)));
  }
  return { bucket, labels: [...buckets.labels], series };
}

export async function compareRuns(db: TenantDb, ids: string[], bucket: BucketKind) {
  const runs = await Promise.all(ids.map((id) => getRun(db, id)));
  const notDone = runs.find((r) => r.status !== "succeeded");
  if (notDone) throw AppError.of("BAD_REQUEST", "compareUnfinished", { name: notDone.name, status: notDone.status });
  const series = await Promise.all(runs.map(async (r) => {
    const stored = await getArtifact<StoredSeries>(db, r.id, "series");
    return stored ? bucketSeries(stored, bucket) : null;
  }));
  return { runs, series };
}
