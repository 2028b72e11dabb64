/**
 * The day loop. A run is a mutable state over a compiled model that can be advanced a few days at
 * a time (so a background job can report progress between chunks) and finished into a result.
 *
 * Hot-path design: items that never affect each other are grouped into blocks of a few hundred
 * nodes (compile.ts), and `advance` simulates one block for a tile of up to 256 days before moving
 * to the next, so the block's state, parameters and demand stay in cache instead of the whole
 * network being streamed through memory every day. Within a block nodes are numbered in
 * processing order, location by location, so one forward sweep per day handles every node after
 * all of its customers and each location's day totals are summed in local variables; each run of
 * one location's nodes is simulated in passes, the per-node ones free of calls (see simulateDay). Per node the
 * sweep reads one packed parameter record (`CompiledModel.nodeParams`, `nodeInts`) and one packed
 * state record (`SimulationRun.state`). Receipts sit in a per-node circular buffer (`pipe`), so a
 * shipment is one add. Customer demand for the tile is drawn per node (`fillDemandBlock`), so each
 * node's random stream and distribution table stay in cache while drawing. Rare events
 * (multi-source orders, rationing, production, trace records) are separate functions; the common
 * node-day allocates nothing. Outcomes that are close to random from one node-day to the next
 * (whether a node receives, has demand, which customers have open orders) are handled without
 * branching on them where that is cheap: a mispredicted branch costs more than the work it skips.
 * The first run of a process primes the JIT (prime.ts).
 *
 * Blocks and tiles change the order in which trace entries and order lines are appended (and so
 * the order-line numbers), never their content; see the block-equivalence test.
 */
import { splitProportionally } from "../buckets/index.ts";
import { computeKpis, computeProfitAndLoss, type Kpis, type ProfitAndLoss } from "../kpi/index.ts";
import { nextUniform, sampleGamma, sampleStandardNormal, seedStream } from "../random/index.ts";
import * as layout from "./compile.ts";
import type { CompiledModel } from "./compile.ts";
import { PRIMING_FRACTIONAL_COMPONENT, PRIMING_MODEL, PRIMING_REAL_VALUED } from "./prime.ts";
import { SERIES_COUNT, SERIES_INDEX, SERIES_NAMES, type DailySeries, type SeriesName } from "./series.ts";
import {
  COST_BACKORDER,
  COST_COGS,
  COST_HOLDING,
  COST_LOST_SALE,
  COST_ORDERING,
  COST_PRODUCTION,
  COST_TRANSPORT,
  COST_TYPES,
  appendOrderLine,
  appendShipment,
  createLogBuffers,
  createTraceBuffers,
  freezeOrders,
  freezeTrace,
  putStock,
  tracePeriods,
  type CostTrace,
  type CostType,
  type LogBuffers,
  type OrderLog,
  type TraceBuffers,
} from "./trace.ts";

// The record layout, as module constants: V8 does not constant-fold imported bindings (every use
// in the day loop would load a cell and check that it is initialised) but folds module constants.
const { DEMAND_GAMMA, DEMAND_NORMAL, DEMAND_SERIES, DEMAND_TABLE, EDGE_CHILD, EDGE_CHILD_LOCATION,
  EDGE_CHILD_PIPE_MASK, EDGE_CHILD_PIPE_OFFSET, EDGE_COSTS, EDGE_COST_PER_UNIT, EDGE_FLAGS, EDGE_FLAG_CAPACITATED,
  EDGE_FLAG_CHILD_INTEGER, EDGE_INTS, EDGE_LANE, EDGE_LEAD_FIXED, EDGE_PURCHASE_UNIT_COST, EDGE_SOURCE,
  FLAG_DAILY_REVIEW, FLAG_HAS_DEMAND, FLAG_LOST_SALES,
  FLAG_POLICY_MASK, NODE_COLD_BACKORDER_COST, NODE_COLD_LOST_SALE_COST,
  NODE_COLD_MOQ, NODE_COLD_ORDER_COST, NODE_COLD_ORDER_MULTIPLE, NODE_COLD_POLICY_HIGH,
  NODE_HOT_HOLDING_COST, NODE_HOT_POLICY_LOW, NODE_HOT_PRICE, NODE_HOT_UNIT_COST, NODE_INTS,
  NODE_INT_FLAGS, NODE_INT_PIPE_MASK, NODE_INT_PIPE_OFFSET, NODE_INT_REVIEW_PERIOD,
  NODE_INT_SINGLE_EDGE, NODE_INT_SOURCE_LOCATION, NODE_INT_SOURCE_NODE, NODE_INT_SOURCE_SUPPLY_BIT, NODE_PARAMS, NODE_RECORD, NODE_STATE_CHILD_OUT,
  POLICY_MIN_MAX, POLICY_ORDER_UP_TO, POLICY_R_Q, POLICY_S_S, QUICK_BITS, QUICK_MISS, QUICK_SIZE, RUN_PRODUCES, RUN_SHIPS,
  RUN_SUPPLIER } = layout;

const F = SERIES_COUNT;
const S_DEMAND = SERIES_INDEX.demand;
const S_SALES = SERIES_INDEX.sales;
const S_ON_TIME = SERIES_INDEX.filledOnTime;
const S_LOST = SERIES_INDEX.lostSales;
const S_RECEIPTS = SERIES_INDEX.receipts;
const S_TRANSFERS = SERIES_INDEX.transfersOut;
const S_CONSUMPTION = SERIES_INDEX.consumption;
const S_PRODUCTION = SERIES_INDEX.production;
const S_ORDERED = SERIES_INDEX.orderedUnits;
const S_ORDERS = SERIES_INDEX.ordersPlaced;
const S_LINES = SERIES_INDEX.demandLines;
const S_OTIF = SERIES_INDEX.otifLines;
const S_STOCKOUT = SERIES_INDEX.stockoutNodes;
const S_REVENUE = SERIES_INDEX.revenue;
const S_COGS = SERIES_INDEX.cogs;
const S_HOLDING = SERIES_INDEX.holdingCost;
const S_ORDERING = SERIES_INDEX.orderingCost;
const S_TRANSPORT = SERIES_INDEX.transportCost;
const S_PRODUCTION_COST = SERIES_INDEX.productionCost;
const S_BACKORDER_COST = SERIES_INDEX.backorderCost;
const S_LOST_COST = SERIES_INDEX.lostSaleCost;
const S_PURCHASES = SERIES_INDEX.purchases;
const S_ON_HAND = SERIES_INDEX.onHand;
const S_ON_HAND_VALUE = SERIES_INDEX.onHandValue;
const S_BACKORDERS = SERIES_INDEX.backorders;
const S_OPEN_ORDERS = SERIES_INDEX.openOrders;
const S_ON_ORDER = SERIES_INDEX.onOrder;
/**
 * Series that are end-of-day levels (or costs of a level). The day loop records only their change
 * over the day, from the flows that change them (receipts, sales, shipments, consumption, orders),
 * and `storeTileTotals` sums the changes into levels: this keeps seven sums and three products per
 * node-day out of the day loop. Supplier locations keep no stock, so their levels stay 0.
 */
const LEVEL_SERIES = [S_ON_HAND, S_ON_HAND_VALUE, S_HOLDING, S_BACKORDERS, S_BACKORDER_COST, S_OPEN_ORDERS, S_ON_ORDER];

/** Fields of a node's record in `SimulationRun.flushed`: its totals as of the last trace flush. */
const FLUSHED_FIELDS = 4;
const FLUSHED_ON_HAND = 0;
const FLUSHED_SALES = 1;
const FLUSHED_BACKLOG = 2;
const FLUSHED_LOST = 3;

/** Stream words per node (its demand stream), and per edge (its lead-time stream). */
const STREAMS_PER_NODE_WORDS = 4;
const LEAD_STREAM_WORDS = 4;
/**
 * Days simulated per block at a time (a tile): demand is drawn and day totals kept per tile.
 * Long tiles make fewer passes over the network per run, so a node's demand table (which does
 * not stay in cache from one pass to the next) is fetched for more draws at a time; the tile's
 * demand and day-total buffers bound the length (see `tileDaysFor`).
 */
