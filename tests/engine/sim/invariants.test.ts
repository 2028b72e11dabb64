/**
 * Invariants over random small networks (fast-check): per SKU-node and day the stock balance
 * holds, on-hand never goes negative, demand is accounted for, and orders respect MOQ and
 * order multiples. Plus determinism and chunking.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COST_TYPES,
  advance,
  compileModel,
  createRun,
  finish,
  forEachCost,
  itemComponent,
  lineNode,
  lineQuantity,
  lineSource,
  lineUnitCost,
  shipmentCosts,
  simulate,
  type CostType,
  type DemandSpec,
  type LaneSpec,
  type LocationSpec,
  type PolicySpec,
  type SimulationModel,
} from "../../../src/server/engine/sim/index.ts";

const policyArb = fc.oneof(
  fc.record({ type: fc.constant("baseStock" as const), orderUpTo: fc.integer({ min: 0, max: 60 }) }),
  fc.integer({ min: 0, max: 30 }).chain((s) =>
    fc.record({ type: fc.constant("sS" as const), reorderPoint: fc.constant(s), orderUpTo: fc.integer({ min: s, max: s + 50 }) }),
  ),
  fc.record({ type: fc.constant("rQ" as const), reorderPoint: fc.integer({ min: -5, max: 30 }), orderQuantity: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ type: fc.constant("RS" as const), reviewPeriodDays: fc.integer({ min: 1, max: 7 }), orderUpTo: fc.integer({ min: 0, max: 80 }) }),
  fc.integer({ min: 0, max: 30 }).chain((min) =>
    fc.record({ type: fc.constant("minMax" as const), min: fc.constant(min), max: fc.integer({ min, max: min + 50 }) }),
  ),
);

const extrasArb = fc.record({
  moq: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
  orderMultiple: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  initialOnHand: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
});

const leadArb = fc.oneof(
  fc.integer({ min: 1, max: 6 }),
  fc.record({ values: fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }) }),
);

const networkArb = fc
  .record({
    stores: fc.integer({ min: 1, max: 3 }),
    items: fc.integer({ min: 1, max: 3 }),
    withPlant: fc.boolean(),
    lostAt: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    splitAtDc: fc.boolean(),
    priorities: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }),
    dcCapacity: fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
    plantCapacity: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    warmupDays: fc.integer({ min: 0, max: 20 }),
    // Real-valued quantities: items that do not count in whole units (the trace's 64-bit stock
    // matrices), or a component used 0.3 per unit (whole-unit items whose stock still gets
    // fractional: quantities a 32-bit matrix cannot hold exactly).
    fractional: fc.constantFrom("none" as const, "items" as const, "bom" as const),
  })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      policies: fc.array(fc.tuple(policyArb, extrasArb), { minLength: 40, maxLength: 40 }),
      leads: fc.array(leadArb, { minLength: 8, maxLength: 8 }),
      means: fc.array(fc.double({ min: 0, max: 12, noNaN: true }), { minLength: 12, maxLength: 12 }),
      useSeries: fc.boolean(),
    }),
  )
  .map(({ shape, policies, leads, means, useSeries }): SimulationModel => {
    const horizonDays = 60;
    const wholeUnits = shape.fractional === "items" ? { integer: false } : {};
    const items = Array.from({ length: shape.items }, (_, i) => ({ id: `I${i}`, unitCost: 2 + i, price: 5 + i, backorderCostPerUnitDay: 0.5, lostSaleCostPerUnit: 3, ...wholeUnits }));
    const stores = Array.from({ length: shape.stores }, (_, s) => `S${s}`);
    const locations: LocationSpec[] = [
      { id: "SUP", kind: "supplier" },
      { id: "SUP2", kind: "supplier" },
      { id: "DC", kind: "dc", sourcing: shape.splitAtDc ? "split" : "priority" },
      ...stores.map((id, s): LocationSpec => ({ id, kind: "store", unmetDemand: shape.lostAt[s] ? "lost" : "backorder", allocationPriority: shape.priorities[s] })),
    ];
    const lanes: LaneSpec[] = [
      { from: "DC", to: "S0", leadTimeDays: leads[0], costPerUnit: 0.1, capacityPerDay: shape.dcCapacity },
      ...stores.slice(1).map((to, s): LaneSpec => ({ from: "DC", to, leadTimeDays: leads[s + 1], costPerUnit: 0.1 })),
    ];
    const policyList: PolicySpec[] = [];
    let k = 0;
    const policy = (item: string, location: string): PolicySpec => {
      const [levels, extras] = policies[k++ % policies.length];
      return { item, location, ...levels, ...extras, orderCost: 1 } as PolicySpec;
    };
    const boms = [];
    if (shape.withPlant) {
      locations.push({ id: "PL", kind: "plant", productionCapacityPerDay: shape.plantCapacity });
      lanes.push({ from: "PL", to: "DC", leadTimeDays: leads[5], items: ["I0"] });
      lanes.push({ from: "SUP", to: "PL", leadTimeDays: leads[6], items: ["C0", "C1"] });
      items.push({ id: "C0", unitCost: 0.5, price: 0, backorderCostPerUnitDay: 0, lostSaleCostPerUnit: 0, ...wholeUnits });
      items.push({ id: "C1", unitCost: 0.3, price: 0, backorderCostPerUnitDay: 0, lostSaleCostPerUnit: 0, ...wholeUnits });
      const c1PerUnit = shape.fractional === "bom" ? 0.3 : 1;
      boms.push({ item: "I0", location: "PL", leadTimeDays: 2, costPerUnit: 0.2, components: [{ item: "C0", quantity: 2 }, { item: "C1", quantity: c1PerUnit }] });
      policyList.push(policy("I0", "PL"), policy("C0", "PL"), policy("C1", "PL"));
    }
    lanes.push({ from: "SUP", to: "DC", leadTimeDays: leads[3], costPerUnit: 0.05, items: items.filter((i) => i.id.startsWith("I") && !(shape.withPlant && i.id === "I0")).map((i) => i.id), share: 2, priority: 1 });
    lanes.push({ from: "SUP2", to: "DC", leadTimeDays: leads[4], items: items.filter((i) => i.id.startsWith("I") && !(shape.withPlant && i.id === "I0")).map((i) => i.id), share: 1, priority: 0 });
    const demand: DemandSpec[] = [];
    for (const item of items.filter((i) => i.id.startsWith("I"))) {
      policyList.push(policy(item.id, "DC"));
      stores.forEach((store, s) => {
        policyList.push(policy(item.id, store));
        const mean = means[(s * 3 + Number(item.id.slice(1))) % means.length];
        demand.push(
          useSeries
            ? { item: item.id, location: store, series: Array.from({ length: horizonDays }, (_, t) => (wholeUnits.integer === false ? (x: number) => x : Math.round)(mean * (1 + Math.sin(t + s)))) }
            : wholeUnits.integer === false
              ? { item: item.id, location: store, distribution: { type: "normal", mean, sd: mean / 2 } }
              : { item: item.id, location: store, distribution: { type: "poisson", mean } },
        );
      });
    }
    return {
      network: { locations, items, lanes, boms },
      policies: policyList,
      demand,
      horizonDays,
      seed: shape.seed,
      options: { nodeSeries: true, trace: { periodDays: 5 }, warmupDays: shape.warmupDays },
    };
  });

type Result = ReturnType<typeof simulate>;

const emptyCosts = (): Record<CostType, number> => Object.fromEntries(COST_TYPES.map((c) => [c, 0])) as Record<CostType, number>;

const serialise = (r: Result): string => JSON.stringify(r, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

/**
 * A result with its cost trace and order log in a canonical order. The day loop simulates the
 * network one component (and one tile of days) at a time, so the order in which it appends trace
 * entries and order lines depends on how a run is chunked; their content does not.
 */
