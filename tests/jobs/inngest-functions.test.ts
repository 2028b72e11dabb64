/**
 * The forecast and inventory functions as Inngest runs them (@inngest/test drives the real
 * Inngest function objects built by toInngestFunction, steps and all) against a real PostgreSQL.
 * The run and its job are created by the real procedures (forecast.start / inventory.start); the
 * job's event is then executed through Inngest instead of the embedded runner. Checked: the run
 * succeeds with its results stored, step results stay small (the large data is persisted inside
 * the steps), and a run whose input is gone fails cleanly, with a message on the run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedSmallNetwork } from "../support/network.ts";
import { toInngestFunction } from "../../src/inngest/functions/index.ts";
import { forecastRunFunction, useForecastDatabase } from "../../src/inngest/functions/forecast-run.ts";
import { inventoryRunFunction, useInventoryDatabase } from "../../src/inngest/functions/inventory-run.ts";
import type { FunctionDefinition } from "../../src/server/jobs/types.ts";
import type { TRunEvent } from "../../src/schemas/runs.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
  await seedSmallNetwork(w.owner.db, w.tenantA);
  useForecastDatabase(async () => w.app.db);
  useInventoryDatabase(async () => w.app.db);
});
afterAll(async () => {
  await w?.close();
});

type JobEvent = { name: string; data: TRunEvent };

/** The event of the job that the start procedure queued with the run (never run by a runner here). */
async function queuedEvent(runId: string, def: FunctionDefinition<TRunEvent>): Promise<JobEvent> {
  const job = await w.owner.db.job.findFirstOrThrow({ where: { event: { path: ["data", "runId"], equals: runId } } });
  expect(job.functionId).toBe(def.id);
  expect(job.status).toBe("queued");
  const event = job.event as JobEvent;
  expect(event.name).toBe(def.event);
  expect(event.data).toEqual({ tenantId: w.tenantA, runId, requestedBy: w.users.plannerA });
  return event;
}

async function execute(def: FunctionDefinition<TRunEvent>, event: JobEvent) {
  const fn = toInngestFunction(def);
  const t = new InngestTestEngine({ function: fn, events: [event] as never });
  const out = await t.execute();
  const mock = out.ctx.step.run as unknown as { mock: { calls: unknown[][] } };
  const stepIds = mock.mock.calls.map((c) => c[0] as string);
  const stepOutputs = await Promise.all(Object.values(out.state));
  return { ...out, fn, stepIds, stepOutputs };
}

/**
 * What Inngest does when a function gives up: it calls the function's onFailure handler (the one
 * toInngestFunction registers) with an inngest/function.failed event wrapping the original
 * event, and the error deserialised from the failed step (a plain Error: classes are lost).
 */
async function inngestOnFailure(fn: ReturnType<typeof toInngestFunction>, event: JobEvent, failure: unknown) {
  const f = failure as { name?: string; message?: string };
  const error = Object.assign(new Error(f.message ?? String(failure)), { name: f.name ?? "Error" });
  const onFailure = (fn as unknown as { onFailureFn?: (ctx: unknown) => Promise<unknown> }).onFailureFn;
  expect(onFailure).toBeTypeOf("function");
  await onFailure!({
    event: { name: "inngest/function.failed", data: { function_id: fn.id(), run_id: "test-run", error: failure, event } },
    error,
  });
}

const LARGE_KEYS = new Set(["history", "fitted", "baseline", "bands", "candidates", "actuals", "rows", "recommendations", "network", "series"]);

/** A step result that is a summary: a few hundred bytes, no stored data structures, short arrays. */
function expectSmall(value: unknown, maxArray: number) {
  expect(JSON.stringify(value ?? null).length).toBeLessThan(4096);
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      expect(v.length, `array at ${path}`).toBeLessThanOrEqual(maxArray);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        expect(LARGE_KEYS.has(k), `key ${path}.${k}`).toBe(false);
        walk(x, `${path}.${k}`);
      }
    }
  };
  walk(value, "$");
}

/** Deletes rows for the duration of `fn`, then puts them back (so later tests see the network). */
async function withoutDemandHistory<T>(fn: () => Promise<T>): Promise<T> {
  const rows = await w.owner.db.demandHistory.findMany({ where: { tenantId: w.tenantA } });
  await w.owner.db.demandHistory.deleteMany({ where: { tenantId: w.tenantA } });
  try {
    return await fn();
  } finally {
    await w.owner.db.demandHistory.createMany({ data: rows });
  }
}

async function withoutPolicies<T>(fn: () => Promise<T>): Promise<T> {
  const rows = await w.owner.db.inventoryPolicy.findMany({ where: { tenantId: w.tenantA } });
  await w.owner.db.inventoryPolicy.deleteMany({ where: { tenantId: w.tenantA } });
  try {
    return await fn();
  } finally {
    await w.owner.db.inventoryPolicy.createMany({ data: rows });
  }
}

