import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  computePolicies,
  POLICY_INVALID_INPUT,
  POLICY_OK,
  POLICY_ZERO_DEMAND,
  SERVICE_CYCLE,
  SERVICE_FILL_RATE,
  tradeOffCurve,
  type PolicyBatchInput,
} from "../../../src/server/engine/inventory/policy.ts";
import { normalCdfAt, normCdf, normInv, normLossInv } from "../../../src/server/engine/inventory/distributions.ts";

interface RowSpec {
  mu: number;
  sd: number;
  L: number;
  sdL?: number;
  cost?: number;
  rate?: number;
  K: number;
  kind: number;
  target: number;
  moq?: number;
  mult?: number;
  R?: number;
}

function batch(rows: RowSpec[]): PolicyBatchInput {
  const col = (f: (r: RowSpec) => number) => Float64Array.from(rows, f);
  return {
    count: rows.length,
    demandMean: col((r) => r.mu),
    demandSd: col((r) => r.sd),
    leadTimeMean: col((r) => r.L),
    leadTimeSd: col((r) => r.sdL ?? 0),
    unitCost: col((r) => r.cost ?? 10),
    holdingRate: col((r) => r.rate ?? 0.25),
    orderingCost: col((r) => r.K),
    serviceKind: Uint8Array.from(rows, (r) => r.kind),
    serviceTarget: col((r) => r.target),
    minOrderQuantity: col((r) => r.moq ?? 0),
    orderMultiple: col((r) => r.mult ?? 0),
    reviewPeriod: col((r) => r.R ?? 1),
  };
}

const continuous = { integerQuantities: false, allowNegativeSafetyStock: true };

describe("batch policy: closed-form special cases", () => {
  it("order-up-to with a cycle-service target is S = μ(L+R−1) + zσ√(L+R−1)", () => {
    // No fixed cost, MOQ or multiple ⇒ Q = 0, an (R, S) policy. With the simulator's timing an order
    // placed at the end of period t is available at the start of t + L, so the protection interval
    // is L + R − 1 periods (Silver, Pyke & Peterson, (R,S) with lead time L − 1).
    for (const [mu, sd, L, R, alpha] of [
      [20, 5, 5, 1, 0.95],
      [7, 3, 1, 7, 0.9],
      [100, 30, 10, 3, 0.5],
    ]) {
      const out = computePolicies(batch([{ mu, sd, L, K: 0, kind: SERVICE_CYCLE, target: alpha, R }]), continuous);
      const P = L + R - 1;
      expect(out.orderQuantity[0]).toBe(0);
      expect(out.reorderPoint[0]).toBeCloseTo(mu * P + normInv(alpha) * sd * Math.sqrt(P), 8);
      expect(out.expectedCycleServiceLevel[0]).toBeCloseTo(alpha, 10);
      // Safety stock = expected net stock just before an arrival = S − μ·P.
      expect(out.safetyStock[0]).toBeCloseTo(normInv(alpha) * sd * Math.sqrt(P), 8);
    }
  });

  it("order-up-to with a fill-rate target and L = R = 1 is the textbook σ·G(k) = (1 − β)μ", () => {
    // One period of exposure and nothing carried in: units short per period = σ·L(z) (S-P-P eq. 7.x).
    const mu = 40;
    const sd = 12;
    const beta = 0.98;
    const out = computePolicies(batch([{ mu, sd, L: 1, K: 0, kind: SERVICE_FILL_RATE, target: beta }]), continuous);
    const z = normLossInv(((1 - beta) * mu) / sd);
    expect(out.reorderPoint[0]).toBeCloseTo(mu + z * sd, 8);
    expect(out.expectedFillRate[0]).toBeCloseTo(beta, 10);
    expect(out.expectedPeriodServiceLevel[0]).toBeCloseTo(normCdf(z), 10);
  });

  it("the (s, nQ) cycle service level agrees with an independent 2-D integration", () => {
    // 1 − CSL = P(y − d − D_E < 0 | y − d ≤ s) with y ~ U(s, s+Q], d ~ N(μR, σ²R), D_E ~ N(μE, σ²E).
    const row: RowSpec = { mu: 30, sd: 12, L: 4, K: 40, kind: SERVICE_CYCLE, target: 0.93, R: 2 };
    const out = computePolicies(batch([row]), continuous);
    const s = out.reorderPoint[0];
    const Q = out.orderQuantity[0];
    const E = row.L - 1;
    const R = row.R as number;
    let ordered = 0;
    let short = 0;
    const ySteps = 400;
    const dSteps = 1200;
    for (let i = 0; i < ySteps; i++) {
      const y = s + ((i + 0.5) / ySteps) * Q;
      for (let k = 0; k < dSteps; k++) {
        const t = -9 + (18 * (k + 0.5)) / dSteps;
        const d = row.mu * R + row.sd * Math.sqrt(R) * t;
        if (y - d > s) continue;
        const w = Math.exp(-0.5 * t * t);
        ordered += w;
        short += w * (1 - normalCdfAt(y - d, row.mu * E, row.sd * Math.sqrt(E)));
      }
    }
    expect(out.expectedCycleServiceLevel[0]).toBeCloseTo(1 - short / ordered, 4);
    expect(out.expectedCycleServiceLevel[0]).toBeCloseTo(0.93, 9);
  });
});

