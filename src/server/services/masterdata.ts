/** Master data use-cases: items, locations, lanes, BOMs, inventory policies. */
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import { policyIssues } from "../../schemas/masterdata.ts";
import { crud, dec } from "./crud.ts";

export const items = crud({
  entity: "item",
  defaultSort: ["sku"],
  delegate: (db) => db.item,
  columns: {
    sku: { path: "sku", kind: "text" },
    name: { path: "name", kind: "text" },
    unitCost: { path: "unitCost", kind: "number" },
    price: { path: "price", kind: "number" },
    uom: { path: "uom", kind: "text" },
  },
  toDto: (r) => ({ id: r.id as string, sku: r.sku as string, name: r.name as string, unitCost: dec(r.unitCost)!, price: dec(r.price)!, uom: r.uom as string }),
  dependents: async (db, id) => ({
    boms: await boms.many(db, { OR: [{ parentItemId: id }, { componentItemId: id }] }),
    policies: await policies.many(db, { itemId: id }),
    demandHistory: await demandHistorySummary(db, { itemId: id }),
  }),
});

/** Demand rows a delete removes: how many and over which dates (too many to list one by one). */
async function demandHistorySummary(db: TenantDb, where: { itemId?: string; locationId?: string }) {
  const r = await db.demandHistory.aggregate({ where, _count: { _all: true }, _min: { date: true }, _max: { date: true } });
  return { rows: r._count._all, from: r._min.date?.toISOString().slice(0, 10) ?? null, to: r._max.date?.toISOString().slice(0, 10) ?? null };
}

export const locations = crud({
  entity: "location",
  defaultSort: ["code"],
  delegate: (db) => db.location,
  columns: {
    code: { path: "code", kind: "text" },
    name: { path: "name", kind: "text" },
    type: { path: "type", kind: "enum" },
    orgUnit: { path: "orgUnit.name", kind: "text" },
  },
  include: { orgUnit: { select: { name: true } } },
  toDto: (r) => ({
    id: r.id as string,
    code: r.code as string,
    name: r.name as string,
    type: r.type as string,
    orgUnitId: (r.orgUnitId as string | null) ?? null,
    orgUnit: (r.orgUnit?.name as string | undefined) ?? null,
  }),
  dependents: async (db, id) => ({
    lanes: await lanes.many(db, { OR: [{ fromId: id }, { toId: id }] }),
    policies: await policies.many(db, { locationId: id }),
    demandHistory: await demandHistorySummary(db, { locationId: id }),
  }),
});

export const lanes = crud({
  entity: "lane",
  defaultSort: ["from", "to"],
  delegate: (db) => db.lane,
  columns: {
    from: { path: "from.code", kind: "text" },
    to: { path: "to.code", kind: "text" },
    leadTimeDays: { path: "leadTimeDays", kind: "number" },
    transportCostPerUnit: { path: "transportCostPerUnit", kind: "number" },
  },
  include: { from: { select: { code: true } }, to: { select: { code: true } } },
  toDto: (r) => ({
    id: r.id as string,
    fromId: r.fromId as string,
    toId: r.toId as string,
    from: r.from?.code as string,
    to: r.to?.code as string,
    leadTimeDays: r.leadTimeDays as number,
    transportCostPerUnit: dec(r.transportCostPerUnit)!,
  }),
});

export const boms = crud({
  entity: "bom",
  defaultSort: ["parent", "component"],
  delegate: (db) => db.bom,
  columns: {
    parent: { path: "parent.sku", kind: "text" },
    component: { path: "component.sku", kind: "text" },
    quantityPer: { path: "quantityPer", kind: "number" },
  },
  include: { parent: { select: { sku: true } }, component: { select: { sku: true } } },
  toDto: (r) => ({
    id: r.id as string,
    parentItemId: r.parentItemId as string,
    componentItemId: r.componentItemId as string,
    parent: r.parent?.sku as string,
    component: r.component?.sku as string,
    quantityPer: dec(r.quantityPer)!,
  }),
});

export const policies = crud({
  entity: "policy",
  defaultSort: ["item", "location"],
  delegate: (db) => db.inventoryPolicy,
  columns: {
    item: { path: "item.sku", kind: "text" },
    location: { path: "location.code", kind: "text" },
    policyType: { path: "policyType", kind: "enum" },
    reorderPoint: { path: "reorderPoint", kind: "number" },
    orderUpTo: { path: "orderUpTo", kind: "number" },
    orderQuantity: { path: "orderQuantity", kind: "number" },
    safetyStock: { path: "safetyStock", kind: "number" },
  },
  include: { item: { select: { sku: true } }, location: { select: { code: true } } },
  toDto: (r) => ({
    id: r.id as string,
    itemId: r.itemId as string,
    locationId: r.locationId as string,
    item: r.item?.sku as string,
    location: r.location?.code as string,
    policyType: r.policyType as string,
    reorderPoint: dec(r.reorderPoint),
    orderUpTo: dec(r.orderUpTo),
    orderQuantity: dec(r.orderQuantity),
    reviewPeriodDays: (r.reviewPeriodDays as number | null) ?? null,
    safetyStock: dec(r.safetyStock),
    moq: dec(r.moq),
    orderMultiple: dec(r.orderMultiple),
  }),
});

/** Policy updates are validated on the merged row: a type change must bring its parameters. */
export function checkMergedPolicy(merged: Record<string, unknown>): void {
  const issues = policyIssues(merged);
  if (issues.length) {
    throw new AppError(
      "BAD_REQUEST",
      issues.map((i) => `${i.path} ${i.message}`).join("; "),
      Object.fromEntries(issues.map((i) => [i.path, [i.message]])),
    );
  }
}

/** Small id/label lists for the selects of the create/edit forms. */
export async function masterdataOptions(db: TenantDb) {
  const [itemRows, locationRows, orgUnitRows] = await Promise.all([
    db.item.findMany({ select: { id: true, sku: true, name: true }, orderBy: { sku: "asc" }, take: 5000 }),
    db.location.findMany({ select: { id: true, code: true, name: true, type: true }, orderBy: { code: "asc" }, take: 5000 }),
    db.orgUnit.findMany({ select: { id: true, code: true, name: true }, orderBy: { code: "asc" }, take: 5000 }),
  ]);
  return { items: itemRows, locations: locationRows, orgUnits: orgUnitRows };
}

export async function dashboardCounts(db: TenantDb) {
  const [items, locations, lanes, boms, policies, demandRows, members, orgUnits] = await Promise.all([
    db.item.count(),
    db.location.count(),
    db.lane.count(),
    db.bom.count(),
    db.inventoryPolicy.count(),
    db.demandHistory.count(),
    db.membership.count({ where: { active: true } }),
    db.orgUnit.count(),
  ]);
  const byType = await db.location.groupBy({ by: ["type"], _count: { _all: true } });
  // Units per calendar month across the tenant's demand history (RLS scopes the sum).
  const demandByMonth = await db.$queryRaw<{ month: string; quantity: number }[]>`
    select to_char(date_trunc('month', date), 'YYYY-MM') as month, sum(quantity)::float8 as quantity
    from demand_history group by 1 order by 1`;
  return {
    items, locations, lanes, boms, policies, demandRows, members, orgUnits,
    locationsByType: Object.fromEntries(byType.map((g) => [g.type, g._count._all])) as Record<string, number>,
    demandByMonth,
  };
}
