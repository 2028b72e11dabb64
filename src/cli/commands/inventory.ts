/**
 * `scp inventory`: solves one inventory model, `{ "model": NAME, ...parameters }` in, the optimal
 * decision and its cost out. Every result carries `exact`: false marks approximations (the EIL
 * (r,Q) method, the Silver–Meal heuristic, lattice-convolved non-integer empirical demand, batch
 * rows with lead-time variability). Bad input exits 1 with errors naming JSON paths.
 *
 * Model "validate" runs a recommended policy (as another model output it) through the simulator
 * with Monte Carlo replications and reports achieved fill rate, cycle service level, average
 * on-hand and cost per day, each a mean with a 95% confidence interval, beside the promises.
 */
import type { Command } from "../scp.ts";
import { inventoryRequestSchema, type InventoryRequest } from "../../schemas/inventory.ts";
import {
  allocatePolicyResult,
  baseStockPolicy,
  computePolicies,
  empiricalIntegerDistribution,
  eoq,
  eoqAllUnitsDiscount,
  eoqIncrementalDiscount,
  eoqWithBackorders,
  epq,
  optimizeSerial,
  optimizeSs,
  poissonDistribution,
  POLICY_INVALID_INPUT,
  POLICY_OK,
  POLICY_ZERO_DEMAND,
  rqEil,
  rqNormalExact,
  rqPoissonExact,
  SERVICE_CYCLE,
  SERVICE_FILL_RATE,
  silverMeal,
  solveGsm,
  tradeOffCurve,
  wagnerWhitin,
  type PolicyBatchInput,
} from "../../server/engine/inventory/index.ts";
import { validateBySimulation, ValidationInputError } from "../../server/engine/inventory/validate.ts";
import { jsonPath, parseInput } from "../validate.ts";

type Request<M extends InventoryRequest["model"]> = Extract<InventoryRequest, { model: M }>;

function solvePolicies(req: Request<"policy">) {
  const n = req.rows.length;
  const input: PolicyBatchInput = {
    count: n,
    demandMean: Float64Array.from(req.rows, (r) => r.demandMean),
    demandSd: Float64Array.from(req.rows, (r) => r.demandSd),
    leadTimeMean: Float64Array.from(req.rows, (r) => r.leadTimeMean),
    leadTimeSd: Float64Array.from(req.rows, (r) => r.leadTimeSd),
    unitCost: Float64Array.from(req.rows, (r) => r.unitCost),
    holdingRate: Float64Array.from(req.rows, (r) => r.holdingRate),
    orderingCost: Float64Array.from(req.rows, (r) => r.orderingCost),
    serviceKind: Uint8Array.from(req.rows, (r) => (r.serviceKind === "fill_rate" ? SERVICE_FILL_RATE : SERVICE_CYCLE)),
    serviceTarget: Float64Array.from(req.rows, (r) => r.serviceTarget),
    minOrderQuantity: Float64Array.from(req.rows, (r) => r.minOrderQuantity),
    orderMultiple: Float64Array.from(req.rows, (r) => r.orderMultiple),
    reviewPeriod: Float64Array.from(req.rows, (r) => r.reviewPeriod),
  };
  const options = {
    periodsPerYear: req.periodsPerYear,
    integerQuantities: req.integerQuantities,
    allowNegativeSafetyStock: req.allowNegativeSafetyStock,
  };
  const out = computePolicies(input, options, allocatePolicyResult(n));
  const statusName = (s: number) =>
    s === POLICY_OK ? "ok" : s === POLICY_ZERO_DEMAND ? "zero_demand" : s === POLICY_INVALID_INPUT ? "invalid" : "unknown";
  const policies = req.rows.map((r, i) => ({
    id: r.id ?? null,
    status: statusName(out.status[i]),
    reorderPoint: out.reorderPoint[i],
    orderQuantity: out.orderQuantity[i],
    orderUpToLevel: out.orderUpToLevel[i],
    safetyStock: out.safetyStock[i],
    expectedOnHand: out.expectedOnHand[i],
    inventoryInvestment: out.inventoryInvestment[i],
    expectedCycleServiceLevel: out.expectedCycleServiceLevel[i],
    expectedPeriodServiceLevel: out.expectedPeriodServiceLevel[i],
    expectedFillRate: out.expectedFillRate[i],
    ordersPerYear: out.ordersPerYear[i],
    holdingCostPerYear: out.holdingCostPerYear[i],
    orderingCostPerYear: out.orderingCostPerYear[i],
    exact: out.exact[i] === 1,
  }));
  let totalCost = 0;
  for (let i = 0; i < n; i++) {
    if (out.status[i] === POLICY_OK) totalCost += out.holdingCostPerYear[i] + out.orderingCostPerYear[i];
  }
  const result: Record<string, unknown> = { policies, cost: totalCost };
  if (req.tradeOff) {
    const kind = req.tradeOff.kind === "fill_rate" ? SERVICE_FILL_RATE : SERVICE_CYCLE;
    const curve = tradeOffCurve(input, req.tradeOff.targets, kind, options);
    result.tradeOff = Array.from(curve.target, (target, t) => ({
      target,
      investment: curve.investment[t],
      achievedService: curve.achievedService[t],
      safetyStockValue: curve.safetyStockValue[t],
      costPerYear: curve.costPerYear[t],
    }));
  }
  return result;
}

