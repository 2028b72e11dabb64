/** Organisation: org units (a tree inside a tenant), users and their memberships. */
import { z } from "zod";
import { ZCode, ZId, ZName } from "./common.ts";
import { ZRole } from "./roles.ts";

export const LOCALES = ["en", "ja"] as const;
export const ZLocale = z.enum(LOCALES);
export type Locale = z.infer<typeof ZLocale>;

export const ZOrgUnit = z.object({ code: ZCode, name: ZName, parentId: ZId.nullable().optional() });
export const ZOrgUnitUpdate = ZOrgUnit.partial().extend({ id: ZId });

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email({ message: "must be an e-mail address" }));

/** At least 10 characters: long passphrases beat composition rules (NIST SP 800-63B). */
export const ZPassword = z.string().min(10, "must be at least 10 characters").max(200);

export const ZInviteUser = z.object({
  email: ZEmail,
  name: ZName,
  role: ZRole,
  orgUnitId: ZId.nullable().optional(),
  /** Initial password for e-mail sign-in; omit for SSO-only users. */
  password: ZPassword.optional(),
});
export const ZChangeMembership = z.object({
  membershipId: ZId,
  role: ZRole.optional(),
  orgUnitId: ZId.nullable().optional(),
  active: z.boolean().optional(),
});
export const ZCredentials = z.object({ email: ZEmail, password: z.string().min(1).max(200) });

export type TOrgUnit = z.infer<typeof ZOrgUnit>;
export type TOrgUnitUpdate = z.infer<typeof ZOrgUnitUpdate>;
export type TInviteUser = z.infer<typeof ZInviteUser>;
export type TChangeMembership = z.infer<typeof ZChangeMembership>;
