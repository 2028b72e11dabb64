/**
 * Forecasts every item × location of the tenant (or a filter) in the background: start → one
 * step per batch of series (forecasts stored per series in the run's forecast version, progress
 * between batches) → finalise with accuracy figures. Re-running a batch replaces its rows.
 */
import { withTenant } from "../../server/db/tenant.ts";
import { appDb } from "../../server/db/client.ts";
import { CancelledError, PermanentError, type FunctionDefinition } from "../../server/jobs/types.ts";
import { bucketedHistory, forecastOne, runModels } from "../../server/services/consensus.ts";
import { AppError } from "../../server/errors.ts";
import { ZForecastParams } from "../../schemas/consensus.ts";
import { ZRunEvent, encodeProgress, type TRunEvent } from "../../schemas/runs.ts";
import { EVENTS } from "../events.ts";
import { markFailed, markRunning, markSucceeded, storedParams } from "./lifecycle.ts";

const BATCH = 40;

let dbProvider = appDb;
export function useForecastDatabase(provider: typeof appDb) {
  dbProvider = provider;
}

async function tx<T>(data: TRunEvent, fn: Parameters<typeof withTenant<T>>[2]) {
  return withTenant(await dbProvider(), { tenantId: data.tenantId, userId: data.requestedBy }, fn, { timeoutMs: 120_000 });
}

async function load(data: TRunEvent) {
  return tx(data, async (db) => {
    const run = await db.run.findUnique({ where: { id: data.runId }, select: { params: true, status: true, name: true } });
    if (!run) throw new PermanentError("The run no longer exists", "RUN_NOT_FOUND");
    if (run.status === "cancelled") throw new CancelledError();
    const params = storedParams(ZForecastParams, run.params);
    try {
      return { params, name: run.name, ...(await bucketedHistory(db, params)) };
    } catch (e) {
      if (e instanceof AppError) throw new PermanentError(e.message, "INVALID_INPUT");
      throw e;
    }
  });
}

export const forecastRunFunction: FunctionDefinition<TRunEvent> = {
  id: "forecast-run",
  event: EVENTS.forecastRun,
  schema: ZRunEvent,
  retries: 2,
  async handler({ event, step }) {
    const data = ZRunEvent.parse(event.data);
    const { count } = await step.run("start", async () => {
      const { series, periods, params, name } = await load(data);
      return tx(data, async (db) => {
        await markRunning(db, data.runId, encodeProgress("forecasting", { count: series.length }));
        await db.forecastVersion.upsert({
          where: { runId: data.runId },
          create: { runId: data.runId, name, bucket: params.bucket, periods },
          update: {},
        });
        return { count: series.length };
      });
    });
    const accuracy: { mase: number | null; wape: number | null; method: string }[] = [];
    for (let first = 0; first < count; first += BATCH) {
      const batch = await step.run(`series-${first}`, async () => {
        // Each step re-reads the history (steps may run in another process after a restart).
        const { series, params } = await load(data);
        const models = runModels(series, params);
        const results = series.slice(first, first + BATCH).map((s) => forecastOne(s, params, models));
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
    return step.run("finalise", () => tx(data, (db) => markSucceeded(db, data.runId, "forecast", kpis)));
  },
  async onFailure({ data, error }) {
    await tx(data, (db) => markFailed(db, data.runId, "forecast", error));
  },
};
