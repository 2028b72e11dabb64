import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { lotSizingCost, silverMeal, wagnerWhitin } from "../../../src/server/engine/inventory/lotSizing.ts";

/**
 * Brute force over every set of order periods (period 0 must order when it has demand): 2^(T−1)
 * plans, each order covering the demand up to the next order.
 */
function bruteForce(demand: number[], K: number, h: number): number {
  const T = demand.length;
  let best = Infinity;
  for (let mask = 0; mask < 1 << (T - 1); mask++) {
    const orders = new Array<number>(T).fill(0);
    let current = 0;
    for (let t = 0; t < T; t++) {
      if (t > 0 && mask & (1 << (t - 1))) current = t;
      orders[current] += demand[t];
    }
    best = Math.min(best, lotSizingCost(orders, demand, K, h));
  }
  return best;
}

describe("Wagner–Whitin (Snyder & Shen 2nd ed. §3.8)", () => {
  it("Example 3.9: K = 500, h = 2, d = (90, 120, 80, 70)", () => {
    // Ordering in periods 1 and 3 (0-based 0 and 2): 2·500 + 2·120 + 2·70 = 1380; the
    // alternatives cost 1480 (one order), 1440 (orders at 0, 1), 1560 (orders at 0, 3), 2000.
    const r = wagnerWhitin([90, 120, 80, 70], 500, 2);
    expect(Array.from(r.orders)).toEqual([210, 0, 150, 0]);
    expect(r.cost).toBeCloseTo(1380, 10);
  });

  it("Problem 3.27: K = 120, h = 0.8, d = (150, 100, 80, 200)", () => {
    const r = wagnerWhitin([150, 100, 80, 200], 120, 0.8);
    expect(Array.from(r.orders)).toEqual([150, 180, 0, 200]);
    expect(r.cost).toBeCloseTo(424, 10);
  });

  it("Problem 3.29: K = 100, h = 0.1, d = (730, 580, 445, 650, 880)", () => {
    const r = wagnerWhitin([730, 580, 445, 650, 880], 100, 0.1);
    expect(Array.from(r.orders)).toEqual([1310, 0, 1095, 0, 880]);
    expect(r.cost).toBeCloseTo(423, 10);
  });

  it("zero-demand periods never trigger a paid order", () => {
    const r = wagnerWhitin([0, 0, 50, 0, 40], 100, 1);
    expect(lotSizingCost(r.orders, [0, 0, 50, 0, 40], 100, 1)).toBeCloseTo(r.cost, 10);
    expect(r.cost).toBeCloseTo(Math.min(100 + 2 * 40, 200), 10);
  });

  it("is optimal: equals brute-force enumeration on random instances", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 800 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (demand, K, h) => {
          const r = wagnerWhitin(demand, K, h);
          expect(lotSizingCost(r.orders, demand, K, h)).toBeCloseTo(r.cost, 6);
          expect(r.cost).toBeCloseTo(bruteForce(demand, K, h), 6);
        },
      ),
      { numRuns: 150, seed: 9 },
    );
  });
});

describe("Silver–Meal heuristic", () => {
  it("Example 3.9 data: stops when the average cost per period rises", () => {
    // From period 0: averages 500, (500+240)/2 = 370, (740+320)/3 = 353.3, (1060+420)/4 = 370 ↑,
    // so the first order covers 3 periods (290 units) and period 3 orders 70: 1060 + 500 = 1560.
    const r = silverMeal([90, 120, 80, 70], 500, 2);
    expect(Array.from(r.orders)).toEqual([290, 0, 0, 70]);
    expect(r.cost).toBeCloseTo(1560, 10);
  });

  it("is feasible and never beats Wagner–Whitin", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 800 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (demand, K, h) => {
          const sm = silverMeal(demand, K, h);
          expect(Number.isFinite(sm.cost)).toBe(true);
          expect(sm.cost).toBeGreaterThanOrEqual(wagnerWhitin(demand, K, h).cost - 1e-9);
        },
      ),
      { numRuns: 150, seed: 10 },
    );
  });
});
