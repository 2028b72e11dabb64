/**
 * Roles and permissions, declared once. Procedures name the permission they need; the UI asks
 * the same map whether to show or disable an action. Isomorphic (no server imports).
 */
import { z } from "zod";

export const ROLES = ["admin", "approver", "planner", "viewer"] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

export const PERMISSIONS = [
  "dashboard.read",
  "masterdata.read",
  "masterdata.write",
  "orgunits.read",
  "orgunits.write",
  "users.read",
  "users.write",
  "audit.read",
  "runs.read",
  "runs.write",
  "scenarios.read",
  "scenarios.write",
  "scenarios.approve",
  "scenarios.comment",
  "scenarios.unlock",
  "forecast.adjust",
  "forecast.adjust.sales",
  "forecast.adjust.marketing",
  "forecast.adjust.finance",
  "forecast.freeze",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ["dashboard.read", "masterdata.read", "orgunits.read", "runs.read", "scenarios.read"];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(READ),
  // Demand planners own the sales and marketing layers; S&OP leads and finance (approvers) the
  // finance layer and the freeze at the cut-off.
  // "forecast.adjust" lets a procedure accept layer edits at all; the layer's own permission
  // (sales/marketing/finance) decides which layer. Viewers comment on nothing: they read.
  planner: new Set([...READ, "masterdata.write", "runs.write", "scenarios.write", "scenarios.comment", "forecast.adjust", "forecast.adjust.sales", "forecast.adjust.marketing"]),
  approver: new Set([...READ, "runs.write", "scenarios.approve", "scenarios.comment", "forecast.adjust", "forecast.adjust.finance", "forecast.freeze"]),
  admin: new Set(PERMISSIONS),
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? ROLE_PERMISSIONS[role].has(permission) : false;
}
