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
 * - Stock costs: holding, backorder, lost-sale and cost-of-goods costs accrue from stock levels,
 *   not from one order, so they are kept per SKU-node and period ("cell" p × nodeCount + n: node
 *   n over period p, the `periodDays` days from warmupDays + p × periodDays; the last period ends
 *   at the horizon, so it may be shorter), as the quantity behind the cost: unit-days on hand
 *   (holding), unit-days backordered (backorder), units lost (lost sale), units sold (cost of
 *   goods); the cost is that quantity × `stockUnitCost[type][n]`. Holding and cost of goods accrue
 *   almost everywhere and are matrices, `stock[type][cell]` (empty arrays for the other types);
 *   backorders and lost sales accrue only while a node is out of stock and are entries of
 *   `stockEntries` (a matrix of them would be mostly zeros, yet its pages nearly all touched).
 *   The matrices are as narrow as the run allows (`quantityBits` in run.ts): 16-bit whole numbers
 *   when every item counts in whole units and no node's policy lets a period's quantity reach
 *   65,536, 32-bit
 *   floats (exact for whole numbers up to 2^24) when every item counts in whole units, else
 *   64-bit; a quantity its matrix cannot hold exactly leaves 0 in its cell and is an entry of
 *   `stockEntries` instead. Narrow matrices take a quarter or half of the memory, and of the
 *   page faults that fill it: the largest part of a trace.
 * - Transport and production costs, each caused by the order line it served: the day loop logs
 *   each shipment (and production start) that costs something in `OrderLog.shipments`, and
 *   `shipmentCosts` works out which lines each one served, first in first out per edge, when the
 *   trace is read: the day loop only appends to two logs, and keeps no per-edge queue of open lines.
 * - Ordering costs: the fixed cost sits on the first line of each order (`orderingCostOf`).
 *
 * `forEachCost` lists all three as uniform records.
 */
export interface CostTrace {
  readonly nodeCount: number;
  readonly days: number;
  readonly warmupDays: number;
  readonly periodDays: number;
  readonly periods: number;
  readonly stock: readonly StockMatrix[];
  readonly stockEntries: StockEntries;
  /** Per stock cost type, its cost per unit (per unit-day for holding and backorders) by node: the model's arrays. */
  readonly stockUnitCost: readonly Float64Array[];
}

export type StockMatrix = Uint16Array | Float32Array | Float64Array;

/** Stock quantities kept outside the matrices (see `CostTrace`): `quantity[i]` of type `type[i]` in cell `cell[i]`. */
export interface StockEntries {
  readonly length: number;
  readonly type: Uint8Array;
  readonly cell: Int32Array;
  readonly quantity: Float64Array;
}

/** Costs of shipments and production starts that served part of an order line, as parallel arrays of `length` entries. */
export interface CostEvents {
  readonly length: number;
  readonly node: Int32Array;
  readonly day: Uint16Array;
  readonly type: Uint8Array;
  readonly cause: Int32Array;
  readonly amount: Float64Array;
}

/** Entries of a log of movements over edges: entry i moved `lineQuantity(log, i)` over edge `edge[i]` on day `day[i]`. */
export interface MovementLog {
  readonly length: number;
  readonly edge: Int32Array;
  readonly day: Uint16Array;
  /** Read with `lineQuantity`. */
  readonly storedQuantity: QuantityColumn;
  readonly quantityExceptions: ReadonlyMap<number, number>;
}

/**
 * Shipments and production starts that cost something (a transport or production cost per unit
 * over their edge): entry i left on day `day[i]` over `edge[i]` when the order log held
 * `linesBefore[i]` lines, so it served lines ordered before it (see `shipmentCosts`).
 */
export interface ShipmentLog extends MovementLog {
  readonly linesBefore: Int32Array;
}