function canonical(r: Result): string {
  const o = r.orders!;
  const t = r.trace!;
  const lines = Array.from({ length: o.length }, (_, i) => i).sort(
    (a, b) => o.day[a] - o.day[b] || lineNode(o, a) - lineNode(o, b) || lineSource(o, a) - lineSource(o, b) || lineQuantity(o, a) - lineQuantity(o, b),
  );
  const rank = new Int32Array(o.length);
  lines.forEach((line, k) => (rank[line] = k));
  const entries: number[][] = [];
  forEachCost(t, o, (node, day, span, type, cause, amount) => entries.push([node, day, span, type, cause < 0 ? -1 : rank[cause], amount]));
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || a[4] - b[4] || a[5] - b[5]);
  const orders = lines.map((i) => [lineNode(o, i), lineSource(o, i), o.day[i], lineQuantity(o, i)]);
  return serialise({ ...r, trace: undefined, orders: undefined }) + JSON.stringify({ entries, orders });
}

describe("invariants over random networks", () => {
  it("stock balance, no negative on-hand, demand accounting, MOQ and multiples", () => {
    fc.assert(
      fc.property(networkArb, (model) => {
        const compiled = compileModel(model);
        const result = simulate(compiled);
        const s = result.nodeSeries!;
        const days = compiled.days;
        for (let n = 0; n < compiled.nodeCount; n++) {
          if (compiled.nodeIsSupplier[n]) continue;
          let previousOnHand = compiled.initialOnHand[n];
          let previousBacklog = 0;
          for (let t = 0; t < days; t++) {
            const i = n * days + t;
            // start + receipts − shipments = end (lost sales never enter stock, so they do not leave it)
            expect(previousOnHand + s.receipts[i] - s.shipments[i]).toBeCloseTo(s.onHand[i], 9);
            expect(s.onHand[i]).toBeGreaterThanOrEqual(0);
            // backorders before + demand = sold + lost + backorders after
            expect(previousBacklog + s.demand[i]).toBeCloseTo(s.sales[i] + s.lostSales[i] + s.backorders[i], 9);
            const q = s.ordered[i];
            if (q > 0) {
              if (compiled.moq[n] > 0) expect(q).toBeGreaterThanOrEqual(compiled.moq[n]);
              // Whole-unit items order in multiples of 1 unless told otherwise; others only when told.
              const multiple = compiled.orderMultiple[n];
              if (multiple > 0) expect(Math.abs(q / multiple - Math.round(q / multiple))).toBeLessThan(1e-9);
              if (compiled.integer[n]) expect(Number.isInteger(q)).toBe(true);
            }
            previousOnHand = s.onHand[i];
            previousBacklog = s.backorders[i];
          }
        }
        // Costs reconcile three ways: P&L from series, summary from node totals, and the trace.
        const pnl = result.pnl;
        const summary = result.costSummary.byType;
        expect(summary.holding).toBeCloseTo(pnl.holdingCost, 6);
        expect(summary.transport).toBeCloseTo(pnl.transportCost, 6);
        expect(summary.ordering).toBeCloseTo(pnl.orderingCost, 6);
        expect(summary.production).toBeCloseTo(pnl.productionCost, 6);
        expect(summary.cogs).toBeCloseTo(pnl.cogs, 6);
        expect(summary.backorder).toBeCloseTo(pnl.backorderCost, 6);
        expect(summary.lostSale).toBeCloseTo(pnl.lostSaleCost, 6);
        const traced = emptyCosts();
        const o = result.orders!;
        // Transport and production costs charged to each order line, from either record kind.
        const servedCost = new Float64Array(o.length);
        forEachCost(result.trace!, o, (node, day, span, type, cause, amount) => {
          traced[COST_TYPES[type]] += amount;
          if (type === COST_TYPES.indexOf("transport") || type === COST_TYPES.indexOf("production")) servedCost[cause] += amount;
          // Every caused cost points at an order line of the node it is charged to, on or after the order day.
          if (cause >= 0) {
            expect(lineNode(o, cause)).toBe(node);
            expect(day).toBeGreaterThanOrEqual(result.orders!.day[cause]);
          }
          expect(day).toBeGreaterThanOrEqual(compiled.warmupDays);
          expect(day + span).toBeLessThanOrEqual(days);
        });
        for (const type of COST_TYPES) expect(traced[type]).toBeCloseTo(summary[type], 6);
        // A line never costs more to move than its quantity at its edge's unit cost, and a line
        // shipped whole costs exactly that, once (no event for it as well).
        for (let i = 0; i < o.length; i++) {
          const whole = lineQuantity(o, i) * lineUnitCost(o, i);
          expect(servedCost[i]).toBeLessThanOrEqual(whole * (1 + 1e-12) + 1e-12);
          if (shipmentCosts(o).shippedWholeOn[i] !== 0) expect(servedCost[i]).toBe(whole);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("level series by location", () => {
  it("equal the sums of their nodes' levels, recomputed from the node series and the order log", () => {
    fc.assert(
      fc.property(networkArb, (model) => {
        const compiled = compileModel(model);
        const result = simulate(compiled);
        const s = result.nodeSeries!;
        const o = result.orders!;
        const days = compiled.days;
        result.locationIds.forEach((_, l) => {
          const series = result.series.byLocation[l];
          const nodes = Array.from({ length: compiled.nodeCount }, (_, n) => n).filter((n) => compiled.nodeLocation[n] === l);
          const supplier = nodes.some((n) => compiled.nodeIsSupplier[n]);
          const onOrder = new Float64Array(compiled.nodeCount);
          let ordersToHere = 0;
          let transfersOut = 0;
          for (let t = 0; t < days; t++) {
            let onHand = 0, value = 0, holding = 0, backorders = 0, backorderCost = 0, pipeline = 0;
            for (const n of nodes) {
              if (supplier) continue;
              const i = n * days + t;
              onHand += s.onHand[i];
              value += s.onHand[i] * compiled.unitCost[n];
              holding += s.onHand[i] * compiled.holdingCost[n];
              backorders += s.backorders[i];
              backorderCost += s.backorders[i] * compiled.backorderCost[n];
              onOrder[n] += s.ordered[i] - s.receipts[i];
              pipeline += onOrder[n];
            }
            for (let k = 0; k < o.length; k++) {
              if (o.day[k] === t && lineSource(o, k) >= 0 && compiled.nodeLocation[lineSource(o, k)] === l) ordersToHere += lineQuantity(o, k);
            }
            transfersOut += series.transfersOut[t];
            expect(series.onHand[t]).toBeCloseTo(onHand, 9);
            expect(series.onHandValue[t]).toBeCloseTo(value, 9);
            expect(series.holdingCost[t]).toBeCloseTo(holding, 9);
            expect(series.backorders[t]).toBeCloseTo(backorders, 9);
            expect(series.backorderCost[t]).toBeCloseTo(backorderCost, 9);
            expect(series.onOrder[t]).toBeCloseTo(pipeline, 9);
            // Open downstream orders: ordered from this location so far, less what it has shipped.
            expect(series.openOrders[t]).toBeCloseTo(supplier ? 0 : ordersToHere - transfersOut, 9);
          }
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe("blocks of independent items", () => {
  it("simulating each block for many days at a time equals simulating the whole network day by day", () => {
    let split = 0;
    fc.assert(
      fc.property(networkArb, fc.boolean(), (capped, uncap) => {
        // Capacities join all items into one block; without them items fill blocks of BLOCK_NODES.
        const model: SimulationModel = !uncap ? capped : {
          ...capped,
          network: {
            ...capped.network,
            lanes: capped.network.lanes.map(({ capacityPerDay: _, ...lane }) => lane),
            locations: capped.network.locations.map(({ productionCapacityPerDay: _, ...location }) => location),
          },
        };
        const compiled = compileModel(model, { blockNodes: 3 });
        if (compiled.blockRunStart.length > 2) split++;
        const whole = { ...compiled, blockRunStart: Int32Array.of(0, compiled.runStart.length - 1) };
        expect(canonical(simulate(compiled))).toBe(canonical(simulate(whole)));
      }),
      { numRuns: 60 },
    );
    expect(split).toBeGreaterThan(5);
  });

  it("items joined by nothing fill separate blocks; a shared capacity joins them all", () => {
    const model: SimulationModel = {
      network: {
        locations: [{ id: "SUP", kind: "supplier" }, { id: "S", kind: "store" }],
        items: [{ id: "A", unitCost: 1 }, { id: "B", unitCost: 1 }, { id: "C", unitCost: 1 }],
        lanes: [{ from: "SUP", to: "S", leadTimeDays: 2 }],
      },
      policies: ["A", "B", "C"].map((item) => ({ item, location: "S", type: "baseStock" as const, orderUpTo: 5 })),
      demand: ["A", "B", "C"].map((item) => ({ item, location: "S", distribution: { type: "poisson" as const, mean: 1 } })),
      horizonDays: 10,
      seed: 1,
    };
    // Two nodes per item (the store, then its supplier): blocks of 2 nodes hold one item each.
    const small = compileModel(model, { blockNodes: 2 });
    expect(Array.from(small.runStart)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(small.blockRunStart)).toEqual([0, 2, 4, 6]);
    // One block: the store's three nodes, then the supplier's.
    const one = compileModel(model);
    expect(Array.from(one.runStart)).toEqual([0, 3, 6]);
    expect(Array.from(one.blockRunStart)).toEqual([0, 2]);
    const capped = { ...model, network: { ...model.network, lanes: [{ from: "SUP", to: "S", leadTimeDays: 2, capacityPerDay: 4 }] } };
    expect(Array.from(compileModel(capped, { blockNodes: 2 }).blockRunStart)).toEqual([0, 2]);
  });
});

describe("determinism", () => {
  const model: SimulationModel = {
    network: {
      locations: [{ id: "SUP", kind: "supplier" }, { id: "DC", kind: "dc" }, { id: "S1", kind: "store" }, { id: "S2", kind: "store", unmetDemand: "lost" }],
      items: [{ id: "A", unitCost: 4, price: 9 }, { id: "B", unitCost: 1, price: 2, integer: false }],
      lanes: [
        { from: "SUP", to: "DC", leadTimeDays: { values: [3, 4, 6] }, costPerUnit: 0.3 },
        { from: "DC", to: "S1", leadTimeDays: 2 },
        { from: "DC", to: "S2", leadTimeDays: { values: [1, 2] } },
      ],
    },
    policies: ["DC", "S1", "S2"].flatMap((location) => [
      { item: "A", location, type: "sS" as const, reorderPoint: 10, orderUpTo: 30 },
      { item: "B", location, type: "baseStock" as const, orderUpTo: 25 },
    ]),
    demand: [
      { item: "A", location: "S1", distribution: { type: "negativeBinomial", mean: 3, variance: 7 } },
      { item: "A", location: "S2", distribution: { type: "gamma", mean: 2.5, sd: 1.5 } },
      { item: "B", location: "S1", distribution: { type: "normal", mean: 4, sd: 1 } },
      { item: "B", location: "S2", distribution: { type: "empirical", values: [0, 1, 5], probabilities: [0.5, 0.3, 0.2] } },
    ],
    horizonDays: 120,
    seed: 9,
    options: { trace: true },
  };

  it("same model and seed give byte-identical results", () => {
    expect(serialise(simulate(compileModel(model)))).toBe(serialise(simulate(compileModel(model))));
  });

  it("a different seed gives different demand", () => {
    const a = simulate(compileModel(model)).kpis.demandUnits;
    const b = simulate(compileModel({ ...model, seed: 10 })).kpis.demandUnits;
    expect(a).not.toBe(b);
  });

  it("advancing in chunks gives the same result as one run, and reports progress", () => {
    const compiled = compileModel(model);
    const run = createRun(compiled);
    const progress: number[] = [];
    while (run.day < compiled.days) progress.push(advance(run, 7));
    expect(progress[progress.length - 1]).toBe(120);
    expect(progress.length).toBe(Math.ceil(120 / 7));
    expect(canonical(finish(run))).toBe(canonical(simulate(compiled)));
    const calls: [number, number][] = [];
    simulate(compiled, { onProgress: (done, total) => calls.push([done, total]), chunkDays: 50 });
    expect(calls).toEqual([[50, 120], [100, 120], [120, 120]]);
  });

  it("adding a SKU does not change the random demand of the others (common random numbers)", () => {
    const bigger: SimulationModel = {
      ...model,
      network: { ...model.network, items: [...model.network.items, { id: "C", unitCost: 1 }] },
      policies: [...model.policies, { item: "C", location: "S1", type: "baseStock", orderUpTo: 5 }, { item: "C", location: "DC", type: "baseStock", orderUpTo: 5 }],
      demand: [...model.demand, { item: "C", location: "S1", distribution: { type: "poisson", mean: 2 } }],
    };
    const demandOfAAtS1 = (m: SimulationModel): number[] => {
      const compiled = compileModel({ ...m, options: { nodeSeries: true } });
      const result = simulate(compiled);
      const node = Array.from({ length: compiled.nodeCount }, (_, n) => n).find(
        (n) => compiled.locationIds[compiled.nodeLocation[n]] === "S1" && compiled.itemIds[compiled.nodeItem[n]] === "A",
      )!;
      return Array.from(result.nodeSeries!.demand.subarray(node * compiled.days, (node + 1) * compiled.days));
    };
    const before = demandOfAAtS1(model);
    expect(before.some((d) => d > 0)).toBe(true);
    expect(demandOfAAtS1(bigger)).toEqual(before);
  });
});

describe("an item's component simulated alone", () => {
  /** Per SKU-node ("location/item"): its daily series, cost totals and cost records (with their cause order's day, quantity and source). */
  function byNode(model: SimulationModel) {
    const compiled = compileModel(model);
    const r = simulate(compiled);
    const name = (n: number) => `${compiled.locationIds[compiled.nodeLocation[n]]}/${compiled.itemIds[compiled.nodeItem[n]]}`;
    const out = new Map<string, { series: number[][]; totals: number[]; records: (number | string)[][] }>();
    const types = COST_TYPES.length;
    for (let n = 0; n < compiled.nodeCount; n++) {
      const days = compiled.days;
      const s = r.nodeSeries!;
      const series = (["onHand", "receipts", "shipments", "demand", "sales", "lostSales", "backorders", "ordered"] as const).map((k) => Array.from(s[k].subarray(n * days, (n + 1) * days)));
      out.set(name(n), { series, totals: Array.from(r.costsByNode.subarray(n * types, (n + 1) * types)), records: [] });
    }
    const o = r.orders!;
    forEachCost(r.trace!, o, (node, day, span, type, cause, amount) => {
      const why = cause < 0 ? ["-"] : [o.day[cause]!, lineQuantity(o, cause), lineSource(o, cause) < 0 ? "production" : name(lineSource(o, cause))];
      out.get(name(node))!.records.push([day, span, type, amount, ...why]);
    });
    for (const v of out.values()) v.records.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return out;
  }

  it("gives its SKU-nodes exactly the daily results, cost totals and cost records they have in the whole network", () => {
    fc.assert(
      fc.property(networkArb, fc.nat(), (raw, pick) => {
        // Without shared capacity, so that components are smaller than the network.
        const model: SimulationModel = {
          ...raw,
          network: {
            ...raw.network,
            lanes: raw.network.lanes.map(({ capacityPerDay: _, ...lane }) => lane),
            locations: raw.network.locations.map(({ productionCapacityPerDay: _, ...location }) => location),
          },
        };
        const items = model.network.items.map((i) => i.id);
        const item = items[pick % items.length]!;
        const component = itemComponent(model, item);
        const kept = new Set(component.network.items.map((i) => i.id));
        expect(kept.has(item)).toBe(true);
        if (item === "I0" || item.startsWith("C")) expect(kept.size).toBe(model.network.boms?.length ? 3 : 1);
        else expect(kept).toEqual(new Set([item]));
        const whole = byNode(model);
        const alone = byNode(component);
        for (const [node, value] of alone) expect([node, value]).toEqual([node, whole.get(node)]);
        expect([...whole.keys()].filter((k) => kept.has(k.split("/")[1]!)).sort()).toEqual([...alone.keys()].sort());
      }),
      { numRuns: 40 },
    );
  });

  it("is the whole network when daily capacity is shared", () => {
    const model: SimulationModel = {
      network: {
        locations: [{ id: "SUP", kind: "supplier" }, { id: "S", kind: "store" }],
        items: [{ id: "A", unitCost: 1 }, { id: "B", unitCost: 1 }],
        lanes: [{ from: "SUP", to: "S", leadTimeDays: 1, capacityPerDay: 10 }],
      },
      policies: [{ item: "A", location: "S", type: "baseStock", orderUpTo: 5 }, { item: "B", location: "S", type: "baseStock", orderUpTo: 5 }],
      demand: [],
      horizonDays: 5,
      seed: 1,
    };
    expect(itemComponent(model, "A")).toBe(model);
  });
});
