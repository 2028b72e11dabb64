/**
 * Continuous-review (r, Q) policies with backorders: when the inventory position falls to r, order Q;
 * the order arrives after lead time L. Demand rate λ per unit time; K per order; h per unit held per
 * unit time; p per unit backordered per unit time (exact models).
 *
 * - Poisson demand, exact (Federgruen & Zheng 1992, Operations Research 40(4); S&S §5.2): the
 *   position is uniform on {r+1, …, r+Q}, so g(r, Q) = (Kλ + Σ_{y=r+1}^{r+Q} G(y))/Q with
 *   G(y) = E[h(y − D_L)⁺ + p(D_L − y)⁺], D_L ~ Poisson(λL). The optimal window of Q consecutive
 *   positions is grown greedily from argmin G and stops when the next G exceeds the average cost.
 * - Normal lead-time demand, exact (S&S §5.2): the same with an integral,
 *   g(r, Q) = (Kλ + ∫_r^{r+Q} G(y) dy)/Q, G(y) = h(y − μ) + (h + p)n(y), so
 *   ∫ G = h(Q(r − μ) + Q²/2) + (h + p)(n̄(r) − n̄(r + Q)).
 * - Normal, expected-inventory-level (EIL) approximation (Hadley & Whitin 1963; S&S §5.3.2): an
 *   APPROXIMATION that charges p per unit short (not per unit per time):
 *   g(r, Q) = h(r − λL + Q/2) + Kλ/Q + pλ·n(r)/Q, solved by alternating
 *   Q = √(2λ(K + p·n(r))/h) and 1 − F(r) = Qh/(pλ).
 */
import {
  discreteLossTable,
  normalCdfAt,
  normalLoss2At,
  normalLossAt,
  normInv,
  poissonDistribution,
  tableCdf,
  type DiscreteLossTable,
} from "./distributions.ts";
import { periodCost } from "./ss.ts";

export interface RqResult {
  readonly r: number;
  readonly Q: number;
  /** Expected cost per unit time under the model's own cost function. */
  readonly cost: number;
  /** Fill rate (fraction of demand met from stock) under the exact model for this (r, Q). */
  readonly fillRate: number;
  /** P(no stockout in a replenishment cycle) = P(D_L ≤ r). */
  readonly cycleServiceLevel: number;
}

/** Exact cost of (r, Q) under Poisson demand. */
export function rqCostPoisson(
  r: number,
  Q: number,
  holdingCost: number,
  stockoutCost: number,
  fixedCost: number,
  demandRate: number,
  leadTime: number,
): number {
  const table = discreteLossTable(poissonDistribution(demandRate * leadTime));
  let sum = fixedCost * demandRate;
  for (let y = r + 1; y <= r + Q; y++) sum += periodCost(y, holdingCost, stockoutCost, table);
  return sum / Q;
}

/** Fill rate of (r, Q) with unit (Poisson) demands: P(IL ≥ 1) = (1/Q)Σ_{y=r+1}^{r+Q} P(D_L ≤ y − 1) (PASTA). */
function poissonFillRate(r: number, Q: number, table: DiscreteLossTable): number {
  let sum = 0;
  for (let y = r + 1; y <= r + Q; y++) sum += tableCdf(table, y - 1);
  return sum / Q;
}

/** Exact optimal (r, Q) for Poisson demand (Federgruen & Zheng 1992). */
export function rqPoissonExact(
  holdingCost: number,
  stockoutCost: number,
  fixedCost: number,
  demandRate: number,
  leadTime: number,
): RqResult {
  const table = discreteLossTable(poissonDistribution(demandRate * leadTime));
  const G = (y: number) => periodCost(y, holdingCost, stockoutCost, table);
  let yStar = Math.round(table.mean);
  while (G(yStar - 1) < G(yStar)) yStar--;
  while (G(yStar + 1) < G(yStar)) yStar++;
  // Window {lo..hi} of positions; r = lo − 1, Q = hi − lo + 1.
  let lo = yStar;
  let hi = yStar;
  let sum = G(yStar);
  let cost = fixedCost * demandRate + sum;
  for (;;) {
    const left = G(lo - 1);
    const right = G(hi + 1);
    const next = Math.min(left, right);
    // Adding a position with G below the current average lowers the average; G convex ⇒ optimal.
    if (next >= cost) break;
    if (left <= right) lo--;
    else hi++;
    sum += next;
    cost = (fixedCost * demandRate + sum) / (hi - lo + 1);
  }
  const r = lo - 1;
  const Q = hi - lo + 1;
  return { r, Q, cost, fillRate: poissonFillRate(r, Q, table), cycleServiceLevel: tableCdf(table, r) };
}

/** Exact cost of (r, Q) for normal lead-time demand N(λL, σ²L) with σ the per-unit-time sd. */
export function rqCostNormal(
  r: number,
  Q: number,
  holdingCost: number,
  stockoutCost: number,
  fixedCost: number,
  demandRate: number,
  demandSd: number,
  leadTime: number,
): number {
  const mean = demandRate * leadTime;
  const sd = demandSd * Math.sqrt(leadTime);
  if (Q <= 0) return holdingCost * (r - mean) + (holdingCost + stockoutCost) * normalLossAt(r, mean, sd);
  const integral =
    holdingCost * (Q * (r - mean) + 0.5 * Q * Q) +
    (holdingCost + stockoutCost) * (normalLoss2At(r, mean, sd) - normalLoss2At(r + Q, mean, sd));
  return (fixedCost * demandRate + integral) / Q;
}

