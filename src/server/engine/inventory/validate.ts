/**
 * Validation by simulation: a single-echelon recommendation — the policy and levels as the
 * inventory engine outputs them — is run through the simulation engine (../sim) on a one-location
 * network (an unlimited supplier shipping to one stocking location facing the demand, backorders),
 * with independent Monte Carlo replications. Achieved fill rate, cycle service level, share of days
 * without backorders, average on-hand and cost per day are each reported as a mean with a 95%
 * Student-t confidence interval over the replications, beside the values the engine promised, with
 * whether each promise lies inside its interval. Pure TypeScript, no I/O.
 *
 * Timing. The simulator's lane lead time L means an order placed at the end of day t is available
 * at the start of day t + L. `leadTime` is read in the convention of the model the policy came from:
 * - "policy" (the batch optimiser) already uses the simulator's convention: lane = leadTime;
 * - "base_stock"/"newsvendor" and "ss" follow Snyder & Shen, where lead time L exposes L + 1
 *   periods of demand: lane = leadTime + 1;
 * - "rq" (continuous review) has the net stock equal to the position minus the demand over the
 *   lead time: at the end of each day that holds on a lane of leadTime days.
 * The rq and ss models are continuous or daily-review textbook models; the simulator reviews once
 * a day after the day's demand, so their promises are checked against that discrete-time reality.
 *
 * Measurements per replication, over the days after the warm-up:
 * - fill rate: units served on the day requested ÷ demand (the simulator's KPI);
 * - cycle service level: share of replenishment cycles without a stockout — arrivals whose
 *   preceding day ended without backorders (from the node's daily series);
 * - period service level: share of days ending without backorders (the simulator's
 *   `cycleServiceLevel` KPI; for a daily base-stock policy the newsvendor in-stock probability);
 * - average on-hand: end-of-day on-hand;
 * - cost per day: holding (end-of-day on-hand) + backorder (end-of-day backorders) + ordering.
 *
 * Start. A replication of an (s, nQ) or (s, S) policy starts with nothing on order and its on-hand
 * (so its position) drawn uniformly from the policy's range of positions after ordering, (s, s + Q]
 * or (s, S] — from its own stream of (seed, replication). For (s, nQ) that is the steady-state
 * position, so the measurements are unbiased once the first lead time has passed; starting every
 * replication at the top instead would put them all in the same phase of the order cycle, a bias
 * that a warm-up shorter than many cycles does not remove when lots cover months of demand.
 */
import { compileModel, simulate, type DistributionSpec, type PolicySpec, type SimulationModel } from "../sim/index.ts";
import { createStreams, hashString, meanInterval, nextUniform } from "../random/index.ts";
import type { DemandModel } from "./newsvendor.ts";

/** A recommendation in the shape the inventory engine (and `scp inventory`) outputs it. */
export type RecommendedPolicy =
  /** A batch-optimiser row: review every `reviewPeriod` days an (s, nQ) rule; Q = 0 is order-up-to s. */
  | { readonly type: "policy"; readonly reorderPoint: number; readonly orderQuantity: number; readonly reviewPeriod?: number }
  /** Base-stock (newsvendor when the lead time is 0): order up to the level every day. */
  | { readonly type: "base_stock"; readonly baseStockLevel: number }
  /** (s, S): when the position is ≤ s, order up to S. */
  | { readonly type: "ss"; readonly s: number; readonly S: number }
  /** (r, Q): when the position is ≤ r, order the smallest multiple of Q that lifts it above r. */
  | { readonly type: "rq"; readonly r: number; readonly Q: number };

export type RecommendedPolicyType = RecommendedPolicy["type"];

/** What the engine promised for the policy; every field optional (only given ones are judged). */
export interface PromisedMetrics {
  readonly fillRate?: number;
  readonly cycleServiceLevel?: number;
  readonly periodServiceLevel?: number;
  readonly averageOnHand?: number;
  readonly costPerDay?: number;
}

