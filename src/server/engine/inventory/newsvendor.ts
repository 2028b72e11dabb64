/**
 * The newsvendor problem and the periodic-review base-stock policy with a lead time, for normal,
 * Poisson and empirical (sampled) demand. Exact for normal and Poisson demand and for integer
 * empirical samples; non-integer empirical samples with a lead time are convolved on a lattice
 * (reported as not exact).
 *
 * Costs: h per unit left over (held) at the end of a period, p per unit short (backordered) at the
 * end of a period. Timing (Snyder & Shen 2nd ed. §4.3–4.4): an order placed at the start of period t
 * arrives L periods later, and the period-t+L cost depends on the demand of the L+1 periods
 * t..t+L, so the base-stock problem is a newsvendor over the (L+1)-period demand
 * (S&S Example 4.4: N(50, 8²), L = 4, h = 0.18, p = 0.7 gives S* ≈ 264.77).
 */
import {
  convolvePower,
  discreteLossTable,
  empiricalIntegerDistribution,
  normalCdfAt,
  normalLossAt,
  normInv,
  normPdf,
  poissonDistribution,
  tableCdf,
  tableComplementaryLoss,
  tableLoss,
  tableQuantile,
  type DiscreteLossTable,
} from "./distributions.ts";

/** Per-period demand model. */
export type DemandModel =
  | { readonly dist: "normal"; readonly mean: number; readonly sd: number }
  | { readonly dist: "poisson"; readonly mean: number }
  | { readonly dist: "empirical"; readonly values: ArrayLike<number> };

export interface NewsvendorResult {
  /** Optimal base-stock (order-up-to) level S*. */
  readonly baseStockLevel: number;
  /** Expected holding + stockout cost per period at S*. */
  readonly cost: number;
  /** Critical ratio p/(h + p): the target in-stock probability. */
  readonly criticalRatio: number;
  /** P(no backorder at the end of a period) = P(D_{L+1} ≤ S*). */
  readonly inStockProbability: number;
  /** Fraction of demand met from stock: 1 − E[units short per period]/E[D]. */
  readonly fillRate: number;
  /** False when a lattice approximation was used (non-integer empirical samples with L > 0). */
  readonly exact: boolean;
}

/**
 * Newsvendor with normal demand (S&S Theorem 4.2 and eq. 4.17): S* = μ + z·σ with z = Φ⁻¹(p/(h+p)),
 * optimal cost (h + p)·σ·φ(z).
 */
export function newsvendorNormal(holdingCost: number, stockoutCost: number, mean: number, sd: number) {
  const ratio = stockoutCost / (holdingCost + stockoutCost);
  const z = normInv(ratio);
  return {
    baseStockLevel: mean + z * sd,
    cost: (holdingCost + stockoutCost) * sd * normPdf(z),
    criticalRatio: ratio,
    safetyFactor: z,
  };
}

/** Expected newsvendor cost at level S for normal demand: h(S − μ) + (h + p)·n(S). */
export function newsvendorNormalCost(
  level: number,
  holdingCost: number,
  stockoutCost: number,
  mean: number,
  sd: number,
): number {
  return holdingCost * (level - mean) + (holdingCost + stockoutCost) * normalLossAt(level, mean, sd);
}

/** Expected newsvendor cost at integer level S for a tabulated discrete demand. */
export function newsvendorDiscreteCost(
  level: number,
  holdingCost: number,
  stockoutCost: number,
  table: DiscreteLossTable,
): number {
  return holdingCost * tableComplementaryLoss(table, level) + stockoutCost * tableLoss(table, level);
}

/**
 * Newsvendor with integer demand (S&S Theorem 4.3): S* is the smallest S with F(S) ≥ p/(h + p).
 */
export function newsvendorDiscrete(holdingCost: number, stockoutCost: number, table: DiscreteLossTable) {
  const ratio = stockoutCost / (holdingCost + stockoutCost);
  const level = tableQuantile(table, ratio);
  return { baseStockLevel: level, cost: newsvendorDiscreteCost(level, holdingCost, stockoutCost, table), criticalRatio: ratio };
}

/**
 * Newsvendor on raw samples treated as equally likely outcomes: S* is the smallest sample value whose
 * empirical cdf reaches p/(h + p); the cost is the exact sample average.
 */
