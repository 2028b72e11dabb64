/**
 * Scenarios on a real PostgreSQL: branching without copying, materialising a chain, concurrent
 * edits without lost updates, rebase conflicts, the review workflow and its permissions, history
 * and restore, tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork } from "../support/network.ts";
import { scenarioCache } from "../../src/server/services/scenarios.ts";
import { applyDiff } from "../../src/server/services/scenario-doc.ts";
import type { ScenarioDocument } from "../../src/schemas/scenario.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

/** A document with items × stores demand series of `days` days each (cells = items × stores × days). */
function makeDoc(items: number, stores: number, days: number): ScenarioDocument {
  const locations = [{ id: "DC", kind: "dc" as const }, ...Array.from({ length: stores }, (_, s) => ({ id: `S${s + 1}`, kind: "store" as const }))];
  const itemIds = Array.from({ length: items }, (_, i) => `I${i + 1}`);
  const policies: ScenarioDocument["policies"] = {};
  const demandPlan: ScenarioDocument["demandPlan"] = {};
  for (const item of itemIds) {
    for (const l of locations.slice(1)) {
      policies[`${item}@${l.id}`] = { type: "sS", item, location: l.id, reorderPoint: 40, orderUpTo: 90 };
      demandPlan[`${item}@${l.id}`] = { item, location: l.id, startDate: "2026-01-01", values: Array.from({ length: days }, (_, d) => (d % 7) + 1) };
    }
  }
  return {
    schema_version: 2,
    network: { locations, items: itemIds.map((id) => ({ id, unitCost: 1, price: 2 })), lanes: locations.slice(1).map((l) => ({ from: "DC", to: l.id, leadTimeDays: 2 })) },
    policies,
    demandPlan,
    supply: { horizonDays: days, startDate: "2026-01-01", seed: 1, warmupDays: 0, holdingRatePerYear: 0.2, productionCapacityPerDay: {} },
  };
}

const planner = () => w.caller("plannerA").scenarios;
const as = (user: "adminA" | "approverA" | "viewerA") => w.caller(user).scenarios;
const cell = (item: string, store: string, day: number) => `/demandPlan/${item}@${store}/values/${day}`;

async function storedSize(id: string): Promise<{ json: number; row: number }> {
  const [r] = await w.owner.db.$queryRaw<{ json: number; row: number }[]>`
    select (octet_length(coalesce(baseline::text, '')) + octet_length(coalesce(diff::text, '')))::int as json,
           pg_column_size(s.*)::int as row
      from scenarios s where id = ${id}::uuid`;
  return r!;
}

describe("branching", () => {
  it("creating a child of a 50,000-cell scenario writes no copy of its content", async () => {
    const bigDoc = makeDoc(10, 10, 500); // 10 items × 10 stores × 500 days
    const big = await planner().createRoot({ name: "Big", document: bigDoc });
    const small = await planner().createRoot({ name: "Small", document: makeDoc(1, 1, 3) });
    expect((await storedSize(big.id)).json).toBeGreaterThan(100_000) // ≥ 2 bytes per cell;
    const childOfBig = await planner().createChild({ parentId: big.id, name: "Branch" });
    const childOfSmall = await planner().createChild({ parentId: small.id, name: "Branch" });
    const a = await storedSize(childOfBig.id);
    const b = await storedSize(childOfSmall.id);
    expect(a).toEqual(b); // the same bytes whatever the parent holds
    expect(a.json).toBe(2); // "[]"
    const got = await planner().get({ id: childOfBig.id });
    expect(Object.values(got.document.demandPlan).reduce((n, s) => n + s.values.length, 0)).toBe(50_000);
    expect(got.document).toEqual(bigDoc);
  });

  it("materialising a 5-deep chain equals applying each level's edits by hand", async () => {
    const rootDoc = makeDoc(2, 2, 10);
    const root = await planner().createRoot({ name: "Chain root", document: rootDoc });
    let expected = structuredClone(rootDoc) as ScenarioDocument;
    let parentId = root.id;
    const ids: string[] = [];
    for (let level = 1; level <= 5; level++) {
      const c = await planner().createChild({ parentId, name: `Level ${level}` });
      // Each level overrides a shared cell and one of its own.
      const edits = [
        { path: cell("I1", "S1", 0), value: 100 + level },
        { path: cell("I2", "S2", level), value: level * 1000 },
        { path: "/policies/I1@S2/reorderPoint", value: 40 + level },
      ];
      const r = await planner().edit({ id: c.id, baseVersion: 1, edits });
      expect(r.scenario.version).toBe(2);
      expected = applyDiff(expected, edits.map((e) => ({ op: "replace" as const, ...e })));
      ids.push(c.id);
      parentId = c.id;
    }
    scenarioCache.clear();
    const leaf = await planner().get({ id: ids[4]! });
    expect(leaf.document).toEqual(expected);
    expect(leaf.document.demandPlan["I1@S1"]!.values[0]).toBe(105);
    expect(leaf.document.demandPlan["I2@S2"]!.values.slice(0, 6)).toEqual([1, 1000, 2000, 3000, 4000, 5000]);
    // From the cache: the same document.
    expect((await planner().get({ id: ids[4]! })).document).toEqual(expected);
    // The middle of the chain holds only its own levels' edits.
    const mid = await planner().get({ id: ids[1]! });
    expect(mid.document.demandPlan["I2@S2"]!.values.slice(0, 4)).toEqual([1, 1000, 2000, 4]);

    // A parent edited later: the child stays on its base version until rebased.
    await planner().edit({ id: ids[3]!, baseVersion: 2, edits: [{ path: cell("I1", "S2", 9), value: 77 }] });
    const stale = await planner().get({ id: ids[4]! });
    expect(stale.document).toEqual(expected);
    expect(stale.scenario.behindParent).toBe(true);
    const rb = await planner().rebase({ id: ids[4]! });
    expect(rb).toMatchObject({ rebased: true, conflicts: [] });
    const rebased = await planner().get({ id: ids[4]! });
    expect(rebased.document.demandPlan["I1@S2"]!.values[9]).toBe(77);
    expect(rebased.document.demandPlan["I1@S1"]!.values[0]).toBe(105);
    expect(rebased.scenario.behindParent).toBe(false);
  });
});