/**
 * Replenishment order lines: line i ordered `lineQuantity` on day `day[i]` over edge `edge[i]`,
 * so for node `lineNode` from `lineSource` (-1 = the node's own production). An order split over
 * several sources is several consecutive lines; its fixed ordering cost (after the warm-up) sits
 * on its first line (`orderingCostOf`: a node orders at most once a day, so a line starts an
 * order unless the line before it is the same node's on the same day). Per line the log keeps
 * only what the day loop knows; nodes and amounts come from the model's arrays in `edges`, and
 * the transport and production costs lines caused from `shipments` (see `shipmentCosts`).
 * Quantities are stored as narrow as the policies allow, like the stock matrices (see
 * `CostTrace`): 16-bit whole numbers in the common case, 8 bytes a line and 12 a shipment in all;
 * a quantity its column cannot hold exactly leaves 0 there (nothing moves 0) and is kept in
 * `quantityExceptions`.
 */
export interface OrderLog extends MovementLog {
  readonly shipments: ShipmentLog;
  readonly edges: LineEdges;
}

export type QuantityColumn = Uint16Array | Float32Array | Float64Array;

/** The quantity entry `i` of a log moved (what order line `i` ordered). */
export function lineQuantity(o: MovementLog, i: number): number {
  const q = o.storedQuantity[i];
  return q !== 0 ? q : (o.quantityExceptions.get(i) ?? 0);
}

/** The model's figures order lines are read with (shared, not copied). */
export interface LineEdges {
  /** Each edge's ordering node. */
  readonly to: Int32Array;
  /** Each edge's source node (-1 = production). */
  readonly from: Int32Array;
  /** Per edge: transport cost per unit, or the production cost per unit of a production edge. */
  readonly unitCost: Float64Array;
  /** Fixed cost per order, per node. */
  readonly orderCost: Float64Array;
  /** Orders placed before this day bear no ordering cost. */
  readonly warmupDays: number;
}

/** The node that ordered line `i`. */
export function lineNode(o: OrderLog, i: number): number {
  return o.edges.to[o.edge[i]];
}

/** The node line `i` was ordered from, or -1 for the ordering node's own production. */
export function lineSource(o: OrderLog, i: number): number {
  return o.edges.from[o.edge[i]];
}

/** The fixed ordering cost line `i` bears: its node's, on the first line of an order placed after the warm-up, else 0. */
export function orderingCostOf(o: OrderLog, i: number): number {
  const node = lineNode(o, i);
  const day = o.day[i];
  if (day < o.edges.warmupDays) return 0;
  if (i > 0 && o.day[i - 1] === day && lineNode(o, i - 1) === node) return 0;
  return o.edges.orderCost[node];
}

/** The cost per unit of moving line `i`: its lane's transport cost, or its node's production cost. */
export function lineUnitCost(o: OrderLog, i: number): number {
  return o.edges.unitCost[o.edge[i]];
}

/** One cost: `amount` of `COST_TYPES[type]` at SKU-node `node` over days [day, day + spanDays), caused by order line `cause` (-1 = none). */
export type CostVisitor = (node: number, day: number, spanDays: number, type: number, cause: number, amount: number) => void;

/** Calls `visit` for every non-zero cost of the trace: stock costs, ordering costs, costs of lines shipped whole, then those of lines shipped in parts. */
export function forEachCost(trace: CostTrace, orders: OrderLog, visit: CostVisitor): void {
  const periodOf = (p: number): [day: number, span: number] => {
    const day = trace.warmupDays + p * trace.periodDays;
    return [day, Math.min(trace.periodDays, trace.days - day)];
  };
  for (let type = 0; type < STOCK_COST_TYPES; type++) {
    const quantities = trace.stock[type];
    if (quantities.length === 0) continue;
    const unitCost = trace.stockUnitCost[type];
    for (let p = 0; p < trace.periods; p++) {
      const [day, span] = periodOf(p);
      const row = p * trace.nodeCount;
      for (let n = 0; n < trace.nodeCount; n++) {
        const amount = quantities[row + n] * unitCost[n];
        if (amount !== 0) visit(n, day, span, type, -1, amount);
      }
    }
  }
  const x = trace.stockEntries;
  for (let i = 0; i < x.length; i++) {
    const n = x.cell[i] % trace.nodeCount;
    const [day, span] = periodOf((x.cell[i] - n) / trace.nodeCount);
    const amount = x.quantity[i] * trace.stockUnitCost[x.type[i]][n];
    if (amount !== 0) visit(n, day, span, x.type[i], -1, amount);
  }
  for (let i = 0; i < orders.length; i++) {
    const ordering = orderingCostOf(orders, i);
    if (ordering !== 0) visit(lineNode(orders, i), orders.day[i], 1, COST_ORDERING, i, ordering);
  }
  const { shippedWholeOn, events: e } = shipmentCosts(orders);
  for (let i = 0; i < orders.length; i++) {
    const on = shippedWholeOn[i];
    if (on !== 0) visit(lineNode(orders, i), on - 1, 1, lineSource(orders, i) < 0 ? COST_PRODUCTION : COST_TRANSPORT, i, lineQuantity(orders, i) * lineUnitCost(orders, i));
  }
  for (let i = 0; i < e.length; i++) visit(e.node[i], e.day[i], 1, e.type[i], e.cause[i], e.amount[i]);
}