const MAX_TILE_DAYS = 256;
const MIN_TILE_DAYS = 16;
/** Cells (doubles) the tile buffers may take before tiles get shorter: 8 MiB. */
const TILE_BUFFER_CELLS = 1 << 20;
const TWO_POW_MINUS_32 = 1 / 4294967296;

/** Fields of a node's state record in `SimulationRun.state` (NODE_RECORD doubles per node). */
const ON_HAND = 0;
/** Customer backorders. */
const BACKLOG = 1;
/** Ordered, not yet received. */
const ON_ORDER = 2;
/** Ordered from this node by downstream nodes, not yet shipped. */
const CHILD_OUT = NODE_STATE_CHILD_OUT;
const NEXT_REVIEW = 4;
/** Totals since warm-up, from which costs by item are derived. */
const SUM_ON_HAND = 5;
const SUM_SALES = 6;
const SUM_BACKLOG = 7;

/** Daily series per SKU-node, each `nodeCount × days` long at index node × days + day. */
export interface NodeSeries {
  /** End-of-day on-hand. */
  readonly onHand: Float64Array;
  readonly receipts: Float64Array;
  /** Everything that left stock: sales, transfers to downstream nodes, consumption by production. */
  readonly shipments: Float64Array;
  readonly demand: Float64Array;
  readonly sales: Float64Array;
  readonly lostSales: Float64Array;
  /** End-of-day customer backorders. */
  readonly backorders: Float64Array;
  /** Quantity ordered (replenishment). */
  readonly ordered: Float64Array;
}

export interface RunOptions {
  /** Replication number: independent random streams per replication. Default 0. */
  readonly replication?: number;
  /** Override the model's trace option (Monte Carlo turns it off). */
  readonly trace?: boolean;
}

/** Mutable state of one simulation run. Create with `createRun`, step with `advance`, end with `finish`. */
export interface SimulationRun {
  readonly model: CompiledModel;
  readonly replication: number;
  readonly traceEnabled: boolean;
  /** Next day to simulate (= days done). */
  day: number;
  /**
   * Per-node state records of NODE_RECORD doubles: on-hand, customer backorders, on-order,
   * unshipped downstream orders, next review day, and on-hand / sales / backorder totals.
   */
  readonly state: Float64Array;
  /** Production ordered, not yet started. */
  readonly wip: Float64Array;
  readonly sumLost: Float64Array;
  readonly orderCount: Float64Array;
  /** Transport cost since warm-up per edge (charged to the receiving node). */
  readonly edgeTransportCost: Float64Array;
  readonly nodeProductionCost: Float64Array;
  readonly edgeOutstanding: Float64Array;
  /**
   * Per node, which of its customer edges have open orders (`CompiledModel.edgeSupplyBit` bits;
   * bit 31 stands for every edge from position 31 on): shipping visits only those.
   */
  readonly openSupply: Int32Array;
  readonly pipe: Float64Array;
  readonly streams: Int32Array;
  /**
   * Per edge, the stream its drawn lead times come from. One per edge rather than per receiving
   * node: the order in which a node's sources ship on one day then cannot change which lead time
   * each shipment draws (it depends on how locations are ranked, which a sub-network can change).
   */
  readonly leadStreams: Int32Array;
  /** Days per tile (see MAX_TILE_DAYS). */
  readonly tileDays: number;
  /** Demand of the current tile for the block being simulated, index (day − tile start) × block width + (node − block's first node). */
  readonly demandBlock: Float64Array;
  readonly laneCapacityLeft: Float64Array;
  readonly capacitatedLanes: Int32Array;
  readonly plantCapacityLeft: Float64Array;
  readonly capacitatedPlants: Int32Array;
  /** Series per location: index (series × locations + location) × days + day. */
  readonly locationSeries: Float64Array;
  /** The current tile's per-location day totals: index (day − tile start) × locations × SERIES_COUNT + location × SERIES_COUNT + series. */
  readonly tileTotals: Float64Array;
  /** Offset of the day being simulated in `tileTotals`. */
  accDay: number;
  /**
   * Sum of the table entries `touchTable` read ahead, kept so the reads are not optimised away
   * (a typed array: a number field changing from integer to fractional would change the run
   * object's hidden class and throw away all code compiled for it).
   */
  readonly touched: Float64Array;
  /** Each location's level series (`LEVEL_SERIES`) at the end of the last tile stored, index location × SERIES_COUNT + series. */
  readonly levels: Float64Array;
  readonly locationIsSupplier: Uint8Array;
  readonly nodeSeries: NodeSeries | undefined;
  /** Orders booked by `stepNodes` and not yet sent (see `sendPendingOrders`): node and quantity, in the run's node order. */
  readonly pendingOrder: Float64Array;
  readonly pendingNode: Int32Array;
  readonly scratchShares: Float64Array;
  readonly scratchWeights: Float64Array;
  readonly trace: TraceBuffers | undefined;
  /** The order log's lines and shipments (see `OrderLog`) when tracing. */
  readonly orders: LogBuffers | undefined;
  readonly shipments: LogBuffers | undefined;
  /** Per node, the totals already written to the trace by periodic flushes (FLUSHED_FIELDS each, see FLUSHED_ON_HAND …). */
  readonly flushed: Float64Array;
}

/** Cost totals by cost type. */
export type CostByType = Readonly<Record<CostType, number>>;

export interface CostSummary {
  readonly total: number;
  readonly byType: CostByType;
  readonly byLocation: readonly { readonly locationId: string; readonly total: number; readonly byType: CostByType }[];
  readonly byItem: readonly { readonly itemId: string; readonly total: number; readonly byType: CostByType }[];
}

export interface SimulationResult {
  readonly days: number;
  readonly warmupDays: number;
  readonly startDate: string;
  readonly replication: number;
  readonly locationIds: readonly string[];
  readonly itemIds: readonly string[];
  /** SKU-nodes: location and item index of each node id used in the trace and node series. */
  readonly nodes: { readonly count: number; readonly location: Int32Array; readonly item: Int32Array; readonly isSupplier: Uint8Array };
  readonly series: { readonly network: DailySeries; readonly byLocation: readonly DailySeries[] };
  readonly kpis: Kpis;
  readonly kpisByLocation: readonly Kpis[];
  readonly pnl: ProfitAndLoss;
  readonly pnlByLocation: readonly ProfitAndLoss[];
  readonly costSummary: CostSummary;
  /** Cost totals per SKU-node after the warm-up: `costsByNode[n × COST_TYPES.length + type]` (the summary's parts). */
  readonly costsByNode: Float64Array;
  readonly trace: CostTrace | undefined;
  readonly orders: OrderLog | undefined;
  readonly nodeSeries: NodeSeries | undefined;
}

/** Whether this process has primed the JIT (see prime.ts). */
const jit = { primed: false };

/** Simulates PRIMING_MODEL with and without the trace and node series, and its variants with the trace (see prime.ts). */
function primeJit(): void {
  jit.primed = true;
  for (const nodeSeries of [false, true]) {
    const model = layout.compileModel({ ...PRIMING_MODEL, options: { ...PRIMING_MODEL.options, nodeSeries } });
    for (const trace of [false, true]) finish(createRun(model, { trace }));
  }
  for (const variant of [PRIMING_REAL_VALUED, PRIMING_FRACTIONAL_COMPONENT]) finish(createRun(layout.compileModel(variant), { trace: true }));
}

