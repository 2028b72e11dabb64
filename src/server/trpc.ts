/**
 * tRPC context and procedure tiers.
 *  - publicProcedure: anyone.
 *  - authedProcedure: a signed-in user (ctx.user non-null).
 *  - tenantProcedure(permission): a member of the current tenant holding `permission`; runs the
 *    whole procedure inside withTenant, so ctx.db is a transaction bound to the tenant by RLS.
 * Every procedure carries `meta.tier`, and tenant procedures `meta.permission`; a test walks the
 * router and fails on any procedure without them.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { withTenant, withUser, type TenantDb } from "./db/tenant.ts";
import { AppError, HTTP_STATUS, errorText, toAppError } from "./errors.ts";
import { can, type Permission, type Role } from "../schemas/roles.ts";
import type { Actor } from "./services/audit.ts";
import type { Logger } from "./logger.ts";
import type { Locale } from "../schemas/org.ts";
import { invalidInputMessage, issueMessage, withValidationLocale } from "./validation-locale.ts";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface Context {
  db: PrismaClient;
  user: SessionUser | null;
  /** The tenant the client asked for (cookie or x-tenant-id header); checked against memberships. */
  requestedTenantId: string | null;
  requestId: string;
  log: Logger;
  locale: Locale;
  /** Response headers (e.g. Set-Cookie) when called over HTTP. */
  resHeaders?: Headers;
}

export interface Meta {
  tier: "public" | "authed" | "tenant";
  permission?: Permission;
}

const TRPC_CODE = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
} as const;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // Never show a stack trace; name the fields that are wrong; internal errors become a short
    // message with the request id (the log has the details).
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      const zodIssues = cause instanceof z.ZodError ? cause.issues : null;
      const app = cause instanceof AppError ? cause : null;
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      const locale = ctx?.locale ?? "en";
      const fieldErrors: Record<string, string[]> = { ...(app?.fieldErrors ?? {}) };
      for (const issue of zodIssues ?? []) {
        const key = issue.path.map(String).join(".") || "_";
        (fieldErrors[key] ??= []).push(issueMessage(issue.message, locale));
      }
      const message = internal
          ? errorText(locale, { key: "internal", values: { requestId: ctx?.requestId ?? "unknown" } })
          : error.message;
      return {
        message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId: ctx?.requestId,
          fieldErrors: Object.keys(fieldErrors).length ? fieldErrors : undefined,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Maps AppErrors and database errors a user can cause to proper tRPC codes; logs the rest. */
const errorMapping = t.middleware(async ({ next, ctx, path, type }) => {
  const started = performance.now();
  // zod writes its messages while parsing the input, in the caller's language (validation-locale.ts).
  const result = await withValidationLocale(ctx.locale, () => next());
  const ms = performance.now() - started;
  if (!result.ok) {
    const cause = result.error.cause ?? result.error;
    if (cause instanceof z.ZodError) {
      // Input validation: one readable message naming each bad field (callers and HTTP alike).
      const message = invalidInputMessage(cause.issues, ctx.locale);
      ctx.log.info({ path, type, ms, code: "BAD_REQUEST" }, "invalid input");
      return { ...result, error: new TRPCError({ code: "BAD_REQUEST", message, cause }) };
    }
    const app = result.error.code === "INTERNAL_SERVER_ERROR" ? toAppError(cause) : undefined;
    if (app) {
      const mapped = new TRPCError({ code: TRPC_CODE[app.code], message: app.messageIn(ctx.locale), cause: app });
      ctx.log.info({ path, type, ms, code: app.code, status: HTTP_STATUS[app.code] }, "request refused");
      return { ...result, error: mapped };
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ path, type, ms, err: cause }, "request failed");
    } else {
      ctx.log.info({ path, type, ms, code: result.error.code }, "request refused");
    }
  } else {
    ctx.log.debug({ path, type, ms }, "request ok");
  }
  return result;
});

const base = t.procedure.use(errorMapping);

export const publicProcedure = base.meta({ tier: "public" });

const requireUser = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const authedProcedure = base.meta({ tier: "authed" }).use(requireUser);

export interface TenantContext {
  db: TenantDb;
  tenantId: string;
  role: Role;
  actor: Actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs the procedure inside withTenant after checking membership and the declared permission. */
const tenantScope = t.middleware(async ({ ctx, meta, next }) => {
  const user = ctx.user!;
  const permission = meta?.permission;
  if (!permission) {
    // Fail closed: a tenant procedure that forgot to declare its permission serves nobody.
    throw new TRPCError({ code: "FORBIDDEN", message: "This action declares no permission" });
  }
  // No tenant chosen yet (first visit, API client without x-tenant-id): the user's first tenant.
  const tenantId = ctx.requestedTenantId ?? (await defaultTenantId(ctx.db, user.id));
  if (!tenantId || !UUID.test(tenantId)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any tenant" });
  }
  const result = await withTenant(ctx.db, { tenantId, userId: user.id }, async (tx) => {
    const membership = await tx.membership.findFirst({ where: { userId: user.id, active: true }, select: { role: true } });
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this tenant" });
    if (!can(membership.role, permission)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `Your role (${membership.role}) does not allow this (needs ${permission})`,
      });
    }
    const r = await next({
      ctx: {
        ...ctx,
        user,
        db: tx as unknown as PrismaClient,
        tenant: { db: tx, tenantId, role: membership.role, actor: { userId: user.id, requestId: ctx.requestId } } satisfies TenantContext,
      },
    });
    // next() reports failure as a value; rethrow so the transaction rolls back.
    if (!r.ok) throw r.error;
    return r;
  });
  return result;
});

async function defaultTenantId(db: PrismaClient, userId: string): Promise<string | null> {
  return withUser(db, userId, async (tx) => {
    const m = await tx.membership.findFirst({ where: { userId, active: true }, orderBy: { createdAt: "asc" }, select: { tenantId: true } });
    return m?.tenantId ?? null;
  });
}

export function tenantProcedure(permission: Permission) {
  return base.meta({ tier: "tenant", permission }).use(requireUser).use(tenantScope);
}
