/**
 * The supply grid: inputs of the `plan.supplyRows` / `plan.editSupply` procedures (a scenario's
 * replenishment policies by item × location beside the parent's values, and the planned supply of
 * its latest run by week/month bucket), the policy fields each policy type uses, and the value
 * rules a policy edit must satisfy. Isomorphic: the grid checks an entry with the same rules before
 * sending it, the server checks it again (with the stored document) before writing.
 */
import { z } from "zod";
import { ZId } from "./common.ts";
import { PLAN_BUCKETS } from "./plan.ts";

export const POLICY_TYPES = ["baseStock", "sS", "rQ", "RS", "minMax"] as const;
export type SupplyPolicyType = (typeof POLICY_TYPES)[number];

/** The editable policy parameters, in the grid's column order. */
export const POLICY_FIELDS = ["reorderPoint", "orderUpTo", "orderQuantity", "min", "max", "moq", "orderMultiple", "reviewPeriodDays"] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** Optional on every policy type (absent: no MOQ, no multiple, daily review); they can be cleared. */
const COMMON: PolicyField[] = ["moq", "orderMultiple", "reviewPeriodDays"];

/** Whether `field` may be cleared (set to null: removed from the policy). */
export function fieldIsOptional(field: PolicyField): boolean {
  return COMMON.includes(field);
}

/** The fields a policy type uses; the others do not apply to it (and cannot be set). */
export const FIELDS_OF_TYPE: Record<SupplyPolicyType, readonly PolicyField[]> = {
  baseStock: ["orderUpTo", ...COMMON],
  sS: ["reorderPoint", "orderUpTo", ...COMMON],
  rQ: ["reorderPoint", "orderQuantity", ...COMMON],
  RS: ["orderUpTo", ...COMMON],
  minMax: ["min", "max", ...COMMON],
};

export function fieldApplies(type: string, field: PolicyField): boolean {
  return (FIELDS_OF_TYPE[type as SupplyPolicyType] ?? []).includes(field);
}

/** Largest value accepted in a policy field (far beyond any real quantity). */
export const MAX_POLICY_VALUE = 1e12;

/**
 * Why a value is refused: `field` is the edited field; for the cross-field rules (order-up-to ≥
 * reorder point, max ≥ min) `other` names the field it is compared with and `limit` its value.
 */
export interface PolicyIssue {
  field: PolicyField;
  rule: "notApplicable" | "required" | "notNumber" | "nonNegative" | "positive" | "wholeDays" | "tooLarge" | "atLeast" | "atMost";
  other?: PolicyField;
  limit?: number;
}

/** Pairs that must stay ordered: low ≤ high. */
const ORDERED: readonly [PolicyField, PolicyField][] = [["reorderPoint", "orderUpTo"], ["min", "max"]];

/**
 * The issues of setting `field` to `value` on `policy` (its current values): empty when the edit is
 * valid. `null` clears an optional field (and is refused for the others). Quantities are non-negative, the order quantity and multiple positive, the review period a
 * whole number of days ≥ 1, and where a policy has both, order-up-to ≥ reorder point and max ≥ min.
 */
export function checkPolicyValue(policy: { type: string } & Partial<Record<PolicyField, unknown>>, field: PolicyField, value: unknown): PolicyIssue[] {
  if (!fieldApplies(policy.type, field)) return [{ field, rule: "notApplicable" }];
  if (value === null) return fieldIsOptional(field) ? [] : [{ field, rule: "required" }];
  if (typeof value !== "number" || !Number.isFinite(value)) return [{ field, rule: "notNumber" }];
  if (Math.abs(value) > MAX_POLICY_VALUE) return [{ field, rule: "tooLarge", limit: MAX_POLICY_VALUE }];
  if (field === "reviewPeriodDays") return Number.isInteger(value) && value >= 1 ? [] : [{ field, rule: "wholeDays" }];
  if (field === "orderQuantity" || field === "orderMultiple") return value > 0 ? [] : [{ field, rule: "positive" }];
  if (value < 0) return [{ field, rule: "nonNegative" }];
  for (const [low, high] of ORDERED) {
    if (!fieldApplies(policy.type, low) || !fieldApplies(policy.type, high)) continue;
    if (field === low && typeof policy[high] === "number" && value > (policy[high] as number)) {
      return [{ field, rule: "atMost", other: high, limit: policy[high] as number }];
    }
    if (field === high && typeof policy[low] === "number" && value < (policy[low] as number)) {
      return [{ field, rule: "atLeast", other: low, limit: policy[low] as number }];
    }
  }
  return [];
}

