/**
 * Hand-computed scenarios for the simulator's mechanics: allocation of short stock, production
 * from a BOM, MOQ and multiples, lost sales, lead-time timing, validation paths.
 */
import { describe, expect, it } from "vitest";
import {
  compileModel,
  simulate,
  validateModel,
  SimulationModelError,
  COST_TYPES,
  forEachCost,
  lineNode,
  lineQuantity,
  shipmentCosts,
  type SimulationModel,
} from "../../../src/server/engine/sim/index.ts";
import { drawTable } from "../../../src/server/engine/sim/run.ts";
import { hashString, negativeBinomialTable, nextUniform, poissonTable, sampleTable, seedStream } from "../../../src/server/engine/random/index.ts";
import { singleStage } from "./helpers.ts";

function nodeIndex(model: ReturnType<typeof compileModel>, location: string, item: string): number {
  for (let n = 0; n < model.nodeCount; n++) {
    if (model.locationIds[model.nodeLocation[n]] === location && model.itemIds[model.nodeItem[n]] === item) return n;
  }
  throw new Error(`no node ${location}/${item}`);
}

/** A DC with 5 units and no replenishment in sight, two stores asking for more on day 0. */
function shortDc(priorityA: number, priorityB: number): SimulationModel {
  return {
    network: {
      locations: [
        { id: "SUP", kind: "supplier" },
        { id: "DC", kind: "dc" },
        { id: "A", kind: "store", allocationPriority: priorityA },
        { id: "B", kind: "store", allocationPriority: priorityB },
      ],
      items: [{ id: "X", unitCost: 1 }],
      lanes: [
        { from: "SUP", to: "DC", leadTimeDays: 30 },
        { from: "DC", to: "A", leadTimeDays: 1 },
        { from: "DC", to: "B", leadTimeDays: 1 },
      ],
    },
    policies: [
      { item: "X", location: "DC", type: "baseStock", orderUpTo: 0, initialOnHand: 5 },
      { item: "X", location: "A", type: "baseStock", orderUpTo: 6, initialOnHand: 0 },
      { item: "X", location: "B", type: "baseStock", orderUpTo: 3, initialOnHand: 0 },
    ],
    demand: [],
    horizonDays: 3,
    seed: 1,
    options: { nodeSeries: true },
  };
}

describe("allocation of short stock at a DC", () => {
  it("serves the higher-priority store first", () => {
    const compiled = compileModel(shortDc(0, 1));
    const s = simulate(compiled).nodeSeries!;
    const a = nodeIndex(compiled, "A", "X"), b = nodeIndex(compiled, "B", "X");
    // A (priority 0) asked 6, B asked 3, 5 available: A gets 5, B nothing; both arrive on day 1.
    expect(s.receipts[a * 3 + 1]).toBe(5);
    expect(s.receipts[b * 3 + 1]).toBe(0);
  });

  it("shares stock in proportion to the quantities ordered within a priority class (largest remainder)", () => {
    const compiled = compileModel(shortDc(0, 0));
    const s = simulate(compiled).nodeSeries!;
    const a = nodeIndex(compiled, "A", "X"), b = nodeIndex(compiled, "B", "X");
    // Quotas 5·6/9 = 3.33 and 5·3/9 = 1.67 → floors 3 and 1, the spare unit to the larger remainder (B).
    expect(s.receipts[a * 3 + 1]).toBe(3);
    expect(s.receipts[b * 3 + 1]).toBe(2);
  });
});

