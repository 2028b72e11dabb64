/**
 * The one way the app touches tenant data: inside a transaction whose app.tenant_id setting the
 * RLS policies compare every row with. The setting is transaction-local, so a pooled connection
 * never carries one tenant's context into another request.
 */
import type { PrismaClient } from "../../generated/prisma/client.ts";

/** A transaction client: what services receive as `db`. */
export type TenantDb = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
>;

export interface TenantScope {
  tenantId: string;
  /** The signed-in user, for policies that let a user see their own rows across tenants. */
  userId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function withTenant<T>(
  db: PrismaClient,
  scope: TenantScope,
  fn: (tx: TenantDb) => Promise<T>,
  options: { timeoutMs?: number } = {},
): Promise<T> {
  if (!UUID.test(scope.tenantId)) throw new Error("withTenant: tenantId must be a UUID");
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ""}, true)`;
      return fn(tx);
    },
    { timeout: options.timeoutMs ?? 30_000, maxWait: 10_000 },
  );
}

/** A transaction with only the user set: the user's own memberships and tenants are visible. */
export async function withUser<T>(
  db: PrismaClient,
  userId: string,
  fn: (tx: TenantDb) => Promise<T>,
): Promise<T> {
  if (!UUID.test(userId)) throw new Error("withUser: userId must be a UUID");
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select set_config('app.user_id', ${userId}, true)`;
    return fn(tx);
  });
}
