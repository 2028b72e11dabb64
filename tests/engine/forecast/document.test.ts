import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { forecastDocumentSchema, forecastMethodNames, forecastRequestSchema } from "../../../src/schemas/forecast.ts";
import { forecastDocument } from "../../../src/server/services/forecast-document.ts";
import { backtest } from "../../../src/server/engine/forecast/backtest.ts";
import { DEFAULT_POOL, defaultRegistry, forecastSeries } from "../../../src/server/engine/forecast/index.ts";
import { smape } from "../../../src/server/engine/forecast/metrics.ts";
import { seededNormal } from "../../../src/server/engine/forecast/stats.ts";

type Item = { id: string | null; method?: string; mean?: number[]; lower?: Record<string, number[]>; upper?: Record<string, number[]>; error?: { path: string; message: string } };
const run = (doc: unknown) => forecastDocument(forecastDocumentSchema.parse(doc)).forecasts as Item[];
const err = (a: ArrayLike<number>, b: ArrayLike<number>) => smape(Float64Array.from(a), Float64Array.from(b));

describe("global ML model through the forecast document", () => {
  // Every series shares one dynamic — a 6-step cycle around its own level — at its own phase and scale.
  const e = seededNormal(3);
  const cycle = (n: number, phase: number, level: number) =>
    Array.from({ length: n }, (_, t) => level * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 6 + phase)) + 0.5 * e());
  const others = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, values: cycle(60, 0.7 * i, 50 + 10 * i) }));
  const full = cycle(16, 1.3, 80);
  const short = { id: "short", values: full.slice(0, 10) };
  const truth = full.slice(10);

  it('"ridge-global" is trained across the document\'s series: a short series borrows the others\' pattern', () => {
    expect(forecastMethodNames).toContain("ridge-global");
    const out = run({ horizon: 6, method: "ridge-global", series: [...others, short, { id: "tiny", values: [1, 2, 3] }] });
    expect(out).toHaveLength(32);
    const s = out.find((f) => f.id === "short")!;
    expect(s.method).toBe("ridge-global");
    expect(s.mean).toHaveLength(6);
    expect(Object.keys(s.lower!)).toEqual(["80", "95"]);
    for (let k = 0; k < 6; k++) expect(s.lower!["95"]![k]!).toBeLessThan(s.upper!["95"]![k]!);
    expect(err(truth, s.mean!)).toBeLessThan(2);
    // A series too short for the model's lags fails alone.
    expect(out.at(-1)).toEqual({ id: "tiny", error: { path: "$.series[31].values", message: "ridge-global needs at least 9 values, got 3" } });
    // Alone in a document, the same series has only its own 10 values to learn from.
    const alone = run({ horizon: 6, method: "ridge-global", series: [short] })[0]!;
    expect(alone.mean).toHaveLength(6);
    expect(err(truth, alone.mean!)).toBeGreaterThan(5 * err(truth, s.mean!));
  });
});

