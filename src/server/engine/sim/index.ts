/**
 * Daily discrete multi-echelon supply-chain simulation.
 *
 * ```ts
 * const compiled = compileModel(model);          // validate + structure-of-arrays form
 * const result = simulate(compiled);             // series, KPIs, P&L, cost summary (+ trace)
 * const run = createRun(compiled);               // or step it for progress reporting:
 * while (advance(run, 30) < compiled.days) report(run.day / compiled.days);
 * const same = finish(run);
 * const mc = monteCarlo(model, 30);              // mean and 95% CI per KPI
 * ```
 */
export type {
  BomComponentSpec,
  BomSpec,
  DemandSpec,
  DistributionSpec,
  ItemSpec,
  LaneSpec,
  LeadTimeSpec,
  LocationKind,
  LocationSpec,
  ModelIssue,
  NetworkSpec,
  PolicyCommon,
  PolicySpec,
  SimulationModel,
  SimulationOptions,
  TraceOptions,
} from "./model.ts";
export { SimulationModelError, compileModel, validateModel, type CompiledModel, type LayoutOptions } from "./compile.ts";
export {
  advance,
  createRun,
  finish,
  onHandOf,
  simulate,
  type CostByType,
  type CostSummary,
  type NodeSeries,
  type RunOptions,
  type SimulateOptions,
  type SimulationResult,
  type SimulationRun,
} from "./run.ts";
export { monteCarlo, type MonteCarloOptions, type MonteCarloResult } from "./montecarlo.ts";
export { itemComponent } from "./component.ts";
export { SERIES_NAMES, isStockSeries, seriesAggregation, type DailySeries, type SeriesName } from "./series.ts";
export {
  COST_TYPES,
  countCosts,
  forEachCost,
  lineNode,
  lineQuantity,
  lineSource,
  lineUnitCost,
  orderingCostOf,
  shipmentCosts,
  type CostEvents,
  type CostTrace,
  type CostType,
  type CostVisitor,
  type MovementLog,
  type OrderLog,
  type ShipmentCosts,
  type ShipmentLog,
} from "./trace.ts";
export type { Kpis, ProfitAndLoss } from "../kpi/index.ts";
