/**
 * The collaborative plan grid: inputs of the `plan.*` procedures (demand plan by item × location ×
 * week/month bucket, cell edits disaggregated to days, the change feed, presence).
 */
import { z } from "zod";
import { ZId } from "./common.ts";

export const PLAN_BUCKETS = ["week", "month"] as const;
export type PlanBucket = (typeof PLAN_BUCKETS)[number];
/** The location of an aggregate row (an item's total across its locations). */
export const ALL_LOCATIONS = "*";

export const ZPlanRows = z.object({
  scenarioId: ZId,
  bucket: z.enum(PLAN_BUCKETS).default("week"),
  /** Only these series (`item@location`); with aggregates, also those items' total rows. */
  keys: z.array(z.string().min(1).max(300)).max(20_000).optional(),
  item: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  /** Item totals across locations (location "*"). */
  aggregates: z.boolean().default(false),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(50_000).default(20_000),
});
export type TPlanRows = z.input<typeof ZPlanRows>;

export const ZPlanEditCell = z.object({
  scenarioId: ZId,
  /** The version the value was based on (what the user saw when they started editing). */
  baseVersion: z.number().int().min(1),
  item: z.string().min(1).max(200),
  /** A location, or "*" for the item's total across locations (split proportionally). */
  location: z.string().min(1).max(200),
  bucket: z.enum(PLAN_BUCKETS).default("week"),
  bucketIndex: z.number().int().min(0),
  value: z.number().finite().min(0, "must be 0 or more").max(1e12),
  aggregates: z.boolean().default(false),
});
export type TPlanEditCell = z.input<typeof ZPlanEditCell>;

export const ZChangesSince = z.object({ scenarioId: ZId, version: z.number().int().min(0) });
export const ZPresence = z.object({ scenarioId: ZId, state: z.enum(["viewing", "editing"]).default("viewing") });

/**
 * The forecast consensus layers beside the demand plan: a forecast version's statistical baseline,
 * its sales, marketing and finance adjustments and the consensus, matched to the grid's buckets by
 * label ('YYYY-Www' / 'YYYY-MM').
 */
export const ZPlanForecastLayers = z.object({
  scenarioId: ZId,
  bucket: z.enum(PLAN_BUCKETS).default("week"),
  /** A forecast version; by default the newest frozen one of the grid's bucket, else the newest of it. */
  versionId: ZId.optional(),
  /** Only these series (`item@location`). */
  keys: z.array(z.string().min(1).max(300)).max(20_000).optional(),
  item: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
});
export type TPlanForecastLayers = z.input<typeof ZPlanForecastLayers>;

/** "Use consensus as plan": each matched bucket of the series is set to the version's consensus. */
export const ZPlanUseConsensus = z.object({
  scenarioId: ZId,
  /** The version the user saw (a bucket someone changed since is refused as stale). */
  baseVersion: z.number().int().min(1),
  versionId: ZId,
  bucket: z.enum(PLAN_BUCKETS).default("week"),
  /** Only these series (`item@location`): one row, or the rows shown; all series with a forecast when absent. */
  keys: z.array(z.string().min(1).max(300)).min(1).max(20_000).optional(),
  aggregates: z.boolean().default(false),
});
export type TPlanUseConsensus = z.input<typeof ZPlanUseConsensus>;
