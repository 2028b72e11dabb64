/** The order and shipment logs and the stock-cost buffers keep what they hold as they grow; stock quantities stay exact; shipments are attributed to order lines first in first out. */
import { describe, expect, it } from "vitest";
import {
  appendOrderLine,
  appendShipment,
  createLogBuffers,
  createTraceBuffers,
  forEachCost,
  freezeOrders,
  freezeTrace,
  lineNode,
  lineQuantity,
  lineSource,
  putStock,
  shipmentCosts,
  type LineEdges,
} from "../../../src/server/engine/sim/trace.ts";

const noStockCosts = [new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0)];
const noEdges: LineEdges = { to: new Int32Array(0), from: new Int32Array(0), unitCost: new Float64Array(0), orderCost: new Float64Array(0), warmupDays: 0 };

describe("trace buffers", () => {
  it("keep every order line and shipment when they grow", () => {
    const lines = createLogBuffers("lines", 0, 64);
    const shipments = createLogBuffers("shipments", 0, 64);
    const first = lines.edge.length;
    const count = first * 3 + 7;
    for (let i = 0; i < count; i++) {
      expect(appendOrderLine(lines, i, i % 65_536, i * 2)).toBe(i);
      appendShipment(shipments, lines, i, (i + 1) % 65_536, i * 2);
    }
    expect(lines.edge.length).toBeGreaterThan(first);
    // Edge e runs from node e − 1 to node e + 1.
    const to = Int32Array.from({ length: count }, (_, e) => e + 1);
    const from = Int32Array.from({ length: count }, (_, e) => e - 1);
    const log = freezeOrders(lines, shipments, { to, from, unitCost: new Float64Array(count), orderCost: new Float64Array(count + 1), warmupDays: 0 });
    expect(log.length).toBe(count);
    expect(log.shipments.length).toBe(count);
    for (let i = 0; i < count; i++) {
      expect([log.edge[i], lineNode(log, i), lineSource(log, i), log.day[i], lineQuantity(log, i)]).toEqual([i, i + 1, i - 1, i % 65_536, i * 2]);
      const s = log.shipments;
      expect([s.edge[i], s.day[i], lineQuantity(s, i), s.linesBefore[i]]).toEqual([i, (i + 1) % 65_536, i * 2, i + 1]);
    }
  });

  it("attribute each shipment to the oldest lines on its edge ordered before it, first in first out", () => {
    // Edge 0: supplier node 0 → node 1 at 0.5 a unit; edge 1: production of node 2 at 2 a unit. Warm-up: 2 days.
    const edges: LineEdges = { to: new Int32Array([1, 2]), from: new Int32Array([0, -1]), unitCost: new Float64Array([0.5, 2]), orderCost: new Float64Array(3), warmupDays: 2 };
    const lines = createLogBuffers("lines", 0, 16);
    const shipments = createLogBuffers("shipments", 0, 16);
    appendOrderLine(lines, 0, 1, 5); // line 0
    appendShipment(shipments, lines, 0, 1, 2); // in the warm-up: serves 2 of line 0, no cost
    appendOrderLine(lines, 1, 2, 4); // line 1, production
    appendShipment(shipments, lines, 0, 3, 3); // the other 3 of line 0: a part, not the whole line
    appendShipment(shipments, lines, 1, 3, 1); // 1 of line 1 (line 3, on the same edge, is not ordered yet)
    appendOrderLine(lines, 0, 4, 6); // line 2
    appendShipment(shipments, lines, 0, 5, 6); // line 2 whole
    appendOrderLine(lines, 1, 5, 2); // line 3
    appendShipment(shipments, lines, 1, 6, 5); // the 3 left of line 1, then line 3 whole
    const log = freezeOrders(lines, shipments, edges);
    const { shippedWholeOn, events } = shipmentCosts(log);
    expect(Array.from(shippedWholeOn)).toEqual([0, 0, 6, 7]);
    const parts = Array.from({ length: events.length }, (_, i) => [events.node[i], events.day[i], events.type[i], events.cause[i], events.amount[i]]);
    expect(parts).toEqual([
      [1, 3, 5, 0, 1.5],
      [2, 3, 6, 1, 2],
      [2, 6, 6, 1, 6],
    ]);
    expect(shipmentCosts(log)).toBe(shipmentCosts(log));
    const caused: number[][] = [];
    forEachCost(freezeTrace(createTraceBuffers(0, 16), { nodeCount: 3, days: 8, warmupDays: 2, periodDays: 7, stockUnitCost: noStockCosts }), log, (node, day, span, type, cause, amount) =>
      caused.push([node, day, type, cause, amount]),
    );
    expect(caused).toEqual([[1, 5, 5, 2, 3], [2, 6, 6, 3, 4], ...parts]);
  });

  it("drop what a shipment carries beyond the lines ordered before it (a rounding sliver), instead of serving a later line", () => {
    const edges: LineEdges = { to: new Int32Array([1]), from: new Int32Array([0]), unitCost: new Float64Array([1]), orderCost: new Float64Array(2), warmupDays: 0 };
    const lines = createLogBuffers("lines", 0, 64);
    const shipments = createLogBuffers("shipments", 0, 64);
    appendOrderLine(lines, 0, 0, 0.1 + 0.2);
    appendShipment(shipments, lines, 0, 0, 0.3 + 1e-12);
    appendOrderLine(lines, 0, 1, 0.7);
    appendShipment(shipments, lines, 0, 2, 0.7);
    const { shippedWholeOn, events } = shipmentCosts(freezeOrders(lines, shipments, edges));
    expect(Array.from(shippedWholeOn)).toEqual([1, 3]);
    expect(events.length).toBe(0);
  });

  it.each([16, 32] as const)("keep order quantities a %i-bit column cannot hold exactly aside, across growth", (bits) => {
    const orders = createLogBuffers("lines", 0, bits);
    const quantities = [3, 65_535, 65_536, 0.5, 2 ** 24, 2 ** 24 + 1, 1e9 + 0.25];
    const count = 3000;
    for (let i = 0; i < count; i++) appendOrderLine(orders, 0, 0, quantities[i % quantities.length]!);
    const log = freezeOrders(orders, createLogBuffers("shipments", 0, bits), { to: new Int32Array(1), from: new Int32Array([-1]), unitCost: new Float64Array(1), orderCost: new Float64Array(1), warmupDays: 0 });
    expect(log.storedQuantity).toBeInstanceOf(bits === 16 ? Uint16Array : Float32Array);
    for (let i = 0; i < count; i++) expect(lineQuantity(log, i)).toBe(quantities[i % quantities.length]);
    const fits = (q: number) => (bits === 16 ? Number.isInteger(q) && q < 65_536 : Math.fround(q) === q);
    const aside = Array.from({ length: count }, (_, i) => quantities[i % quantities.length]!).filter((q) => !fits(q)).length;
    expect(aside).toBeGreaterThan(0);
    expect(log.quantityExceptions.size).toBe(aside);
  });

  // Whole numbers up to 65,535 fit 16 bits and up to 2^24 a 32-bit float; fractions and larger numbers do not.
  const fits = { 16: (q: number) => Number.isInteger(q) && q < 65_536, 32: (q: number) => Math.fround(q) === q };
  it.each([16, 32] as const)("keep stock quantities a %i-bit matrix cannot hold exactly, and backorders, as entries; list each cost once", (bits) => {
    const nodes = 3;
    const periods = 4;
    const trace = createTraceBuffers(nodes * periods, bits);
    // Each cell is written at most once, as the day loop does (one flush per node and period).
    const written: [type: number, cell: number, quantity: number][] = [
      [0, 0, 7],
      [0, 1, 65_535],
      [0, 2, 65_536],
      [0, 3, 2 ** 24],
      [0, 4, 2 ** 24 + 1],
      [0, 5, 0.1],
      [3, 3, 5],
      [3, 5, 1e10 + 3],
      [3, 6, 2.5],
      [1, 2, 4],
      [1, 3, 0.5],
    ];
    for (let i = 0; i < 200; i++) written.push([i % 2 === 0 ? 1 : 2, 6 + (i % 6), 1 / 3 + i]);
    for (const [type, cell, quantity] of written) putStock(trace, type, cell, quantity);
    expect(trace.stock[0]).toBeInstanceOf(bits === 16 ? Uint16Array : Float32Array);
    expect(trace.stock[0]!.length).toBe(nodes * periods);
    // Backorders and lost sales accrue only while out of stock: no matrix, entries.
    expect(trace.stock[1]!.length).toBe(0);
    expect(trace.stock[2]!.length).toBe(0);
    const unitCost = [new Float64Array([1, 10, 100]), new Float64Array([7, 8, 9]), new Float64Array([3, 3, 3]), new Float64Array([2, 3, 4])];
    const frozen = freezeTrace(trace, { nodeCount: nodes, days: 28, warmupDays: 0, periodDays: 7, stockUnitCost: unitCost });
    const inMatrices = written.filter(([type, , q]) => (type === 0 || type === 3) && fits[bits](q)).length;
    expect(frozen.stockEntries.length).toBe(written.length - inMatrices);
    const listed: number[][] = [];
    const noOrders = freezeOrders(createLogBuffers("lines", 0, 64), createLogBuffers("shipments", 0, 64), noEdges);
    forEachCost(frozen, noOrders, (node, day, span, type, cause, amount) => listed.push([node, day, span, type, cause, amount]));
    const expected = written.map(([type, cell, quantity]) => [cell % nodes, Math.floor(cell / nodes) * 7, 7, type, -1, quantity * unitCost[type]![cell % nodes]!]);
    const sort = (rows: number[][]) => [...rows].sort((a, b) => a[3]! - b[3]! || a[0]! - b[0]! || a[1]! - b[1]! || a[5]! - b[5]!);
    expect(sort(listed)).toEqual(sort(expected));
  });
});
