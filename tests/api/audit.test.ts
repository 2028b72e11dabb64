/**
 * The audit trail: every mutation writes one AuditEvent (actor, entity, action, JSON-Patch,
 * request id) in the mutation's own transaction; a failed mutation leaves neither a change nor
 * an audit row; only admins can browse it, filtered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const auditRows = () => w.owner.db.auditEvent.findMany({ orderBy: { createdAt: "asc" } });

describe("audit of mutations", () => {
  it("create, update and delete of an item each record a JSON-Patch by the actor", async () => {
    const api = w.caller("plannerA").masterdata.items;
    const item = await api.create({ sku: "AUD-1", name: "Audited", unitCost: "1.5", price: 3 });
    await api.update({ id: item.id, price: "3.25", name: "Audited twice" });
    await api.delete({ id: item.id });
    const rows = (await auditRows()).filter((r) => r.entityId === item.id);
    expect(rows.map((r) => r.action)).toEqual(["create", "update", "delete"]);
    expect(rows.every((r) => r.actorId === w.users.plannerA && r.tenantId === w.tenantA)).toBe(true);
    expect(rows.every((r) => typeof r.requestId === "string" && r.requestId.length > 0)).toBe(true);
    // The update's patch is exactly the two changed fields, from (test) → to (replace).
    const updatePatch = rows[1]!.patch as { op: string; path: string; value: unknown }[];
    expect(updatePatch).toEqual(
      expect.arrayContaining([
        { op: "test", path: "/price", value: "3" },
        { op: "replace", path: "/price", value: "3.25" },
        { op: "test", path: "/name", value: "Audited" },
        { op: "replace", path: "/name", value: "Audited twice" },
      ]),
    );
    expect(updatePatch).toHaveLength(4);
    // Create adds the fields; delete removes them (each removal testing the old value).
    expect((rows[0]!.patch as { op: string }[]).every((op) => op.op === "add")).toBe(true);
    expect((rows[2]!.patch as { op: string }[]).filter((op) => op.op !== "test").every((op) => op.op === "remove")).toBe(true);
  });

  it("membership changes are audited too", async () => {
    const invited = await w.caller("adminA").admin.members.invite({ email: "new@a.test", name: "New", role: "viewer" });
    await w.caller("adminA").admin.members.change({ membershipId: invited.id, role: "planner" });
    await w.caller("adminA").admin.members.change({ membershipId: invited.id, active: false });
    const rows = (await auditRows()).filter((r) => r.entityId === invited.id);
    expect(rows.map((r) => r.action)).toEqual(["invite", "update", "deactivate"]);
    expect(rows[1]!.patch).toEqual([
      { op: "test", path: "/role", value: "viewer" },
      { op: "replace", path: "/role", value: "planner" },
    ]);
  });

  it("a mutation that fails leaves no change and no audit row (same transaction)", async () => {
    const before = await auditRows();
    await expect(
      w.caller("plannerA").masterdata.items.create({ sku: "A-1", name: "Duplicate SKU", unitCost: 1, price: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await auditRows()).length).toBe(before.length);
    expect(await w.owner.db.item.count({ where: { sku: "A-1" } })).toBe(1);
  });

  it("the app role cannot rewrite or delete history", async () => {
    const n = await w.owner.db.auditEvent.count();
    await expect(
      w.app.db.$transaction(async (tx) => {
        await tx.$queryRaw`select set_config('app.tenant_id', ${w.tenantA}, true)`;
        await tx.$executeRaw`delete from audit_events`;
      }),
    ).rejects.toThrow(/permission denied/i);
    expect(await w.owner.db.auditEvent.count()).toBe(n);
  });
});

describe("browsing the audit trail", () => {
  it("an admin lists events newest first, filtered by entity and action", async () => {
    const page = await w.caller("adminA").admin.audit.list({ entity: "item", action: "update" });
    expect(page.total).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.entity === "item" && r.action === "update")).toBe(true);
    expect(page.rows[0]!.actorEmail).toBe("planner@a.test");
  });

  it("B's admin sees none of A's events; a planner may not browse", async () => {
    const b = await w.caller("adminB", w.tenantB).admin.audit.list({});
    expect(b.total).toBe(0);
    await expect(w.caller("plannerA").admin.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
