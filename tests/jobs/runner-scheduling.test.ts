/**
 * Scheduling by the embedded runner on a real PostgreSQL, with small test-only function
 * definitions: jobs are claimed by priority (runner_claim_job), at most `concurrency` run at once,
 * transient errors are retried with exponential backoff while a PermanentError fails at once
 * (onFailure called once), a job cancelled between steps stops before its next step, and a
 * completed step is memoised in job_steps across attempts.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createWorld, type World } from "../support/fixtures.ts";
import { backoffMs, startRunner, type Runner } from "../../src/server/jobs/runner.ts";
import { enqueue } from "../../src/server/jobs/dispatch.ts";
import { PermanentError, type FunctionContext, type FunctionDefinition } from "../../src/server/jobs/types.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { logger } from "../../src/server/logger.ts";

type Data = { label: string };
const ZData = z.object({ label: z.string().min(1) });

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

const runners: Runner[] = [];
async function stopRunners() {
  for (const r of runners.splice(0)) await r.stop();
}
afterEach(async () => {
  await stopRunners(); // waits for the jobs in flight, before their behaviour is reset
  onFailure.mockClear();
  for (const k of Object.keys(behaviour)) delete behaviour[k];
});
afterAll(async () => {
  await stopRunners();
  await w?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

// ---- test-only function definitions ---------------------------------------------------------

/** Per-definition behaviour, swapped by each test (definitions are registered once per runner). */
const behaviour: Record<string, (ctx: FunctionContext<Data>) => Promise<unknown>> = {};
const onFailure = vi.fn(async (_args: { data: Data; error: Error }) => {});

function define(id: string, retries: number): FunctionDefinition<Data> {
  return {
    id,
    event: `test/${id}`,
    schema: ZData,
    retries,
    handler: (ctx) => {
      const fn = behaviour[id];
      if (!fn) throw new Error(`no behaviour for ${id}`);
      return fn(ctx);
    },
    onFailure: (args) => onFailure(args),
  };
}

const defs = {
  ordered: define("test-ordered", 0),
  slow: define("test-slow", 0),
  flaky: define("test-flaky", 3),
  permanent: define("test-permanent", 3),
  broken: define("test-broken", 1),
  twoSteps: define("test-two-steps", 0),
  memo: define("test-memo", 2),
};
const functions = Object.values(defs);

function start(concurrency: number): Runner {
  const r = startRunner({ db: w.app.db, functions, log: logger, concurrency, pollMs: 50, staleSeconds: 30 });
  runners.push(r);
  return r;
}

function queue(def: FunctionDefinition<Data>, label: string, priority?: number) {
  return withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.plannerA }, (tx) => enqueue(tx, def, { label }, { priority }));
}

const jobOf = (label: string) => w.owner.db.job.findFirstOrThrow({ where: { event: { path: ["data", "label"], equals: label } } });

/** Waits until the runner has let go of the job (finished, failed or stopped after cancelling). */
function settled(label: string) {
  return until(`job ${label} settled`, async () => {
    const j = await jobOf(label);
    return ["succeeded", "failed", "cancelled"].includes(j.status) && j.lockedBy === null && j;
  });
}


// ---- tests ----------------------------------------------------------------------------------

describe("claiming by priority", () => {
  it("with concurrency 1, jobs queued as priorities 0, 5, -3, 10 execute highest priority first", async () => {
    const order: string[] = [];
    behaviour[defs.ordered.id] = async ({ event, step }) => {
      await step.run("record", async () => void order.push(event.data.label));
    };
    const tag = randomUUID().slice(0, 8);
    // Queued in this order before any runner is started: FIFO would give 0, 5, -3, 10.
    for (const p of [0, 5, -3, 10]) await queue(defs.ordered, `${tag}:${p}`, p);
    expect((await w.owner.db.job.findMany({ where: { functionId: defs.ordered.id }, select: { priority: true } })).map((j) => j.priority).sort((a, b) => a - b))
      .toEqual([-3, 0, 5, 10]);

    start(1);
    for (const p of [0, 5, -3, 10]) await settled(`${tag}:${p}`);
    expect(order).toEqual([10, 5, 0, -3].map((p) => `${tag}:${p}`));
    const jobs = await w.owner.db.job.findMany({ where: { functionId: defs.ordered.id } });
    expect(jobs.every((j) => j.status === "succeeded" && j.attempts === 1)).toBe(true);
  });
});

