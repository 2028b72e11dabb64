/**
 * Forecasts every item × location of the tenant (or a filter) in the background: start → one
 * step per batch of series (forecasts stored per series in the run's forecast version, progress
 * between batches) → finalise with accuracy figures. Re-running a batch replaces its rows.
 *
 * The start step reads the demand history once and stores it, bucketed and cut into the batches,
 * with what the global models learnt from all of it, as run artifacts. Each batch step reads only
 * its own slice and the models (steps may run in another process after a restart): no batch
 * re-reads the whole history, and every batch forecasts the history as it was when the run
 * started, even if demand is imported meanwhile. Finalise removes the snapshot.
 */
import { withTenant, type TenantDb } from "../../server/db/tenant.ts";
import { appDb } from "../../server/db/client.ts";
import { CancelledError, PermanentError, type FunctionDefinition } from "../../server/jobs/types.ts";
import { bucketedHistory, forecastOne, runModels, type BucketedSeries } from "../../server/services/consensus.ts";
import { getArtifact, getChunk, putArtifact, putChunks } from "../../server/services/artifacts.ts";
import { restoreTrainedModels, trainedModelStates } from "../../server/engine/forecast/index.ts";
import { AppError } from "../../server/errors.ts";
import { ZForecastParams } from "../../schemas/consensus.ts";
import { ZRunEvent, encodeProgress, type TRunEvent } from "../../schemas/runs.ts";
import { EVENTS } from "../events.ts";
import { markFailed, markRunning, markSucceeded, storedParams } from "./lifecycle.ts";

const BATCH = 40;
/** Run artifacts of the snapshot: the bucketed series (one chunk per batch) and the trained global models. */
const SERIES_SNAPSHOT = "forecast-series";
const MODELS_SNAPSHOT = "forecast-models";

let dbProvider = appDb;
export function useForecastDatabase(provider: typeof appDb) {
  dbProvider = provider;
}

async function tx<T>(data: TRunEvent, fn: Parameters<typeof withTenant<T>>[2]) {
  return withTenant(await dbProvider(), { tenantId: data.tenantId, userId: data.requestedBy }, fn, { timeoutMs: 120_000 });
}

async function runParams(db: TenantDb, data: TRunEvent) {
  const run = await db.run.findUnique({ where: { id: data.runId }, select: { params: true, status: true, name: true } });
  if (!run) throw new PermanentError("The run no longer exists", "RUN_NOT_FOUND");
  if (run.status === "cancelled") throw new CancelledError();
  return { params: storedParams(ZForecastParams, run.params), name: run.name };
}

/**
 * Reads and buckets the history, trains the global models, and stores both as the run's snapshot.
 * Training runs between the read and the write, outside any transaction (it can take long).
 */
async function start(data: TRunEvent) {
  const { params, name, series, periods } = await tx(data, async (db) => {
    const run = await runParams(db, data);
    return { ...run, ...(await readHistory(db, run.params)) };
  });
  const models = trainedModelStates(runModels(series, params));
  const batches: string[] = [];
  for (let first = 0; first < series.length; first += BATCH) batches.push(JSON.stringify(series.slice(first, first + BATCH)));
  return tx(data, async (db) => {
    // Cancelled meanwhile: markRunning stops before anything is kept.
    await markRunning(db, data.runId, encodeProgress("forecasting", { count: series.length }));
    await putChunks(db, data.runId, SERIES_SNAPSHOT, batches);
    await putArtifact(db, data.runId, MODELS_SNAPSHOT, models);
    // A retried start (its result lost) may see newer history: the version takes its periods.
    await db.forecastVersion.upsert({
      where: { runId: data.runId },
      create: { runId: data.runId, name, bucket: params.bucket, periods },
      update: { bucket: params.bucket, periods },
    });
    return { count: series.length };
  });
}

async function readHistory(db: TenantDb, params: Parameters<typeof bucketedHistory>[1]) {
  try {
    return await bucketedHistory(db, params);
  } catch (e) {
    if (e instanceof AppError) throw new PermanentError(e.message, "INVALID_INPUT");
    throw e;
  }
}

