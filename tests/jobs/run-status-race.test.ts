/**
 * A cancel and a job finishing at the same moment, on a real PostgreSQL with two connections: the
 * status written first stands. A job whose run was cancelled while it finished stops as cancelled
 * (the cancel is not overwritten by "succeeded"), and a cancel that waited on a finishing job is
 * refused as a conflict (the succeeded run is not turned into a cancelled one).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork } from "../support/network.ts";
import { withTenant, type TenantDb } from "../../src/server/db/tenant.ts";
import { markSucceeded } from "../../src/inngest/functions/lifecycle.ts";
import { CancelledError } from "../../src/server/jobs/types.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
});
afterAll(async () => {
  await w?.close();
});

/**
 * Runs `write` in a tenant transaction and keeps it open (holding the run's row lock) until the
 * returned `commit` is called.
 */
async function holdOpen(write: (db: TenantDb) => Promise<unknown>) {
  let commit!: () => void;
  const released = new Promise<void>((resolve) => (commit = resolve));
  let written!: () => void;
  const ready = new Promise<void>((resolve) => (written = resolve));
  const done = withTenant(w.app.db, { tenantId: w.tenantA }, async (db) => {
    await write(db);
    written();
    await released;
  });
  await ready;
  return { commit, done };
}

/** Whether `p` is still pending after `ms` (it is waiting on a row lock). */
async function stillPending(p: Promise<unknown>, ms: number): Promise<boolean> {
  const marker = Symbol("pending");
  const settled = await Promise.race([p.then(() => null, () => null), new Promise((resolve) => setTimeout(() => resolve(marker), ms))]);
  return settled === marker;
}

describe("run status when a cancel and a job's end meet", () => {
  it("keeps a cancel that committed while the job was marking the run succeeded", async () => {
    const api = w.caller("plannerA").runs;
    // No runner is started: the run stays queued until this test moves it.
    const run = await api.startSimulation({ name: "Race: cancel first", horizonDays: 14 });
    const cancel = await holdOpen((db) => db.run.updateMany({ where: { id: run.id }, data: { status: "cancelled" } }));
    // The job read the run before the cancel committed; its update waits for the cancel's lock.
    const finishing = withTenant(w.app.db, { tenantId: w.tenantA }, (db) => markSucceeded(db, run.id, "simulate", { kpis: {} }));
    expect(await stillPending(finishing, 300)).toBe(true);
    cancel.commit();
    await cancel.done;
    await expect(finishing).rejects.toBeInstanceOf(CancelledError);
    expect((await api.get({ id: run.id })).status).toBe("cancelled");
  });

  it("refuses a cancel that waited on a job marking the run succeeded", async () => {
    const api = w.caller("plannerA").runs;
    const run = await api.startSimulation({ name: "Race: job first", horizonDays: 14 });
    const job = await holdOpen((db) => markSucceeded(db, run.id, "simulate", { kpis: {} }));
    const cancelling = api.cancel({ id: run.id });
    expect(await stillPending(cancelling, 300)).toBe(true);
    job.commit();
    await job.done;
    await expect(cancelling).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await api.get({ id: run.id })).status).toBe("succeeded");
  });
});