describe("the concurrency limit", () => {
  it("with concurrency 2, six 200 ms jobs never run more than 2 at once, and all finish", async () => {
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    behaviour[defs.slow.id] = async ({ step }) => {
      await step.run("work", async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        try {
          await sleep(200);
        } finally {
          running--;
        }
      });
      finished++;
    };
    const tag = randomUUID().slice(0, 8);
    const labels = Array.from({ length: 6 }, (_, i) => `${tag}:${i}`);
    for (const l of labels) await queue(defs.slow, l);

    // Also watch the database: never more than 2 of these jobs marked running.
    let maxDbRunning = 0;
    let maxActive = 0;
    let sampling = true;
    const startedAt = Date.now();
    const runner = start(2);
    const sampler = (async () => {
      while (sampling) {
        maxActive = Math.max(maxActive, runner.active());
        const n = await w.owner.db.job.count({ where: { functionId: defs.slow.id, status: "running" } });
        maxDbRunning = Math.max(maxDbRunning, n);
        await sleep(20);
      }
    })();
    try {
      for (const l of labels) await settled(l);
    } finally {
      sampling = false;
      await sampler;
    }
    const elapsed = Date.now() - startedAt;

    expect(maxRunning).toBe(2); // the limit is used, and never exceeded
    expect(maxActive).toBeLessThanOrEqual(2);
    expect(maxDbRunning).toBeLessThanOrEqual(2);
    expect(finished).toBe(6);
    expect(running).toBe(0);
    // Six jobs two at a time: at least three rounds of 200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(3 * 200 - 20);
    const jobs = await w.owner.db.job.findMany({ where: { functionId: defs.slow.id } });
    expect(jobs).toHaveLength(6);
    expect(jobs.every((j) => j.status === "succeeded" && j.attempts === 1 && j.lockedBy === null)).toBe(true);
  });
});

describe("retries", () => {
  // Node's clock sets run_after, PostgreSQL's now() releases it: allow for a little skew.
  const TOLERANCE_MS = 150;

  it("a transient error is retried with exponential backoff; the third attempt succeeds", async () => {
    const starts: number[] = [];
    const attempts: number[] = [];
    behaviour[defs.flaky.id] = async ({ step, attempt }) => {
      starts.push(Date.now());
      attempts.push(attempt);
      if (attempt < 2) throw new Error(`transient failure ${attempt + 1}`);
      return step.run("done", async () => ({ ok: true }));
    };
    const label = `flaky:${randomUUID()}`;
    await queue(defs.flaky, label);
    expect((await jobOf(label)).maxAttempts).toBe(4); // retries + 1

    start(1);
    const job = await settled(label);
    expect(job.status).toBe("succeeded");
    expect(job.attempts).toBe(3);
    expect(attempts).toEqual([0, 1, 2]);
    expect(starts).toHaveLength(3);
    const gap1 = starts[1]! - starts[0]!;
    const gap2 = starts[2]! - starts[1]!;
    expect(gap1).toBeGreaterThanOrEqual(backoffMs(1) - TOLERANCE_MS);
    expect(gap2).toBeGreaterThanOrEqual(backoffMs(2) - TOLERANCE_MS);
    // And the backoff grows: the second wait is the longer one (1 s, then 2 s).
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1));
    expect(gap2).toBeGreaterThan(gap1);
    expect(onFailure).not.toHaveBeenCalled();
  });

  it("a PermanentError fails at once: one attempt, status failed, onFailure called once with the error", async () => {
    let calls = 0;
    behaviour[defs.permanent.id] = async () => {
      calls++;
      throw new PermanentError("The input is unusable", "INVALID_INPUT");
    };
    const label = `permanent:${randomUUID()}`;
    await queue(defs.permanent, label);
    expect((await jobOf(label)).maxAttempts).toBe(4); // it had retries left, and used none

    start(1);
    const job = await settled(label);
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toBe("The input is unusable");
    // Not requeued: several polls later it is still one attempt (and onFailure, which runs just
    // after the status is written, has been called).
    await until("onFailure", () => onFailure.mock.calls.length > 0);
    await sleep(400);
    const later = await jobOf(label);
    expect(later.status).toBe("failed");
    expect(later.attempts).toBe(1);
    expect(calls).toBe(1);
    expect(onFailure).toHaveBeenCalledTimes(1);
    const [{ data, error }] = onFailure.mock.calls[0]!;
    expect(data).toEqual({ label });
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe("The input is unusable");
    expect((error as PermanentError).code).toBe("INVALID_INPUT");
  });

  it("an ordinary error that outlasts the retries fails after max attempts, calling onFailure once", async () => {
    let calls = 0;
    behaviour[defs.broken.id] = async () => {
      calls++;
      throw new Error("still broken");
    };
    const label = `broken:${randomUUID()}`;
    await queue(defs.broken, label);
    start(1);
    const job = await settled(label);
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(2); // retries: 1
    expect(job.lastError).toBe("still broken");
    // onFailure runs just after the status is written: wait for it, then make sure it stays once.
    await until("onFailure", () => onFailure.mock.calls.length > 0);
    await sleep(300);
    expect(calls).toBe(2);
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure.mock.calls[0]![0].data).toEqual({ label });
    expect(onFailure.mock.calls[0]![0].error.message).toBe("still broken");
  });
});

