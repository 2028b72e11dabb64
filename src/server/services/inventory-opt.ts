/**
 * Inventory optimisation use-cases: the inputs of every item × location with a policy (demand
 * from history, echelon demand at DCs and plants, inbound lead times, costs), the recommended
 * policies (engine/inventory batch), trade-off curves, validating a recommendation by simulation,
 * and applying recommendations to the policies table (audited).
 */
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import type { Actor } from "./audit.ts";
import { policies as policyCrud } from "./masterdata.ts";
import { getArtifact } from "./artifacts.ts";
import { editCells, materialise } from "./scenarios.ts";
import { cellKey } from "../../schemas/scenario.ts";
import {
  SERVICE_CYCLE, SERVICE_FILL_RATE, allocatePolicyInput, computePolicies, tradeOffCurve,
} from "../engine/inventory/index.ts";
import { validateBySimulation, ValidationInputError } from "../engine/inventory/validate.ts";
import type { TInventoryParams } from "../../schemas/runs.ts";
import type { TValidateRecommendation } from "../../schemas/inventory.ts";

const DAY_MS = 86_400_000;

/** One row of the optimisation: a policy's item × location with its inputs and current levels. */
export interface OptimisationRow {
  policyId: string;
  item: string;
  location: string;
  locationType: string;
  demandMean: number;
  demandSd: number;
  leadTimeDays: number;
  unitCost: number;
  moq: number;
  orderMultiple: number;
  reviewPeriodDays: number;
  current: { policyType: string; reorderPoint: number | null; orderUpTo: number | null; orderQuantity: number | null; safetyStock: number | null };
}

export interface Recommendation extends OptimisationRow {
  reorderPoint: number;
  orderQuantity: number;
  orderUpToLevel: number;
  safetyStock: number;
  inventoryInvestment: number;
  expectedCycleServiceLevel: number;
  expectedFillRate: number;
  holdingCostPerYear: number;
  orderingCostPerYear: number;
  exact: boolean;
  status: "ok" | "zero_demand" | "invalid";
}

export const TRADE_OFF_TARGETS = [0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995];

/** Reads master data and demand history into optimisation rows. */
export async function optimisationRows(db: TenantDb, params: TInventoryParams): Promise<OptimisationRow[]> {
  const [policies, lanes] = await Promise.all([
    db.inventoryPolicy.findMany({
      include: { item: { select: { sku: true, unitCost: true } }, location: { select: { code: true, type: true } } },
      orderBy: [{ item: { sku: "asc" } }, { location: { code: "asc" } }],
    }),
    db.lane.findMany({ select: { fromId: true, toId: true, leadTimeDays: true } }),
  ]);
  if (!policies.length) throw AppError.of("BAD_REQUEST", "noPoliciesToOptimise");
  const last = await db.demandHistory.aggregate({ _max: { date: true } });
  if (!last._max.date) throw AppError.of("BAD_REQUEST", "noDemandHistoryToOptimise");
  const since = new Date(last._max.date.getTime() - (params.historyDays - 1) * DAY_MS);
  const stats = await db.$queryRaw<{ item_id: string; location_id: string; total: number; sumsq: number }[]>`
    select item_id::text, location_id::text, sum(quantity)::float8 as total, sum(quantity * quantity)::float8 as sumsq
    from demand_history where date >= ${since} group by 1, 2`;
  const n = params.historyDays;
  // Daily mean and variance per item × location (days without a row count as zero demand).
  const local = new Map<string, { mean: number; variance: number }>();
  for (const s of stats) {
    const mean = s.total / n;
    local.set(`${s.item_id}:${s.location_id}`, { mean, variance: Math.max(0, (s.sumsq - n * mean * mean) / (n - 1)) });
  }
  // Echelon demand: a location also serves what flows through it downstream (lanes out of it);
  // independent demands add means and variances.
  const downstream = new Map<string, string[]>();
  const inboundLead = new Map<string, number>();
  for (const l of lanes) {
    downstream.set(l.fromId, [...(downstream.get(l.fromId) ?? []), l.toId]);
    inboundLead.set(l.toId, Math.min(inboundLead.get(l.toId) ?? Infinity, Math.max(1, l.leadTimeDays)));
  }
  const memo = new Map<string, { mean: number; variance: number }>();
  const echelon = (item: string, loc: string, seen: Set<string>): { mean: number; variance: number } => {
    const key = `${item}:${loc}`;
    const cached = memo.get(key);
    if (cached) return cached;
    const own = local.get(key) ?? { mean: 0, variance: 0 };
    let mean = own.mean, variance = own.variance;
    for (const to of downstream.get(loc) ?? []) {
      if (seen.has(to)) continue; // a cyclic network would otherwise recurse forever
      const d = echelon(item, to, new Set([...seen, to]));
      mean += d.mean;
      variance += d.variance;
    }
    const result = { mean, variance };
    memo.set(key, result);
    return result;
  };
  const num = (v: { toString(): string } | null) => (v == null ? null : Number(v));
  return policies.map((p) => {
    const d = echelon(p.itemId, p.locationId, new Set([p.locationId]));
    return {
      policyId: p.id,
      item: p.item.sku,
      location: p.location.code,
      locationType: p.location.type,
      demandMean: d.mean,
      demandSd: Math.sqrt(d.variance),
      // Plants replenish by production (1 day in the simulator) when nothing ships in.
      leadTimeDays: inboundLead.get(p.locationId) ?? 1,
      unitCost: Number(p.item.unitCost),
      moq: num(p.moq) ?? 0,
      orderMultiple: num(p.orderMultiple) ?? 0,
      reviewPeriodDays: p.reviewPeriodDays ?? 1,
      current: {
        policyType: p.policyType,
        reorderPoint: num(p.reorderPoint),
        orderUpTo: num(p.orderUpTo),
        orderQuantity: num(p.orderQuantity),
        safetyStock: num(p.safetyStock),
      },
    };
  });
}

