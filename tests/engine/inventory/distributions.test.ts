import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  convolvePower,
  discreteLossTable,
  empiricalIntegerDistribution,
  logFactorial,
  normCdf,
  normInv,
  normLoss,
  normLoss2,
  normLossInv,
  normPdf,
  normUpperTail,
  normalLossCdf,
  poissonCdf,
  poissonDistribution,
  poissonPmf,
  tableComplementaryLoss,
  tableLoss,
} from "../../../src/server/engine/inventory/distributions.ts";

/**
 * Independent references for the normal tail, written differently from the engine:
 * - |z| ≤ 5: Φ(z) = ½ + φ(z)·Σ z^(2n+1)/(1·3·5···(2n+1)) (Abramowitz & Stegun 26.2.11), a series of
 *   positive terms with no cancellation, so Q = 1 − Φ is good to ~1e-16 absolute;
 * - z ≥ 3: the Mills-ratio continued fraction evaluated forwards with Lentz's method to 1e-17.
 */
function seriesCdf(z: number): number {
  let term = z;
  let sum = z;
  for (let n = 1; n < 500 && Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
    term *= (z * z) / (2 * n + 1);
    sum += term;
  }
  return 0.5 + normPdf(z) * sum;
}

function lentzUpperTail(z: number): number {
  // R(z) = 1/(z+ 1/(z+ 2/(z+ 3/(z+ …)))) ; Q = φ(z)·R(z).
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    d = z + k * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = z + k / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return normPdf(z) / f;
}

describe("standard normal", () => {
  it("matches published values of Φ and its quantiles", () => {
    // Φ(1), Φ(2), Φ(3), Φ(1.96) to 16 digits (e.g. NIST/SEMATECH e-Handbook, A&S Table 26.1).
    expect(normCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normCdf(2)).toBeCloseTo(0.9772498680518208, 15);
    expect(normCdf(3)).toBeCloseTo(0.9986501019683699, 15);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normCdf(0)).toBe(0.5);
    // Standard critical values.
    expect(normInv(0.95)).toBeCloseTo(1.6448536269514722, 13);
    expect(normInv(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normInv(0.99)).toBeCloseTo(2.3263478740408408, 13);
    expect(normInv(0.5)).toBe(0);
  });

  it("agrees with an independent series to 1e-14 on |z| ≤ 5", () => {
    for (let z = -5; z <= 5; z += 0.0625) {
      expect(Math.abs(normCdf(z) - seriesCdf(z))).toBeLessThan(1e-14);
    }
  });

  it("keeps ≤ 1e-12 relative accuracy in the far tail (continued fraction reference)", () => {
    for (let z = 3; z <= 37; z += 0.25) {
      const ref = lentzUpperTail(z);
      expect(Math.abs(normUpperTail(z) / ref - 1)).toBeLessThan(1e-12);
      expect(Math.abs(normCdf(-z) / ref - 1)).toBeLessThan(1e-12);
    }
  });

  it("inverts Φ to 1e-9 relative in p over the whole range", () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 8, noNaN: true }), (z) => {
        const p = normCdf(z);
        if (p <= 0 || p >= 1) return;
        const back = normInv(p);
        expect(Math.abs(normCdf(back) / p - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 500, seed: 7 },
    );
    for (const p of [1e-300, 1e-100, 1e-10, 1e-3, 0.02425, 0.3, 0.7, 0.97575, 0.999, 1 - 1e-12]) {
      expect(Math.abs(normCdf(normInv(p)) / p - 1)).toBeLessThan(1e-9);
    }
  });

  it("loss functions satisfy their defining identities", () => {
    // L(0) = φ(0) and L₂(0) = ½E[(Z⁺)²] = ¼ (S&S eqs. C.22–C.23).
    expect(normLoss(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normLoss2(0)).toBeCloseTo(0.25, 15);
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) => {
        // L(−z) − L(z) = z, since (Z + z)⁺ − (Z − z)⁺ … integrates to E[Z + z] − … = z.
        expect(normLoss(-z) - normLoss(z)).toBeCloseTo(z, 12);
        // L′ = −(1 − Φ) and L₂′ = −L, by central differences.
        const h = 1e-5;
        expect((normLoss(z + h) - normLoss(z - h)) / (2 * h)).toBeCloseTo(-normUpperTail(z), 7);
        expect((normLoss2(z + h) - normLoss2(z - h)) / (2 * h)).toBeCloseTo(-normLoss(z), 7);
        // Inverse of the loss.
        const v = normLoss(z);
        if (v > 1e-300) expect(normLossInv(v)).toBeCloseTo(z, 8);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("fused loss/cdf evaluation equals the separate functions", () => {
    const out = new Float64Array(2);
    for (const x of [-30, -3, 0, 2.5, 10, 50]) {
      normalLossCdf(x, 4, 7, out);
      expect(out[0]).toBeCloseTo(7 * normLoss((x - 4) / 7), 13);
      expect(out[1]).toBeCloseTo(normCdf((x - 4) / 7), 15);
    }
  });
});

describe("Poisson and discrete distributions", () => {
  it("Poisson pmf/cdf match direct evaluation", () => {
    // P(D ≤ 8 | mean 6) = e⁻⁶ Σ_{k≤8} 6ᵏ/k!, summed here with exact factorials.
    let direct = 0;
    let fact = 1;
    for (let k = 0; k <= 8; k++) {
      if (k > 0) fact *= k;
      direct += (Math.exp(-6) * 6 ** k) / fact;
    }
    expect(poissonCdf(8, 6)).toBeCloseTo(direct, 14);
    expect(poissonCdf(8, 6)).toBeCloseTo(0.8472374939845613, 12);
    expect(poissonPmf(0, 2.5)).toBeCloseTo(Math.exp(-2.5), 15);
    // Stirling branch of ln k! against the summed table value.
    let sumLog = 0;
    for (let k = 2; k <= 300; k++) sumLog += Math.log(k);
    expect(logFactorial(300)).toBeCloseTo(sumLog, 9);
  });

  it("truncated Poisson tables keep all the mass and the right loss function", () => {
    for (const mean of [0.3, 6, 150]) {
      const t = discreteLossTable(poissonDistribution(mean));
      expect(t.cdf[t.cdf.length - 1]).toBeCloseTo(1, 13);
      expect(t.mean).toBeCloseTo(mean, 10);
      for (const x of [-2, 0, Math.round(mean), Math.round(mean + 3 * Math.sqrt(mean))]) {
        let direct = 0;
        for (let k = 0; k < mean + 60 * Math.sqrt(mean) + 60; k++) direct += Math.max(0, k - x) * poissonPmf(k, mean);
        expect(tableLoss(t, x)).toBeCloseTo(direct, 9);
        expect(tableComplementaryLoss(t, x)).toBeCloseTo(x - mean + direct, 9);
      }
    }
  });

  it("convolution powers of Poisson are Poisson", () => {
    const p3 = convolvePower(poissonDistribution(2), 3);
    for (let k = 0; k < 20; k++) {
      const i = k - p3.offset;
      const value = i >= 0 && i < p3.pmf.length ? p3.pmf[i] : 0;
      expect(value).toBeCloseTo(poissonPmf(k, 6), 13);
    }
  });

  it("empirical distributions weight each sample equally", () => {
    const d = empiricalIntegerDistribution([3, 1, 3, 7]);
    expect(d.offset).toBe(1);
    expect(Array.from(d.pmf)).toEqual([0.25, 0, 0.5, 0, 0, 0, 0.25]);
  });
});
