/**
 * The supply grid on a real PostgreSQL, through the router: rows are the document's policies
 * beside the parent's (baseline) values; an edit changes only its field, bumps the version and is
 * in the history and the audit trail; a stale edit of the same field is refused with CONFLICT and
 * the current value; viewers and content outside draft are refused; invalid values are refused
 * naming the field with nothing written; the planned supply of the scenario's latest run, by week
 * and by month, sums to the run's daily per-node results.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork, waitForRun } from "../support/network.ts";
import { startRunner, type Runner } from "../../src/server/jobs/runner.ts";
import { functionDefinitions } from "../../src/inngest/functions/index.ts";
import { useDatabase } from "../../src/inngest/functions/simulate-run.ts";
import { logger } from "../../src/server/logger.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { chunkCount, getChunk } from "../../src/server/services/artifacts.ts";
import { checkPolicyValue, parsePolicyFieldPath, policyFieldPath } from "../../src/schemas/supply.ts";
import type { ScenarioDocument } from "../../src/schemas/scenario.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const START = "2026-01-05";
const DAYS = 28;

function makeDoc(): ScenarioDocument {
  const locations = [{ id: "SUP", kind: "supplier" as const }, { id: "DC", kind: "dc" as const }, { id: "S1", kind: "store" as const }, { id: "S/2", kind: "store" as const }];
  const series = (item: string, location: string) => ({ item, location, startDate: START, values: Array.from({ length: DAYS }, (_, d) => (d % 7) + 1) });
  return {
    schema_version: 2,
    network: {
      locations,
      items: [{ id: "A", unitCost: 1, price: 2 }, { id: "B", unitCost: 1, price: 2 }],
      lanes: [{ from: "SUP", to: "DC", leadTimeDays: 3 }, { from: "DC", to: "S1", leadTimeDays: 2 }, { from: "DC", to: "S/2", leadTimeDays: 2 }],
    },
    policies: {
      "A@DC": { item: "A", location: "DC", type: "baseStock", orderUpTo: 200 },
      "A@S1": { item: "A", location: "S1", type: "sS", reorderPoint: 20, orderUpTo: 60, moq: 5 },
      "A@S/2": { item: "A", location: "S/2", type: "rQ", reorderPoint: 10, orderQuantity: 30 },
      "B@DC": { item: "B", location: "DC", type: "RS", reviewPeriodDays: 7, orderUpTo: 150 },
      "B@S1": { item: "B", location: "S1", type: "minMax", min: 5, max: 25, orderMultiple: 5 },
    },
    demandPlan: { "A@S1": series("A", "S1"), "A@S/2": series("A", "S/2"), "B@S1": series("B", "S1") },
    supply: { horizonDays: DAYS, startDate: START, seed: 1, warmupDays: 0, holdingRatePerYear: 0.2, productionCapacityPerDay: {} },
  };
}

const planner = () => w.caller("plannerA");
const admin = () => w.caller("adminA");
const path = (key: string, field: Parameters<typeof policyFieldPath>[1]) => policyFieldPath(key, field);

async function draft() {
  const root = await planner().scenarios.createRoot({ name: "Supply root", document: makeDoc() });
  const child = await planner().scenarios.createChild({ parentId: root.id, name: "Supply draft" });
  return { root, child };
}
/** The field errors a refused call carries (the AppError behind the tRPC error). */
async function fieldErrorsOf(call: Promise<unknown>): Promise<Record<string, string[]>> {
  const e = await call.then(() => null, (err: { cause?: { fieldErrors?: Record<string, string[]> } }) => err);
  return e?.cause?.fieldErrors ?? {};
}
const policies = async (id: string) => (await planner().scenarios.get({ id })).document.policies;

