/**
 * The embedded runner: executes the background function definitions in-process when Inngest is
 * not configured (and, when it is, forwards their events to Inngest from the same queue: see
 * forward.ts), with the state Inngest would keep stored in the database instead:
 *  - a job per invocation (jobs), claimed by priority with FOR UPDATE SKIP LOCKED;
 *  - each completed step's result (job_steps), so a job resumed after a crash skips them;
 *  - a heartbeat while running; jobs whose worker stopped are requeued (or failed when out of
 *    attempts) by runner_recover_stale, at start-up and periodically;
 *  - retries with exponential backoff for transient errors; cancellation between steps.
 * Cross-tenant access is limited to the SECURITY DEFINER claim/recover functions; all work on a
 * job happens inside withTenant(job.tenant).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { withTenant } from "../db/tenant.ts";
import type { Logger } from "../logger.ts";
import { CancelledError, PermanentError, type FunctionDefinition, type StepTools } from "./types.ts";
import { runMetrics } from "../metrics.ts";
import { withValidationLocale } from "../validation-locale.ts";

export interface RunnerOptions {
  db: PrismaClient;
  functions: FunctionDefinition<any>[];
  log: Logger;
  /** Jobs executed at once by this process. */
  concurrency?: number;
  pollMs?: number;
  /** A running job whose heartbeat is older than this is considered orphaned. */
  staleSeconds?: number;
  /** Archive runs finished longer ago than this (checked hourly); undefined = never. */
  retentionDays?: number;
  workerId?: string;
}

export interface Runner {
  workerId: string;
  /** Look for work now (after an enqueue in this process). */
  kick(): void;
  /** Stops claiming; waits for the jobs in flight. */
  stop(): Promise<void>;
  /** Jobs currently executing in this process. */
  active(): number;
}

let current: Runner | null = null;

export function kickEmbeddedRunner(): void {
  current?.kick();
}

export function backoffMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

