/**
 * Compiles a `SimulationModel` (plain objects, string ids) into the dense structure-of-arrays form
 * the day loop runs on. Every (item, location) that holds stock or supplies it becomes a SKU-node
 * with a dense index; nodes are numbered in processing order (each node after its customers:
 * item by item, downstream locations first, products before their components) so one forward
 * sweep per day sees every order placed by a node's customers before the node serves them.
 *
 * Compilation also validates the model semantically (unknown ids, duplicate policies, cycles,
 * missing sources …) and throws a `SimulationModelError` listing every issue with its path.
 */
import { buildDiscreteTable, hashString, negativeBinomialTable, poissonTable, type DiscreteTable } from "../random/index.ts";
import { tryParseIsoDate } from "../buckets/index.ts";
import type { DistributionSpec, LeadTimeSpec, LocationKind, ModelIssue, PolicySpec, SimulationModel } from "./model.ts";

/** Policy codes in `CompiledModel.policyType`. */
export const POLICY_NONE = 0;
export const POLICY_ORDER_UP_TO = 1;
export const POLICY_S_S = 2;
export const POLICY_R_Q = 3;
export const POLICY_MIN_MAX = 4;

/** Demand codes in `CompiledModel.demandKind`. */
export const DEMAND_NONE = 0;
export const DEMAND_SERIES = 1;
export const DEMAND_TABLE = 2;
export const DEMAND_NORMAL = 3;
export const DEMAND_GAMMA = 4;

/** Entries of a table's quick lookup (2^QUICK_BITS), and the marker of an entry that needs the full search. */
export const QUICK_BITS = 8;
export const QUICK_SIZE = 1 << QUICK_BITS;
export const QUICK_MISS = 255;

