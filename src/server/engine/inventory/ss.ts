/**
 * Optimal periodic-review (s, S) policy for integer demand: Zheng & Federgruen (1991), "Finding
 * optimal (s, S) policies is about as simple as evaluating a single policy", Operations Research
 * 39(4):654–665; Snyder & Shen (2nd ed.) §4.6. Exact.
 *
 * Each period the inventory position x is reviewed; if x ≤ s it is raised to S at fixed cost K.
 * G(y) = E[h·(y − D_{L+1})⁺ + p·(D_{L+1} − y)⁺] is the expected holding/backorder cost charged to a
 * period whose post-order position is y (S&S lead-time timing, L + 1 periods of demand). By renewal
 * reward, starting each cycle at S and counting periods until the position first drops to ≤ s,
 *   c(s, S) = (K + Σ_{j=0}^{S−s−1} m(j)·G(S − j)) / M(S − s),
 * where m(j) = expected number of periods the position spends at S − j during a cycle
 * (m(0) = 1/(1 − p₀), m(j) = Σ_{l=1}^{j} p_l·m(j − l)/(1 − p₀)) and M(n) = Σ_{j<n} m(j).
 */
import { convolve, discreteLossTable, tableLoss, type DiscreteDistribution, type DiscreteLossTable } from "./distributions.ts";

/** Single-period cost G(y) for integer y, from a table of the (L+1)-period demand. */
export function periodCost(y: number, holdingCost: number, stockoutCost: number, leadDemand: DiscreteLossTable): number {
  const shortage = tableLoss(leadDemand, y);
  const excess = y - leadDemand.mean + shortage;
  return holdingCost * (excess > 0 ? excess : 0) + stockoutCost * shortage;
}

/** Renewal masses m(0..n−1) for one-period demand `period` (which must put mass on values ≥ 1). */
export function renewalMasses(period: DiscreteDistribution, n: number): Float64Array {
  if (period.offset < 0) throw new RangeError("(s,S) demand must be non-negative");
  const p = (k: number) => {
    const i = k - period.offset;
    return i >= 0 && i < period.pmf.length ? period.pmf[i] : 0;
  };
  const p0 = p(0);
  if (!(p0 < 1)) throw new RangeError("(s,S) demand is identically zero");
  const m = new Float64Array(n);
  const scale = 1 / (1 - p0);
  for (let j = 0; j < n; j++) {
    let sum = j === 0 ? 1 : 0;
    const upper = Math.min(j, period.offset + period.pmf.length - 1);
    for (let l = Math.max(1, period.offset); l <= upper; l++) sum += p(l) * m[j - l];
    m[j] = sum * scale;
  }
  return m;
}

export interface SsResult {
  /** Reorder point: order when the inventory position is ≤ s. */
  readonly s: number;
  /** Order-up-to level. */
  readonly S: number;
  /** Long-run expected cost per period. */
  readonly cost: number;
}

export interface SsProblem {
  readonly holdingCost: number;
  readonly stockoutCost: number;
  readonly fixedCost: number;
  /** One-period demand distribution (integer, non-negative). */
  readonly demand: DiscreteDistribution;
  /** Lead time in periods (integer ≥ 0). */
  readonly leadTime?: number;
}

/** Prepared problem: the lead-time demand table and a growable table of renewal masses. */
interface Prepared {
  readonly h: number;
  readonly p: number;
  readonly K: number;
  readonly lead: DiscreteLossTable;
  readonly demand: DiscreteDistribution;
  m: Float64Array;
  M: Float64Array;
}

function prepare(problem: SsProblem): Prepared {
  const L = problem.leadTime ?? 0;
  if (!Number.isInteger(L) || L < 0) throw new RangeError("leadTime must be a non-negative integer");
  let lead = problem.demand;
  for (let i = 0; i < L; i++) lead = convolve(lead, problem.demand);
  return {
    h: problem.holdingCost,
    p: problem.stockoutCost,
    K: problem.fixedCost,
    lead: discreteLossTable(lead),
    demand: problem.demand,
    m: new Float64Array(0),
    M: new Float64Array(1),
  };
}

function ensureMasses(prep: Prepared, n: number): void {
  if (prep.m.length >= n) return;
  const size = Math.max(n, 2 * prep.m.length, 64);
  prep.m = renewalMasses(prep.demand, size);
  prep.M = new Float64Array(size + 1);
  for (let j = 0; j < size; j++) prep.M[j + 1] = prep.M[j] + prep.m[j];
}

function costOf(prep: Prepared, s: number, S: number): number {
  const n = S - s;
  ensureMasses(prep, n);
  let sum = prep.K;
  for (let j = 0; j < n; j++) sum += prep.m[j] * periodCost(S - j, prep.h, prep.p, prep.lead);
  return sum / prep.M[n];
}

/** Long-run cost per period of a given (s, S) policy (s < S), by the renewal formula above. */
export function ssCost(problem: SsProblem, s: number, S: number): number {
  if (!(S > s)) throw new RangeError("S must exceed s");
  return costOf(prepare(problem), s, S);
}

/**
 * Zheng–Federgruen algorithm. G is convex with minimiser y*; s starts at y* and decreases until
 * c(s, y*) ≤ G(s); then S is scanned upwards from y* + 1 while G(S) ≤ c, and each improving S
 * raises s while c(s, S) ≤ G(s + 1). The result is optimal (Z&F Theorem 1).
 */
export function optimizeSs(problem: SsProblem): SsResult {
  const prep = prepare(problem);
  const G = (y: number) => periodCost(y, prep.h, prep.p, prep.lead);
  // y*: G is convex on the integers; start at the lead-demand mean and walk downhill.
  let yStar = Math.round(prep.lead.mean);
  while (G(yStar - 1) < G(yStar)) yStar--;
  while (G(yStar + 1) < G(yStar)) yStar++;
  let s = yStar;
  let S0 = yStar;
  do {
    s--;
  } while (costOf(prep, s, S0) > G(s));
  let s0 = s;
  let c0 = costOf(prep, s0, S0);
  let Sbest = S0;
  for (let S = S0 + 1; G(S) <= c0; S++) {
    const c = costOf(prep, s0, S);
    if (c < c0) {
      Sbest = S;
      while (costOf(prep, s0, Sbest) <= G(s0 + 1)) s0++;
      c0 = costOf(prep, s0, Sbest);
    }
  }
  return { s: s0, S: Sbest, cost: c0 };
}