describe("MSTL with several seasonal periods through the forecast document", () => {
  // Three years of daily demand: trend, a weekly pattern, a yearly wave and noise; 8 weeks to forecast.
  const e = seededNormal(11);
  const weekly = [1.2, 1.1, 1.0, 1.0, 0.9, 0.7, 0.6];
  const n = 3 * 365;
  const h = 56;
  const daily = Array.from({ length: n + h }, (_, t) => 200 + 0.02 * t + 20 * (weekly[t % 7]! - 0.93) + 30 * Math.sin((2 * Math.PI * t) / 365) + 3 * e());
  const train = daily.slice(0, n);
  const test = daily.slice(n);

  it("uses the weekly and the yearly cycle when both are given", () => {
    const [both, weeklyOnly] = run({
      horizon: h,
      method: "mstl",
      series: [
        { id: "both", values: train, seasonalPeriods: [7, 365] },
        { id: "weekly", values: train, seasonalPeriods: [7] },
      ],
    });
    expect(both!.method).toBe("mstl");
    expect(both!.mean).toHaveLength(h);
    expect(err(test, both!.mean!)).toBeLessThan(1.5);
    expect(err(test, both!.mean!)).toBeLessThan(0.75 * err(test, weeklyOnly!.mean!));
  });

  it('"auto" with seasonal periods considers MSTL (on three years although others see 300 days)', () => {
    const [withCycles, plain] = run({
      horizon: h,
      series: [
        { id: "cycles", values: train, seasonalPeriods: [7, 365] },
        { id: "plain", values: train, period: 7 },
      ],
    });
    expect(withCycles!.method).toMatch(/mstl/);
    expect(plain!.method).not.toMatch(/mstl/);
    expect(err(test, withCycles!.mean!)).toBeLessThan(err(test, plain!.mean!));
  });

  it("rejects a bad seasonal period for that series only", () => {
    const out = run({ horizon: 2, method: "mstl", series: [{ id: "bad", values: [1, 2, 3, 4, 5], seasonalPeriods: [7, 0] }, { id: "ok", values: [1, 2, 3, 4, 5] }] });
    expect(out[0]).toEqual({ id: "bad", error: { path: "$.series[0].seasonalPeriods[1]", message: expect.any(String) } });
    expect(out[1]!.mean).toHaveLength(2);
  });

  it("publishes seasonalPeriods and the new methods in schemas/forecast.schema.json (regenerated)", () => {
    const published = JSON.parse(readFileSync(new URL("../../../schemas/forecast.schema.json", import.meta.url), "utf8"));
    const generated = JSON.parse(JSON.stringify({ ...z.toJSONSchema(forecastRequestSchema, { io: "input" }), title: "scp forecast request" }));
    expect(published).toEqual(generated);
    expect(published.properties.series.items.properties.seasonalPeriods.items).toMatchObject({ type: "integer", minimum: 1 });
    expect(published.properties.method.enum).toEqual(expect.arrayContaining(["ridge-global", "mean-ets-theta-arima", "median-ets-theta-arima", "arima-fast"]));
  });
});

describe("ETS–Theta–ARIMA combinations", () => {
  const e = seededNormal(21);
  const shape = [0.9, 1.0, 1.2, 0.9];
  const y = Array.from({ length: 48 }, (_, t) => (100 + 2 * t) * shape[t % 4]! + 2 * e());

  it("are named methods of the document, and the mean one is in the default pool", () => {
    const [mean, median] = run({ horizon: 4, method: "mean-ets-theta-arima", series: [{ id: "q", values: y, period: 4 }] }).concat(
      run({ horizon: 4, method: "median-ets-theta-arima", series: [{ id: "q", values: y, period: 4 }] }),
    );
    expect(mean!.method).toBe("mean-ets-theta-arima");
    expect(median!.method).toBe("median-ets-theta-arima");
    // The mean is the average of the three members' forecasts.
    const parts = ["ets", "theta", "arima-fast"].map((m) => forecastSeries(y, { horizon: 4, period: 4, method: m, backtestWindows: 0 }).mean);
    for (let k = 0; k < 4; k++) expect(mean!.mean![k]).toBeCloseTo((parts[0]![k]! + parts[1]![k]! + parts[2]![k]!) / 3, 9);
    const sorted = [0, 1, 2, 3].map((k) => parts.map((p) => p[k]!).sort((a, b) => a - b)[1]!);
    for (let k = 0; k < 4; k++) expect(median!.mean![k]).toBeCloseTo(sorted[k]!, 9);
    expect(DEFAULT_POOL).toEqual(expect.arrayContaining(["arima-fast", "mean-ets-theta-arima"]));
  });

  it("the selector scores the combination from its members' runs exactly as a standalone backtest would", () => {
    const series = Float64Array.from(y);
    const auto = forecastSeries(series, { horizon: 4, period: 4, pool: ["mean-ets-theta-arima", "naive"], combine: 1, levels: [] });
    const candidate = auto.candidates.find((c) => c.method === "mean-ets-theta-arima")!;
    const direct = backtest(series, defaultRegistry.get("mean-ets-theta-arima")!, { horizon: 4, windows: 3, period: 4 });
    expect(candidate.backtest.mae).toBeCloseTo(direct.mae, 9);
    expect(candidate.backtest.smape).toBeCloseTo(direct.smape, 9);
  });
});
