/**
 * The plan grid on a real PostgreSQL: bucket totals equal the sums of their days, editing a bucket
 * disaggregates it proportionally to the baseline's days (evenly where they are all zero) with
 * integers preserved, an aggregate row splits across locations, a stale edit is refused, and the
 * change feed names who changed which series.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { bucketTotals, planBuckets, presence, touchedSeries } from "../../src/server/services/plan-grid.ts";
import { openDb } from "../../src/server/db/client.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { randomUUID } from "node:crypto";
import { matchPeriods } from "../../src/server/services/plan-grid.ts";
import { consensusOf } from "../../src/server/services/consensus.ts";
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

  it("lists who is viewing or editing, whichever app process took each heartbeat", async () => {
    const { child } = await draft();
    await planner().plan.presence({ scenarioId: child.id, state: "editing" });
    // A second app process: its own connection pool, no memory shared with the first.
    const other = await openDb({ as: "app", databaseUrl: w.url, poolSize: 1 });
    try {
      const list = await withTenant(other.db, { tenantId: w.tenantA, userId: w.users.viewerA }, (tx) => presence(tx, child.id, w.users.viewerA, "viewing"));
      expect(list.map((p) => [p.userId, p.state])).toEqual([[w.users.plannerA, "editing"], [w.users.viewerA, "viewing"]]);
      expect(list.map((p) => p.name)).toEqual(["planner", "viewer"]);
    } finally {
      await other.close();
    }
    // The planner's next heartbeat (first process) lists the viewer too.
    expect((await planner().plan.presence({ scenarioId: child.id, state: "viewing" })).map((p) => p.state)).toEqual(["viewing", "viewing"]);
  });

  it("forgets a user whose last heartbeat is older than the TTL", async () => {
    const { child } = await draft();
    await planner().plan.presence({ scenarioId: child.id, state: "editing" });
    await w.owner.db.$executeRaw`update scenario_presence set seen_at = now() - interval '16 seconds' where scenario_id = ${child.id}::uuid`;
    const list = await w.caller("viewerA").plan.presence({ scenarioId: child.id });
    expect(list.map((p) => [p.name, p.state])).toEqual([["viewer", "viewing"]]);
    expect(await w.owner.db.scenarioPresence.count({ where: { scenarioId: child.id } })).toBe(1);
  });

  it("another tenant's or an unknown scenario is NOT_FOUND, and nothing is recorded", async () => {
    const { child } = await draft();
    await expect(w.caller("adminB", w.tenantB).plan.presence({ scenarioId: child.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(planner().plan.presence({ scenarioId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await w.owner.db.scenarioPresence.count({ where: { scenarioId: child.id } })).toBe(0);
  });
});

// ——— forecast consensus layers in the plan grid (issues 5 and 6) ———

describe("forecast layers beside the plan", () => {
  // The plan covers 2026-W02 … 2026-W05. The weekly version forecasts W03 … W06 (W06 lies beyond
  // the scenario's horizon) for A@S1, A@S2 and C@S1 (not in the plan); B@S1 has no forecast.
  const PERIODS = ["2026-W03", "2026-W04", "2026-W05", "2026-W06"];
  const BASE: Record<string, number[]> = { "A@S1": [30, 40, 50, 60], "A@S2": [100, 90, 80, 70], "C@S1": [1, 1, 1, 1] };
  let weekly: string;
  let frozen: string;
  let monthly: string;
  const adjustmentsOf = async (versionId: string, key: string) => {
    const [item, location] = key.split("@");
    return (await w.owner.db.forecastAdjustment.findMany({ where: { versionId, item, location } })).map((a) => ({ layer: a.layer, period: a.period, kind: a.kind, value: Number(a.value) }));
  };

  beforeAll(async () => {
    const o = w.owner.db;
    const version = async (name: string, bucket: string, periods: string[], frozenAt?: Date) => {
      const v = await o.forecastVersion.create({
        data: { tenantId: w.tenantA, runId: randomUUID(), name, bucket, periods, frozenAt, frozenBy: frozenAt ? w.users.approverA : undefined },
      });
      for (const [key, baseline] of Object.entries(BASE)) {
        const [item, location] = key.split("@");
        await o.forecastSeries.create({
          data: { tenantId: w.tenantA, versionId: v.id, item: item!, location: location!, method: "naive", spec: "naive", history: { labels: [], values: [] }, fitted: [], baseline: baseline.slice(0, periods.length), bands: {}, candidates: [] },
        });
      }
      return v.id;
    };
    // Oldest first: a frozen weekly version, then a newer open one, then a monthly one.
    frozen = await version("Frozen weekly", "week", PERIODS, new Date("2026-01-02T10:00:00Z"));
    weekly = await version("Open weekly", "week", PERIODS);
    monthly = await version("Monthly", "month", ["2025-12", "2026-01"]);
    const adj = (versionId: string, key: string, layer: string, period: number, kind: string, value: string) => {
      const [item, location] = key.split("@");
      return o.forecastAdjustment.create({ data: { tenantId: w.tenantA, versionId, item: item!, location: location!, layer, period, kind, value, authorId: w.users.adminA } });
    };
    await adj(weekly, "A@S1", "sales", 0, "absolute", "5");
    await adj(weekly, "A@S1", "marketing", 1, "percent", "10");
    await adj(weekly, "A@S1", "finance", 2, "absolute", "-10");
    await adj(weekly, "A@S2", "marketing", 2, "percent", "3");
    await adj(weekly, "A@S2", "sales", 3, "absolute", "1000"); // W06: outside the horizon
    await adj(frozen, "A@S1", "sales", 0, "absolute", "7");
  });

  it("a version's layers stamp moves when someone adjusts or freezes it, and only then", async () => {
    const o = w.owner.db;
    const v = await o.forecastVersion.create({ data: { tenantId: w.tenantA, runId: randomUUID(), name: "Stamped", bucket: "week", periods: PERIODS } });
    await o.forecastSeries.create({
      data: { tenantId: w.tenantA, versionId: v.id, item: "A", location: "S1", method: "naive", spec: "naive", history: { labels: [], values: [] }, fitted: [], baseline: BASE["A@S1"]!, bands: {}, candidates: [] },
    });
    try {
      await stampMoves(v.id);
    } finally {
      await o.forecastVersion.delete({ where: { id: v.id } }); // the other tests expect their versions only
    }
  });

  async function stampMoves(versionId: string) {
    const v = { id: versionId };
    const stamp = () => w.caller("viewerA").plan.layersStamp({ versionId: v.id });
    const s0 = await stamp();
    expect(await stamp()).toBe(s0);
    const adjust = (value: number) => planner().forecast.adjust({ versionId: v.id, item: "A", location: "S1", layer: "sales", period: 0, kind: "absolute", value });
    await adjust(3);
    const s1 = await stamp();
    expect(s1).not.toBe(s0);
    await adjust(4); // the same cell again: the count stays, the content changes
    const s2 = await stamp();
    expect(s2).not.toBe(s1);
    await adjust(3);
    await adjust(4); // back where it was: nothing to reload
    expect(await stamp()).toBe(s2);
    await w.caller("approverA").forecast.freeze({ versionId: v.id });
    expect(await stamp()).not.toBe(s2);
    await expect(w.caller("adminB", w.tenantB).plan.layersStamp({ versionId: v.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  }

  it("matches forecast periods to bucket labels; periods outside the horizon are ignored", () => {
    expect(matchPeriods(["2026-W02", "2026-W03", "2026-W04", "2026-W05"], PERIODS)).toEqual([null, 0, 1, 2]);
    expect(matchPeriods(["2026-01", "2026-02"], ["2025-12", "2026-01"])).toEqual([1, null]);
    expect(matchPeriods(["2026-W02"], ["2026-01"])).toEqual([null]);
  });

  it("shows the version's baseline, each layer and the consensus (as consensus.ts computes it) per matched bucket", async () => {
    const { child } = await draft();
    const res = await planner().plan.forecastLayers({ scenarioId: child.id, bucket: "week", versionId: weekly });
    expect(res.version).toMatchObject({ id: weekly, name: "Open weekly", bucket: "week", frozenAt: null, bucketMatches: true });
    expect(res.periodOfBucket).toEqual([null, 0, 1, 2]);
    expect(res.matchedBuckets).toBe(3);
    expect(res.ignoredPeriods).toBe(1);
    // Rows present in both: B@S1 has no forecast, C@S1 no plan.
    expect(res.rows.map((r) => r.key)).toEqual(["A@S1", "A@S2"]);
    const a1 = res.rows[0]!;
    expect(a1.baseline).toEqual([null, 30, 40, 50]);
    expect(a1.sales).toEqual([null, 5, 0, 0]);
    expect(a1.marketing).toEqual([null, 0, 4, 0]);
    expect(a1.finance).toEqual([null, 0, 0, -10]);
    expect(a1.consensus).toEqual([null, 35, 44, 40]);
    expect(a1.adjustments.map((a) => [a.layer, a.bucket, a.kind, a.value])).toEqual([["finance", 3, "absolute", -10], ["marketing", 2, "percent", 10], ["sales", 1, "absolute", 5]]);
    // The same numbers as the consensus arithmetic on the stored rows, for every series.
    for (const r of res.rows) {
      const c = consensusOf(BASE[r.key]!, await adjustmentsOf(weekly, r.key));
      expect(r.consensus).toEqual([null, ...c.consensus.slice(0, 3)]);
      expect(r.baseline).toEqual([null, ...BASE[r.key]!.slice(0, 3)]);
      for (const layer of ["sales", "marketing", "finance"] as const) expect(r[layer]).toEqual([null, ...c.layers[layer].slice(0, 3)]);
    }
    // The sales adjustment in W06 lies outside the horizon: not shown anywhere.
    expect(res.rows[1]!.adjustments.map((a) => a.period)).toEqual([2]);
    // A planner owns sales and marketing, an approver finance.
    expect(res.editable).toEqual({ sales: true, marketing: true, finance: false });
    expect((await w.caller("approverA").plan.forecastLayers({ scenarioId: child.id, versionId: weekly })).editable).toEqual({ sales: false, marketing: false, finance: true });
    expect((await w.caller("viewerA").plan.forecastLayers({ scenarioId: child.id, versionId: weekly })).editable).toEqual({ sales: false, marketing: false, finance: false });
  });

  it("defaults to the newest frozen version of the grid's bucket; a version by another bucket matches nothing", async () => {
    const { child } = await draft();
    const week = await planner().plan.forecastLayers({ scenarioId: child.id, bucket: "week" });
    expect(week.version?.id).toBe(frozen);
    expect(week.versions.map((v) => v.id)).toEqual(expect.arrayContaining([weekly, frozen, monthly]));
    const month = await planner().plan.forecastLayers({ scenarioId: child.id, bucket: "month" });
    expect(month.version?.id).toBe(monthly);
    expect(month.periodOfBucket).toEqual([1, null]); // 2026-01 matches, 2026-02 has no forecast, 2025-12 is ignored
    expect(month.rows.find((r) => r.key === "A@S1")!.consensus).toEqual([40, null]);
    const mismatch = await planner().plan.forecastLayers({ scenarioId: child.id, bucket: "week", versionId: monthly });
    expect(mismatch.version?.bucketMatches).toBe(false);
    expect(mismatch.matchedBuckets).toBe(0);
    await expect(planner().plan.forecastLayers({ scenarioId: child.id, versionId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a planner edits the sales layer from the grid (forecast.adjust) and the consensus moves; finance is refused", async () => {
    const { child } = await draft();
    const before = await planner().plan.forecastLayers({ scenarioId: child.id, versionId: weekly, keys: ["A@S2"] });
    const b = 2; // the grid's 2026-W04
    const period = before.periodOfBucket[b]!;
    const wb = await planner().forecast.adjust({ versionId: weekly, item: "A", location: "S2", layer: "sales", period, kind: "absolute", value: 15 });
    expect(wb.consensus[period]).toBe(105);
    const after = await planner().plan.forecastLayers({ scenarioId: child.id, versionId: weekly, keys: ["A@S2"] });
    expect(after.rows[0]!.sales[b]).toBe(15);
    expect(after.rows[0]!.consensus[b]).toBe(before.rows[0]!.consensus[b]! + 15);
    expect(after.rows[0]!.consensus[1]).toBe(before.rows[0]!.consensus[1]);
    // The finance layer belongs to approvers.
    await expect(planner().forecast.adjust({ versionId: weekly, item: "A", location: "S2", layer: "finance", period, kind: "absolute", value: 1 }))
      .rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await planner().plan.forecastLayers({ scenarioId: child.id, versionId: weekly, keys: ["A@S2"] })).rows[0]!.finance[b]).toBe(0);
    // Undo for the tests below.
    await planner().forecast.adjust({ versionId: weekly, item: "A", location: "S2", layer: "sales", period, kind: "absolute", value: 0 });
  });

  it("a frozen version shows its layers read-only and refuses edits (CONFLICT)", async () => {
    const { child } = await draft();
    const res = await planner().plan.forecastLayers({ scenarioId: child.id, versionId: frozen });
    expect(res.version).toMatchObject({ id: frozen, frozenAt: "2026-01-02T10:00:00.000Z", frozenBy: "approver" });
    expect(res.editable).toEqual({ sales: false, marketing: false, finance: false });
    expect(res.rows[0]!.consensus).toEqual([null, 37, 40, 50]);
    await expect(planner().forecast.adjust({ versionId: frozen, item: "A", location: "S1", layer: "sales", period: 0, kind: "absolute", value: 1 }))
      .rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("use consensus as plan", () => {
  let versionId: string;
  beforeAll(async () => {
    const o = w.owner.db;
    const v = await o.forecastVersion.create({ data: { tenantId: w.tenantA, runId: randomUUID(), name: "Adopt", bucket: "week", periods: ["2026-W03", "2026-W04", "2026-W05", "2026-W06"] } });
    versionId = v.id;
    for (const [key, baseline] of Object.entries({ "A@S1": [30, 40, 50, 60], "A@S2": [100, 90, 80, 70] })) {
      const [item, location] = key.split("@");
      await o.forecastSeries.create({ data: { tenantId: w.tenantA, versionId, item: item!, location: location!, method: "naive", spec: "naive", history: {}, fitted: [], baseline, bands: {}, candidates: [] } });
    }
    await o.forecastAdjustment.create({ data: { tenantId: w.tenantA, versionId, item: "A", location: "S2", layer: "marketing", period: 2, kind: "percent", value: "3", authorId: w.users.adminA } });
    await o.forecastAdjustment.create({ data: { tenantId: w.tenantA, versionId, item: "A", location: "S1", layer: "sales", period: 0, kind: "absolute", value: "5", authorId: w.users.adminA } });
  });

  it("makes the final plan's bucket totals equal the consensus for every matched bucket, in one new version", async () => {
    const { child } = await draft();
    const layers = await planner().plan.forecastLayers({ scenarioId: child.id, versionId });
    const res = await planner().plan.useConsensus({ scenarioId: child.id, baseVersion: 1, versionId });
    expect(res.version).toBe(2);
    expect(res.series).toBe(2);
    expect(res.cells).toBe(6);
    expect((await planner().scenarios.get({ id: child.id })).scenario.version).toBe(2);
    const rows = await planner().plan.rows({ scenarioId: child.id });
    for (const l of layers.rows) {
      const final = rows.rows.find((r) => r.key === l.key)!.final;
      l.consensus.forEach((c, b) => {
        if (c === null) expect(final[b]).toBe(28 * (l.key === "A@S1" ? 1 : 3)); // W02: no forecast, unchanged
        else expect(final[b]).toBeCloseTo(c, 5);
      });
    }
    expect(rows.rows.find((r) => r.key === "A@S2")!.final[3]).toBeCloseTo(82.4, 5);
    expect(rows.rows.find((r) => r.key === "B@S1")!.final).toEqual([0, 0, 0, 0]);
    // Days follow the baseline's shape (1..7 each week), integers kept integral: 35 ≈ 1.25 × (1..7).
    expect((await days(child.id, "A@S1")).slice(7, 14)).toEqual([1, 3, 4, 5, 6, 7, 9]);
    // A fractional consensus (80 + 3%) is spread by the same shape.
    const w4 = (await days(child.id, "A@S2")).slice(21, 28);
    expect(w4.reduce((x, y) => x + y, 0)).toBeCloseTo(82.4, 5);
    w4.forEach((v, d) => expect(v).toBeCloseTo((82.4 * (d + 1)) / 28, 5));
    // The returned rows are the changed ones, already adopted.
    expect(res.rows.find((r) => r.key === "A@S1")!.final).toEqual([28, 35, 40, 50]);
    // Attributed in the audit trail; adopting again changes nothing.
    const audit = await w.owner.db.auditEvent.findFirst({ where: { entity: "scenario", entityId: child.id, action: "adoptConsensus" } });
    expect(audit?.actorId).toBe(w.users.plannerA);
    const again = await planner().plan.useConsensus({ scenarioId: child.id, baseVersion: 2, versionId });
    expect([again.version, again.applied]).toEqual([2, 0]);
  });

  it("for one row only; a stale base is refused (CONFLICT) and nothing is written", async () => {
    const { child } = await draft();
    const res = await planner().plan.useConsensus({ scenarioId: child.id, baseVersion: 1, versionId, keys: ["A@S2"] });
    expect(res.version).toBe(2);
    const rows = await planner().plan.rows({ scenarioId: child.id });
    expect(rows.rows.find((r) => r.key === "A@S1")!.final).toEqual([28, 28, 28, 28]);
    expect(rows.rows.find((r) => r.key === "A@S2")!.final[1]).toBe(100);
    // Someone edits A@S1's 2026-W03 at version 3; adopting from version 2 would overwrite it.
    await admin().plan.editCell({ scenarioId: child.id, baseVersion: 2, item: "A", location: "S1", bucketIndex: 1, value: 70 });
    const stale = planner().plan.useConsensus({ scenarioId: child.id, baseVersion: 2, versionId, keys: ["A@S1"] });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(stale).rejects.toThrow(/item A at S1, 2026-W03 was changed by someone else \(version 3\) since you loaded version 2: it is now 70\. Your value 35 was not saved/);
    const after = await planner().scenarios.get({ id: child.id });
    expect(after.scenario.version).toBe(3);
    expect(after.document.demandPlan["A@S1"]!.values.slice(7, 14).reduce((x, y) => x + y, 0)).toBe(70);
  });

  it("is refused for viewers, outside draft, and for a row without a forecast", async () => {
    const { child } = await draft();
    await expect(w.caller("viewerA").plan.useConsensus({ scenarioId: child.id, baseVersion: 1, versionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.caller("approverA").plan.useConsensus({ scenarioId: child.id, baseVersion: 1, versionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(planner().plan.useConsensus({ scenarioId: child.id, baseVersion: 1, versionId, keys: ["B@S1"] })).rejects.toThrow("No forecast for B at S1 in this version");
    await planner().scenarios.submit({ id: child.id });
    await expect(planner().plan.useConsensus({ scenarioId: child.id, baseVersion: 1, versionId })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
