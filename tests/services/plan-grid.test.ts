/**
 * The plan grid on a real PostgreSQL: bucket totals equal the sums of their days, editing a bucket
 * disaggregates it proportionally to the baseline's days (evenly where they are all zero) with
 * integers preserved, an aggregate row splits across locations, a stale edit is refused, and the
 * change feed names who changed which series.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { bucketTotals, planBuckets, touchedSeries } from "../../src/server/services/plan-grid.ts";
import type { ScenarioDocument } from "../../src/schemas/scenario.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const START = "2026-01-05"; // a Monday: 4 whole ISO weeks in 28 days
const DAYS = 28;

function makeDoc(): ScenarioDocument {
  const locations = [{ id: "DC", kind: "dc" as const }, { id: "S1", kind: "store" as const }, { id: "S2", kind: "store" as const }];
  const series = (item: string, location: string, f: (d: number) => number) => ({ item, location, startDate: START, values: Array.from({ length: DAYS }, (_, d) => f(d)) });
  return {
    schema_version: 2,
    network: { locations, items: [{ id: "A", unitCost: 1, price: 2 }, { id: "B", unitCost: 1, price: 2 }], lanes: [{ from: "DC", to: "S1", leadTimeDays: 2 }, { from: "DC", to: "S2", leadTimeDays: 2 }] },
    policies: {},
    demandPlan: {
      "A@S1": series("A", "S1", (d) => (d % 7) + 1), // 1..7 each week: 28 per week
      "A@S2": series("A", "S2", (d) => ((d % 7) + 1) * 3), // 84 per week
      "B@S1": series("B", "S1", () => 0),
    },
    supply: { horizonDays: DAYS, startDate: START, seed: 1, warmupDays: 0, holdingRatePerYear: 0.2, productionCapacityPerDay: {} },
  };
}

const planner = () => w.caller("plannerA");
const admin = () => w.caller("adminA");

async function draft() {
  const root = await planner().scenarios.createRoot({ name: "Plan root", document: makeDoc() });
  const child = await planner().scenarios.createChild({ parentId: root.id, name: "Plan draft" });
  return { root, child };
}
const days = async (id: string, key: string) => (await planner().scenarios.get({ id })).document.demandPlan[key]!.values;

describe("rows", () => {
  it("bucket totals equal the sums of their days, weekly and monthly, with aggregate rows", async () => {
    const { child } = await draft();
    const doc = makeDoc();
    const week = await planner().plan.rows({ scenarioId: child.id, bucket: "week", aggregates: true });
    expect(week.frame.labels).toEqual(["2026-W02", "2026-W03", "2026-W04", "2026-W05"]);
    expect(week.rows.map((r) => r.key)).toEqual(["A@*", "A@S1", "A@S2", "B@*", "B@S1"]);
    for (const r of week.rows.filter((x) => !x.aggregate)) {
      const values = doc.demandPlan[r.key]!.values;
      const expected = week.frame.lengths.map((_, b) => values.slice(b * 7, b * 7 + 7).reduce((x, y) => x + y, 0));
      expect(r.final).toEqual(expected);
      expect(r.baseline).toEqual(expected);
    }
    expect(week.rows[0]!.final).toEqual([112, 112, 112, 112]);
    const month = await planner().plan.rows({ scenarioId: child.id, bucket: "month" });
    expect(month.frame.labels).toEqual(["2026-01", "2026-02"]);
    const a1 = month.rows.find((r) => r.key === "A@S1")!;
    expect(a1.final.reduce((x, y) => x + y, 0)).toBe(4 * 28);
    expect(a1.final[0]).toBe(doc.demandPlan["A@S1"]!.values.slice(0, 27).reduce((x, y) => x + y, 0));
    // The pure helpers agree with the engine's aggregation.
    const buckets = planBuckets(doc, "week");
    expect(Array.from(bucketTotals(doc.demandPlan["A@S2"]!.values, 0, buckets))).toEqual([84, 84, 84, 84]);
    expect(Array.from(bucketTotals([5, 5], 6, buckets))).toEqual([5, 5, 0, 0]);
  });
});

describe("editing a bucket", () => {
  it("disaggregates proportionally to the baseline's days, integers preserved; the baseline stays, the override shows", async () => {
    const { child } = await draft();
    const res = await planner().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S1", bucket: "week", bucketIndex: 1, value: 56 });
    expect(res.version).toBe(2);
    const v = await days(child.id, "A@S1");
    expect(v.slice(7, 14)).toEqual([2, 4, 6, 8, 10, 12, 14]); // doubled in proportion
    expect(v.slice(0, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]); // other weeks untouched
    expect(v.every(Number.isInteger)).toBe(true);
    const row = res.rows.find((r) => r.key === "A@S1")!;
    expect(row.final).toEqual([28, 56, 28, 28]);
    expect(row.baseline).toEqual([28, 28, 28, 28]);
    // An odd total: integers that still sum exactly.
    await planner().plan.editCell({ scenarioId: child.id, baseVersion: 2, item: "A", location: "S1", bucket: "week", bucketIndex: 2, value: 30 });
    const v2 = (await days(child.id, "A@S1")).slice(14, 21);
    expect(v2.every(Number.isInteger)).toBe(true);
    expect(v2.reduce((x, y) => x + y, 0)).toBe(30);
    const rows = await planner().plan.rows({ scenarioId: child.id, keys: ["A@S1"] });
    expect(rows.rows[0]!.final).toEqual([28, 56, 30, 28]);
    expect(rows.rows[0]!.baseline).toEqual([28, 28, 28, 28]);
  });

  it("follows the baseline's shape, not days edited one by one since", async () => {
    const { child } = await draft();
    // Week 1 of A@S1 (baseline 1..7) flattened day by day to 4 each: same total, other shape.
    const edits = Array.from({ length: 7 }, (_, d) => ({ path: `/demandPlan/A@S1/values/${d}`, value: 4 }));
    await planner().scenarios.edit({ id: child.id, baseVersion: 1, edits });
    expect((await days(child.id, "A@S1")).slice(0, 7)).toEqual([4, 4, 4, 4, 4, 4, 4]);
    // Re-entering the bucket spreads it by the baseline again: 56 = 2 × (1..7).
    await planner().plan.editCell({ scenarioId: child.id, baseVersion: 2, item: "A", location: "S1", bucket: "week", bucketIndex: 0, value: 56 });
    expect((await days(child.id, "A@S1")).slice(0, 7)).toEqual([2, 4, 6, 8, 10, 12, 14]);
    // An item total splits by the locations' baseline totals (28 : 84), not their current ones.
    await planner().plan.editCell({ scenarioId: child.id, baseVersion: 3, item: "A", location: "S2", bucket: "week", bucketIndex: 1, value: 0 });
    const res = await planner().plan.editCell({ scenarioId: child.id, baseVersion: 4, item: "A", location: "*", bucket: "week", bucketIndex: 1, value: 224, aggregates: true });
    expect(res.rows.find((r) => r.key === "A@S1")!.final[1]).toBe(56);
    expect(res.rows.find((r) => r.key === "A@S2")!.final[1]).toBe(168);
  });

  it("splits evenly where the baseline days are all zero", async () => {
    const { child } = await draft();
    await planner().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "B", location: "S1", bucket: "week", bucketIndex: 0, value: 10 });
    const v = (await days(child.id, "B@S1")).slice(0, 7);
    expect(v.reduce((x, y) => x + y, 0)).toBe(10);
    expect(Math.max(...v) - Math.min(...v)).toBeLessThanOrEqual(1);
    expect(v.every(Number.isInteger)).toBe(true);
  });

  it("an aggregate row splits across locations in proportion to their totals", async () => {
    const { child } = await draft();
    const res = await planner().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "*", bucket: "week", bucketIndex: 0, value: 224, aggregates: true });
    expect(res.rows.find((r) => r.key === "A@*")!.final[0]).toBe(224);
    expect(res.rows.find((r) => r.key === "A@S1")!.final[0]).toBe(56);
    expect(res.rows.find((r) => r.key === "A@S2")!.final[0]).toBe(168);
  });

  it("tells a Japanese user about a conflict, and about read-only content, in Japanese", async () => {
    const { child } = await draft();
    await planner().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S1", bucket: "week", bucketIndex: 0, value: 40 });
    const ja = w.caller("adminA", undefined, "ja");
    const stale = ja.plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "*", bucket: "week", bucketIndex: 0, value: 50 });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(stale).rejects.toThrow("品目 A（全拠点）、2026-W02 は、読み込んだバージョン 1 の後に他の人が変更しました（バージョン 2）：現在の値は 124 です。入力値 50 は保存されていません。");
    await planner().scenarios.submit({ id: child.id });
    await expect(ja.plan.editCell({ scenarioId: child.id, baseVersion: 2, item: "A", location: "S1", bucket: "week", bucketIndex: 1, value: 1 }))
      .rejects.toThrow("編集できません：シナリオ「Plan draft」はレビュー中です。下書き以外では内容は読み取り専用です");
    // The same refusal in English for an English user.
    await expect(planner().plan.editCell({ scenarioId: child.id, baseVersion: 2, item: "A", location: "S1", bucket: "week", bucketIndex: 1, value: 1 }))
      .rejects.toThrow('Cannot edit: scenario "Plan draft" is in review, and its content is read-only outside draft');
  });

  it("refuses a stale edit of the same cell with CONFLICT naming it and its current value; other cells still apply", async () => {
    const { child } = await draft();
    await planner().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S1", bucket: "week", bucketIndex: 0, value: 40 });
    const stale = admin().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S1", bucket: "week", bucketIndex: 0, value: 50 });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(stale).rejects.toThrow(/item A at S1, 2026-W02 was changed by someone else.*it is now 40\. Your value 50 was not saved/);
    expect((await days(child.id, "A@S1")).slice(0, 7).reduce((x, y) => x + y, 0)).toBe(40);
    // A different cell from the same old base is fine.
    const ok = await admin().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S2", bucket: "week", bucketIndex: 0, value: 90 });
    expect(ok.version).toBe(3);
    // The change feed: who changed which series.
    const feed = await planner().plan.changesSince({ scenarioId: child.id, version: 1 });
    expect(feed.version).toBe(3);
    expect(feed.changes.map((c) => [c.version, c.keys, c.actorName])).toEqual([[2, ["A@S1"], "plannerA"], [3, ["A@S2"], "adminA"]].map(([v, k]) => [v, k, expect.any(String)]));
    expect(feed.changes.map((c) => c.keys)).toEqual([["A@S1"], ["A@S2"]]);
  });

  it("is refused for viewers and outside draft", async () => {
    const { child } = await draft();
    await expect(w.caller("viewerA").plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S1", bucketIndex: 0, value: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await planner().scenarios.submit({ id: child.id });
    await expect(planner().plan.editCell({ scenarioId: child.id, baseVersion: 1, item: "A", location: "S1", bucketIndex: 0, value: 1 })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("change feed helpers and presence", () => {
  it("names the series a patch touches", () => {
    expect(touchedSeries([{ op: "test", path: "/demandPlan/A@S1/values/3", value: 1 }, { op: "replace", path: "/demandPlan/A@S1/values/3", value: 2 }, { op: "replace", path: "/policies/A@S1/reorderPoint", value: 2 }])).toEqual({ keys: ["A@S1"], all: false });
    expect(touchedSeries([{ op: "replace", path: "/demandPlan", value: {} }]).all).toBe(true);
  });

  it("lists who is viewing or editing", async () => {
    const { child } = await draft();
    await planner().plan.presence({ scenarioId: child.id, state: "editing" });
    const list = await w.caller("viewerA").plan.presence({ scenarioId: child.id });
    expect(list.map((p) => p.state).sort()).toEqual(["editing", "viewing"]);
  });
});