describe("concurrent edits", () => {
  it("a stale edit of the same cell is refused with its current value; other cells go through", async () => {
    const s = await planner().createRoot({ name: "Shared", document: makeDoc(1, 2, 7) });
    // Both users loaded version 1.
    const first = await planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 3), value: 55 }] });
    expect(first.scenario.version).toBe(2);
    const stale = as("adminA").edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 3), value: 60 }] });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(stale).rejects.toThrow(/store S1, item I1, demand 2026-01-04 was changed by someone else .*it is now 55.*60 was not saved/);
    // Another cell, same stale base: applied.
    const other = await as("adminA").edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S2", 3), value: 9 }] });
    expect(other.scenario.version).toBe(3);
    // A batch mixing both: the good edit is applied, the stale one reported.
    const mixed = await as("adminA").edit({
      id: s.id, baseVersion: 1,
      edits: [{ path: cell("I1", "S1", 3), value: 61 }, { path: cell("I1", "S1", 4), value: 8 }],
    });
    expect(mixed.applied).toBe(1);
    expect(mixed.conflicts).toEqual([expect.objectContaining({ path: cell("I1", "S1", 3), currentValue: 55, yourValue: 61, changedInVersion: 2 })]);
    const doc = (await planner().get({ id: s.id })).document;
    expect(doc.demandPlan["I1@S1"]!.values.slice(3, 5)).toEqual([55, 8]);
    expect(doc.demandPlan["I1@S2"]!.values[3]).toBe(9);
  });

  it("two simultaneous edits of one cell: one succeeds, one conflicts (no lost update)", async () => {
    const s = await planner().createRoot({ name: "Race", document: makeDoc(1, 1, 7) });
    const results = await Promise.allSettled([
      planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: 11 }] }),
      as("adminA").edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: 22 }] }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toMatchObject({ code: "CONFLICT" });
    const winner = (ok[0] as PromiseFulfilledResult<{ scenario: { version: number } }>).value;
    expect(winner.scenario.version).toBe(2);
    const v = (await planner().get({ id: s.id })).document.demandPlan["I1@S1"]!.values[0];
    expect([11, 22]).toContain(v);
    expect(failed[0]!.reason.message).toContain(`it is now ${v}`);
  });

  it("edits that break the document are refused with the reason", async () => {
    const s = await planner().createRoot({ name: "Invalid", document: makeDoc(1, 1, 3) });
    await expect(planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: -5 }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: "/demandPlan/NOPE@S1/values/0", value: 1 }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("remove: true takes out an optional field; a required one, or an edit with neither value nor remove, is refused", async () => {
    const s = await planner().createRoot({ name: "Remove", document: makeDoc(1, 1, 3) });
    const moq = "/policies/I1@S1/moq";
    await planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: moq, value: 12 }] });
    const r = await planner().edit({ id: s.id, baseVersion: 2, edits: [{ path: moq, remove: true }] });
    expect(r.scenario.version).toBe(3);
    expect((await planner().get({ id: s.id })).document.policies["I1@S1"]).toEqual({ type: "sS", item: "I1", location: "S1", reorderPoint: 40, orderUpTo: 90 });
    await expect(planner().edit({ id: s.id, baseVersion: 3, edits: [{ path: "/policies/I1@S1/reorderPoint", remove: true }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(planner().edit({ id: s.id, baseVersion: 3, edits: [{ path: "/demandPlan/I1@S1/values/1", remove: true }] }))
      .rejects.toThrow("Cannot remove /demandPlan/I1@S1/values/1: only a field can be removed, not an element of a list");
    await expect(planner().edit({ id: s.id, baseVersion: 3, edits: [{ path: moq }] })).rejects.toThrow(/value needs either a value or remove: true/);
    await expect(planner().edit({ id: s.id, baseVersion: 3, edits: [{ path: moq, value: 1, remove: true }] })).rejects.toThrow(/needs either a value or remove: true/);
    expect((await planner().get({ id: s.id })).scenario.version).toBe(3);
  });
});

