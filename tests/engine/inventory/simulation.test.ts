/**
 * Validation by simulation: recommended policies are run through the simulation engine
 * (src/server/engine/sim) with independent Monte Carlo replications, and the achieved service, stock
 * and cost must fall inside the replications' 95% confidence interval around the engine's promise.
 *
 * Timing: the simulator's lane lead time L means an order placed at the end of day t is available
 * at the start of day t + L; the batch optimiser uses the same convention. The textbook models
 * (base-stock, (s,S)) follow Snyder & Shen, where lead time L exposes L + 1 periods of demand, so
 * they run on a lane of L + 1 days.
 */
import { describe, expect, it } from "vitest";
import {
  compileModel,
  simulate,
  type DistributionSpec,
  type PolicySpec,
  type SimulationModel,
} from "../../../src/server/engine/sim/index.ts";
import {
  baseStockPolicy,
  computePolicies,
  optimizeSs,
  poissonDistribution,
  SERVICE_CYCLE,
  SERVICE_FILL_RATE,
} from "../../../src/server/engine/inventory/index.ts";

const REPLICATIONS = 20;
/** Student t quantile t(0.975, 19). */
const T_975_19 = 2.093;
const WARMUP_DAYS = 500;
const MEASURED_DAYS = 20000;

type PolicyLevels = PolicySpec extends infer P ? (P extends PolicySpec ? Omit<P, "item" | "location"> : never) : never;

function singleStage(policy: PolicyLevels, demand: DistributionSpec, leadTimeDays: number, integer: boolean): SimulationModel {
  return {
    network: {
      locations: [
        { id: "SUP", kind: "supplier" },
        { id: "S", kind: "store", unmetDemand: "backorder" },
      ],
      items: [{ id: "X", unitCost: 10, integer }],
      lanes: [{ from: "SUP", to: "S", leadTimeDays }],
    },
    policies: [{ item: "X", location: "S", ...policy } as PolicySpec],
    demand: [{ item: "X", location: "S", distribution: demand }],
    horizonDays: WARMUP_DAYS + MEASURED_DAYS,
    seed: 20240607,
    options: { warmupDays: WARMUP_DAYS, nodeSeries: true },
  };
}

interface Interval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
}

function interval(samples: number[]): Interval {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples.length - 1));
  const half = (T_975_19 * sd) / Math.sqrt(samples.length);
  return { mean, lo: mean - half, hi: mean + half };
}

/**
 * Runs the replications and measures per replication: fill rate and share of days without
 * backorders (simulator KPIs), the replenishment-cycle service level (arrivals preceded by a day
 * that ended without backorders, from the node's daily series), average on-hand and cost per day.
 */
function monteCarlo(model: SimulationModel) {
  const compiled = compileModel(model);
  const fill: number[] = [];
  const daily: number[] = [];
  const cycle: number[] = [];
  const onHand: number[] = [];
  const cost: number[] = [];
  for (let r = 0; r < REPLICATIONS; r++) {
    const res = simulate(compiled, { replication: r });
    const store = res.locationIds.indexOf("S");
    let node = -1;
    for (let i = 0; i < res.nodes.count; i++) if (res.nodes.location[i] === store) node = i;
    const series = res.nodeSeries;
    if (!series || node < 0) throw new Error("node series missing");
    const days = res.days;
    let arrivals = 0;
    let clean = 0;
    for (let t = res.warmupDays + 1; t < days; t++) {
      if (series.receipts[node * days + t] > 0) {
        arrivals++;
        if (series.backorders[node * days + t - 1] <= 1e-9) clean++;
      }
    }
    fill.push(res.kpis.fillRate);
    daily.push(res.kpis.cycleServiceLevel);
    cycle.push(clean / arrivals);
    onHand.push(res.kpis.averageInventoryUnits);
    cost.push(res.pnl.operatingCost / (days - res.warmupDays));
  }
  return { fill: interval(fill), daily: interval(daily), cycle: interval(cycle), onHand: interval(onHand), cost: interval(cost) };
}

function expectInside(promise: number, ci: Interval, label: string): void {
  expect({ label, promise, inside: promise >= ci.lo && promise <= ci.hi, ci }).toMatchObject({ inside: true });
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
      const out = computePolicies(
        {
          count: 1,
          demandMean: f(c.mu),
          demandSd: f(c.sd),
          leadTimeMean: f(c.L),
          leadTimeSd: f(0),
          unitCost: f(10),
          holdingRate: f(0.25),
          orderingCost: f(c.K),
          serviceKind: Uint8Array.of(c.kind),
          serviceTarget: f(c.target),
          minOrderQuantity: f(c.moq),
          orderMultiple: f(c.mult),
          reviewPeriod: f(c.R),
        },
        { integerQuantities: false, allowNegativeSafetyStock: true },
      );
      const s = out.reorderPoint[0];
      const Q = out.orderQuantity[0];
      const policy: PolicyLevels =
        Q > 0
          ? { type: "rQ", reorderPoint: s, orderQuantity: Q, reviewPeriodDays: c.R, moq: c.moq, orderMultiple: c.mult || undefined }
          : { type: "baseStock", orderUpTo: s, reviewPeriodDays: c.R };
      // CV ≤ 0.25: the simulator's censoring of negative normal draws moves nothing measurable.
      const sim = monteCarlo(singleStage(policy, { type: "normal", mean: c.mu, sd: c.sd }, c.L, false));
      expectInside(out.expectedCycleServiceLevel[0], sim.cycle, "cycle service level");
      expectInside(out.expectedFillRate[0], sim.fill, "fill rate");
      expectInside(out.expectedPeriodServiceLevel[0], sim.daily, "share of days without backorders");
      expectInside(out.expectedOnHand[0], sim.onHand, "average on-hand");
      const promised = c.kind === SERVICE_CYCLE ? out.expectedCycleServiceLevel[0] : out.expectedFillRate[0];
      expect(promised).toBeCloseTo(c.target, 9);
    });
  }
});

describe("recommended policies hold up in the simulator (Poisson demand, textbook models)", () => {
  it("base-stock for Poisson(4)/day, h = 1, p = 9, L = 2: in-stock, fill rate and cost", () => {
    const bs = baseStockPolicy(1, 9, { dist: "poisson", mean: 4 }, 2);
    const sim = monteCarlo(
      singleStage(
        { type: "baseStock", orderUpTo: bs.baseStockLevel, holdingCostPerUnitDay: 1, backorderCostPerUnitDay: 9 },
        { type: "poisson", mean: 4 },
        3,
        true,
      ),
    );
    expectInside(bs.inStockProbability, sim.daily, "in-stock probability");
    expectInside(bs.fillRate, sim.fill, "fill rate");
    expectInside(bs.cost, sim.cost, "cost per day");
  });

  it("Zheng–Federgruen (s, S) for Poisson(6)/day, K = 5, h = 1, p = 4, L = 1: cost per day", () => {
    const ss = optimizeSs({ holdingCost: 1, stockoutCost: 4, fixedCost: 5, demand: poissonDistribution(6), leadTime: 1 });
    const sim = monteCarlo(
      singleStage(
        { type: "sS", reorderPoint: ss.s, orderUpTo: ss.S, holdingCostPerUnitDay: 1, backorderCostPerUnitDay: 4, orderCost: 5 },
        { type: "poisson", mean: 6 },
        2,
        true,
      ),
    );
    expectInside(ss.cost, sim.cost, "cost per day");
  });
});