const run = (id: string) => w.owner.db.run.findUnique({ where: { id } });

function expectPeopleMessage(message: string | null | undefined, pattern: RegExp) {
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(/\n/);
  expect(message).not.toMatch(/\s+at \S+:\d+/);
}

describe("forecast-run (Inngest)", () => {
  const startForecast = (name: string) =>
    w.caller("plannerA").forecast.start({ name, bucket: "week", horizon: 4, holdoutPeriods: 2, backtestWindows: 2 });

  it("runs start → one step per batch → finalise; the run succeeds with its version and series stored", async () => {
    const started = await startForecast("Weekly (Inngest)");
    expect(started.status).toBe("queued");
    const event = await queuedEvent(started.id, forecastRunFunction);

    const { result, error, stepIds, stepOutputs } = await execute(forecastRunFunction, event);
    expect(error).toBeUndefined();
    expect(result).toEqual({ durationMs: expect.any(Number) });
    // 4 series (2 items × 2 stores) fit in one batch.
    expect(stepIds).toEqual(["start", "series-0", "finalise"]);

    const done = (await run(started.id))!;
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(100);
    expect(done.finishedAt).not.toBeNull();
    expect(done.errorMessage).toBeNull();
    const kpis = done.kpis as { kpis: { series: number }; methods: Record<string, number> };
    expect(kpis.kpis.series).toBe(4);
    expect(Object.values(kpis.methods).reduce((a, b) => a + b, 0)).toBe(4);

    const version = await w.owner.db.forecastVersion.findUniqueOrThrow({ where: { runId: started.id } });
    expect(version.tenantId).toBe(w.tenantA);
    expect(version.bucket).toBe("week");
    expect(version.periods).toHaveLength(4);
    const series = await w.owner.db.forecastSeries.findMany({ where: { versionId: version.id } });
    // One series per item × store with demand (the network's 2 items × 2 stores), once each.
    const skus = (await w.owner.db.item.findMany({ where: { tenantId: w.tenantA }, select: { sku: true } })).map((i) => i.sku);
    const expected = skus.flatMap((sku) => ["S1", "S2"].map((loc) => `${sku}@${loc}`)).sort();
    expect(series.map((s) => `${s.item}@${s.location}`).sort()).toEqual(expected);
    for (const s of series) {
      expect(s.baseline as number[]).toHaveLength(4);
      expect((s.baseline as number[]).every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
      expect(s.method.length).toBeGreaterThan(0);
    }
    // Visible through the API as well.
    expect(await w.caller("viewerA").forecast.series({ versionId: version.id })).toHaveLength(4);

    // Step results are summaries: a count, one accuracy triple per series, the duration.
    expect(stepOutputs).toHaveLength(3);
    expect(stepOutputs).toContainEqual({ count: 4 });
    for (const out of stepOutputs) expectSmall(out, 40);
    const stored = JSON.stringify(series.map((s) => [s.history, s.fitted, s.baseline, s.bands, s.candidates])).length;
    expect(JSON.stringify(stepOutputs).length * 5).toBeLessThan(stored);
  });

  it("batches forecast the history the start step stored, not a fresh read; finalise removes that snapshot", async () => {
    const baselines = async (runId: string) => {
      const version = await w.owner.db.forecastVersion.findUniqueOrThrow({ where: { runId } });
      const rows = await w.owner.db.forecastSeries.findMany({ where: { versionId: version.id }, orderBy: [{ item: "asc" }, { location: "asc" }] });
      return rows.map((r) => [r.item, r.location, r.method, r.baseline]);
    };
    const reference = await startForecast("Reference");
    expect((await execute(forecastRunFunction, await queuedEvent(reference.id, forecastRunFunction))).error).toBeUndefined();

    const started = await startForecast("Snapshot");
    const event = await queuedEvent(started.id, forecastRunFunction);
    const kinds = async () => (await w.owner.db.runArtifact.findMany({ where: { runId: started.id }, select: { kind: true } })).map((a) => a.kind).sort();
    // Once the start step is done, the demand history is gone before the batches run (as if an
    // import replaced it while the job waited for a worker); each step's result goes through JSON
    // as a runner records it.
    const history = await w.owner.db.demandHistory.findMany({ where: { tenantId: w.tenantA } });
    let snapshot: string[] = [];
    const step = {
      run: async <T,>(id: string, fn: () => Promise<T>): Promise<T> => {
        if (id === "series-0") {
          snapshot = await kinds();
          await w.owner.db.demandHistory.deleteMany({ where: { tenantId: w.tenantA } });
        }
        return JSON.parse(JSON.stringify(await fn())) as T;
      },
    };
    try {
      await forecastRunFunction.handler({ event, step, attempt: 0 });
    } finally {
      await w.owner.db.demandHistory.createMany({ data: history, skipDuplicates: true });
    }
    expect(snapshot).toEqual(["forecast-models", "forecast-series"]);
    expect((await run(started.id))!.status).toBe("succeeded");
    // The same forecasts as a run that read the history itself, and nothing of the snapshot left.
    expect(await baselines(started.id)).toEqual(await baselines(reference.id));
    expect(await kinds()).toEqual([]);

    // A run whose start kept no snapshot (started before snapshots existed) reads the history itself.
    const legacy = await startForecast("No snapshot");
    const legacyEvent = await queuedEvent(legacy.id, forecastRunFunction);
    const dropAfterStart = {
      run: async <T,>(id: string, fn: () => Promise<T>): Promise<T> => {
        const out = JSON.parse(JSON.stringify(await fn())) as T;
        if (id === "start") await w.owner.db.runArtifact.deleteMany({ where: { runId: legacy.id } });
        return out;
      },
    };
    await forecastRunFunction.handler({ event: legacyEvent, step: dropAfterStart, attempt: 0 });
    expect((await run(legacy.id))!.status).toBe("succeeded");
    expect(await baselines(legacy.id)).toEqual(await baselines(reference.id));
  });

  it("a run deleted before it starts fails for good (non-retriable) and onFailure does not throw", async () => {
    const started = await startForecast("Deleted (Inngest)");
    const event = await queuedEvent(started.id, forecastRunFunction);
    await w.owner.db.run.delete({ where: { id: started.id } });

    const { result, error, stepIds, fn } = await execute(forecastRunFunction, event);
    expect(result).toBeUndefined();
    expect(error).toMatchObject({ name: "NonRetriableError", message: "The run no longer exists [RUN_NOT_FOUND]" });
    expect(stepIds).toEqual(["start"]);
    await expect(inngestOnFailure(fn, event, error)).resolves.toBeUndefined();
    // Nothing was (re)created for the missing run.
    expect(await run(started.id)).toBeNull();
    expect(await w.owner.db.forecastVersion.findUnique({ where: { runId: started.id } })).toBeNull();
  });

  it("a run whose demand history is gone fails for good, with a message for people on the run", async () => {
    const started = await startForecast("No history (Inngest)");
    const event = await queuedEvent(started.id, forecastRunFunction);
    const { error, fn } = await withoutDemandHistory(async () => {
      const out = await execute(forecastRunFunction, event);
      // While the run is not failed yet, it is not marked succeeded or running either.
      expect((await run(started.id))!.status).toBe("queued");
      return out;
    });
    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringMatching(/No demand history/) });
    await inngestOnFailure(fn, event, error);
    const failed = (await run(started.id))!;
    expect(failed.status).toBe("failed");
    expect(failed.finishedAt).not.toBeNull();
    expectPeopleMessage(failed.errorMessage, /^No demand history to forecast/);
    expect(await w.owner.db.forecastVersion.findUnique({ where: { runId: started.id } })).toBeNull();
  });

  it("stored params that no longer parse: the step error is reported (not thrown) and onFailure marks the run failed", async () => {
    const started = await startForecast("Bad params (Inngest)");
    const event = await queuedEvent(started.id, forecastRunFunction);
    await w.owner.db.run.update({ where: { id: started.id }, data: { params: { name: "x", bucket: "fortnight" } } });
    const { result, error, fn } = await execute(forecastRunFunction, event);
    expect(result).toBeUndefined();
    expect(error).toBeDefined();
    await inngestOnFailure(fn, event, error);
    const failed = (await run(started.id))!;
    expect(failed.status).toBe("failed");
    // The permanent error's code survives Inngest's rebuilt error.
    expect(failed.errorCode).toBe("INVALID_INPUT");
    expect(failed.errorMessage).toMatch(/^The run's parameters are not valid: bucket/);
  });

  // Stored params that no longer parse are a permanent failure, with a message naming the field.
  it("stored params that no longer parse fail for good, with a readable message", async () => {
    const started = await startForecast("Bad params 2 (Inngest)");
    const event = await queuedEvent(started.id, forecastRunFunction);
    await w.owner.db.run.update({ where: { id: started.id }, data: { params: { name: "x", bucket: "fortnight" } } });
    const { error, fn } = await execute(forecastRunFunction, event);
    await inngestOnFailure(fn, event, error);
    const failed = (await run(started.id))!;
    expect(failed.status).toBe("failed");
    expectPeopleMessage(failed.errorMessage, /bucket/);
    expect(error).toMatchObject({ name: "NonRetriableError" });
  });
});

