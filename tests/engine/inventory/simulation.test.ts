/**
 * Validation by simulation: recommended policies are run through the simulation engine
 * (src/server/engine/sim) with independent Monte Carlo replications, and the achieved service, stock
 * and cost must fall inside the replications' 95% confidence interval around the engine's promise.
 * The replications, the one-location model and the measurements are the product's
 * `validateBySimulation` (src/server/engine/inventory/validate.ts).
 *
 * Timing: the simulator's lane lead time L means an order placed at the end of day t is available
 * at the start of day t + L; the batch optimiser uses the same convention. The textbook models
 * (base-stock, (s,S)) follow Snyder & Shen, where lead time L exposes L + 1 periods of demand, so
 * `validateBySimulation` runs them on a lane of L + 1 days.
 */
import { describe, expect, it } from "vitest";
import {
  baseStockPolicy,
  computePolicies,
  optimizeSs,
  poissonDistribution,
  SERVICE_CYCLE,
  SERVICE_FILL_RATE,
} from "../../../src/server/engine/inventory/index.ts";
import {
  validateBySimulation,
  type ValidationInput,
  type ValidationMetricName,
  type ValidationResult,
} from "../../../src/server/engine/inventory/validate.ts";

/** 20 replications of 20,000 measured days after a 500-day warm-up. */
const RUN = { replications: 20, horizonDays: 20_500, warmupDays: 500, seed: 20240607 } as const;

function validate(input: Omit<ValidationInput, keyof typeof RUN>): ValidationResult {
  return validateBySimulation({ ...input, ...RUN });
}

/** Every promised metric lies inside its interval (the failure message names the metric). */
function expectInside(result: ValidationResult, names: ValidationMetricName[]): void {
  for (const name of names) {
    const m = result.metrics[name];
    expect({ name, promised: m?.promised, withinCi: m?.withinCi, ci: m && [m.low, m.high] }).toMatchObject({ withinCi: true });
  }
  expect(result.withinCi).toBe(true);
}

describe("recommended policies hold up in the simulator (normal demand, batch optimiser)", () => {
  const cases = [
    { name: "cycle-service 95%, EOQ lot, daily review", mu: 20, sd: 5, L: 5, K: 50, kind: SERVICE_CYCLE, target: 0.95, moq: 0, mult: 0, R: 1 },
    { name: "fill rate 97%, MOQ 100, multiples of 25", mu: 20, sd: 4, L: 3, K: 10, kind: SERVICE_FILL_RATE, target: 0.97, moq: 100, mult: 25, R: 1 },
    { name: "weekly order-up-to, cycle-service 90%", mu: 20, sd: 5, L: 4, K: 0, kind: SERVICE_CYCLE, target: 0.9, moq: 0, mult: 0, R: 7 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = (x: number) => Float64Array.of(x);
      const unitCost = 10;
      const holdingRate = 0.25;
      const out = computePolicies(
        {
          count: 1,
          demandMean: f(c.mu),
          demandSd: f(c.sd),
          leadTimeMean: f(c.L),
          leadTimeSd: f(0),
          unitCost: f(unitCost),
          holdingRate: f(holdingRate),
          orderingCost: f(c.K),
          serviceKind: Uint8Array.of(c.kind),
          serviceTarget: f(c.target),
          minOrderQuantity: f(c.moq),
          orderMultiple: f(c.mult),
          reviewPeriod: f(c.R),
        },
        { integerQuantities: false, allowNegativeSafetyStock: true },
      );
      // CV ≤ 0.25: the simulator's censoring of negative normal draws moves nothing measurable.
      const result = validate({
        policy: { type: "policy", reorderPoint: out.reorderPoint[0], orderQuantity: out.orderQuantity[0], reviewPeriod: c.R },
        demand: { dist: "normal", mean: c.mu, sd: c.sd },
        leadTime: c.L,
        holdingCost: (unitCost * holdingRate) / 365,
        fixedCost: c.K,
        minOrderQuantity: c.moq,
        orderMultiple: c.mult,
        promised: {
          cycleServiceLevel: out.expectedCycleServiceLevel[0],
          fillRate: out.expectedFillRate[0],
          periodServiceLevel: out.expectedPeriodServiceLevel[0],
          averageOnHand: out.expectedOnHand[0],
          costPerDay: (out.holdingCostPerYear[0] + out.orderingCostPerYear[0]) / 365,
        },
      });
      expect(result.simulatedPolicy.type).toBe(out.orderQuantity[0] > 0 ? "rQ" : "baseStock");
      expect(result.laneLeadTimeDays).toBe(c.L);
      expectInside(result, ["cycleServiceLevel", "fillRate", "periodServiceLevel", "averageOnHand", "costPerDay"]);
      const promised = c.kind === SERVICE_CYCLE ? out.expectedCycleServiceLevel[0] : out.expectedFillRate[0];
      expect(promised).toBeCloseTo(c.target, 9);
    });
  }
});

describe("recommended policies hold up in the simulator (Poisson demand, textbook models)", () => {
  it("base-stock for Poisson(4)/day, h = 1, p = 9, L = 2: in-stock, fill rate and cost", () => {
    const bs = baseStockPolicy(1, 9, { dist: "poisson", mean: 4 }, 2);
    const result = validate({
      policy: { type: "base_stock", baseStockLevel: bs.baseStockLevel },
      demand: { dist: "poisson", mean: 4 },
      leadTime: 2,
      holdingCost: 1,
      stockoutCost: 9,
      promised: { periodServiceLevel: bs.inStockProbability, fillRate: bs.fillRate, costPerDay: bs.cost },
    });
    expect(result.laneLeadTimeDays).toBe(3);
    expectInside(result, ["periodServiceLevel", "fillRate", "costPerDay"]);
  });

  it("Zheng–Federgruen (s, S) for Poisson(6)/day, K = 5, h = 1, p = 4, L = 1: cost per day", () => {
    const ss = optimizeSs({ holdingCost: 1, stockoutCost: 4, fixedCost: 5, demand: poissonDistribution(6), leadTime: 1 });
    const result = validate({
      policy: { type: "ss", s: ss.s, S: ss.S },
      demand: { dist: "poisson", mean: 6 },
      leadTime: 1,
      holdingCost: 1,
      stockoutCost: 4,
      fixedCost: 5,
      promised: { costPerDay: ss.cost },
    });
    expect(result.laneLeadTimeDays).toBe(2);
    expectInside(result, ["costPerDay"]);
  });
});
