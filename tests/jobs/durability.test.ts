/**
 * Durability of the embedded runner: a real worker process is killed (SIGKILL) in the middle of a
 * run; after a restart the run resumes from its last completed step and succeeds, with one set of
 * artifacts and no repeated steps. A job that has no attempts left fails cleanly with a message.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { startSimulation } from "../../src/server/services/runs.ts";
import { ZStartSimulation } from "../../src/schemas/runs.ts";

let w: World;
let acme: string;
let planner: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  w = await createWorld();
  await seedDemo(w.owner.db);
  acme = (await w.owner.db.tenant.findUniqueOrThrow({ where: { slug: "acme" } })).id;
  planner = (await w.owner.db.user.findUniqueOrThrow({ where: { email: "planner@acme.example" } })).id;
}, 180_000);

function killAll() {
  for (const c of children.splice(0)) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
afterEach(killAll);
afterAll(async () => {
  killAll();
  await w?.close();
});

function startWorker(): Promise<ChildProcess> {
  const child = spawn("npx", ["tsx", "scripts/runner.ts"], {
    env: { ...process.env, DATABASE_URL: w.url, RUNNER_STALE_SECONDS: "2", RUNNER_CONCURRENCY: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a crash takes npx, tsx and the worker down together.
    detached: true,
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker did not start")), 60_000);
    child.stdout!.on("data", (b: Buffer) => {
      if (b.toString().includes('"ready":true')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

/** SIGKILL the worker's whole process group: no chance to clean up, like a crash. */
function crash(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGKILL");
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(replications: number, maxAttempts?: number) {
  const run = await withTenant(w.app.db, { tenantId: acme, userId: planner }, (tx) =>
    startSimulation(tx, { userId: planner }, ZStartSimulation.parse({ name: `durable ${replications}`, horizonDays: 365, replications })));
  const job = await w.owner.db.job.findFirstOrThrow({ where: { event: { path: ["data", "runId"], equals: run.id } } });
  if (maxAttempts) await w.owner.db.job.update({ where: { id: job.id }, data: { maxAttempts } });
  return { runId: run.id, jobId: job.id };
}

const completedSteps = (jobId: string) => w.owner.db.jobStep.findMany({ where: { jobId }, orderBy: { createdAt: "asc" } });

describe("a worker killed mid-run", () => {
  it("resumes from the last completed step after a restart and completes, without duplicates", async () => {
    const { runId, jobId } = await start(24);
    const first = await startWorker();
    await until("two replications done", async () => (await completedSteps(jobId)).length >= 3); // start + 2 replications
    await crash(first);
    const beforeRestart = await completedSteps(jobId);
    const orphan = await w.owner.db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(orphan.status).toBe("running"); // nobody marked it: the process died
    expect((await w.owner.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

    await startWorker();
    const done = await until("run finished", async () => {
      const r = await w.owner.db.run.findUniqueOrThrow({ where: { id: runId } });
      return ["succeeded", "failed", "cancelled"].includes(r.status) && r;
    });
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect((done.kpis as { replications: number }).replications).toBe(24);

    // The job is closed just after its last step has finalised the run.
    const job = await until("job closed", async () => {
      const j = await w.owner.db.job.findUniqueOrThrow({ where: { id: jobId } });
      return j.status !== "running" && j;
    }, 10_000);
    expect(job.status).toBe("succeeded");
    expect(job.attempts).toBe(2);
    const steps = await completedSteps(jobId);
    expect(steps.map((s) => s.stepId)).toEqual(["start", ...Array.from({ length: 24 }, (_, i) => `replication-${i}`), "finalise"]);
    // Steps completed before the crash were kept, not redone.
    for (const s of beforeRestart) {
      expect(steps.find((x) => x.stepId === s.stepId)?.createdAt.getTime()).toBe(s.createdAt.getTime());
    }
    // One set of artifacts, intact.
    const artifacts = await w.owner.db.runArtifact.findMany({ where: { runId }, select: { kind: true, chunk: true, rawBytes: true } });
    const keys = artifacts.map((a) => `${a.kind}#${a.chunk}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(["input#0", "series#0", "costs#0", "summary#0", "daily-csv#0"]));
    expect(artifacts.every((a) => a.rawBytes > 0)).toBe(true);
  });

  it("a job with no attempts left is failed cleanly, with a message on its run", async () => {
    const { runId, jobId } = await start(24, 1);
    const worker = await startWorker();
    await until("a replication done", async () => (await completedSteps(jobId)).length >= 2);
    await crash(worker);
    await startWorker();
    const done = await until("run finished", async () => {
      const r = await w.owner.db.run.findUniqueOrThrow({ where: { id: runId } });
      return ["succeeded", "failed", "cancelled"].includes(r.status) && r;
    });
    expect(done.status).toBe("failed");
    expect(done.errorMessage).toMatch(/interrupted by a restart/);
    expect((await w.owner.db.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("failed");
  });
});