describe("pointers and rules (pure)", () => {
  it("escapes keys in policy field pointers and parses them back", () => {
    expect(path("A@S/2", "reorderPoint")).toBe("/policies/A@S~12/reorderPoint");
    expect(parsePolicyFieldPath("/policies/A@S~12/reorderPoint")).toEqual({ key: "A@S/2", field: "reorderPoint" });
    expect(parsePolicyFieldPath("/policies/A@S1/type")).toBeNull();
    expect(parsePolicyFieldPath("/demandPlan/A@S1/values/0")).toBeNull();
  });
  it("checks values: non-negative, positive quantities, whole review days, ordered pairs", () => {
    const sS = { type: "sS", reorderPoint: 20, orderUpTo: 60 };
    expect(checkPolicyValue(sS, "reorderPoint", 30)).toEqual([]);
    expect(checkPolicyValue(sS, "reorderPoint", -1)).toEqual([{ field: "reorderPoint", rule: "nonNegative" }]);
    expect(checkPolicyValue(sS, "reorderPoint", 61)).toEqual([{ field: "reorderPoint", rule: "atMost", other: "orderUpTo", limit: 60 }]);
    expect(checkPolicyValue(sS, "orderUpTo", 19)).toEqual([{ field: "orderUpTo", rule: "atLeast", other: "reorderPoint", limit: 20 }]);
    expect(checkPolicyValue(sS, "orderQuantity", 5)).toEqual([{ field: "orderQuantity", rule: "notApplicable" }]);
    expect(checkPolicyValue({ type: "rQ", reorderPoint: 10, orderQuantity: 5 }, "orderQuantity", 0)[0]!.rule).toBe("positive");
    expect(checkPolicyValue({ type: "RS", orderUpTo: 5 }, "reviewPeriodDays", 1.5)[0]!.rule).toBe("wholeDays");
    expect(checkPolicyValue({ type: "minMax", min: 5, max: 25 }, "max", 4)[0]).toMatchObject({ rule: "atLeast", other: "min" });
    // A reorder point above the level of an (r, Q) policy is fine: it has no order-up-to.
    expect(checkPolicyValue({ type: "rQ", reorderPoint: 10, orderQuantity: 5 }, "reorderPoint", 1000)).toEqual([]);
  });
});

describe("rows", () => {
  it("are the document's policies with the fields their type uses, beside the parent's values; no run yet", async () => {
    const { root, child } = await draft();
    const res = await planner().plan.supplyRows({ scenarioId: child.id });
    expect(res.scenario).toMatchObject({ id: child.id, status: "draft", version: 1, parentId: root.id });
    expect(res.rows.map((r) => r.key)).toEqual(["A@DC", "A@S/2", "A@S1", "B@DC", "B@S1"]);
    const a1 = res.rows.find((r) => r.key === "A@S1")!;
    expect(a1).toMatchObject({ item: "A", location: "S1", locationKind: "store", type: "sS", receipts: null, orders: null });
    expect(a1.fields).toEqual(["reorderPoint", "orderUpTo", "moq", "orderMultiple", "reviewPeriodDays"]);
    expect(a1.values).toEqual({ reorderPoint: 20, orderUpTo: 60, moq: 5, orderMultiple: null, reviewPeriodDays: null });
    expect(a1.baseline).toEqual(a1.values);
    expect(res.rows.find((r) => r.key === "B@S1")!.values).toMatchObject({ min: 5, max: 25, orderMultiple: 5 });
    expect(res.rows.find((r) => r.key === "A@S/2")!.fields).toContain("orderQuantity");
    // Only the fields some policy uses become columns.
    expect(res.fields).toEqual(["reorderPoint", "orderUpTo", "orderQuantity", "min", "max", "moq", "orderMultiple", "reviewPeriodDays"]);
    expect(res.run).toBeNull();
    expect(res.activeRun).toBeNull();
    expect(res.frame).toBeNull();
    // Viewers read them too.
    expect((await w.caller("viewerA").plan.supplyRows({ scenarioId: child.id, bucket: "month" })).rows).toHaveLength(5);
  });

  it("compare with the parent at the child's base version; a root compares with its first version", async () => {
    const { root, child } = await draft();
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "reorderPoint"), value: 35 });
    const rows = (await planner().plan.supplyRows({ scenarioId: child.id })).rows;
    const a1 = rows.find((r) => r.key === "A@S1")!;
    expect(a1.values.reorderPoint).toBe(35);
    expect(a1.baseline!.reorderPoint).toBe(20);
    // The root moves on after the child branched: the child's baseline stays at its base version.
    await planner().plan.editSupply({ scenarioId: root.id, baseVersion: 1, path: path("A@S1", "orderUpTo"), value: 90 });
    const again = (await planner().plan.supplyRows({ scenarioId: child.id })).rows.find((r) => r.key === "A@S1")!;
    expect(again.baseline).toMatchObject({ reorderPoint: 20, orderUpTo: 60 });
    const rootRow = (await planner().plan.supplyRows({ scenarioId: root.id })).rows.find((r) => r.key === "A@S1")!;
    expect(rootRow.values.orderUpTo).toBe(90);
    expect(rootRow.baseline!.orderUpTo).toBe(60);
  });
});