export function newsvendorSamples(holdingCost: number, stockoutCost: number, samples: ArrayLike<number>) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const ratio = stockoutCost / (holdingCost + stockoutCost);
  const k = Math.max(1, Math.ceil(n * ratio - 1e-12 * n));
  const level = sorted[k - 1];
  let cost = 0;
  let short = 0;
  let total = 0;
  let covered = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i];
    cost += d > level ? stockoutCost * (d - level) : holdingCost * (level - d);
    if (d > level) short += d - level;
    if (d <= level) covered++;
    total += d;
  }
  return {
    baseStockLevel: level,
    cost: cost / n,
    criticalRatio: ratio,
    inStockProbability: covered / n,
    fillRate: total > 0 ? 1 - short / total : 1,
  };
}

/** Lattice step for non-integer samples: ~400 cells across the sample range. */
function latticeStep(values: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return hi > lo ? (hi - lo) / 400 : Math.max(Math.abs(hi), 1) / 400;
}

function allIntegers(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i])) return false;
  return true;
}

/**
 * Optimal periodic-review base-stock policy with lead time L ≥ 0 (L = 0 is the newsvendor). The
 * reported fill rate counts the units short in one period: E[(D_{L+1} − S)⁺] − E[(D_L − S)⁺]
 * (backorders after the period's demand minus those carried into it).
 */
export function baseStockPolicy(
  holdingCost: number,
  stockoutCost: number,
  demand: DemandModel,
  leadTime = 0,
): NewsvendorResult {
  const periods = leadTime + 1;
  if (demand.dist === "normal") {
    const mean = demand.mean * periods;
    const sd = demand.sd * Math.sqrt(periods);
    const nv = newsvendorNormal(holdingCost, stockoutCost, mean, sd);
    const S = nv.baseStockLevel;
    const shortPerPeriod =
      normalLossAt(S, mean, sd) - normalLossAt(S, demand.mean * leadTime, demand.sd * Math.sqrt(leadTime));
    return {
      baseStockLevel: S,
      cost: nv.cost,
      criticalRatio: nv.criticalRatio,
      inStockProbability: normalCdfAt(S, mean, sd),
      fillRate: demand.mean > 0 ? 1 - shortPerPeriod / demand.mean : 1,
      exact: true,
    };
  }
  if (demand.dist === "poisson") {
    const table = discreteLossTable(poissonDistribution(demand.mean * periods));
    const nv = newsvendorDiscrete(holdingCost, stockoutCost, table);
    const leadTable = discreteLossTable(poissonDistribution(demand.mean * leadTime));
    const shortPerPeriod = tableLoss(table, nv.baseStockLevel) - tableLoss(leadTable, nv.baseStockLevel);
    return {
      ...nv,
      inStockProbability: tableCdf(table, nv.baseStockLevel),
      fillRate: demand.mean > 0 ? 1 - shortPerPeriod / demand.mean : 1,
      exact: true,
    };
  }
  const values = demand.values;
  if (leadTime === 0 && !allIntegers(values)) {
    return { ...newsvendorSamples(holdingCost, stockoutCost, values), exact: true };
  }
  if (!Number.isInteger(leadTime)) throw new RangeError("empirical demand needs an integer lead time");
  // Integer samples convolve exactly; others are first rounded to multiples of a fine step.
  const integral = allIntegers(values);
  const step = integral ? 1 : latticeStep(values);
  const scaled = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) scaled[i] = Math.round(values[i] / step);
  const single = empiricalIntegerDistribution(scaled);
  const table = discreteLossTable(convolvePower(single, periods));
  const nv = newsvendorDiscrete(holdingCost, stockoutCost, table);
  const S = nv.baseStockLevel;
  const carriedIn = leadTime > 0 ? tableLoss(discreteLossTable(convolvePower(single, leadTime)), S) : Math.max(0, -S);
  const meanPerPeriod = (table.mean * step) / periods;
  return {
    baseStockLevel: S * step,
    cost: nv.cost * step,
    criticalRatio: nv.criticalRatio,
    inStockProbability: tableCdf(table, S),
    fillRate: meanPerPeriod > 0 ? 1 - ((tableLoss(table, S) - carriedIn) * step) / meanPerPeriod : 1,
    exact: integral,
  };
}
