import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  allUnitsDiscountCost,
  eoq,
  eoqAllUnitsDiscount,
  eoqCost,
  eoqIncrementalDiscount,
  eoqWithBackorders,
  epq,
  incrementalDiscountCost,
} from "../../../src/server/engine/inventory/eoq.ts";

describe("EOQ family (Snyder & Shen, 2nd ed., ch. 3)", () => {
  it("Example 3.1: K = 8, h = 0.75·0.3, λ = 1300", () => {
    // Q* = √(2·8·1300/0.225) = √92444.4… = 304.0468; g* = √(2·8·1300·0.225) = 68.4105.
    const r = eoq(8, 0.75 * 0.3, 1300);
    expect(r.orderQuantity).toBeCloseTo(304.0467800264368, 9);
    expect(r.cost).toBeCloseTo(68.41052550594827, 9);
    expect(r.cycleTime).toBeCloseTo(304.0467800264368 / 1300, 12);
  });

  it("Problem 3.1: K = 2250, h = 275, λ = 500·365", () => {
    const r = eoq(2250, 275, 500 * 365);
    expect(r.orderQuantity).toBeCloseTo(1728.109844993551, 8);
    expect(r.cost).toBeCloseTo(475230.2073732266, 5);
  });

  it("Example 3.8: EOQ with planned backorders, p = 5", () => {
    // Q* = √(2Kλ(h+p)/(hp)), x* = h/(h+p) = 0.225/5.225, g* = √(2Kλhp/(h+p)).
    const r = eoqWithBackorders(8, 0.225, 5, 1300);
    expect(r.orderQuantity).toBeCloseTo(310.8125551589646, 9);
    expect(r.stockoutFraction).toBeCloseTo(0.043062200956938, 12);
    expect(r.cost).toBeCloseTo(66.92136355097325, 9);
  });

  it("Problem 3.2(b): EOQB with K = 40, h = 165·0.17 + 12, p = 60, λ = 40·52", () => {
    const r = eoqWithBackorders(40, 165 * 0.17 + 12, 60, 40 * 52);
    expect(r.orderQuantity).toBeCloseTo(83.23544812889804, 9);
    expect(r.stockoutFraction).toBeCloseTo(0.400299850074962, 12);
    expect(r.cost).toBeCloseTo(1999.148244415212, 7);
  });

  it("economic production quantity: Example 3.1 with production rate 2000, Problem 3.22", () => {
    // Q* = √(2Kλ/(h(1 − λ/μ))) = √(2·8·1300/(0.225·0.35)) = 513.93.
    const a = epq(8, 0.225, 1300, 2000);
    expect(a.orderQuantity).toBeCloseTo(513.9328595516969, 9);
    expect(a.cost).toBeCloseTo(40.47221268969612, 9);
    const b = epq(4, 0.08, 80, 110);
    expect(b.orderQuantity).toBeCloseTo(171.2697677155351, 9);
    expect(b.cost).toBeCloseTo(3.73679493197531, 10);
  });

  it("EOQ is the minimiser of Kλ/Q + hQ/2", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1e4, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (K, h, lambda, factor) => {
          const r = eoq(K, h, lambda);
          expect(eoqCost(r.orderQuantity, K, h, lambda)).toBeCloseTo(r.cost, 6);
          expect(eoqCost(r.orderQuantity * factor, K, h, lambda)).toBeGreaterThanOrEqual(r.cost * (1 - 1e-12));
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe("quantity discounts (S&S §3.7): K = 8, i = 0.3, λ = 1300, b = (0, 400, 800), c = (0.75, 0.72, 0.68)", () => {
  const K = 8;
  const i = 0.3;
  const lambda = 1300;
  const b = [0, 400, 800];
  const c = [0.75, 0.72, 0.68];

  it("all-units: the 800-unit break wins", () => {
    // Region EOQs: 304.05 (feasible, cost 975 + 68.41 = 1043.41), 310.3 → 400 (1005.2),
    // 319.3 → 800: 0.68·1300 + 8·1300/800 + 0.3·0.68·800/2 = 884 + 13 + 81.6 = 978.6.
    const r = eoqAllUnitsDiscount(K, i, lambda, b, c);
    expect(r.orderQuantity).toBeCloseTo(800, 10);
    expect(r.cost).toBeCloseTo(978.6, 10);
    expect(r.region).toBe(2);
  });

  it("incremental: the first region's EOQ wins", () => {
    // Region j: EOQ with fixed cost K + R_j − c_j b_j (R = 0, 300, 588): Q = 304.05, 490.65, 814.10
    // with costs 1043.41, 1043.78, 1056.68 — region 0 is best.
    const r = eoqIncrementalDiscount(K, i, lambda, b, c);
    expect(r.orderQuantity).toBeCloseTo(304.0467800264368, 8);
    expect(r.cost).toBeCloseTo(975 + 68.41052550594827, 8);
    expect(r.region).toBe(0);
  });

  it("both agree with a brute-force search over Q", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 200, noNaN: true }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.double({ min: 100, max: 20000, noNaN: true }),
        fc.array(fc.double({ min: 50, max: 2000, noNaN: true }), { minLength: 1, maxLength: 3 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (fixed, rate, demand, gaps, firstPrice) => {
          const breaks = [0];
          const prices = [firstPrice];
          for (const g of gaps) {
            breaks.push(breaks[breaks.length - 1] + g);
            prices.push(prices[prices.length - 1] * 0.95);
          }
          // Log-spaced grid reaching well past every region's own EOQ (whose effective fixed cost
          // includes the price premium paid on earlier units).
          const lastBreak = breaks[breaks.length - 1];
          const top = 10 * (lastBreak + Math.sqrt((2 * (fixed + lastBreak * firstPrice) * demand) / (rate * prices[prices.length - 1])));
          const steps = 20000;
          let bestAll = Infinity;
          let bestInc = Infinity;
          for (let k = 0; k <= steps; k++) {
            const q = top * Math.pow(1e-5, 1 - k / steps);
            bestAll = Math.min(bestAll, allUnitsDiscountCost(q, fixed, rate, demand, breaks, prices));
            bestInc = Math.min(bestInc, incrementalDiscountCost(q, fixed, rate, demand, breaks, prices));
          }
          for (const q of breaks.slice(1)) bestAll = Math.min(bestAll, allUnitsDiscountCost(q, fixed, rate, demand, breaks, prices));
          const all = eoqAllUnitsDiscount(fixed, rate, demand, breaks, prices);
          const inc = eoqIncrementalDiscount(fixed, rate, demand, breaks, prices);
          expect(all.cost).toBeLessThanOrEqual(bestAll * (1 + 1e-12));
          expect(all.cost).toBeGreaterThan(bestAll * (1 - 1e-6));
          expect(allUnitsDiscountCost(all.orderQuantity, fixed, rate, demand, breaks, prices)).toBeCloseTo(all.cost, 6);
          expect(inc.cost).toBeLessThanOrEqual(bestInc * (1 + 1e-12));
          expect(inc.cost).toBeGreaterThan(bestInc * (1 - 1e-6));
          expect(incrementalDiscountCost(inc.orderQuantity, fixed, rate, demand, breaks, prices)).toBeCloseTo(inc.cost, 6);
        },
      ),
      { numRuns: 25, seed: 5 },
    );
  });
});
