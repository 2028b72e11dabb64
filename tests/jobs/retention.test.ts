/**
 * Retention: runs finished longer ago than the retention age have their artifacts moved out of
 * the hot table into the archive, are marked archived, and their results still read the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { getArtifact, getChunk, putArtifact, putChunks } from "../../src/server/services/artifacts.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

async function finishedRun(daysAgo: number) {
  return withTenant(w.app.db, { tenantId: w.tenantA }, async (tx) => {
    const finishedAt = new Date(Date.now() - daysAgo * 86_400_000);
    const run = await tx.run.create({
      data: { kind: "simulate", name: `${daysAgo} days old`, scenarioRef: "masterdata", configSchemaVersion: 1, inputHash: "h", params: {}, status: "succeeded", requestedBy: w.users.plannerA, createdAt: finishedAt, finishedAt },
    });
    await putArtifact(tx, run.id, "series", { days: 3, network: { demand: [1, 2, 3] } });
    await putChunks(tx, run.id, "daily-csv", ["date,x\n2026-01-01,1\n", "2026-01-02,2\n"]);
    return run.id;
  });
}

describe("run retention", () => {
  it("archives only runs past the age, moving (not copying) their artifacts; results still read", async () => {
    const old = await finishedRun(120);
    const recent = await finishedRun(10);
    const [{ archived }] = await w.app.db.$queryRaw<{ archived: number }[]>`select archive_old_runs(90) as archived`;
    expect(archived).toBe(1);

    expect(await w.owner.db.runArtifact.count({ where: { runId: old } })).toBe(0);
    expect(await w.owner.db.runArtifactArchive.count({ where: { runId: old } })).toBe(3);
    expect(await w.owner.db.runArtifact.count({ where: { runId: recent } })).toBe(3);
    expect((await w.owner.db.run.findUniqueOrThrow({ where: { id: old } })).archivedAt).not.toBeNull();
    expect((await w.owner.db.run.findUniqueOrThrow({ where: { id: recent } })).archivedAt).toBeNull();

    const [series, second] = await withTenant(w.app.db, { tenantId: w.tenantA }, (tx) =>
      Promise.all([getArtifact<{ network: { demand: number[] } }>(tx, old, "series"), getChunk(tx, old, "daily-csv", 1)]));
    expect(series?.network.demand).toEqual([1, 2, 3]);
    expect(second).toBe("2026-01-02,2\n");

    // Idempotent: nothing more to archive.
    const [{ archived: again }] = await w.app.db.$queryRaw<{ archived: number }[]>`select archive_old_runs(90) as archived`;
    expect(again).toBe(0);
  });

  it("archived artifacts stay fenced by tenant", async () => {
    const rows = await withTenant(w.app.db, { tenantId: w.tenantB }, (tx) => tx.runArtifactArchive.count());
    expect(rows).toBe(0);
  });
});