/** Creates the state of a run at day 0. */
export function createRun(model: CompiledModel, options: RunOptions = {}): SimulationRun {
  if (!jit.primed) primeJit();
  const n = model.nodeCount;
  const replication = options.replication ?? 0;
  const traceEnabled = options.trace ?? model.traceEnabled;
  const streams = new Int32Array(n * STREAMS_PER_NODE_WORDS);
  // Only streams that will be drawn from are seeded (seeding is most of the cost of a run's set-up):
  // a demand stream for drawn demand, a lead-time stream for a lane edge with a drawn lead time.
  for (let i = 0; i < n; i++) {
    if (model.demandKind[i] >= DEMAND_TABLE) seedStream(streams, i * STREAMS_PER_NODE_WORDS, model.seed, replication, model.nodeKey[i]);
  }
  const leadStreams = new Int32Array(model.edgeCount * LEAD_STREAM_WORDS);
  for (let e = 0; e < model.edgeCount; e++) {
    const r = e * EDGE_INTS;
    if (model.edgeInts[r + EDGE_LEAD_FIXED] === 0 && model.edgeInts[r + EDGE_LANE] >= 0) {
      seedStream(leadStreams, e * LEAD_STREAM_WORDS, model.seed, replication, leadStreamKey(model, e));
    }
  }
  const state = new Float64Array(n * NODE_RECORD);
  for (let i = 0; i < n; i++) {
    state[i * NODE_RECORD + ON_HAND] = model.initialOnHand[i];
    state[i * NODE_RECORD + NEXT_REVIEW] = model.reviewOffset[i];
  }
  const capacitatedLanes: number[] = [];
  for (let l = 0; l < model.laneCount; l++) if (Number.isFinite(model.laneCapacity[l])) capacitatedLanes.push(l);
  const capacitatedPlants: number[] = [];
  model.plantCapacity.forEach((c, l) => {
    if (Number.isFinite(c)) capacitatedPlants.push(l);
  });
  const days = model.days;
  const locations = model.locationIds.length;
  const nodeSeries: NodeSeries | undefined = model.nodeSeriesEnabled
    ? {
        onHand: new Float64Array(n * days),
        receipts: new Float64Array(n * days),
        shipments: new Float64Array(n * days),
        demand: new Float64Array(n * days),
        sales: new Float64Array(n * days),
        lostSales: new Float64Array(n * days),
        backorders: new Float64Array(n * days),
        ordered: new Float64Array(n * days),
      }
    : undefined;
  // The order log starts at about what a network ordering weekly needs (an order line, and a
  // shipment, every 8 days per edge) and grows by half when full. Sized so, each column of the
  // standard case stays below the C allocator's 32 MiB threshold for a fresh mapping of its own: a
  // later run in the process reuses memory freed by earlier ones instead of faulting in fresh
  // pages (≈ 1.5 µs per 4 KiB here, a tenth of a traced run).
  const lineCapacity = traceEnabled ? Math.min(2 ** 28, model.edgeCount * Math.ceil(days / 8)) : 0;
  const stockCells = traceEnabled ? tracePeriods(days, model.warmupDays, model.tracePeriodDays) * n : 0;
  const flushed = traceEnabled ? n : 0;
  const widest = widestBlock(model);
  const tileDays = tileDaysFor(widest, locations);
  const { levels, locationIsSupplier } = initialLevels(model);
  return {
    model,
    replication,
    traceEnabled,
    day: 0,
    state,
    wip: new Float64Array(n),
    sumLost: new Float64Array(n),
    orderCount: new Float64Array(n),
    edgeTransportCost: new Float64Array(model.edgeCount),
    nodeProductionCost: new Float64Array(n),
    edgeOutstanding: new Float64Array(model.edgeCount),
    openSupply: new Int32Array(n),
    pipe: new Float64Array(model.pipeLength),
    streams,
    leadStreams,
    tileDays,
    demandBlock: new Float64Array(tileDays * widest),
    laneCapacityLeft: Float64Array.from(model.laneCapacity),
    capacitatedLanes: Int32Array.from(capacitatedLanes),
    plantCapacityLeft: Float64Array.from(model.plantCapacity),
    capacitatedPlants: Int32Array.from(capacitatedPlants),
    locationSeries: new Float64Array(F * locations * days),
    tileTotals: new Float64Array(tileDays * locations * F),
    accDay: 0,
    touched: new Float64Array(1),
    levels,
    locationIsSupplier,
    nodeSeries,
    pendingOrder: new Float64Array(widest),
    pendingNode: new Int32Array(widest),
    scratchShares: new Float64Array(Math.max(model.edgeCount, 1)),
    scratchWeights: new Float64Array(Math.max(model.edgeCount, 1)),
    trace: traceEnabled ? createTraceBuffers(stockCells, quantityBits(model, model.tracePeriodDays)) : undefined,
    orders: traceEnabled ? createLogBuffers("lines", lineCapacity, quantityBits(model, 1)) : undefined,
    shipments: traceEnabled ? createLogBuffers("shipments", lineCapacity, quantityBits(model, 1)) : undefined,
    flushed: new Float64Array(flushed * FLUSHED_FIELDS),
  };
}

/**
 * The key of edge `e`'s lead-time stream, from the item and locations it joins (what names it in
 * any model holding it, whatever else the model holds): the receiving node's key, the source's, and
 * how many earlier edges from the same source the receiving node has (parallel lanes).
 */
function leadStreamKey(m: CompiledModel, e: number): number {
  const child = m.edgeTo[e];
  const from = m.edgeFrom[e];
  let parallel = 0;
  for (let k = m.sourceStart[child]; m.sourceEdges[k] !== e; k++) if (m.edgeFrom[m.sourceEdges[k]] === from) parallel++;
  return (m.nodeKey[child] ^ 0x5bd1e995 ^ Math.imul(m.nodeKey[from] + parallel, 0x9e3779b1)) >>> 0;
}

/**
 * The width of the trace's stock matrices and order quantities (see `CostTrace`, `OrderLog`): 64
 * unless every item counts in whole units; then 16 if no node's stock (or order) summed over
 * `days` days can reach 65,536 units, judged from its policy (the level an order brings the
 * inventory position to, plus an MOQ or a multiple past it) and its initial stock, else 32. A
 * judgement, not a promise: a quantity that does not fit is kept aside, exactly.
 */
function quantityBits(m: CompiledModel, days: number): 16 | 32 | 64 {
  let most = 0;
  for (let n = 0; n < m.nodeCount; n++) {
    if (!m.integer[n]) return 64;
    if (m.nodeIsSupplier[n]) continue;
    const type = m.policyType[n];
    const low = m.policyLow[n];
    const upTo = type === POLICY_R_Q ? low + m.policyHigh[n] : type === POLICY_ORDER_UP_TO ? low : m.policyHigh[n];
    most = Math.max(most, m.initialOnHand[n], Math.max(upTo, low + m.moq[n]) + m.orderMultiple[n]);
  }
  return most * days < 65_536 ? 16 : 32;
}

/** Day-0 levels: the initial stock of every location, in units, at unit cost and its holding cost. */
function initialLevels(m: CompiledModel): { levels: Float64Array; locationIsSupplier: Uint8Array } {
  const levels = new Float64Array(m.locationIds.length * F);
  const locationIsSupplier = new Uint8Array(m.locationIds.length);
  for (let n = 0; n < m.nodeCount; n++) {
    const l = m.nodeLocation[n];
    if (m.nodeIsSupplier[n]) {
      locationIsSupplier[l] = 1;
      continue;
    }
    const stock = m.initialOnHand[n];
    levels[l * F + S_ON_HAND] += stock;
    levels[l * F + S_ON_HAND_VALUE] += stock * m.unitCost[n];
    levels[l * F + S_HOLDING] += stock * m.holdingCost[n];
  }
  return { levels, locationIsSupplier };
}

/** The longest tile (a power of two of MIN_TILE_DAYS..MAX_TILE_DAYS days) whose buffers fit TILE_BUFFER_CELLS. */
function tileDaysFor(widestBlockNodes: number, locations: number): number {
  let days = MAX_TILE_DAYS;
  while (days > MIN_TILE_DAYS && days * (widestBlockNodes + locations * F) > TILE_BUFFER_CELLS) days /= 2;
  return days;
}

/** Nodes in the largest block: the demand of one tile is drawn for one block at a time. */
function widestBlock(m: CompiledModel): number {
  let widest = 1;
  for (let b = 0; b + 1 < m.blockRunStart.length; b++) {
    widest = Math.max(widest, m.runStart[m.blockRunStart[b + 1]] - m.runStart[m.blockRunStart[b]]);
  }
  return widest;
}

/** On-hand of every node at the current day (a copy, node-indexed). */
export function onHandOf(run: SimulationRun): Float64Array {
  const out = new Float64Array(run.model.nodeCount);
  for (let n = 0; n < out.length; n++) out[n] = run.state[n * NODE_RECORD + ON_HAND];
  return out;
}

/**
 * Draws customer demand for days [firstDay, firstDay + span) of nodes [n0, n1) into
 * `run.demandBlock` (layout day × node). Drawing a block of days per node keeps that node's
 * distribution table and random stream in cache for the whole block instead of touching them once
 * per day; each node's stream is consumed in day order, so results do not depend on blocking.
 */