describe("editing a policy field", () => {
  it("changes only that field, bumps the version, and is in the history and the audit trail", async () => {
    const { child } = await draft();
    const before = await policies(child.id);
    const res = await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S/2", "reorderPoint"), value: 12 });
    expect(res).toMatchObject({ version: 2, applied: 1, key: "A@S/2", field: "reorderPoint", values: { reorderPoint: 12, orderQuantity: 30 } });
    const after = await policies(child.id);
    expect(after["A@S/2"]).toEqual({ ...before["A@S/2"], reorderPoint: 12 });
    for (const k of Object.keys(before).filter((k) => k !== "A@S/2")) expect(after[k]).toEqual(before[k]);
    const got = await planner().scenarios.get({ id: child.id });
    expect(got.scenario.version).toBe(2);
    // The child stores a one-op diff, not a copy.
    const row = await w.owner.db.scenario.findUniqueOrThrow({ where: { id: child.id } });
    expect(row.diff).toEqual([{ op: "replace", path: "/policies/A@S~12/reorderPoint", value: 12 }]);
    const history = await w.owner.db.scenarioHistory.findMany({ where: { scenarioId: child.id }, orderBy: { version: "asc" } });
    expect(history.map((h) => [h.version, h.kind])).toEqual([[2, "edit"]]);
    const audit = await w.owner.db.auditEvent.findMany({ where: { entity: "scenario", entityId: child.id, action: "edit" } });
    expect(audit).toHaveLength(1);
    // From → to of the cell, by its pointer.
    const ops = audit[0]!.patch as { op: string; path: string; value: unknown }[];
    const cellOps = ops.filter((o) => o.path.includes("reorderPoint"));
    expect(cellOps.map((o) => [o.op, o.value])).toEqual([["test", 10], ["replace", 12]]);
    // An optional field not set yet (MOQ) can be set.
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 2, path: path("A@DC", "moq"), value: 50 });
    expect((await policies(child.id))["A@DC"]).toEqual({ item: "A", location: "DC", type: "baseStock", orderUpTo: 200, moq: 50 });
  });

  it("clears an optional field (null): the field is removed, audited; a required one cannot be cleared", async () => {
    const { child } = await draft();
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@DC", "moq"), value: 50 });
    const cleared = await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 2, path: path("A@DC", "moq"), value: null });
    expect(cleared).toMatchObject({ version: 3, field: "moq", values: { orderUpTo: 200, moq: null } });
    expect((await policies(child.id))["A@DC"]).toEqual({ item: "A", location: "DC", type: "baseStock", orderUpTo: 200 });
    const history = await w.owner.db.scenarioHistory.findFirstOrThrow({ where: { scenarioId: child.id, version: 3 } });
    expect((history.patch as { op: string; path: string }[]).filter((o) => o.op !== "test")).toEqual([{ op: "remove", path: "/policies/A@DC/moq" }]);
    // Clearing what is not set changes nothing (no new version).
    expect((await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 3, path: path("A@DC", "moq"), value: null })).version).toBe(3);
    const required = planner().plan.editSupply({ scenarioId: child.id, baseVersion: 3, path: path("A@S1", "reorderPoint"), value: null });
    await expect(required).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(required).rejects.toThrow(/reorderPoint: a sS policy needs its reorder point: it cannot be left empty/);
    expect((await policies(child.id))["A@S1"]).toMatchObject({ reorderPoint: 20 });
  });

  it("refuses a stale edit of the same field with CONFLICT and the current value; another field from the same base applies", async () => {
    const { child } = await draft();
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "reorderPoint"), value: 25 });
    const stale = admin().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "reorderPoint"), value: 30 });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(stale).rejects.toThrow(/was changed by someone else \(version 2\) since you loaded version 1: it is now 25\. Your value 30 was not saved/);
    const fe = await fieldErrorsOf(stale);
    expect(fe.currentValue).toEqual(["25"]);
    expect(fe.changedInVersion).toEqual(["2"]);
    expect(fe.reorderPoint?.[0]).toMatch(/version 2/);
    expect((await policies(child.id))["A@S1"]).toMatchObject({ reorderPoint: 25 });
    const ok = await admin().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "moq"), value: 10 });
    expect(ok.version).toBe(3);
    expect((await policies(child.id))["A@S1"]).toMatchObject({ reorderPoint: 25, moq: 10, orderUpTo: 60 });
  });

  it("tells a Japanese user about a conflict in Japanese", async () => {
    const { child } = await draft();
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "orderUpTo"), value: 70 });
    const ja = w.caller("adminA", undefined, "ja");
    await expect(ja.plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "orderUpTo"), value: 80 }))
      .rejects.toThrow("は、読み込んだバージョン 1 の後に他の人が変更しました（バージョン 2）：現在の値は 70 です。入力値 80 は保存されていません。");
  });

  it("is refused for viewers (FORBIDDEN) and outside draft (CONFLICT)", async () => {
    const { child } = await draft();
    await expect(w.caller("viewerA").plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "reorderPoint"), value: 1 }))
      .rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.caller("approverA").plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "reorderPoint"), value: 1 }))
      .rejects.toMatchObject({ code: "FORBIDDEN" });
    await planner().scenarios.submit({ id: child.id });
    await expect(planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "reorderPoint"), value: 1 }))
      .rejects.toThrow(/read-only outside draft/);
    expect((await policies(child.id))["A@S1"]).toMatchObject({ reorderPoint: 20 });
  });

  it("refuses invalid values naming the field, and writes nothing", async () => {
    const { child } = await draft();
    const bad: [string, Parameters<typeof policyFieldPath>[1], number, RegExp][] = [
      ["A@S1", "reorderPoint", -1, /reorderPoint: the reorder point must be 0 or more/],
      ["A@S1", "orderUpTo", 10, /orderUpTo: the order-up-to level must be at least the reorder point \(20\)/],
      ["A@S1", "reorderPoint", 61, /reorderPoint: the reorder point must be at most the order-up-to level \(60\)/],
      ["A@S/2", "orderQuantity", 0, /orderQuantity: the order quantity must be more than 0/],
      ["B@DC", "reviewPeriodDays", 2.5, /reviewPeriodDays: the review period must be a whole number of days/],
      ["B@S1", "max", 4, /max: the max must be at least the min \(5\)/],
      ["A@S1", "orderQuantity", 5, /orderQuantity: a sS policy has no order quantity/],
      ["A@S1", "moq", -3, /moq: the MOQ must be 0 or more/],
    ];
    for (const [key, field, value, message] of bad) {
      const call = planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path(key, field), value });
      await expect(call).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(call).rejects.toThrow(message);
      const fe = await fieldErrorsOf(call);
      expect(fe[field]?.[0]).toMatch(message);
      expect(JSON.parse(fe.policyIssue![0]!)).toMatchObject({ field });
    }
    // Not a policy field at all, or no such policy.
    await expect(planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: "/policies/A@S1/type", value: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("Z@S1", "moq"), value: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Nothing written: same version, no history, the same policies.
    const got = await planner().scenarios.get({ id: child.id });
    expect(got.scenario.version).toBe(1);
    expect(got.document.policies).toEqual(makeDoc().policies);
    expect(await w.owner.db.scenarioHistory.count({ where: { scenarioId: child.id } })).toBe(0);
    // A valid pair in two steps works: raise the level, then the reorder point.
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 1, path: path("A@S1", "orderUpTo"), value: 100 });
    await planner().plan.editSupply({ scenarioId: child.id, baseVersion: 2, path: path("A@S1", "reorderPoint"), value: 80 });
    expect((await policies(child.id))["A@S1"]).toMatchObject({ reorderPoint: 80, orderUpTo: 100 });
  });
});