function batchInput(rows: OptimisationRow[], params: TInventoryParams) {
  const input = allocatePolicyInput(rows.length);
  rows.forEach((r, i) => {
    input.demandMean[i] = r.demandMean;
    input.demandSd[i] = r.demandSd;
    input.leadTimeMean[i] = r.leadTimeDays;
    input.leadTimeSd[i] = 0;
    input.unitCost[i] = r.unitCost;
    input.holdingRate[i] = params.holdingRatePerYear;
    input.orderingCost[i] = params.orderingCost;
    input.serviceKind[i] = params.serviceKind === "cycle" ? SERVICE_CYCLE : SERVICE_FILL_RATE;
    input.serviceTarget[i] = params.serviceTarget;
    input.minOrderQuantity[i] = r.moq;
    input.orderMultiple[i] = r.orderMultiple;
    input.reviewPeriod[i] = r.reviewPeriodDays;
  });
  return input;
}

export function recommend(rows: OptimisationRow[], params: TInventoryParams): Recommendation[] {
  const out = computePolicies(batchInput(rows, params));
  return rows.map((r, i) => ({
    ...r,
    reorderPoint: out.reorderPoint[i]!,
    orderQuantity: out.orderQuantity[i]!,
    orderUpToLevel: out.orderUpToLevel[i]!,
    safetyStock: out.safetyStock[i]!,
    inventoryInvestment: out.inventoryInvestment[i]!,
    expectedCycleServiceLevel: out.expectedCycleServiceLevel[i]!,
    expectedFillRate: out.expectedFillRate[i]!,
    holdingCostPerYear: out.holdingCostPerYear[i]!,
    orderingCostPerYear: out.orderingCostPerYear[i]!,
    exact: out.exact[i] === 1,
    status: out.status[i] === 0 ? "ok" : out.status[i] === 1 ? "zero_demand" : "invalid",
  }));
}

export function curve(rows: OptimisationRow[], params: TInventoryParams) {
  const c = tradeOffCurve(batchInput(rows, params), TRADE_OFF_TARGETS, params.serviceKind === "cycle" ? SERVICE_CYCLE : SERVICE_FILL_RATE);
  return TRADE_OFF_TARGETS.map((target, i) => ({
    target,
    investment: c.investment[i]!,
    achievedService: c.achievedService[i]!,
    costPerYear: c.costPerYear[i]!,
    safetyStockValue: c.safetyStockValue[i]!,
  }));
}

interface StoredOptimisation {
  params: TInventoryParams;
  rows: OptimisationRow[];
  recommendations: Recommendation[];
  network: ReturnType<typeof curve>;
}

async function stored(db: TenantDb, runId: string): Promise<StoredOptimisation> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { kind: true, status: true } });
  if (!run || run.kind !== "inventory") throw AppError.of("NOT_FOUND", "optimisationRunNotFound");
  const s = await getArtifact<StoredOptimisation>(db, runId, "recommendations");
  if (!s) throw AppError.of("NOT_FOUND", "runNoRecommendations", { status: run.status });
  return s;
}

export async function recommendations(db: TenantDb, runId: string) {
  const s = await stored(db, runId);
  return { params: s.params, rows: s.recommendations, network: s.network };
}

/** The trade-off curve of the whole network, or of one item over its locations. */
export async function tradeOff(db: TenantDb, runId: string, item?: string) {
  const s = await stored(db, runId);
  if (!item) return { item: null, points: s.network };
  const rows = s.rows.filter((r) => r.item === item);
  if (!rows.length) throw AppError.of("NOT_FOUND", "noPolicyRowsForItem", { item }, { item: ["not in this run"] });
  return { item, points: curve(rows, s.params) };
}

/**
 * Validation by simulation of one recommendation row: its (s, nQ) or order-up-to policy runs on a
 * supplier → location model with the row's normal daily demand, lead time, MOQ and multiple, the
 * run's holding rate and ordering cost, for independent replications; achieved fill rate, cycle
 * service level, average on-hand and cost per day come back as means with 95% confidence
 * intervals beside what the optimisation promised. Nothing is stored.
 */
