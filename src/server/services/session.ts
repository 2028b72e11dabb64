/**
 * Sign-in and the signed-in user's view of their tenants. Runs before any tenant is chosen, so it
 * uses withUser (the user's own rows) and the SECURITY DEFINER e-mail lookup.
 */
import bcrypt from "bcryptjs";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { withUser, type TenantDb } from "../db/tenant.ts";
import type { Role } from "../../schemas/roles.ts";
import type { Locale } from "../../schemas/org.ts";

export interface LockoutPolicy {
  maxFailedLogins: number;
  lockoutMinutes: number;
}

export type CredentialCheck =
  | { ok: true; user: { id: string; email: string; name: string; locale: string } }
  | { ok: false; reason: "invalid" | "locked"; lockedUntil?: Date };

// A fixed hash compared when the e-mail is unknown, so the response time does not reveal
// whether an account exists.
let dummyHash: string | undefined;
const DUMMY_HASH = () => (dummyHash ??= bcrypt.hashSync("not-a-real-password", 10));

export async function userIdByEmail(db: PrismaClient | TenantDb, email: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ id: string | null }[]>`select app_user_id_by_email(${email}) as id`;
  return rows[0]?.id ?? null;
}

export async function verifyCredentials(
  db: PrismaClient,
  email: string,
  password: string,
  policy: LockoutPolicy,
  now = new Date(),
): Promise<CredentialCheck> {
  const userId = await userIdByEmail(db, email.trim().toLowerCase());
  if (!userId) {
    await bcrypt.compare(password, DUMMY_HASH());
    return { ok: false, reason: "invalid" };
  }
  return withUser(db, userId, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) return { ok: false, reason: "invalid" } as const;
    if (user.lockedUntil && user.lockedUntil > now) {
      return { ok: false, reason: "locked", lockedUntil: user.lockedUntil } as const;
    }
    const good = user.passwordHash ? await bcrypt.compare(password, user.passwordHash) : false;
    if (!good) {
      if (!user.passwordHash) await bcrypt.compare(password, DUMMY_HASH());
      const failed = user.failedLoginCount + 1;
      const lock = failed >= policy.maxFailedLogins;
      const lockedUntil = lock ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null;
      await tx.user.update({
        where: { id: userId },
        data: { failedLoginCount: lock ? 0 : failed, lockedUntil },
      });
      return lock ? ({ ok: false, reason: "locked", lockedUntil: lockedUntil! } as const) : ({ ok: false, reason: "invalid" } as const);
    }
    await tx.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, locale: user.locale } } as const;
  });
}

export interface MembershipSummary {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  currency: string;
  role: Role;
  active: boolean;
}

export async function userProfile(db: PrismaClient, userId: string) {
  return withUser(db, userId, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, locale: true } });
    if (!user) return null;
    const memberships = await tx.membership.findMany({
      where: { userId, active: true },
      include: { tenant: { select: { id: true, name: true, slug: true, currency: true } } },
      orderBy: { createdAt: "asc" },
    });
    return {
      user,
      memberships: memberships.map<MembershipSummary>((m) => ({
        tenantId: m.tenant.id,
        tenantName: m.tenant.name,
        tenantSlug: m.tenant.slug,
        currency: m.tenant.currency,
        role: m.role,
        active: m.active,
      })),
    };
  });
}

export async function setUserLocale(db: PrismaClient, userId: string, locale: Locale) {
  await withUser(db, userId, (tx) => tx.user.update({ where: { id: userId }, data: { locale } }));
}

/** The SSO path: an OIDC identity signs in only as an existing (invited) user with that e-mail. */
export async function userForSso(db: PrismaClient, email: string) {
  const userId = await userIdByEmail(db, email.trim().toLowerCase());
  if (!userId) return null;
  return withUser(db, userId, async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() }, select: { id: true, email: true, name: true, locale: true } });
    return user;
  });
}
