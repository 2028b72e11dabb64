/**
 * REST for integrations, thin over the same tRPC procedures: one validation, one permission
 * check, one tenant scope. Errors keep their meaning as HTTP statuses (400/401/403/404/409) with
 * a JSON body naming the problem; never a stack trace.
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createCallerFactory } from "../trpc.ts";
import { appRouter } from "../routers/_app.ts";
import { contextFromRequest } from "./context.ts";
import { observeRequest } from "../metrics.ts";
import { logger } from "../logger.ts";

const factory = createCallerFactory(appRouter);
export type RestCaller = ReturnType<typeof factory>;

export function rest(route: string, fn: (caller: RestCaller, req: Request, tenantId: string | null) => Promise<Response | unknown>) {
  return async (req: Request) => {
    const started = performance.now();
    const ctx = await contextFromRequest(req);
    let status = 200;
    try {
      const result = await fn(factory(ctx), req, ctx.requestedTenantId);
      const res = result instanceof Response ? result : Response.json(result);
      status = res.status;
      res.headers.set("x-request-id", ctx.requestId);
      return res;
    } catch (e) {
      const err = e instanceof TRPCError ? e : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: e });
      status = getHTTPStatusCodeFromError(err);
      if (status >= 500) logger.error({ err: e, requestId: ctx.requestId, route }, "REST request failed");
      const message = status >= 500 ? `Something went wrong on our side (request ${ctx.requestId})` : err.message;
      return Response.json({ error: { code: err.code, message, requestId: ctx.requestId } }, { status, headers: { "x-request-id": ctx.requestId } });
    } finally {
      observeRequest(`rest:${route}`, status, (performance.now() - started) / 1000);
    }
  };
}

/** Query-string values as typed input: numbers and booleans parsed, repeated keys as arrays. */
export function queryInput(url: string, arrays: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const params = new URL(url).searchParams;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key).flatMap((v) => (arrays.includes(key) ? v.split(",") : [v]));
    const parsed = values.map((v) => (v === "true" ? true : v === "false" ? false : v !== "" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v));
    out[key] = arrays.includes(key) ? parsed : parsed[0];
  }
  return out;
}

export async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new TRPCError({ code: "BAD_REQUEST", message: "The request body must be JSON" });
  }
}