export async function validateRecommendation(db: TenantDb, input: TValidateRecommendation) {
  const s = await stored(db, input.id);
  const r = s.recommendations.find((x) => x.policyId === input.policyId);
  if (!r) throw AppError.of("NOT_FOUND", "recommendationNotInRun", undefined, { policyId: ["not in this run"] });
  if (r.status !== "ok") throw AppError.of("BAD_REQUEST", "recommendationNotValidatable", { item: r.item, location: r.location, status: r.status });
  try {
    const result = validateBySimulation({
      policy: { type: "policy", reorderPoint: r.reorderPoint, orderQuantity: r.orderQuantity, reviewPeriod: r.reviewPeriodDays },
      demand: { dist: "normal", mean: r.demandMean, sd: r.demandSd },
      leadTime: r.leadTimeDays,
      holdingCost: (r.unitCost * s.params.holdingRatePerYear) / 365,
      fixedCost: s.params.orderingCost,
      minOrderQuantity: r.moq,
      orderMultiple: r.orderMultiple,
      promised: {
        fillRate: r.expectedFillRate,
        cycleServiceLevel: r.expectedCycleServiceLevel,
        ...(r.unitCost > 0 ? { averageOnHand: r.inventoryInvestment / r.unitCost } : {}),
        // The optimiser's cost is yearly holding + ordering (365 periods a year, no backorder cost).
        costPerDay: (r.holdingCostPerYear + r.orderingCostPerYear) / 365,
      },
      replications: input.replications,
      horizonDays: input.horizonDays,
      warmupDays: input.warmupDays,
      seed: input.seed,
    });
    return {
      runId: input.id,
      policyId: r.policyId,
      item: r.item,
      location: r.location,
      serviceKind: s.params.serviceKind,
      serviceTarget: s.params.serviceTarget,
      /** False when the optimiser's figures are approximations (lead-time variability). */
      exact: r.exact,
      ...result,
    };
  } catch (e) {
    if (e instanceof ValidationInputError) {
      throw AppError.of("BAD_REQUEST", "recommendationCannotSimulate", { field: e.path.join("."), detail: e.detail });
    }
    throw e;
  }
}

function chosen(s: StoredOptimisation, policyIds: string[]) {
  const byId = new Map(s.recommendations.map((r) => [r.policyId, r]));
  const unknown = policyIds.filter((id) => !byId.has(id));
  if (unknown.length) throw AppError.of("BAD_REQUEST", "rowsNotInRun", { count: unknown.length }, { policyIds: ["not in this run"] });
  return policyIds.map((id) => {
    const r = byId.get(id)!;
    if (r.status !== "ok") throw AppError.of("BAD_REQUEST", "noRecommendationFor", { item: r.item, location: r.location, status: r.status });
    return r;
  });
}

/**
 * Writes the chosen recommendations into a draft scenario, through the scenario diff mechanism
 * (one audited edit batch): each becomes an (r,Q) policy, or base-stock when the lot size is 0,
 * keeping the entry's other settings (MOQ, multiple, costs…).
 */
export async function applyRecommendationsToScenario(db: TenantDb, actor: Actor, runId: string, policyIds: string[], scenarioId: string) {
  const recs = chosen(await stored(db, runId), policyIds);
  const { scenario, document } = await materialise(db, scenarioId);
  if (scenario.status !== "draft") throw AppError.of("CONFLICT", "recommendationsNeedDraft", { name: scenario.name, status: scenario.status });
  const edits = recs.map((r) => {
    const key = cellKey(r.item, r.location);
    const { type: _type, orderUpTo: _s, reorderPoint: _r, orderQuantity: _q, min: _min, max: _max, reviewPeriodDays: _rp, ...rest } =
      (document.policies[key] ?? { item: r.item, location: r.location }) as Record<string, unknown>;
    const value = r.orderQuantity > 0
      ? { ...rest, item: r.item, location: r.location, type: "rQ", reorderPoint: r.reorderPoint, orderQuantity: r.orderQuantity }
      : { ...rest, item: r.item, location: r.location, type: "baseStock", orderUpTo: r.reorderPoint };
    return { path: `/policies/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, value };
  });
  await editCells(db, actor, { id: scenarioId, baseVersion: scenario.version, edits });
  return { applied: edits.length, scenarioId };
}

/**
 * Writes the chosen recommendations into the policies table, each as an (r,Q) policy (or
 * base-stock when the lot size is 0) with its safety stock; every change is audited.
 */
export async function applyRecommendations(db: TenantDb, actor: Actor, runId: string, policyIds: string[]) {
  const applied = [];
  for (const r of chosen(await stored(db, runId), policyIds)) {
    const id = r.policyId;
    const data = r.orderQuantity > 0
      ? { policyType: "r_Q", reorderPoint: r.reorderPoint.toFixed(4), orderQuantity: r.orderQuantity.toFixed(4), orderUpTo: null, safetyStock: r.safetyStock.toFixed(4) }
      : { policyType: "base_stock", orderUpTo: r.reorderPoint.toFixed(4), reorderPoint: null, orderQuantity: null, safetyStock: r.safetyStock.toFixed(4) };
    applied.push(await policyCrud.update(db, actor, id, data));
  }
  return { applied: applied.length };
}
