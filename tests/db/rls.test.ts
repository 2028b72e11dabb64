/**
 * Row-level tenant isolation on a real PostgreSQL: tenant A cannot read, update, delete or insert
 * tenant B's rows — through the app's procedures, through raw SQL inside withTenant, or with no
 * tenant set at all (zero rows). Also checks the fence itself: every tenant table has RLS enabled
 * and forced, and the app's role can neither bypass nor own it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../../src/server/db/tenant.ts";
import { createWorld, type World } from "../support/fixtures.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const TENANT_TABLES = [
  "org_units", "memberships", "audit_events", "items", "locations", "lanes", "boms", "inventory_policies", "demand_history",
  "runs", "run_artifacts", "run_artifacts_archive", "jobs", "job_steps",
];

describe("the fence itself", () => {
  it("every table with a tenant_id column has RLS enabled and forced, with a policy", async () => {
    const rows = await w.owner.db.$queryRaw<{ table: string; enabled: boolean; forced: boolean; policies: bigint }[]>`
      select c.relname::text as "table", c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*) from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id')`;
    expect(rows.map((r) => r.table).sort()).toEqual(expect.arrayContaining(TENANT_TABLES.sort()));
    for (const r of rows) {
      expect({ table: r.table, enabled: r.enabled, forced: r.forced }).toEqual({ table: r.table, enabled: true, forced: true });
      expect(Number(r.policies), r.table).toBeGreaterThan(0);
    }
  });

  it("the app runs as a role that is not superuser, has no BYPASSRLS and owns no table", async () => {
    const [me] = await w.app.db.$queryRaw<{ role: string; superuser: boolean; bypass: boolean; owned: bigint }[]>`
      select current_user::text as role, r.rolsuper as superuser, r.rolbypassrls as bypass,
             (select count(*) from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = current_user`;
    expect(me).toEqual({ role: "scp_app", superuser: false, bypass: false, owned: 0n });
  });
});

describe("no tenant set", () => {
  it("sees zero rows in every tenant table", async () => {
    for (const table of TENANT_TABLES) {
      const rows = await w.app.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${table}`);
      expect(Number(rows[0]!.n), table).toBe(0);
    }
    // …while the owner sees both tenants' items, so the zero above is the fence, not an empty table.
    expect(await w.owner.db.item.count()).toBe(2);
  });

  it("cannot insert a row at all", async () => {
    await expect(
      w.app.db.$executeRaw`insert into items (tenant_id, sku, name, unit_cost, price) values (${w.tenantB}::uuid, 'X', 'x', 1, 1)`,
    ).rejects.toThrow(/row-level security|violates/i);
  });
});

describe("raw SQL inside withTenant(A)", () => {
  const inA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(w.app.db, { tenantId: w.tenantA }, fn);

  it("reads only A's rows", async () => {
    const skus = await inA((tx) => tx.$queryRaw<{ sku: string }[]>`select sku from items order by sku`);
    expect(skus.map((r) => r.sku)).toEqual(["A-1"]);
    const byId = await inA((tx) => tx.$queryRaw<{ sku: string }[]>`select sku from items where id = ${w.itemB}::uuid`);
    expect(byId).toEqual([]);
  });

  it("updates and deletes of B's rows touch nothing", async () => {
    const updated = await inA((tx) => tx.$executeRaw`update items set name = 'hacked' where id = ${w.itemB}::uuid`);
    const deleted = await inA((tx) => tx.$executeRaw`delete from items where id = ${w.itemB}::uuid`);
    expect([updated, deleted]).toEqual([0, 0]);
    const b = await w.owner.db.item.findUnique({ where: { id: w.itemB } });
    expect(b?.name).toBe("Bento box");
  });

  it("cannot insert a row into B, nor move a row of A to B", async () => {
    await expect(
      inA((tx) => tx.$executeRaw`insert into items (tenant_id, sku, name, unit_cost, price) values (${w.tenantB}::uuid, 'X', 'x', 1, 1)`),
    ).rejects.toThrow(/row-level security/i);
    await expect(
      inA((tx) => tx.$executeRaw`update items set tenant_id = ${w.tenantB}::uuid where id = ${w.itemA}::uuid`),
    ).rejects.toThrow(/row-level security/i);
    expect(await w.owner.db.item.count({ where: { tenantId: w.tenantB } })).toBe(1);
  });

  it("cannot reference B's rows from A's rows (composite tenant foreign keys)", async () => {
    await expect(
      inA((tx) => tx.lane.create({ data: { fromId: w.locationA, toId: w.locationB, leadTimeDays: 1, transportCostPerUnit: "1" } })),
    ).rejects.toThrow();
    expect(await w.owner.db.lane.count()).toBe(0);
  });

  it("does not leak the tenant setting to the next transaction on the same pool", async () => {
    await inA((tx) => tx.item.count());
    const rows = await w.app.db.$queryRaw<{ n: bigint }[]>`select count(*) as n from items`;
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe("through the app (tRPC procedures) as tenant A's admin", () => {
  it("lists only A's items", async () => {
    const page = await w.caller("adminA").masterdata.items.list({});
    expect(page.rows.map((r) => r.sku)).toEqual(["A-1"]);
    expect(page.total).toBe(1);
  });

  it("gets 404 for B's item id on read, update and delete, and B's row is unchanged", async () => {
    const api = w.caller("adminA").masterdata.items;
    await expect(api.get({ id: w.itemB })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.update({ id: w.itemB, name: "hacked" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.delete({ id: w.itemB })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const b = await w.owner.db.item.findUnique({ where: { id: w.itemB } });
    expect(b?.name).toBe("Bento box");
  });

  it("cannot create a lane into B's location (404-like refusal, nothing written)", async () => {
    await expect(
      w.caller("adminA").masterdata.lanes.create({ fromId: w.locationA, toId: w.locationB, leadTimeDays: 2, transportCostPerUnit: 1 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await w.owner.db.lane.count()).toBe(0);
  });

  it("creates land in A even when the client names tenant B", async () => {
    const created = await w.caller("adminA").masterdata.items.create({ sku: "A-2", name: "Apricot", unitCost: 1, price: 2 });
    const row = await w.owner.db.item.findUnique({ where: { id: created.id } });
    expect(row?.tenantId).toBe(w.tenantA);
  });

  it("refuses a tenant the user is not a member of", async () => {
    await expect(w.caller("adminA", w.tenantB).masterdata.items.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.caller("outsider", w.tenantA).masterdata.items.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("B's admin sees only B", async () => {
    const page = await w.caller("adminB", w.tenantB).masterdata.items.list({});
    expect(page.rows.map((r) => r.sku)).toEqual(["B-1"]);
    const members = await w.caller("adminB", w.tenantB).admin.members.list({});
    expect(members.rows.map((m) => m.email)).toEqual(["admin@b.test"]);
  });
});

describe("every tenant table, with rows in both tenants", () => {
  // Rows in each tenant for the tables the fixtures leave empty, written as the owner (as the app's
  // services would inside each tenant), so the checks below meet real rows of the other tenant.
  beforeAll(async () => {
    const o = w.owner.db;
    for (const [tenantId, userId] of [[w.tenantA, w.users.adminA], [w.tenantB, w.users.adminB]] as const) {
      const version = await o.forecastVersion.create({ data: { tenantId, runId: randomUUID(), name: "v", bucket: "week", periods: ["2026-W01"] } });
      await o.forecastSeries.create({
        data: { tenantId, versionId: version.id, item: "I", location: "L", method: "naive", spec: "naive", history: [], fitted: [], baseline: [1], bands: {}, candidates: [] },
      });
      await o.forecastAdjustment.create({
        data: { tenantId, versionId: version.id, item: "I", location: "L", layer: "sales", period: 0, kind: "absolute", value: "1", authorId: userId },
      });
      const scenario = await o.scenario.create({ data: { tenantId, name: "s", ownerId: userId, baseline: {}, docSchemaVersion: 2 } });
      await o.scenarioHistory.create({ data: { tenantId, scenarioId: scenario.id, version: 1, actorId: userId, kind: "edit", patch: [] } });
      await o.scenarioComment.create({ data: { tenantId, scenarioId: scenario.id, target: "scenario", body: "b", authorId: userId } });
      await o.scenarioPresence.create({ data: { tenantId, scenarioId: scenario.id, userId, state: "viewing" } });
      await o.auditEvent.create({ data: { tenantId, actorId: userId, entity: "item", entityId: randomUUID(), action: "create", patch: [] } });
    }
  });

  const tenantTables = async () =>
    (await w.owner.db.$queryRaw<{ table: string }[]>`
      select table_name::text as "table" from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' order by 1`).map((r) => r.table);

  it("covers the tables created after the first migrations too", async () => {
    const tables = await tenantTables();
    for (const t of ["forecast_versions", "forecast_series", "forecast_adjustments", "scenarios", "scenario_history", "scenario_comments", "scenario_presence"]) {
      expect(tables).toContain(t);
      const [{ a, b }] = await w.owner.db.$queryRawUnsafe<{ a: bigint; b: bigint }[]>(
        `select count(*) filter (where tenant_id = $1::uuid) as a, count(*) filter (where tenant_id = $2::uuid) as b from ${t}`, w.tenantA, w.tenantB);
      expect([t, Number(a) > 0, Number(b) > 0]).toEqual([t, true, true]);
    }
  });

  it("with no tenant set, every tenant table shows zero rows", async () => {
    for (const t of await tenantTables()) {
      const [{ n }] = await w.app.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${t}`);
      expect([t, Number(n)]).toEqual([t, 0]);
    }
  });

  it("inside withTenant(A), raw SQL sees, updates and deletes none of B's rows in any tenant table", async () => {
    for (const t of await tenantTables()) {
      const before = await w.owner.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${t} where tenant_id = $1::uuid`, w.tenantB);
      const seen = await withTenant(w.app.db, { tenantId: w.tenantA }, (tx) =>
        tx.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${t} where tenant_id <> $1::uuid`, w.tenantA));
      expect([t, Number(seen[0]!.n)]).toEqual([t, 0]);
      // The app may lack UPDATE/DELETE on a table (the append-only audit trail): refused is fine too.
      const touched = await withTenant(w.app.db, { tenantId: w.tenantA }, async (tx) => {
        const u = await tx.$executeRawUnsafe(`update ${t} set tenant_id = tenant_id where tenant_id = $1::uuid`, w.tenantB);
        const d = await tx.$executeRawUnsafe(`delete from ${t} where tenant_id = $1::uuid`, w.tenantB);
        return u + d;
      }).catch((e: Error) => (/permission denied/.test(e.message) ? 0 : Promise.reject(e)));
      expect([t, touched]).toEqual([t, 0]);
      const after = await w.owner.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from ${t} where tenant_id = $1::uuid`, w.tenantB);
      expect([t, Number(after[0]!.n)]).toEqual([t, Number(before[0]!.n)]);
    }
  });

  it("a tenant cannot change a person who also belongs to another tenant; the person can", async () => {
    const shared = await w.owner.db.user.create({ data: { email: "shared@ab.test", name: "Shared", passwordHash: "h" } });
    await w.owner.db.membership.create({ data: { tenantId: w.tenantA, userId: shared.id, role: "planner" } });
    await w.owner.db.membership.create({ data: { tenantId: w.tenantB, userId: shared.id, role: "planner" } });
    const changed = await withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.adminA }, (tx) =>
      tx.$executeRaw`update users set password_hash = 'stolen', email = 'attacker@a.test' where id = ${shared.id}::uuid`);
    expect(changed).toBe(0);
    // …while A still sees its member, and the person may update their own row.
    const visible = await withTenant(w.app.db, { tenantId: w.tenantA, userId: w.users.adminA }, (tx) => tx.user.count({ where: { id: shared.id } }));
    expect(visible).toBe(1);
    const own = await withTenant(w.app.db, { tenantId: w.tenantA, userId: shared.id }, (tx) =>
      tx.$executeRaw`update users set locale = 'ja' where id = ${shared.id}::uuid`);
    expect(own).toBe(1);
    const row = await w.owner.db.user.findUnique({ where: { id: shared.id } });
    expect([row?.email, row?.passwordHash, row?.locale]).toEqual(["shared@ab.test", "h", "ja"]);
  });
});
