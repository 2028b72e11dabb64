/** The trace buffers grow past their first capacity without losing what they hold; stock quantities stay exact. */
import { describe, expect, it } from "vitest";
import {
  appendCost,
  appendOrderLine,
  createOrderBuffers,
  createTraceBuffers,
  forEachCost,
  freezeOrders,
  freezeTrace,
  lineNode,
  lineQuantity,
  lineSource,
  putStock,
} from "../../../src/server/engine/sim/trace.ts";

const noStockCosts = [new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0)];

describe("trace buffers", () => {
  it("keep every event cost and order line when they grow", () => {
    const trace = createTraceBuffers(0, 0, 32);
    const orders = createOrderBuffers(0, 64);
    const first = trace.node.length;
    const count = first * 3 + 7;
    for (let i = 0; i < count; i++) {
      appendCost(trace, i, i % 65_536, 5, i - 1, i * 0.5);
      expect(appendOrderLine(orders, i, i % 65_536, i * 2)).toBe(i);
    }
    expect(trace.node.length).toBeGreaterThan(first);
    const events = freezeTrace(trace, { nodeCount: count, days: 65_535, warmupDays: 0, periodDays: 7, stockUnitCost: noStockCosts }).events;
    // Edge e runs from node e − 1 to node e + 1.
    const to = Int32Array.from({ length: count }, (_, e) => e + 1);
    const from = Int32Array.from({ length: count }, (_, e) => e - 1);
    const log = freezeOrders(orders, { to, from, unitCost: new Float64Array(count), orderCost: new Float64Array(count + 1), warmupDays: 0 });
    expect(events.length).toBe(count);
    expect(log.length).toBe(count);
    for (let i = 0; i < count; i++) {
      expect([events.node[i], events.day[i], events.type[i], events.cause[i], events.amount[i]]).toEqual([i, i % 65_536, 5, i - 1, i * 0.5]);
      expect([log.edge[i], lineNode(log, i), lineSource(log, i), log.day[i], lineQuantity(log, i), log.shippedWholeOn[i]]).toEqual([i, i + 1, i - 1, i % 65_536, i * 2, 0]);
    }
  });

  it.each([16, 32] as const)("keep order quantities a %i-bit column cannot hold exactly aside, across growth", (bits) => {
    const orders = createOrderBuffers(0, bits);
    const quantities = [3, 65_535, 65_536, 0.5, 2 ** 24, 2 ** 24 + 1, 1e9 + 0.25];
    const count = 3000;
    for (let i = 0; i < count; i++) appendOrderLine(orders, 0, 0, quantities[i % quantities.length]!);
    const log = freezeOrders(orders, { to: new Int32Array(1), from: new Int32Array([-1]), unitCost: new Float64Array(1), orderCost: new Float64Array(1), warmupDays: 0 });
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
    const trace = createTraceBuffers(0, nodes * periods, bits);
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
    const noOrders = freezeOrders(createOrderBuffers(0, 64), { to: new Int32Array(0), from: new Int32Array(0), unitCost: new Float64Array(0), orderCost: new Float64Array(0), warmupDays: 0 });
    forEachCost(frozen, noOrders, (node, day, span, type, cause, amount) => listed.push([node, day, span, type, cause, amount]));
    const expected = written.map(([type, cell, quantity]) => [cell % nodes, Math.floor(cell / nodes) * 7, 7, type, -1, quantity * unitCost[type]![cell % nodes]!]);
    const sort = (rows: number[][]) => [...rows].sort((a, b) => a[3]! - b[3]! || a[0]! - b[0]! || a[1]! - b[1]! || a[5]! - b[5]!);
    expect(sort(listed)).toEqual(sort(expected));
  });
});