/**
 * The transport and production costs of an order log, by the order lines that caused them: a line
 * that left its source in one piece (one shipment, or one production start, after the warm-up)
 * has 1 + that day in `shippedWholeOn` (its cost is its quantity × `lineUnitCost`), else 0; a
 * line served in parts has one `events` entry per part.
 */
export interface ShipmentCosts {
  readonly shippedWholeOn: Uint16Array;
  readonly events: CostEvents;
}

const shipmentCostsOf = new WeakMap<OrderLog, ShipmentCosts>();

/**
 * The shipment costs of `orders` (worked out on first use, then kept with the log): each shipment
 * serves its edge's oldest lines not yet served among those ordered before it, first in first out,
 * as the day loop would have attributed them. Working this out when the trace is read keeps it out
 * of the day loop, which only appends shipments to a log.
 */
export function shipmentCosts(orders: OrderLog): ShipmentCosts {
  let costs = shipmentCostsOf.get(orders);
  if (!costs) {
    costs = attributeShipments(orders);
    shipmentCostsOf.set(orders, costs);
  }
  return costs;
}

function attributeShipments(o: OrderLog): ShipmentCosts {
  const { to, from, unitCost, warmupDays } = o.edges;
  const edgeCount = to.length;
  // Each edge's lines in order: its first, and each line's next on the same edge (-1 = none).
  const head = new Int32Array(edgeCount).fill(-1);
  const newest = new Int32Array(edgeCount).fill(-1);
  const next = new Int32Array(o.length);
  for (let i = 0; i < o.length; i++) {
    const e = o.edge[i];
    next[i] = -1;
    if (newest[e] >= 0) next[newest[e]] = i;
    else head[e] = i;
    newest[e] = i;
  }
  // What is left of each edge's oldest line not yet served (its whole quantity until a shipment takes part of it).
  const left = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) if (head[e] >= 0) left[e] = lineQuantity(o, head[e]);
  const shippedWholeOn = new Uint16Array(o.length);
  const events = createEventBuffers(o.shipments.length >> 6);
  const s = o.shipments;
  for (let k = 0; k < s.length; k++) {
    const e = s.edge[k];
    const t = s.day[k];
    const before = s.linesBefore[k];
    const quantity = lineQuantity(s, k);
    const costPerUnit = unitCost[e];
    const record = t >= warmupDays;
    let line = head[e];
    let rest = quantity;
    while (rest > 0 && line >= 0 && line < before) {
      const lineQuantityOrdered = lineQuantity(o, line);
      const part = rest < left[e] ? rest : left[e];
      if (record) {
        if (part === lineQuantityOrdered) shippedWholeOn[line] = t + 1;
        else appendEvent(events, to[e], t, from[e] < 0 ? COST_PRODUCTION : COST_TRANSPORT, line, part * costPerUnit);
      }
      rest -= part;
      left[e] -= part;
      // Tolerance for real-valued quantities: treat a sliver left by rounding as fully served.
      if (left[e] <= 1e-9 * lineQuantityOrdered) {
        line = head[e] = next[line];
        left[e] = line >= 0 ? lineQuantity(o, line) : 0;
        if (rest <= 1e-9 * quantity) rest = 0;
      }
    }
  }
  return { shippedWholeOn, events: freezeEvents(events) };
}