export const VALIDATION_METRICS = ["fillRate", "cycleServiceLevel", "periodServiceLevel", "averageOnHand", "costPerDay"] as const;
export type ValidationMetricName = (typeof VALIDATION_METRICS)[number];

export interface ValidationInput {
  readonly policy: RecommendedPolicy;
  /** Demand per day. Normal draws below 0 are set to 0 (the simulator censors them). */
  readonly demand: DemandModel;
  /** Lead time in days, in the convention of the policy's model (see the header). */
  readonly leadTime: number;
  /** Cost per unit of end-of-day on-hand per day. */
  readonly holdingCost: number;
  /** Cost per unit back-ordered at the end of a day, per day. Default 0. */
  readonly stockoutCost?: number;
  /** Cost per order placed. Default 0. */
  readonly fixedCost?: number;
  /** Minimum order quantity (0 for none). Default 0. */
  readonly minOrderQuantity?: number;
  /** Orders are rounded up to a multiple of this (0 for none). Default 0. */
  readonly orderMultiple?: number;
  readonly promised?: PromisedMetrics;
  /** Independent replications, ≥ 2. Default 20. */
  readonly replications?: number;
  /** Days simulated per replication, warm-up included. Default 10,000. */
  readonly horizonDays?: number;
  /** Days at the start excluded from every measurement. Default 365. */
  readonly warmupDays?: number;
  /** Seed of the random streams; replication r uses the streams of (seed, r). Default 1. */
  readonly seed?: number;
}

export const VALIDATION_DEFAULTS = { replications: 20, horizonDays: 10_000, warmupDays: 365, seed: 1 } as const;
/** Upper bound of replications × horizon days (about five seconds of simulation). */
export const VALIDATION_MAX_SIMULATED_DAYS = 4_000_000;
/** Fewest measured days (horizon − warm-up) per replication. */
export const VALIDATION_MIN_MEASURED_DAYS = 30;

/** One achieved metric: mean over replications with its 95% t-interval, beside the promise. */
export interface ValidationMetric {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly halfWidth: number;
  readonly standardDeviation: number;
  /** Replications measured (cycle service level: those with at least one arrival). */
  readonly n: number;
  readonly promised: number | null;
  /** Whether the promise lies inside [low, high]; null without a promise. */
  readonly withinCi: boolean | null;
}

export interface ValidationResult {
  /** The policy as simulated (the simulator's policy type and levels). */
  readonly simulatedPolicy: {
    readonly type: "baseStock" | "sS" | "rQ";
    readonly reorderPoint: number | null;
    readonly orderQuantity: number | null;
    readonly orderUpTo: number | null;
    readonly reviewPeriodDays: number;
    readonly minOrderQuantity: number;
    readonly orderMultiple: number;
  };
  /** Lane lead time simulated (simulator convention). */
  readonly laneLeadTimeDays: number;
  readonly integerQuantities: boolean;
  readonly replications: number;
  readonly horizonDays: number;
  readonly warmupDays: number;
  readonly seed: number;
  readonly metrics: Readonly<Record<ValidationMetricName, ValidationMetric | null>>;
  /** Every promised metric within its interval; null when nothing was promised. */
  readonly withinCi: boolean | null;
}

/** Bad validation input, with the path of the offending field (e.g. ["policy", "S"]). */
export class ValidationInputError extends RangeError {
  readonly path: readonly (string | number)[];
  /** The message without the path. */
  readonly detail: string;
  constructor(path: readonly (string | number)[], detail: string) {
    super(`${path.join(".")}: ${detail}`);
    this.name = "ValidationInputError";
    this.path = path;
    this.detail = detail;
  }
}

const SUPPLIER = "SUP";
const LOCATION = "S";
const ITEM = "X";

/** Lane lead time of the policy's model convention (see the header). */
export function laneLeadTime(type: RecommendedPolicyType, leadTime: number): number {
  return type === "base_stock" || type === "ss" ? leadTime + 1 : leadTime;
}