function fillDemandBlock(run: SimulationRun, firstDay: number, span: number, n0: number, n1: number): void {
  const m = run.model;
  const nodes = n1 - n0;
  const block = run.demandBlock;
  const streams = run.streams;
  const { demandKind, demandRef, demandA, demandB, demandSeries, integer } = m;
  let touched = 0;
  for (let n = n0; n < n1; n++) {
    const kind = demandKind[n];
    if (kind === 0) continue;
    const so = n * STREAMS_PER_NODE_WORDS;
    const col = n - n0;
    if (kind === DEMAND_TABLE) {
      if (n + 1 < n1 && demandKind[n + 1] === DEMAND_TABLE) touched += touchTable(m, demandRef[n + 1]);
      drawTableDays(m, demandRef[n], streams, so, block, col, nodes, span);
    } else if (kind === DEMAND_SERIES) {
      const offset = demandRef[n] + firstDay;
      for (let i = 0; i < span; i++) block[i * nodes + col] = demandSeries[offset + i];
    } else {
      const round = integer[n] === 1;
      for (let i = 0; i < span; i++) {
        let d =
          kind === DEMAND_NORMAL
            ? demandA[n] + demandB[n] * sampleStandardNormal(streams, so)
            : kind === DEMAND_GAMMA
              ? sampleGamma(streams, so, demandA[n], demandB[n])
              : 0;
        if (d < 0) d = 0;
        block[i * nodes + col] = round ? Math.round(d) : d;
      }
    }
  }
  run.touched[0] = touched;
}

/**
 * Reads one entry of every cache line of table `table` (quick lookup, guide, CDF, values) and returns
 * their sum. `fillDemandBlock` calls it for the next node while drawing the current one: the
 * tables of a whole network do not stay in cache from one tile to the next, and a table search
 * that waits for memory costs far more than a draw, so this starts those loads early (a software
 * prefetch; the processor overlaps them with the current node's draws).
 */
function touchTable(m: CompiledModel, table: number): number {
  const quick = m.tableQuick;
  const q = table * QUICK_SIZE;
  let sum = 0;
  for (let i = 0; i < QUICK_SIZE; i += 64) sum += quick[q + i];
  const start = m.tableGuideStart[table];
  const end = start + m.tableGuideLength[table];
  for (let i = start; i < end; i += 16) sum += m.tableGuide[i];
  for (let i = start; i < end; i += 8) sum += m.tableCdf[i] + m.tableValues[i];
  return sum;
}

/**
 * Draws `span` days of demand from pooled discrete table `table` with the SFC32 stream at
 * `streams[so..so+3]` (see random/prng.ts; stepped in registers here), into `block` at `at`,
 * `at + stride`, ... — the same values as `drawTable` on each uniform. Its own function so the
 * stream words stay in registers: this loop draws every table demand.
 */
function drawTableDays(m: CompiledModel, table: number, streams: Int32Array, so: number, block: Float64Array, at: number, stride: number, span: number): void {
  const tableQuick = m.tableQuick;
  const quickStart = table * QUICK_SIZE;
  const quickBase = m.tableQuickBase[table];
  let a = streams[so] | 0, b = streams[so + 1] | 0, c = streams[so + 2] | 0, e = streams[so + 3] | 0;
  for (let i = 0; i < span; i++, at += stride) {
    const x = (((a + b) | 0) + e) | 0;
    e = (e + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + x) | 0;
    // The uniform is u = x / 2^32, so its quick entry floor(u · QUICK_SIZE) is x's top QUICK_BITS bits.
    const quick = tableQuick[quickStart + (x >>> (32 - QUICK_BITS))];
    if (quick !== QUICK_MISS) {
      block[at] = quickBase + quick;
      continue;
    }
    block[at] = drawTable(m, table, (x >>> 0) * TWO_POW_MINUS_32);
  }
  streams[so] = a;
  streams[so + 1] = b;
  streams[so + 2] = c;
  streams[so + 3] = e;
}

/**
 * Draws from pooled discrete table `table` with uniform `u`: the quick byte lookup when it
 * decides the value, else the guide-table search. Same result as a plain inverse-CDF search.
 */
export function drawTable(m: CompiledModel, table: number, u: number): number {
  const quick = m.tableQuick[table * QUICK_SIZE + ((u * QUICK_SIZE) | 0)];
  if (quick !== QUICK_MISS) return m.tableQuickBase[table] + quick;
  const cdf = m.tableCdf;
  let k = m.tableGuide[m.tableGuideStart[table] + ((u * m.tableGuideLength[table]) | 0)];
  while (cdf[k] <= u) k++;
  return m.tableValues[k];
}

/** Books `quantity` as open on edge `e` (and logs its order line when tracing). */
function addToEdge(run: SimulationRun, e: number, quantity: number, t: number): void {
  const m = run.model;
  const from = m.edgeFrom[e];
  const to = m.edgeTo[e];
  if (from < 0) run.wip[to] += quantity;
  else {
    run.edgeOutstanding[e] += quantity;
    run.openSupply[from] |= m.edgeSupplyBit[e];
    run.state[from * NODE_RECORD + CHILD_OUT] += quantity;
    run.tileTotals[run.accDay + m.nodeLocation[from] * F + S_OPEN_ORDERS] += quantity;
  }
  if (run.orders) appendOrderLine(run.orders, e, t, quantity);
}

/**
 * Ships up to `quantity` over edge `e` today (less if the lane's capacity runs out); returns units
 * shipped. The caller records what leaves the source (its stock, open orders and transfers).
 */
function ship(run: SimulationRun, e: number, quantity: number, t: number): number {
  const m = run.model;
  const rec = m.edgeInts;
  const r = e * EDGE_INTS;
  let x = quantity;
  const flags = rec[r + EDGE_FLAGS];
  if (flags & EDGE_FLAG_CAPACITATED) {
    const lane = rec[r + EDGE_LANE];
    const cap = run.laneCapacityLeft[lane];
    if (x > cap) x = flags & EDGE_FLAG_CHILD_INTEGER ? Math.floor(cap) : cap;
    if (x <= 0) return 0;
    run.laneCapacityLeft[lane] = cap - x;
  }
  let lead = rec[r + EDGE_LEAD_FIXED];
  if (lead === 0) lead = drawLeadTime(run, e, rec[r + EDGE_LANE]);
  run.pipe[rec[r + EDGE_CHILD_PIPE_OFFSET] + ((t + lead) & rec[r + EDGE_CHILD_PIPE_MASK])] += x;
  run.edgeOutstanding[e] -= x;
  const source = rec[r + EDGE_SOURCE];
  run.state[source * NODE_RECORD + CHILD_OUT] -= x;
  const costPerUnit = m.edgeCosts[e * EDGE_COSTS + EDGE_COST_PER_UNIT];
  const cost = x * costPerUnit;
  const acc = run.tileTotals;
  const to = run.accDay + rec[r + EDGE_CHILD_LOCATION] * F;
  acc[to + S_TRANSPORT] += cost;
  acc[to + S_PURCHASES] += x * m.edgeCosts[e * EDGE_COSTS + EDGE_PURCHASE_UNIT_COST];
  if (t >= m.warmupDays) run.edgeTransportCost[e] += cost;
  if (run.nodeSeries) run.nodeSeries.shipments[source * m.days + t] += x;
  if (run.shipments && costPerUnit !== 0) appendShipment(run.shipments, run.orders as LogBuffers, e, t, x);
  return x;
}

function drawLeadTime(run: SimulationRun, e: number, lane: number): number {
  const m = run.model;
  return drawTable(m, m.laneLeadTable[lane], nextUniform(run.leadStreams, e * LEAD_STREAM_WORDS));
}

/**
 * Ships every open downstream order of node `n` in full (a supplier, or a node with stock for
 * all of them) and returns the units shipped; the caller records what leaves the source's stock.
 */
