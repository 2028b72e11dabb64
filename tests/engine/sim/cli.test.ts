/**
 * `scp simulate`: runs the example, is deterministic to the byte, and rejects bad input naming
 * the JSON path of each error (schema and semantic errors).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../../src/cli/commands/simulate.ts";

const example = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../../examples/small-network.json"), "utf8"));

describe("scp simulate", () => {
  it("runs the small example network", async () => {
    const result = await run(example);
    expect(result.exitCode).toBe(0);
    const out = result.output as {
      kpis: { fillRate: number; demandUnits: number };
      pnl: { revenue: number; profit: number };
      series: { labels: string[]; network: Record<string, number[]> };
      costSummary: { total: number; byType: Record<string, number> };
    };
    // 91 days from Monday 2026-03-02 are 13 ISO weeks.
    expect(out.series.labels.length).toBe(13);
    expect(out.series.labels[0]).toBe("2026-W10");
    expect(out.kpis.fillRate).toBeGreaterThan(0.5);
    expect(out.kpis.fillRate).toBeLessThanOrEqual(1);
    // Bucketed flows add up to the KPI totals (warm-up is one whole week, bucket 0).
    const demand = out.series.network.demand.slice(1).reduce((a, b) => a + b, 0);
    expect(demand).toBeCloseTo(out.kpis.demandUnits, 6);
    expect(out.costSummary.byType.production).toBeGreaterThan(0);
  });

  it("gives byte-identical output for the same input and seed", async () => {
    const a = JSON.stringify((await run(example)).output);
    const b = JSON.stringify((await run(structuredClone(example))).output);
    expect(a).toBe(b);
    const c = JSON.stringify((await run({ ...example, seed: 8 })).output);
    expect(c).not.toBe(a);
  });

  it("names the JSON path of schema errors", async () => {
    const bad = structuredClone(example);
    bad.horizonDays = 0;
    bad.policies[2].orderUpTo = "forty";
    bad.bucket = "year";
    const result = await run(bad);
    expect(result.exitCode).toBe(1);
    const paths = (result.output as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["$.horizonDays", "$.policies[2].orderUpTo", "$.bucket"]));
  });

  it("names the JSON path of semantic errors", async () => {
    const bad = structuredClone(example);
    bad.network.lanes[3].to = "STORE-X";
    bad.demand[1].location = "NOWHERE";
    const result = await run(bad);
    expect(result.exitCode).toBe(1);
    const paths = (result.output as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["$.network.lanes[3].to", "$.demand[1].location"]));
  });
});
