/**
 * Validation by simulation of a stored recommendation, through the `inventory.validate`
 * procedure on the real database: the row's policy is simulated with Monte Carlo replications and
 * the achieved fill rate, CSL, on-hand and cost come back with 95% confidence intervals beside the
 * optimisation's promises; viewers are refused, unknown rows and runs are not found.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork, waitForRun } from "../support/network.ts";
import { startRunner, type Runner } from "../../src/server/jobs/runner.ts";
import { functionDefinitions } from "../../src/inngest/functions/index.ts";
import { useInventoryDatabase } from "../../src/inngest/functions/inventory-run.ts";
import { logger } from "../../src/server/logger.ts";

let w: World;
let runner: Runner;
let runId: string;
type Rec = Awaited<ReturnType<ReturnType<World["caller"]>["inventory"]["recommendations"]>>["rows"][number];
let store: Rec;

beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useInventoryDatabase(async () => w.app.db);
  runner = startRunner({ db: w.app.db, functions: functionDefinitions, log: logger, concurrency: 1, pollMs: 100 });
  // The 60 days of history: daily demand 5–9, a coefficient of variation near 0.2, so the
  // optimiser's normal model and the simulator's (which censors negative draws) agree.
  const started = await w.caller("plannerA").inventory.start({ name: "Fill 97%", serviceKind: "fillRate", serviceTarget: 0.97, historyDays: 60 });
  runId = started.id;
  const done = await waitForRun(w.caller("plannerA").runs, runId);
  expect(done.status).toBe("succeeded");
  const rec = await w.caller("plannerA").inventory.recommendations({ id: runId });
  store = rec.rows.find((r) => r.status === "ok" && r.locationType === "store")!;
  expect(store).toBeDefined();
});
afterAll(async () => {
  await runner?.stop();
  await w?.close();
});

describe("inventory.validate", () => {
  it("simulates a recommendation row and reports achieved against promised, with 95% intervals", async () => {
    const r = await w.caller("plannerA").inventory.validate({ id: runId, policyId: store.policyId });
    expect(r).toMatchObject({
      runId,
      policyId: store.policyId,
      item: store.item,
      location: store.location,
      serviceKind: "fillRate",
      serviceTarget: 0.97,
      replications: 20,
      horizonDays: 10_000,
      warmupDays: 365,
      seed: 1,
      laneLeadTimeDays: store.leadTimeDays,
      integerQuantities: false,
    });
    expect(r.simulatedPolicy).toMatchObject(
      store.orderQuantity > 0
        ? { type: "rQ", reorderPoint: store.reorderPoint, orderQuantity: store.orderQuantity }
        : { type: "baseStock", orderUpTo: store.reorderPoint },
    );
    const m = r.metrics;
    expect(m.fillRate!.promised).toBe(store.expectedFillRate);
    expect(m.cycleServiceLevel!.promised).toBe(store.expectedCycleServiceLevel);
    expect(m.costPerDay!.promised).toBeCloseTo((store.holdingCostPerYear + store.orderingCostPerYear) / 365, 12);
    expect(m.averageOnHand!.promised).toBeCloseTo(store.inventoryInvestment / store.unitCost, 9);
    expect(m.periodServiceLevel!.promised).toBeNull();
    for (const metric of Object.values(m)) {
      expect(metric!.n).toBe(20);
      expect(metric!.low).toBeLessThanOrEqual(metric!.mean);
      expect(metric!.high).toBeGreaterThanOrEqual(metric!.mean);
      expect(metric!.halfWidth).toBeCloseTo(metric!.high - metric!.mean, 9);
    }
    // The optimiser's promises hold in the simulator.
    expect({ fill: m.fillRate!.withinCi, csl: m.cycleServiceLevel!.withinCi, onHand: m.averageOnHand!.withinCi, cost: m.costPerDay!.withinCi })
      .toEqual({ fill: true, csl: true, onHand: true, cost: true });
    expect(r.withinCi).toBe(true);
  });

  it("takes replications, horizon, warm-up and seed, and is reproducible", async () => {
    const input = { id: runId, policyId: store.policyId, replications: 4, horizonDays: 800, warmupDays: 100, seed: 7 };
    const a = await w.caller("approverA").inventory.validate(input);
    const b = await w.caller("adminA").inventory.validate(input);
    expect(b).toEqual(a);
    expect(a).toMatchObject({ replications: 4, horizonDays: 800, warmupDays: 100, seed: 7 });
    expect(a.metrics.fillRate!.n).toBe(4);
    const other = await w.caller("plannerA").inventory.validate({ ...input, seed: 8 });
    expect(other.metrics.averageOnHand!.mean).not.toBe(a.metrics.averageOnHand!.mean);
  });

  it("refuses viewers (FORBIDDEN)", async () => {
    await expect(w.caller("viewerA").inventory.validate({ id: runId, policyId: store.policyId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("an unknown recommendation, an unknown run or another tenant's run is NOT_FOUND", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(w.caller("plannerA").inventory.validate({ id: runId, policyId: unknown })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.caller("plannerA").inventory.validate({ id: unknown, policyId: store.policyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(w.caller("adminB", w.tenantB).inventory.validate({ id: runId, policyId: store.policyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("rejects settings outside the limits, naming the field (BAD_REQUEST)", async () => {
    const call = (extra: Record<string, unknown>) => w.caller("plannerA").inventory.validate({ id: runId, policyId: store.policyId, ...extra });
    await expect(call({ replications: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("replications") });
    await expect(call({ replications: 200, horizonDays: 10_000 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("replications") });
    await expect(call({ horizonDays: 400, warmupDays: 390 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("warmupDays") });
    await expect(w.caller("plannerA").inventory.validate({ id: runId } as never)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("policyId") });
  });

  it("refusals are in the caller's language: a row not in the run, a row without a recommendation", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(w.caller("plannerA", undefined, "ja").inventory.validate({ id: runId, policyId: unknown }))
      .rejects.toMatchObject({ code: "NOT_FOUND", message: "この推奨はこの実行に含まれていません" });
    // An item stocked at a store that has never sold: the optimiser leaves it without a recommendation.
    const o = w.owner.db;
    const s1 = await o.location.findFirstOrThrow({ where: { tenantId: w.tenantA, code: "S1" } });
    const idle = await o.item.create({ data: { tenantId: w.tenantA, sku: "IDLE", name: "Never sold", unitCost: 3, price: 5 } });
    await o.inventoryPolicy.create({ data: { tenantId: w.tenantA, itemId: idle.id, locationId: s1.id, policyType: "s_S", reorderPoint: 1, orderUpTo: 4 } });
    try {
      const started = await w.caller("plannerA").inventory.start({ name: "With an idle item", serviceKind: "fillRate", serviceTarget: 0.97, historyDays: 60 });
      expect((await waitForRun(w.caller("plannerA").runs, started.id)).status).toBe("succeeded");
      const rows = (await w.caller("plannerA").inventory.recommendations({ id: started.id })).rows;
      const row = rows.find((r) => r.item === "IDLE")!;
      expect(row.status).toBe("zero_demand");
      const input = { id: started.id, policyId: row.policyId };
      await expect(w.caller("plannerA").inventory.validate(input))
        .rejects.toMatchObject({ code: "BAD_REQUEST", message: "No recommendation to validate for IDLE at S1: its demand is zero" });
      await expect(w.caller("plannerA", undefined, "ja").inventory.validate(input))
        .rejects.toMatchObject({ code: "BAD_REQUEST", message: "S1 の IDLE には検証できる推奨がありません：需要がゼロです" });
    } finally {
      await o.inventoryPolicy.deleteMany({ where: { itemId: idle.id } });
      await o.item.delete({ where: { id: idle.id } });
    }
  });
});