function shipAllOpen(run: SimulationRun, n: number, t: number): number {
  const { state, model: m, edgeOutstanding: out, openSupply } = run;
  const { supplyStart, supplyEdges } = m;
  const h = n * NODE_RECORD;
  const s0 = supplyStart[n];
  const s1 = supplyStart[n + 1];
  let complete = true;
  let shipped = 0;
  // Visit only the edges with open orders (see `openSupply`), in allocation order: a scan of
  // every edge would branch on each one, and which are open is close to random day by day.
  let bits = openSupply[n];
  openSupply[n] = 0;
  while (bits !== 0) {
    const position = 31 - Math.clz32(bits & -bits);
    bits &= bits - 1;
    const last = position === 31 ? s1 : s0 + position + 1;
    for (let k = s0 + position; k < last; k++) {
      const e = supplyEdges[k];
      const open = out[e];
      if (!(open > 0)) continue;
      const x = ship(run, e, open, t);
      shipped += x;
      if (x < open) complete = false;
    }
  }
  // Reset exactly: summed real-valued quantities can leave a 1e-15 residue that would keep this
  // node shipping every day.
  if (complete) state[h + CHILD_OUT] = 0;
  else markOpenSupply(run, n);
  return shipped;
}

/** Recomputes node `n`'s `openSupply` bits from its customer edges' open orders. */
function markOpenSupply(run: SimulationRun, n: number): void {
  const m = run.model;
  let bits = 0;
  for (let k = m.supplyStart[n]; k < m.supplyStart[n + 1]; k++) {
    const e = m.supplyEdges[k];
    if (run.edgeOutstanding[e] > 0) bits |= m.edgeSupplyBit[e];
  }
  run.openSupply[n] = bits;
}

/**
 * Rations `onHand` of node `n` among its downstream customers' open orders when it cannot serve
 * them all; returns the on-hand left. Customers are served by allocation priority; within the
 * first priority class that cannot be served in full, stock is shared in proportion to the
 * quantities open (largest remainder for whole units).
 */
function rationCustomers(run: SimulationRun, n: number, onHand: number, t: number): number {
  const m = run.model;
  const out = run.edgeOutstanding;
  const s0 = m.supplyStart[n];
  const s1 = m.supplyStart[n + 1];
  let shipped = 0;
  const integer = m.integer[n] === 1;
  let available = integer ? Math.floor(onHand) : onHand;
  let k = s0;
  while (k < s1 && available > 0) {
    const priority = m.supplyPriority[k];
    let classEnd = k;
    let requested = 0;
    while (classEnd < s1 && m.supplyPriority[classEnd] === priority) requested += out[m.supplyEdges[classEnd++]];
    if (requested <= available) {
      for (let j = k; j < classEnd; j++) {
        const e = m.supplyEdges[j];
        if (out[e] > 0) {
          const x = ship(run, e, out[e], t);
          shipped += x;
          available -= x;
        }
      }
    } else {
      const shares = run.scratchShares;
      const weights = run.scratchWeights;
      for (let j = k; j < classEnd; j++) weights[j] = out[m.supplyEdges[j]];
      splitProportionally(available, classEnd - k, integer, shares, k, weights);
      for (let j = k; j < classEnd; j++) {
        const e = m.supplyEdges[j];
        const share = Math.min(shares[j], out[e]);
        if (share > 0) {
          const x = ship(run, e, share, t);
          shipped += x;
          available -= x;
        }
      }
      break;
    }
    k = classEnd;
  }
  markOpenSupply(run, n);
  return onHand - shipped;
}

/** Units a source could ship right now for "priority" sourcing. */
function availableAtSource(run: SimulationRun, e: number): number {
  const from = run.model.edgeFrom[e];
  if (from < 0 || run.model.nodeIsSupplier[from]) return Infinity;
  const s = from * NODE_RECORD;
  return Math.max(0, run.state[s + ON_HAND] - run.state[s + CHILD_OUT] - run.state[s + BACKLOG]);
}

/**
 * Sends node `n`'s order of `quantity`, already booked by the day loop, to its sources: split,
 * by priority, or to its own production (the day loop sends plain single-lane orders itself).
 */
function routeOrder(run: SimulationRun, n: number, quantity: number, t: number): void {
  const m = run.model;
  const s0 = m.sourceStart[n];
  const s1 = m.sourceStart[n + 1];
  if (s1 - s0 === 1) addToEdge(run, m.sourceEdges[s0], quantity, t);
  else if (m.sourcingSplit[n]) {
    const shares = run.scratchShares;
    splitProportionally(quantity, s1 - s0, m.integer[n] === 1 && Number.isInteger(quantity), shares, s0, m.sourceShare);
    for (let k = s0; k < s1; k++) {
      if (shares[k] > 0) addToEdge(run, m.sourceEdges[k], shares[k], t);
    }
  } else {
    let rest = quantity;
    for (let k = s0; k < s1 && rest > 0; k++) {
      let take = Math.min(rest, availableAtSource(run, m.sourceEdges[k]));
      if (m.integer[n]) take = Math.floor(take);
      if (take > 0) {
        addToEdge(run, m.sourceEdges[k], take, t);
        rest -= take;
      }
    }
    if (rest > 0) addToEdge(run, m.sourceEdges[s0], rest, t);
  }
}

/** Starts as much of node `n`'s production queue as plant capacity and component stock allow. */
function startProduction(run: SimulationRun, n: number, t: number): void {
  const m = run.model;
  const state = run.state;
  const location = m.nodeLocation[n];
  let start = run.wip[n];
  const capacity = run.plantCapacityLeft[location];
  if (start > capacity) start = capacity;
  const c0 = m.bomStart[n];
  const c1 = m.bomStart[n + 1];
  for (let c = c0; c < c1; c++) {
    const possible = state[m.bomComponentNode[c] * NODE_RECORD + ON_HAND] / m.bomQuantity[c];
    if (start > possible) start = possible;
  }
  if (m.integer[n]) start = Math.floor(start + 1e-9);
  if (!(start > 0)) return;
  const acc = run.tileTotals;
  const base = run.accDay + location * F;
  for (let c = c0; c < c1; c++) {
    const component = m.bomComponentNode[c];
    const used = start * m.bomQuantity[c];
    const stock = state[component * NODE_RECORD + ON_HAND];
    let left = stock - used;
    // Real-valued BOM quantities can overshoot the stock by one rounding; never go negative.
    if (left < 0) left = 0;
    state[component * NODE_RECORD + ON_HAND] = left;
    acc[base + S_CONSUMPTION] += used;
    acc[base + S_ON_HAND] -= stock - left;
    acc[base + S_ON_HAND_VALUE] -= (stock - left) * m.unitCost[component];
    acc[base + S_HOLDING] -= (stock - left) * m.holdingCost[component];
    if (run.nodeSeries) run.nodeSeries.shipments[component * m.days + t] += used;
  }
  run.wip[n] -= start;
  run.plantCapacityLeft[location] = capacity - start;
  run.pipe[m.pipeOffset[n] + ((t + m.productionLead[n]) & m.pipeMask[n])] += start;
  const costPerUnit = m.productionCost[n];
  acc[base + S_PRODUCTION] += start;
  acc[base + S_PRODUCTION_COST] += start * costPerUnit;
  if (t >= m.warmupDays) run.nodeProductionCost[n] += start * costPerUnit;
  if (run.shipments && costPerUnit !== 0) appendShipment(run.shipments, run.orders as LogBuffers, m.sourceEdges[m.sourceStart[n]], t, start);
}

/**
 * Writes the stock quantities behind the stock-driven costs of nodes [n0, n1) accrued since the
 * last flush (unit-days on hand and backordered, units lost and sold) as trace period `period`.
 * One uniform pass (a supplier or a node without demand simply writes zeros), a branch only for
 * the rare: a quantity a matrix does not hold exactly (it reads back changed, see `CostTrace`),
 * and backorders or lost sales.
 */