function check(ok: boolean, path: (string | number)[], message: string): void {
  if (!ok) throw new ValidationInputError(path, message);
}

const finite = (x: number) => Number.isFinite(x);
const nonNegative = (x: number) => Number.isFinite(x) && x >= 0;

function simulatedPolicy(input: ValidationInput): { spec: PolicySpec; summary: ValidationResult["simulatedPolicy"] } {
  const p = input.policy;
  const moq = input.minOrderQuantity ?? 0;
  const multiple = input.orderMultiple ?? 0;
  check(nonNegative(moq), ["minOrderQuantity"], "must be a finite number ≥ 0");
  check(nonNegative(multiple), ["orderMultiple"], "must be a finite number ≥ 0");
  const common = {
    item: ITEM,
    location: LOCATION,
    moq,
    ...(multiple > 0 ? { orderMultiple: multiple } : {}),
    orderCost: input.fixedCost ?? 0,
    holdingCostPerUnitDay: input.holdingCost,
    backorderCostPerUnitDay: input.stockoutCost ?? 0,
  };
  const summary = (type: "baseStock" | "sS" | "rQ", r: number | null, q: number | null, upTo: number | null, review: number) => ({
    type, reorderPoint: r, orderQuantity: q, orderUpTo: upTo, reviewPeriodDays: review, minOrderQuantity: moq, orderMultiple: multiple,
  });
  switch (p.type) {
    case "policy": {
      const review = p.reviewPeriod ?? 1;
      check(finite(p.reorderPoint), ["policy", "reorderPoint"], "must be a finite number");
      check(nonNegative(p.orderQuantity), ["policy", "orderQuantity"], "must be a finite number ≥ 0");
      check(Number.isInteger(review) && review >= 1, ["policy", "reviewPeriod"], "must be a whole number of days ≥ 1");
      if (p.orderQuantity > 0) {
        return {
          spec: { ...common, type: "rQ", reorderPoint: p.reorderPoint, orderQuantity: p.orderQuantity, reviewPeriodDays: review },
          summary: summary("rQ", p.reorderPoint, p.orderQuantity, null, review),
        };
      }
      return {
        spec: { ...common, type: "baseStock", orderUpTo: p.reorderPoint, reviewPeriodDays: review },
        summary: summary("baseStock", null, null, p.reorderPoint, review),
      };
    }
    case "base_stock":
      check(finite(p.baseStockLevel), ["policy", "baseStockLevel"], "must be a finite number");
      return { spec: { ...common, type: "baseStock", orderUpTo: p.baseStockLevel }, summary: summary("baseStock", null, null, p.baseStockLevel, 1) };
    case "ss":
      check(finite(p.s), ["policy", "s"], "must be a finite number");
      check(finite(p.S) && p.S > p.s, ["policy", "S"], "must exceed s");
      return { spec: { ...common, type: "sS", reorderPoint: p.s, orderUpTo: p.S }, summary: summary("sS", p.s, null, p.S, 1) };
    case "rq":
      check(finite(p.r), ["policy", "r"], "must be a finite number");
      check(finite(p.Q) && p.Q > 0, ["policy", "Q"], "must be positive");
      return { spec: { ...common, type: "rQ", reorderPoint: p.r, orderQuantity: p.Q }, summary: summary("rQ", p.r, p.Q, null, 1) };
  }
}