/** The batch starting at series `first`, from the snapshot, with the models trained at the start. */
async function loadBatch(data: TRunEvent, first: number) {
  return tx(data, async (db) => {
    const { params } = await runParams(db, data);
    const text = await getChunk(db, data.runId, SERIES_SNAPSHOT, first / BATCH);
    const states = await getArtifact<Record<string, unknown>>(db, data.runId, MODELS_SNAPSHOT);
    if (text === null || states === null) {
      // No snapshot: cancelled since `runParams` read the run (a cancel drops it), or a run started
      // by a version of the app that kept none, which reads the history as it did.
      await runParams(db, data);
      const { series } = await readHistory(db, params);
      return { params, series: series.slice(first, first + BATCH), models: runModels(series, params) };
    }
    let models;
    try {
      models = restoreTrainedModels(states);
    } catch (e) {
      throw new PermanentError(`The run's trained models cannot be read: ${(e as Error).message}`, "INVALID_INPUT");
    }
    return { params, series: JSON.parse(text) as BucketedSeries[], models };
  });
}

/** Removes a forecast run's snapshot (done with it, failed, or cancelled: see runs.cancelRun). */
export async function dropForecastSnapshot(db: TenantDb, runId: string) {
  await putChunks(db, runId, SERIES_SNAPSHOT, []);
  await putChunks(db, runId, MODELS_SNAPSHOT, []);
}

export const forecastRunFunction: FunctionDefinition<TRunEvent> = {
  id: "forecast-run",
  event: EVENTS.forecastRun,
  schema: ZRunEvent,
  retries: 2,
  async handler({ event, step }) {
    const data = ZRunEvent.parse(event.data);
    const { count } = await step.run("start", () => start(data));
    const accuracy: { mase: number | null; wape: number | null; method: string }[] = [];
    for (let first = 0; first < count; first += BATCH) {
      const batch = await step.run(`series-${first}`, async () => {
        const { series, params, models } = await loadBatch(data, first);
        const results = series.map((s) => forecastOne(s, params, models));
        await tx(data, async (db) => {
          const v = await db.forecastVersion.findUniqueOrThrow({ where: { runId: data.runId }, select: { id: true } });
          await db.forecastSeries.deleteMany({ where: { versionId: v.id, OR: results.map((r) => ({ item: r.item, location: r.location })) } });
          await db.forecastSeries.createMany({
            data: results.map((r) => ({
              versionId: v.id, item: r.item, location: r.location, method: r.method, spec: r.spec, history: r.history,
              fitted: r.fitted, baseline: r.baseline, bands: r.bands, backtest: r.backtest ?? undefined, candidates: r.candidates,
              actuals: r.actuals ?? undefined,
            })),
          });
          const status = await db.run.findUniqueOrThrow({ where: { id: data.runId }, select: { status: true } });
          if (status.status === "cancelled") throw new CancelledError();
          const done = Math.min(count, first + BATCH);
          await db.run.update({ where: { id: data.runId }, data: { progress: Math.round(2 + (95 * done) / count), progressMessage: encodeProgress("forecastSeries", { done, count }) } });
        });
        return results.map((r) => ({
          method: r.method,
          mase: (r.backtest as { mase?: number } | null)?.mase ?? null,
          wape: (r.backtest as { wape?: number } | null)?.wape ?? null,
        }));
      });
      accuracy.push(...batch);
    }
    const finite = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
    const methods: Record<string, number> = {};
    for (const a of accuracy) methods[a.method] = (methods[a.method] ?? 0) + 1;
    const kpis = {
      kpis: { series: accuracy.length, meanMase: mean(finite(accuracy.map((a) => a.mase))), meanWape: mean(finite(accuracy.map((a) => a.wape))) },
      methods,
    };
    return step.run("finalise", () => tx(data, async (db) => {
      await dropForecastSnapshot(db, data.runId);
      return markSucceeded(db, data.runId, "forecast", kpis);
    }));
  },
  async onFailure({ data, error }) {
    await tx(data, async (db) => {
      await dropForecastSnapshot(db, data.runId);
      await markFailed(db, data.runId, "forecast", error);
    });
  },
};