interface EventBuffers {
  length: number;
  node: Int32Array;
  day: Uint16Array;
  type: Uint8Array;
  cause: Int32Array;
  amount: Float64Array;
}

function createEventBuffers(capacity: number): EventBuffers {
  const c = Math.max(1024, capacity);
  return { length: 0, node: new Int32Array(c), day: new Uint16Array(c), type: new Uint8Array(c), cause: new Int32Array(c), amount: new Float64Array(c) };
}

function appendEvent(t: EventBuffers, node: number, day: number, type: number, cause: number, amount: number): void {
  if (t.length === t.node.length) growColumns(t, ["node", "day", "type", "cause", "amount"]);
  const i = t.length++;
  t.node[i] = node;
  t.day[i] = day;
  t.type[i] = type;
  t.cause[i] = cause;
  t.amount[i] = amount;
}

function freezeEvents(t: EventBuffers): CostEvents {
  const n = t.length;
  return { length: n, node: t.node.subarray(0, n), day: t.day.subarray(0, n), type: t.type.subarray(0, n), cause: t.cause.subarray(0, n), amount: t.amount.subarray(0, n) };
}

/** Mutable stock-cost buffers of a run's trace (see `CostTrace`). */
export interface TraceBuffers {
  readonly stock: StockMatrix[];
  readonly entries: EntryBuffers;
}

interface EntryBuffers {
  length: number;
  type: Uint8Array;
  cell: Int32Array;
  quantity: Float64Array;
}

/**
 * A mutable movement log (see `MovementLog`), of order lines or of shipments (see `OrderLog`); its
 * columns grow by half when full. Both kinds have the same fields (a log of lines leaves
 * `linesBefore` empty), so the functions that append to either see one object shape.
 */
export interface LogBuffers {
  length: number;
  edge: Int32Array;
  day: Uint16Array;
  storedQuantity: QuantityColumn;
  readonly quantityExceptions: Map<number, number>;
  linesBefore: Int32Array;
}

/** Stock cost types kept as matrices (see `CostTrace`). */
export const MATRIX_STOCK_TYPES: readonly number[] = [COST_HOLDING, COST_COGS];

/** A periods × nodes matrix (`stockCells` cells of `matrixBits` bits, see `CostTrace`) for each of MATRIX_STOCK_TYPES. */
export function createTraceBuffers(stockCells: number, matrixBits: 16 | 32 | 64): TraceBuffers {
  const stock = COST_TYPES.slice(0, STOCK_COST_TYPES).map((_, type) => {
    const cells = MATRIX_STOCK_TYPES.includes(type) ? stockCells : 0;
    return matrixBits === 16 ? new Uint16Array(cells) : matrixBits === 32 ? new Float32Array(cells) : new Float64Array(cells);
  });
  return { stock, entries: { length: 0, type: new Uint8Array(1024), cell: new Int32Array(1024), quantity: new Float64Array(1024) } };
}

type Column = Int32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

/** Replaces the named columns of `buffers` by copies 1.5× as long. */
function growColumns<B extends object>(buffers: B, columns: readonly (keyof B)[]): void {
  for (const name of columns) {
    const old = buffers[name] as Column;
    const next = new (old.constructor as new (n: number) => Column)(Math.ceil(old.length * 1.5));
    next.set(old);
    (buffers as Record<keyof B, unknown>)[name] = next;
  }
}

/**
 * Records `quantity` of stock cost type `type` in cell `cell`: in its matrix when it has one that
 * holds the quantity exactly, else as an entry (see `CostTrace`).
 */