function demandSpec(demand: DemandModel): { spec: DistributionSpec; integer: boolean } {
  switch (demand.dist) {
    case "normal":
      check(nonNegative(demand.mean), ["demand", "mean"], "must be a finite number ≥ 0");
      check(nonNegative(demand.sd), ["demand", "sd"], "must be a finite number ≥ 0");
      // Continuous quantities: rounding the draws would change the distribution the promise assumed.
      return { spec: { type: "normal", mean: demand.mean, sd: demand.sd }, integer: false };
    case "poisson":
      check(nonNegative(demand.mean), ["demand", "mean"], "must be a finite number ≥ 0");
      return { spec: { type: "poisson", mean: demand.mean }, integer: true };
    case "empirical": {
      const values = Array.from(demand.values);
      check(values.length > 0, ["demand", "values"], "needs at least one value");
      values.forEach((v, i) => check(nonNegative(v), ["demand", "values", i], "must be a finite number ≥ 0"));
      return { spec: { type: "empirical", values }, integer: values.every((v) => Number.isInteger(v)) };
    }
  }
}

/** The one-location-plus-supplier simulation model of a recommendation. */
export function validationModel(input: ValidationInput): { model: SimulationModel; summary: ValidationResult["simulatedPolicy"]; lane: number; integer: boolean } {
  const horizonDays = input.horizonDays ?? VALIDATION_DEFAULTS.horizonDays;
  const warmupDays = input.warmupDays ?? Math.min(VALIDATION_DEFAULTS.warmupDays, Math.max(0, horizonDays - VALIDATION_MIN_MEASURED_DAYS));
  const seed = input.seed ?? VALIDATION_DEFAULTS.seed;
  check(Number.isInteger(horizonDays) && horizonDays >= VALIDATION_MIN_MEASURED_DAYS, ["horizonDays"], `must be a whole number of days ≥ ${VALIDATION_MIN_MEASURED_DAYS}`);
  check(
    Number.isInteger(warmupDays) && warmupDays >= 0 && horizonDays - warmupDays >= VALIDATION_MIN_MEASURED_DAYS,
    ["warmupDays"],
    `must be a whole number of days ≥ 0 leaving at least ${VALIDATION_MIN_MEASURED_DAYS} measured days`,
  );
  check(Number.isSafeInteger(seed), ["seed"], "must be a whole number");
  check(nonNegative(input.holdingCost), ["holdingCost"], "must be a finite number ≥ 0");
  check(input.stockoutCost === undefined || nonNegative(input.stockoutCost), ["stockoutCost"], "must be a finite number ≥ 0");
  check(input.fixedCost === undefined || nonNegative(input.fixedCost), ["fixedCost"], "must be a finite number ≥ 0");
  const lane = laneLeadTime(input.policy.type, input.leadTime);
  check(
    Number.isInteger(lane) && lane >= 1,
    ["leadTime"],
    input.policy.type === "base_stock" || input.policy.type === "ss"
      ? "must be a whole number of days ≥ 0"
      : "must be a whole number of days ≥ 1",
  );
  const { spec: policy, summary } = simulatedPolicy(input);
  const { spec: distribution, integer } = demandSpec(input.demand);
  const model: SimulationModel = {
    network: {
      locations: [
        { id: SUPPLIER, kind: "supplier" },
        { id: LOCATION, kind: "store", unmetDemand: "backorder" },
      ],
      items: [{ id: ITEM, unitCost: 1, integer }],
      lanes: [{ from: SUPPLIER, to: LOCATION, leadTimeDays: lane }],
    },
    policies: [policy],
    demand: [{ item: ITEM, location: LOCATION, distribution }],
    horizonDays,
    seed,
    options: { warmupDays, nodeSeries: true },
  };
  return { model, summary, lane, integer };
}

/** Positions after ordering of the policy, (low, high]; null for order-up-to (always at S). */
function positionRange(p: PolicySpec): { low: number; high: number } | null {
  if (p.type === "rQ") return { low: p.reorderPoint, high: p.reorderPoint + p.orderQuantity };
  if (p.type === "sS") return { low: p.reorderPoint, high: p.orderUpTo };
  return null;
}