function flushPeriodicCosts(run: SimulationRun, period: number, n0: number, n1: number): void {
  const trace = run.trace as TraceBuffers;
  const holding = trace.stock[COST_HOLDING];
  const cogs = trace.stock[COST_COGS];
  const row = period * run.model.nodeCount;
  const { state, flushed, sumLost } = run;
  for (let n = n0; n < n1; n++) {
    const s = n * NODE_RECORD;
    const f = n * FLUSHED_FIELDS;
    const onHandSum = state[s + SUM_ON_HAND];
    const salesSum = state[s + SUM_SALES];
    const onHand = onHandSum - flushed[f + FLUSHED_ON_HAND];
    const sales = salesSum - flushed[f + FLUSHED_SALES];
    flushed[f + FLUSHED_ON_HAND] = onHandSum;
    flushed[f + FLUSHED_SALES] = salesSum;
    const cell = row + n;
    holding[cell] = onHand;
    cogs[cell] = sales;
    if (holding[cell] !== onHand || cogs[cell] !== sales) {
      putStock(trace, COST_HOLDING, cell, onHand);
      putStock(trace, COST_COGS, cell, sales);
    }
    if (state[s + SUM_BACKLOG] !== flushed[f + FLUSHED_BACKLOG] || sumLost[n] !== flushed[f + FLUSHED_LOST]) flushOutages(run, n, cell);
  }
}

/** Records node `n`'s backorder unit-days and lost units since the last flush as entries of `cell` (where they cost something). */
function flushOutages(run: SimulationRun, n: number, cell: number): void {
  const trace = run.trace as TraceBuffers;
  const f = n * FLUSHED_FIELDS;
  const backlogSum = run.state[n * NODE_RECORD + SUM_BACKLOG];
  const backlog = backlogSum - run.flushed[f + FLUSHED_BACKLOG];
  const lost = run.sumLost[n] - run.flushed[f + FLUSHED_LOST];
  run.flushed[f + FLUSHED_BACKLOG] = backlogSum;
  run.flushed[f + FLUSHED_LOST] = run.sumLost[n];
  if (backlog !== 0 && run.model.backorderCost[n] !== 0) putStock(trace, COST_BACKORDER, cell, backlog);
  if (lost !== 0 && run.model.lostSaleCost[n] !== 0) putStock(trace, COST_LOST_SALE, cell, lost);
}

/**
 * Starts the stock totals of nodes [n0, n1) afresh when the warm-up ends. Order counts, transport
 * and production costs and the trace only accrue after the warm-up, so they need no reset.
 */
function resetTotalsAtWarmupEnd(run: SimulationRun, n0: number, n1: number): void {
  for (let n = n0; n < n1; n++) {
    const s = n * NODE_RECORD;
    run.state[s + SUM_ON_HAND] = 0;
    run.state[s + SUM_SALES] = 0;
    run.state[s + SUM_BACKLOG] = 0;
  }
  run.sumLost.fill(0, n0, n1);
}

/**
 * Simulates days [t0, t1) of the runs [r0, r1) of one block (see `blockRunStart`): draws
 * their demand, then runs the day loop, ending the warm-up and flushing the trace on the way.
 */
function simulateTile(run: SimulationRun, t0: number, t1: number, r0: number, r1: number): void {
  const m = run.model;
  const n0 = m.runStart[r0];
  const n1 = m.runStart[r1];
  fillDemandBlock(run, t0, t1 - t0, n0, n1);
  const dayStride = m.locationIds.length * F;
  const period = m.tracePeriodDays;
  for (let t = t0; t < t1; t++) {
    if (t === m.warmupDays && t > 0) resetTotalsAtWarmupEnd(run, n0, n1);
    resetCapacities(run);
    run.accDay = (t - t0) * dayStride;
    simulateDay(run, t, r0, r1, (t - t0) * (n1 - n0) - n0);
    if (run.trace && t >= m.warmupDays) {
      const sinceWarmup = t - m.warmupDays;
      if ((sinceWarmup + 1) % period === 0 || t === m.days - 1) flushPeriodicCosts(run, Math.floor(sinceWarmup / period), n0, n1);
    }
  }
}

/** Restores each capacitated lane's and plant's daily capacity (such networks are one block). */
function resetCapacities(run: SimulationRun): void {
  const m = run.model;
  for (let i = 0; i < run.capacitatedLanes.length; i++) {
    const l = run.capacitatedLanes[i];
    run.laneCapacityLeft[l] = m.laneCapacity[l];
  }
  for (let i = 0; i < run.capacitatedPlants.length; i++) {
    const l = run.capacitatedPlants[i];
    run.plantCapacityLeft[l] = m.plantCapacity[l];
  }
}

/** Moves the tile's day totals into the per-location series and clears them for the next tile. */
function storeTileTotals(run: SimulationRun, t0: number, t1: number): void {
  const m = run.model;
  const days = m.days;
  const locations = m.locationIds.length;
  const totals = run.tileTotals;
  const levels = run.levels;
  for (let t = t0; t < t1; t++) {
    const row = (t - t0) * locations * F;
    for (let l = 0; l < locations; l++) {
      if (!run.locationIsSupplier[l]) for (const f of LEVEL_SERIES) totals[row + l * F + f] = levels[l * F + f] += totals[row + l * F + f];
      else for (const f of LEVEL_SERIES) totals[row + l * F + f] = 0;
      for (let f = 0; f < F; f++) run.locationSeries[(f * locations + l) * days + t] = totals[row + l * F + f];
    }
  }
  totals.fill(0, 0, (t1 - t0) * locations * F);
}

/**
 * Simulates runs [r0, r1) of nodes for day `t` in processing order. A run is one location's nodes
 * in a block; its nodes never touch each other's state except through production, so a run is
 * simulated in passes: production, then each node's receipts, customer demand, review and
 * end-of-day totals (`stepNodes`, which calls nothing, so V8 keeps its arrays in registers), then
 * shipments to downstream nodes, then the orders that need more than one lane booked. Reviewing
 * before shipping is exact: a shipment lowers on-hand and the open downstream orders alike, so the
 * inventory position a review reads is the same before and after; `serveRun` then takes the
 * shipped units off the end-of-day totals. The passes other than `stepNodes` only visit runs that
 * need them (`runFlags`).
 */
function simulateDay(run: SimulationRun, t: number, r0: number, r1: number, demandRow: number): void {
  const m = run.model;
  const { runStart, runFlags, nodeLocation } = m;
  const state = run.state;
  for (let r = r0; r < r1; r++) {
    const n0 = runStart[r];
    const n1 = runStart[r + 1];
    const flags = runFlags[r];
    if (flags & RUN_SUPPLIER) {
      for (let n = n0; n < n1; n++) {
        if (state[n * NODE_RECORD + CHILD_OUT] > 0) run.tileTotals[run.accDay + nodeLocation[n] * F + S_TRANSFERS] += shipAllOpen(run, n, t);
      }
      continue;
    }
    // Production only reads its components' stock (later nodes of this run, before today's receipts).
    if (flags & RUN_PRODUCES) {
      for (let n = n0; n < n1; n++) if (run.wip[n] > 0) startProduction(run, n, t);
    }
    const base = run.accDay + nodeLocation[n0] * F;
    const pending = stepNodes(run, t, n0, n1, demandRow, base);
    if (flags & RUN_SHIPS) serveRun(run, t, n0, n1, base);
    if (pending > 0) sendPendingOrders(run, t, pending);
  }
}

/**
 * The pass every node of a run goes through: today's receipts, customer demand served from stock
 * or backordered (or lost), the review (booking each order; a plain single-lane order goes
 * straight onto its lane) and the end-of-day totals. Orders that need `sendPendingOrders`
 * (several sources, production, or a trace to write) are left in `run.pendingNode` / `pendingOrder`; returns how many.
 */
