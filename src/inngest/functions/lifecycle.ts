/**
 * The run-status transitions every run function shares: start (queued → running), succeed with
 * the KPI summary, fail with a message for people. Each takes the tenant transaction it runs in.
 * Each transition is one conditional UPDATE (only from queued or running), so a cancel that
 * commits while a job is finishing is never overwritten: PostgreSQL re-checks the condition on
 * the row the cancel wrote, and the job then stops as cancelled.
 */
import type { TenantDb } from "../../server/db/tenant.ts";
import { CancelledError, PermanentError } from "../../server/jobs/types.ts";
import { runMetrics } from "../../server/metrics.ts";
import { encodeProgress } from "../../schemas/runs.ts";
import type { z } from "zod";

/** Statuses a job may still move a run out of. */
const UNFINISHED = { in: ["queued" as const, "running" as const] };

/** Marks the run running (keeping the first start time across retries); stops if cancelled. */
export async function markRunning(db: TenantDb, runId: string, message: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, startedAt: true, params: true, name: true } });
  if (!run) throw new PermanentError("The run no longer exists", "RUN_NOT_FOUND");
  if (run.status === "cancelled") throw new CancelledError();
  const moved = await db.run.updateMany({
    where: { id: runId, status: UNFINISHED },
    data: { status: "running", startedAt: run.startedAt ?? new Date(), progress: 2, progressMessage: message },
  });
  if (moved.count === 0) throw new CancelledError();
  return run;
}

export async function markSucceeded(db: TenantDb, runId: string, kind: string, kpis: object) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { startedAt: true, status: true } });
  if (run.status === "cancelled") throw new CancelledError();
  const finishedAt = new Date();
  const durationMs = run.startedAt ? finishedAt.getTime() - run.startedAt.getTime() : null;
  const moved = await db.run.updateMany({
    where: { id: runId, status: UNFINISHED },
    data: { status: "succeeded", progress: 100, progressMessage: encodeProgress("done"), finishedAt, durationMs, kpis },
  });
  // Cancelled since it was read: the cancel stands, and the job stops as cancelled.
  if (moved.count === 0) throw new CancelledError();
  if (durationMs !== null) runMetrics.duration.observe({ kind }, durationMs / 1000);
  return { durationMs };
}

/**
 * The run's stored parameters, checked against today's schema. Parameters that no longer parse
 * (written by an older version, or edited by hand) fail the run for good with a message naming
 * each field, rather than being retried.
 */
export function storedParams<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "parameters"} ${i.message}`).join("; ");
  throw new PermanentError(`The run's parameters are not valid: ${issues}`, "INVALID_INPUT");
}

/** Records a failure unless the run was cancelled or finished meanwhile. */
export async function markFailed(db: TenantDb, runId: string, kind: string, error: Error) {
  runMetrics.failures.inc({ kind });
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, startedAt: true } });
  if (!run || run.status === "cancelled" || run.status === "succeeded") return;
  const finishedAt = new Date();
  await db.run.updateMany({
    where: { id: runId, status: UNFINISHED },
    data: {
      status: "failed",
      finishedAt,
      durationMs: run.startedAt ? finishedAt.getTime() - run.startedAt.getTime() : null,
      errorCode: error instanceof PermanentError ? error.code : "RUN_FAILED",
      // A message for people, never a stack trace.
      errorMessage: (error.message || "The run failed").split("\n")[0]!.slice(0, 500),
      progressMessage: encodeProgress("failed"),
    },
  });
}