describe("inventory-run (Inngest)", () => {
  const startInventory = (name: string) =>
    w.caller("plannerA").inventory.start({ name, serviceKind: "cycle", serviceTarget: 0.95 });

  it("runs start → optimise → finalise; the run succeeds with its recommendations stored", async () => {
    const started = await startInventory("CSL 95% (Inngest)");
    expect(started.status).toBe("queued");
    const event = await queuedEvent(started.id, inventoryRunFunction);

    const { result, error, stepIds, stepOutputs } = await execute(inventoryRunFunction, event);
    expect(error).toBeUndefined();
    expect(result).toEqual({ durationMs: expect.any(Number) });
    expect(stepIds).toEqual(["start", "optimise", "finalise"]);

    const done = (await run(started.id))!;
    expect(done.status).toBe("succeeded");
    expect(done.progress).toBe(100);
    const policies = await w.owner.db.inventoryPolicy.count({ where: { tenantId: w.tenantA } });
    expect(policies).toBe(6);
    const kpis = (done.kpis as { kpis: { policies: number; optimised: number; inventoryInvestment: number } }).kpis;
    expect(kpis.policies).toBe(policies);
    expect(kpis.optimised).toBeGreaterThan(0);
    expect(kpis.inventoryInvestment).toBeGreaterThan(0);

    // The recommendations are stored with the run (an artifact) and served from there.
    const artifacts = await w.owner.db.runArtifact.findMany({ where: { runId: started.id }, select: { kind: true, chunk: true, rawBytes: true } });
    expect(artifacts.map((a) => `${a.kind}#${a.chunk}`)).toEqual(["recommendations#0"]);
    const rec = await w.caller("viewerA").inventory.recommendations({ id: started.id });
    expect(rec.rows).toHaveLength(policies);
    const ok = rec.rows.filter((r) => r.status === "ok");
    expect(ok).toHaveLength(kpis.optimised);
    for (const r of ok) expect(r.expectedCycleServiceLevel).toBeGreaterThanOrEqual(0.95 - 1e-9);

    // Step results are summaries (nothing / KPI numbers / the duration), not the recommendations.
    expect(stepOutputs).toHaveLength(3);
    for (const out of stepOutputs) expectSmall(out, 0);
    expect(stepOutputs).toContainEqual(kpis);
    expect(JSON.stringify(stepOutputs).length * 5).toBeLessThan(artifacts[0]!.rawBytes);
  });

  it("a run deleted before it starts fails for good (non-retriable) and onFailure does not throw", async () => {
    const started = await startInventory("Deleted (Inngest)");
    const event = await queuedEvent(started.id, inventoryRunFunction);
    await w.owner.db.run.delete({ where: { id: started.id } });

    const { result, error, stepIds, fn } = await execute(inventoryRunFunction, event);
    expect(result).toBeUndefined();
    expect(error).toMatchObject({ name: "NonRetriableError", message: "The run no longer exists [RUN_NOT_FOUND]" });
    expect(stepIds).toEqual(["start"]);
    await expect(inngestOnFailure(fn, event, error)).resolves.toBeUndefined();
    expect(await run(started.id)).toBeNull();
    expect(await w.owner.db.runArtifact.count({ where: { runId: started.id } })).toBe(0);
  });

  it("a run whose policies are gone fails for good, with a message for people on the run", async () => {
    const started = await startInventory("No policies (Inngest)");
    const event = await queuedEvent(started.id, inventoryRunFunction);
    const { error, fn, stepIds } = await withoutPolicies(() => execute(inventoryRunFunction, event));
    expect(stepIds).toEqual(["start", "optimise"]);
    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringMatching(/No inventory policies/) });
    expect((await run(started.id))!.status).toBe("running"); // the start step marked it; nothing else yet
    await inngestOnFailure(fn, event, error);
    const failed = (await run(started.id))!;
    expect(failed.status).toBe("failed");
    expect(failed.finishedAt).not.toBeNull();
    expectPeopleMessage(failed.errorMessage, /^No inventory policies to optimise/);
    expect(await w.owner.db.runArtifact.count({ where: { runId: started.id } })).toBe(0);
  });

  // Stored params that no longer parse are a permanent failure, with a message naming the field.
  it("stored params that no longer parse fail for good, with a readable message", async () => {
    const started = await startInventory("Bad params (Inngest)");
    const event = await queuedEvent(started.id, inventoryRunFunction);
    await w.owner.db.run.update({ where: { id: started.id }, data: { params: { name: "x", serviceKind: "always" } } });
    const { error, fn } = await execute(inventoryRunFunction, event);
    await inngestOnFailure(fn, event, error);
    const failed = (await run(started.id))!;
    expect(failed.status).toBe("failed");
    expectPeopleMessage(failed.errorMessage, /serviceKind/);
    expect(error).toMatchObject({ name: "NonRetriableError" });
  });
});