function stepNodes(run: SimulationRun, t: number, n0: number, n1: number, demandRow: number, base: number): number {
  const m = run.model;
  const hot = m.nodeParams;
  const ints = m.nodeInts;
  const days = m.days;
  const { state, pipe, demandBlock, sumLost, edgeOutstanding, openSupply, orderCount, pendingOrder, pendingNode, tileTotals: acc } = run;
  const nodeSeries = run.nodeSeries;
  const tracing = run.orders !== undefined;
  const afterWarmup = t >= m.warmupDays;
  let pending = 0;
  let receipts = 0, demand = 0, sales = 0, onTimeUnits = 0, lines = 0, otif = 0, stockouts = 0, lostUnits = 0, lostCost = 0;
  let revenue = 0, cogs = 0;
  let orders = 0, ordered = 0, ordering = 0;
  // Changes of the level series (see LEVEL_SERIES) not already given by the sums above.
  let receivedValue = 0, receivedHolding = 0, soldHolding = 0, backlogChange = 0, backorderCostChange = 0;
  for (let n = n0; n < n1; n++) {
    const h = n * NODE_RECORD;
    const k = n * NODE_INTS;
    const p = n * NODE_PARAMS;
    const flags = ints[k + NODE_INT_FLAGS];
    let oh = state[h + ON_HAND];
    let bl = state[h + BACKLOG];
    let pipeline = state[h + ON_ORDER];
    const slot = ints[k + NODE_INT_PIPE_OFFSET] + (t & ints[k + NODE_INT_PIPE_MASK]);
    // Receipts are added unconditionally (mostly 0): a branch on them would be mispredicted
    // about as often as a node receives.
    const received = pipe[slot];
    pipe[slot] = 0;
    oh += received;
    pipeline -= received;
    receipts += received;
    receivedValue += received * hot[p + NODE_HOT_UNIT_COST];
    receivedHolding += received * hot[p + NODE_HOT_HOLDING_COST];
    if (nodeSeries !== undefined) nodeSeries.receipts[n * days + t] = received;
    if (flags & FLAG_HAS_DEMAND) {
      const d = demandBlock[demandRow + n];
      const backlogBefore = bl;
      let sold = 0;
      if (bl > 0 && oh > 0) {
        const fromStock = bl < oh ? bl : oh;
        oh -= fromStock;
        bl -= fromStock;
        sold = fromStock;
      }
      const onTime = d < oh ? d : oh;
      oh -= onTime;
      sold += onTime;
      const unmet = d - onTime;
      let lost = 0;
      if (unmet > 0) {
        if (flags & FLAG_LOST_SALES) {
          lost = unmet;
          lostUnits += lost;
          lostCost += lost * hot[p + NODE_COLD_LOST_SALE_COST];
          sumLost[n] += lost;
        } else bl += unmet;
      }
      demand += d;
      sales += sold;
      onTimeUnits += onTime;
      // Counted without branches: whether a node has demand today is close to a coin toss for slow movers.
      const line = +(d > 0);
      lines += line;
      otif += line & +(unmet <= 0);
      if (bl > 0 || lost > 0) stockouts++;
      revenue += sold * hot[p + NODE_HOT_PRICE];
      cogs += sold * hot[p + NODE_HOT_UNIT_COST];
      soldHolding += sold * hot[p + NODE_HOT_HOLDING_COST];
      if (bl !== backlogBefore) {
        backlogChange += bl - backlogBefore;
        backorderCostChange += (bl - backlogBefore) * hot[p + NODE_COLD_BACKORDER_COST];
        state[h + BACKLOG] = bl;
      }
      state[h + SUM_SALES] += sold;
      if (nodeSeries !== undefined) {
        const i = n * days + t;
        nodeSeries.demand[i] = d;
        nodeSeries.sales[i] = sold;
        nodeSeries.lostSales[i] = lost;
        nodeSeries.shipments[i] += sold;
      }
    }
    state[h + ON_HAND] = oh;
    const childOut = state[h + CHILD_OUT];
    if (flags & FLAG_DAILY_REVIEW || t >= state[h + NEXT_REVIEW]) {
      if (!(flags & FLAG_DAILY_REVIEW)) state[h + NEXT_REVIEW] = t + ints[k + NODE_INT_REVIEW_PERIOD];
      const position = oh + pipeline - bl - childOut;
      const type = flags & FLAG_POLICY_MASK;
      const low = hot[p + NODE_HOT_POLICY_LOW];
      let q = 0;
      if (type === POLICY_ORDER_UP_TO) {
        if (position < low) q = low - position;
      } else if (type === POLICY_S_S) {
        if (position <= low) q = hot[p + NODE_COLD_POLICY_HIGH] - position;
      } else if (type === POLICY_R_Q) {
        if (position <= low) {
          const lot = hot[p + NODE_COLD_POLICY_HIGH];
          q = (Math.floor((low - position) / lot) + 1) * lot;
        }
      } else if (type === POLICY_MIN_MAX) {
        if (position < low) q = hot[p + NODE_COLD_POLICY_HIGH] - position;
      }
      if (q > 0) {
        if (q < hot[p + NODE_COLD_MOQ]) q = hot[p + NODE_COLD_MOQ];
        const multiple = hot[p + NODE_COLD_ORDER_MULTIPLE];
        // The tolerance keeps 3.0000000001 multiples (float noise) from rounding up to 4.
        if (multiple > 0) q = Math.ceil(q / multiple - 1e-9) * multiple;
        pipeline += q;
        orders += 1;
        ordered += q;
        ordering += hot[p + NODE_COLD_ORDER_COST];
        if (afterWarmup) orderCount[n] += 1;
        if (nodeSeries !== undefined) nodeSeries.ordered[n * days + t] += q;
        const edge = ints[k + NODE_INT_SINGLE_EDGE];
        if (edge >= 0) {
          edgeOutstanding[edge] += q;
          const source = ints[k + NODE_INT_SOURCE_NODE];
          state[source * NODE_RECORD + CHILD_OUT] += q;
          openSupply[source] |= ints[k + NODE_INT_SOURCE_SUPPLY_BIT];
          acc[run.accDay + ints[k + NODE_INT_SOURCE_LOCATION] * F + S_OPEN_ORDERS] += q;
        }
        if (edge < 0 || tracing) {
          pendingNode[pending] = n;
          pendingOrder[pending] = q;
          pending++;
        }
      }
    }
    state[h + ON_ORDER] = pipeline;
    state[h + SUM_ON_HAND] += oh;
    if (bl > 0) state[h + SUM_BACKLOG] += bl;
    if (nodeSeries !== undefined) {
      const i = n * days + t;
      nodeSeries.onHand[i] = oh;
      nodeSeries.backorders[i] = bl;
    }
  }
  acc[base + S_RECEIPTS] += receipts;
  acc[base + S_DEMAND] += demand;
  acc[base + S_SALES] += sales;
  acc[base + S_ON_TIME] += onTimeUnits;
  acc[base + S_LINES] += lines;
  acc[base + S_OTIF] += otif;
  acc[base + S_STOCKOUT] += stockouts;
  acc[base + S_LOST] += lostUnits;
  acc[base + S_LOST_COST] += lostCost;
  acc[base + S_REVENUE] += revenue;
  acc[base + S_COGS] += cogs;
  acc[base + S_ORDERS] += orders;
  acc[base + S_ORDERED] += ordered;
  acc[base + S_ORDERING] += ordering;
  acc[base + S_ON_HAND] += receipts - sales;
  acc[base + S_ON_HAND_VALUE] += receivedValue - cogs;
  acc[base + S_HOLDING] += receivedHolding - soldHolding;
  acc[base + S_BACKORDERS] += backlogChange;
  acc[base + S_BACKORDER_COST] += backorderCostChange;
  acc[base + S_ON_ORDER] += ordered - receipts;
  return pending;
}

/**
 * Ships the open downstream orders of a run's nodes from today's stock (after `stepNodes`); takes
 * the shipped units off each node's on-hand total, which `stepNodes` added before shipping, and
 * records them leaving the location's stock and open orders.
 */
function serveRun(run: SimulationRun, t: number, n0: number, n1: number, base: number): void {
  const { state, model } = run;
  let shipped = 0, shippedValue = 0, shippedHolding = 0;
  for (let n = n0; n < n1; n++) {
    const h = n * NODE_RECORD;
    const open = state[h + CHILD_OUT];
    if (!(open > 0)) continue;
    const before = state[h + ON_HAND];
    let after = before >= open ? before - shipAllOpen(run, n, t) : rationCustomers(run, n, before, t);
    // Real-valued orders shipped in full can sum to a rounding more than the running total `open`
    // checked against the stock: never leave that as negative stock.
    if (after < 0) after = 0;
    if (after === before) continue;
    const x = before - after;
    state[h + ON_HAND] = after;
    state[h + SUM_ON_HAND] -= x;
    shipped += x;
    shippedValue += x * model.unitCost[n];
    shippedHolding += x * model.holdingCost[n];
    if (run.nodeSeries) run.nodeSeries.onHand[n * model.days + t] = after;
  }
  const acc = run.tileTotals;
  acc[base + S_TRANSFERS] += shipped;
  acc[base + S_OPEN_ORDERS] -= shipped;
  acc[base + S_ON_HAND] -= shipped;
  acc[base + S_ON_HAND_VALUE] -= shippedValue;
  acc[base + S_HOLDING] -= shippedHolding;
}