/**
 * For fixed Q the optimal r equalises G at both ends of the window, i.e.
 * n(r) − n(r + Q) = hQ/(h + p); the left side falls monotonically in r, so bisection finds it.
 */
function optimalRForQ(Q: number, h: number, p: number, mean: number, sd: number): number {
  const target = (h * Q) / (h + p);
  const spread = 12 * sd + Q + 1;
  let lo = mean - spread - Q;
  let hi = mean + spread;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * (1 + Math.abs(lo) + Math.abs(hi)); i++) {
    const mid = 0.5 * (lo + hi);
    const gap = normalLossAt(mid, mean, sd) - normalLossAt(mid + Q, mean, sd);
    if (gap > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function normalServiceOf(r: number, Q: number, mean: number, sd: number) {
  // Backorders per cycle n(r) − n(r+Q) over Q units of demand per cycle (continuous review).
  const fillRate =
    Q > 0 ? 1 - (normalLossAt(r, mean, sd) - normalLossAt(r + Q, mean, sd)) / Q : normalCdfAt(r, mean, sd);
  return { fillRate, cycleServiceLevel: normalCdfAt(r, mean, sd) };
}

/**
 * Exact optimal (r, Q) for normal lead-time demand. The cost is jointly convex; with r(Q) from
 * G(r) = G(r + Q), the derivative in Q has the sign of G(r + Q) − g(r, Q) (d/dQ of an average of G
 * over the window), which rises through zero at Q*; bisection on that sign finds Q* to machine
 * precision (S&S Theorem 5.2: at the optimum g* = G(r*) = G(r* + Q*)).
 */
export function rqNormalExact(
  holdingCost: number,
  stockoutCost: number,
  fixedCost: number,
  demandRate: number,
  demandSd: number,
  leadTime: number,
): RqResult {
  const mean = demandRate * leadTime;
  const sd = demandSd * Math.sqrt(leadTime);
  const h = holdingCost;
  const p = stockoutCost;
  if (fixedCost === 0 || demandRate === 0) {
    const r = sd > 0 ? mean + sd * normInv(p / (h + p)) : mean;
    return { r, Q: 0, cost: rqCostNormal(r, 0, h, p, 0, demandRate, demandSd, leadTime), ...normalServiceOf(r, 0, mean, sd) };
  }
  const G = (y: number) => h * (y - mean) + (h + p) * normalLossAt(y, mean, sd);
  const slopeSign = (Q: number) => {
    const r = optimalRForQ(Q, h, p, mean, sd);
    return G(r + Q) - rqCostNormal(r, Q, h, p, fixedCost, demandRate, demandSd, leadTime);
  };
  const eoqB = Math.sqrt((2 * fixedCost * demandRate * (h + p)) / (h * p));
  let lo = 1e-9 * eoqB;
  let hi = 2 * eoqB + 20 * sd + 1;
  while (slopeSign(hi) < 0) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (slopeSign(mid) < 0) lo = mid;
    else hi = mid;
  }
  const Q = 0.5 * (lo + hi);
  const r = optimalRForQ(Q, h, p, mean, sd);
  return { r, Q, cost: rqCostNormal(r, Q, h, p, fixedCost, demandRate, demandSd, leadTime), ...normalServiceOf(r, Q, mean, sd) };
}

/** EIL objective (approximation; p is a cost per unit short). */
export function rqCostEil(
  r: number,
  Q: number,
  holdingCost: number,
  stockoutCost: number,
  fixedCost: number,
  demandRate: number,
  demandSd: number,
  leadTime: number,
): number {
  const mean = demandRate * leadTime;
  const sd = demandSd * Math.sqrt(leadTime);
  return (
    holdingCost * (r - mean + Q / 2) +
    (fixedCost * demandRate) / Q +
    (stockoutCost * demandRate * normalLossAt(r, mean, sd)) / Q
  );
}

/** EIL approximation solved by the Hadley–Whitin iteration (S&S §5.3.2), starting from the EOQ. */
export function rqEil(
  holdingCost: number,
  stockoutCost: number,
  fixedCost: number,
  demandRate: number,
  demandSd: number,
  leadTime: number,
): RqResult & { readonly iterations: number } {
  const mean = demandRate * leadTime;
  const sd = demandSd * Math.sqrt(leadTime);
  const h = holdingCost;
  const p = stockoutCost;
  let Q = Math.sqrt((2 * fixedCost * demandRate) / h);
  let r = mean;
  let iterations = 0;
  for (; iterations < 1000; iterations++) {
    const tail = (Q * h) / (p * demandRate);
    // If even F(r) = 0 cannot satisfy the condition, stockouts are cheaper than holding: r → −∞ is
    // cut at the point where the normal tail is negligible.
    const rNext = tail >= 1 ? mean - 12 * sd : sd > 0 ? mean + sd * normInv(1 - tail) : mean;
    const qNext = Math.sqrt((2 * demandRate * (fixedCost + p * normalLossAt(rNext, mean, sd))) / h);
    const done = Math.abs(qNext - Q) <= 1e-12 * Q && Math.abs(rNext - r) <= 1e-12 * (1 + Math.abs(r));
    Q = qNext;
    r = rNext;
    if (done) break;
  }
  return {
    r,
    Q,
    cost: rqCostEil(r, Q, h, p, fixedCost, demandRate, demandSd, leadTime),
    ...normalServiceOf(r, Q, mean, sd),
    iterations,
  };
}
