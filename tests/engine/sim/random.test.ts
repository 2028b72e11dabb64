/**
 * Random streams and distributions against published values and moments.
 */
import { describe, expect, it } from "vitest";
import {
  createStreams,
  meanInterval,
  nextUniform,
  normalCdf,
  normalQuantile,
  negativeBinomialTable,
  poissonTable,
  sampleGamma,
  sampleStandardNormal,
  sampleTable,
  studentT975,
} from "../../../src/server/engine/random/index.ts";

describe("special functions", () => {
  it("match standard normal and Student-t tables", () => {
    // Abramowitz & Stegun table 26.1 / any z-table: Φ(1.96) = 0.975002, Φ(-1) = 0.158655.
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    // t(0.975; 10) = 2.228, t(0.975; 60) = 2.000, t(0.975; 120) = 1.980.
    expect(studentT975(10)).toBe(2.228);
    expect(studentT975(60)).toBeCloseTo(2.0003, 3);
    expect(studentT975(120)).toBeCloseTo(1.9799, 3);
  });
});

describe("distributions", () => {
  const n = 200_000;
  const state = createStreams(1, 2024, 0);

  it("Poisson and negative binomial tables have the right mean and variance", () => {
    const moments = (values: Float64Array, cdf: Float64Array) => {
      let mean = 0, second = 0, prev = 0;
      for (let k = 0; k < values.length; k++) {
        const p = cdf[k] - prev;
        prev = cdf[k];
        mean += p * values[k];
        second += p * values[k] * values[k];
      }
      return { mean, variance: second - mean * mean };
    };
    const p = poissonTable(12.5);
    expect(moments(p.values, p.cdf).mean).toBeCloseTo(12.5, 9);
    expect(moments(p.values, p.cdf).variance).toBeCloseTo(12.5, 8);
    const big = poissonTable(2000);
    expect(moments(big.values, big.cdf).mean).toBeCloseTo(2000, 6);
    const nb = negativeBinomialTable(4, 10);
    expect(moments(nb.values, nb.cdf).mean).toBeCloseTo(4, 9);
    expect(moments(nb.values, nb.cdf).variance).toBeCloseTo(10, 8);
  });

  it("samplers reproduce the moments (within 4 standard errors)", () => {
    const check = (draw: () => number, mean: number, sd: number) => {
      const xs = new Float64Array(n);
      for (let i = 0; i < n; i++) xs[i] = draw();
      const ci = meanInterval(xs);
      expect(Math.abs(ci.mean - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
      expect(ci.standardDeviation / sd).toBeGreaterThan(0.98);
      expect(ci.standardDeviation / sd).toBeLessThan(1.02);
    };
    check(() => nextUniform(state, 0), 0.5, Math.sqrt(1 / 12));
    check(() => sampleStandardNormal(state, 0), 0, 1);
    check(() => sampleGamma(state, 0, 2.5, 3), 7.5, Math.sqrt(2.5) * 3);
    check(() => sampleGamma(state, 0, 0.4, 1), 0.4, Math.sqrt(0.4));
    const table = poissonTable(3.3);
    check(() => sampleTable(table, nextUniform(state, 0)), 3.3, Math.sqrt(3.3));
  });

  it("streams are reproducible and independent across keys and replications", () => {
    const a = createStreams(3, 7, 0, [11, 12, 11]);
    const b = createStreams(3, 7, 1, [11, 12, 11]);
    const seq = (s: Int32Array, i: number) => Array.from({ length: 5 }, () => nextUniform(s, i * 4));
    const a0 = seq(a, 0);
    expect(seq(a, 2)).toEqual(a0);
    expect(seq(a, 1)).not.toEqual(a0);
    expect(seq(b, 0)).not.toEqual(a0);
  });
});
