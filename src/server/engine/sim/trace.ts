/**
 * The cost trace: every cost a run incurred, attributed to SKU-node, day, cost type and cause order,
 * in compact typed arrays (see `CostTrace`), plus the log of replenishment order lines that costs
 * point to as their cause.
 */

/** Cost types, in the order of their codes. */
export const COST_TYPES = ["holding", "backorder", "lostSale", "cogs", "ordering", "transport", "production"] as const;
export type CostType = (typeof COST_TYPES)[number];
export const COST_HOLDING = 0;
export const COST_BACKORDER = 1;
export const COST_LOST_SALE = 2;
export const COST_COGS = 3;
export const COST_ORDERING = 4;
export const COST_TRANSPORT = 5;
export const COST_PRODUCTION = 6;

/** Cost types that accrue from stock levels (codes 0–3), recorded per SKU-node and period. */
export const STOCK_COST_TYPES = 4;

/**
 * The cost trace of a run. Every cost is attributed to a SKU-node (see `SimulationResult.nodes`
 * for its location and item), a day or period, a cost type and, for costs caused by one order,
 * that order line (an index into `OrderLog`):
 *
 * - `stock`: holding, backorder, lost-sale and cost-of-goods costs accrue from stock levels, not
 *   from one order, so they are kept per SKU-node and period: `stock[type][p × nodeCount + n]` is
 *   node n's cost of that type over period p, the `periodDays` days from warmupDays + p ×
 *   periodDays (the last period ends at the horizon, so it may be shorter). A type no node incurs
 *   has an empty array.
 * - Transport and production costs, each caused by the order line it served: a line that left
 *   its source in one piece (one shipment, or one production start) carries the day it did in
 *   `OrderLog.shippedWholeOn`, its cost being its quantity × `OrderLog.edgeUnitCost` of its edge
 *   (the common case costs the day loop a 2-byte write instead of an event record); a line served
 *   in parts has one `events` entry per part, with the day it arose and the line (`cause`), in
 *   the order the day loop appended them (block by block, tile by tile): not significant, the
 *   same run chunked differently lists the same entries in another order.
 * - Ordering costs are `OrderLog.orderingCost`: the fixed cost sits on the first line of each order.
 *
 * `forEachCost` lists all three as uniform records.
 */
export interface CostTrace {
  readonly nodeCount: number;
  readonly days: number;
  readonly warmupDays: number;
  readonly periodDays: number;
  readonly periods: number;
  readonly stock: readonly Float64Array[];
  readonly events: CostEvents;
}

/** Event costs as parallel arrays of `length` entries. */
export interface CostEvents {
  readonly length: number;
  readonly node: Int32Array;
  readonly day: Uint16Array;
  readonly type: Uint8Array;
  readonly cause: Int32Array;
  readonly amount: Float64Array;
}

/**
 * Replenishment order lines: node `node[i]` ordered `quantity[i]` on day `day[i]` from
 * `sourceNode[i]` (-1 = its own production) over edge `edge[i]`. An order split over several
 * sources is several lines; its fixed ordering cost (after the warm-up) is `orderingCost` of its
 * first line. `shippedWholeOn[i]` is 1 + the day the line left its source in one piece, when that
 * cost something (transport, or production for production lines: quantity × `edgeUnitCost` of the
 * edge), else 0 (see `CostTrace`).
 */
export interface OrderLog {
  readonly length: number;
  readonly node: Int32Array;
  readonly sourceNode: Int32Array;
  readonly edge: Int32Array;
  readonly day: Int32Array;
  readonly quantity: Float64Array;
  readonly orderingCost: Float64Array;
  readonly shippedWholeOn: Uint16Array;
  /** Per edge: transport cost per unit, or the production cost per unit of a production edge. */
  readonly edgeUnitCost: Float64Array;
}

/** One cost: `amount` of `COST_TYPES[type]` at SKU-node `node` over days [day, day + spanDays), caused by order line `cause` (-1 = none). */
export type CostVisitor = (node: number, day: number, spanDays: number, type: number, cause: number, amount: number) => void;

/** Calls `visit` for every non-zero cost of the trace: stock costs, ordering costs, costs of lines shipped whole, then events. */
export function forEachCost(trace: CostTrace, orders: OrderLog, visit: CostVisitor): void {
  for (let type = 0; type < STOCK_COST_TYPES; type++) {
    const amounts = trace.stock[type];
    if (amounts.length === 0) continue;
    for (let p = 0; p < trace.periods; p++) {
      const day = trace.warmupDays + p * trace.periodDays;
      const span = Math.min(trace.periodDays, trace.days - day);
      const row = p * trace.nodeCount;
      for (let n = 0; n < trace.nodeCount; n++) if (amounts[row + n] !== 0) visit(n, day, span, type, -1, amounts[row + n]);
    }
  }
  for (let i = 0; i < orders.length; i++) if (orders.orderingCost[i] !== 0) visit(orders.node[i], orders.day[i], 1, COST_ORDERING, i, orders.orderingCost[i]);
  for (let i = 0; i < orders.length; i++) {
    const on = orders.shippedWholeOn[i];
    if (on !== 0) visit(orders.node[i], on - 1, 1, orders.sourceNode[i] < 0 ? COST_PRODUCTION : COST_TRANSPORT, i, orders.quantity[i] * orders.edgeUnitCost[orders.edge[i]]);
  }
  const e = trace.events;
  for (let i = 0; i < e.length; i++) visit(e.node[i], e.day[i], 1, e.type[i], e.cause[i], e.amount[i]);
}