/** What cancelRun (src/server/services/runs.ts) does to a run's jobs. */
function cancelJobs(label: string) {
  return withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.plannerA }, (tx) =>
    tx.job.updateMany({
      where: { event: { path: ["data", "label"], equals: label }, status: { in: ["queued", "running"] } },
      data: { status: "cancelled" },
    }));
}

describe("cancellation", () => {
  it("a job cancelled after its first step never runs the second and ends cancelled", async () => {
    const calls: string[] = [];
    let releaseStep1!: () => void;
    const gate = new Promise<void>((r) => (releaseStep1 = r));
    let step1Started!: () => void;
    const inStep1 = new Promise<void>((r) => (step1Started = r));
    behaviour[defs.twoSteps.id] = async ({ step }) => {
      await step.run("one", async () => {
        calls.push("one");
        step1Started();
        await gate;
        return { done: 1 };
      });
      await step.run("two", async () => {
        calls.push("two");
        return { done: 2 };
      });
      calls.push("after");
    };
    const label = `cancel:${randomUUID()}`;
    start(1);
    await queue(defs.twoSteps, label);
    await inStep1;
    expect((await jobOf(label)).status).toBe("running");
    expect(await cancelJobs(label)).toEqual({ count: 1 });
    releaseStep1();

    const job = await settled(label);
    expect(job.status).toBe("cancelled");
    expect(job.attempts).toBe(1);
    expect(calls).toEqual(["one"]);
    const steps = await w.owner.db.jobStep.findMany({ where: { jobId: job.id } });
    expect(steps.map((s) => s.stepId)).toEqual(["one"]);
    // Not retried either.
    await sleep(300);
    expect(calls).toEqual(["one"]);
    expect((await jobOf(label)).status).toBe("cancelled");
    expect(onFailure).not.toHaveBeenCalled();
  });

  it("a job cancelled while still queued never starts", async () => {
    let calls = 0;
    behaviour[defs.twoSteps.id] = async () => {
      calls++;
    };
    const label = `cancel-queued:${randomUUID()}`;
    await queue(defs.twoSteps, label);
    expect(await cancelJobs(label)).toEqual({ count: 1 });
    start(1);
    await sleep(400);
    expect(calls).toBe(0);
    const job = await jobOf(label);
    expect(job.status).toBe("cancelled");
    expect(job.attempts).toBe(0);
  });
});

describe("step memoisation", () => {
  it("a step that succeeded runs once across attempts: a retry reads its stored result", async () => {
    let oneCalls = 0;
    let twoCalls = 0;
    const seen: { attempt: number; token: string }[] = [];
    behaviour[defs.memo.id] = async ({ step, attempt }) => {
      const one = await step.run("one", async () => {
        oneCalls++;
        return { token: randomUUID(), at: new Date() };
      });
      seen.push({ attempt, token: one.token });
      await step.run("two", async () => {
        twoCalls++;
        if (twoCalls === 1) throw new Error("step two fails once");
        return { ok: true };
      });
    };
    const label = `memo:${randomUUID()}`;
    await queue(defs.memo, label);
    start(1);
    const job = await settled(label);
    expect(job.status).toBe("succeeded");
    expect(job.attempts).toBe(2);
    expect(oneCalls).toBe(1);
    expect(twoCalls).toBe(2);
    expect(seen.map((s) => s.attempt)).toEqual([0, 1]);
    expect(seen[1]!.token).toBe(seen[0]!.token);

    const steps = await w.owner.db.jobStep.findMany({ where: { jobId: job.id }, orderBy: { createdAt: "asc" } });
    expect(steps.map((s) => s.stepId)).toEqual(["one", "two"]);
    const stored = steps[0]!.output as { token: string; at: string };
    expect(stored.token).toBe(seen[0]!.token);
    expect(typeof stored.at).toBe("string"); // stored as JSON, as a resumed job reads it back
    expect(steps[1]!.output).toEqual({ ok: true });
  });
});