describe("rebase", () => {
  it("reports a conflict (parent and child changed one cell differently) without writing", async () => {
    const root = await planner().createRoot({ name: "Rebase root", document: makeDoc(1, 2, 5) });
    const child = await planner().createChild({ parentId: root.id, name: "Rebase child" });
    await planner().edit({ id: child.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 2), value: 10 }] });
    await planner().edit({ id: root.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 2), value: 20 }, { path: cell("I1", "S2", 0), value: 5 }] });
    const before = await planner().get({ id: child.id });
    const r = await planner().rebase({ id: child.id });
    expect(r.rebased).toBe(false);
    expect(r.conflicts).toEqual([{ path: cell("I1", "S1", 2), parentValue: 20, childValue: 10 }]);
    const after = await planner().get({ id: child.id });
    expect(after.scenario.version).toBe(before.scenario.version);
    expect(after.document).toEqual(before.document);
    expect(after.document.demandPlan["I1@S2"]!.values[0]).toBe(1); // the parent's other change not taken either
  });
});

describe("workflow", () => {
  it("draft → review → reject (comment) → draft → review → approve → publish, with permissions", async () => {
    const s = await planner().createRoot({ name: "Plan Q3", document: makeDoc(1, 1, 5) });
    await expect(as("viewerA").edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: 3 }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await planner().submit({ id: s.id })).status).toBe("in_review");
    // Read-only in review.
    const locked = planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: 3 }] });
    await expect(locked).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(locked).rejects.toThrow(/in review, and its content is read-only outside draft/);
    await expect(planner().approve({ id: s.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("approverA").reject({ id: s.id, comment: "  " } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as("approverA").reject({ id: s.id } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await as("approverA").reject({ id: s.id, comment: "Demand too optimistic" })).status).toBe("rejected");
    await expect(as("approverA").reopen({ id: s.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await planner().reopen({ id: s.id })).status).toBe("draft");
    await planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: 3 }] });
    await planner().submit({ id: s.id });
    await expect(as("approverA").publish({ id: s.id })).rejects.toMatchObject({ code: "CONFLICT" }); // not approved yet
    expect((await as("approverA").approve({ id: s.id, comment: "ok" })).status).toBe("approved");
    expect((await as("approverA").publish({ id: s.id })).status).toBe("published");

    // A second published plan archives the first, which stays readable.
    const next = await planner().createChild({ parentId: s.id, name: "Plan Q3 v2" });
    await planner().submit({ id: next.id });
    await as("approverA").approve({ id: next.id });
    await as("approverA").publish({ id: next.id });
    expect((await planner().get({ id: s.id })).scenario.status).toBe("archived");
    expect((await planner().list({ status: "published" })).map((x) => x.id)).toEqual([next.id]);

    const h = await planner().history({ id: s.id });
    expect(h.map((x) => x.kind).reverse()).toEqual(["transition", "transition", "transition", "edit", "transition", "transition", "transition", "transition"]);
    const reject = h.find((x) => x.comment === "Demand too optimistic")!;
    expect(reject.actorId).toBe(w.users.approverA);
    expect(reject.changes).toContainEqual({ path: "/status", from: "in_review", to: "rejected" });
    const edit = h.find((x) => x.kind === "edit")!;
    expect(edit.changes).toEqual([{ path: cell("I1", "S1", 0), from: 1, to: 3 }]);
    const audit = await w.owner.db.auditEvent.findMany({ where: { entity: "scenario", entityId: s.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["approve", "archive", "create", "edit", "publish", "reject", "reopen", "submit", "submit"]);
  });

  it("only an admin unlocks a scenario in review", async () => {
    const s = await planner().createRoot({ name: "Stuck", document: makeDoc(1, 1, 3) });
    const submitted = await planner().submit({ id: s.id });
    expect(submitted.lockedBy).toBe(w.users.plannerA);
    await expect(planner().unlock({ id: s.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("approverA").unlock({ id: s.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const u = await as("adminA").unlock({ id: s.id, comment: "reviewer away" });
    expect(u).toMatchObject({ status: "draft", lockedBy: null });
  });
});

describe("history, restore, compare", () => {
  it("restores an older version as a new draft child and compares inputs readably", async () => {
    const s = await planner().createRoot({ name: "Base", document: makeDoc(1, 2, 5) });
    await planner().edit({ id: s.id, baseVersion: 1, edits: [{ path: "/policies/I1@S2/reorderPoint", value: 55 }] });
    await planner().edit({ id: s.id, baseVersion: 2, edits: [{ path: cell("I1", "S1", 1), value: 30 }] });
    const restored = await planner().restore({ id: s.id, version: 1 });
    expect(restored).toMatchObject({ status: "draft", parentId: s.id });
    scenarioCache.clear();
    expect((await planner().get({ id: restored.id })).document).toEqual(makeDoc(1, 2, 5));
    const cmp = await as("viewerA").compare({ a: restored.id, b: s.id });
    expect(cmp.differences.map((d) => d.text).sort()).toEqual([
      "store S1, item I1, demand 2026-01-02: 2 → 30",
      "store S2, item I1: reorderPoint 40 → 55",
    ]);
    expect((await planner().history({ id: restored.id }))[0]).toMatchObject({ kind: "restore", version: 1 });
  });

  it("builds a root from master data", async () => {
    await seedSmallNetwork(w.owner.db, w.tenantA);
    const s = await planner().createRoot({ name: "From master data", horizonDays: 28, historyDays: 28 });
    const { document } = await planner().get({ id: s.id });
    expect(document.schema_version).toBe(2);
    expect(Object.keys(document.policies).sort()).toEqual(["A-1@DC-A", "A-1@S1", "A-1@S2", "I2@DC-A", "I2@S1", "I2@S2"]);
    expect(document.policies["I2@S1"]).toMatchObject({ type: "sS", reorderPoint: 20, orderUpTo: 60 });
    expect(document.demandPlan["I2@S1"]!.values).toHaveLength(28);
  });

  it("comments thread on a cell, with mentions", async () => {
    const s = await planner().createRoot({ name: "Discussed", document: makeDoc(1, 1, 3) });
    const c = await as("approverA").addComment({ id: s.id, target: cell("I1", "S1", 0), body: "Why so low?", mentions: [w.users.plannerA] });
    await planner().addComment({ id: s.id, target: cell("I1", "S1", 0), body: "Promo ended", parentId: c.id });
    const list = await as("viewerA").comments({ id: s.id, target: cell("I1", "S1", 0) });
    expect(list.map((x) => [x.body, x.parentId])).toEqual([["Why so low?", null], ["Promo ended", c.id]]);
    expect(list[0]!.mentions).toEqual([w.users.plannerA]);
  });
});

describe("details", () => {
  it("name, description and tags change without a new content version, audited; viewers may not", async () => {
    const s = await planner().createRoot({ name: "Before", document: makeDoc(1, 1, 3) });
    const renamed = await planner().updateDetails({ id: s.id, name: "After", description: "Promo March", tags: ["promo", "2026"] });
    expect([renamed.name, renamed.description, renamed.tags, renamed.version]).toEqual(["After", "Promo March", ["promo", "2026"], 1]);
    const [event] = await w.owner.db.auditEvent.findMany({ where: { entity: "scenario", entityId: s.id, action: "update" } });
    expect(JSON.stringify(event!.patch)).toContain("Before");
    expect(JSON.stringify(event!.patch)).toContain("After");
    await expect(as("viewerA").updateDetails({ id: s.id, name: "Viewer" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(planner().updateDetails({ id: s.id, name: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await planner().get({ id: s.id })).scenario.name).toBe("After");
  });
});

describe("tenant isolation", () => {
  it("tenant B cannot see or touch A's scenarios", async () => {
    const s = await planner().createRoot({ name: "Secret", document: makeDoc(1, 1, 3) });
    const b = w.caller("adminB", w.tenantB).scenarios;
    expect(await b.list({})).toEqual([]);
    await expect(b.get({ id: s.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.createChild({ parentId: s.id, name: "Steal" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.edit({ id: s.id, baseVersion: 1, edits: [{ path: cell("I1", "S1", 0), value: 1 }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await w.owner.db.scenario.count({ where: { tenantId: w.tenantB } })).toBe(0);
  });
});
