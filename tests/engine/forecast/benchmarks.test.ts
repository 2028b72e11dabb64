import { describe, expect, it } from "vitest";
import { driftForecast, naive2Forecast, naiveForecast, seasonalNaiveForecast } from "../../../src/server/engine/forecast/benchmarks.ts";
import { classicalSeasonalIndices, isSeasonal, seasonallyAdjust } from "../../../src/server/engine/forecast/seasonality.ts";

const y = (values: number[]) => Float64Array.from(values);

describe("naive, seasonal naive and drift (fpp3 Table 5.2)", () => {
  it("naive repeats the last value with sd σ√h", () => {
    const f = naiveForecast(y([1, 3, 4, 7]), 3);
    expect([...f.mean]).toEqual([7, 7, 7]);
    const sigma = Math.sqrt((4 + 1 + 9) / 3); // differences 2, 1, 3
    expect(f.sd[0]).toBeCloseTo(sigma, 12);
    expect(f.sd[2]).toBeCloseTo(sigma * Math.sqrt(3), 12);
    expect(f.fitted[0]).toBeNaN();
    expect(f.fitted[3]).toBe(4);
  });

  it("seasonal naive repeats the last cycle", () => {
    const f = seasonalNaiveForecast(y([1, 2, 3, 4, 5, 6]), 4, { period: 3 });
    expect([...f.mean]).toEqual([4, 5, 6, 4]);
  });

  it("drift extends the first-to-last line; sd = σ√(h(1+h/(n−1)))", () => {
    const f = driftForecast(y([1, 3, 4, 7]), 2);
    expect([...f.mean]).toEqual([9, 11]); // slope (7−1)/3 = 2
    // Residuals y_t − y_{t−1} − 2 = 0, −1, 1 → σ² = 2/(n−2) = 1.
    expect(f.sd[0]).toBeCloseTo(Math.sqrt(1 + 1 / 3), 12);
    expect(f.sd[1]).toBeCloseTo(Math.sqrt(2 * (1 + 2 / 3)), 12);
  });
});

describe("seasonality test and classical decomposition (M4 guide)", () => {
  it("the 90% test needs |r_m| > 1.645·√((1+2Σr_k²)/n): 3 cycles of 1,2,3 fall short, 5 pass", () => {
    // r = −1/3, −1/2, 2/3 (hand computed); limit = 1.645/3·√(1 + 2(1/9 + 1/4)) = 0.7196 > 2/3.
    expect(isSeasonal([1, 2, 3, 1, 2, 3, 1, 2, 3], 3)).toBe(false);
    expect(isSeasonal([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], 3)).toBe(true);
    expect(isSeasonal([1, 2, 3, 1, 2], 3)).toBe(false); // n < 3m
  });

  it("recovers known multiplicative seasonal indices exactly", () => {
    const indices = [0.8, 1.2, 0.9, 1.1];
    const series = Array.from({ length: 16 }, (_, t) => 100 * indices[t % 4]);
    const est = classicalSeasonalIndices(series, 4, true);
    indices.forEach((s, p) => expect(est[p]).toBeCloseTo(s, 12));
  });

  it("recovers known additive indices (zero mean) when asked for additive decomposition", () => {
    const indices = [-3, 1, 4, -2];
    const series = Array.from({ length: 12 }, (_, t) => 50 + 0.5 * t + indices[t % 4]);
    const est = classicalSeasonalIndices(series, 4, false);
    indices.forEach((s, p) => expect(est[p]).toBeCloseTo(s, 10));
  });

  it("Naive2 forecasts the deseasonalised last value times the known indices", () => {
    const indices = [0.8, 1.2, 0.9, 1.1];
    // Ten cycles so the 90% autocorrelation test detects the seasonality (four are not enough here).
    const series = y(Array.from({ length: 40 }, (_, t) => 100 * indices[t % 4]));
    expect(isSeasonal(series, 4)).toBe(true);
    const f = naive2Forecast(series, 6, { period: 4 });
    [80, 120, 90, 110, 80, 120].forEach((v, k) => expect(f.mean[k]).toBeCloseTo(v, 9));
    // Without seasonality Naive2 is naive.
    expect([...naive2Forecast(y([5, 6, 7]), 2, { period: 1 }).mean]).toEqual([7, 7]);
  });

  it("uses additive adjustment when the series has zeros or negatives", () => {
    const series = y(Array.from({ length: 24 }, (_, t) => [-5, 0, 5, 10][t % 4] + t * 0));
    const adj = seasonallyAdjust(series, 4);
    expect(adj.multiplicative).toBe(false);
    expect(adj.indices).not.toBeNull();
    for (const v of adj.adjusted) expect(v).toBeCloseTo(2.5, 9);
  });
});
