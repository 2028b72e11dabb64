/**
 * With Inngest configured, runs reach Inngest through the jobs table (an outbox) on a real
 * PostgreSQL: nothing is sent while the transaction that created the run is open, nothing ever
 * for a rolled-back one; a committed run's event reaches the Inngest event API (a real HTTP
 * server here, with the real Inngest SDK client) with the job id as its event id, after retries
 * while the API fails; a run that can never be handed over is failed with a clear message.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest } from "inngest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork } from "../support/network.ts";
import { startRunner, type Runner } from "../../src/server/jobs/runner.ts";
import { forwardingDefinition } from "../../src/server/jobs/forward.ts";
import { functionDefinitions } from "../../src/inngest/functions/index.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { startSimulation } from "../../src/server/services/runs.ts";
import { logger } from "../../src/server/logger.ts";
import { EVENTS } from "../../src/inngest/events.ts";
import { useDatabase } from "../../src/inngest/functions/simulate-run.ts";

interface Received { path: string; events: { id?: string; name: string; data: { runId?: string } }[] }

let w: World;
let server: Server;
let runner: Runner;
const received: Received[] = [];
/** Status the fake event API answers with next (then 200). */
const failNext: number[] = [];

beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useDatabase(async () => w.app.db);
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const status = failNext.shift() ?? 200;
      if (status === 200) {
        const parsed = JSON.parse(body);
        received.push({ path: req.url ?? "", events: Array.isArray(parsed) ? parsed : [parsed] });
      }
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? { ids: ["evt"], status: 200 } : { error: "unavailable", status }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const client = new Inngest({ id: "scp-test", eventKey: "test-event-key", baseUrl: `http://127.0.0.1:${port}` });
  runner = startRunner({
    db: w.app.db,
    functions: functionDefinitions.map((def) => forwardingDefinition(def, client)),
    log: logger,
    concurrency: 2,
    pollMs: 50,
    staleSeconds: 5,
  });
});
afterAll(async () => {
  await runner?.stop();
  await new Promise((r) => server?.close(r));
  await w?.close();
});
beforeEach(() => {
  received.length = 0;
  failNext.length = 0;
});

const actor = () => ({ userId: w.users.plannerA, requestId: "test" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sentFor = (runId: string) => received.flatMap((r) => r.events).filter((e) => e.data?.runId === runId);
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(50);
  }
}

describe("forwarding runs to Inngest", () => {
  it("sends nothing before the run's transaction commits, then the event with the job id", async () => {
    let sentWhileOpen = -1;
    const run = await withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.plannerA }, async (tx) => {
      const r = await startSimulation(tx, actor(), { name: "Outbox", horizonDays: 14, seed: 1, replications: 1, demand: "fitted", historyDays: 182, warmupDays: 0, holdingRatePerYear: 0.2, priority: 0 });
      await sleep(1000); // the runner polls every 50 ms meanwhile
      sentWhileOpen = sentFor(r.id).length;
      return r;
    });
    expect(sentWhileOpen).toBe(0);
    await until(() => sentFor(run.id).length > 0);
    const [event] = sentFor(run.id);
    expect(event!.name).toBe(EVENTS.simulateRun);
    const job = await w.owner.db.job.findFirst({ where: { event: { path: ["data", "runId"], equals: run.id } } });
    expect(event!.id).toBe(job!.id);
    await until(async () => (await w.owner.db.job.findUnique({ where: { id: job!.id } }))?.status === "succeeded");
  });

  it("never sends a rolled-back run", async () => {
    let runId = "";
    await expect(
      withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.plannerA }, async (tx) => {
        runId = (await startSimulation(tx, actor(), { name: "Rolled back", horizonDays: 14, seed: 1, replications: 1, demand: "fitted", historyDays: 182, warmupDays: 0, holdingRatePerYear: 0.2, priority: 0 })).id;
        throw new Error("the request failed after queueing");
      }),
    ).rejects.toThrow("the request failed");
    await sleep(1000);
    expect(sentFor(runId)).toEqual([]);
    expect(await w.owner.db.run.count({ where: { id: runId } })).toBe(0);
  });

  it("retries while the event API refuses, and gets the event through", async () => {
    // More failures than the SDK's own five quick tries: the runner's retry (with backoff) gets it through.
    failNext.push(...Array(6).fill(503));
    const run = await w.caller("plannerA").runs.startSimulation({ name: "Retried", horizonDays: 14 });
    await until(() => sentFor(run.id).length > 0, 20_000);
    const job = await w.owner.db.job.findFirst({ where: { event: { path: ["data", "runId"], equals: run.id } } });
    expect(job!.attempts).toBeGreaterThanOrEqual(2);
    expect(sentFor(run.id)[0]!.id).toBe(job!.id);
  });

  it("fails the run with a clear message when it cannot be handed over", async () => {
    failNext.push(...Array(50).fill(503));
    const run = await withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.plannerA }, async (tx) => {
      const r = await startSimulation(tx, actor(), { name: "Unreachable", horizonDays: 14, seed: 1, replications: 1, demand: "fitted", historyDays: 182, warmupDays: 0, holdingRatePerYear: 0.2, priority: 0 });
      // One attempt only, so the test need not wait out the backoff.
      await tx.job.updateMany({ where: { event: { path: ["data", "runId"], equals: r.id } }, data: { maxAttempts: 1 } });
      return r;
    });
    await until(async () => (await w.owner.db.run.findUnique({ where: { id: run.id } }))?.status === "failed", 20_000);
    const failed = await w.owner.db.run.findUnique({ where: { id: run.id } });
    expect(failed!.errorMessage).toMatch(/Could not hand the run to Inngest/);
    expect(sentFor(run.id)).toEqual([]);
  });
});
