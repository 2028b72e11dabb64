/**
 * Bad input gets a clear error naming the field (BAD_REQUEST), duplicates a CONFLICT, another
 * tenant's ids a NOT_FOUND — never an internal error — and nothing is half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createWorld, type World } from "../support/fixtures.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as TRPCError;
  }
  throw new Error("expected the call to fail");
}

describe("validation errors name the field", () => {
  it("negative cost, empty SKU and a non-numeric price", async () => {
    const e = await failure(w.caller("plannerA").masterdata.items.create({ sku: "", name: "x", unitCost: -1, price: "abc" } as never));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/sku/);
    expect(e.message).toMatch(/unitCost must not be negative/);
    expect(e.message).toMatch(/price must be a number/);
  });

  it("in the caller's language: our own messages through the catalogue, zod's in its Japanese locale", async () => {
    const bad = { sku: "", name: "x", unitCost: -1, price: "abc" } as never;
    const ja = await failure(w.caller("plannerA", undefined, "ja").masterdata.items.create(bad));
    expect(ja.code).toBe("BAD_REQUEST");
    expect(ja.message).toBe("入力が正しくありません：sku は必須です; sku に使えるのは英数字と - _ . / だけです; unitCost は負の値にできません; price は数値である必要があります");
    const en = await failure(w.caller("plannerA").masterdata.items.create(bad));
    expect(en.message).toBe("Invalid input: sku is required; sku may contain letters, digits and - _ . / only; unitCost must not be negative; price must be a number");
    // A message zod writes itself (an unknown enum value), with the input it received.
    const type = await failure(w.caller("plannerA", undefined, "ja").masterdata.locations.create({ code: "L-9", name: "x", type: "warehouse" } as never));
    expect(type.message).toMatch(/^入力が正しくありません：type 無効な選択: "supplier"、"plant"、"dc"、"store"のいずれかである必要があります$/);
    const typeEn = await failure(w.caller("plannerA").masterdata.locations.create({ code: "L-9", name: "x", type: "warehouse" } as never));
    expect(typeEn.message).toBe('Invalid input: type Invalid option: expected one of "supplier"|"plant"|"dc"|"store"');
  });

  it("a policy type without its parameters", async () => {
    const e = await failure(
      w.caller("plannerA").masterdata.policies.create({ itemId: w.itemA, locationId: w.locationA, policyType: "s_S", reorderPoint: 10 }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/orderUpTo is required for a s_S policy/);
  });

  it("an update that changes the policy type without its parameters is refused, row unchanged", async () => {
    const p = await w.caller("plannerA").masterdata.policies.create({
      itemId: w.itemA, locationId: w.locationA, policyType: "base_stock", orderUpTo: 50,
    });
    const e = await failure(w.caller("plannerA").masterdata.policies.update({ id: p.id, policyType: "r_Q" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/reorderPoint is required/);
    const row = await w.owner.db.inventoryPolicy.findUnique({ where: { id: p.id } });
    expect(row?.policyType).toBe("base_stock");
  });

  it("a lane to itself and a malformed id", async () => {
    const e1 = await failure(
      w.caller("plannerA").masterdata.lanes.create({ fromId: w.locationA, toId: w.locationA, leadTimeDays: 1, transportCostPerUnit: 0 }),
    );
    expect(e1.message).toMatch(/toId must differ from the origin/);
    const e2 = await failure(w.caller("plannerA").masterdata.items.get({ id: "not-a-uuid" }));
    expect(e2.code).toBe("BAD_REQUEST");
    expect(e2.message).toMatch(/id must be an id/);
  });

  it("page sizes above the maximum are refused", async () => {
    const e = await failure(w.caller("viewerA").masterdata.items.list({ startRow: 0, endRow: 10_000 }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/at most 500 rows/);
  });

  it("sorting or filtering by an unknown column names the column", async () => {
    const e = await failure(w.caller("viewerA").masterdata.items.list({ sort: [{ colId: "tenantId", sort: "asc" }] }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/Unknown column "tenantId"/);
  });

  it("an org unit cannot become its own ancestor", async () => {
    const root = await w.caller("adminA").admin.orgUnits.create({ code: "EU", name: "Europe" });
    const child = await w.caller("adminA").admin.orgUnits.create({ code: "EU-N", name: "North", parentId: root.id });
    const e = await failure(w.caller("adminA").admin.orgUnits.update({ id: root.id, parentId: child.id }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/cannot be placed under itself/);
  });

  it("the last active admin cannot demote themselves", async () => {
    const members = await w.caller("adminB", w.tenantB).admin.members.list({});
    const e = await failure(w.caller("adminB", w.tenantB).admin.members.change({ membershipId: members.rows[0]!.id, role: "viewer" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/at least one active admin/);
  });
});

describe("conflicts and foreign ids", () => {
  it("a duplicate SKU is a CONFLICT naming the field", async () => {
    const e = await failure(w.caller("plannerA").masterdata.items.create({ sku: "A-1", name: "again", unitCost: 1, price: 1 }));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/sku/);
  });

  it("inviting an existing member is a CONFLICT; nothing is created", async () => {
    const before = await w.owner.db.membership.count();
    const e = await failure(w.caller("adminA").admin.members.invite({ email: "planner@a.test", name: "P", role: "viewer" }));
    expect(e.code).toBe("CONFLICT");
    expect(await w.owner.db.membership.count()).toBe(before);
  });

  it("a lane to a location id of another tenant is refused, not a 500", async () => {
    const e = await failure(
      w.caller("plannerA").masterdata.lanes.create({ fromId: w.locationA, toId: w.locationB, leadTimeDays: 1, transportCostPerUnit: 0 }),
    );
    expect(["BAD_REQUEST", "NOT_FOUND"]).toContain(e.code);
    expect(e.code).not.toBe("INTERNAL_SERVER_ERROR");
  });

  it("deleting a location still used by a lane cascades its lanes; the audit event keeps what went with it", async () => {
    const api = w.caller("plannerA").masterdata;
    const store = await api.locations.create({ code: "ST-1", name: "Store 1", type: "store" });
    const lane = await api.lanes.create({ fromId: w.locationA, toId: store.id, leadTimeDays: 2, transportCostPerUnit: "0.5" });
    await api.locations.delete({ id: store.id });
    expect(await w.owner.db.lane.count({ where: { toId: store.id } })).toBe(0);
    const [event] = await w.owner.db.auditEvent.findMany({ where: { entity: "location", entityId: store.id, action: "delete" } });
    // The invertible patch tests the before-state, cascaded rows included, before removing it.
    const tested = (event!.patch as { op: string; path: string; value?: unknown }[]).filter((op) => op.op === "test");
    const cascaded = tested.find((op) => op.path === "/cascaded")?.value as { lanes: { id: string; from: string; to: string; leadTimeDays: number }[]; demandHistory: { rows: number } };
    expect(cascaded.lanes).toEqual([expect.objectContaining({ id: lane.id, from: "DC-A", to: "ST-1", leadTimeDays: 2 })]);
    expect(cascaded.demandHistory.rows).toBe(0);
  });
});

describe("refusals in the caller's language", () => {
  it("an unknown column, an existing member, a missing item and the last admin are refused in Japanese and English", async () => {
    const unknownItem = "00000000-0000-4000-8000-000000000000";
    const refusals = (locale: "en" | "ja") => ({
      column: () => w.caller("viewerA", undefined, locale).masterdata.items.list({ sort: [{ colId: "tenantId", sort: "asc" }] }),
      member: () => w.caller("adminA", undefined, locale).admin.members.invite({ email: "planner@a.test", name: "P", role: "viewer" }),
      missing: () => w.caller("viewerA", undefined, locale).masterdata.items.get({ id: unknownItem }),
      lastAdmin: async () => {
        const api = w.caller("adminB", w.tenantB, locale).admin.members;
        const admin = (await api.list({})).rows.find((m) => m.role === "admin")!;
        return api.change({ membershipId: admin.id, active: false });
      },
    });
    const ja = refusals("ja");
    await expect(ja.column()).rejects.toMatchObject({ code: "BAD_REQUEST", message: "列「tenantId」はありません。使用できる列：sku, name, unitCost, price, uom" });
    await expect(ja.member()).rejects.toMatchObject({ code: "CONFLICT", message: "planner@a.test はすでにこのテナントのメンバーです" });
    await expect(ja.missing()).rejects.toMatchObject({ code: "NOT_FOUND", message: "品目が見つかりません" });
    await expect(ja.lastAdmin()).rejects.toMatchObject({ code: "BAD_REQUEST", message: "テナントには有効な管理者が少なくとも 1 人必要です。先に他のメンバーを管理者にしてください" });
    const en = refusals("en");
    await expect(en.column()).rejects.toMatchObject({ code: "BAD_REQUEST", message: 'Unknown column "tenantId"; allowed: sku, name, unitCost, price, uom' });
    await expect(en.member()).rejects.toMatchObject({ code: "CONFLICT", message: "planner@a.test is already a member of this tenant" });
    await expect(en.missing()).rejects.toMatchObject({ code: "NOT_FOUND", message: "The item was not found" });
    await expect(en.lastAdmin()).rejects.toMatchObject({ code: "BAD_REQUEST", message: "A tenant needs at least one active admin; make someone else admin first" });
  });
});
