/**
 * Simulates a run's network in the background: mark running → one step per replication (the
 * engine advances in chunks, reporting progress and honouring cancellation between chunks; the
 * first replication persists the full results) → finalise the KPIs. Step results are small
 * summaries; resumed after a crash, completed replications are not redone.
 */
import { withTenant } from "../../server/db/tenant.ts";
import { appDb } from "../../server/db/client.ts";
import { CancelledError, PermanentError, type FunctionDefinition } from "../../server/jobs/types.ts";
import { getArtifact, putArtifact, putChunk, putChunks } from "../../server/services/artifacts.ts";
import {
  SERIES_NAMES, advance, compileModel, createRun, finish,
  type Kpis, type ProfitAndLoss, type SimulationModel, type SimulationResult,
} from "../../server/engine/sim/index.ts";
import { ZRunEvent, encodeProgress, type TRunEvent } from "../../schemas/runs.ts";
import { EVENTS } from "../events.ts";
import { markFailed, markRunning, markSucceeded } from "./lifecycle.ts";
import { NODE_TOTALS_IN_JOB_NODE_DAYS, costRecordsOf, nodeTotalsOf } from "../../server/services/cost-drill.ts";

type Summary = { kpis: Kpis; pnl: ProfitAndLoss };

/** The database the function uses; tests point it at their own. */
let dbProvider = appDb;
export function useDatabase(provider: typeof appDb) {
  dbProvider = provider;
}

/**
 * Time between progress reports (and cancellation checks). The engine runs in chunks of days
 * sized from the speed of the chunks before, so that a chunk takes about this long: a fixed
 * share of the horizon would report too rarely on slow runs, and on fast ones cut the engine's
 * multi-day tiles short for nothing.
 */
const PROGRESS_EVERY_MS = 250;
/** Days in the first chunk, before the speed is known. */
const FIRST_CHUNK_DAYS = 8;
/**
 * Runs up to this many SKU-node-days keep per-node daily results (the CSV download) and the
 * record-level cost trace; larger ones keep network series, KPIs and cost summaries only
 * (per-node detail would be gigabytes: 100,000 nodes × 365 days is 36.5 million rows), and their
 * cost drill-down re-simulates what it shows (services/cost-drill.ts).
 */
export const DETAIL_LIMIT_NODE_DAYS = 2_000_000;
let detailLimit = DETAIL_LIMIT_NODE_DAYS;
/** Tests lower the limit to take the large-run path on small networks. */
export function useDetailLimit(nodeDays: number) {
  detailLimit = nodeDays;
}
let nodeTotalsLimit = NODE_TOTALS_IN_JOB_NODE_DAYS;
/** Tests lower the size above which the job stores per-node cost totals itself. */
export function useNodeTotalsLimit(nodeDays: number) {
  nodeTotalsLimit = nodeDays;
}
/** SKU-nodes per CSV chunk of the daily results (bounded memory when streaming). */
const NODES_PER_CSV_CHUNK = 200;

async function tenantTx<T>(data: TRunEvent, fn: Parameters<typeof withTenant<T>>[2]) {
  return withTenant(await dbProvider(), { tenantId: data.tenantId, userId: data.requestedBy }, fn);
}

async function start(data: TRunEvent) {
  return tenantTx(data, async (tx) => {
    const run = await markRunning(tx, data.runId, encodeProgress("starting"));
    return { replications: Number((run.params as { replications?: number }).replications ?? 1) };
  });
}

async function reportProgress(data: TRunEvent, progress: number, message: string) {
  const status = await tenantTx(data, async (tx) => {
    const run = await tx.run.findUnique({ where: { id: data.runId }, select: { status: true } });
    if (run?.status === "running") {
      await tx.run.update({ where: { id: data.runId }, data: { progress: Math.min(99, Math.round(progress)), progressMessage: message } });
    }
    return run?.status;
  });
  if (status === "cancelled") throw new CancelledError();
}

