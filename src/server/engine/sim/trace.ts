/**
 * The cost trace: one compact record per cost incurred, in growable structure-of-arrays buffers,
 * plus the log of replenishment order lines that costs point to as their cause.
 */

/** Cost types, in the order of their codes in `CostTrace.type`. */
export const COST_TYPES = ["holding", "backorder", "lostSale", "cogs", "ordering", "transport", "production"] as const;
export type CostType = (typeof COST_TYPES)[number];
export const COST_HOLDING = 0;
export const COST_BACKORDER = 1;
export const COST_LOST_SALE = 2;
export const COST_COGS = 3;
export const COST_ORDERING = 4;
export const COST_TRANSPORT = 5;
export const COST_PRODUCTION = 6;

/**
 * Costs as parallel arrays of `length` entries. Entry i: SKU-node `node[i]` (see
 * `SimulationResult.nodes` for its location and item) incurred `amount[i]` of cost type
 * `COST_TYPES[type[i]]` over days [day[i], day[i] + spanDays[i]); `cause[i]` is the order line
 * (index into `OrderLog`) that caused it, or -1 (holding, backorder, lost-sale and cost-of-goods
 * costs accrue from stock levels, not from one order). Entries and order lines come in the order
 * the day loop appended them (block by block, tile by tile), which is not significant: the same
 * run chunked differently lists the same entries in another order.
 */
export interface CostTrace {
  readonly length: number;
  readonly node: Int32Array;
  readonly day: Uint16Array;
  readonly spanDays: Uint16Array;
  readonly type: Uint8Array;
  readonly cause: Int32Array;
  readonly amount: Float64Array;
}

/**
 * Replenishment order lines: node `node[i]` ordered `quantity[i]` on day `day[i]` from
 * `sourceNode[i]` (-1 = its own production). An order split over several sources is several lines.
 */
export interface OrderLog {
  readonly length: number;
  readonly node: Int32Array;
  readonly sourceNode: Int32Array;
  readonly day: Int32Array;
  readonly quantity: Float64Array;
}

/**
 * Mutable trace buffers; grow by 1.5×. Allocate generously: large typed arrays come zeroed from
 * the OS page by page, so capacity never written costs address space, not resident memory.
 */
export interface TraceBuffers {
  length: number;
  node: Int32Array;
  day: Uint16Array;
  spanDays: Uint16Array;
  type: Uint8Array;
  cause: Int32Array;
  amount: Float64Array;
}

export interface OrderBuffers {
  length: number;
  node: Int32Array;
  sourceNode: Int32Array;
  day: Int32Array;
  quantity: Float64Array;
  /** Next line on the same edge, for first-in-first-out attribution of shipments; -1 = none. */
  nextOnEdge: Int32Array;
}

export function createTraceBuffers(capacity: number): TraceBuffers {
  const c = Math.max(1024, capacity);
  return {
    length: 0,
    node: new Int32Array(c),
    day: new Uint16Array(c),
    spanDays: new Uint16Array(c),
    type: new Uint8Array(c),
    cause: new Int32Array(c),
    amount: new Float64Array(c),
  };
}

function grown<T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(a: T, capacity: number): T {
  const next = new (a.constructor as new (n: number) => T)(capacity);
  next.set(a);
  return next;
}

function growTrace(t: TraceBuffers): void {
  const c = Math.ceil(t.node.length * 1.5);
  t.node = grown(t.node, c);
  t.day = grown(t.day, c);
  t.spanDays = grown(t.spanDays, c);
  t.type = grown(t.type, c);
  t.cause = grown(t.cause, c);
  t.amount = grown(t.amount, c);
}

/** Makes room for `extra` more cost entries. */
export function reserveCosts(t: TraceBuffers, extra: number): void {
  while (t.length + extra > t.node.length) growTrace(t);
}

/** Appends one cost entry. */
export function appendCost(t: TraceBuffers, node: number, day: number, spanDays: number, type: number, cause: number, amount: number): void {
  if (t.length === t.node.length) growTrace(t);
  const i = t.length++;
  t.node[i] = node;
  t.day[i] = day;
  t.spanDays[i] = spanDays;
  t.type[i] = type;
  t.cause[i] = cause;
  t.amount[i] = amount;
}

export function createOrderBuffers(capacity: number): OrderBuffers {
  const c = Math.max(1024, capacity);
  return {
    length: 0,
    node: new Int32Array(c),
    sourceNode: new Int32Array(c),
    day: new Int32Array(c),
    quantity: new Float64Array(c),
    nextOnEdge: new Int32Array(c),
  };
}

/** Appends an order line and returns its index. */
export function appendOrderLine(o: OrderBuffers, node: number, sourceNode: number, day: number, quantity: number): number {
  if (o.length === o.node.length) {
    const c = Math.ceil(o.node.length * 1.5);
    o.node = grown(o.node, c);
    o.sourceNode = grown(o.sourceNode, c);
    o.day = grown(o.day, c);
    o.quantity = grown(o.quantity, c);
    o.nextOnEdge = grown(o.nextOnEdge, c);
  }
  const i = o.length++;
  o.node[i] = node;
  o.sourceNode[i] = sourceNode;
  o.day[i] = day;
  o.quantity[i] = quantity;
  o.nextOnEdge[i] = -1;
  return i;
}

/** Final views trimmed to the used length (no copy). */
export function freezeTrace(t: TraceBuffers): CostTrace {
  const n = t.length;
  return {
    length: n,
    node: t.node.subarray(0, n),
    day: t.day.subarray(0, n),
    spanDays: t.spanDays.subarray(0, n),
    type: t.type.subarray(0, n),
    cause: t.cause.subarray(0, n),
    amount: t.amount.subarray(0, n),
  };
}

export function freezeOrders(o: OrderBuffers): OrderLog {
  const n = o.length;
  return {
    length: n,
    node: o.node.subarray(0, n),
    sourceNode: o.sourceNode.subarray(0, n),
    day: o.day.subarray(0, n),
    quantity: o.quantity.subarray(0, n),
  };
}