function metric(samples: number[], promised: number | undefined): ValidationMetric | null {
  if (samples.length === 0) return null;
  const ci = meanInterval(samples);
  const p = promised ?? null;
  // A degenerate interval (no variation, e.g. a fill rate of 1 in every replication) still
  // accepts a promise equal up to rounding.
  const slack = 1e-9 * Math.max(1, Math.abs(ci.mean));
  return {
    mean: ci.mean,
    low: ci.low,
    high: ci.high,
    halfWidth: ci.halfWidth,
    standardDeviation: ci.standardDeviation,
    n: ci.n,
    promised: p,
    withinCi: p === null ? null : p >= ci.low - slack && p <= ci.high + slack,
  };
}

/**
 * Runs `replications` independent replications of the recommendation's model and compares what
 * it achieves with what was promised. Throws ValidationInputError on bad input.
 */
export function validateBySimulation(input: ValidationInput): ValidationResult {
  const replications = input.replications ?? VALIDATION_DEFAULTS.replications;
  check(Number.isInteger(replications) && replications >= 2, ["replications"], "must be a whole number ≥ 2");
  const { model, summary, lane, integer } = validationModel(input);
  check(
    replications * model.horizonDays <= VALIDATION_MAX_SIMULATED_DAYS,
    ["replications"],
    `replications × horizonDays must be at most ${VALIDATION_MAX_SIMULATED_DAYS.toLocaleString("en")}`,
  );
  for (const name of VALIDATION_METRICS) {
    const v = input.promised?.[name];
    check(v === undefined || finite(v), ["promised", name], "must be a finite number");
  }
  const range = positionRange(model.policies[0]!);
  const startStream = hashString("validate:initial-position");
  const fixedStart = range ? undefined : compileModel(model);
  const samples: Record<ValidationMetricName, number[]> = {
    fillRate: [], cycleServiceLevel: [], periodServiceLevel: [], averageOnHand: [], costPerDay: [],
  };
  for (let r = 0; r < replications; r++) {
    let compiled = fixedStart;
    if (!compiled) {
      const u = nextUniform(createStreams(1, model.seed, r, [startStream]), 0);
      const position = range!.low + (range!.high - range!.low) * (1 - u);
      const onHand = Math.max(0, integer ? Math.ceil(position - 1e-9) : position);
      compiled = compileModel({ ...model, policies: [{ ...model.policies[0]!, initialOnHand: onHand }] });
    }
    const res = simulate(compiled, { replication: r });
    const store = res.locationIds.indexOf(LOCATION);
    let node = -1;
    for (let i = 0; i < res.nodes.count; i++) if (res.nodes.location[i] === store) node = i;
    const series = res.nodeSeries;
    if (!series || node < 0) throw new Error("node series missing");
    const days = res.days;
    const base = node * days;
    let arrivals = 0;
    let clean = 0;
    for (let t = Math.max(1, res.warmupDays); t < days; t++) {
      if (series.receipts[base + t] > 0) {
        arrivals++;
        if (series.backorders[base + t - 1] <= 1e-9) clean++;
      }
    }
    samples.fillRate.push(res.kpis.fillRate);
    if (arrivals > 0) samples.cycleServiceLevel.push(clean / arrivals);
    samples.periodServiceLevel.push(res.kpis.cycleServiceLevel);
    samples.averageOnHand.push(res.kpis.averageInventoryUnits);
    samples.costPerDay.push(res.pnl.operatingCost / (days - res.warmupDays));
  }
  const metrics = {} as Record<ValidationMetricName, ValidationMetric | null>;
  for (const name of VALIDATION_METRICS) metrics[name] = metric(samples[name], input.promised?.[name]);
  const judged = VALIDATION_METRICS.map((name) => metrics[name]?.withinCi ?? null).filter((v): v is boolean => v !== null);
  return {
    simulatedPolicy: summary,
    laneLeadTimeDays: lane,
    integerQuantities: integer,
    replications,
    horizonDays: model.horizonDays,
    warmupDays: model.options?.warmupDays ?? 0,
    seed: model.seed,
    metrics,
    withinCi: judged.length ? judged.every(Boolean) : null,
  };
}
