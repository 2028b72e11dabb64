import { describe, expect, it } from "vitest";
import {
  rqCostEil,
  rqCostNormal,
  rqCostPoisson,
  rqEil,
  rqNormalExact,
  rqPoissonExact,
} from "../../../src/server/engine/inventory/rq.ts";
import { normalCdfAt, normalLossAt, poissonPmf } from "../../../src/server/engine/inventory/distributions.ts";

/** Exact Poisson (r,Q) cost by direct summation: (Kλ + Σ_{y=r+1}^{r+Q} E[h(y−D)⁺ + p(D−y)⁺])/Q. */
function directPoissonCost(r: number, Q: number, h: number, p: number, K: number, rate: number, L: number): number {
  let sum = K * rate;
  for (let y = r + 1; y <= r + Q; y++) {
    for (let d = 0; d < rate * L + 80; d++) {
      const q = poissonPmf(d, rate * L);
      sum += q * (d <= y ? h * (y - d) : p * (d - y));
    }
  }
  return sum / Q;
}

describe("(r, Q) with Poisson demand, exact (Federgruen & Zheng 1992; Snyder & Shen §5.2)", () => {
  it("S&S Example 5.8: h = 20, p = 150, K = 100, λ = 1.5, L = 2 → (3, 5), 107.9236", () => {
    const r = rqPoissonExact(20, 150, 100, 1.5, 2);
    expect([r.r, r.Q]).toEqual([3, 5]);
    expect(r.cost).toBeCloseTo(107.9235806331498, 9);
    expect(rqCostPoisson(8, 12, 20, 150, 100, 1.5, 2)).toBeCloseTo(242.5281637662021, 8);
  });

  it("S&S Problem 5.2: h = 4, p = 28, K = 4, λ = 12, L = 0.5 → (6, 7), 28.2413", () => {
    const r = rqPoissonExact(4, 28, 4, 12, 0.5);
    expect([r.r, r.Q]).toEqual([6, 7]);
    expect(r.cost).toBeCloseTo(28.241312842169155, 9);
    expect(rqCostPoisson(3, 9, 4, 28, 4, 12, 0.5)).toBeCloseTo(34.264154469469503, 9);
  });

  it("is optimal against brute force over (r, Q), with an independently summed cost", () => {
    const cases = [
      [20, 150, 100, 1.5, 2],
      [1, 9, 30, 4, 3],
      [2, 5, 0.5, 10, 1],
    ];
    for (const [h, p, K, rate, L] of cases) {
      const best = rqPoissonExact(h, p, K, rate, L);
      expect(best.cost).toBeCloseTo(directPoissonCost(best.r, best.Q, h, p, K, rate, L), 9);
      let min = Infinity;
      for (let r = -5; r <= rate * L + 20; r++) {
        for (let Q = 1; Q <= 60; Q++) min = Math.min(min, rqCostPoisson(r, Q, h, p, K, rate, L));
      }
      expect(best.cost).toBeLessThanOrEqual(min + 1e-12);
    }
  });
});

