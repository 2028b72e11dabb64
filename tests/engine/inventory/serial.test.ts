import { describe, expect, it } from "vitest";
import { optimizeSerial, serialCost, type SerialProblem } from "../../../src/server/engine/inventory/serial.ts";
import { newsvendorNormal } from "../../../src/server/engine/inventory/newsvendor.ts";
import { createStreams, sampleStandardNormal } from "../../../src/server/engine/random/index.ts";

/**
 * A dedicated periodic-review simulator of a serial system under echelon base-stock levels S,
 * written for this test. Each period: shipments due arrive; demand hits stage 1 (backordered);
 * cost Σ_j h_j·(echelon inventory level of j) + (p + h′₁)·backorders is charged (= local holding on
 * stock at and in transit to each stage, plus p per backorder); then each stage orders up to its
 * echelon level and upstream stages ship what they have, arriving L_j periods later. Stage N's
 * supplier always has stock. Returns the average cost per period after a warm-up.
 */
function simulateSerial(problem: SerialProblem, S: ArrayLike<number>, periods: number, replication: number): number {
  const n = problem.echelonHoldingCost.length;
  const h = Array.from(problem.echelonHoldingCost);
  const L = Array.from(problem.leadTime);
  const localHolding1 = h.reduce((a, b) => a + b, 0);
  const stream = createStreams(1, 20240601, replication);
  const onHand = new Float64Array(n); // onHand[0] is stage 1's net inventory (negative = backorders)
  const owed = new Float64Array(n); // ordered by stage j, not yet shipped by stage j+1
  const transit = new Float64Array(n);
  const ring = Math.max(...L) + 1;
  const pipe = L.map(() => new Float64Array(ring));
  for (let j = 0; j < n; j++) onHand[j] = j === 0 ? S[0] : S[j] - S[j - 1];
  const warmup = 1000;
  let total = 0;
  for (let t = 0; t < periods + warmup; t++) {
    const slot = t % ring;
    for (let j = 0; j < n; j++) {
      onHand[j] += pipe[j][slot];
      transit[j] -= pipe[j][slot];
      pipe[j][slot] = 0;
    }
    onHand[0] -= Math.max(0, problem.demandMean + problem.demandSd * sampleStandardNormal(stream, 0));
    let echelon = 0;
    let cost = 0;
    for (let j = 0; j < n; j++) {
      echelon += onHand[j] + (j > 0 ? transit[j - 1] : 0);
      cost += h[j] * echelon;
    }
    if (onHand[0] < 0) cost += (problem.stockoutCost + localHolding1) * -onHand[0];
    if (t >= warmup) total += cost;
    const orders = new Float64Array(n);
    echelon = 0;
    for (let j = 0; j < n; j++) {
      echelon += onHand[j] + (j > 0 ? transit[j - 1] : 0);
      orders[j] = Math.max(0, S[j] - (echelon + transit[j] + owed[j]));
    }
    for (let j = n - 1; j >= 0; j--) {
      owed[j] += orders[j];
      const ship = j === n - 1 ? owed[j] : Math.min(onHand[j + 1], owed[j]);
      owed[j] -= ship;
      if (j < n - 1) onHand[j + 1] -= ship;
      pipe[j][(t + L[j]) % ring] += ship;
      transit[j] += ship;
    }
  }
  return total / periods;
}

function interval(samples: number[]) {
  const m = samples.reduce((a, b) => a + b, 0) / samples.length;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - m) ** 2, 0) / (samples.length - 1));
  // t(0.975, 7) = 2.365 for 8 replications.
  const half = (2.365 * sd) / Math.sqrt(samples.length);
  return { lo: m - half, hi: m + half, mean: m };
}

/** Snyder & Shen (2nd ed.) Example 6.1: h = (3, 2, 2), L = (1, 1, 2), p = 37.12, D ~ N(5, 1). */
const example61: SerialProblem = {
  echelonHoldingCost: [3, 2, 2],
  leadTime: [1, 1, 2],
  stockoutCost: 37.12,
  demandMean: 5,
  demandSd: 1,
};

describe("serial system, Clark–Scarf / Chen–Zheng exact recursion", () => {
  it("S&S Example 6.1: echelon base-stock levels (6.49, 12.02, 22.71)", () => {
    // The book reports local levels (6.49, 5.53, 10.69), i.e. echelon (6.49, 12.02, 22.71).
    const r = optimizeSerial(example61);
    expect(Math.abs(r.echelonBaseStock[0] - 6.49)).toBeLessThan(0.005);
    expect(Math.abs(r.echelonBaseStock[1] - 12.02)).toBeLessThan(0.005);
    expect(Math.abs(r.echelonBaseStock[2] - 22.71)).toBeLessThan(0.005);
    expect(Math.abs(r.localBaseStock[1] - 5.53)).toBeLessThan(0.005);
    expect(Math.abs(r.localBaseStock[2] - 10.69)).toBeLessThan(0.005);
    // Stage 1 is a newsvendor: 1 − F(S₁) = h₁/(p + h′₁) with h′₁ = 7 (Chen & Zheng 1994).
    expect(r.echelonBaseStock[0]).toBeCloseTo(newsvendorNormal(3, 37.12 + 7 - 3, 5, 1).baseStockLevel, 5);
  });

  it("single stage reduces to the newsvendor over the lead time", () => {
    // C̃₁(y) = h(y − μL) + (p + h)·n(y) is the newsvendor cost with critical ratio p/(p + h).
    const r = optimizeSerial({ echelonHoldingCost: [2], leadTime: [3], stockoutCost: 18, demandMean: 40, demandSd: 6 });
    const nv = newsvendorNormal(2, 18, 120, 6 * Math.sqrt(3));
    // (Golden-section search on a flat minimum pins S to ~1e-7.)
    expect(r.echelonBaseStock[0]).toBeCloseTo(nv.baseStockLevel, 5);
    expect(r.cost).toBeCloseTo(nv.cost, 9);
  });

  it("the optimum is a minimum of the exact cost over a grid of echelon levels", () => {
    const r = optimizeSerial(example61);
    const base = Array.from(r.echelonBaseStock);
    for (const d0 of [-0.3, 0, 0.3]) {
      for (const d1 of [-0.5, 0, 0.5]) {
        for (const d2 of [-0.5, 0, 0.5]) {
          const c = serialCost(example61, [base[0] + d0, base[1] + d1, base[2] + d2]);
          expect(c).toBeGreaterThanOrEqual(r.cost - 1e-7);
        }
      }
    }
  });

  it("Monte Carlo of the echelon base-stock policy agrees with the recursion's cost", () => {
    const r = optimizeSerial(example61);
    const checks: number[][] = [Array.from(r.echelonBaseStock), [4, 9, 10], [6, 14, 20]];
    for (const levels of checks) {
      const promised = serialCost(example61, levels);
      const samples = Array.from({ length: 8 }, (_, k) => simulateSerial(example61, levels, 60000, k));
      const ci = interval(samples);
      expect(promised).toBeGreaterThanOrEqual(ci.lo);
      expect(promised).toBeLessThanOrEqual(ci.hi);
    }
    expect(r.cost).toBeCloseTo(serialCost(example61, r.echelonBaseStock), 9);
  });
});
