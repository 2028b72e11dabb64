/**
 * Row-level tenant isolation on a real PostgreSQL: tenant A cannot read, update, delete or insert
 * tenant B's rows — through the app's procedures, through raw SQL inside withTenant, or with no
 * tenant set at all (zero rows). Also checks the fence itself: every tenant table has RLS enabled
 * and forced, and the app's role can neither bypass nor own it.
 */
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