/** Thrown by `compileModel` for an invalid model; `issues` names the path of each problem. */
export class SimulationModelError extends Error {
  readonly issues: readonly ModelIssue[];
  constructor(issues: readonly ModelIssue[]) {
    super(`invalid simulation model: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    this.name = "SimulationModelError";
    this.issues = issues;
  }
}

/**
 * The model in structure-of-arrays form. Arrays indexed by node have `nodeCount` entries; by
 * location `locationIds.length`; by edge `edgeCount`. An edge is one way a node is replenished:
 * a lane from a source node, or production (`edgeFrom = -1`).
 */
export interface CompiledModel {
  readonly days: number;
  readonly warmupDays: number;
  readonly seed: number;
  readonly startDate: string;
  readonly traceEnabled: boolean;
  readonly tracePeriodDays: number;
  readonly nodeSeriesEnabled: boolean;

  readonly locationIds: readonly string[];
  readonly locationKinds: readonly LocationKind[];
  readonly itemIds: readonly string[];
  /** Plants' production capacity per day (Infinity when unlimited), by location. */
  readonly plantCapacity: Float64Array;
  /** Nodes with customer demand, by location (for the cycle service level denominator). */
  readonly demandNodesByLocation: Int32Array;

  readonly nodeCount: number;
  /** Nodes that hold stock (not suppliers). */
  readonly stockNodeCount: number;
  readonly nodeLocation: Int32Array;
  readonly nodeItem: Int32Array;
  readonly nodeIsSupplier: Uint8Array;
  /** Random-stream key per node: a hash of its location and item ids. */
  readonly nodeKey: Uint32Array;

  readonly policyType: Uint8Array;
  /** s / r / min, or S for order-up-to. */
  readonly policyLow: Float64Array;
  /** S / max, or Q for rQ. */
  readonly policyHigh: Float64Array;
  readonly moq: Float64Array;
  /** 0 = no rounding. */
  readonly orderMultiple: Float64Array;
  readonly reviewPeriod: Int32Array;
  readonly reviewOffset: Int32Array;
  readonly integer: Uint8Array;
  readonly lostSales: Uint8Array;
  readonly initialOnHand: Float64Array;
  readonly unitCost: Float64Array;
  readonly price: Float64Array;
  readonly holdingCost: Float64Array;
  readonly backorderCost: Float64Array;
  readonly lostSaleCost: Float64Array;
  readonly orderCost: Float64Array;

  readonly demandKind: Uint8Array;
  /** Normal: mean; gamma: shape. */
  readonly demandA: Float64Array;
  /** Normal: sd; gamma: scale. */
  readonly demandB: Float64Array;
  /** Series: offset into `demandSeries`; table: table index. */
  readonly demandRef: Int32Array;
  readonly demandSeries: Float64Array;

  /** Pooled discrete tables (demand and lead-time distributions). */
  readonly tableValues: Float64Array;
  readonly tableCdf: Float64Array;
  /** Guide entries hold absolute indices into tableValues/tableCdf. */
  readonly tableGuide: Int32Array;
  readonly tableGuideStart: Int32Array;
  readonly tableGuideLength: Int32Array;
  /**
   * Fast path of table sampling: for table t and j in 0..255, `tableQuick[t·256 + j]` is
   * value − tableQuickBase[t] when every u in [j/256, (j+1)/256) draws the same whole value
   * within 254 of the base, else QUICK_MISS (search the table). One byte lookup in a
   * cache-resident array replaces the guide-table search for most draws.
   */
  readonly tableQuick: Uint8Array;
  readonly tableQuickBase: Float64Array;

  /** Receipt pipeline: node n's circular buffer is pipe[pipeOffset[n] + (day & pipeMask[n])]. */
  readonly pipeOffset: Int32Array;
  readonly pipeMask: Int32Array;
  readonly pipeLength: number;

  readonly edgeCount: number;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeLane: Int32Array;
  /** Edges a node serves, grouped by node, ordered by the customers' allocation priority. */
  readonly supplyStart: Int32Array;
  readonly supplyEdges: Int32Array;
  /** Allocation priority of each position in supplyEdges. */
  readonly supplyPriority: Float64Array;
  /** Edges a node orders through, grouped by node, in sourcing order. */
  readonly sourceStart: Int32Array;
  readonly sourceEdges: Int32Array;
  /** Split share of each position in sourceEdges. */
  readonly sourceShare: Float64Array;
  readonly sourcingSplit: Uint8Array;

  readonly laneCount: number;
  /** Fixed lead time, or 0 when drawn from table `laneLeadTable`. */
  readonly laneLeadFixed: Int32Array;
  readonly laneLeadTable: Int32Array;
  readonly laneCost: Float64Array;
  /** Infinity when unlimited. */
  readonly laneCapacity: Float64Array;

  /** Production: components of node n are bomComponentNode[bomStart[n] .. bomStart[n+1]). */
  readonly bomStart: Int32Array;
  readonly bomComponentNode: Int32Array;
  readonly bomQuantity: Float64Array;
  readonly productionLead: Int32Array;
  readonly productionCost: Float64Array;

  /**
   * Kernel layout: the per-node parameters the day loop reads, packed as records of NODE_PARAMS
   * doubles (see the NODE_HOT_* / NODE_COLD_* field offsets). V8 handles a few strided arrays
   * much faster than dozens of parallel ones (each typed-array access carries its own base and
   * bounds loads), so the loop reads records; the arrays above stay the public form.
   */
  readonly nodeParams: Float64Array;
  /** Per-edge shipping record: EDGE_INTS integers (EDGE_* offsets) and EDGE_COSTS doubles (EDGE_COST_PER_UNIT, EDGE_PURCHASE_UNIT_COST). */
  readonly edgeInts: Int32Array;
  readonly edgeCosts: Float64Array;
  /**
   * Bit of each edge in its source's set of open customer orders (`SimulationRun.openSupply`): bit k
   * for the edge at position k of the source's `supplyEdges`, bit 31 for positions 31 and later.
   */
  readonly edgeSupplyBit: Int32Array;
  /** The integer per-node fields of the day loop, NODE_INTS per node (NODE_INT_* offsets): an integer read from a double record costs a checked conversion at every use. */
  readonly nodeInts: Int32Array;
  /** Runs of nodes at one location: run r is nodes [runStart[r], runStart[r + 1]). */
  readonly runStart: Int32Array;
  /** What the nodes of each run do besides stocking and selling (RUN_* bits). */
  readonly runFlags: Int32Array;
  /**
   * Blocks of independent items: block b is runs [blockRunStart[b], blockRunStart[b + 1]), and no
   * node of one block ever reads or writes the state of another (no lane, BOM or shared capacity
   * joins them), so the day loop simulates one block for many days at a time.
   */
  readonly blockRunStart: Int32Array;
}

/** Doubles per node state record in a run. */
export const NODE_RECORD = 8;
/** Offset of a node's unshipped downstream orders in its state record (see run.ts). */
export const NODE_STATE_CHILD_OUT = 3;
/** Doubles per node parameter record in `nodeParams`: the hot fields, then the cold ones. */
export const NODE_PARAMS = 10;
/** Hot fields: read every node-day. */
export const NODE_HOT_POLICY_LOW = 0;
export const NODE_HOT_HOLDING_COST = 1;
export const NODE_HOT_UNIT_COST = 2;
export const NODE_HOT_PRICE = 3;
/** Cold fields: read when ordering or short. */
export const NODE_COLD_POLICY_HIGH = 4;
export const NODE_COLD_MOQ = 5;
export const NODE_COLD_ORDER_MULTIPLE = 6;
export const NODE_COLD_BACKORDER_COST = 7;
export const NODE_COLD_LOST_SALE_COST = 8;
export const NODE_COLD_ORDER_COST = 9;
/** Int32 fields per node in `nodeInts`. */
export const NODE_INTS = 8;
export const NODE_INT_FLAGS = 0;
export const NODE_INT_PIPE_OFFSET = 1;
export const NODE_INT_PIPE_MASK = 2;
export const NODE_INT_REVIEW_PERIOD = 3;
/** The node's only source edge when it has exactly one lane source, else -1. */
export const NODE_INT_SINGLE_EDGE = 4;
/** That edge's source node, else -1. */
export const NODE_INT_SOURCE_NODE = 5;
/** That edge's source location, else -1. */
export const NODE_INT_SOURCE_LOCATION = 6;
/** That edge's `edgeSupplyBit`, else 0. */
export const NODE_INT_SOURCE_SUPPLY_BIT = 7;
/** Bits of the flags field: policy type in bits 0–2, then these. */
export const FLAG_POLICY_MASK = 7;
export const FLAG_HAS_DEMAND = 8;
export const FLAG_LOST_SALES = 16;
/** Reviewed every day from day 0 (no next-review day to keep). */
export const FLAG_DAILY_REVIEW = 32;

/** Integer fields of an edge's shipping record in `CompiledModel.edgeInts`. */
export const EDGE_INTS = 8;
export const EDGE_LANE = 0;
export const EDGE_CHILD = 1;
export const EDGE_SOURCE = 2;
/** Fixed lead time, or 0 when drawn per shipment. */
export const EDGE_LEAD_FIXED = 3;
export const EDGE_CHILD_PIPE_OFFSET = 4;
export const EDGE_CHILD_PIPE_MASK = 5;
export const EDGE_CHILD_LOCATION = 6;
/** EDGE_FLAG_* bits. */
export const EDGE_FLAGS = 7;
/** The lane has a daily capacity. */
export const EDGE_FLAG_CAPACITATED = 1;
/** The child's quantities are whole units. */
export const EDGE_FLAG_CHILD_INTEGER = 2;
/** Cost fields of an edge in `CompiledModel.edgeCosts`. */
export const EDGE_COSTS = 2;
export const EDGE_COST_PER_UNIT = 0;
/** Unit cost booked as purchases when the source is a supplier, else 0. */
export const EDGE_PURCHASE_UNIT_COST = 1;

type Path = (string | number)[];

function isFiniteNonNegative(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x) && x >= 0;
}

function nextPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** Largest lead time a spec can produce, or undefined (with issues pushed) when invalid. */
function checkLeadTime(spec: LeadTimeSpec, path: Path, issues: ModelIssue[]): number | undefined {
  if (typeof spec === "number") {
    if (!Number.isInteger(spec) || spec < 1) {
      issues.push({ path, message: `lead time must be a whole number of days ≥ 1, got ${spec}` });
      return undefined;
    }
    return spec;
  }
  let max = 0;
  let ok = true;
  spec.values.forEach((v, k) => {
    if (!Number.isInteger(v) || v < 1) {
      issues.push({ path: [...path, "values", k], message: `lead time must be a whole number of days ≥ 1, got ${v}` });
      ok = false;
    } else max = Math.max(max, v);
  });
  if (spec.values.length === 0) {
    issues.push({ path: [...path, "values"], message: "lead-time distribution needs at least one value" });
    ok = false;
  }
  if (spec.probabilities) {
    if (spec.probabilities.length !== spec.values.length) {
      issues.push({ path: [...path, "probabilities"], message: "needs one probability per value" });
      ok = false;
    } else if (!spec.probabilities.every(isFiniteNonNegative) || spec.probabilities.every((p) => p === 0)) {
      issues.push({ path: [...path, "probabilities"], message: "probabilities must be ≥ 0 with a positive sum" });
      ok = false;
    }
  }
  return ok ? max : undefined;
}

function checkDistribution(d: DistributionSpec, path: Path, issues: ModelIssue[]): boolean {
  const bad = (field: string, message: string): false => {
    issues.push({ path: [...path, field], message });
    return false;
  };
  switch (d.type) {
    case "normal":
      if (!Number.isFinite(d.mean)) return bad("mean", "mean must be finite");
      if (!isFiniteNonNegative(d.sd)) return bad("sd", "sd must be ≥ 0");
      return true;
    case "poisson":
      if (!isFiniteNonNegative(d.mean) || d.mean > 1e7) return bad("mean", "Poisson mean must be in [0, 1e7]");
      return true;
    case "gamma":
      if (!(d.mean > 0) || !Number.isFinite(d.mean)) return bad("mean", "gamma mean must be > 0");
      if (!(d.sd > 0) || !Number.isFinite(d.sd)) return bad("sd", "gamma sd must be > 0");
      return true;
    case "negativeBinomial":
      if (!(d.mean > 0) || !Number.isFinite(d.mean) || d.mean > 1e6) return bad("mean", "mean must be in (0, 1e6]");
      if (!(d.variance > d.mean) || !Number.isFinite(d.variance)) return bad("variance", "variance must exceed the mean");
      return true;
    case "empirical":
      if (d.values.length === 0) return bad("values", "needs at least one value");
      if (!d.values.every(isFiniteNonNegative)) return bad("values", "values must be finite and ≥ 0");
      if (d.probabilities) {
        if (d.probabilities.length !== d.values.length) return bad("probabilities", "needs one probability per value");
        if (!d.probabilities.every(isFiniteNonNegative) || d.probabilities.every((p) => p === 0)) {
          return bad("probabilities", "probabilities must be ≥ 0 with a positive sum");
        }
      }
      return true;
  }
}

function policyLevels(p: PolicySpec): { type: number; low: number; high: number; upTo: number; fields: [string, number][] } {
  switch (p.type) {
    case "baseStock":
      return { type: POLICY_ORDER_UP_TO, low: p.orderUpTo, high: p.orderUpTo, upTo: p.orderUpTo, fields: [["orderUpTo", p.orderUpTo]] };
    case "RS":
      return { type: POLICY_ORDER_UP_TO, low: p.orderUpTo, high: p.orderUpTo, upTo: p.orderUpTo, fields: [["orderUpTo", p.orderUpTo]] };
    case "sS":
      return { type: POLICY_S_S, low: p.reorderPoint, high: p.orderUpTo, upTo: p.orderUpTo, fields: [["reorderPoint", p.reorderPoint], ["orderUpTo", p.orderUpTo]] };
    case "rQ":
      return {
        type: POLICY_R_Q,
        low: p.reorderPoint,
        high: p.orderQuantity,
        upTo: p.reorderPoint + p.orderQuantity,
        fields: [["reorderPoint", p.reorderPoint], ["orderQuantity", p.orderQuantity]],
      };
    case "minMax":
      return { type: POLICY_MIN_MAX, low: p.min, high: p.max, upTo: p.max, fields: [["min", p.min], ["max", p.max]] };
  }
}

/** Checks a model and returns every issue found (empty when valid). */
export function validateModel(model: SimulationModel): ModelIssue[] {
  try {
    compileModel(model);
    return [];
  } catch (e) {
    if (e instanceof SimulationModelError) return [...e.issues];
    throw e;
  }
}

/** Validates and compiles a model; throws `SimulationModelError` listing every issue. */
/** How the day loop lays out its work; results are the same for any layout up to float rounding. */
export interface LayoutOptions {
  /** Nodes per block of independent items (default BLOCK_NODES). */
  readonly blockNodes?: number;
}

export function compileModel(model: SimulationModel, layout: LayoutOptions = {}): CompiledModel {
  const issues: ModelIssue[] = [];
  const { network } = model;
  const options = model.options ?? {};
  const days = model.horizonDays;
  // The cost trace stores days as 16-bit integers.
  if (!Number.isInteger(days) || days < 1 || days > 65_535) issues.push({ path: ["horizonDays"], message: "horizon must be a whole number of days from 1 to 65535" });
  if (!Number.isSafeInteger(model.seed)) issues.push({ path: ["seed"], message: "seed must be a safe integer" });
  const startDate = model.startDate ?? "2026-01-01";
  if (tryParseIsoDate(startDate) === undefined) issues.push({ path: ["startDate"], message: "must be a valid date 'YYYY-MM-DD'" });
  const warmupDays = options.warmupDays ?? 0;
  if (!Number.isInteger(warmupDays) || warmupDays < 0 || warmupDays >= Math.max(1, days)) {
    issues.push({ path: ["options", "warmupDays"], message: "warm-up must be a whole number of days below the horizon" });
  }
  const traceOption = options.trace ?? false;
  const traceEnabled = traceOption !== false;
  const tracePeriodDays = typeof traceOption === "object" ? (traceOption.periodDays ?? 7) : 7;
  if (!Number.isInteger(tracePeriodDays) || tracePeriodDays < 1 || tracePeriodDays > 366) {
    issues.push({ path: ["options", "trace", "periodDays"], message: "must be a whole number of days from 1 to 366" });
  }
  const defaultHoldingRate = options.holdingRatePerYear ?? 0.2;
  if (!isFiniteNonNegative(defaultHoldingRate)) issues.push({ path: ["options", "holdingRatePerYear"], message: "must be ≥ 0" });

  // ---- locations and items
  const locationIndex = new Map<string, number>();
  network.locations.forEach((loc, i) => {
    if (locationIndex.has(loc.id)) issues.push({ path: ["network", "locations", i, "id"], message: `duplicate location id '${loc.id}'` });
    else locationIndex.set(loc.id, i);
    if (loc.holdingRatePerYear !== undefined && !isFiniteNonNegative(loc.holdingRatePerYear)) {
      issues.push({ path: ["network", "locations", i, "holdingRatePerYear"], message: "must be ≥ 0" });
    }
    if (loc.productionCapacityPerDay !== undefined && !isFiniteNonNegative(loc.productionCapacityPerDay)) {
      issues.push({ path: ["network", "locations", i, "productionCapacityPerDay"], message: "must be ≥ 0" });
    }
  });
  const itemIndex = new Map<string, number>();
  network.items.forEach((item, i) => {
    if (itemIndex.has(item.id)) issues.push({ path: ["network", "items", i, "id"], message: `duplicate item id '${item.id}'` });
    else itemIndex.set(item.id, i);
    for (const field of ["unitCost", "price", "lostSaleCostPerUnit", "backorderCostPerUnitDay"] as const) {
      const v = item[field];
      if (v !== undefined && !isFiniteNonNegative(v)) issues.push({ path: ["network", "items", i, field], message: "must be a finite number ≥ 0" });
    }
  });
  const locationCount = network.locations.length;
  const kindOf = (id: string): LocationKind | undefined => {
    const i = locationIndex.get(id);
    return i === undefined ? undefined : network.locations[i].kind;
  };

  // ---- lanes
  const laneMaxLead: number[] = [];
  network.lanes.forEach((lane, i) => {
    const path: Path = ["network", "lanes", i];
    if (!locationIndex.has(lane.from)) issues.push({ path: [...path, "from"], message: `unknown location '${lane.from}'` });
    if (!locationIndex.has(lane.to)) issues.push({ path: [...path, "to"], message: `unknown location '${lane.to}'` });
    if (lane.from === lane.to) issues.push({ path: [...path, "to"], message: "a lane cannot start and end at the same location" });
    if (kindOf(lane.to) === "supplier") issues.push({ path: [...path, "to"], message: "suppliers cannot receive shipments" });
    laneMaxLead.push(checkLeadTime(lane.leadTimeDays, [...path, "leadTimeDays"], issues) ?? 1);
    if (lane.costPerUnit !== undefined && !isFiniteNonNegative(lane.costPerUnit)) issues.push({ path: [...path, "costPerUnit"], message: "must be ≥ 0" });
    if (lane.capacityPerDay !== undefined && !(lane.capacityPerDay > 0)) issues.push({ path: [...path, "capacityPerDay"], message: "must be > 0" });
    if (lane.share !== undefined && !(lane.share >= 0 && Number.isFinite(lane.share))) issues.push({ path: [...path, "share"], message: "must be ≥ 0" });
    lane.items?.forEach((id, k) => {
      if (!itemIndex.has(id)) issues.push({ path: [...path, "items", k], message: `unknown item '${id}'` });
    });
  });

  // ---- policies → stock nodes
  const key = (item: string, location: string): string => `${location}\u0000${item}`;
  const policyOf = new Map<string, number>();
  model.policies.forEach((p, i) => {
    const path: Path = ["policies", i];
    let ok = true;
    if (!itemIndex.has(p.item)) {
      issues.push({ path: [...path, "item"], message: `unknown item '${p.item}'` });
      ok = false;
    }
    const kind = kindOf(p.location);
    if (kind === undefined) {
      issues.push({ path: [...path, "location"], message: `unknown location '${p.location}'` });
      ok = false;
    } else if (kind === "supplier") {
      issues.push({ path: [...path, "location"], message: "suppliers are unlimited sources and take no policy" });
      ok = false;
    }
    const levels = policyLevels(p);
    for (const [field, value] of levels.fields) {
      if (!Number.isFinite(value)) issues.push({ path: [...path, field], message: "must be a finite number" });
    }
    if (p.type === "sS" && p.orderUpTo < p.reorderPoint) issues.push({ path: [...path, "orderUpTo"], message: "S must be ≥ s" });
    if (p.type === "minMax" && p.max < p.min) issues.push({ path: [...path, "max"], message: "max must be ≥ min" });
    if (p.type === "rQ" && !(p.orderQuantity > 0)) issues.push({ path: [...path, "orderQuantity"], message: "Q must be > 0" });
    for (const field of ["moq", "orderMultiple", "initialOnHand", "orderCost", "holdingCostPerUnitDay", "backorderCostPerUnitDay", "lostSaleCostPerUnit"] as const) {
      const v = p[field];
      if (v !== undefined && !isFiniteNonNegative(v)) issues.push({ path: [...path, field], message: "must be a finite number ≥ 0" });
    }
    if (p.orderMultiple !== undefined && p.orderMultiple === 0) issues.push({ path: [...path, "orderMultiple"], message: "must be > 0" });
    const review = p.reviewPeriodDays ?? 1;
    if (!Number.isInteger(review) || review < 1) issues.push({ path: [...path, "reviewPeriodDays"], message: "must be a whole number of days ≥ 1" });
    const offset = p.reviewOffsetDays ?? 0;
    if (!Number.isInteger(offset) || offset < 0) issues.push({ path: [...path, "reviewOffsetDays"], message: "must be a whole number ≥ 0" });
    if (ok) {
      const k = key(p.item, p.location);
      if (policyOf.has(k)) issues.push({ path, message: `duplicate policy for item '${p.item}' at '${p.location}'` });
      else policyOf.set(k, i);
    }
  });

  // ---- BOMs
  const bomOf = new Map<string, number>();
  (network.boms ?? []).forEach((bom, i) => {
    const path: Path = ["network", "boms", i];
    if (!itemIndex.has(bom.item)) issues.push({ path: [...path, "item"], message: `unknown item '${bom.item}'` });
    const kind = kindOf(bom.location);
    if (kind === undefined) issues.push({ path: [...path, "location"], message: `unknown location '${bom.location}'` });
    else if (kind !== "plant") issues.push({ path: [...path, "location"], message: "production happens at plants only" });
    if (!Number.isInteger(bom.leadTimeDays) || bom.leadTimeDays < 1) issues.push({ path: [...path, "leadTimeDays"], message: "must be a whole number of days ≥ 1" });
    if (bom.costPerUnit !== undefined && !isFiniteNonNegative(bom.costPerUnit)) issues.push({ path: [...path, "costPerUnit"], message: "must be ≥ 0" });
    const k = key(bom.item, bom.location);
    if (kind !== undefined && itemIndex.has(bom.item) && !policyOf.has(k)) {
      issues.push({ path: [...path, "item"], message: `no policy for item '${bom.item}' at '${bom.location}'` });
    }
    if (bomOf.has(k)) issues.push({ path, message: `duplicate BOM for item '${bom.item}' at '${bom.location}'` });
    else bomOf.set(k, i);
    if (bom.components.length === 0) issues.push({ path: [...path, "components"], message: "needs at least one component" });
    bom.components.forEach((c, j) => {
      if (!itemIndex.has(c.item)) issues.push({ path: [...path, "components", j, "item"], message: `unknown item '${c.item}'` });
      else if (!policyOf.has(key(c.item, bom.location))) {
        issues.push({ path: [...path, "components", j, "item"], message: `no policy for component '${c.item}' at '${bom.location}'` });
      }
      if (c.item === bom.item) issues.push({ path: [...path, "components", j, "item"], message: "an item cannot be its own component" });
      if (!(c.quantity > 0) || !Number.isFinite(c.quantity)) issues.push({ path: [...path, "components", j, "quantity"], message: "must be > 0" });
    });
  });

  // ---- demand
  const demandOf = new Map<string, number>();
  model.demand.forEach((d, i) => {
    const path: Path = ["demand", i];
    if (!itemIndex.has(d.item)) issues.push({ path: [...path, "item"], message: `unknown item '${d.item}'` });
    if (!locationIndex.has(d.location)) issues.push({ path: [...path, "location"], message: `unknown location '${d.location}'` });
    else if (itemIndex.has(d.item) && !policyOf.has(key(d.item, d.location))) {
      issues.push({ path, message: `demand for item '${d.item}' at '${d.location}' but no policy stocks it there` });
    }
    const k = key(d.item, d.location);
    if (demandOf.has(k)) issues.push({ path, message: `duplicate demand for item '${d.item}' at '${d.location}'` });
    else demandOf.set(k, i);
    if ("series" in d) {
      if (d.series.length < days) issues.push({ path: [...path, "series"], message: `has ${d.series.length} values, the horizon is ${days} days` });
      d.series.forEach((v, t) => {
        if (!isFiniteNonNegative(v)) issues.push({ path: [...path, "series", t], message: "demand must be a finite number ≥ 0" });
      });
    } else checkDistribution(d.distribution, [...path, "distribution"], issues);
  });

  if (issues.length > 0) throw new SimulationModelError(issues);

  // ---- location processing order: every location before the locations that ship to it.
  const outgoing: number[][] = Array.from({ length: locationCount }, () => []);
  network.lanes.forEach((lane) => {
    const from = locationIndex.get(lane.from)!;
    const to = locationIndex.get(lane.to)!;
    outgoing[from].push(to);
  });
  // Reverse topological order: repeatedly take locations none of whose destinations are pending.
  const pendingDestinations = new Int32Array(locationCount);
  const shippers: number[][] = Array.from({ length: locationCount }, () => []);
  for (let l = 0; l < locationCount; l++) {
    pendingDestinations[l] = outgoing[l].length;
    for (const to of outgoing[l]) {
      shippers[to].push(l);
    }
  }
  const locationOrder: number[] = [];
  const queue: number[] = [];
  for (let l = 0; l < locationCount; l++) if (pendingDestinations[l] === 0) queue.push(l);
  while (queue.length > 0) {
    queue.sort((a, b) => a - b);
    const l = queue.shift()!;
    locationOrder.push(l);
    for (const from of shippers[l]) if (--pendingDestinations[from] === 0) queue.push(from);
  }
  if (locationOrder.length < locationCount) {
    const inCycle = new Set<number>();
    for (let l = 0; l < locationCount; l++) if (pendingDestinations[l] > 0) inCycle.add(l);
    network.lanes.forEach((lane, i) => {
      if (inCycle.has(locationIndex.get(lane.from)!) && inCycle.has(locationIndex.get(lane.to)!)) {
        issues.push({ path: ["network", "lanes", i], message: "lanes form a cycle; the network must be acyclic" });
      }
    });
    throw new SimulationModelError(issues);
  }
  const locationRank = new Int32Array(locationCount);
  locationOrder.forEach((l, r) => (locationRank[l] = r));

  // ---- BOM levels: a product is processed before its components at the same plant.
  const bomsUsing = new Map<string, number[]>();
  (network.boms ?? []).forEach((bom, i) => {
    for (const c of bom.components) {
      const k = key(c.item, bom.location);
      const list = bomsUsing.get(k);
      if (list) list.push(i);
      else bomsUsing.set(k, [i]);
    }
  });
  const bomLevel = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (itemId: string, loc: string, path: Path): number => {
    const k = key(itemId, loc);
    const known = bomLevel.get(k);
    if (known !== undefined) return known;
    if (visiting.has(k)) {
      issues.push({ path, message: `BOM cycle through item '${itemId}' at '${loc}'` });
      return 0;
    }
    visiting.add(k);
    // Level = 1 + highest level among products that use this item at this plant.
    let level = 0;
    for (const i of bomsUsing.get(k) ?? []) {
      level = Math.max(level, 1 + levelOf(network.boms![i].item, loc, ["network", "boms", i]));
    }
    visiting.delete(k);
    bomLevel.set(k, level);
    return level;
  };

  // ---- nodes: stock nodes from policies, supplier nodes for items bought from suppliers.
  interface NodeDraft {
    item: number;
    location: number;
    policy: number; // -1 for supplier nodes
    level: number;
  }
  const drafts: NodeDraft[] = [];
  const draftOf = new Map<string, number>();
  model.policies.forEach((p, i) => {
    draftOf.set(key(p.item, p.location), drafts.length);
    drafts.push({ item: itemIndex.get(p.item)!, location: locationIndex.get(p.location)!, policy: i, level: levelOf(p.item, p.location, ["policies", i]) });
  });
  if (issues.length > 0) throw new SimulationModelError(issues);

  interface EdgeDraft {
    from: number; // draft index, -1 production
    to: number;
    lane: number;
    priority: number;
    share: number;
  }
  const edgeDrafts: EdgeDraft[] = [];
  const sourcesOf: number[][] = drafts.map(() => []);
  const stockDraftCount = drafts.length;
  const lanesInto = new Map<string, number[]>();
  network.lanes.forEach((lane, li) => {
    const list = lanesInto.get(lane.to);
    if (list) list.push(li);
    else lanesInto.set(lane.to, [li]);
  });
  const laneItemPosition = network.lanes.map((lane) => (lane.items ? new Map(lane.items.map((id, k) => [id, k])) : undefined));
  for (let n = 0; n < stockDraftCount; n++) {
    const draft = drafts[n];
    const p = model.policies[draft.policy];
    const itemId = p.item;
    if (bomOf.has(key(itemId, p.location))) {
      sourcesOf[n].push(edgeDrafts.length);
      edgeDrafts.push({ from: -1, to: n, lane: -1, priority: 0, share: 1 });
      continue;
    }
    for (const li of lanesInto.get(p.location) ?? []) {
      const lane = network.lanes[li];
      const itemPos = laneItemPosition[li]?.get(itemId);
      const listed = itemPos !== undefined;
      if (lane.items && !listed) continue;
      let from: number | undefined;
      if (kindOf(lane.from) === "supplier") {
        const k = key(itemId, lane.from);
        from = draftOf.get(k);
        if (from === undefined) {
          from = drafts.length;
          draftOf.set(k, from);
          drafts.push({ item: draft.item, location: locationIndex.get(lane.from)!, policy: -1, level: 0 });
          sourcesOf.push([]);
        }
      } else {
        from = draftOf.get(key(itemId, lane.from));
        if (from === undefined) {
          if (listed) issues.push({ path: ["network", "lanes", li, "items", itemPos], message: `no policy for item '${itemId}' at '${lane.from}' to ship from` });
          continue;
        }
      }
      sourcesOf[n].push(edgeDrafts.length);
      edgeDrafts.push({ from, to: n, lane: li, priority: lane.priority ?? 0, share: lane.share ?? 1 });
    }
    if (sourcesOf[n].length === 0) {
      issues.push({ path: ["policies", draft.policy], message: `no lane delivers item '${itemId}' to '${p.location}' and no BOM makes it there` });
    } else if (network.locations[draft.location].sourcing === "split" && sourcesOf[n].every((e) => edgeDrafts[e].share === 0)) {
      issues.push({ path: ["policies", draft.policy], message: "all lanes delivering this item have share 0" });
    }
  }
  if (issues.length > 0) throw new SimulationModelError(issues);

  // ---- number nodes in processing order
  // Items that never affect each other (no BOM links them, no capacity is shared) are grouped
  // into blocks of about BLOCK_NODES nodes; the day loop simulates one block for many days at a
  // time, so its state stays in cache. Within a block nodes run location by location (each
  // location after its customers, see locationRank), so a location's day totals are summed in
  // registers over a run of nodes. A network with a shared capacity is one block.
  const capacityShared = network.lanes.some((l) => l.capacityPerDay !== undefined) || network.locations.some((l) => l.productionCapacityPerDay !== undefined);
  const blockOfItem = itemBlocks(
    network.items.length,
    capacityShared,
    (network.boms ?? []).map((b) => [itemIndex.get(b.item)!, ...b.components.map((c) => itemIndex.get(c.item)!)]),
    drafts.map((d) => d.item),
    layout.blockNodes ?? BLOCK_NODES,
  );
  const order = drafts.map((_, i) => i);
  order.sort((a, b) => {
    const da = drafts[a], db = drafts[b];
    return blockOfItem[da.item] - blockOfItem[db.item] || locationRank[da.location] - locationRank[db.location] || da.level - db.level || da.item - db.item;
  });
  const nodeOfDraft = new Int32Array(drafts.length);
  order.forEach((d, n) => (nodeOfDraft[d] = n));
  const nodeCount = drafts.length;

  const nodeLocation = new Int32Array(nodeCount);
  const nodeItem = new Int32Array(nodeCount);
  const nodeIsSupplier = new Uint8Array(nodeCount);
  const nodeKey = new Uint32Array(nodeCount);
  const policyType = new Uint8Array(nodeCount);
  const policyLow = new Float64Array(nodeCount);
  const policyHigh = new Float64Array(nodeCount);
  const moq = new Float64Array(nodeCount);
  const orderMultiple = new Float64Array(nodeCount);
  const reviewPeriod = new Int32Array(nodeCount).fill(1);
  const reviewOffset = new Int32Array(nodeCount);
  const integer = new Uint8Array(nodeCount);
  const lostSales = new Uint8Array(nodeCount);
  const initialOnHand = new Float64Array(nodeCount);
  const unitCost = new Float64Array(nodeCount);
  const price = new Float64Array(nodeCount);
  const holdingCost = new Float64Array(nodeCount);
  const backorderCost = new Float64Array(nodeCount);
  const lostSaleCost = new Float64Array(nodeCount);
  const orderCost = new Float64Array(nodeCount);
  const demandKind = new Uint8Array(nodeCount);
  const demandA = new Float64Array(nodeCount);
  const demandB = new Float64Array(nodeCount);
  const demandRef = new Int32Array(nodeCount);
  const demandNodesByLocation = new Int32Array(locationCount);

  const tables: DiscreteTable[] = [];
  const tableIndexByKey = new Map<string, number>();
  const addTable = (cacheKey: string, build: () => DiscreteTable): number => {
    const known = tableIndexByKey.get(cacheKey);
    if (known !== undefined) return known;
    tables.push(build());
    tableIndexByKey.set(cacheKey, tables.length - 1);
    return tables.length - 1;
  };
  const seriesChunks: (readonly number[])[] = [];
  let seriesLength = 0;

  for (let d = 0; d < drafts.length; d++) {
    const n = nodeOfDraft[d];
    const draft = drafts[d];
    const item = network.items[draft.item];
    const loc = network.locations[draft.location];
    nodeLocation[n] = draft.location;
    nodeItem[n] = draft.item;
    nodeKey[n] = hashString(key(item.id, loc.id));
    unitCost[n] = item.unitCost;
    price[n] = item.price ?? 0;
    integer[n] = item.integer === false ? 0 : 1;
    if (draft.policy < 0) {
      nodeIsSupplier[n] = 1;
      continue;
    }
    const p = model.policies[draft.policy];
    const levels = policyLevels(p);
    policyType[n] = levels.type;
    policyLow[n] = levels.low;
    policyHigh[n] = levels.high;
    moq[n] = p.moq ?? 0;
    orderMultiple[n] = p.orderMultiple ?? (integer[n] ? 1 : 0);
    reviewPeriod[n] = p.reviewPeriodDays ?? 1;
    reviewOffset[n] = p.reviewOffsetDays ?? 0;
    initialOnHand[n] = p.initialOnHand ?? Math.max(0, levels.upTo);
    lostSales[n] = loc.unmetDemand === "lost" ? 1 : 0;
    const rate = loc.holdingRatePerYear ?? defaultHoldingRate;
    holdingCost[n] = p.holdingCostPerUnitDay ?? (item.unitCost * rate) / 365;
    backorderCost[n] = p.backorderCostPerUnitDay ?? item.backorderCostPerUnitDay ?? 0;
    lostSaleCost[n] = p.lostSaleCostPerUnit ?? item.lostSaleCostPerUnit ?? 0;
    orderCost[n] = p.orderCost ?? 0;

    const demandIndex = demandOf.get(key(item.id, loc.id));
    if (demandIndex === undefined) continue;
    demandNodesByLocation[draft.location]++;
    const spec = model.demand[demandIndex];
    if ("series" in spec) {
      demandKind[n] = DEMAND_SERIES;
      demandRef[n] = seriesLength;
      seriesChunks.push(spec.series);
      seriesLength += days;
      continue;
    }
    const dist = spec.distribution;
    switch (dist.type) {
      case "normal":
        demandKind[n] = DEMAND_NORMAL;
        demandA[n] = dist.mean;
        demandB[n] = dist.sd;
        break;
      case "gamma": {
        // Gamma with mean m and sd s: shape = (m/s)², scale = s²/m.
        demandKind[n] = DEMAND_GAMMA;
        demandA[n] = (dist.mean / dist.sd) ** 2;
        demandB[n] = (dist.sd * dist.sd) / dist.mean;
        break;
      }
      case "poisson":
        demandKind[n] = DEMAND_TABLE;
        demandRef[n] = addTable(`p:${dist.mean}`, () => poissonTable(dist.mean));
        break;
      case "negativeBinomial":
        demandKind[n] = DEMAND_TABLE;
        demandRef[n] = addTable(`nb:${dist.mean}:${dist.variance}`, () => negativeBinomialTable(dist.mean, dist.variance));
        break;
      case "empirical": {
        const values = integer[n] ? dist.values.map((v) => Math.round(v)) : dist.values;
        const weights = dist.probabilities ?? dist.values.map(() => 1);
        demandKind[n] = DEMAND_TABLE;
        demandRef[n] = addTable(`e:${values.join(",")}:${weights.join(",")}`, () => buildDiscreteTable(values, weights));
        break;
      }
    }
  }
  const demandSeries = new Float64Array(seriesLength);
  let seriesOffset = 0;
  for (const chunk of seriesChunks) {
    for (let t = 0; t < days; t++) demandSeries[seriesOffset + t] = chunk[t];
    seriesOffset += days;
  }

  // ---- lanes
  const laneCount = network.lanes.length;
  const laneLeadFixed = new Int32Array(laneCount);
  const laneLeadTable = new Int32Array(laneCount).fill(-1);
  const laneCost = new Float64Array(laneCount);
  const laneCapacity = new Float64Array(laneCount);
  network.lanes.forEach((lane, i) => {
    const lt = lane.leadTimeDays;
    if (typeof lt === "number") laneLeadFixed[i] = lt;
    else {
      const weights = lt.probabilities ?? lt.values.map(() => 1);
      laneLeadTable[i] = addTable(`lt:${lt.values.join(",")}:${weights.join(",")}`, () => buildDiscreteTable(lt.values, weights));
    }
    laneCost[i] = lane.costPerUnit ?? 0;
    laneCapacity[i] = lane.capacityPerDay ?? Infinity;
  });

  // ---- pooled tables
  let tablePoolLength = 0;
  for (const t of tables) tablePoolLength += t.values.length;
  const tableValues = new Float64Array(tablePoolLength);
  const tableCdf = new Float64Array(tablePoolLength);
  const tableGuide = new Int32Array(tablePoolLength);
  const tableGuideStart = new Int32Array(tables.length);
  const tableGuideLength = new Int32Array(tables.length);
  const tableQuick = new Uint8Array(tables.length * QUICK_SIZE).fill(QUICK_MISS);
  const tableQuickBase = new Float64Array(tables.length);
  let poolOffset = 0;
  tables.forEach((t, i) => {
    tableValues.set(t.values, poolOffset);
    tableCdf.set(t.cdf, poolOffset);
    for (let j = 0; j < t.guide.length; j++) tableGuide[poolOffset + j] = poolOffset + t.guide[j];
    tableGuideStart[i] = poolOffset;
    tableGuideLength[i] = t.guide.length;
    const base = t.values[0];
    tableQuickBase[i] = base;
    let k = 0;
    for (let j = 0; j < QUICK_SIZE; j++) {
      while (t.cdf[k] <= j / QUICK_SIZE) k++;
      // Every u in [j/256, (j+1)/256) draws values[k] exactly when cdf[k] ≥ (j+1)/256.
      const offset = t.values[k] - base;
      if (t.cdf[k] >= (j + 1) / QUICK_SIZE && Number.isInteger(offset) && offset < QUICK_MISS) tableQuick[i * QUICK_SIZE + j] = offset;
    }
    poolOffset += t.values.length;
  });

  // ---- edges
  const edgeCount = edgeDrafts.length;
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  const edgeLane = new Int32Array(edgeCount);
  edgeDrafts.forEach((e, i) => {
    edgeFrom[i] = e.from < 0 ? -1 : nodeOfDraft[e.from];
    edgeTo[i] = nodeOfDraft[e.to];
    edgeLane[i] = e.lane;
  });
  const sourceStart = new Int32Array(nodeCount + 1);
  const supplyStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    sourceStart[edgeTo[e] + 1]++;
    if (edgeFrom[e] >= 0) supplyStart[edgeFrom[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) {
    sourceStart[n + 1] += sourceStart[n];
    supplyStart[n + 1] += supplyStart[n];
  }
  const sourceEdges = new Int32Array(edgeCount);
  const sourceShare = new Float64Array(edgeCount);
  const supplyEdges = new Int32Array(supplyStart[nodeCount]);
  const supplyPriority = new Float64Array(supplyStart[nodeCount]);
  const edgeSupplyBit = new Int32Array(edgeCount);
  const sourceLists: number[][] = Array.from({ length: nodeCount }, () => []);
  const supplyLists: number[][] = Array.from({ length: nodeCount }, () => []);
  for (let e = 0; e < edgeCount; e++) {
    sourceLists[edgeTo[e]].push(e);
    if (edgeFrom[e] >= 0) supplyLists[edgeFrom[e]].push(e);
  }
  const customerPriority = (e: number): number => network.locations[nodeLocation[edgeTo[e]]].allocationPriority ?? 0;
  const sourcingSplit = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    const sources = sourceLists[n].sort((a, b) => edgeDrafts[a].priority - edgeDrafts[b].priority || a - b);
    sources.forEach((e, k) => {
      sourceEdges[sourceStart[n] + k] = e;
      sourceShare[sourceStart[n] + k] = edgeDrafts[e].share;
    });
    sourcingSplit[n] = network.locations[nodeLocation[n]].sourcing === "split" && sources.length > 1 ? 1 : 0;
    const supplies = supplyLists[n].sort((a, b) => customerPriority(a) - customerPriority(b) || a - b);
    supplies.forEach((e, k) => {
      supplyEdges[supplyStart[n] + k] = e;
      edgeSupplyBit[e] = 1 << Math.min(k, 31);
      supplyPriority[supplyStart[n] + k] = customerPriority(e);
    });
  }

  // ---- production
  const bomStart = new Int32Array(nodeCount + 1);
  const productionLead = new Int32Array(nodeCount);
  const productionCost = new Float64Array(nodeCount);
  const componentLists: { node: number; quantity: number }[][] = Array.from({ length: nodeCount }, () => []);
  (network.boms ?? []).forEach((bom) => {
    const n = nodeOfDraft[draftOf.get(key(bom.item, bom.location))!];
    productionLead[n] = bom.leadTimeDays;
    productionCost[n] = bom.costPerUnit ?? 0;
    for (const c of bom.components) componentLists[n].push({ node: nodeOfDraft[draftOf.get(key(c.item, bom.location))!], quantity: c.quantity });
  });
  for (let n = 0; n < nodeCount; n++) bomStart[n + 1] = bomStart[n] + componentLists[n].length;
  const bomComponentNode = new Int32Array(bomStart[nodeCount]);
  const bomQuantity = new Float64Array(bomStart[nodeCount]);
  for (let n = 0; n < nodeCount; n++) {
    componentLists[n].forEach((c, k) => {
      bomComponentNode[bomStart[n] + k] = c.node;
      bomQuantity[bomStart[n] + k] = c.quantity;
    });
  }
  const plantCapacity = new Float64Array(locationCount);
  network.locations.forEach((loc, i) => (plantCapacity[i] = loc.productionCapacityPerDay ?? Infinity));

  // ---- receipt pipelines: each node's ring holds more slots than its longest inbound lead time.
  const pipeOffset = new Int32Array(nodeCount);
  const pipeMask = new Int32Array(nodeCount);
  let pipeLength = 0;
  for (let n = 0; n < nodeCount; n++) {
    let maxLead = 0;
    for (let k = sourceStart[n]; k < sourceStart[n + 1]; k++) {
      const e = sourceEdges[k];
      maxLead = Math.max(maxLead, edgeLane[e] < 0 ? productionLead[n] : laneMaxLead[edgeLane[e]]);
    }
    const width = nextPowerOfTwo(maxLead + 1);
    pipeOffset[n] = pipeLength;
    pipeMask[n] = width - 1;
    pipeLength += width;
  }

  // ---- kernel records
  const nodeParams = new Float64Array(nodeCount * NODE_PARAMS);
  const nodeInts = new Int32Array(nodeCount * NODE_INTS);
  for (let n = 0; n < nodeCount; n++) {
    const h = n * NODE_PARAMS;
    nodeParams[h + NODE_HOT_POLICY_LOW] = policyLow[n];
    nodeParams[h + NODE_HOT_HOLDING_COST] = holdingCost[n];
    nodeParams[h + NODE_HOT_UNIT_COST] = unitCost[n];
    nodeParams[h + NODE_HOT_PRICE] = price[n];
    nodeParams[h + NODE_COLD_POLICY_HIGH] = policyHigh[n];
    nodeParams[h + NODE_COLD_MOQ] = moq[n];
    nodeParams[h + NODE_COLD_ORDER_MULTIPLE] = orderMultiple[n];
    nodeParams[h + NODE_COLD_BACKORDER_COST] = backorderCost[n];
    nodeParams[h + NODE_COLD_LOST_SALE_COST] = lostSaleCost[n];
    nodeParams[h + NODE_COLD_ORDER_COST] = orderCost[n];
    let flags = policyType[n];
    if (demandKind[n] !== DEMAND_NONE) flags |= FLAG_HAS_DEMAND;
    if (lostSales[n]) flags |= FLAG_LOST_SALES;
    if (reviewPeriod[n] === 1 && reviewOffset[n] === 0) flags |= FLAG_DAILY_REVIEW;
    const i = n * NODE_INTS;
    const single = sourceStart[n + 1] - sourceStart[n] === 1 && edgeFrom[sourceEdges[sourceStart[n]]] >= 0;
    nodeInts[i + NODE_INT_FLAGS] = flags;
    nodeInts[i + NODE_INT_PIPE_OFFSET] = pipeOffset[n];
    nodeInts[i + NODE_INT_PIPE_MASK] = pipeMask[n];
    nodeInts[i + NODE_INT_REVIEW_PERIOD] = reviewPeriod[n];
    nodeInts[i + NODE_INT_SINGLE_EDGE] = single ? sourceEdges[sourceStart[n]] : -1;
    nodeInts[i + NODE_INT_SOURCE_NODE] = single ? edgeFrom[sourceEdges[sourceStart[n]]] : -1;
    nodeInts[i + NODE_INT_SOURCE_LOCATION] = single ? nodeLocation[edgeFrom[sourceEdges[sourceStart[n]]]] : -1;
    nodeInts[i + NODE_INT_SOURCE_SUPPLY_BIT] = single ? edgeSupplyBit[sourceEdges[sourceStart[n]]] : 0;
  }
  const edgeInts = new Int32Array(edgeCount * EDGE_INTS);
  const edgeCosts = new Float64Array(edgeCount * EDGE_COSTS);
  for (let e = 0; e < edgeCount; e++) {
    const r = e * EDGE_INTS;
    const lane = edgeLane[e];
    const child = edgeTo[e];
    edgeInts[r + EDGE_LANE] = lane;
    edgeInts[r + EDGE_CHILD] = child;
    edgeInts[r + EDGE_SOURCE] = edgeFrom[e];
    edgeInts[r + EDGE_LEAD_FIXED] = lane >= 0 ? laneLeadFixed[lane] : productionLead[child];
    edgeInts[r + EDGE_CHILD_PIPE_OFFSET] = pipeOffset[child];
    edgeInts[r + EDGE_CHILD_PIPE_MASK] = pipeMask[child];
    edgeInts[r + EDGE_CHILD_LOCATION] = nodeLocation[child];
    edgeInts[r + EDGE_FLAGS] = (lane >= 0 && Number.isFinite(laneCapacity[lane]) ? EDGE_FLAG_CAPACITATED : 0) | (integer[child] ? EDGE_FLAG_CHILD_INTEGER : 0);
    edgeCosts[e * EDGE_COSTS + EDGE_COST_PER_UNIT] = lane >= 0 ? laneCost[lane] : 0;
    edgeCosts[e * EDGE_COSTS + EDGE_PURCHASE_UNIT_COST] = edgeFrom[e] >= 0 && nodeIsSupplier[edgeFrom[e]] ? unitCost[child] : 0;
  }

  // Runs of nodes at one location within one block, and the first run of each block.
  const runStarts = [0];
  const blockRunStarts = [0];
  for (let n = 1; n < nodeCount; n++) {
    const newBlock = blockOfItem[nodeItem[n]] !== blockOfItem[nodeItem[n - 1]];
    if (newBlock || nodeLocation[n] !== nodeLocation[n - 1]) runStarts.push(n);
    if (newBlock) blockRunStarts.push(runStarts.length - 1);
  }
  runStarts.push(nodeCount);
  blockRunStarts.push(runStarts.length - 1);
  const runFlags = new Int32Array(runStarts.length - 1);
  for (let r = 0; r < runFlags.length; r++) {
    for (let n = runStarts[r]; n < runStarts[r + 1]; n++) {
      if (nodeIsSupplier[n]) runFlags[r] |= RUN_SUPPLIER;
      if (bomStart[n + 1] > bomStart[n]) runFlags[r] |= RUN_PRODUCES;
      if (supplyStart[n + 1] > supplyStart[n]) runFlags[r] |= RUN_SHIPS;
    }
  }

  return {
    days,
    warmupDays,
    seed: model.seed,
    startDate,
    traceEnabled,
    tracePeriodDays,
    nodeSeriesEnabled: options.nodeSeries ?? false,
    locationIds: network.locations.map((l) => l.id),
    locationKinds: network.locations.map((l) => l.kind),
    itemIds: network.items.map((i) => i.id),
    plantCapacity,
    demandNodesByLocation,
    nodeCount,
    stockNodeCount: stockDraftCount,
    nodeLocation,
    nodeItem,
    nodeIsSupplier,
    nodeKey,
    policyType,
    policyLow,
    policyHigh,
    moq,
    orderMultiple,
    reviewPeriod,
    reviewOffset,
    integer,
    lostSales,
    initialOnHand,
    unitCost,
    price,
    holdingCost,
    backorderCost,
    lostSaleCost,
    orderCost,
    demandKind,
    demandA,
    demandB,
    demandRef,
    demandSeries,
    tableValues,
    tableCdf,
    tableGuide,
    tableGuideStart,
    tableGuideLength,
    tableQuick,
    tableQuickBase,
    pipeOffset,
    pipeMask,
    pipeLength,
    edgeCount,
    edgeFrom,
    edgeTo,
    edgeLane,
    supplyStart,
    supplyEdges,
    supplyPriority,
    sourceStart,
    sourceEdges,
    sourceShare,
    sourcingSplit,
    laneCount,
    laneLeadFixed,
    laneLeadTable,
    laneCost,
    laneCapacity,
    bomStart,
    bomComponentNode,
    bomQuantity,
    productionLead,
    productionCost,
    nodeParams,
    edgeInts,
    edgeSupplyBit,
    edgeCosts,
    nodeInts,
    runStart: Int32Array.from(runStarts),
    runFlags,
    blockRunStart: Int32Array.from(blockRunStarts),
  };
}


/** Run flags: the run's location is a supplier (unlimited stock). */
export const RUN_SUPPLIER = 1;
/** Some node of the run produces from a BOM. */
export const RUN_PRODUCES = 2;
/** Some node of the run ships to downstream nodes. */
export const RUN_SHIPS = 4;

/** Nodes per block of independent items (see `CompiledModel.blockRunStart`). */
export const BLOCK_NODES = 512;

/**
 * Assigns items to blocks: items joined through BOMs stay together, and consecutive groups are
 * filled up to `blockNodes` nodes. With a shared capacity every item is in block 0.
 */
function itemBlocks(itemCount: number, capacityShared: boolean, boms: readonly (readonly number[])[], nodeItems: readonly number[], blockNodes: number): Int32Array {
  const block = new Int32Array(itemCount);
  if (capacityShared) return block;
  const parent = Int32Array.from({ length: itemCount }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  // Union by the smaller index, so each group's root is its first item.
  for (const items of boms) {
    for (const item of items.slice(1)) {
      const a = root(items[0]), b = root(item);
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    }
  }
  const nodesOfGroup = new Int32Array(itemCount);
  for (const item of nodeItems) nodesOfGroup[root(item)]++;
  const blockOfGroup = new Int32Array(itemCount);
  let current = 0;
  let filled = 0;
  for (let i = 0; i < itemCount; i++) {
    if (root(i) !== i || nodesOfGroup[i] === 0) continue;
    if (filled >= blockNodes) {
      current++;
      filled = 0;
    }
    blockOfGroup[i] = current;
    filled += nodesOfGroup[i];
  }
  for (let i = 0; i < itemCount; i++) block[i] = blockOfGroup[root(i)];
  return block;
}