/** The daily per-node CSV, one bounded chunk at a time. */
function* dailyCsvChunks(r: SimulationResult): Generator<string> {
  const ns = r.nodeSeries;
  if (!ns) return;
  const cols = ["onHand", "receipts", "shipments", "demand", "sales", "lostSales", "backorders", "ordered"] as const;
  const header = `date,location,item,${cols.join(",")}\n`;
  const start = Date.parse(r.startDate + "T00:00:00Z");
  const dates = Array.from({ length: r.days }, (_, d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  for (let first = 0; first < r.nodes.count; first += NODES_PER_CSV_CHUNK) {
    const lines: string[] = first === 0 ? [header] : [];
    for (let n = first; n < Math.min(r.nodes.count, first + NODES_PER_CSV_CHUNK); n++) {
      if (r.nodes.isSupplier[n]) continue;
      const loc = r.locationIds[r.nodes.location[n]!]!;
      const item = r.itemIds[r.nodes.item[n]!]!;
      for (let d = 0; d < r.days; d++) {
        const i = n * r.days + d;
        lines.push(`${dates[d]},${loc},${item},${cols.map((c) => +ns[c][i]!.toFixed(4)).join(",")}\n`);
      }
    }
    yield lines.join("");
  }
}

async function persistResults(data: TRunEvent, r: SimulationResult) {
  const network = Object.fromEntries(SERIES_NAMES.map((n) => [n, Array.from(r.series.network[n])]));
  await tenantTx(data, async (tx) => {
    await putArtifact(tx, data.runId, "series", { startDate: r.startDate, days: r.days, network });
    await putArtifact(tx, data.runId, "costs", costRecordsOf(r));
    if (!r.trace && r.nodes.count * r.days > nodeTotalsLimit) await putArtifact(tx, data.runId, "node-costs", nodeTotalsOf(r));
    await putArtifact(tx, data.runId, "summary", { kpis: r.kpis, pnl: r.pnl, costSummary: r.costSummary, kpisByLocation: r.kpisByLocation.map((k, i) => ({ location: r.locationIds[i], ...k })) });
  }, );
  // The daily CSV can be large: one chunk in memory and one short transaction at a time.
  await tenantTx(data, (tx) => putChunks(tx, data.runId, "daily-csv", []));
  let index = 0;
  for (const text of dailyCsvChunks(r)) {
    const chunk = index++;
    await tenantTx(data, (tx) => putChunk(tx, data.runId, "daily-csv", chunk, text));
  }
}

async function replication(data: TRunEvent, index: number, of: number): Promise<Summary> {
  const model = await tenantTx(data, (tx) => getArtifact<SimulationModel>(tx, data.runId, "input"));
  if (!model) throw new PermanentError("The run's input is missing", "INPUT_MISSING");
  // Detail (trace, per-node series) only where it is kept: the first replication of a run small
  // enough (see DETAIL_LIMIT_NODE_DAYS). Other replications only contribute KPIs.
  const detailed = index === 0 && model.policies.length * model.horizonDays <= detailLimit;
  let compiled;
  try {
    compiled = compileModel({ ...model, options: { ...model.options, trace: detailed ? (model.options?.trace ?? true) : false, nodeSeries: detailed } });
  } catch (e) {
    throw new PermanentError(`The network cannot be simulated: ${(e as Error).message}`.slice(0, 500), "INVALID_MODEL");
  }
  const run = createRun(compiled, { replication: index });
  let chunk = FIRST_CHUNK_DAYS;
  let done = 0;
  while (done < compiled.days) {
    const started = performance.now();
    const before = done;
    done = advance(run, chunk);
    const msPerDay = Math.max(1e-3, (performance.now() - started) / (done - before));
    chunk = Math.max(1, Math.round(PROGRESS_EVERY_MS / msPerDay));
    const share = (index + done / compiled.days) / of;
    await reportProgress(data, 2 + share * 95, encodeProgress("replication", { index: index + 1, of, day: done, days: compiled.days }));
  }
  const result = finish(run);
  if (index === 0) await persistResults(data, result);
  return { kpis: result.kpis, pnl: result.pnl };
}

/** Mean and 95% confidence interval (Student t) of each numeric field over replications. */
function meanAndInterval(samples: Record<string, number>[]) {
  const n = samples.length;
  const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];
  const t = n - 1 < T975.length ? T975[n - 1]! : 1.96 + 2.4 / (n - 1);
  const mean: Record<string, number> = {};
  const ci: Record<string, [number, number]> = {};
  for (const key of Object.keys(samples[0] ?? {})) {
    const xs = samples.map((s) => s[key]!);
    const m = xs.reduce((a, b) => a + b, 0) / n;
    mean[key] = m;
    if (n > 1) {
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
      const half = (t * sd) / Math.sqrt(n);
      ci[key] = [m - half, m + half];
    }
  }
  return { mean, ci };
}

async function finalise(data: TRunEvent, results: Summary[]) {
  const kpis = meanAndInterval(results.map((r) => r.kpis as unknown as Record<string, number>));
  const pnl = meanAndInterval(results.map((r) => r.pnl as unknown as Record<string, number>));
  return tenantTx(data, (tx) =>
    markSucceeded(tx, data.runId, "simulate", { replications: results.length, kpis: kpis.mean, kpisCi: kpis.ci, pnl: pnl.mean, pnlCi: pnl.ci }));
}

export const simulateRunFunction: FunctionDefinition<TRunEvent> = {
  id: "simulate-run",
  event: EVENTS.simulateRun,
  schema: ZRunEvent,
  retries: 3,
  async handler({ event, step }) {
    const data = ZRunEvent.parse(event.data);
    const { replications } = await step.run("start", () => start(data));
    const results: Summary[] = [];
    for (let r = 0; r < replications; r++) {
      results.push(await step.run(`replication-${r}`, () => replication(data, r, replications)));
    }
    return step.run("finalise", () => finalise(data, results));
  },
  async onFailure({ data, error }) {
    await tenantTx(data, (tx) => markFailed(tx, data.runId, "simulate", error));
  },
};
