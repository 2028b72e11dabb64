/**
 * Master data: items, locations, lanes, BOMs, inventory policies. One schema per concept; the
 * update schemas are the create schemas made partial plus an id.
 */
import { z } from "zod";
import { ZCode, ZId, ZName, zDecimal } from "./common.ts";

export const LOCATION_TYPES = ["supplier", "plant", "dc", "store"] as const;
export const POLICY_TYPES = ["base_stock", "s_S", "r_Q", "R_S", "min_max"] as const;

export const ZItem = z.object({
  sku: ZCode,
  name: ZName,
  unitCost: zDecimal(),
  price: zDecimal(),
  uom: z.string().trim().min(1).max(16).default("EA"),
});
export const ZItemUpdate = ZItem.partial().extend({ id: ZId });

export const ZLocation = z.object({
  code: ZCode,
  name: ZName,
  type: z.enum(LOCATION_TYPES),
  orgUnitId: ZId.nullable().optional(),
});
export const ZLocationUpdate = ZLocation.partial().extend({ id: ZId });

export const ZLane = z
  .object({
    fromId: ZId,
    toId: ZId,
    leadTimeDays: z.number().int("must be a whole number of days").min(0, "must not be negative").max(365),
    transportCostPerUnit: zDecimal(),
  })
  .refine((l) => l.fromId !== l.toId, { message: "must differ from the origin", path: ["toId"] });
export const ZLaneUpdate = z.object({
  id: ZId,
  leadTimeDays: z.number().int("must be a whole number of days").min(0).max(365).optional(),
  transportCostPerUnit: zDecimal().optional(),
});

export const ZBom = z
  .object({
    parentItemId: ZId,
    componentItemId: ZId,
    quantityPer: zDecimal({ scale: 6, positive: true }),
  })
  .refine((b) => b.parentItemId !== b.componentItemId, {
    message: "an item cannot be its own component",
    path: ["componentItemId"],
  });
export const ZBomUpdate = z.object({ id: ZId, quantityPer: zDecimal({ scale: 6, positive: true }) });

const policyFields = {
  policyType: z.enum(POLICY_TYPES),
  reorderPoint: zDecimal().nullable().optional(),
  orderUpTo: zDecimal().nullable().optional(),
  orderQuantity: zDecimal().nullable().optional(),
  reviewPeriodDays: z.number().int().min(1).max(365).nullable().optional(),
  safetyStock: zDecimal().nullable().optional(),
  moq: zDecimal().nullable().optional(),
  orderMultiple: zDecimal({ positive: true }).nullable().optional(),
};

/** Which parameters each policy type needs (checked on create and on the merged row on update). */
export const POLICY_REQUIRED: Record<(typeof POLICY_TYPES)[number], (keyof typeof policyFields)[]> = {
  base_stock: ["orderUpTo"],
  s_S: ["reorderPoint", "orderUpTo"],
  r_Q: ["reorderPoint", "orderQuantity"],
  R_S: ["reviewPeriodDays", "orderUpTo"],
  min_max: ["reorderPoint", "orderUpTo"],
};

export function policyIssues(p: Record<string, unknown>): { path: string; message: string }[] {
  const type = p.policyType as (typeof POLICY_TYPES)[number];
  const issues = (POLICY_REQUIRED[type] ?? [])
    .filter((f) => p[f] === null || p[f] === undefined)
    .map((f) => ({ path: f, message: `is required for a ${type} policy` }));
  const s = p.reorderPoint, S = p.orderUpTo;
  if ((type === "s_S" || type === "min_max") && s != null && S != null && Number(S) < Number(s)) {
    issues.push({ path: "orderUpTo", message: "must be at least the reorder point" });
  }
  return issues;
}

export const ZPolicy = z
  .object({ itemId: ZId, locationId: ZId, ...policyFields })
  .superRefine((p, ctx) => {
    for (const i of policyIssues(p)) ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
  });
export const ZPolicyUpdate = z.object({ id: ZId, ...policyFields }).partial({ policyType: true });

export type TItem = z.infer<typeof ZItem>;
export type TItemUpdate = z.infer<typeof ZItemUpdate>;
export type TLocation = z.infer<typeof ZLocation>;
export type TLocationUpdate = z.infer<typeof ZLocationUpdate>;
export type TLane = z.infer<typeof ZLane>;
export type TLaneUpdate = z.infer<typeof ZLaneUpdate>;
export type TBom = z.infer<typeof ZBom>;
export type TBomUpdate = z.infer<typeof ZBomUpdate>;
export type TPolicy = z.infer<typeof ZPolicy>;
export type TPolicyUpdate = z.infer<typeof ZPolicyUpdate>;