describe("(r, Q) with normal demand (S&S Example 5.1: h = 0.225, p = 7.5, K = 8, λ = 1300, σ = 150, L = 1/12)", () => {
  const h = 0.225;
  const p = 7.5;
  const K = 8;
  const rate = 1300;
  const sd = 150;
  const L = 1 / 12;

  it("exact cost function at the textbook points", () => {
    // g(r,Q) = [Kλ + h(Q(r−μ) + Q²/2) + (h+p)(n̄(r) − n̄(r+Q))]/Q, μ = λL, σ_L = σ√L.
    expect(rqCostNormal(126.8, 328.5, h, p, K, rate, sd, L)).toBeCloseTo(78.07116250928294, 9);
    expect(rqCostNormal(100, 250, h, p, K, rate, sd, L)).toBeCloseTo(87.34647802817499, 9);
    // The same integral by the trapezoid rule on G(y) = h(y−μ) + (h+p)n(y).
    const mu = rate * L;
    const sdL = sd * Math.sqrt(L);
    let integral = 0;
    const steps = 20000;
    for (let i = 0; i <= steps; i++) {
      const y = 126.8 + (328.5 * i) / steps;
      const G = h * (y - mu) + (h + p) * normalLossAt(y, mu, sdL);
      integral += (i === 0 || i === steps ? 0.5 : 1) * G * (328.5 / steps);
    }
    expect((K * rate + integral) / 328.5).toBeCloseTo(78.07116250928294, 6);
  });

  it("exact optimum: Example 5.2's (r, Q) = (126.8, 328.5) to the book's rounding, g = 78.07", () => {
    const r = rqNormalExact(h, p, K, rate, sd, L);
    expect(Math.abs(r.r - 126.8)).toBeLessThan(0.1);
    expect(Math.abs(r.Q - 328.5)).toBeLessThan(0.1);
    expect(r.cost).toBeCloseTo(78.0711, 4);
    // First-order conditions (S&S eqs. 5.13–5.14): G(r) = G(r+Q) and g(r,Q) = G(r).
    const mu = rate * L;
    const sdL = sd * Math.sqrt(L);
    const G = (y: number) => h * (y - mu) + (h + p) * normalLossAt(y, mu, sdL);
    expect(G(r.r)).toBeCloseTo(G(r.r + r.Q), 6);
    expect(r.cost).toBeCloseTo(G(r.r), 6);
    // No grid point does better.
    for (let dr = -5; dr <= 5; dr += 0.5) {
      for (let dq = -20; dq <= 20; dq += 2) {
        expect(rqCostNormal(r.r + dr, r.Q + dq, h, p, K, rate, sd, L)).toBeGreaterThanOrEqual(r.cost - 1e-9);
      }
    }
    // Fill rate = 1 − (n(r) − n(r+Q))/Q.
    expect(r.fillRate).toBeCloseTo(1 - (normalLossAt(r.r, mu, sdL) - normalLossAt(r.r + r.Q, mu, sdL)) / r.Q, 12);
    expect(r.cycleServiceLevel).toBeCloseTo(normalCdfAt(r.r, mu, sdL), 12);
  });

  it("EIL approximation (Hadley–Whitin iteration): S&S Example 5.2 → r = 213.97, Q = 318.59, g = 95.45", () => {
    const r = rqEil(h, p, K, rate, sd, L);
    expect(r.r).toBeCloseTo(213.9704421358024, 5);
    expect(r.Q).toBeCloseTo(318.5901810768729, 5);
    expect(r.cost).toBeCloseTo(95.45114022285196, 7);
    // Fixed point: Q = √(2λ(K + p·n(r))/h) and 1 − F(r) = Qh/(pλ).
    const mu = rate * L;
    const sdL = sd * Math.sqrt(L);
    expect(r.Q).toBeCloseTo(Math.sqrt((2 * rate * (K + p * normalLossAt(r.r, mu, sdL))) / h), 6);
    expect(1 - normalCdfAt(r.r, mu, sdL)).toBeCloseTo((r.Q * h) / (p * rate), 10);
    expect(rqCostEil(r.r, r.Q, h, p, K, rate, sd, L)).toBeCloseTo(r.cost, 12);
  });

  it("EIL on S&S Problems 5.1(a) and 5.3(a)", () => {
    const a = rqEil(3.1, 45, 50, 800, 40, 4 / 365);
    expect(a.r).toBeCloseTo(17.972649360167715, 5);
    expect(a.Q).toBeCloseTo(162.1231617283653, 5);
    expect(a.cost).toBeCloseTo(531.1189321826714, 6);
    const b = rqEil(1.5 / 7, 40, 85, 192, 17.4, 3);
    expect(b.r).toBeCloseTo(644.8385303830128, 5);
    expect(b.Q).toBeCloseTo(400.7559793125993, 5);
    expect(b.cost).toBeCloseTo(100.627394934774, 7);
  });
});
