/**
 * Inventory optimisation as a background run: recommendations for every policy row meet the
 * service target, the trade-off curve rises with the target, and applying a recommendation
 * rewrites that policy (audited) — all through the procedures and the embedded runner.
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
beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useInventoryDatabase(async () => w.app.db);
  runner = startRunner({ db: w.app.db, functions: functionDefinitions, log: logger, concurrency: 1, pollMs: 100 });
  const started = await w.caller("plannerA").inventory.start({ name: "CSL 95%", serviceKind: "cycle", serviceTarget: 0.95 });
  runId = started.id;
  const done = await waitForRun(w.caller("plannerA").runs, runId);
  expect(done.status).toBe("succeeded");
});
afterAll(async () => {
  await runner?.stop();
  await w?.close();
});

describe("inventory optimisation run", () => {
  it("recommends a policy for every row, meeting the cycle-service target", async () => {
    const rec = await w.caller("viewerA").inventory.recommendations({ id: runId });
    const policies = await w.owner.db.inventoryPolicy.count({ where: { tenantId: w.tenantA } });
    expect(rec.rows).toHaveLength(policies);
    const ok = rec.rows.filter((r) => r.status === "ok");
    expect(ok.length).toBeGreaterThan(0);
    for (const r of ok) {
      expect(r.expectedCycleServiceLevel).toBeGreaterThanOrEqual(0.95 - 1e-9);
      expect(r.inventoryInvestment).toBeGreaterThan(0);
    }
    // The DC serves both stores: its echelon demand is the stores' demand added up.
    const dc = ok.find((r) => r.locationType === "dc" && r.item === "I2")!;
    const stores = ok.filter((r) => r.locationType === "store" && r.item === "I2");
    expect(dc.demandMean).toBeCloseTo(stores.reduce((a, r) => a + r.demandMean, 0), 9);
  });

  it("the trade-off curve: more service costs more investment, network-wide and per item", async () => {
    const net = await w.caller("viewerA").inventory.tradeOff({ id: runId });
    const item = await w.caller("viewerA").inventory.tradeOff({ id: runId, item: "I2" });
    for (const c of [net.points, item.points]) {
      for (let i = 1; i < c.length; i++) {
        expect(c[i]!.investment).toBeGreaterThanOrEqual(c[i - 1]!.investment - 1e-6);
        expect(c[i]!.achievedService).toBeGreaterThanOrEqual(c[i - 1]!.achievedService - 1e-9);
      }
    }
    await expect(w.caller("viewerA").inventory.tradeOff({ id: runId, item: "NOPE" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("applying a recommendation rewrites that policy, audited; viewers may not", async () => {
    const rec = await w.caller("plannerA").inventory.recommendations({ id: runId });
    const row = rec.rows.find((r) => r.status === "ok" && r.locationType === "store")!;
    await expect(w.caller("viewerA").inventory.applyRecommendations({ id: runId, policyIds: [row.policyId] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const res = await w.caller("plannerA").inventory.applyRecommendations({ id: runId, policyIds: [row.policyId] });
    expect(res.applied).toBe(1);
    const policy = await w.owner.db.inventoryPolicy.findUniqueOrThrow({ where: { id: row.policyId } });
    if (row.orderQuantity > 0) {
      expect(policy.policyType).toBe("r_Q");
      expect(Number(policy.reorderPoint)).toBeCloseTo(row.reorderPoint, 4);
      expect(Number(policy.orderQuantity)).toBeCloseTo(row.orderQuantity, 4);
    } else {
      expect(policy.policyType).toBe("base_stock");
      expect(Number(policy.orderUpTo)).toBeCloseTo(row.reorderPoint, 4);
    }
    const audit = await w.owner.db.auditEvent.findFirst({ where: { entity: "policy", entityId: row.policyId, action: "update" } });
    expect(audit?.actorId).toBe(w.users.plannerA);
  });

  it("applies a recommendation to a draft scenario through its diff, leaving the policies table alone", async () => {
    const rec = await w.caller("plannerA").inventory.recommendations({ id: runId });
    const row = rec.rows.find((r) => r.status === "ok" && r.location === "S2")!;
    const root = await w.caller("plannerA").scenarios.createRoot({ name: "Baseline plan" });
    const draft = await w.caller("plannerA").scenarios.createChild({ parentId: root.id, name: "Service 95%" });
    const before = await w.owner.db.inventoryPolicy.findUniqueOrThrow({ where: { id: row.policyId } });
    const res = await w.caller("plannerA").inventory.applyToScenario({ id: runId, policyIds: [row.policyId], scenarioId: draft.id });
    expect(res.applied).toBe(1);
    const { scenario, document } = await w.caller("viewerA").scenarios.get({ id: draft.id });
    expect(scenario.version).toBe(2);
    const policy = document.policies[`${row.item}@${row.location}`] as Record<string, number | string>;
    if (row.orderQuantity > 0) {
      expect(policy).toMatchObject({ type: "rQ", reorderPoint: row.reorderPoint, orderQuantity: row.orderQuantity });
    } else {
      expect(policy).toMatchObject({ type: "baseStock", orderUpTo: row.reorderPoint });
    }
    // The parent and the master data are untouched.
    const parent = await w.caller("viewerA").scenarios.get({ id: root.id });
    expect(parent.document.policies[`${row.item}@${row.location}`]).not.toEqual(policy);
    expect(await w.owner.db.inventoryPolicy.findUniqueOrThrow({ where: { id: row.policyId } })).toEqual(before);
    // Only drafts take recommendations.
    await w.caller("plannerA").scenarios.submit({ id: draft.id });
    await expect(
      w.caller("plannerA").inventory.applyToScenario({ id: runId, policyIds: [row.policyId], scenarioId: draft.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses ids that are not rows of the run", async () => {
    await expect(
      w.caller("plannerA").inventory.applyRecommendations({ id: runId, policyIds: ["00000000-0000-4000-8000-000000000000"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