/**
 * Last pass of a run: routes the orders `stepNodes` left pending, and logs every order line when
 * tracing (a single-lane order, already booked, only needs its line).
 */
function sendPendingOrders(run: SimulationRun, t: number, pending: number): void {
  const m = run.model;
  for (let i = 0; i < pending; i++) {
    const n = run.pendingNode[i];
    const q = run.pendingOrder[i];
    const edge = m.nodeInts[n * NODE_INTS + NODE_INT_SINGLE_EDGE];
    if (edge >= 0) appendOrderLine(run.orders as LogBuffers, edge, t, q);
    else routeOrder(run, n, q, t);
  }
}

/**
 * Simulates up to `maxDays` more days (fewer at the horizon end) and returns the number of days
 * done so far. Chunking does not change results: `advance(run, 10)` twice equals `advance(run, 20)`.
 */
export function advance(run: SimulationRun, maxDays: number): number {
  const m = run.model;
  const end = Math.min(m.days, run.day + Math.max(0, Math.floor(maxDays)));
  const blocks = m.blockRunStart;
  while (run.day < end) {
    const t0 = run.day;
    const t1 = Math.min(end, t0 + run.tileDays);
    for (let b = 0; b + 1 < blocks.length; b++) simulateTile(run, t0, t1, blocks[b], blocks[b + 1]);
    storeTileTotals(run, t0, t1);
    run.day = t1;
  }
  return run.day;
}

/** Cost totals by type from `totals[i × COST_TYPES.length + type]` (a literal, so every record has one shape). */
function costByType(totals: Float64Array, i: number): Record<CostType, number> {
  const o = i * COST_TYPES.length;
  return {
    holding: totals[o + COST_HOLDING],
    backorder: totals[o + COST_BACKORDER],
    lostSale: totals[o + COST_LOST_SALE],
    cogs: totals[o + COST_COGS],
    ordering: totals[o + COST_ORDERING],
    transport: totals[o + COST_TRANSPORT],
    production: totals[o + COST_PRODUCTION],
  };
}

function summariseCosts(run: SimulationRun, byNode: Float64Array): CostSummary {
  const m = run.model;
  const types = COST_TYPES.length;
  // Totals by node, location and item as flat [index × types + type] arrays (one pass, no per-node objects).
  const byLocation = new Float64Array(m.locationIds.length * types);
  const byItem = new Float64Array(m.itemIds.length * types);
  const add = (n: number, type: number, amount: number): void => {
    byNode[n * types + type] += amount;
    byLocation[m.nodeLocation[n] * types + type] += amount;
    byItem[m.nodeItem[n] * types + type] += amount;
  };
  for (let e = 0; e < m.edgeCount; e++) add(m.edgeTo[e], COST_TRANSPORT, run.edgeTransportCost[e]);
  for (let n = 0; n < m.nodeCount; n++) {
    if (m.nodeIsSupplier[n]) continue;
    const s = n * NODE_RECORD;
    add(n, COST_HOLDING, run.state[s + SUM_ON_HAND] * m.holdingCost[n]);
    add(n, COST_BACKORDER, run.state[s + SUM_BACKLOG] * m.backorderCost[n]);
    add(n, COST_LOST_SALE, run.sumLost[n] * m.lostSaleCost[n]);
    add(n, COST_COGS, run.state[s + SUM_SALES] * m.unitCost[n]);
    add(n, COST_ORDERING, run.orderCount[n] * m.orderCost[n]);
    add(n, COST_PRODUCTION, run.nodeProductionCost[n]);
  }
  const sum = (totals: Float64Array, i: number): number => {
    let total = 0;
    for (let k = 0; k < types; k++) total += totals[i * types + k];
    return total;
  };
  const byTypeTotals = new Float64Array(types);
  for (let l = 0; l < m.locationIds.length; l++) for (let k = 0; k < types; k++) byTypeTotals[k] += byLocation[l * types + k];
  return {
    total: sum(byTypeTotals, 0),
    byType: costByType(byTypeTotals, 0),
    byLocation: m.locationIds.map((locationId, l) => ({ locationId, total: sum(byLocation, l), byType: costByType(byLocation, l) })),
    byItem: m.itemIds.map((itemId, i) => ({ itemId, total: sum(byItem, i), byType: costByType(byItem, i) })),
  };
}

/** Completes the run (simulating any days left) and assembles series, KPIs, P&L and the cost trace. */
export function finish(run: SimulationRun): SimulationResult {
  const m = run.model;
  if (run.day < m.days) advance(run, m.days - run.day);
  const days = m.days;
  const locations = m.locationIds.length;
  const costsByNode = new Float64Array(m.nodeCount * COST_TYPES.length);
  const byLocation: DailySeries[] = [];
  for (let l = 0; l < locations; l++) {
    const s = {} as Record<SeriesName, Float64Array>;
    SERIES_NAMES.forEach((name, f) => {
      const from = (f * locations + l) * days;
      s[name] = run.locationSeries.subarray(from, from + days);
    });
    byLocation.push(s);
  }
  const network = {} as Record<SeriesName, Float64Array>;
  for (const name of SERIES_NAMES) {
    const total = new Float64Array(days);
    for (const s of byLocation) {
      const a = s[name];
      for (let t = 0; t < days; t++) total[t] += a[t];
    }
    network[name] = total;
  }
  let demandNodes = 0;
  for (let l = 0; l < locations; l++) demandNodes += m.demandNodesByLocation[l];
  return {
    days,
    warmupDays: m.warmupDays,
    startDate: m.startDate,
    replication: run.replication,
    locationIds: m.locationIds,
    itemIds: m.itemIds,
    nodes: { count: m.nodeCount, location: m.nodeLocation, item: m.nodeItem, isSupplier: m.nodeIsSupplier },
    series: { network, byLocation },
    kpis: computeKpis(network, demandNodes, m.warmupDays),
    kpisByLocation: byLocation.map((s, l) => computeKpis(s, m.demandNodesByLocation[l], m.warmupDays)),
    pnl: computeProfitAndLoss(network, m.warmupDays),
    pnlByLocation: byLocation.map((s) => computeProfitAndLoss(s, m.warmupDays)),
    costSummary: summariseCosts(run, costsByNode),
    costsByNode,
    trace: run.trace
      ? freezeTrace(run.trace, {
          nodeCount: m.nodeCount,
          days,
          warmupDays: m.warmupDays,
          periodDays: m.tracePeriodDays,
          stockUnitCost: [m.holdingCost, m.backorderCost, m.lostSaleCost, m.unitCost],
        })
      : undefined,
    orders: run.orders
      ? freezeOrders(run.orders, run.shipments as LogBuffers, { to: m.edgeTo, from: m.edgeFrom, unitCost: edgeUnitCosts(m), orderCost: m.orderCost, warmupDays: m.warmupDays })
      : undefined,
    nodeSeries: run.nodeSeries,
  };
}

/** Per edge: transport cost per unit of a lane, production cost per unit of a production edge. */
function edgeUnitCosts(m: CompiledModel): Float64Array {
  const costs = new Float64Array(m.edgeCount);
  for (let e = 0; e < m.edgeCount; e++) costs[e] = m.edgeFrom[e] < 0 ? m.productionCost[m.edgeTo[e]] : m.edgeCosts[e * EDGE_COSTS + EDGE_COST_PER_UNIT];
  return costs;
}

export interface SimulateOptions extends RunOptions {
  /** Called after each chunk with days done and total days. */
  readonly onProgress?: (daysDone: number, totalDays: number) => void;
  /** Days per chunk between progress calls. Default 30. */
  readonly chunkDays?: number;
}

/** Runs a compiled model from day 0 to the horizon. */
export function simulate(model: CompiledModel, options: SimulateOptions = {}): SimulationResult {
  const run = createRun(model, options);
  const chunk = options.onProgress ? Math.max(1, options.chunkDays ?? 30) : model.days;
  while (run.day < model.days) {
    advance(run, chunk);
    options.onProgress?.(run.day, model.days);
  }
  return finish(run);
}