function solveGsmRequest(req: Request<"gsm">) {
  const index = new Map<string, number>();
  req.nodes.forEach((node, i) => index.set(String(node.id), i));
  const solution = solveGsm({
    nodeCount: req.nodes.length,
    holdingCost: req.nodes.map((n) => n.holdingCost),
    processingTime: req.nodes.map((n) => n.processingTime),
    demandSd: req.nodes.map((n) => n.demandSd ?? 0),
    maxOutboundServiceTime: req.nodes.map((n) => n.maxOutboundServiceTime ?? -1),
    externalInboundServiceTime: req.nodes.map((n) => n.externalInboundServiceTime ?? 0),
    edgeFrom: req.edges.map(([from]) => index.get(String(from)) as number),
    edgeTo: req.edges.map(([, to]) => index.get(String(to)) as number),
    safetyFactor: req.z,
  });
  if (!solution.ok) return { errors: [{ path: `$.edges[${solution.edge}]`, message: solution.message }] };
  const byId = (values: ArrayLike<number>) => Object.fromEntries(req.nodes.map((n, i) => [String(n.id), values[i]]));
  return {
    serviceTimes: byId(solution.serviceTime),
    inboundServiceTimes: byId(solution.inboundServiceTime),
    netLeadTimes: byId(solution.netLeadTime),
    safetyStocks: byId(solution.safetyStock),
    cost: solution.cost,
    exact: true,
  };
}

function solveValidate(req: Request<"validate">) {
  const { model: _model, ...input } = req;
  return { ...validateBySimulation(input) };
}

