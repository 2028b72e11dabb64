/** KPIs and profit & loss from simulated daily series. */
export { computeKpis, computeProfitAndLoss, type Kpis, type ProfitAndLoss } from "./kpi.ts";
