/**
 * GET  /api/v1/runs — list runs (query: limit ≤ 200, cursor, sort, direction, status, kind,
 *                     scenarioRef, requestedBy, from, to, search, detail=false)
 * POST /api/v1/runs — start a simulation (body: the simulate parameters; see src/schemas/runs.ts)
 * Auth: the session cookie; the tenant from the x-tenant-id header (default: the user's first).
 */
import { jsonBody, queryInput, rest } from "@/server/http/rest.ts";

export const dynamic = "force-dynamic";

export const GET = rest("runs.list", (api, req) => api.runs.list(queryInput(req.url, ["status", "kind"]) as never));
export const POST = rest("runs.start", async (api, req) => {
  const run = await api.runs.startSimulation((await jsonBody(req)) as never);
  return Response.json(run, { status: 202 });
});
