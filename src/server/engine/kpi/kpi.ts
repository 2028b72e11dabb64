/**
 * Service, inventory and financial KPIs computed from the simulator's daily series over a
 * measurement window (days `fromDay` … end, i.e. after warm-up).
 */
import type { DailySeries, SeriesName } from "../sim/series.ts";

export interface Kpis {
  /** Units of demand served on the day requested ÷ demand (1 when there was no demand). */
  readonly fillRate: number;
  /**
   * Share of demand-node-days ending without unmet demand (no backorder outstanding, no sale
   * lost). For a daily-review base-stock node this is P(lead-time demand ≤ S), the newsvendor
   * service level.
   */
  readonly cycleServiceLevel: number;
  /** Order lines (node-days with demand) served on time in full ÷ order lines. */
  readonly otif: number;
  readonly demandUnits: number;
  readonly salesUnits: number;
  readonly lostSalesUnits: number;
  /** Units of demand that were back-ordered (not served on the day requested, not lost). */
  readonly backorderedUnits: number;
  readonly averageBackorders: number;
  readonly endingBackorders: number;
  readonly averageInventoryUnits: number;
  readonly averageInventoryValue: number;
  readonly endingInventoryUnits: number;
  readonly endingInventoryValue: number;
  /** Average units ordered but not yet received. */
  readonly averageOnOrderUnits: number;
  /** Yearly cost of goods ÷ average inventory value. */
  readonly inventoryTurns: number;
  /** Average inventory ÷ average daily demand. */
  readonly daysOfSupply: number;
  readonly ordersPlaced: number;
}

export interface ProfitAndLoss {
  readonly revenue: number;
  readonly cogs: number;
  readonly grossMargin: number;
  readonly holdingCost: number;
  readonly orderingCost: number;
  readonly transportCost: number;
  readonly productionCost: number;
  readonly backorderCost: number;
  readonly lostSaleCost: number;
  /** Holding + ordering + transport + production + backorder + lost-sale costs. */
  readonly operatingCost: number;
  /** Gross margin − operating cost. */
  readonly profit: number;
  /** Memo: spend on supplier purchases (capitalised into inventory at standard cost, not an expense). */
  readonly purchases: number;
}

function sumFrom(series: DailySeries, name: SeriesName, fromDay: number): number {
  const a = series[name];
  let s = 0;
  for (let t = fromDay; t < a.length; t++) s += a[t];
  return s;
}

function ratio(numerator: number, denominator: number, whenEmpty: number): number {
  return denominator > 0 ? numerator / denominator : whenEmpty;
}

/** KPIs over days [fromDay, end) of `series`; `demandNodes` = SKU-nodes with customer demand. */
export function computeKpis(series: DailySeries, demandNodes: number, fromDay: number): Kpis {
  const days = series.demand.length;
  const measured = days - fromDay;
  const last = days - 1;
  const demand = sumFrom(series, "demand", fromDay);
  const onTime = sumFrom(series, "filledOnTime", fromDay);
  const lost = sumFrom(series, "lostSales", fromDay);
  const averageInventoryUnits = sumFrom(series, "onHand", fromDay) / measured;
  const averageInventoryValue = sumFrom(series, "onHandValue", fromDay) / measured;
  const cogs = sumFrom(series, "cogs", fromDay);
  return {
    fillRate: ratio(onTime, demand, 1),
    cycleServiceLevel: 1 - ratio(sumFrom(series, "stockoutNodes", fromDay), demandNodes * measured, 0),
    otif: ratio(sumFrom(series, "otifLines", fromDay), sumFrom(series, "demandLines", fromDay), 1),
    demandUnits: demand,
    salesUnits: sumFrom(series, "sales", fromDay),
    lostSalesUnits: lost,
    backorderedUnits: demand - onTime - lost,
    averageBackorders: sumFrom(series, "backorders", fromDay) / measured,
    endingBackorders: series.backorders[last],
    averageInventoryUnits,
    averageInventoryValue,
    endingInventoryUnits: series.onHand[last],
    endingInventoryValue: series.onHandValue[last],
    averageOnOrderUnits: sumFrom(series, "onOrder", fromDay) / measured,
    inventoryTurns: ratio((cogs / measured) * 365, averageInventoryValue, 0),
    daysOfSupply: ratio(averageInventoryUnits, demand / measured, 0),
    ordersPlaced: sumFrom(series, "ordersPlaced", fromDay),
  };
}

/** Profit and loss over days [fromDay, end). */
export function computeProfitAndLoss(series: DailySeries, fromDay: number): ProfitAndLoss {
  const revenue = sumFrom(series, "revenue", fromDay);
  const cogs = sumFrom(series, "cogs", fromDay);
  const holdingCost = sumFrom(series, "holdingCost", fromDay);
  const orderingCost = sumFrom(series, "orderingCost", fromDay);
  const transportCost = sumFrom(series, "transportCost", fromDay);
  const productionCost = sumFrom(series, "productionCost", fromDay);
  const backorderCost = sumFrom(series, "backorderCost", fromDay);
  const lostSaleCost = sumFrom(series, "lostSaleCost", fromDay);
  const operatingCost = holdingCost + orderingCost + transportCost + productionCost + backorderCost + lostSaleCost;
  return {
    revenue,
    cogs,
    grossMargin: revenue - cogs,
    holdingCost,
    orderingCost,
    transportCost,
    productionCost,
    backorderCost,
    lostSaleCost,
    operatingCost,
    profit: revenue - cogs - operatingCost,
    purchases: sumFrom(series, "purchases", fromDay),
  };
}
