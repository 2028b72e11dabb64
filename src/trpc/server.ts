/** Calls procedures from React Server Components with the request's session and cookies. */
import { headers } from "next/headers";
import { createCallerFactory } from "../server/trpc.ts";
import { appRouter } from "../server/routers/_app.ts";
import { contextFromRequest } from "../server/http/context.ts";

const factory = createCallerFactory(appRouter);

export async function serverCaller() {
  const h = await headers();
  return factory(await contextFromRequest(new Request("http://server.internal/", { headers: new Headers(h) })));
}