describe("batch policy: lot sizes, rounding and guards", () => {
  it("rounds the EOQ to the order multiple, choosing the cheaper neighbour, and respects the MOQ", () => {
    // EOQ = √(2·50·7300/2.5) = 540.37; multiples of 50 → 500 (cost 730 + 625 = 1355) or 550
    // (663.6 + 687.5 = 1351.1): 550 is cheaper.
    const a = computePolicies(batch([{ mu: 20, sd: 5, L: 5, K: 50, kind: SERVICE_CYCLE, target: 0.95, mult: 50 }]));
    expect(a.orderQuantity[0]).toBe(550);
    const b = computePolicies(batch([{ mu: 20, sd: 5, L: 5, K: 50, kind: SERVICE_CYCLE, target: 0.95, moq: 600, mult: 25 }]));
    expect(b.orderQuantity[0]).toBe(600);
    const c = computePolicies(batch([{ mu: 20, sd: 5, L: 5, K: 50, kind: SERVICE_CYCLE, target: 0.95, moq: 610, mult: 25 }]));
    expect(c.orderQuantity[0]).toBe(625);
    // Whole units by default.
    expect(Number.isInteger(a.reorderPoint[0])).toBe(true);
  });

  it("always meets the target, rounds up, and lifts s with the target", () => {
    fc.assert(
      fc.property(
        fc.record({
          mu: fc.double({ min: 0.2, max: 500, noNaN: true }),
          cv: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
          L: fc.integer({ min: 1, max: 40 }),
          sdL: fc.constantFrom(0, 0.5, 3),
          K: fc.double({ min: 0, max: 200, noNaN: true }),
          kind: fc.constantFrom(SERVICE_CYCLE, SERVICE_FILL_RATE),
          target: fc.double({ min: 0.5, max: 0.995, noNaN: true }),
          moq: fc.constantFrom(0, 10, 100),
          mult: fc.constantFrom(0, 1, 12),
          R: fc.integer({ min: 1, max: 7 }),
        }),
        (r) => {
          const rows: RowSpec[] = [
            { ...r, sd: r.mu * r.cv },
            { ...r, sd: r.mu * r.cv, target: Math.min(0.999, r.target + 0.004) },
          ];
          const out = computePolicies(batch(rows));
          for (let i = 0; i < 2; i++) {
            expect(out.status[i]).toBe(POLICY_OK);
            const achieved = r.kind === SERVICE_CYCLE ? out.expectedCycleServiceLevel[i] : out.expectedFillRate[i];
            expect(achieved).toBeGreaterThanOrEqual(rows[i].target - 1e-9);
            expect(out.safetyStock[i]).toBeGreaterThanOrEqual(-1e-9);
            expect(out.orderQuantity[i]).toBeGreaterThanOrEqual(r.moq);
            if (r.mult > 0) expect(Math.abs(out.orderQuantity[i] / r.mult - Math.round(out.orderQuantity[i] / r.mult))).toBeLessThan(1e-9);
            expect(out.exact[i]).toBe(r.sdL > 0 ? 0 : 1);
            expect(out.inventoryInvestment[i]).toBeCloseTo(out.expectedOnHand[i] * 10, 9);
          }
          expect(out.reorderPoint[1]).toBeGreaterThanOrEqual(out.reorderPoint[0]);
        },
      ),
      { numRuns: 150, seed: 17 },
    );
  });

  it("lead-time variability raises the reorder point and is flagged approximate", () => {
    const out = computePolicies(
      batch([
        { mu: 50, sd: 10, L: 6, K: 30, kind: SERVICE_CYCLE, target: 0.95 },
        { mu: 50, sd: 10, L: 6, sdL: 2, K: 30, kind: SERVICE_CYCLE, target: 0.95 },
      ]),
    );
    expect(out.reorderPoint[1]).toBeGreaterThan(out.reorderPoint[0] + 50);
    expect(Array.from(out.exact)).toEqual([1, 0]);
  });

  it("flags invalid rows and zero-demand rows without failing the batch", () => {
    const out = computePolicies(
      batch([
        { mu: 10, sd: 2, L: 2, K: -1, kind: SERVICE_CYCLE, target: 0.9 },
        { mu: 10, sd: 2, L: 2, K: 1, kind: SERVICE_CYCLE, target: 1 },
        { mu: 0, sd: 0, L: 2, K: 1, kind: SERVICE_FILL_RATE, target: 0.9 },
        { mu: 10, sd: 2, L: 2, K: 1, kind: 7, target: 0.9 },
        { mu: 10, sd: 2, L: 2, K: 1, kind: SERVICE_FILL_RATE, target: 0.9 },
      ]),
    );
    expect(Array.from(out.status)).toEqual([
      POLICY_INVALID_INPUT,
      POLICY_INVALID_INPUT,
      POLICY_ZERO_DEMAND,
      POLICY_INVALID_INPUT,
      POLICY_OK,
    ]);
    expect(Number.isNaN(out.reorderPoint[0])).toBe(true);
    expect(out.inventoryInvestment[2]).toBe(0);
  });
});

