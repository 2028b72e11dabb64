import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers/_app.ts";
import { contextFromRequest } from "@/server/http/context.ts";
import { observeRequest } from "@/server/metrics.ts";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const started = performance.now();
  let requestId = "";
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async ({ resHeaders }) => {
      const ctx = await contextFromRequest(req, resHeaders);
      requestId = ctx.requestId;
      return ctx;
    },
  });
  if (requestId) response.headers.set("x-request-id", requestId);
  // One label per procedure; batched calls share one label to keep the label set small.
  const paths = new URL(req.url).pathname.replace("/api/trpc/", "");
  observeRequest(paths.includes(",") ? "trpc:batch" : `trpc:${paths}`, response.status, (performance.now() - started) / 1000);
  return response;
}

export { handler as GET, handler as POST };
