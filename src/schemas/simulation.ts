/**
 * `scp simulate` / simulation API request: a network, replenishment policies, demand, horizon and
 * seed (the engine's `SimulationModel`), plus how to bucket the output series. The shapes mirror
 * `src/server/engine/sim/model.ts`; a compile-time check below keeps them assignable. Cross-field
 * rules (ids that must exist, acyclic lanes, one policy per item × location, …) are checked by the
 * engine's `compileModel`, whose issues carry the same paths.
 */
import { z } from "zod";
import type { SimulationModel } from "../server/engine/sim/index.ts";

const id = z.string().min(1).max(200);
const nonNegative = z.number().finite().min(0);
const days = z.number().int().min(1);

export const locationSchema = z
  .object({
    id: id.describe("Unique location id"),
    kind: z.enum(["supplier", "plant", "dc", "store"]).describe("Suppliers are unlimited external sources"),
    unmetDemand: z.enum(["backorder", "lost"]).optional().describe('Customer demand not served from stock; default "backorder"'),
    holdingRatePerYear: nonNegative.optional().describe("Yearly holding rate as a fraction of unit value"),
    allocationPriority: z.number().finite().optional().describe("Lower is served first when an upstream node is short; default 0"),
    sourcing: z.enum(["priority", "split"]).optional().describe('With several inbound lanes for an item; default "priority"'),
    productionCapacityPerDay: nonNegative.optional().describe("Plants: units that can start production per day"),
  })
  .strict();

export const itemSchema = z
  .object({
    id: id.describe("Unique item id"),
    unitCost: nonNegative.describe("Standard unit cost (stock value, cost of goods, purchase price)"),
    price: nonNegative.optional().describe("Selling price per unit; default 0"),
    integer: z.boolean().optional().describe("Whole units; default true"),
    lostSaleCostPerUnit: nonNegative.optional(),
    backorderCostPerUnitDay: nonNegative.optional(),
  })
  .strict();

export const leadTimeSchema = z.union([
  days.describe("Fixed lead time in days"),
  z
    .object({
      values: z.array(days).min(1).describe("Possible lead times in days"),
      probabilities: z.array(nonNegative).optional().describe("Their probabilities; default equal"),
    })
    .strict(),
]);

export const laneSchema = z
  .object({
    from: id.describe("Shipping location id"),
    to: id.describe("Receiving location id"),
    leadTimeDays: leadTimeSchema,
    costPerUnit: nonNegative.optional(),
    capacityPerDay: z.number().finite().positive().optional().describe("Units per day over all items"),
    items: z.array(id).optional().describe("Items carried; default all items stocked at both ends"),
    priority: z.number().finite().optional().describe('Rank for "priority" sourcing, lower first'),
    share: nonNegative.optional().describe('Share for "split" sourcing'),
  })
  .strict();

export const bomSchema = z
  .object({
    item: id.describe("Product item id"),
    location: id.describe("Plant location id"),
    leadTimeDays: days,
    costPerUnit: nonNegative.optional().describe("Conversion cost per unit produced"),
    components: z.array(z.object({ item: id, quantity: z.number().finite().positive() }).strict()).min(1),
  })
  .strict();

const policyCommon = {
  item: id,
  location: id,
  moq: nonNegative.optional().describe("Minimum order quantity"),
  orderMultiple: z.number().finite().positive().optional().describe("Orders are rounded up to a multiple of this"),
  reviewPeriodDays: days.optional(),
  reviewOffsetDays: z.number().int().min(0).optional(),
  initialOnHand: nonNegative.optional(),
  orderCost: nonNegative.optional().describe("Fixed cost per order"),
  holdingCostPerUnitDay: nonNegative.optional(),
  backorderCostPerUnitDay: nonNegative.optional(),
  lostSaleCostPerUnit: nonNegative.optional(),
};
const level = z.number().finite();

export const policySchema = z.discriminatedUnion("type", [
  z.object({ ...policyCommon, type: z.literal("baseStock"), orderUpTo: level }).strict(),
  z.object({ ...policyCommon, type: z.literal("sS"), reorderPoint: level, orderUpTo: level }).strict(),
  z.object({ ...policyCommon, type: z.literal("rQ"), reorderPoint: level, orderQuantity: z.number().finite().positive() }).strict(),
  z.object({ ...policyCommon, type: z.literal("RS"), reviewPeriodDays: days, orderUpTo: level }).strict(),
  z.object({ ...policyCommon, type: z.literal("minMax"), min: level, max: level }).strict(),
]);

export const distributionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("normal"), mean: z.number().finite(), sd: nonNegative }).strict(),
  z.object({ type: z.literal("poisson"), mean: nonNegative.max(1e7) }).strict(),
  z.object({ type: z.literal("gamma"), mean: z.number().finite().positive(), sd: z.number().finite().positive() }).strict(),
  z.object({ type: z.literal("negativeBinomial"), mean: z.number().finite().positive(), variance: z.number().finite().positive() }).strict(),
  z.object({ type: z.literal("empirical"), values: z.array(nonNegative).min(1), probabilities: z.array(nonNegative).optional() }).strict(),
]);

export const demandSchema = z.union([
  z.object({ item: id, location: id, series: z.array(nonNegative).describe("Units per day from day 0; at least the horizon") }).strict(),
  z.object({ item: id, location: id, distribution: distributionSchema }).strict(),
]);

export const networkSchema = z
  .object({
    locations: z.array(locationSchema).min(1),
    items: z.array(itemSchema).min(1),
    lanes: z.array(laneSchema),
    boms: z.array(bomSchema).optional(),
  })
  .strict();

export const simulationOptionsSchema = z
  .object({
    trace: z.union([z.boolean(), z.object({ periodDays: days.max(366).optional() }).strict()]).optional().describe("Record the cost trace"),
    warmupDays: z.number().int().min(0).optional().describe("Days excluded from KPIs, P&L and the cost summary"),
    nodeSeries: z.boolean().optional().describe("Engine API only: daily series per SKU-node"),
    holdingRatePerYear: nonNegative.optional(),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'");

/** The engine model (network + policies + demand + horizon + seed). */
export const simulationModelSchema = z
  .object({
    network: networkSchema,
    policies: z.array(policySchema),
    demand: z.array(demandSchema),
    horizonDays: days.max(36_600).describe("Days to simulate"),
    seed: z.number().int().describe("Seed of all random streams"),
    startDate: isoDate.optional().describe("Date of day 0; default 2026-01-01"),
    options: simulationOptionsSchema.optional(),
  })
  .strict();

/** The `scp simulate` request as published in schemas/simulation.schema.json. */
export const simulationRequestSchema = simulationModelSchema.extend({
  bucket: z.enum(["day", "week", "month"]).default("week").describe("Time bucket of the output series"),
});

export type SimulationRequest = z.output<typeof simulationRequestSchema>;

// Compile-time guarantee that a validated request is a valid engine model.
const assignable = (r: SimulationRequest): SimulationModel => r;
void assignable;