describe("trade-off curve", () => {
  it("investment rises with the target and achieved service meets it", () => {
    const input = batch([
      { mu: 20, sd: 6, L: 4, K: 20, kind: SERVICE_CYCLE, target: 0.9, cost: 12 },
      { mu: 3, sd: 2, L: 10, K: 50, kind: SERVICE_FILL_RATE, target: 0.95, cost: 150 },
      { mu: 200, sd: 40, L: 2, K: 5, kind: SERVICE_CYCLE, target: 0.8, cost: 1 },
    ]);
    const targets = [0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 0.995];
    for (const kind of [SERVICE_CYCLE, SERVICE_FILL_RATE]) {
      const curve = tradeOffCurve(input, targets, kind, continuous);
      for (let t = 0; t < targets.length; t++) {
        expect(curve.achievedService[t]).toBeGreaterThanOrEqual(targets[t] - 1e-9);
        if (t > 0) expect(curve.investment[t]).toBeGreaterThanOrEqual(curve.investment[t - 1] - 1e-9);
      }
      // Equals the sum of the per-row investments at the same target.
      const single = computePolicies(input, continuous, undefined, targets[3], kind);
      expect(curve.investment[3]).toBeCloseTo(single.inventoryInvestment.reduce((a, b) => a + b, 0), 9);
    }
  });
});
