/** Builds the tRPC context from an HTTP request: session user, requested tenant, request id. */
import { randomUUID } from "node:crypto";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options.ts";
import { appDb } from "../db/client.ts";
import { logger } from "../logger.ts";
import type { Context } from "../trpc.ts";
import { LOCALE_COOKIE, TENANT_COOKIE, readCookie } from "./cookies.ts";
import { ZLocale } from "../../schemas/org.ts";

export async function contextFromRequest(req: Request, resHeaders?: Headers): Promise<Context> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  const session = await getServerSession(authOptions);
  const sessionUser = session?.user as { id?: string; email?: string | null; name?: string | null } | undefined;
  const cookie = req.headers.get("cookie");
  const locale = ZLocale.safeParse(readCookie(cookie, LOCALE_COOKIE));
  return {
    db: await appDb(),
    user: sessionUser?.id ? { id: sessionUser.id, email: sessionUser.email ?? "", name: sessionUser.name ?? "" } : null,
    requestedTenantId: req.headers.get("x-tenant-id") ?? readCookie(cookie, TENANT_COOKIE),
    requestId,
    log: logger.child({ requestId }),
    locale: locale.success ? locale.data : "en",
    resHeaders,
  };
}
