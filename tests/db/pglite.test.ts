/**
 * The embedded default: PGlite migrated by the same Prisma migrations, with the app switched to
 * the RLS-bound role, isolates tenants exactly like PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/server/db/client.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { migrate } from "../support/postgres.ts";
import { toAppError } from "../../src/server/errors.ts";
import { getArtifact, putArtifact } from "../../src/server/services/artifacts.ts";

const dir = mkdtempSync(path.join(tmpdir(), "scp-pglite-"));
const url = `pglite:${dir}`;
let tenantA = "";
let tenantB = "";

beforeAll(async () => {
  migrate(url);
  const owner = await openDb({ as: "owner", databaseUrl: url });
  const a = await owner.db.tenant.create({ data: { slug: "a", name: "A" } });
  const b = await owner.db.tenant.create({ data: { slug: "b", name: "B" } });
  await owner.db.item.create({ data: { tenantId: a.id, sku: "A-1", name: "a", unitCost: 1, price: 2 } });
  await owner.db.item.create({ data: { tenantId: b.id, sku: "B-1", name: "b", unitCost: 1, price: 2 } });
  tenantA = a.id;
  tenantB = b.id;
  await owner.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PGlite (embedded default)", () => {
  it("enforces row-level security for the app role", async () => {
    const app = await openDb({ as: "app", databaseUrl: url });
    try {
      const [{ role }] = await app.db.$queryRaw<{ role: string }[]>`select current_user::text as role`;
      expect(role).toBe("scp_app");
      expect(await app.db.item.count()).toBe(0);
      const inA = await withTenant(app.db, { tenantId: tenantA }, (tx) => tx.item.findMany({ select: { sku: true } }));
      expect(inA).toEqual([{ sku: "A-1" }]);
      const e = await withTenant(app.db, { tenantId: tenantA }, (tx) =>
        tx.$executeRaw`insert into items (tenant_id, sku, name, unit_cost, price) values (${tenantB}::uuid, 'X', 'x', 1, 1)`).catch((x) => x);
      expect(JSON.stringify(e.meta)).toMatch(/row-level security/);
      // …and the app reports it as "not found", never as an internal error.
      expect(toAppError(e, "item")?.code).toBe("NOT_FOUND");
      // Transactions roll back on PGlite too.
      await expect(
        withTenant(app.db, { tenantId: tenantA }, async (tx) => {
          await tx.item.create({ data: { sku: "A-2", name: "rolled back", unitCost: 1, price: 1 } });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await withTenant(app.db, { tenantId: tenantA }, (tx) => tx.item.count())).toBe(1);

      // Binary artifacts (BYTEA) round-trip, in and out of transactions.
      const stored = await withTenant(app.db, { tenantId: tenantA, userId: undefined }, async (tx) => {
        const user = await tx.$queryRaw<{ id: string }[]>`select gen_random_uuid()::text as id`;
        const run = await tx.run.create({
          data: { kind: "simulate", name: "r", scenarioRef: "masterdata", configSchemaVersion: 1, inputHash: "h", params: {}, requestedBy: user[0]!.id },
        });
        await putArtifact(tx, run.id, "series", { values: [1, 2.5, 3] });
        return getArtifact<{ values: number[] }>(tx, run.id, "series");
      });
      expect(stored).toEqual({ values: [1, 2.5, 3] });
    } finally {
      await app.close();
    }
  });
});
