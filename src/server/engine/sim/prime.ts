/**
 * JIT priming: the first run in a process first simulates a tiny network that takes every path
 * of the day loop (stockouts with backorders and lost sales, every policy type, MOQ and order
 * multiples, periodic review, production, lane capacity, drawn lead times, rationing, the cost
 * trace and node series).
 *
 * Why: V8 compiles the day loop while the first large run is under way. A path that had not run
 * yet at that point (the first stockout, say) is compiled as a bail-out, and the first traced run
 * widens the field types of the run object, which throws away all code compiled for it. Either
 * is harmless by itself, but if V8 has meanwhile compiled an on-stack-replacement entry for the
 * loop, it keeps using that entry from then on and never recompiles the function: every later
 * run in the process is about twice as slow (seen in 2 of 8 processes of the standard case).
 * Running all paths and both run shapes on a few dozen node-days first gives V8 complete type
 * feedback before it compiles anything, so that compiled code stays valid. Two variants cover the
 * cost trace's other stock storage (PRIMING_MODEL's is 16-bit): 64-bit matrices (an item not
 * counted in whole units), and 32-bit ones (a large initial stock) with quantities they cannot
 * hold exactly (a component used 0.3 per unit, orders in multiples of 0.1); the order log's
 * quantities likewise.
 */
import type { SimulationModel } from "./model.ts";

/** A network with every feature the day loop handles, small enough to simulate in a few milliseconds. */
export const PRIMING_MODEL: SimulationModel = {
  network: {
    locations: [
      { id: "SUP", kind: "supplier" },
      { id: "PLANT", kind: "plant", productionCapacityPerDay: 6 },
      { id: "DC", kind: "dc" },
      { id: "DC2", kind: "dc", sourcing: "split" },
      { id: "S1", kind: "store", allocationPriority: 0 },
      { id: "S2", kind: "store", allocationPriority: 1, unmetDemand: "lost" },
      { id: "S3", kind: "store", allocationPriority: 1 },
    ],
    items: [
      { id: "P", unitCost: 10, price: 15, backorderCostPerUnitDay: 1, lostSaleCostPerUnit: 3 },
      { id: "K", unitCost: 2 },
      { id: "H", unitCost: 4, price: 7, backorderCostPerUnitDay: 0.5, lostSaleCostPerUnit: 1 },
    ],
    lanes: [
      { from: "SUP", to: "PLANT", leadTimeDays: 2, costPerUnit: 0.1, items: ["K"] },
      { from: "PLANT", to: "DC", leadTimeDays: 1, costPerUnit: 0.2, capacityPerDay: 8, items: ["P"] },
      { from: "SUP", to: "DC", leadTimeDays: { values: [2, 3, 5], probabilities: [0.5, 0.3, 0.2] }, costPerUnit: 0.1, items: ["H"] },
      { from: "SUP", to: "DC2", leadTimeDays: 3, costPerUnit: 0.1, share: 1 },
      { from: "DC", to: "DC2", leadTimeDays: 1, costPerUnit: 0.1, share: 1 },
      { from: "DC", to: "S1", leadTimeDays: 1, costPerUnit: 0.3 },
      { from: "DC", to: "S2", leadTimeDays: 2, costPerUnit: 0.3 },
      { from: "DC2", to: "S3", leadTimeDays: 1, costPerUnit: 0.3 },
    ],
    boms: [{ item: "P", location: "PLANT", leadTimeDays: 1, costPerUnit: 1, components: [{ item: "K", quantity: 2 }] }],
  },
  policies: [
    { item: "K", location: "PLANT", type: "rQ", reorderPoint: 10, orderQuantity: 16, orderCost: 5 },
    { item: "P", location: "PLANT", type: "baseStock", orderUpTo: 8 },
    { item: "P", location: "DC", type: "sS", reorderPoint: 8, orderUpTo: 16, orderCost: 10 },
    { item: "H", location: "DC", type: "RS", reviewPeriodDays: 3, orderUpTo: 20, moq: 6, orderMultiple: 2, orderCost: 4 },
    { item: "P", location: "DC2", type: "minMax", min: 3, max: 8 },
    { item: "P", location: "S1", type: "sS", reorderPoint: 2, orderUpTo: 6, orderCost: 2 },
    { item: "P", location: "S2", type: "minMax", min: 1, max: 4, orderCost: 2 },
    { item: "P", location: "S3", type: "baseStock", orderUpTo: 4 },
    { item: "H", location: "S1", type: "baseStock", orderUpTo: 5, orderMultiple: 2 },
    { item: "H", location: "S2", type: "rQ", reorderPoint: 1, orderQuantity: 3, moq: 4 },
  ],
  demand: [
    { item: "P", location: "S1", distribution: { type: "poisson", mean: 2 } },
    { item: "P", location: "S2", distribution: { type: "negativeBinomial", mean: 1.5, variance: 4 } },
    { item: "P", location: "S3", distribution: { type: "gamma", mean: 1.5, sd: 1.5 } },
    { item: "H", location: "S1", distribution: { type: "normal", mean: 2, sd: 1.5 } },
    { item: "H", location: "S2", series: Array.from({ length: 60 }, (_, t) => [3, 0, 1, 5, 2, 0, 4, 1, 6, 0, 2, 3][t % 12]) },
  ],
  horizonDays: 60,
  seed: 1,
  options: { warmupDays: 5 },
};

/** PRIMING_MODEL with item H not counted in whole units: the trace's stock matrices are 64-bit. */
export const PRIMING_REAL_VALUED: SimulationModel = {
  ...PRIMING_MODEL,
  network: { ...PRIMING_MODEL.network, items: PRIMING_MODEL.network.items.map((item) => (item.id === "H" ? { ...item, integer: false } : item)) },
};

/**
 * PRIMING_MODEL with component K used 0.3 per unit (whole-unit items whose stock gets fractional),
 * 70,000 units of it at the start (too many for 16-bit stock matrices and order quantities) and
 * item H ordered up to 20.3 in multiples of 0.1 at the DC (quantities a 32-bit float cannot hold exactly).
 */
export const PRIMING_FRACTIONAL_COMPONENT: SimulationModel = {
  ...PRIMING_MODEL,
  network: {
    ...PRIMING_MODEL.network,
    boms: PRIMING_MODEL.network.boms!.map((bom) => ({ ...bom, components: bom.components.map((c) => ({ ...c, quantity: 0.3 })) })),
  },
  policies: PRIMING_MODEL.policies.map((p) =>
    p.item === "K" ? { ...p, initialOnHand: 70_000 } : p.item === "H" && p.location === "DC" ? { ...p, orderUpTo: 20.3, orderMultiple: 0.1, initialOnHand: 0 } : p,
  ),
};
