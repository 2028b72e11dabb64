/**
 * `scp simulate`: runs the daily supply-chain simulation on one document (network + policies +
 * demand + horizon + seed + bucket) and prints KPIs, P&L, the network series aggregated into
 * day / ISO-week / month buckets, and the cost-trace summary. Schema errors and semantic errors
 * (unknown ids, cycles, missing sources …) exit 1, each naming the JSON path of the bad value.
 */
import type { Command } from "../scp.ts";
import { jsonPath, parseInput } from "../validate.ts";
import { simulationRequestSchema } from "../../schemas/simulation.ts";
import { aggregate, createTimeBuckets, tryParseIsoDate } from "../../server/engine/buckets/index.ts";
import {
  SERIES_NAMES,
  SimulationModelError,
  compileModel,
  countCosts,
  seriesAggregation,
  simulate,
  type CompiledModel,
  type CostType,
} from "../../server/engine/sim/index.ts";

/** Rounds away float noise (0.30000000000000004) so output stays readable; keeps 12 significant digits. */
function tidy(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

function tidyRecord<T extends object>(record: T): Record<keyof T, number> {
  const out = {} as Record<keyof T, number>;
  for (const [k, v] of Object.entries(record)) out[k as keyof T] = tidy(v as number);
  return out;
}

export const run: Command = (input) => {
  const parsed = parseInput(simulationRequestSchema, input);
  if (!parsed.ok) return { output: { errors: parsed.errors }, exitCode: 1 };
  const request = parsed.value;
  if (request.startDate !== undefined && tryParseIsoDate(request.startDate) === undefined) {
    return { output: { errors: [{ path: "$.startDate", message: "is not a real calendar date" }] }, exitCode: 1 };
  }
  let compiled: CompiledModel;
  try {
    compiled = compileModel(request);
  } catch (e) {
    if (e instanceof SimulationModelError) {
      return { output: { errors: e.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) }, exitCode: 1 };
    }
    throw e;
  }
  const result = simulate(compiled);
  const buckets = createTimeBuckets(request.bucket, compiled.startDate, compiled.days);
  const series: Record<string, number[]> = {};
  for (const name of SERIES_NAMES) {
    series[name] = Array.from(aggregate(result.series.network[name], buckets, seriesAggregation(name)), tidy);
  }
  const summary = result.costSummary;
  const byType = (c: Readonly<Record<CostType, number>>) => tidyRecord(c);
  return {
    output: {
      horizon: {
        startDate: compiled.startDate,
        days: compiled.days,
        warmupDays: compiled.warmupDays,
        seed: compiled.seed,
        skuNodes: compiled.stockNodeCount,
      },
      kpis: tidyRecord(result.kpis),
      kpisByLocation: Object.fromEntries(result.locationIds.map((id, l) => [id, tidyRecord(result.kpisByLocation[l])])),
      pnl: tidyRecord(result.pnl),
      series: {
        bucket: request.bucket,
        labels: buckets.labels,
        firstDates: buckets.firstDates,
        aggregation: Object.fromEntries(SERIES_NAMES.map((n) => [n, seriesAggregation(n)])),
        network: series,
      },
      costSummary: {
        total: tidy(summary.total),
        byType: byType(summary.byType),
        byLocation: summary.byLocation.map((l) => ({ locationId: l.locationId, total: tidy(l.total), byType: byType(l.byType) })),
        byItem: summary.byItem.map((i) => ({ itemId: i.itemId, total: tidy(i.total), byType: byType(i.byType) })),
      },
      ...(result.trace && result.orders ? { trace: { entries: countCosts(result.trace, result.orders), orderLines: result.orders.length } } : {}),
    },
    exitCode: 0,
  };
};
