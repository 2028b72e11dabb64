/**
 * The daily series the simulator records per location (summed over its SKU-nodes) and for the
 * whole network, and how each aggregates into time buckets: flows sum, stocks take the
 * end-of-period value.
 */
import type { Aggregation } from "../buckets/index.ts";

/** Series recorded per location and day. */
export const SERIES_NAMES = [
  /** Customer demand, units. */
  "demand",
  /** Units shipped to customers (today's demand and backorders). */
  "sales",
  /** Units of today's demand served today. */
  "filledOnTime",
  /** Customer demand lost (lost-sales locations). */
  "lostSales",
  /** Units received into stock (transfers, purchases, production output). */
  "receipts",
  /** Units shipped to downstream nodes. */
  "transfersOut",
  /** Component units consumed by production. */
  "consumption",
  /** Units whose production started. */
  "production",
  /** Units ordered by the location's nodes. */
  "orderedUnits",
  /** Number of replenishment orders placed. */
  "ordersPlaced",
  /** SKU-node-days with customer demand (order lines; requested date = that day). */
  "demandLines",
  /** Order lines served on time in full. */
  "otifLines",
  /** SKU-nodes with customer demand that ended the day with unmet demand (backorders or lost sales). */
  "stockoutNodes",
  /** Price × sales. */
  "revenue",
  /** Unit cost × sales. */
  "cogs",
  "holdingCost",
  "orderingCost",
  /** Inbound transport cost (charged to the receiving location). */
  "transportCost",
  "productionCost",
  "backorderCost",
  "lostSaleCost",
  /** Unit cost × units bought from suppliers (charged to the buying location). */
  "purchases",
  /** End-of-day on-hand, units. */
  "onHand",
  /** End-of-day on-hand at unit cost. */
  "onHandValue",
  /** End-of-day customer backorders, units. */
  "backorders",
  /** End-of-day downstream orders not yet shipped, units. */
  "openOrders",
  /** End-of-day on-order (ordered, not yet received: unshipped, in transit, in production), units. */
  "onOrder",
] as const;

export type SeriesName = (typeof SERIES_NAMES)[number];

/** One Float64Array (length = days) per series. */
export type DailySeries = Readonly<Record<SeriesName, Float64Array>>;

/** Index of each series in the per-location day accumulator. */
export const SERIES_INDEX: Readonly<Record<SeriesName, number>> = Object.fromEntries(
  SERIES_NAMES.map((name, i) => [name, i]),
) as Record<SeriesName, number>;

export const SERIES_COUNT = SERIES_NAMES.length;

const STOCK_SERIES = new Set<SeriesName>(["onHand", "onHandValue", "backorders", "openOrders", "onOrder"]);

/** True for end-of-day stock levels, false for flows over the day. */
export function isStockSeries(name: SeriesName): boolean {
  return STOCK_SERIES.has(name);
}

/** Aggregation into buckets: flows sum, stocks take the end-of-period value. */
export function seriesAggregation(name: SeriesName): Aggregation {
  return isStockSeries(name) ? "last" : "sum";
}
