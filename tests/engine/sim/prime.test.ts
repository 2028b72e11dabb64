/**
 * The JIT priming network (prime.ts) must keep taking the day loop's rare paths, or priming stops
 * doing its job without anything failing.
 */
import { describe, expect, it } from "vitest";
import { PRIMING_FRACTIONAL_COMPONENT, PRIMING_MODEL, PRIMING_REAL_VALUED } from "../../../src/server/engine/sim/prime.ts";
import { compileModel, simulate } from "../../../src/server/engine/sim/index.ts";

const total = (a: Float64Array) => a.reduce((s, x) => s + x, 0);

describe("JIT priming network", () => {
  it("has stockouts with backorders and lost sales, production, transport and a trace", () => {
    const result = simulate(compileModel({ ...PRIMING_MODEL, options: { ...PRIMING_MODEL.options, trace: true, nodeSeries: true } }));
    const s = result.series.network;
    expect(total(s.lostSales)).toBeGreaterThan(0);
    expect(total(s.backorders)).toBeGreaterThan(0);
    expect(total(s.production)).toBeGreaterThan(0);
    expect(total(s.transportCost)).toBeGreaterThan(0);
    expect(result.kpis.ordersPlaced).toBeGreaterThan(0);
    expect(result.orders!.length).toBeGreaterThan(0);
    expect(result.orders!.shipments.length).toBeGreaterThan(0);
  });

  it("has 16-bit stock matrices, and variants with 64-bit ones and with 32-bit ones and quantities they cannot hold", () => {
    const real = simulate(compileModel(PRIMING_REAL_VALUED), { trace: true }).trace!;
    expect(real.stock[0]).toBeInstanceOf(Float64Array);
    expect(real.stock[0]!.length).toBeGreaterThan(0);
    const main = simulate(compileModel(PRIMING_MODEL), { trace: true }).trace!;
    expect(main.stock[0]).toBeInstanceOf(Uint16Array);
    const fractionalRun = simulate(compileModel(PRIMING_FRACTIONAL_COMPONENT), { trace: true });
    const fractional = fractionalRun.trace!;
    expect(fractional.stock[0]).toBeInstanceOf(Float32Array);
    expect(fractionalRun.orders!.storedQuantity).toBeInstanceOf(Float32Array);
    expect(fractionalRun.orders!.quantityExceptions.size).toBeGreaterThan(0);
    const holdingEntries = Array.from(fractional.stockEntries.type).filter((type) => type === 0).length;
    expect(holdingEntries).toBeGreaterThan(0);
  });
});