function solve(req: InventoryRequest): Record<string, unknown> {
  switch (req.model) {
    case "eoq": {
      if (req.productionRate !== undefined) {
        const r = epq(req.fixedCost, req.holdingCost, req.demandRate, req.productionRate);
        return { orderQuantity: r.orderQuantity, cost: r.cost, cycleTime: r.cycleTime, variant: "epq", exact: true };
      }
      if (req.stockoutCost !== undefined) {
        const r = eoqWithBackorders(req.fixedCost, req.holdingCost, req.stockoutCost, req.demandRate);
        return {
          orderQuantity: r.orderQuantity,
          cost: r.cost,
          stockoutFraction: r.stockoutFraction,
          maxBackorder: r.maxBackorder,
          cycleTime: r.cycleTime,
          variant: "eoq_backorders",
          exact: true,
        };
      }
      const r = eoq(req.fixedCost, req.holdingCost, req.demandRate);
      return { orderQuantity: r.orderQuantity, cost: r.cost, cycleTime: r.cycleTime, variant: "eoq", exact: true };
    }
    case "eoq_discount": {
      const solver = req.kind === "incremental" ? eoqIncrementalDiscount : eoqAllUnitsDiscount;
      const r = solver(req.fixedCost, req.holdingRate, req.demandRate, req.breakpoints, req.unitCosts);
      return { orderQuantity: r.orderQuantity, cost: r.cost, region: r.region, unitCost: r.unitCost, kind: req.kind, exact: true };
    }
    case "wagner_whitin": {
      const r = wagnerWhitin(req.demand, req.fixedCost, req.holdingCost);
      return { orders: Array.from(r.orders), cost: r.cost, exact: true };
    }
    case "silver_meal": {
      const r = silverMeal(req.demand, req.fixedCost, req.holdingCost);
      return { orders: Array.from(r.orders), cost: r.cost, exact: false, approximation: "Silver–Meal heuristic" };
    }
    case "newsvendor":
    case "base_stock": {
      const r = baseStockPolicy(req.holdingCost, req.stockoutCost, req.demand, req.leadTime ?? 0);
      return {
        baseStockLevel: r.baseStockLevel,
        cost: r.cost,
        criticalRatio: r.criticalRatio,
        inStockProbability: r.inStockProbability,
        fillRate: r.fillRate,
        exact: r.exact,
        ...(r.exact ? {} : { approximation: "non-integer empirical demand convolved on a lattice" }),
      };
    }
    case "ss": {
      const demand =
        req.demand.dist === "poisson"
          ? poissonDistribution(req.demand.mean)
          : empiricalIntegerDistribution((req.demand as { values: number[] }).values);
      const r = optimizeSs({
        holdingCost: req.holdingCost,
        stockoutCost: req.stockoutCost,
        fixedCost: req.fixedCost,
        demand,
        leadTime: req.leadTime ?? 0,
      });
      return { s: r.s, S: r.S, cost: r.cost, exact: true };
    }
    case "rq": {
      const d = req.demand;
      if (d.dist === "poisson") {
        const r = rqPoissonExact(req.holdingCost, req.stockoutCost, req.fixedCost, d.mean, req.leadTime);
        return { r: r.r, Q: r.Q, cost: r.cost, fillRate: r.fillRate, cycleServiceLevel: r.cycleServiceLevel, method: "exact", exact: true };
      }
      const normal = d as { mean: number; sd: number };
      if (req.method === "eil") {
        const r = rqEil(req.holdingCost, req.stockoutCost, req.fixedCost, normal.mean, normal.sd, req.leadTime);
        return {
          r: r.r,
          Q: r.Q,
          cost: r.cost,
          fillRate: r.fillRate,
          cycleServiceLevel: r.cycleServiceLevel,
          method: "eil",
          exact: false,
          approximation: "expected-inventory-level (Hadley–Whitin); stockoutCost is per unit short",
        };
      }
      const r = rqNormalExact(req.holdingCost, req.stockoutCost, req.fixedCost, normal.mean, normal.sd, req.leadTime);
      return { r: r.r, Q: r.Q, cost: r.cost, fillRate: r.fillRate, cycleServiceLevel: r.cycleServiceLevel, method: "exact", exact: true };
    }
    case "serial": {
      const normal = req.demand as { mean: number; sd: number };
      const r = optimizeSerial({
        echelonHoldingCost: req.stages.map((s) => s.echelonHoldingCost),
        leadTime: req.stages.map((s) => s.leadTime),
        stockoutCost: req.stockoutCost,
        demandMean: normal.mean,
        demandSd: normal.sd,
      });
      return { echelonBaseStock: Array.from(r.echelonBaseStock), localBaseStock: Array.from(r.localBaseStock), cost: r.cost, exact: true };
    }
    case "gsm":
      return solveGsmRequest(req);
    case "policy":
      return solvePolicies(req);
    case "validate":
      return solveValidate(req);
  }
}

export const run: Command = (input) => {
  const parsed = parseInput(inventoryRequestSchema, input);
  if (!parsed.ok) return { output: { errors: parsed.errors }, exitCode: 1 };
  try {
    const output = solve(parsed.value);
    if ("errors" in output) return { output, exitCode: 1 };
    return { output: { model: parsed.value.model, ...output }, exitCode: 0 };
  } catch (e) {
    if (e instanceof ValidationInputError) {
      return { output: { errors: [{ path: jsonPath(e.path), message: e.detail }] }, exitCode: 1 };
    }
    // Engine range checks the schema could not anticipate (e.g. a degenerate discount table).
    return { output: { errors: [{ path: "$", message: (e as Error).message }] }, exitCode: 1 };
  }
};
