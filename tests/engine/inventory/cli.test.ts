import { describe, expect, it } from "vitest";
import { run } from "../../../src/cli/commands/inventory.ts";

type Output = Record<string, unknown> & { errors?: { path: string; message: string }[] };

async function call(input: unknown): Promise<{ output: Output; exitCode: number }> {
  const r = await run(input);
  return { output: r.output as Output, exitCode: r.exitCode };
}

describe("scp inventory: one model per request", () => {
  it("solves every model with the documented output fields", async () => {
    const cases: [unknown, Record<string, unknown>][] = [
      [{ model: "eoq", fixedCost: 8, holdingCost: 0.225, demandRate: 1300 }, { orderQuantity: 304.0467800264368 }],
      [{ model: "eoq", fixedCost: 8, holdingCost: 0.225, demandRate: 1300, stockoutCost: 5 }, { stockoutFraction: 0.043062200956937795 }],
      [
        { model: "eoq_discount", fixedCost: 8, holdingRate: 0.3, demandRate: 1300, breakpoints: [0, 400, 800], unitCosts: [0.75, 0.72, 0.68] },
        { orderQuantity: 800, region: 2 },
      ],
      [{ model: "wagner_whitin", fixedCost: 500, holdingCost: 2, demand: [90, 120, 80, 70] }, { orders: [210, 0, 150, 0], cost: 1380 }],
      [{ model: "silver_meal", fixedCost: 500, holdingCost: 2, demand: [90, 120, 80, 70] }, { orders: [290, 0, 0, 70], exact: false }],
      [{ model: "newsvendor", holdingCost: 0.18, stockoutCost: 0.7, demand: { dist: "normal", mean: 50, sd: 8 } }, {}],
      [{ model: "base_stock", holdingCost: 1, stockoutCost: 4, demand: { dist: "poisson", mean: 6 } }, { baseStockLevel: 8 }],
      [{ model: "ss", holdingCost: 1, stockoutCost: 4, fixedCost: 5, demand: { dist: "poisson", mean: 6 } }, { s: 4, S: 10 }],
      [{ model: "rq", holdingCost: 20, stockoutCost: 150, fixedCost: 100, demand: { dist: "poisson", mean: 1.5 }, leadTime: 2 }, { r: 3, Q: 5, exact: true }],
      [
        { model: "rq", holdingCost: 0.225, stockoutCost: 7.5, fixedCost: 8, demand: { dist: "normal", mean: 1300, sd: 150 }, leadTime: 1 / 12, method: "eil" },
        { exact: false, method: "eil" },
      ],
      [
        {
          model: "serial",
          stages: [
            { echelonHoldingCost: 3, leadTime: 1 },
            { echelonHoldingCost: 2, leadTime: 1 },
            { echelonHoldingCost: 2, leadTime: 2 },
          ],
          stockoutCost: 37.12,
          demand: { dist: "normal", mean: 5, sd: 1 },
        },
        { exact: true },
      ],
      [
        {
          model: "gsm",
          z: 1,
          nodes: [
            { id: 1, holdingCost: 1, processingTime: 2, externalInboundServiceTime: 1 },
            { id: 2, holdingCost: 3, processingTime: 1, demandSd: 1, maxOutboundServiceTime: 0 },
            { id: 3, holdingCost: 2, processingTime: 1 },
            { id: 4, holdingCost: 3, processingTime: 1, demandSd: 1, maxOutboundServiceTime: 1 },
          ],
          edges: [
            [1, 3],
            [3, 2],
            [3, 4],
          ],
        },
        { serviceTimes: { "1": 0, "2": 0, "3": 0, "4": 1 } },
      ],
      [
        {
          model: "policy",
          rows: [
            { id: "A", demandMean: 20, demandSd: 5, leadTimeMean: 5, unitCost: 10, holdingRate: 0.25, orderingCost: 50, serviceKind: "cycle", serviceTarget: 0.95 },
          ],
          tradeOff: { kind: "cycle", targets: [0.9, 0.99] },
        },
        {},
      ],
    ];
    for (const [input, expected] of cases) {
      const { output, exitCode } = await call(input);
      expect(exitCode, JSON.stringify(output)).toBe(0);
      expect(output.model).toBe((input as { model: string }).model);
      for (const [key, value] of Object.entries(expected)) {
        if (typeof value === "number") expect(output[key] as number).toBeCloseTo(value, 9);
        else expect(output[key]).toEqual(value);
      }
      expect(typeof output.exact === "boolean" || Array.isArray(output.policies)).toBe(true);
    }
  });

  it("reports the policy rows and the trade-off curve", async () => {
    const { output } = await call({
      model: "policy",
      rows: [
        { id: "A@X", demandMean: 20, demandSd: 5, leadTimeMean: 5, unitCost: 10, holdingRate: 0.25, orderingCost: 50, serviceKind: "fill_rate", serviceTarget: 0.99, minOrderQuantity: 100, orderMultiple: 10 },
      ],
      tradeOff: { kind: "cycle", targets: [0.8, 0.9, 0.99] },
    });
    const policies = output.policies as Record<string, number | string | boolean>[];
    expect(policies[0].id).toBe("A@X");
    expect(policies[0].status).toBe("ok");
    expect(policies[0].expectedFillRate as number).toBeGreaterThanOrEqual(0.99);
    expect((policies[0].orderQuantity as number) % 10).toBe(0);
    const curve = output.tradeOff as { investment: number }[];
    expect(curve).toHaveLength(3);
    expect(curve[2].investment).toBeGreaterThan(curve[0].investment);
  });
});

