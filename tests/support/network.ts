/** A small network in a tenant (1 supplier → 1 DC → 2 stores, 2 items) and helpers for runs. */
import type { PrismaClient } from "../../src/generated/prisma/client.ts";

export async function seedSmallNetwork(db: PrismaClient, tenantId: string) {
  const sup = await db.location.create({ data: { tenantId, code: "SUP", name: "Supplier", type: "supplier" } });
  const dc = await db.location.findFirst({ where: { tenantId, type: "dc" } }) ??
    await db.location.create({ data: { tenantId, code: "DC", name: "DC", type: "dc" } });
  const stores = [
    await db.location.create({ data: { tenantId, code: "S1", name: "Store 1", type: "store" } }),
    await db.location.create({ data: { tenantId, code: "S2", name: "Store 2", type: "store" } }),
  ];
  const items = [
    await db.item.findFirst({ where: { tenantId } }) ?? await db.item.create({ data: { tenantId, sku: "I1", name: "Item 1", unitCost: 5, price: 9 } }),
    await db.item.create({ data: { tenantId, sku: "I2", name: "Item 2", unitCost: 2, price: 3.5 } }),
  ];
  await db.lane.create({ data: { tenantId, fromId: sup.id, toId: dc.id, leadTimeDays: 5, transportCostPerUnit: 0.2 } });
  for (const s of stores) await db.lane.create({ data: { tenantId, fromId: dc.id, toId: s.id, leadTimeDays: 2, transportCostPerUnit: 0.1 } });
  for (const it of items) {
    await db.inventoryPolicy.create({ data: { tenantId, itemId: it.id, locationId: dc.id, policyType: "base_stock", orderUpTo: 200 } });
    for (const s of stores) {
      await db.inventoryPolicy.create({ data: { tenantId, itemId: it.id, locationId: s.id, policyType: "s_S", reorderPoint: 20, orderUpTo: 60 } });
    }
  }
  const rows = [];
  const start = Date.UTC(2026, 0, 1);
  for (const it of items) for (const s of stores) for (let d = 0; d < 60; d++) {
    rows.push({ tenantId, itemId: it.id, locationId: s.id, date: new Date(start + d * 86_400_000), quantity: 5 + ((d * 7 + s.code.length) % 5) });
  }
  await db.demandHistory.createMany({ data: rows });
}

interface RunsApi {
  get(input: { id: string }): Promise<{ status: string; progress: number; [k: string]: unknown }>;
}

export async function waitForRun<A extends RunsApi>(api: A, id: string, timeoutMs = 60_000): Promise<Awaited<ReturnType<A["get"]>>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.get({ id });
    if (["succeeded", "failed", "cancelled"].includes(run.status)) return run as Awaited<ReturnType<A["get"]>>;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status} (${run.progress}%) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
