/** Runs: what a user asks to compute in the background, and how run lists are queried. */
import { z } from "zod";
import { ZId } from "./common.ts";

export const RUN_KINDS = ["simulate", "forecast", "optimise", "inventory"] as const;
export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const ZRunKind = z.enum(RUN_KINDS);
export const ZRunStatus = z.enum(RUN_STATUSES);

/** Bumped when the simulate parameters change shape; stored on every run. */
export const SIMULATE_PARAMS_VERSION = 1;

/** A simulation of the tenant's master-data network. */
export const ZSimulateParams = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  horizonDays: z.number().int().min(7, "must be at least 7 days").max(730, "must be at most 730 days").default(91),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Independent replications (Monte Carlo); KPIs get 95% confidence intervals when > 1. */
  replications: z.number().int().min(1).max(50).default(1),
  startDate: z.iso.date({ message: "must be a date 'YYYY-MM-DD'" }).optional(),
  /** fitted: normal daily demand fitted to the last `historyDays` of history; history: replay it. */
  demand: z.enum(["fitted", "history"]).default("fitted"),
  historyDays: z.number().int().min(14).max(730).default(182),
  warmupDays: z.number().int().min(0).max(365).default(0),
  holdingRatePerYear: z.number().min(0).max(5).default(0.2),
});
export type TSimulateParams = z.infer<typeof ZSimulateParams>;

/** Simulate a scenario's plan as it stands (its latest version). */
export const ZStartScenarioSimulation = z.object({
  scenarioId: ZId,
  name: z.string().trim().min(1).max(120).optional(),
  replications: z.number().int().min(1).max(50).default(1),
  priority: z.number().int().min(-10).max(10).default(0),
});

export const ZStartSimulation = ZSimulateParams.extend({ priority: z.number().int().min(-10).max(10).default(0) });
export type TStartSimulation = z.infer<typeof ZStartSimulation>;

/** The largest run page the API returns (documented in the README). */
export const MAX_RUN_PAGE = 200;

export const ZRunListQuery = z.object({
  limit: z.number().int().min(1).max(MAX_RUN_PAGE, `must be at most ${MAX_RUN_PAGE}`).default(50),
  /** Opaque cursor from the previous page's nextCursor. */
  cursor: z.string().max(500).optional(),
  /** Row offset, for grids that jump to a position; ignored when a cursor is given. */
  offset: z.number().int().min(0).max(10_000_000).optional(),
  sort: z.enum(["createdAt", "durationMs", "name"]).default("createdAt"),
  direction: z.enum(["asc", "desc"]).default("desc"),
  status: z.array(ZRunStatus).max(5).optional(),
  kind: z.array(ZRunKind).max(4).optional(),
  scenarioRef: z.string().max(64).optional(),
  requestedBy: ZId.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  search: z.string().max(120).optional(),
  /** Include params and KPIs (summaries only by default). */
  detail: z.boolean().default(false),
  /** Also count all matching runs (costs a scan of the tenant's runs; off by default). */
  withTotal: z.boolean().default(false),
});
export type TRunListQuery = z.infer<typeof ZRunListQuery>;

export const ZRunId = z.object({ id: ZId });
export const BUCKETS = ["day", "week", "month"] as const;
export const ZRunSeriesQuery = z.object({ id: ZId, bucket: z.enum(BUCKETS).default("day") });
export const ZCostDrill = z.object({
  id: ZId,
  /** Drill path: cost type → location → item → day; each given level filters the next. */
  type: z.string().max(32).optional(),
  location: z.string().max(64).optional(),
  item: z.string().max(64).optional(),
  day: z.number().int().min(0).optional(),
});
export const ZCompareRuns = z.object({
  ids: z.array(ZId).min(2, "choose at least 2 runs").max(4, "choose at most 4 runs"),
  bucket: z.enum(BUCKETS).default("week"),
});

/** Event payload of every run function: which tenant, which run. */
export const ZRunEvent = z.object({ tenantId: ZId, runId: ZId, requestedBy: ZId });
export type TRunEvent = z.infer<typeof ZRunEvent>;

/** Bumped when the inventory-optimisation parameters change shape. */
export const INVENTORY_PARAMS_VERSION = 1;

/** Recommended policies for every item × location that has a policy today. */
export const ZInventoryParams = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  serviceKind: z.enum(["cycle", "fillRate"]).default("cycle"),
  /** Target service in (0, 1), e.g. 0.95. */
  serviceTarget: z.number().gt(0.5, "must be above 0.5").lt(1, "must be below 1").default(0.95),
  holdingRatePerYear: z.number().gt(0).max(5).default(0.2),
  orderingCost: z.number().min(0).max(1e6).default(50),
  historyDays: z.number().int().min(14).max(730).default(182),
});
export type TInventoryParams = z.infer<typeof ZInventoryParams>;
export const ZStartInventory = ZInventoryParams.extend({ priority: z.number().int().min(-10).max(10).default(0) });
export const ZApplyRecommendations = z.object({
  id: ZId,
  /** Policy ids (rows of the recommendation) to overwrite with the recommendation. */
  policyIds: z.array(ZId).min(1, "choose at least one policy").max(5000),
});
export const ZApplyToScenario = ZApplyRecommendations.extend({ scenarioId: ZId });
export const ZTradeOffQuery = z.object({ id: ZId, item: z.string().max(64).optional() });

/**
 * A run's progress message, stored as a catalogue key with values (not as text) so each user
 * reads it in their own language: `runs.progressMessages.<key>` in messages/<locale>.json.
 */
export const PROGRESS_KEYS = ["queued", "starting", "replication", "forecasting", "forecastSeries", "readingInventory", "optimising", "done", "failed", "cancelled"] as const;
export type ProgressKey = (typeof PROGRESS_KEYS)[number];
export interface ProgressMessage {
  key: ProgressKey;
  values?: Record<string, number>;
}

export function encodeProgress(key: ProgressKey, values?: Record<string, number>): string {
  return JSON.stringify(values ? { key, values } : { key });
}

/** The stored message as a key and values, or as plain text (rows written before keys were stored). */
export function decodeProgress(stored: string | null | undefined): ProgressMessage | { text: string } | null {
  if (!stored) return null;
  if (stored.startsWith("{")) {
    try {
      const m = JSON.parse(stored) as ProgressMessage;
      if ((PROGRESS_KEYS as readonly string[]).includes(m.key)) return m;
    } catch {
      // not ours: shown as text
    }
  }
  return { text: stored };
}
