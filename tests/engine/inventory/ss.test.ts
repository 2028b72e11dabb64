import { describe, expect, it } from "vitest";
import { optimizeSs, ssCost } from "../../../src/server/engine/inventory/ss.ts";
import { poissonDistribution, poissonPmf } from "../../../src/server/engine/inventory/distributions.ts";

/**
 * Exact long-run cost of an (s, S) policy computed independently of the renewal formula: the
 * post-order position y ∈ {s+1..S} is a Markov chain (y → y − d if that stays above s, else → S);
 * its stationary distribution π (Gaussian elimination) gives cost Σπ(y)[G(y) + K·P(y − D ≤ s)],
 * with G evaluated by direct summation over the (L+1)-period Poisson demand.
 */
function markovCost(s: number, S: number, h: number, p: number, K: number, mean: number, L: number): number {
  const n = S - s;
  const pmf = (k: number) => poissonPmf(k, mean);
  const G = (y: number) => {
    let g = 0;
    for (let d = 0; d < mean * (L + 1) + 80; d++) {
      const q = poissonPmf(d, mean * (L + 1));
      g += q * (d <= y ? h * (y - d) : p * (d - y));
    }
    return g;
  };
  // A[i][j] = P(j → i) − δ_ij, last row replaced by Σπ = 1.
  const A = Array.from({ length: n }, () => new Float64Array(n + 1));
  for (let j = 0; j < n; j++) {
    const y = s + 1 + j;
    let stay = 0;
    for (let d = 0; y - d > s; d++) {
      A[j - d][j] += pmf(d);
      stay += pmf(d);
    }
    A[n - 1][j] += 1 - stay; // S is state n−1
  }
  for (let i = 0; i < n; i++) A[i][i] -= 1;
  for (let j = 0; j < n; j++) A[n - 1][j] = 1;
  A[n - 1][n] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let c = col; c <= n; c++) A[r][c] -= f * A[col][c];
    }
  }
  let cost = 0;
  for (let j = 0; j < n; j++) {
    const pi = A[j][n] / A[j][j];
    const y = s + 1 + j;
    let orderProb = 0;
    for (let d = y - s; d < y - s + mean + 80; d++) orderProb += pmf(d);
    cost += pi * (G(y) + K * orderProb);
  }
  return cost;
}

describe("optimal (s, S) by Zheng & Federgruen (1991)", () => {
  it("Snyder & Shen Example 4.7: Poisson(6), h = 1, p = 4, K = 5 → (4, 10), 8.0341", () => {
    const r = optimizeSs({ holdingCost: 1, stockoutCost: 4, fixedCost: 5, demand: poissonDistribution(6) });
    expect([r.s, r.S]).toEqual([4, 10]);
    expect(r.cost).toBeCloseTo(8.034111561471644, 9);
    expect(ssCost({ holdingCost: 1, stockoutCost: 4, fixedCost: 5, demand: poissonDistribution(6) }, 6, 18)).toBeCloseTo(
      10.193798671644046,
      9,
    );
  });

  it("S&S Problem 4.31: Poisson(4), h = 40, p = 125, K = 150 → (2, 7), 223.5748", () => {
    const r = optimizeSs({ holdingCost: 40, stockoutCost: 125, fixedCost: 150, demand: poissonDistribution(4) });
    expect([r.s, r.S]).toEqual([2, 7]);
    expect(r.cost).toBeCloseTo(223.5748295669688, 8);
  });

  it("reproduces Zheng & Federgruen's published table (h = 1, p = 9, K = 64, Poisson demand)", () => {
    // Z&F (1991) computational table (mean, s*, S*, cost to 3 decimals), as also used by the
    // stockpyl test suite (github.com/LarrySnyder/stockpyl, tests/test_ss.py).
    const table: [number, number, number, number][] = [
      [10, 6, 40, 35.022], [15, 10, 49, 42.698], [20, 14, 62, 49.173], [25, 19, 56, 54.262],
      [30, 23, 66, 57.819], [35, 28, 77, 61.215], [40, 33, 87, 64.512], [45, 37, 97, 67.776],
      [50, 42, 108, 70.975], [55, 47, 118, 74.149], [60, 52, 129, 77.306], [65, 56, 75, 78.518],
      [70, 62, 81, 79.037], [75, 67, 86, 79.554], [21, 15, 65, 50.406], [22, 16, 68, 51.632],
      [23, 17, 52, 52.757], [24, 18, 54, 53.518], [51, 43, 110, 71.611], [52, 44, 112, 72.246],
      [59, 51, 126, 76.679], [61, 52, 131, 77.929], [63, 54, 73, 78.287], [64, 55, 74, 78.402],
    ];
    for (const [mean, s, S, cost] of table) {
      const r = optimizeSs({ holdingCost: 1, stockoutCost: 9, fixedCost: 64, demand: poissonDistribution(mean) });
      expect([mean, r.s, r.S]).toEqual([mean, s, S]);
      expect(Math.abs(r.cost - cost)).toBeLessThan(5.01e-4);
    }
  });

  it("renewal cost equals the Markov-chain cost and the optimum beats every (s, S) in a grid", () => {
    for (const L of [0, 1]) {
      const problem = { holdingCost: 1, stockoutCost: 9, fixedCost: 20, demand: poissonDistribution(3), leadTime: L };
      const r = optimizeSs(problem);
      expect(r.cost).toBeCloseTo(markovCost(r.s, r.S, 1, 9, 20, 3, L), 8);
      let best = Infinity;
      for (let s = -3 + 3 * L; s <= 10 + 3 * L; s++) {
        for (let S = s + 1; S <= s + 25; S++) {
          const c = ssCost(problem, s, S);
          if (S - s <= 12 && (s + S) % 5 === 0) expect(c).toBeCloseTo(markovCost(s, S, 1, 9, 20, 3, L), 8);
          best = Math.min(best, c);
        }
      }
      expect(r.cost).toBeLessThanOrEqual(best + 1e-12);
    }
  });
});
