/**
 * A run input this process just wrote is handed to its first reader without a round trip through
 * gzip and JSON, but only when the database shows the reader the artifact: another tenant, or a
 * write that rolled back, gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { getArtifact, putArtifact } from "../../src/server/services/artifacts.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

async function runWithInput(input: object, rollBack = false): Promise<string> {
  let id = "";
  const write = withTenant(w.app.db, { tenantId: w.tenantA }, async (tx) => {
    const run = await tx.run.create({
      data: { kind: "simulate", name: "input cache", scenarioRef: "masterdata", configSchemaVersion: 1, inputHash: "h", params: {}, requestedBy: w.users.plannerA },
    });
    id = run.id;
    await putArtifact(tx, run.id, "input", input);
    if (rollBack) throw new Error("roll back");
  });
  if (rollBack) await expect(write).rejects.toThrow("roll back");
  else await write;
  return id;
}

const readAs = (tenantId: string, runId: string) => withTenant(w.app.db, { tenantId }, (tx) => getArtifact<{ horizonDays: number }>(tx, runId, "input"));

describe("run input kept for its first reader", () => {
  it("gives the writing tenant's first read the value written, later reads the stored copy", async () => {
    const input = { horizonDays: 91, policies: [{ item: "A", location: "DC" }] };
    const id = await runWithInput(input);
    expect(await readAs(w.tenantA, id)).toBe(input);
    const stored = await readAs(w.tenantA, id);
    expect(stored).not.toBe(input);
    expect(stored).toEqual(input);
  });

  it("gives another tenant nothing, even as the first reader", async () => {
    const input = { horizonDays: 28 };
    const id = await runWithInput(input);
    expect(await readAs(w.tenantB, id)).toBeNull();
    expect(await readAs(w.tenantA, id)).toEqual(input);
  });

  it("gives nothing for a write that rolled back", async () => {
    const id = await runWithInput({ horizonDays: 7 }, true);
    expect(id).not.toBe("");
    expect(await readAs(w.tenantA, id)).toBeNull();
  });
});
