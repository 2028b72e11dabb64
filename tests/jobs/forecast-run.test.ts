/**
 * Forecasting as a background run and the consensus process: every item × location gets a
 * baseline with its method and backtest accuracy; layers adjust it by role; the consensus is the
 * baseline plus the layers; forecast value added is measured on a hold-out; a frozen version is
 * immutable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork, waitForRun } from "../support/network.ts";
import { startRunner, type Runner } from "../../src/server/jobs/runner.ts";
import { functionDefinitions } from "../../src/inngest/functions/index.ts";
import { useForecastDatabase } from "../../src/inngest/functions/forecast-run.ts";
import { consensusOf, periodStart, runModels } from "../../src/server/services/consensus.ts";
import { defaultRegistry } from "../../src/server/engine/forecast/index.ts";
import { logger } from "../../src/server/logger.ts";

let w: World;
let runner: Runner;
let versionId: string;
beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useForecastDatabase(async () => w.app.db);
  runner = startRunner({ db: w.app.db, functions: functionDefinitions, log: logger, concurrency: 1, pollMs: 100 });
  // 60 days of history = 8 complete ISO weeks; hold out the last 2 to measure value added.
  const started = await w.caller("plannerA").forecast.start({ name: "Weekly", bucket: "week", horizon: 4, holdoutPeriods: 2, backtestWindows: 2 });
  const done = await waitForRun(w.caller("plannerA").runs, started.id);
  expect(done.status).toBe("succeeded");
  versionId = (await w.owner.db.forecastVersion.findUniqueOrThrow({ where: { runId: started.id } })).id;
});
afterAll(async () => {
  await runner?.stop();
  await w?.close();
});

describe("consensus arithmetic", () => {
  it("adds absolute and percentage layers in order, never below zero", () => {
    const r = consensusOf([100, 50, 10], [
      { layer: "sales", period: 0, kind: "absolute", value: 20 },
      { layer: "marketing", period: 0, kind: "percent", value: 10 },
      { layer: "finance", period: 2, kind: "absolute", value: -30 },
    ]);
    expect(r.consensus).toEqual([130, 50, 0]);
    expect(r.cumulative.sales).toEqual([120, 50, 10]);
  });
});

describe("a forecast run with a global model", () => {
  it("trains it once across every series of the run (ridge-global)", async () => {
    const history = (k: number) => ({ item: `I${k}`, location: "S1", labels: [], history: Array.from({ length: 48 }, (_, t) => 10 * k + (t % 12) + t / 10), actuals: [] });
    const params = { name: "g", bucket: "month" as const, horizon: 4, holdoutPeriods: 0, backtestWindows: 0, method: "ridge-global" };
    const all = [history(1), history(2), history(3)];
    const trained = runModels(all as never, params as never).get("ridge-global")!;
    const alone = runModels([all[0]!] as never, params as never).get("ridge-global")!;
    // Different training sets give different models (and not the untrained one of the engine).
    expect(trained).not.toBe(defaultRegistry.get("ridge-global"));
    const a = trained.forecast(Float64Array.from(all[0]!.history), 4, { period: 12, levels: [] }).mean;
    const b = alone.forecast(Float64Array.from(all[0]!.history), 4, { period: 12, levels: [] }).mean;
    expect(Array.from(a)).not.toEqual(Array.from(b));
    // And a run with that method succeeds for every series (too short ones fall back to naive).
    const started = await w.caller("plannerA").forecast.start({ name: "Global", bucket: "week", horizon: 4, holdoutPeriods: 0, backtestWindows: 0, method: "ridge-global" });
    const done = await waitForRun(w.caller("plannerA").runs, started.id);
    expect(done.status).toBe("succeeded");
  });
});

describe("a forecast run", () => {
  it("stores a baseline per item × location with method, bands and backtest accuracy", async () => {
    const series = await w.caller("viewerA").forecast.series({ versionId });
    expect(series).toHaveLength(4); // 2 items × 2 stores
    const wb = await w.caller("viewerA").forecast.workbench({ versionId, item: "I2", location: "S1" });
    expect(wb.baseline).toHaveLength(4);
    expect(wb.version.periods).toHaveLength(4);
    expect(wb.history.values.length).toBe(wb.history.labels.length);
    expect(wb.method.length).toBeGreaterThan(0);
    // Interval bands bracket the forecast.
    wb.baseline.forEach((m, i) => {
      expect(wb.bands.lower95[i]!).toBeLessThanOrEqual(m + 1e-9);
      expect(wb.bands.upper95[i]!).toBeGreaterThanOrEqual(m - 1e-9);
    });
    expect(wb.actuals).toHaveLength(2); // the two held-out weeks
    // The history the model saw sums to the daily demand of its complete weeks.
    expect(wb.history.values.every((v) => v >= 0)).toBe(true);
  });

  it("a sales override changes the consensus by exactly that amount, audited; value added is measured", async () => {
    const before = await w.caller("plannerA").forecast.workbench({ versionId, item: "I2", location: "S1" });
    const after = await w.caller("plannerA").forecast.adjust({ versionId, item: "I2", location: "S1", layer: "sales", period: 0, kind: "absolute", value: 25, comment: "promo" });
    expect(after.consensus[0]).toBeCloseTo(before.baseline[0]! + 25, 6);
    expect(after.consensus[1]).toBeCloseTo(before.baseline[1]!, 6);
    expect(after.fva?.map((f) => f.layer)).toEqual(["baseline", "sales", "marketing", "finance"]);
    const audit = await w.owner.db.auditEvent.findFirst({ where: { entity: "forecastAdjustment" } });
    expect(audit?.actorId).toBe(w.users.plannerA);
  });

  it("layers belong to roles: a planner cannot touch finance, a viewer nothing", async () => {
    const adj = { versionId, item: "I2", location: "S1", period: 1, kind: "percent" as const, value: 10 };
    await expect(w.caller("plannerA").forecast.adjust({ ...adj, layer: "finance" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(w.caller("viewerA").forecast.adjust({ ...adj, layer: "sales" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const ok = await w.caller("approverA").forecast.adjust({ ...adj, layer: "finance" });
    expect(ok.consensus[1]).toBeCloseTo(ok.baseline[1]! * 1.1, 6);
  });

  it("bad adjustments are refused with the field named", async () => {
    await expect(
      w.caller("plannerA").forecast.adjust({ versionId, item: "I2", location: "S1", layer: "sales", period: 99, kind: "absolute", value: 1 }),
    ).rejects.toThrow(/period must be below 4/);
  });

  it("a frozen version is immutable; only approvers freeze", async () => {
    await expect(w.caller("plannerA").forecast.freeze({ versionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await w.caller("approverA").forecast.freeze({ versionId });
    await expect(
      w.caller("plannerA").forecast.adjust({ versionId, item: "I2", location: "S1", layer: "sales", period: 0, kind: "absolute", value: 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("forecast value added against later actuals", () => {
  it("labels map to their first days (ISO weeks, months)", () => {
    expect(periodStart("week", "2026-W01")).toBe("2025-12-29");
    expect(periodStart("week", "2020-W53")).toBe("2020-12-28");
    expect(periodStart("week", "2026-W10")).toBe("2026-03-02");
    expect(periodStart("month", "2026-02")).toBe("2026-02-01");
  });

  it("actuals imported after a forecast count, period by fully covered period, and value added appears", async () => {
    // No hold-out: the forecast periods lie after the history, so there is nothing to compare yet.
    const started = await w.caller("plannerA").forecast.start({ name: "Future", bucket: "week", horizon: 3, holdoutPeriods: 0, backtestWindows: 0 });
    expect((await waitForRun(w.caller("plannerA").runs, started.id)).status).toBe("succeeded");
    const v = await w.owner.db.forecastVersion.findUniqueOrThrow({ where: { runId: started.id } });
    const key = { versionId: v.id, item: "I2", location: "S1" };
    const before = await w.caller("plannerA").forecast.workbench(key);
    expect([before.actuals, before.fva]).toEqual([null, null]);
    await w.caller("plannerA").forecast.adjust({ ...key, layer: "sales", period: 0, kind: "absolute", value: 3 });

    // Demand arrives for the first period and a half: 10 a day.
    const periods = before.version.periods;
    const first = Date.parse(periodStart("week", periods[0]!) + "T00:00:00Z");
    const [item, location] = await Promise.all([
      w.owner.db.item.findFirstOrThrow({ where: { tenantId: w.tenantA, sku: "I2" } }),
      w.owner.db.location.findFirstOrThrow({ where: { tenantId: w.tenantA, code: "S1" } }),
    ]);
    await w.owner.db.demandHistory.createMany({
      data: Array.from({ length: 10 }, (_, d) => ({ tenantId: w.tenantA, itemId: item.id, locationId: location.id, date: new Date(first + d * 86_400_000), quantity: 10 })),
      skipDuplicates: true,
    });
    const after = await w.caller("plannerA").forecast.workbench(key);
    // Only the fully covered first week counts; the half-covered second does not.
    expect(after.actuals).toEqual([70]);
    expect(after.fva?.map((f) => f.layer)).toEqual(["baseline", "sales", "marketing", "finance"]);
    const wapeOf = (f: number) => Math.abs(70 - f) / 70;
    expect(after.fva![0]!.wape).toBeCloseTo(wapeOf(after.baseline[0]!), 9);
    expect(after.fva![1]!.wape).toBeCloseTo(wapeOf(after.baseline[0]! + 3), 9);
  });
});
