/**
 * Runs through the embedded runner on a real PostgreSQL: a simulation of a small network goes
 * queued → running → succeeded with progress, KPIs and artifacts; the list pages by cursor;
 * cancel stops a run; bad input and viewers are refused; another tenant sees nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork, waitForRun } from "../support/network.ts";
import { startRunner, type Runner } from "../../src/server/jobs/runner.ts";
import { functionDefinitions } from "../../src/inngest/functions/index.ts";
import { DETAIL_LIMIT_NODE_DAYS, useDatabase, useDetailLimit, useNodeTotalsLimit } from "../../src/inngest/functions/simulate-run.ts";
import { NODE_TOTALS_IN_JOB_NODE_DAYS, REPLAY_LIMIT_NODE_DAYS, useReplayLimit } from "../../src/server/services/cost-drill.ts";
import { logger } from "../../src/server/logger.ts";

let w: World;
let runner: Runner;
beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useDatabase(async () => w.app.db);
  runner = startRunner({ db: w.app.db, functions: functionDefinitions, log: logger, concurrency: 2, pollMs: 100, staleSeconds: 5 });
});
afterAll(async () => {
  await runner?.stop();
  await w?.close();
});

describe("a simulation run", () => {
  it("goes from queued to succeeded with KPIs, series and a cost trace", async () => {
    const api = w.caller("plannerA").runs;
    const started = await api.startSimulation({ name: "Baseline", horizonDays: 60, seed: 7 });
    expect(started.status).toBe("queued");
    const done = await waitForRun(api, started.id);
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    const kpis = (done.kpis as { kpis: Record<string, number> }).kpis;
    expect(kpis.fillRate).toBeGreaterThan(0);
    expect(kpis.fillRate).toBeLessThanOrEqual(1);
    expect(kpis.demandUnits).toBeGreaterThan(0);

    // Day, week and month buckets preserve the total demand exactly.
    const day = await api.series({ id: started.id, bucket: "day" });
    const week = await api.series({ id: started.id, bucket: "week" });
    const month = await api.series({ id: started.id, bucket: "month" });
    const total = (s: typeof day) => s.series.demand!.reduce((a, b) => a + b, 0);
    expect(day.labels).toHaveLength(60);
    expect(total(week)).toBeCloseTo(total(day), 6);
    expect(total(month)).toBeCloseTo(total(day), 6);
    expect(total(day)).toBeCloseTo(kpis.demandUnits, 6);

    // Cost drill-down: types → locations within a type add up.
    const byType = await api.costs({ id: started.id });
    expect(byType.level).toBe("type");
    const holding = byType.rows.find((r) => r.key === "holding")!;
    const byLocation = await api.costs({ id: started.id, type: "holding" });
    expect(byLocation.rows.reduce((a, r) => a + r.amount, 0)).toBeCloseTo(holding.amount, 6);
    const firstLoc = byLocation.rows[0]!.key;
    const byItem = await api.costs({ id: started.id, type: "holding", location: firstLoc });
    expect(byItem.level).toBe("item");

    // Exactly one set of artifacts.
    const kinds = await w.owner.db.runArtifact.groupBy({ by: ["kind", "chunk"], where: { runId: started.id }, _count: { _all: true } });
    expect(kinds.every((k) => k._count._all === 1)).toBe(true);
    expect(kinds.map((k) => k.kind).sort()).toEqual(expect.arrayContaining(["costs", "daily-csv", "input", "series", "summary"]));
  });

  it("a run too large to keep its cost records drills down to the same costs, re-simulating what it shows", async () => {
    const api = w.caller("plannerA").runs;
    type Drill = Awaited<ReturnType<typeof api.costs>>;
    const params = { name: "Drill", horizonDays: 60, seed: 11 };
    const detailed = await waitForRun(api, (await api.startSimulation(params)).id);
    useDetailLimit(0); // the next run takes the large-run path: no per-node detail, no cost records
    let large;
    try {
      large = await waitForRun(api, (await api.startSimulation({ ...params, name: "Drill (large)" })).id);
    } finally {
      useDetailLimit(DETAIL_LIMIT_NODE_DAYS);
    }
    expect([detailed.status, large.status]).toEqual(["succeeded", "succeeded"]);
    const stored = await w.owner.db.runArtifact.findMany({ where: { runId: large.id }, select: { kind: true } });
    expect(stored.map((a) => a.kind)).not.toContain("daily-csv");

    const same = (a: Drill, b: Drill) => {
      expect(b.level).toBe(a.level);
      expect(b.rows.map((r) => r.key).sort()).toEqual(a.rows.map((r) => r.key).sort());
      const amounts = new Map(a.rows.map((r) => [r.key, r.amount]));
      for (const r of b.rows) expect(r.amount).toBeCloseTo(amounts.get(r.key)!, 9);
      const order = (x: Drill["records"]) => [...x].sort((p, q) => p.day - q.day || p.amount - q.amount);
      expect(order(b.records)).toEqual(order(a.records));
    };
    const both = async (q: Omit<Parameters<typeof api.costs>[0], "id">) => {
      const [a, b] = [await api.costs({ id: detailed.id, ...q }), await api.costs({ id: large.id, ...q })];
      same(a, b);
      return a;
    };
    const types = await both({});
    expect(types.rows.map((r) => r.key)).toEqual(expect.arrayContaining(["holding", "transport", "cogs"]));
    for (const type of ["holding", "transport"]) {
      const locations = await both({ type });
      const location = locations.rows[0]!.key;
      const items = await both({ type, location });
      const item = items.rows[0]!.key;
      const days = await both({ type, location, item });
      expect(days.rows.length).toBeGreaterThan(0);
      const records = await both({ type, location, item, day: Number(days.rows[0]!.key) });
      expect(records.records.length).toBeGreaterThan(0);
      if (type === "transport") expect(records.records.every((r) => r.cause !== null)).toBe(true);
    }
    // The per-node totals behind the item level were computed once and kept.
    expect(await w.owner.db.runArtifact.count({ where: { runId: large.id, kind: "node-costs" } })).toBe(1);
    // A run too large to re-simulate in a request gets them from its job, the same numbers.
    useDetailLimit(0);
    useNodeTotalsLimit(0);
    let huge;
    try {
      huge = await waitForRun(api, (await api.startSimulation({ ...params, name: "Drill (huge)" })).id);
    } finally {
      useDetailLimit(DETAIL_LIMIT_NODE_DAYS);
      useNodeTotalsLimit(NODE_TOTALS_IN_JOB_NODE_DAYS);
    }
    expect(await w.owner.db.runArtifact.count({ where: { runId: huge.id, kind: "node-costs" } })).toBe(1);
    const location = (await api.costs({ id: detailed.id, type: "holding" })).rows[0]!.key;
    same(await api.costs({ id: detailed.id, type: "holding", location }), await api.costs({ id: huge.id, type: "holding", location }));
    expect((await api.costs({ id: large.id, type: "holding", location: "NOWHERE", item: "NOTHING" })).rows).toEqual([]);
    // An item whose component is too large to re-simulate in a request: a named refusal at the
    // day level; the levels above still answer from what the job kept.
    const item = (await api.costs({ id: large.id, type: "holding", location })).rows[0]!.key;
    useReplayLimit(0);
    try {
      await expect(api.costs({ id: large.id, type: "holding", location, item })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/too large to list single costs/) });
      expect((await api.costs({ id: large.id, type: "holding", location })).rows.length).toBeGreaterThan(0);
    } finally {
      useReplayLimit(REPLAY_LIMIT_NODE_DAYS);
    }
  });

  it("Monte Carlo replications give confidence intervals", async () => {
    const api = w.caller("plannerA").runs;
    const started = await api.startSimulation({ name: "MC", horizonDays: 30, replications: 5 });
    const done = await waitForRun(api, started.id);
    expect(done.status).toBe("succeeded");
    const k = done.kpis as { replications: number; kpis: Record<string, number>; kpisCi: Record<string, [number, number]> };
    expect(k.replications).toBe(5);
    const [lo, hi] = k.kpisCi.demandUnits!;
    expect(lo).toBeLessThanOrEqual(k.kpis.demandUnits!);
    expect(hi).toBeGreaterThanOrEqual(k.kpis.demandUnits!);
  });

  it("can be cancelled; a cancelled run can be retried", async () => {
    const api = w.caller("plannerA").runs;
    const started = await api.startSimulation({ name: "To cancel", horizonDays: 730, replications: 50 });
    await api.cancel({ id: started.id });
    const after = await waitForRun(api, started.id);
    expect(after.status).toBe("cancelled");
    await expect(api.cancel({ id: started.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const retried = await api.retry({ id: started.id });
    expect(retried.name).toBe("To cancel (retry)");
    await api.cancel({ id: retried.id });
  });
});

describe("a scenario run", () => {
  it("simulates a scenario's plan with one call, listed under the scenario", async () => {
    const root = await w.caller("plannerA").scenarios.createRoot({ name: "Plan", horizonDays: 28 });
    const started = await w.caller("plannerA").runs.startScenario({ scenarioId: root.id });
    expect(started.scenarioRef).toBe(root.id);
    const done = await waitForRun(w.caller("plannerA").runs, started.id);
    expect(done.status).toBe("succeeded");
    const listed = await w.caller("viewerA").runs.list({ scenarioRef: root.id });
    expect(listed.rows.map((r) => r.id)).toEqual([started.id]);
  });
});

describe("the run list", () => {
  it("pages by cursor without gaps or repeats, newest first, summaries only", async () => {
    const api = w.caller("viewerA").runs;
    const all: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await api.list({ limit: 2, cursor });
      all.push(...page.rows.map((r) => r.id));
      expect(page.rows.every((r) => !("kpis" in r))).toBe(true);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const total = await w.owner.db.run.count({ where: { tenantId: w.tenantA } });
    expect((await api.list({ withTotal: true })).total).toBe(total);
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    const created = await w.owner.db.run.findMany({ where: { tenantId: w.tenantA }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(all).toEqual(created.map((r) => r.id));
  });

  it("filters by status and refuses oversized pages", async () => {
    const api = w.caller("viewerA").runs;
    const ok = await api.list({ status: ["succeeded"], detail: true });
    expect(ok.rows.every((r) => r.status === "succeeded" && "kpis" in r)).toBe(true);
    await expect(api.list({ limit: 1000 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("offers as requesters exactly those who started runs in the tenant, and filters by them", async () => {
    const starters = await w.owner.db.run.findMany({ where: { tenantId: w.tenantA }, distinct: ["requestedBy"], select: { requestedBy: true } });
    const requesters = await w.caller("viewerA").runs.requesters();
    expect(requesters.map((r) => r.id).sort()).toEqual(starters.map((r) => r.requestedBy).sort());
    expect(requesters).toContainEqual({ id: w.users.plannerA, email: "planner@a.test" });
    const byPlanner = await w.caller("viewerA").runs.list({ requestedBy: w.users.plannerA, limit: 200 });
    expect(byPlanner.rows.length).toBeGreaterThan(0);
    expect(byPlanner.rows.every((r) => r.requestedByEmail === "planner@a.test")).toBe(true);
    // Another tenant's history offers none of them.
    expect(await w.caller("adminB", w.tenantB).runs.requesters()).toEqual([]);
  });
});

describe("refusals", () => {
  it("a viewer cannot start a run", async () => {
    await expect(w.caller("viewerA").runs.startSimulation({ name: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
  it("bad parameters name the field", async () => {
    await expect(w.caller("plannerA").runs.startSimulation({ name: "", horizonDays: 3 })).rejects.toThrow(/horizonDays must be at least 7 days/);
  });
  it("a tenant without a network gets a clear message, and nothing is queued", async () => {
    const before = await w.owner.db.job.count();
    await expect(w.caller("adminB", w.tenantB).runs.startSimulation({ name: "x" })).rejects.toThrow(/no demand history|no network|No inventory policies/i);
    expect(await w.owner.db.job.count()).toBe(before);
    expect(await w.owner.db.run.count({ where: { tenantId: w.tenantB } })).toBe(0);
  });
  it("another tenant sees none of A's runs", async () => {
    const b = await w.caller("adminB", w.tenantB).runs.list({ withTotal: true });
    expect(b.total).toBe(0);
    const anyA = await w.owner.db.run.findFirstOrThrow({ where: { tenantId: w.tenantA } });
    await expect(w.caller("adminB", w.tenantB).runs.get({ id: anyA.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
