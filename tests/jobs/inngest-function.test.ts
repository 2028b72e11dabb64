/**
 * The simulate function as Inngest runs it (@inngest/test drives the real Inngest function
 * object, steps and all), against a real PostgreSQL: the same definition the embedded runner uses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork } from "../support/network.ts";
import { toInngestFunction } from "../../src/inngest/functions/index.ts";
import { simulateRunFunction, useDatabase } from "../../src/inngest/functions/simulate-run.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { buildSimulationModel } from "../../src/server/services/sim-model.ts";
import { putArtifact } from "../../src/server/services/artifacts.ts";
import { ZSimulateParams } from "../../src/schemas/runs.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useDatabase(async () => w.app.db);
});
afterAll(async () => {
  await w?.close();
});

/** A queued run with its input snapshot, as startSimulation leaves it (without queueing a job). */
async function queuedRun(replications: number) {
  const params = ZSimulateParams.parse({ name: "inngest", horizonDays: 28, replications });
  return withTenant(w.app.db, { tenantId: w.tenantA }, async (tx) => {
    const run = await tx.run.create({
      data: { kind: "simulate", name: params.name, scenarioRef: "masterdata", configSchemaVersion: 1, inputHash: "x", params, requestedBy: w.users.plannerA },
    });
    await putArtifact(tx, run.id, "input", await buildSimulationModel(tx, params));
    return run.id;
  });
}

const event = (runId: string) => ({
  name: simulateRunFunction.event,
  data: { tenantId: w.tenantA, runId, requestedBy: w.users.plannerA },
});

describe("simulate-run (Inngest)", () => {
  it("runs start → one step per replication → finalise, and the run succeeds", async () => {
    const runId = await queuedRun(3);
    const t = new InngestTestEngine({ function: toInngestFunction(simulateRunFunction), events: [event(runId)] as never });
    const { result, error, ctx } = await t.execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ durationMs: expect.any(Number) });
    const stepIds = (ctx.step.run as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => c[0]);
    expect(stepIds).toEqual(["start", "replication-0", "replication-1", "replication-2", "finalise"]);
    const run = await w.owner.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("succeeded");
    expect((run.kpis as { replications: number }).replications).toBe(3);
  });

  it("a cancelled run stops without retrying and stays cancelled", async () => {
    const runId = await queuedRun(1);
    await w.owner.db.run.update({ where: { id: runId }, data: { status: "cancelled" } });
    const t = new InngestTestEngine({ function: toInngestFunction(simulateRunFunction), events: [event(runId)] as never });
    const { result } = await t.execute();
    expect(result).toEqual({ cancelled: true });
    expect((await w.owner.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("cancelled");
  });

  it("a run whose input is gone fails for good (non-retriable) and onFailure records a clear message", async () => {
    const runId = await queuedRun(1);
    await w.owner.db.runArtifact.deleteMany({ where: { runId } });
    const t = new InngestTestEngine({ function: toInngestFunction(simulateRunFunction), events: [event(runId)] as never });
    const { error } = await t.execute();
    expect(String((error as Error)?.message ?? error)).toMatch(/input is missing/);
    await simulateRunFunction.onFailure({ data: event(runId).data, error: new Error("The run's input is missing") });
    const run = await w.owner.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("failed");
    expect(run.errorMessage).toBe("The run's input is missing");
    expect(run.errorMessage).not.toMatch(/\n\s+at /);
  });
});
