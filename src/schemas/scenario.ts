/**
 * Scenarios: the scenario document (network, policies, demand plan, supply parameters) with its
 * `schema_version` and the migrations that upgrade older documents, plus the inputs of the
 * scenario procedures.
 *
 * Policies and the demand plan are objects keyed by `item@location` rather than arrays, so a
 * JSON-Patch path names a cell stably (`/demandPlan/A-1@S12/values/17`): inserting a series never
 * shifts the paths of the others, which keeps diffs small and rebase conflicts meaningful.
 */
import { z } from "zod";
import { ZId, ZName } from "./common.ts";
import { networkSchema, policySchema } from "./simulation.ts";

export const SCENARIO_SCHEMA_VERSION = 2;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'");

/** Key of an item × location entry in `policies` and `demandPlan`. */
export const cellKey = (item: string, location: string) => `${item}@${location}`;

/** Daily planned demand of one item at one location: values[d] is the quantity on startDate + d. */
export const demandSeriesSchema = z
  .object({
    item: z.string().min(1),
    location: z.string().min(1),
    startDate: isoDate,
    values: z.array(z.number().finite().min(0)),
  })
  .strict();

export const supplySchema = z
  .object({
    horizonDays: z.number().int().min(1).max(36_600),
    startDate: isoDate,
    seed: z.number().int().min(0).default(1),
    warmupDays: z.number().int().min(0).default(0),
    holdingRatePerYear: z.number().finite().min(0).default(0.2),
    /** Plants' production capacity in units per day, overriding the network's. */
    productionCapacityPerDay: z.record(z.string(), z.number().finite().min(0)).default({}),
  })
  .strict();

/** Keys must be `item@location` of their value: a mismatched key would make two cells one. */
function keyedByCell<T extends z.ZodType<{ item: string; location: string }>>(value: T) {
  return z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const [k, v] of Object.entries(rec)) {
      if (k !== cellKey(v.item, v.location)) {
        ctx.addIssue({ code: "custom", path: [k], message: `key must be "${cellKey(v.item, v.location)}"` });
      }
    }
  });
}

export const scenarioDocumentSchema = z
  .object({
    schema_version: z.literal(SCENARIO_SCHEMA_VERSION),
    network: networkSchema,
    policies: keyedByCell(policySchema),
    demandPlan: keyedByCell(demandSeriesSchema),
    supply: supplySchema,
  })
  .strict();
export type ScenarioDocument = z.output<typeof scenarioDocumentSchema>;

/**
 * Version 1 (before the grid): policies were an array and (s,S)-style levels were named `s` and
 * `S` (base-stock and (R,S) carried `S` only). Kept to read old documents, never written.
 */
const v1Policy = z
  .object({ type: z.enum(["baseStock", "sS", "rQ", "RS", "minMax"]), item: z.string().min(1), location: z.string().min(1), s: z.number().optional(), S: z.number().optional() })
  .loose();
export const scenarioDocumentV1Schema = z
  .object({
    schema_version: z.literal(1),
    network: networkSchema,
    policies: z.array(v1Policy),
    demandPlan: z.record(z.string(), demandSeriesSchema),
    supply: supplySchema,
  })
  .strict();
export type ScenarioDocumentV1 = z.output<typeof scenarioDocumentV1Schema>;

export const SCENARIO_STATUSES = ["draft", "in_review", "approved", "rejected", "published", "archived"] as const;
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number];

// ——— procedure inputs ———

const ZTags = z.array(z.string().trim().min(1).max(40)).max(20).default([]);
const ZDescription = z.string().max(2000).default("");
export const ZScenarioId = z.object({ id: ZId });

export const ZCreateRoot = z.object({
  name: ZName,
  description: ZDescription,
  tags: ZTags,
  /** A full document; when absent the document is built from the tenant's master data. */
  document: z.unknown().optional(),
  horizonDays: z.number().int().min(7).max(730).default(91),
  historyDays: z.number().int().min(14).max(730).default(182),
});
export type TCreateRoot = z.infer<typeof ZCreateRoot>;

export const ZCreateChild = z.object({ parentId: ZId, name: ZName, description: ZDescription, tags: ZTags });
/** Renaming, describing and tagging: not content, so allowed in any status but archived. */
export const ZUpdateDetails = z.object({ id: ZId, name: ZName.optional(), description: z.string().max(2000).optional(), tags: ZTags.optional() });
export type TUpdateDetails = z.infer<typeof ZUpdateDetails>;
export type TCreateChild = z.infer<typeof ZCreateChild>;

/** A JSON pointer into the document's content (never into schema_version). */
const ZContentPath = z
  .string()
  .regex(/^\/(network|policies|demandPlan|supply)(\/.*)?$/, "must be a JSON pointer into network, policies, demandPlan or supply");

export const ZCellEdit = z.object({
  path: ZContentPath,
  /** The new value at `path`. */
  value: z.json().optional(),
  /** Instead of a value: removes what is at `path` (an optional field, e.g. a policy's MOQ). */
  remove: z.literal(true).optional(),
  /** The version this edit was based on; defaults to the batch's. */
  baseVersion: z.number().int().min(1).optional(),
}).refine((e) => (e.remove === true) !== (e.value !== undefined), { message: "needs either a value or remove: true", path: ["value"] });
export const ZEditCells = z.object({
  id: ZId,
  baseVersion: z.number().int().min(1),
  edits: z.array(ZCellEdit).min(1).max(5000),
});
export type TEditCells = z.infer<typeof ZEditCells>;

export const ZTransition = z.object({ id: ZId, comment: z.string().trim().max(2000).optional() });
/** Rejecting needs a reason. */
export const ZReject = z.object({ id: ZId, comment: z.string().trim().min(1, "is required: say why the scenario is rejected").max(2000) });
export const ZRestore = z.object({ id: ZId, version: z.number().int().min(1), name: ZName.optional() });
export const ZCompare = z.object({ a: ZId, b: ZId });
export const ZListScenarios = z.object({
  status: z.enum(SCENARIO_STATUSES).optional(),
  parentId: ZId.nullable().optional(),
  tag: z.string().max(40).optional(),
});
export const ZAddComment = z.object({
  id: ZId,
  target: z.string().min(1).max(500),
  body: z.string().trim().min(1, "is required").max(5000),
  mentions: z.array(ZId).max(50).default([]),
  parentId: ZId.optional(),
});
export type TAddComment = z.infer<typeof ZAddComment>;