describe("transport costs in the cost trace", () => {
  it("a line shipped whole carries its shipping day; a line shipped in parts has an event per part", () => {
    const base = shortDc(0, 0);
    const model: SimulationModel = {
      ...base,
      network: { ...base.network, lanes: [
        { from: "SUP", to: "DC", leadTimeDays: 30, costPerUnit: 0.125 },
        { from: "DC", to: "A", leadTimeDays: 1, costPerUnit: 0.5 },
        { from: "DC", to: "B", leadTimeDays: 1, costPerUnit: 0.25 },
      ] },
      options: { trace: true },
    };
    const compiled = compileModel(model);
    const result = simulate(compiled);
    const o = result.orders!;
    const dc = nodeIndex(compiled, "DC", "X"), a = nodeIndex(compiled, "A", "X"), b = nodeIndex(compiled, "B", "X");
    const shipped = shipmentCosts(o);
    const line = (node: number) => Array.from({ length: o.length }, (_, i) => i).filter((i) => lineNode(o, i) === node);
    // Day 0: the DC orders 4 (up to 0 from 5 − 9 owed), which the supplier ships whole; A's 6 and
    // B's 3 share the DC's 5 (3 and 2), the rest waits beyond the horizon.
    expect(line(dc).map((i) => [lineQuantity(o, i), shipped.shippedWholeOn[i]])).toEqual([[4, 1]]);
    expect(line(a).map((i) => [lineQuantity(o, i), shipped.shippedWholeOn[i]])).toEqual([[6, 0]]);
    expect(line(b).map((i) => [lineQuantity(o, i), shipped.shippedWholeOn[i]])).toEqual([[3, 0]]);
    const transport: [string, number, number][] = [];
    forEachCost(result.trace!, o, (node, day, _span, type, cause, amount) => {
      if (COST_TYPES[type] === "transport") transport.push([compiled.locationIds[compiled.nodeLocation[node]]!, day, amount]);
      if (COST_TYPES[type] === "transport") expect(lineNode(o, cause)).toBe(node);
    });
    expect(transport.sort()).toEqual([["A", 0, 1.5], ["B", 0, 0.5], ["DC", 0, 0.5]]);
    expect(shipped.events.length).toBe(2);
    expect(result.costSummary.byType.transport).toBe(2.5);
  });
});

describe("a DC with more customers than its open-order bit set has bits", () => {
  // Shipping visits a source's customer edges through a 32-bit set of open ones, the last bit
  // standing for every edge from position 31 on; a DC with 40 stores uses both kinds.
  const stores = Array.from({ length: 40 }, (_, i) => `S${i}`);
  const model: SimulationModel = {
    network: {
      locations: [{ id: "SUP", kind: "supplier" }, { id: "DC", kind: "dc" }, ...stores.map((id) => ({ id, kind: "store" as const }))],
      items: [{ id: "X", unitCost: 1, price: 2 }],
      lanes: [{ from: "SUP", to: "DC", leadTimeDays: 3 }, ...stores.map((to) => ({ from: "DC", to, leadTimeDays: 2 }))],
    },
    policies: [
      { item: "X", location: "DC", type: "baseStock", orderUpTo: 400, initialOnHand: 400 },
      // Store i reorders every (i % 4) + 2 days, so which stores have open orders changes daily.
      ...stores.map((location, i) => ({ item: "X", location, type: "sS" as const, reorderPoint: 2 * (i % 4) + 2, orderUpTo: 3 * (i % 4) + 6, initialOnHand: 3 * (i % 4) + 6 })),
    ],
    demand: stores.map((location) => ({ item: "X", location, series: Array.from({ length: 60 }, () => 1) })),
    horizonDays: 60,
    seed: 1,
    options: { nodeSeries: true },
  };

  it("ships every store's order on the day it is placed", () => {
    const compiled = compileModel(model);
    const result = simulate(compiled);
    const s = result.nodeSeries!;
    const days = compiled.days;
    for (const store of stores) {
      const n = nodeIndex(compiled, store, "X");
      for (let t = 0; t + 2 < days; t++) expect(s.receipts[n * days + t + 2]).toBe(s.ordered[n * days + t]);
    }
    // The DC always has stock, so no store ever waits: every demand is served on time.
    expect(result.kpis.fillRate).toBe(1);
  });
});

