/** The trace buffers grow past their first capacity without losing what they hold. */
import { describe, expect, it } from "vitest";
import { appendCost, appendOrderLine, createOrderBuffers, createTraceBuffers, freezeOrders, freezeTrace } from "../../../src/server/engine/sim/trace.ts";

describe("trace buffers", () => {
  it("keep every event cost and order line when they grow", () => {
    const trace = createTraceBuffers(0, 0, [false, false, false, false]);
    const orders = createOrderBuffers(0);
    const first = trace.node.length;
    const count = first * 3 + 7;
    for (let i = 0; i < count; i++) {
      appendCost(trace, i, i % 65_536, 5, i - 1, i * 0.5);
      expect(appendOrderLine(orders, i, i + 1, i, i * 2)).toBe(i);
    }
    expect(trace.node.length).toBeGreaterThan(first);
    const events = freezeTrace(trace, { nodeCount: count, days: 65_535, warmupDays: 0, periodDays: 7 }).events;
    const edgeFrom = Int32Array.from({ length: count + 1 }, (_, e) => e - 1);
    const log = freezeOrders(orders, edgeFrom, new Float64Array(count + 1));
    expect(events.length).toBe(count);
    expect(log.length).toBe(count);
    for (let i = 0; i < count; i++) {
      expect([events.node[i], events.day[i], events.type[i], events.cause[i], events.amount[i]]).toEqual([i, i % 65_536, 5, i - 1, i * 0.5]);
      expect([log.node[i], log.edge[i], log.sourceNode[i], log.day[i], log.quantity[i], log.orderingCost[i], log.shippedWholeOn[i]]).toEqual([i, i + 1, i, i, i * 2, 0, 0]);
    }
  });
});