/**
 * Mutable trace buffers. Event buffers grow by 1.5×; allocate generously: large typed arrays come
 * zeroed from the OS page by page, so capacity never written costs address space, not resident
 * memory (which is also why the stock matrices cost only the pages their non-zero costs touch).
 */
export interface TraceBuffers {
  readonly stock: Float64Array[];
  length: number;
  node: Int32Array;
  day: Uint16Array;
  type: Uint8Array;
  cause: Int32Array;
  amount: Float64Array;
}

export interface OrderBuffers {
  length: number;
  node: Int32Array;
  edge: Int32Array;
  day: Int32Array;
  quantity: Float64Array;
  orderingCost: Float64Array;
  /** See `OrderLog.shippedWholeOn`. */
  shippedWholeOn: Uint16Array;
  /** Next line on the same edge, for first-in-first-out attribution of shipments; -1 = none. */
  nextOnEdge: Int32Array;
}

/** Buffers for `eventCapacity` events and a periods × nodes matrix for each stock cost type flagged in `stockTypes`. */
export function createTraceBuffers(eventCapacity: number, stockCells: number, stockTypes: readonly boolean[]): TraceBuffers {
  const c = Math.max(1024, eventCapacity);
  return {
    stock: stockTypes.map((used) => new Float64Array(used ? stockCells : 0)),
    length: 0,
    node: new Int32Array(c),
    day: new Uint16Array(c),
    type: new Uint8Array(c),
    cause: new Int32Array(c),
    amount: new Float64Array(c),
  };
}

type Column = Int32Array | Uint16Array | Uint8Array | Float64Array;

/** Replaces the named columns of `buffers` by copies 1.5× as long. */
function growColumns<B extends object>(buffers: B, columns: readonly (keyof B)[]): void {
  for (const name of columns) {
    const old = buffers[name] as Column;
    const next = new (old.constructor as new (n: number) => Column)(Math.ceil(old.length * 1.5));
    next.set(old);
    (buffers as Record<keyof B, unknown>)[name] = next;
  }
}

/** Appends one event cost. */
export function appendCost(t: TraceBuffers, node: number, day: number, type: number, cause: number, amount: number): void {
  if (t.length === t.node.length) growColumns(t, ["node", "day", "type", "cause", "amount"]);
  const i = t.length++;
  t.node[i] = node;
  t.day[i] = day;
  t.type[i] = type;
  t.cause[i] = cause;
  t.amount[i] = amount;
}

export function createOrderBuffers(capacity: number): OrderBuffers {
  const c = Math.max(1024, capacity);
  return {
    length: 0,
    node: new Int32Array(c),
    edge: new Int32Array(c),
    day: new Int32Array(c),
    quantity: new Float64Array(c),
    orderingCost: new Float64Array(c),
    shippedWholeOn: new Uint16Array(c),
    nextOnEdge: new Int32Array(c),
  };
}

/** Appends an order line on edge `edge` and returns its index. */
export function appendOrderLine(o: OrderBuffers, node: number, edge: number, day: number, quantity: number): number {
  if (o.length === o.node.length) growColumns(o, ["node", "edge", "day", "quantity", "orderingCost", "shippedWholeOn", "nextOnEdge"]);
  const i = o.length++;
  o.node[i] = node;
  o.edge[i] = edge;
  o.day[i] = day;
  o.quantity[i] = quantity;
  o.nextOnEdge[i] = -1;
  return i;
}

/** Final views trimmed to the used length (no copy). */
export function freezeTrace(t: TraceBuffers, shape: { nodeCount: number; days: number; warmupDays: number; periodDays: number }): CostTrace {
  const n = t.length;
  return {
    ...shape,
    periods: tracePeriods(shape.days, shape.warmupDays, shape.periodDays),
    stock: t.stock,
    events: {
      length: n,
      node: t.node.subarray(0, n),
      day: t.day.subarray(0, n),
      type: t.type.subarray(0, n),
      cause: t.cause.subarray(0, n),
      amount: t.amount.subarray(0, n),
    },
  };
}

/** Periods of `periodDays` from the end of the warm-up to the horizon (the last may be shorter). */
export function tracePeriods(days: number, warmupDays: number, periodDays: number): number {
  return Math.ceil((days - warmupDays) / periodDays);
}

/** Final views trimmed to the used length, with each line's source node from its edge's (`edgeFrom`, -1 = production). */
export function freezeOrders(o: OrderBuffers, edgeFrom: Int32Array, edgeUnitCost: Float64Array): OrderLog {
  const n = o.length;
  const edge = o.edge.subarray(0, n);
  const sourceNode = new Int32Array(n);
  for (let i = 0; i < n; i++) sourceNode[i] = edgeFrom[edge[i]];
  return {
    length: n,
    node: o.node.subarray(0, n),
    sourceNode,
    edge,
    day: o.day.subarray(0, n),
    quantity: o.quantity.subarray(0, n),
    orderingCost: o.orderingCost.subarray(0, n),
    shippedWholeOn: o.shippedWholeOn.subarray(0, n),
    edgeUnitCost,
  };
}

/** Number of non-zero costs in the trace (the records `forEachCost` lists). */
export function countCosts(trace: CostTrace, orders: OrderLog): number {
  let count = 0;
  forEachCost(trace, orders, () => count++);
  return count;
}
