import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  baseStockPolicy,
  newsvendorDiscrete,
  newsvendorNormal,
  newsvendorNormalCost,
} from "../../../src/server/engine/inventory/newsvendor.ts";
import {
  discreteLossTable,
  empiricalIntegerDistribution,
  normInv,
  normPdf,
  poissonPmf,
} from "../../../src/server/engine/inventory/distributions.ts";

describe("newsvendor (Snyder & Shen 2nd ed. §4.3)", () => {
  it("Example 4.1/4.3: h = 0.18, p = 0.70, D ~ N(50, 8²)", () => {
    // S* = 50 + 8·Φ⁻¹(0.7/0.88) = 56.604; g* = (h+p)·σ·φ(z*) = 1.9976.
    const r = newsvendorNormal(0.18, 0.7, 50, 8);
    expect(r.baseStockLevel).toBeCloseTo(56.60395592743389, 8);
    expect(r.cost).toBeCloseTo(1.997605193176645, 9);
    // Independent closed form of the optimal cost.
    const z = normInv(0.7 / 0.88);
    expect(r.cost).toBeCloseTo(0.88 * 8 * normPdf(z), 12);
    // Cost of a non-optimal level (S&S: g(40)).
    expect(newsvendorNormalCost(40, 0.18, 0.7, 50, 8)).toBeCloseTo(7.356131552870388, 9);
    expect(newsvendorNormalCost(60, 0.18, 0.7, 50, 8)).toBeCloseTo(2.156131552870387, 9);
  });

  it("Problem 4.1: h = 65 − 22, p = 129 − 65 + 15, D ~ N(900, 60²)", () => {
    const r = newsvendorNormal(43, 79, 900, 60);
    expect(r.baseStockLevel).toBeCloseTo(922.7214038234755, 7);
    expect(r.cost).toBeCloseTo(2718.196781782411, 6);
  });

  it("Example 4.7 without fixed cost: Poisson(6), h = 1, p = 4 → S* = 8", () => {
    // Smallest S with F(S) ≥ 0.8: F(7) = 0.7440, F(8) = 0.8472.
    const r = baseStockPolicy(1, 4, { dist: "poisson", mean: 6 });
    expect(r.baseStockLevel).toBe(8);
    expect(r.cost).toBeCloseTo(3.570106945770946, 10);
    let direct = 0;
    for (let d = 0; d < 80; d++) direct += poissonPmf(d, 6) * (d <= 8 ? 8 - d : 4 * (d - 8));
    expect(r.cost).toBeCloseTo(direct, 12);
  });

  it("Problem 4.8(a): Poisson(18), h = 200, p = 270 → S* = 19", () => {
    const r = baseStockPolicy(200, 270, { dist: "poisson", mean: 18 });
    expect(r.baseStockLevel).toBe(19);
    expect(r.cost).toBeCloseTo(786.0884409351115, 7);
  });

  it("Problem 4.7(b): discrete pmf as empirical samples", () => {
    // pmf {1:.25, 2:.05, 3:.10, 4:.20, 5:.15, 6:.10, 7:.10, 8:.05}, h = 5e5, p = 1e6: ratio 2/3,
    // F(4) = .60 < 2/3 ≤ F(5) = .75 → S* = 5; cost = 5e5·(4·.25 + 3·.05 + 2·.1 + 1·.2)
    // + 1e6·(1·.1 + 2·.1 + 3·.05) = 775 000 + 450 000 = 1 225 000.
    const counts = [0, 5, 1, 2, 4, 3, 2, 2, 1];
    const values: number[] = [];
    counts.forEach((c, v) => {
      for (let k = 0; k < c; k++) values.push(v);
    });
    const r = baseStockPolicy(500000, 1000000, { dist: "empirical", values });
    expect(r.baseStockLevel).toBe(5);
    expect(r.cost).toBeCloseTo(1225000, 4);
    expect(r.exact).toBe(true);
    expect(newsvendorDiscrete(500000, 1000000, discreteLossTable(empiricalIntegerDistribution(values))).baseStockLevel).toBe(5);
  });

  it("non-integer samples: the sample quantile at the critical ratio", () => {
    const samples = [3.5, 1.25, 9.75, 4.5, 6.0, 2.0, 8.5, 5.5];
    // Ratio 0.75 → the 6th of 8 sorted samples (1.25 2 3.5 4.5 5.5 6 8.5 9.75) = 6.
    const r = baseStockPolicy(1, 3, { dist: "empirical", values: samples });
    expect(r.baseStockLevel).toBe(6);
    const cost = samples.reduce((acc, d) => acc + (d > 6 ? 3 * (d - 6) : 6 - d), 0) / samples.length;
    expect(r.cost).toBeCloseTo(cost, 12);
  });
});

describe("base-stock with lead time (S&S §4.4: L + 1 periods of demand)", () => {
  it("Example 4.4: h = 0.18, p = 0.70, N(50, 8²), L = 4", () => {
    // Demand over 5 periods ~ N(250, 8²·5): S* = 250 + 8√5·Φ⁻¹(0.7955) = 264.77.
    const r = baseStockPolicy(0.18, 0.7, { dist: "normal", mean: 50, sd: 8 }, 4);
    expect(r.baseStockLevel).toBeCloseTo(264.7668943741548, 8);
    expect(r.cost).toBeCloseTo(4.466781004149578, 9);
    expect(r.inStockProbability).toBeCloseTo(0.7 / 0.88, 12);
    expect(newsvendorNormalCost(180, 0.18, 0.7, 250, 8 * Math.sqrt(5))).toBeCloseTo(49.000164748034095, 8);
  });

  it("Poisson with lead time equals the newsvendor on Poisson((L+1)λ)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 30, noNaN: true }), fc.integer({ min: 0, max: 6 }), fc.double({ min: 0.5, max: 30, noNaN: true }), (mean, L, p) => {
        const r = baseStockPolicy(1, p, { dist: "poisson", mean }, L);
        const direct = baseStockPolicy(1, p, { dist: "poisson", mean: mean * (L + 1) }, 0);
        expect(r.baseStockLevel).toBe(direct.baseStockLevel);
        expect(r.cost).toBeCloseTo(direct.cost, 9);
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it("integer empirical demand with lead time convolves exactly", () => {
    // Two equally likely demands {0, 2} over L + 1 = 3 periods: totals 0,2,4,6 w.p. 1/8,3/8,3/8,1/8.
    // h = 1, p = 3: ratio 0.75 → F(2) = 0.5, F(4) = 0.875 → S* = 4; cost = 1·(4·1/8 + 2·3/8) + 3·(2·1/8) = 2.
    const r = baseStockPolicy(1, 3, { dist: "empirical", values: [0, 2] }, 2);
    expect(r.baseStockLevel).toBe(4);
    expect(r.cost).toBeCloseTo(2, 12);
    expect(r.inStockProbability).toBeCloseTo(0.875, 12);
  });

  it("flags lattice-convolved non-integer samples as approximate and stays close", () => {
    const r = baseStockPolicy(1, 9, { dist: "empirical", values: [1.5, 2.25, 3.75, 4.0] }, 1);
    expect(r.exact).toBe(false);
    // Exact over the 16 equally likely two-period sums.
    const v = [1.5, 2.25, 3.75, 4.0];
    const sums = v.flatMap((a) => v.map((b) => a + b)).sort((a, b) => a - b);
    const S = sums[Math.ceil(0.9 * 16) - 1];
    expect(Math.abs(r.baseStockLevel - S)).toBeLessThan(0.02);
  });
});
