/**
 * POST /api/v1/forecast — forecasts for given series, in the `scp forecast` format
 * ({ horizon, method, level, series: [{ id, values, period? }] }); a bad series gets its own
 * error in the output while the others are forecast.
 */
import { jsonBody, rest } from "@/server/http/rest.ts";

export const dynamic = "force-dynamic";

export const POST = rest("forecast.series", async (api, req) => api.forecast.forSeries((await jsonBody(req)) as never));
