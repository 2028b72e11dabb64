/**
 * The cost drill-down of a simulation run: total by cost type; within a type by location; within a
 * location by item; within an item by day (period); within a day the individual costs with their
 * cause order.
 *
 * A run small enough keeps its cost records (the "costs" artifact the simulate job writes). A
 * larger one is simulated without the trace (see DETAIL_LIMIT_NODE_DAYS), and answers from:
 * - its cost summary, for the type and location levels;
 * - per-SKU-node totals (the "node-costs" artifact): computed from its input on the first look at
 *   a location's items, and kept; the simulate job stores them itself for runs too large to
 *   re-simulate within a request (NODE_TOTALS_IN_JOB_NODE_DAYS);
 * - its item's component re-simulated with the trace, for the day and record levels: exactly the
 *   run's own costs, since a component simulated alone gives its SKU-nodes the results they had
 *   in the whole network (engine/sim/component.ts), in milliseconds.
 */
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import { getArtifact, putArtifactIfAbsent } from "./artifacts.ts";
import {
  COST_TYPES, compileModel, createRun, finish, forEachCost, itemComponent, lineNode, lineQuantity, lineSource,
  type CostSummary, type SimulationModel, type SimulationResult,
} from "../engine/sim/index.ts";

/** Cost records of a run (the engine's trace, with node names), as the simulate function stores them. */
export interface StoredCosts {
  types: string[];
  nodes: { location: string; item: string }[];
  startDate: string;
  node: number[];
  day: number[];
  type: number[];
  cause: number[];
  amount: number[];
  orders: { node: number[]; sourceNode: number[]; day: number[]; quantity: number[] };
}

export interface CostDrillQuery {
  id: string;
  type?: string;
  location?: string;
  item?: string;
  day?: number;
}

type Level = "type" | "location" | "item" | "day" | "record";
type CostRecord = { day: number; amount: number; cause: null | { day: number; quantity: number; from: string | null } };

const levelOf = (q: CostDrillQuery): Level =>
  q.type === undefined ? "type" : q.location === undefined ? "location" : q.item === undefined ? "item" : q.day === undefined ? "day" : "record";

const nodeNames = (r: SimulationResult) =>
  Array.from({ length: r.nodes.count }, (_, n) => ({ location: r.locationIds[r.nodes.location[n]!]!, item: r.itemIds[r.nodes.item[n]!]! }));

/** A result's cost records (none without a trace: then only the types and start date). */
export function costRecordsOf(r: SimulationResult): StoredCosts {
  const costs: StoredCosts = {
    types: [...COST_TYPES], nodes: r.trace ? nodeNames(r) : [], startDate: r.startDate,
    node: [], day: [], type: [], cause: [], amount: [],
    orders: { node: [], sourceNode: [], day: [], quantity: [] },
  };
  if (!r.trace || !r.orders) return costs;
  forEachCost(r.trace, r.orders, (node, day, _span, type, cause, amount) => {
    costs.node.push(node);
    costs.day.push(day);
    costs.type.push(type);
    costs.cause.push(cause);
    costs.amount.push(amount);
  });
  const o = r.orders;
  costs.orders = {
    node: Array.from({ length: o.length }, (_, i) => lineNode(o, i)),
    sourceNode: Array.from({ length: o.length }, (_, i) => lineSource(o, i)),
    day: Array.from(o.day),
    quantity: Array.from({ length: o.length }, (_, i) => lineQuantity(o, i)),
  };
  return costs;
}

export async function costDrill(db: TenantDb, q: CostDrillQuery) {
  const run = await db.run.findUnique({ where: { id: q.id }, select: { id: true } });
  if (!run) throw AppError.of("NOT_FOUND", "runNotFound");
  const c = await getArtifact<StoredCosts>(db, q.id, "costs");
  if (!c) throw AppError.of("NOT_FOUND", "runNoCostTrace");
  const typeIndex = q.type === undefined ? -1 : c.types.indexOf(q.type);
  if (q.type !== undefined && typeIndex < 0) throw AppError.of("BAD_REQUEST", "unknownCostType", { type: q.type }, { type: ["unknown"] });
  if (c.amount.length > 0) return drillRecords(c, q, typeIndex);
  const level = levelOf(q);
  if (level === "type" || level === "location") {
    const summary = await getArtifact<{ costSummary: CostSummary }>(db, q.id, "summary");
    if (!summary) throw AppError.of("NOT_FOUND", "runNoCostTrace");
    const s = summary.costSummary;
    const rows = level === "type"
      ? COST_TYPES.map((t) => ({ key: t as string, amount: s.byType[t] }))
      : s.byLocation.map((l) => ({ key: l.locationId, amount: l.byType[q.type as (typeof COST_TYPES)[number]] }));
    return drillResult(level, c.startDate, rows.filter((r) => r.amount !== 0), []);
  }
  const model = await getArtifact<SimulationModel>(db, q.id, "input");
  if (!model) throw AppError.of("NOT_FOUND", "runNoCostTrace");
  if (level === "item") {
    const totals = await nodeTotals(db, q.id, model);
    const rows: { key: string; amount: number }[] = [];
    totals.nodes.forEach((node, n) => {
      const amount = totals.totals[n * totals.types + typeIndex]!;
      if (node.location === q.location && amount !== 0) rows.push({ key: node.item, amount });
    });
    return drillResult(level, c.startDate, rows, []);
  }
  if (!model.network.items.some((i) => i.id === q.item)) return drillResult(level, c.startDate, [], []);
  const component = itemComponent(model, q.item!);
  // A shared daily capacity ties every item together: the component is then the whole network,
  // which a request must not re-simulate with the trace when it is large.
  if (component.policies.length * component.horizonDays > replayLimit) throw AppError.of("BAD_REQUEST", "costDrillTooLarge");
  return drillRecords(costRecordsOf(replay(component, true)), q, typeIndex);
}

