/**
 * Builds the simulation engine's model from a tenant's master data: locations, items, lanes,
 * BOMs, inventory policies, and customer demand fitted to (or replayed from) demand history.
 * Assumptions a planner should know are stated where they are made.
 */
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import type { PolicySpec, SimulationModel, DemandSpec, BomSpec } from "../engine/sim/index.ts";
import type { TSimulateParams } from "../../schemas/runs.ts";

const DAY_MS = 86_400_000;
/** Back-order penalty per unit-day as a share of the selling price (1%/day). */
export const BACKORDER_PENALTY_SHARE_PER_DAY = 0.01;
/** Production lead time at plants when the BOM carries none. */
export const DEFAULT_PRODUCTION_DAYS = 1;

const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function buildSimulationModel(db: TenantDb, params: TSimulateParams): Promise<SimulationModel> {
  const [locations, items, lanes, boms, policies] = await Promise.all([
    db.location.findMany({ orderBy: { code: "asc" } }),
    db.item.findMany({ orderBy: { sku: "asc" } }),
    db.lane.findMany({ include: { from: { select: { code: true } }, to: { select: { code: true } } } }),
    db.bom.findMany({ include: { parent: { select: { sku: true } }, component: { select: { sku: true } } } }),
    db.inventoryPolicy.findMany({ include: { item: { select: { sku: true } }, location: { select: { code: true } } } }),
  ]);
  if (!locations.length || !items.length) {
    throw AppError.of("BAD_REQUEST", "noNetworkToSimulate");
  }
  if (!policies.length) throw AppError.of("BAD_REQUEST", "noPoliciesToSimulate");

  // Demand: the last `historyDays` of daily history per item × location.
  const last = await db.demandHistory.aggregate({ _max: { date: true } });
  const lastDate = last._max.date;
  if (!lastDate) throw AppError.of("BAD_REQUEST", "noDemandHistoryToSimulate");
  const since = new Date(lastDate.getTime() - (params.historyDays - 1) * DAY_MS);
  // One joined query (RLS fences all three tables); relation selects would send a parameter per row.
  const rows = await db.$queryRaw<{ item: string; location: string; date: Date; quantity: number }[]>`
    select i.sku as item, l.code as location, d.date, d.quantity::float8 as quantity
    from demand_history d join items i on i.id = d.item_id join locations l on l.id = d.location_id
    where d.date >= ${since}`;
  const byNode = new Map<string, { item: string; location: string; values: Float64Array }>();
  for (const r of rows) {
    const key = `${r.item}\u0000${r.location}`;
    let node = byNode.get(key);
    if (!node) byNode.set(key, (node = { item: r.item, location: r.location, values: new Float64Array(params.historyDays) }));
    const day = Math.round((r.date.getTime() - since.getTime()) / DAY_MS);
    node.values[day] = Number(r.quantity);
  }
  const demand: DemandSpec[] = [];
  for (const node of byNode.values()) {
    if (params.demand === "history") {
      // Replay the history, repeated as needed to cover the horizon.
      const series = Array.from({ length: params.horizonDays }, (_, d) => node.values[d % node.values.length]!);
      demand.push({ item: node.item, location: node.location, series });
    } else {
      let sum = 0, sq = 0;
      for (const v of node.values) { sum += v; sq += v * v; }
      const n = node.values.length;
      const mean = sum / n;
      const sd = Math.sqrt(Math.max(0, (sq - n * mean * mean) / Math.max(1, n - 1)));
      demand.push({ item: node.item, location: node.location, distribution: { type: "normal", mean, sd } });
    }
  }

  const plants = locations.filter((l) => l.type === "plant").map((l) => l.code);
  const bomByParent = new Map<string, { item: string; quantity: number }[]>();
  for (const b of boms) {
    const list = bomByParent.get(b.parent.sku) ?? [];
    list.push({ item: b.component.sku, quantity: Number(b.quantityPer) });
    bomByParent.set(b.parent.sku, list);
  }
  // A BOM is made at every plant (BOMs are not location-specific in master data v1).
  const bomSpecs: BomSpec[] = [];
  for (const plant of plants) {
    for (const [item, components] of bomByParent) {
      bomSpecs.push({ item, location: plant, leadTimeDays: DEFAULT_PRODUCTION_DAYS, components });
    }
  }

  const num = (v: { toString(): string } | null) => (v == null ? undefined : Number(v));
  const policySpecs: PolicySpec[] = policies.map((p) => {
    const common = {
      item: p.item.sku,
      location: p.location.code,
      moq: num(p.moq),
      orderMultiple: num(p.orderMultiple),
      reviewPeriodDays: p.reviewPeriodDays ?? undefined,
    };
    switch (p.policyType) {
      case "base_stock": return { ...common, type: "baseStock", orderUpTo: num(p.orderUpTo)! };
      case "s_S": return { ...common, type: "sS", reorderPoint: num(p.reorderPoint)!, orderUpTo: num(p.orderUpTo)! };
      case "r_Q": return { ...common, type: "rQ", reorderPoint: num(p.reorderPoint)!, orderQuantity: num(p.orderQuantity)! };
      case "R_S": return { ...common, type: "RS", reviewPeriodDays: p.reviewPeriodDays ?? 7, orderUpTo: num(p.orderUpTo)! };
      case "min_max": return { ...common, type: "minMax", min: num(p.reorderPoint)!, max: num(p.orderUpTo)! };
    }
  });

  return {
    network: {
      locations: locations.map((l) => ({ id: l.code, kind: l.type })),
      items: items.map((i) => ({
        id: i.sku,
        unitCost: Number(i.unitCost),
        price: Number(i.price),
        backorderCostPerUnitDay: Number(i.price) * BACKORDER_PENALTY_SHARE_PER_DAY,
      })),
      // The engine needs lead times ≥ 1 day (an order placed today arrives tomorrow at the earliest).
      lanes: lanes.map((l) => ({
        from: l.from.code,
        to: l.to.code,
        leadTimeDays: Math.max(1, l.leadTimeDays),
        costPerUnit: Number(l.transportCostPerUnit),
      })),
      boms: bomSpecs,
    },
    policies: policySpecs,
    demand,
    horizonDays: params.horizonDays,
    seed: params.seed,
    startDate: params.startDate ?? iso(new Date(lastDate.getTime() + DAY_MS)),
    options: { trace: true, warmupDays: params.warmupDays, nodeSeries: true, holdingRatePerYear: params.holdingRatePerYear },
  };
}