describe("scp inventory: model validate", () => {
  it("simulates a recommendation another model output and judges its promises", async () => {
    const bs = await call({ model: "base_stock", holdingCost: 1, stockoutCost: 9, demand: { dist: "poisson", mean: 4 }, leadTime: 2 });
    expect(bs.exitCode).toBe(0);
    const { output, exitCode } = await call({
      model: "validate",
      policy: { type: "base_stock", baseStockLevel: bs.output.baseStockLevel },
      demand: { dist: "poisson", mean: 4 },
      leadTime: 2,
      holdingCost: 1,
      stockoutCost: 9,
      promised: { fillRate: bs.output.fillRate, periodServiceLevel: bs.output.inStockProbability, costPerDay: bs.output.cost },
      replications: 10,
      horizonDays: 5000,
      warmupDays: 200,
      seed: 3,
    });
    expect(exitCode, JSON.stringify(output)).toBe(0);
    expect(output).toMatchObject({ model: "validate", laneLeadTimeDays: 3, replications: 10, horizonDays: 5000, warmupDays: 200, seed: 3 });
    const metrics = output.metrics as Record<string, { mean: number; low: number; high: number; promised: number | null; withinCi: boolean | null }>;
    expect(Object.keys(metrics).sort()).toEqual(["averageOnHand", "costPerDay", "cycleServiceLevel", "fillRate", "periodServiceLevel"]);
    for (const name of ["fillRate", "periodServiceLevel", "costPerDay"]) {
      expect(metrics[name]!.promised).not.toBeNull();
      expect(metrics[name]!.withinCi, name).toBe(true);
    }
    expect(metrics.averageOnHand!.withinCi).toBeNull();
    expect(output.withinCi).toBe(true);
    // The output is plain JSON (no Infinity or NaN turning into null on the way out).
    expect(JSON.parse(JSON.stringify(output))).toEqual(output);
  });

  it("uses the documented defaults", async () => {
    const { output, exitCode } = await call({
      model: "validate",
      policy: { type: "policy", reorderPoint: 100, orderQuantity: 0 },
      demand: { dist: "normal", mean: 20, sd: 5 },
      leadTime: 4,
      holdingCost: 0.01,
    });
    expect(exitCode, JSON.stringify(output)).toBe(0);
    expect(output).toMatchObject({ replications: 20, horizonDays: 10000, warmupDays: 365, seed: 1, withinCi: null, laneLeadTimeDays: 4 });
  });
});

