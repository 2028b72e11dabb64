/** The signed-in user's session: profile, tenants, current tenant and role, locale. */
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { ZId } from "../../schemas/common.ts";
import { ZLocale } from "../../schemas/org.ts";
import { ROLE_PERMISSIONS } from "../../schemas/roles.ts";
import { authedProcedure, publicProcedure, router, tenantProcedure } from "../trpc.ts";
import { setUserLocale, userProfile } from "../services/session.ts";
import { dashboardCounts } from "../services/masterdata.ts";
import { LOCALE_COOKIE, TENANT_COOKIE, cookieHeader } from "../http/cookies.ts";

export const sessionRouter = router({
  /** Who am I, which tenants can I switch to, and what may I do in the current one. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.user) return null;
    const profile = await userProfile(ctx.db, ctx.user.id);
    if (!profile) return null;
    const current =
      profile.memberships.find((m) => m.tenantId === ctx.requestedTenantId) ?? profile.memberships[0] ?? null;
    return {
      user: profile.user,
      tenants: profile.memberships,
      current,
      permissions: current ? [...ROLE_PERMISSIONS[current.role]] : [],
    };
  }),
  switchTenant: authedProcedure.input(z.object({ tenantId: ZId })).mutation(async ({ ctx, input }) => {
    const profile = await userProfile(ctx.db, ctx.user.id);
    if (!profile?.memberships.some((m) => m.tenantId === input.tenantId)) {
      throw new TRPCError({ code: "NOT_FOUND", message: "You are not a member of that tenant" });
    }
    ctx.resHeaders?.append("Set-Cookie", cookieHeader(TENANT_COOKIE, input.tenantId));
    return { tenantId: input.tenantId };
  }),
  setLocale: authedProcedure.input(z.object({ locale: ZLocale })).mutation(async ({ ctx, input }) => {
    await setUserLocale(ctx.db, ctx.user.id, input.locale);
    ctx.resHeaders?.append("Set-Cookie", cookieHeader(LOCALE_COOKIE, input.locale));
    return { locale: input.locale };
  }),
  dashboard: tenantProcedure("dashboard.read").query(({ ctx }) => dashboardCounts(ctx.tenant.db)),
});