describe("planned supply from the scenario's latest run", () => {
  let runner: Runner;
  beforeAll(async () => {
    await seedSmallNetwork(w.owner.db, w.tenantA);
    useDatabase(async () => w.app.db);
    runner = startRunner({ db: w.app.db, functions: functionDefinitions, log: logger, concurrency: 2, pollMs: 100, staleSeconds: 5 });
  });
  afterAll(async () => {
    await runner?.stop();
  });

  /** The run's daily receipts and orders per node, read straight from its CSV artifact. */
  async function dailyFromCsv(runId: string) {
    const text = await withTenant(w.app.db, { tenantId: w.tenantA }, async (tx) => {
      const n = await chunkCount(tx, runId, "daily-csv");
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push((await getChunk(tx, runId, "daily-csv", i)) ?? "");
      return parts.join("");
    });
    const [header, ...lines] = text.trim().split("\n");
    const cols = header!.split(",");
    const out = new Map<string, { date: string; receipts: number; orders: number }[]>();
    for (const line of lines) {
      const v = line.split(",");
      const key = `${v[cols.indexOf("item")]}@${v[cols.indexOf("location")]}`;
      const list = out.get(key) ?? out.set(key, []).get(key)!;
      list.push({ date: v[0]!, receipts: Number(v[cols.indexOf("receipts")]), orders: Number(v[cols.indexOf("ordered")]) });
    }
    return out;
  }

  it("says there is no run, then shows receipts and orders per week and month that sum to the daily results", async () => {
    const root = await planner().scenarios.createRoot({ name: "Supply from master data", horizonDays: 60, historyDays: 60 });
    const before = await planner().plan.supplyRows({ scenarioId: root.id });
    expect(before.rows.length).toBeGreaterThan(0);
    expect(before.run).toBeNull();
    expect(before.rows.every((r) => r.receipts === null && r.orders === null)).toBe(true);

    const started = await planner().runs.startScenario({ scenarioId: root.id });
    const queued = await planner().plan.supplyRows({ scenarioId: root.id });
    expect(queued.activeRun?.id).toBe(started.id);
    expect((await waitForRun(planner().runs, started.id)).status).toBe("succeeded");

    const daily = await dailyFromCsv(started.id);
    for (const bucket of ["week", "month"] as const) {
      const res = await planner().plan.supplyRows({ scenarioId: root.id, bucket });
      expect(res.run).toMatchObject({ id: started.id, scenarioVersion: 1, detail: "ok" });
      expect(res.activeRun).toBeNull();
      const frame = res.frame!;
      expect(frame.bucket).toBe(bucket);
      expect(frame.lengths.reduce((a, b) => a + b, 0)).toBe(60);
      let receiptsSeen = 0;
      for (const row of res.rows) {
        const days = daily.get(row.key);
        expect(days, row.key).toBeDefined();
        expect(row.receipts).toHaveLength(frame.labels.length);
        // Bucket b covers the days from firstDates[b] for lengths[b] days.
        frame.labels.forEach((_, b) => {
          const from = frame.firstDates[b]!;
          const inBucket = days!.filter((d) => d.date >= from && (b + 1 === frame.labels.length || d.date < frame.firstDates[b + 1]!));
          expect(inBucket).toHaveLength(frame.lengths[b]!);
          expect(row.receipts![b]).toBeCloseTo(inBucket.reduce((a, d) => a + d.receipts, 0), 4);
          expect(row.orders![b]).toBeCloseTo(inBucket.reduce((a, d) => a + d.orders, 0), 4);
        });
        const total = days!.reduce((a, d) => a + d.receipts, 0);
        expect(row.receipts!.reduce((a, x) => a + x, 0)).toBeCloseTo(total, 4);
        receiptsSeen += total;
      }
      expect(receiptsSeen).toBeGreaterThan(0);
    }

    // A child of the scenario has no run of its own yet.
    const child = await planner().scenarios.createChild({ parentId: root.id, name: "Supply what-if" });
    expect((await planner().plan.supplyRows({ scenarioId: child.id })).run).toBeNull();
  }, 120_000);
});
