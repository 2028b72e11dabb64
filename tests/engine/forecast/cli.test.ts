import { describe, expect, it } from "vitest";
import { run } from "../../../src/cli/commands/forecast.ts";

type Output = { forecasts: Array<{ id: string | null; method?: string; mean?: number[]; lower?: Record<string, number[]>; upper?: Record<string, number[]>; error?: { path: string; message: string } }> };

describe("scp forecast", () => {
  it("forecasts good series and reports bad ones per series with a JSON path (exit 0)", async () => {
    const result = await run({
      horizon: 3,
      method: "auto",
      level: [80, 95],
      series: [
        { id: "ok", values: [10, 12, 13, 12, 15, 16, 18, 17, 19, 21, 22, 21] },
        { id: "text", values: [1, "x", 3] },
        { id: "short", values: [5] },
        { id: "quarterly", values: [5, 9, 7, 3, 6, 10, 8, 4, 7, 11, 9, 5, 8, 12, 10, 6], period: 4 },
        { id: "h0", values: [1, 2, 3, 4], horizon: 0 },
      ],
    });
    expect(result.exitCode).toBe(0);
    const out = result.output as Output;
    expect(out.forecasts).toHaveLength(5);
    const [ok, text, short, quarterly, h0] = out.forecasts;
    expect(ok.id).toBe("ok");
    expect(ok.mean).toHaveLength(3);
    expect(Object.keys(ok.lower!)).toEqual(["80", "95"]);
    expect(ok.upper!["95"]).toHaveLength(3);
    expect(text.error?.path).toBe("$.series[1].values[1]");
    expect(short.error?.path).toBe("$.series[2].values");
    expect(short.error?.message).toMatch(/at least 2/);
    // Pattern 5, 9, 7, 3 rising by 1 a year: next quarters ≈ 9, 13, 11 — the second is the peak.
    expect(quarterly.mean![1]).toBeGreaterThan(quarterly.mean![0]);
    expect(quarterly.mean![1]).toBeGreaterThan(quarterly.mean![2]);
    expect(h0.error?.path).toBe("$.series[4].horizon");
  });

  it("names the method and rejects values too short for it", async () => {
    const result = await run({ horizon: 2, method: "holt", series: [{ id: "a", values: [1, 2, 3] }, { id: "b", values: [1, 2, 3, 4, 5, 6, 7] }] });
    const out = result.output as Output;
    expect(out.forecasts[0].error?.message).toBe("holt needs at least 5 values, got 3");
    expect(out.forecasts[1].method).toBe("holt");
    expect(out.forecasts[1].mean![0]).toBeCloseTo(8, 6);
  });

  it("runs the global ML model and the ETS–Theta–ARIMA combination by name", async () => {
    const lines = Array.from({ length: 8 }, (_, i) => ({ id: `l${i}`, values: Array.from({ length: 24 }, (_, t) => 10 * (i + 1) + (i + 1) * t) }));
    for (const method of ["ridge-global", "mean-ets-theta-arima"]) {
      const result = await run({ horizon: 3, method, series: lines });
      expect(result.exitCode).toBe(0);
      const out = result.output as Output;
      expect(out.forecasts.map((f) => f.method)).toEqual(lines.map(() => method));
      // Straight lines: both continue l0 (10, 11, …, 33) upwards, near 34, 35, 36.
      const mean = out.forecasts[0].mean!;
      for (let k = 0; k < 3; k++) expect(Math.abs(mean[k] / (34 + k) - 1)).toBeLessThan(0.1);
      expect(mean[2]).toBeGreaterThan(mean[0]);
    }
  });

  it("rejects an invalid document as a whole (exit 1)", async () => {
    const result = await run({ horizon: 0, method: "magic", series: [] });
    expect(result.exitCode).toBe(1);
    const paths = (result.output as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["$.horizon", "$.method", "$.series"]));
  });
});
