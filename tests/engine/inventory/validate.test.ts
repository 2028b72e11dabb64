/**
 * validateBySimulation agrees with theory: achieved service from Monte Carlo replications of the
 * simulator covers the exact discrete-time value in its 95% confidence interval, a promise that
 * does not hold is flagged, and bad input names its field.
 */
import { describe, expect, it } from "vitest";
import {
  baseStockPolicy,
  discreteLossTable,
  optimizeSs,
  poissonDistribution,
  renewalMasses,
  rqPoissonExact,
  tableLoss,
} from "../../../src/server/engine/inventory/index.ts";
import {
  validateBySimulation,
  ValidationInputError,
  type ValidationInput,
} from "../../../src/server/engine/inventory/validate.ts";

const RUN = { replications: 20, horizonDays: 15_000, warmupDays: 500, seed: 424242 } as const;

/** n_k(y) = E[(D_k − y)⁺] for D_k ~ Poisson(λk). */
function poissonLoss(lambda: number, periods: number): (y: number) => number {
  const table = discreteLossTable(poissonDistribution(lambda * periods));
  return (y) => tableLoss(table, y);
}

/**
 * Fill rate of a daily-review policy whose end-of-day position after ordering is y with
 * probability weight(y), on a lane of `lane` days: the day's demand meets the stock y − D_{lane−1}
 * left at its start, so the units short per day are E[n_lane(y) − n_{lane−1}(y)].
 */
function dailyFillRate(lambda: number, lane: number, positions: [y: number, weight: number][]): number {
  const after = poissonLoss(lambda, lane);
  const before = poissonLoss(lambda, lane - 1);
  let short = 0;
  for (const [y, w] of positions) short += w * (after(y) - before(y));
  return 1 - short / lambda;
}

describe("validation by simulation agrees with theory", () => {
  for (const L of [0, 3]) {
    it(`base-stock at the newsvendor-optimal level, normal demand, L = ${L}: the CSL interval covers the critical ratio`, () => {
      const h = 1;
      const p = 19;
      const demand = { dist: "normal", mean: 50, sd: 10 } as const;
      const bs = baseStockPolicy(h, p, demand, L);
      expect(bs.criticalRatio).toBeCloseTo(0.95, 12);
      const r = validateBySimulation({
        policy: { type: "base_stock", baseStockLevel: bs.baseStockLevel },
        demand,
        leadTime: L,
        holdingCost: h,
        stockoutCost: p,
        promised: { cycleServiceLevel: bs.criticalRatio, periodServiceLevel: bs.inStockProbability, fillRate: bs.fillRate, costPerDay: bs.cost },
        ...RUN,
      });
      expect(r.laneLeadTimeDays).toBe(L + 1);
      expect(r.integerQuantities).toBe(false);
      expect(r.simulatedPolicy).toMatchObject({ type: "baseStock", orderUpTo: bs.baseStockLevel, reviewPeriodDays: 1 });
      const csl = r.metrics.cycleServiceLevel!;
      expect(csl.low).toBeLessThanOrEqual(bs.criticalRatio);
      expect(csl.high).toBeGreaterThanOrEqual(bs.criticalRatio);
      expect(csl.withinCi).toBe(true);
      expect(csl.halfWidth).toBeLessThan(0.005);
      expect(r.metrics.periodServiceLevel!.withinCi).toBe(true);
      expect(r.metrics.fillRate!.withinCi).toBe(true);
      expect(r.metrics.costPerDay!.withinCi).toBe(true);
      expect(r.metrics.averageOnHand!.promised).toBeNull();
      expect(r.metrics.averageOnHand!.withinCi).toBeNull();
      expect(r.withinCi).toBe(true);
    });
  }

  const rqCases = [
    { h: 20, p: 150, K: 100, lambda: 1.5, L: 2 },
    { h: 1, p: 9, K: 20, lambda: 4, L: 3 },
  ];
  for (const c of rqCases) {
    it(`(r, Q) for Poisson(${c.lambda})/day, L = ${c.L}: the fill-rate interval covers the exact daily-review value`, () => {
      const rq = rqPoissonExact(c.h, c.p, c.K, c.lambda, c.L);
      // The (r, nQ) position after ordering is uniform on r+1 … r+Q.
      const positions = Array.from({ length: rq.Q }, (_, k): [number, number] => [rq.r + 1 + k, 1 / rq.Q]);
      const promised = dailyFillRate(c.lambda, c.L, positions);
      const r = validateBySimulation({
        policy: { type: "rq", r: rq.r, Q: rq.Q },
        demand: { dist: "poisson", mean: c.lambda },
        leadTime: c.L,
        holdingCost: c.h,
        stockoutCost: c.p,
        fixedCost: c.K,
        promised: { fillRate: promised },
        ...RUN,
      });
      expect(r.laneLeadTimeDays).toBe(c.L);
      expect(r.integerQuantities).toBe(true);
      const fill = r.metrics.fillRate!;
      expect({ promised, low: fill.low, high: fill.high, withinCi: fill.withinCi }).toMatchObject({ withinCi: true });
      expect(fill.halfWidth).toBeLessThan(0.003);
      expect(r.withinCi).toBe(true);
    });
  }

  it("(s, S) of Zheng–Federgruen for Poisson(6)/day, L = 1: the fill-rate interval covers the renewal-theory value", () => {
    const lambda = 6;
    const L = 1;
    const ss = optimizeSs({ holdingCost: 1, stockoutCost: 4, fixedCost: 5, demand: poissonDistribution(lambda), leadTime: L });
    // The post-order position is S − j for a share m(j)/M of the periods (renewal masses).
    const m = renewalMasses(poissonDistribution(lambda), ss.S - ss.s);
    const M = m.reduce((a, b) => a + b, 0);
    const positions = Array.from(m, (mj, j): [number, number] => [ss.S - j, mj / M]);
    // Snyder–Shen timing: lead time L is a lane of L + 1 days.
    const promised = dailyFillRate(lambda, L + 1, positions);
    const r = validateBySimulation({
      policy: { type: "ss", s: ss.s, S: ss.S },
      demand: { dist: "poisson", mean: lambda },
      leadTime: L,
      holdingCost: 1,
      stockoutCost: 4,
      fixedCost: 5,
      promised: { fillRate: promised, costPerDay: ss.cost },
      ...RUN,
    });
    expect(r.laneLeadTimeDays).toBe(2);
    expect(r.simulatedPolicy).toMatchObject({ type: "sS", reorderPoint: ss.s, orderUpTo: ss.S });
    expect(r.metrics.fillRate!.withinCi).toBe(true);
    expect(r.metrics.costPerDay!.withinCi).toBe(true);
    expect(r.withinCi).toBe(true);
  });

  it("flags a promise that does not hold: the continuous-review (r, Q) fill rate under daily review", () => {
    const rq = rqPoissonExact(20, 150, 100, 1.5, 2);
    const r = validateBySimulation({
      policy: { type: "rq", r: rq.r, Q: rq.Q },
      demand: { dist: "poisson", mean: 1.5 },
      leadTime: 2,
      holdingCost: 20,
      stockoutCost: 150,
      fixedCost: 100,
      promised: { fillRate: rq.fillRate },
      ...RUN,
    });
    // Daily batches of demand see the day's opening stock: far more is served than PASTA promises.
    expect(r.metrics.fillRate!.low).toBeGreaterThan(rq.fillRate + 0.03);
    expect(r.metrics.fillRate!.withinCi).toBe(false);
    expect(r.withinCi).toBe(false);
  });

  it("is reproducible from its seed, and nothing promised judges nothing", () => {
    const input: ValidationInput = {
      policy: { type: "policy", reorderPoint: 120, orderQuantity: 60, reviewPeriod: 1 },
      demand: { dist: "empirical", values: [10, 20, 30, 25] },
      leadTime: 4,
      holdingCost: 0.01,
      fixedCost: 30,
      orderMultiple: 10,
      replications: 5,
      horizonDays: 400,
      warmupDays: 50,
      seed: 9,
    };
    const a = validateBySimulation(input);
    const b = validateBySimulation(input);
    expect(b).toEqual(a);
    expect(validateBySimulation({ ...input, seed: 10 }).metrics.averageOnHand!.mean).not.toBe(a.metrics.averageOnHand!.mean);
    expect(a.withinCi).toBeNull();
    expect(a.integerQuantities).toBe(true);
    expect(a.simulatedPolicy).toEqual({
      type: "rQ", reorderPoint: 120, orderQuantity: 60, orderUpTo: null, reviewPeriodDays: 1, minOrderQuantity: 0, orderMultiple: 10,
    });
    for (const m of Object.values(a.metrics)) {
      expect(m!.n).toBe(5);
      expect(m!.low).toBeLessThanOrEqual(m!.mean);
      expect(m!.high).toBeGreaterThanOrEqual(m!.mean);
    }
    // A batch row with Q = 0 is order-up-to its reorder point.
    expect(validateBySimulation({ ...input, policy: { type: "policy", reorderPoint: 150, orderQuantity: 0, reviewPeriod: 7 } }).simulatedPolicy)
      .toMatchObject({ type: "baseStock", orderUpTo: 150, reviewPeriodDays: 7 });
  });
});