describe("scp inventory: bad input exits 1 naming the JSON path", () => {
  const cases: [unknown, string][] = [
    [{ model: "eoq", fixedCost: -8, holdingCost: 0.225, demandRate: 1300 }, "$.fixedCost"],
    [{ model: "nope" }, "$.model"],
    [{ model: "newsvendor", holdingCost: 1, stockoutCost: 2, demand: { dist: "gamma", mean: 3 } }, "$.demand.dist"],
    [{ model: "newsvendor", holdingCost: 1, stockoutCost: 2, demand: { dist: "normal", mean: 3, sd: -1 } }, "$.demand.sd"],
    [{ model: "ss", holdingCost: 1, stockoutCost: 2, fixedCost: 3, demand: { dist: "normal", mean: 3, sd: 1 } }, "$.demand.dist"],
    [{ model: "rq", holdingCost: 1, stockoutCost: 2, fixedCost: 3, demand: { dist: "poisson", mean: 3 }, leadTime: 1, method: "eil" }, "$.method"],
    [{ model: "eoq_discount", fixedCost: 8, holdingRate: 0.3, demandRate: 1300, breakpoints: [0, 800, 400], unitCosts: [3, 2, 1] }, "$.breakpoints[2]"],
    [{ model: "eoq_discount", fixedCost: 8, holdingRate: 0.3, demandRate: 1300, breakpoints: [0, 400], unitCosts: [3] }, "$.unitCosts"],
    [{ model: "serial", stages: [{ echelonHoldingCost: -1, leadTime: 1 }], stockoutCost: 5, demand: { dist: "normal", mean: 1, sd: 1 } }, "$.stages[0].echelonHoldingCost"],
    [{ model: "wagner_whitin", fixedCost: 1, holdingCost: 1, demand: [1, -2] }, "$.demand[1]"],
    [
      {
        model: "gsm",
        z: 1,
        nodes: [
          { id: "a", holdingCost: 1, processingTime: 1 },
          { id: "b", holdingCost: 1, processingTime: 1 },
          { id: "c", holdingCost: 1, processingTime: 1, demandSd: 1 },
        ],
        edges: [
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
        ],
      },
      "$.edges[2]",
    ],
    [
      { model: "gsm", z: 1, nodes: [{ id: "a", holdingCost: 1, processingTime: 1 }], edges: [["a", "zz"]] },
      "$.edges[0][1]",
    ],
    [
      { model: "gsm", z: 1, nodes: [{ id: "a", holdingCost: 1, processingTime: 1 }, { id: "a", holdingCost: 1, processingTime: 1 }], edges: [] },
      "$.nodes[1].id",
    ],
    [
      { model: "policy", rows: [{ demandMean: 1, demandSd: 1, leadTimeMean: 1, unitCost: 1, holdingRate: 0.2, orderingCost: 1, serviceKind: "cycle", serviceTarget: 1.2 }] },
      "$.rows[0].serviceTarget",
    ],
    [{ model: "eoq", fixedCost: 8, holdingCost: 0.225, demandRate: 1300, extra: 1 }, "$"],
    [{ model: "newsvendor", holdingCost: 1, stockoutCost: 2, demand: { dist: "empirical", values: [-5, 3, 4] } }, "$.demand.values[0]"],
    [{ model: "validate", demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1 }, "$.policy"],
    [{ model: "validate", policy: { type: "minMax", min: 1, max: 2 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1 }, "$.policy.type"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 0, holdingCost: 1 }, "$.leadTime"],
    [{ model: "validate", policy: { type: "policy", reorderPoint: 3, orderQuantity: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 2.5, holdingCost: 1 }, "$.leadTime"],
    [{ model: "validate", policy: { type: "ss", s: 5, S: 4 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1 }, "$.policy.S"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "empirical", values: [1, -2] }, leadTime: 1, holdingCost: 1 }, "$.demand.values[1]"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: -1 }, "$.holdingCost"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1, replications: 1 }, "$.replications"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1, replications: 200, horizonDays: 100000 }, "$.replications"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1, horizonDays: 400, warmupDays: 380 }, "$.warmupDays"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1, promised: { fillRate: 1.5 } }, "$.promised.fillRate"],
    [{ model: "validate", policy: { type: "rq", r: 3, Q: 5 }, demand: { dist: "poisson", mean: 3 }, leadTime: 1, holdingCost: 1, promised: { fill: 0.9 } }, "$.promised"],
  ];
  for (const [input, path] of cases) {
    it(`rejects at ${path}`, async () => {
      const { output, exitCode } = await call(input);
      expect(exitCode).toBe(1);
      expect(output.errors?.map((e) => e.path)).toContain(path);
    });
  }
});