describe("production from a bill of materials", () => {
  const model: SimulationModel = {
    network: {
      locations: [{ id: "SUP", kind: "supplier" }, { id: "PL", kind: "plant", productionCapacityPerDay: 4 }],
      items: [{ id: "P", unitCost: 10 }, { id: "C1", unitCost: 2 }, { id: "C2", unitCost: 1 }],
      lanes: [{ from: "SUP", to: "PL", leadTimeDays: 1, items: ["C1", "C2"] }],
      boms: [{ item: "P", location: "PL", leadTimeDays: 2, costPerUnit: 3, components: [{ item: "C1", quantity: 2 }, { item: "C2", quantity: 1 }] }],
    },
    policies: [
      { item: "P", location: "PL", type: "baseStock", orderUpTo: 10, initialOnHand: 0 },
      { item: "C1", location: "PL", type: "baseStock", orderUpTo: 0, initialOnHand: 14 },
      { item: "C2", location: "PL", type: "baseStock", orderUpTo: 0, initialOnHand: 20 },
    ],
    demand: [],
    horizonDays: 6,
    seed: 1,
    options: { nodeSeries: true },
  };

  it("starts production within capacity and component stock, consumes components per the BOM, delivers after the lead time", () => {
    const compiled = compileModel(model);
    const result = simulate(compiled);
    const s = result.nodeSeries!;
    const p = nodeIndex(compiled, "PL", "P"), c1 = nodeIndex(compiled, "PL", "C1"), c2 = nodeIndex(compiled, "PL", "C2");
    const days = 6;
    // Day 0: P orders 10 (position 0 < 10). Production starts the next day from start-of-day stock:
    // day 1: min(10 open, capacity 4, 14/2 = 7 by C1, 20 by C2) = 4; day 2: min(6, 4, 6/2 = 3) = 3;
    // day 3: C1 is empty (its policy orders nothing), so nothing more starts.
    expect(Array.from(result.series.network.production)).toEqual([0, 4, 3, 0, 0, 0]);
    expect(s.shipments[c1 * days + 1]).toBe(8);
    expect(s.shipments[c2 * days + 1]).toBe(4);
    expect(s.onHand[c1 * days + 2]).toBe(0);
    expect(s.onHand[c2 * days + 2]).toBe(13);
    // Output after the 2-day production lead time.
    expect(s.receipts[p * days + 3]).toBe(4);
    expect(s.receipts[p * days + 4]).toBe(3);
    expect(result.pnl.productionCost).toBe(7 * 3);
  });
});

describe("order rounding, lost sales and lead-time timing", () => {
  it("rounds orders up to the MOQ, then to the order multiple", () => {
    // Base-stock 10 with daily demand 3: each day 3 is needed, MOQ 8 → 8, multiple 5 → 10.
    const model = singleStage({
      policy: { type: "baseStock", orderUpTo: 10, moq: 8, orderMultiple: 5, initialOnHand: 10 },
      demand: { series: Array(20).fill(3) },
      leadTimeDays: 2,
      horizonDays: 20,
      options: { nodeSeries: true },
    });
    const compiled = compileModel(model);
    const s = simulate(compiled).nodeSeries!;
    const n = nodeIndex(compiled, "S", "X");
    let orders = 0;
    for (let t = 0; t < 20; t++) {
      if (s.ordered[n * 20 + t] > 0) {
        expect(s.ordered[n * 20 + t]).toBe(10);
        orders++;
      }
    }
    expect(s.ordered[n * 20]).toBe(10);
    expect(orders).toBeGreaterThan(3);
  });

  it("an order placed at the end of day t arrives at the start of day t + L", () => {
    const model = singleStage({
      policy: { type: "baseStock", orderUpTo: 5, initialOnHand: 5 },
      demand: { series: [5, 0, 0, 0, 0, 0] },
      leadTimeDays: 3,
      horizonDays: 6,
      options: { nodeSeries: true },
    });
    const compiled = compileModel(model);
    const s = simulate(compiled).nodeSeries!;
    const n = nodeIndex(compiled, "S", "X");
    const of = (a: Float64Array) => Array.from(a.subarray(n * 6, n * 6 + 6));
    expect(of(s.ordered)).toEqual([5, 0, 0, 0, 0, 0]);
    expect(of(s.receipts)).toEqual([0, 0, 0, 5, 0, 0]);
    expect(of(s.onHand)).toEqual([0, 0, 0, 5, 5, 5]);
  });

  it("loses unmet demand at lost-sales locations and back-orders it elsewhere", () => {
    const series = [4, 4, 4, 0, 0, 0];
    const run = (lost: boolean) =>
      simulate(compileModel(singleStage({ policy: { type: "baseStock", orderUpTo: 6, initialOnHand: 6 }, demand: { series }, leadTimeDays: 2, horizonDays: 6, lost })));
    // Day 0: sell 4 (2 left), order 4. Day 1: sell 2, 2 unmet. Day 2: the first 4 arrive.
    // Lost sales: 2 lost on day 1, then 4 sold on day 2 → 10 sold.
    // Backorders: the 2 back-ordered units are served first on day 2 (oldest first), leaving 2 of
    // that day's 4 → 2 more back-ordered, served on day 3 → 12 sold, 4 back-ordered, 8 on time.
    const lost = run(true);
    expect(lost.kpis.lostSalesUnits).toBe(2);
    expect(lost.kpis.salesUnits).toBe(10);
    const backordered = run(false);
    expect(backordered.kpis.lostSalesUnits).toBe(0);
    expect(backordered.kpis.salesUnits).toBe(12);
    expect(backordered.kpis.backorderedUnits).toBe(4);
    // Fill rate counts only demand served on the day requested: 8 of 12.
    expect(backordered.kpis.fillRate).toBeCloseTo(8 / 12, 12);
    expect(lost.kpis.fillRate).toBeCloseTo(10 / 12, 12);
  });
});