export function putStock(t: TraceBuffers, type: number, cell: number, quantity: number): void {
  const matrix = t.stock[type];
  if (matrix.length !== 0) {
    // A typed array stores what it can hold: read back, the quantity comes out unchanged only if exact.
    matrix[cell] = quantity;
    if (matrix[cell] === quantity) return;
    matrix[cell] = 0;
  }
  const x = t.entries;
  if (x.length === x.cell.length) growColumns(x, ["type", "cell", "quantity"]);
  const i = x.length++;
  x.type[i] = type;
  x.cell[i] = cell;
  x.quantity[i] = quantity;
}

/** Buffers for `capacity` order lines, or shipments (see `OrderLog`), with quantities of `quantityBits` bits. */
export function createLogBuffers(kind: "lines" | "shipments", capacity: number, quantityBits: 16 | 32 | 64): LogBuffers {
  const c = Math.max(1024, capacity);
  return {
    length: 0,
    edge: new Int32Array(c),
    day: new Uint16Array(c),
    storedQuantity: quantityBits === 16 ? new Uint16Array(c) : quantityBits === 32 ? new Float32Array(c) : new Float64Array(c),
    quantityExceptions: new Map(),
    linesBefore: new Int32Array(kind === "shipments" ? c : 0),
  };
}

/** Appends an entry to a log and returns its index. */
function appendToLog(log: LogBuffers, edge: number, day: number, quantity: number): number {
  const i = log.length++;
  log.edge[i] = edge;
  log.day[i] = day;
  // Stored in its column if that holds it exactly (it reads back unchanged), else as an exception.
  const column = log.storedQuantity;
  column[i] = quantity;
  if (column[i] !== quantity) {
    column[i] = 0;
    log.quantityExceptions.set(i, quantity);
  }
  return i;
}

/** Appends an order line over edge `edge` and returns its index. */
export function appendOrderLine(lines: LogBuffers, edge: number, day: number, quantity: number): number {
  if (lines.length === lines.edge.length) growColumns(lines, ["edge", "day", "storedQuantity"]);
  return appendToLog(lines, edge, day, quantity);
}

/**
 * Logs `quantity` leaving over edge `edge` on day `day` (a shipment, or a production start on a
 * production edge), serving the `lines` logged so far.
 */
export function appendShipment(shipments: LogBuffers, lines: LogBuffers, edge: number, day: number, quantity: number): void {
  if (shipments.length === shipments.edge.length) growColumns(shipments, ["edge", "day", "storedQuantity", "linesBefore"]);
  shipments.linesBefore[appendToLog(shipments, edge, day, quantity)] = lines.length;
}

/** Final views trimmed to the used length (no copy). */
export function freezeTrace(
  t: TraceBuffers,
  shape: { nodeCount: number; days: number; warmupDays: number; periodDays: number; stockUnitCost: readonly Float64Array[] },
): CostTrace {
  const x = t.entries;
  return {
    ...shape,
    periods: tracePeriods(shape.days, shape.warmupDays, shape.periodDays),
    stock: t.stock,
    stockEntries: { length: x.length, type: x.type.subarray(0, x.length), cell: x.cell.subarray(0, x.length), quantity: x.quantity.subarray(0, x.length) },
  };
}

/** Periods of `periodDays` from the end of the warm-up to the horizon (the last may be shorter). */
export function tracePeriods(days: number, warmupDays: number, periodDays: number): number {
  return Math.ceil((days - warmupDays) / periodDays);
}

function freezeLog(log: LogBuffers): MovementLog {
  const n = log.length;
  return { length: n, edge: log.edge.subarray(0, n), day: log.day.subarray(0, n), storedQuantity: log.storedQuantity.subarray(0, n), quantityExceptions: log.quantityExceptions };
}

/** The order log of a run's `lines` and `shipments`: final views trimmed to the used length (no copy). */
export function freezeOrders(lines: LogBuffers, shipments: LogBuffers, edges: LineEdges): OrderLog {
  return { ...freezeLog(lines), shipments: { ...freezeLog(shipments), linesBefore: shipments.linesBefore.subarray(0, shipments.length) }, edges };
}

/** Number of non-zero costs in the trace (the records `forEachCost` lists). */
export function countCosts(trace: CostTrace, orders: OrderLog): number {
  let count = 0;
  forEachCost(trace, orders, () => count++);
  return count;
}