/** English names of the fields, for the server's messages (the grid has its own catalogue). */
const FIELD_NAMES: Record<PolicyField, string> = {
  reorderPoint: "reorder point", orderUpTo: "order-up-to level", orderQuantity: "order quantity", min: "min", max: "max",
  moq: "MOQ", orderMultiple: "order multiple", reviewPeriodDays: "review period",
};

export function policyIssueText(issue: PolicyIssue, type?: string): string {
  const name = FIELD_NAMES[issue.field];
  switch (issue.rule) {
    case "notApplicable": return `${issue.field}: a ${type ?? "this"} policy has no ${name}`;
    case "required": return `${issue.field}: a ${type ?? "this"} policy needs its ${name}: it cannot be left empty`;
    case "notNumber": return `${issue.field}: the ${name} must be a number`;
    case "nonNegative": return `${issue.field}: the ${name} must be 0 or more`;
    case "positive": return `${issue.field}: the ${name} must be more than 0`;
    case "wholeDays": return `${issue.field}: the ${name} must be a whole number of days, 1 or more`;
    case "tooLarge": return `${issue.field}: the ${name} must be at most ${issue.limit}`;
    case "atLeast": return `${issue.field}: the ${name} must be at least the ${FIELD_NAMES[issue.other!]} (${issue.limit})`;
    case "atMost": return `${issue.field}: the ${name} must be at most the ${FIELD_NAMES[issue.other!]} (${issue.limit})`;
  }
}

// ——— JSON pointers of policy fields ———

const escapeToken = (t: string) => t.replace(/~/g, "~0").replace(/\//g, "~1");
const unescapeToken = (t: string) => t.replace(/~1/g, "/").replace(/~0/g, "~");

/** The JSON pointer of one policy field: `/policies/<escaped item@location>/<field>`. */
export function policyFieldPath(key: string, field: PolicyField): string {
  return `/policies/${escapeToken(key)}/${field}`;
}

const POLICY_PATH = new RegExp(`^/policies/([^/]+)/(${POLICY_FIELDS.join("|")})$`);

/** The policy key and field a pointer names, or null when it is not a policy field's pointer. */
export function parsePolicyFieldPath(path: string): { key: string; field: PolicyField } | null {
  const m = POLICY_PATH.exec(path);
  return m ? { key: unescapeToken(m[1]!), field: m[2] as PolicyField } : null;
}

// ——— procedure inputs ———

export const ZSupplyRows = z.object({
  scenarioId: ZId,
  bucket: z.enum(PLAN_BUCKETS).default("week"),
});
export type TSupplyRows = z.input<typeof ZSupplyRows>;

/** One policy-field edit: a JSON-Patch replace of `path` based on the version the user loaded. */
export const ZSupplyEdit = z.object({
  scenarioId: ZId,
  baseVersion: z.number().int().min(1),
  path: z.string().max(1000).refine((p) => parsePolicyFieldPath(p) !== null, {
    message: `must be a policy field's pointer: /policies/<item@location>/<${POLICY_FIELDS.join("|")}>`,
  }),
  /** The new value; null clears an optional field (MOQ, multiple, review period). */
  value: z.number().nullable(),
});
export type TSupplyEdit = z.input<typeof ZSupplyEdit>;
