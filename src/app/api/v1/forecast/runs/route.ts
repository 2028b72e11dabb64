/**
 * POST /api/v1/forecast/runs — forecast the stored demand history of every item × location (or
 * `items` / `locations`) as a background run: { name, bucket, horizon, method, holdoutPeriods } → 202.
 * GET /api/v1/forecast/runs — the forecast versions.
 */
import { jsonBody, rest } from "@/server/http/rest.ts";

export const dynamic = "force-dynamic";

export const POST = rest("forecast.start", async (api, req) => Response.json(await api.forecast.start((await jsonBody(req)) as never), { status: 202 }));
export const GET = rest("forecast.versions", (api) => api.forecast.versions());