export function startRunner(opts: RunnerOptions): Runner {
  const workerId = opts.workerId ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const concurrency = opts.concurrency ?? 2;
  const pollMs = opts.pollMs ?? 500;
  const staleSeconds = opts.staleSeconds ?? 30;
  const byId = new Map(opts.functions.map((f) => [f.id, f]));
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let ticking = false;
  let lastRecovery = 0;
  let lastArchive = 0;
  const log = opts.log.child({ component: "runner", workerId });

  async function recover() {
    lastRecovery = Date.now();
    const rows = await opts.db.$queryRaw<{ job_id: string; tenant_id: string; failed: boolean }[]>`
      select * from runner_recover_stale(${staleSeconds}::int)`;
    for (const r of rows) {
      log.warn({ jobId: r.job_id, failed: r.failed }, r.failed ? "orphaned job failed (out of attempts)" : "orphaned job requeued to resume");
      if (r.failed) await failJob(r.job_id, r.tenant_id, new Error("The job was interrupted by a restart too many times"), false);
    }
  }

  async function loadJob(jobId: string, tenantId: string) {
    return withTenant(opts.db, { tenantId }, async (tx) => {
      const job = await tx.job.findUnique({ where: { id: jobId } });
      const steps = await tx.jobStep.findMany({ where: { jobId }, select: { stepId: true, output: true } });
      return { job, steps: new Map(steps.map((s) => [s.stepId, s.output])) };
    });
  }

  async function failJob(jobId: string, tenantId: string, error: Error, setStatus = true) {
    const { job } = await loadJob(jobId, tenantId);
    if (!job) return;
    if (setStatus) {
      await withTenant(opts.db, { tenantId }, (tx) =>
        tx.job.update({ where: { id: jobId }, data: { status: "failed", lockedBy: null, lastError: error.message.slice(0, 1000) } }));
    }
    const def = byId.get(job.functionId);
    const data = (job.event as { data: unknown }).data;
    try {
      await def?.onFailure({ data, error });
    } catch (e) {
      log.error({ err: e, jobId }, "onFailure handler failed");
    }
  }

  async function execute(jobId: string, tenantId: string, attempts: number) {
    const started = Date.now();
    const heartbeat = setInterval(() => {
      withTenant(opts.db, { tenantId }, (tx) => tx.job.updateMany({ where: { id: jobId, lockedBy: workerId }, data: { heartbeatAt: new Date() } }))
        .catch((e) => log.warn({ err: e, jobId }, "heartbeat failed"));
    }, Math.max(250, (staleSeconds * 1000) / 3));
    try {
      const { job, steps } = await loadJob(jobId, tenantId);
      if (!job) return;
      const def = byId.get(job.functionId);
      if (!def) throw new PermanentError(`No function "${job.functionId}" in this version of the app`, "UNKNOWN_FUNCTION");
      const event = job.event as { name: string; data: unknown };
      const step: StepTools = {
        async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
          if (steps.has(id)) return steps.get(id) as T;
          const status = await withTenant(opts.db, { tenantId }, (tx) => tx.job.findUnique({ where: { id: jobId }, select: { status: true } }));
          if (status?.status === "cancelled") throw new CancelledError();
          const value = await fn();
          // Stored and returned as JSON, exactly as a resumed job will read it back.
          const output = value === undefined ? null : JSON.parse(JSON.stringify(value));
          await withTenant(opts.db, { tenantId }, (tx) =>
            tx.jobStep.upsert({ where: { jobId_stepId: { jobId, stepId: id } }, create: { jobId, stepId: id, output }, update: { output } }));
          steps.set(id, output);
          return output as T;
        },
      };
      await def.handler({ event, step, attempt: attempts - 1, jobId });
      await withTenant(opts.db, { tenantId }, (tx) =>
        tx.job.updateMany({ where: { id: jobId, status: "running" }, data: { status: "succeeded", lockedBy: null } }));
      log.info({ jobId, functionId: def.id, ms: Date.now() - started }, "job succeeded");
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (error instanceof CancelledError) {
        await withTenant(opts.db, { tenantId }, (tx) => tx.job.update({ where: { id: jobId }, data: { status: "cancelled", lockedBy: null } }));
        log.info({ jobId }, "job cancelled");
        return;
      }
      const { job } = await loadJob(jobId, tenantId);
      const outOfAttempts = !job || attempts >= job.maxAttempts;
      if (error instanceof PermanentError || outOfAttempts) {
        log.warn({ jobId, err: error.message, attempts }, "job failed");
        await failJob(jobId, tenantId, error);
      } else {
        const wait = backoffMs(attempts);
        log.warn({ jobId, err: error.message, attempts, retryInMs: wait }, "job will be retried");
        await withTenant(opts.db, { tenantId }, (tx) =>
          tx.job.update({
            where: { id: jobId },
            data: { status: "queued", lockedBy: null, runAfter: new Date(Date.now() + wait), lastError: error.message.slice(0, 1000) },
          }));
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function tick() {
    if (ticking || stopped) return;
    ticking = true;
    try {
      if (Date.now() - lastRecovery > (staleSeconds * 1000) / 2) await recover();
      if (opts.retentionDays && Date.now() - lastArchive > 3_600_000) {
        lastArchive = Date.now();
        const [{ archived }] = await opts.db.$queryRaw<{ archived: number }[]>`select archive_old_runs(${opts.retentionDays}::int) as archived`;
        if (archived) log.info({ archived, retentionDays: opts.retentionDays }, "archived old runs");
      }
      while (!stopped && inFlight.size < concurrency) {
        const [claimed] = await opts.db.$queryRaw<{ job_id: string; tenant_id: string; attempts: number }[]>`
          select * from runner_claim_job(${workerId})`;
        if (!claimed) break;
        // In English whatever started this tick: a job woken by a request's enqueue would otherwise
        // inherit that request's locale (validation-locale.ts) through the timer.
        const p = withValidationLocale("en", () => execute(claimed.job_id, claimed.tenant_id, claimed.attempts))
          .catch((e) => log.error({ err: e, jobId: claimed.job_id }, "runner error"))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      const [stats] = await opts.db.$queryRaw<{ queued: bigint; running: bigint }[]>`select * from runner_queue_stats()`;
      runMetrics.queueDepth.set(Number(stats?.queued ?? 0));
      runMetrics.running.set(Number(stats?.running ?? 0));
    } catch (e) {
      log.error({ err: e }, "runner poll failed");
    } finally {
      ticking = false;
    }
  }

  const timer = setInterval(() => void tick(), pollMs);
  void tick();
  const runner: Runner = {
    workerId,
    kick: () => void tick(),
    active: () => inFlight.size,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
      if (current === runner) current = null;
    },
  };
  current = runner;
  log.info({ concurrency, pollMs, staleSeconds }, "embedded runner started");
  return runner;
}