describe("validation", () => {
  const good = shortDc(0, 0);
  it("names the path of each semantic error", () => {
    const bad: SimulationModel = {
      ...good,
      network: {
        ...good.network,
        lanes: [...good.network.lanes.slice(0, 2), { from: "DC", to: "NOWHERE", leadTimeDays: 0 }],
      },
      policies: [...good.policies, { item: "Y", location: "A", type: "baseStock", orderUpTo: 1 }],
    };
    const issues = validateModel(bad).map((i) => i.path.join("."));
    expect(issues).toContain("network.lanes.2.to");
    expect(issues).toContain("network.lanes.2.leadTimeDays");
    expect(issues).toContain("policies.3.item");
  });

  it("rejects cyclic lanes and stock with no source", () => {
    const cyclic: SimulationModel = { ...good, network: { ...good.network, lanes: [...good.network.lanes, { from: "A", to: "DC", leadTimeDays: 1 }] } };
    expect(validateModel(cyclic).some((i) => i.message.includes("cycle"))).toBe(true);
    const orphan: SimulationModel = { ...good, network: { ...good.network, lanes: good.network.lanes.slice(1) } };
    const issues = validateModel(orphan);
    expect(issues.map((i) => i.path.join("."))).toEqual(["policies.0"]);
    expect(() => compileModel(orphan)).toThrow(SimulationModelError);
  });
});

describe("table sampling fast path", () => {
  it("the quick byte lookup gives exactly the inverse-CDF search result", () => {
    const model = singleStage({ policy: { type: "baseStock", orderUpTo: 1 }, demand: { type: "poisson", mean: 7.3 }, leadTimeDays: 1, horizonDays: 1 });
    const compiled = compileModel({
      ...model,
      network: {
        ...model.network,
        lanes: [{ from: "SUP", to: "S", leadTimeDays: { values: [1, 2, 5, 9], probabilities: [0.1, 0.4, 0.3, 0.2] } }],
      },
    });
    const poisson = poissonTable(7.3);
    for (let i = 0; i < 20000; i++) {
      const u = i / 20000 + 1e-7;
      expect(drawTable(compiled, compiled.demandRef[nodeIndex(compiled, "S", "X")], u)).toBe(sampleTable(poisson, u));
      const expectedLead = u < 0.1 ? 1 : u < 0.5 ? 2 : u < 0.8 ? 5 : 9;
      expect(drawTable(compiled, compiled.laneLeadTable[0], u)).toBe(expectedLead);
    }
    expect(negativeBinomialTable(3, 7).cdf.at(-1)).toBe(1);
  });
});

describe("demand streams", () => {
  it("node demand is the node's own seeded stream through the inverse CDF, day after day", () => {
    const days = 200;
    const model = singleStage({ policy: { type: "baseStock", orderUpTo: 30 }, demand: { type: "poisson", mean: 4.2 }, leadTimeDays: 2, horizonDays: days, seed: 99, options: { nodeSeries: true } });
    const compiled = compileModel(model);
    const s = simulate(compiled).nodeSeries!;
    const n = nodeIndex(compiled, "S", "X");
    // The stream of a node is keyed by its location and item ids (see createRun).
    const state = new Int32Array(4);
    seedStream(state, 0, 99, 0, hashString("S\u0000X"));
    const table = poissonTable(4.2);
    for (let t = 0; t < days; t++) expect(s.demand[n * days + t]).toBe(sampleTable(table, nextUniform(state, 0)));
  });
});