describe("validation input errors name the field", () => {
  const base: ValidationInput = {
    policy: { type: "rq", r: 5, Q: 10 },
    demand: { dist: "poisson", mean: 3 },
    leadTime: 2,
    holdingCost: 1,
    replications: 3,
    horizonDays: 100,
    warmupDays: 10,
  };
  const cases: [Partial<ValidationInput>, string][] = [
    [{ leadTime: 0 }, "leadTime"],
    [{ leadTime: 1.5 }, "leadTime"],
    [{ policy: { type: "ss", s: 5, S: 5 } }, "policy.S"],
    [{ policy: { type: "rq", r: 5, Q: 0 } }, "policy.Q"],
    [{ policy: { type: "policy", reorderPoint: 5, orderQuantity: 1, reviewPeriod: 0 } }, "policy.reviewPeriod"],
    [{ demand: { dist: "empirical", values: [3, -1] } }, "demand.values.1"],
    [{ replications: 1 }, "replications"],
    [{ replications: 100, horizonDays: 100_000 }, "replications"],
    [{ warmupDays: 90 }, "warmupDays"],
    [{ holdingCost: -1 }, "holdingCost"],
    [{ promised: { fillRate: Number.NaN } }, "promised.fillRate"],
  ];
  for (const [patch, path] of cases) {
    it(`rejects ${path}`, () => {
      let error: unknown;
      try {
        validateBySimulation({ ...base, ...patch });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationInputError);
      expect((error as ValidationInputError).path.join(".")).toBe(path);
    });
  }
  it("accepts a base-stock lead time of 0 (the newsvendor: a one-day lane)", () => {
    const r = validateBySimulation({ ...base, policy: { type: "base_stock", baseStockLevel: 6 }, leadTime: 0 });
    expect(r.laneLeadTimeDays).toBe(1);
  });
});