/** The drill-down over stored (or re-simulated) cost records. */
function drillRecords(c: StoredCosts, q: CostDrillQuery, typeIndex: number) {
  const level = levelOf(q);
  const groups = new Map<string, number>();
  const records: CostRecord[] = [];
  for (let i = 0; i < c.amount.length; i++) {
    const node = c.nodes[c.node[i]!]!;
    if (typeIndex >= 0 && c.type[i] !== typeIndex) continue;
    if (q.location !== undefined && node.location !== q.location) continue;
    if (q.item !== undefined && node.item !== q.item) continue;
    if (q.day !== undefined && c.day[i] !== q.day) continue;
    const key = level === "type" ? c.types[c.type[i]!]! : level === "location" ? node.location : level === "item" ? node.item : String(c.day[i]);
    if (level === "record") {
      const k = c.cause[i]!;
      records.push({
        day: c.day[i]!,
        amount: c.amount[i]!,
        cause: k >= 0 ? { day: c.orders.day[k]!, quantity: c.orders.quantity[k]!, from: c.orders.sourceNode[k]! >= 0 ? c.nodes[c.orders.sourceNode[k]!]!.location : null } : null,
      });
    } else {
      groups.set(key, (groups.get(key) ?? 0) + c.amount[i]!);
    }
  }
  return drillResult(level, c.startDate, [...groups.entries()].map(([key, amount]) => ({ key, amount })), records);
}

function drillResult(level: Level, startDate: string, rows: { key: string; amount: number }[], records: CostRecord[]) {
  return { level, startDate, rows: rows.sort((a, b) => b.amount - a.amount), records: records.slice(0, 500) };
}

/** The most SKU-node-days a day- or record-level drill-down re-simulates with the trace (≈ 0.3 s, ≈ 5 million costs). */
export const REPLAY_LIMIT_NODE_DAYS = 10_000_000;
let replayLimit = REPLAY_LIMIT_NODE_DAYS;
/** Tests lower the limit to see the refusal on small networks. */
export function useReplayLimit(nodeDays: number) {
  replayLimit = nodeDays;
}

/** Re-simulates (part of) a run's input as the simulate job ran its first replication. */
function replay(model: SimulationModel, trace: boolean): SimulationResult {
  const options = model.options ?? {};
  const compiled = compileModel({ ...model, options: { ...options, trace: trace ? (options.trace || true) : false, nodeSeries: false } });
  return finish(createRun(compiled, { replication: 0 }));
}

/**
 * Runs above this many SKU-node-days get their per-node cost totals from the simulate job: a
 * request re-simulating them (≈ 30 ns per SKU-node-day plus compiling) would take too long.
 */
export const NODE_TOTALS_IN_JOB_NODE_DAYS = 100_000_000;

export interface NodeTotals {
  types: number;
  nodes: { location: string; item: string }[];
  /** nodes × types, as `SimulationResult.costsByNode`. */
  totals: number[];
}

export function nodeTotalsOf(r: SimulationResult): NodeTotals {
  return { types: COST_TYPES.length, nodes: nodeNames(r), totals: Array.from(r.costsByNode) };
}

/** Per-SKU-node cost totals of a run stored without its records: kept once computed. */
async function nodeTotals(db: TenantDb, runId: string, model: SimulationModel): Promise<NodeTotals> {
  const kept = await getArtifact<NodeTotals>(db, runId, "node-costs");
  if (kept) return kept;
  const totals = nodeTotalsOf(replay(model, false));
  await putArtifactIfAbsent(db, runId, "node-costs", totals);
  return totals;
}
