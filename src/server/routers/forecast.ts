/** Forecast procedures: start a forecast run, versions, the workbench, layers, freeze. */
import { z } from "zod";
import { router, tenantProcedure } from "../trpc.ts";
import { startForecast } from "../services/runs.ts";
import * as consensus from "../services/consensus.ts";
import { forecastSeries } from "../engine/forecast/index.ts";
import { ZAdjust, ZSeriesKey, ZStartForecast, ZVersionId } from "../../schemas/consensus.ts";
import { AppError } from "../errors.ts";

/** Ad-hoc forecasts of given values (integrations; the workbench uses stored versions). */
const ZAdhoc = z.object({
  horizon: z.number().int().min(1).max(520),
  method: z.string().max(40).default("auto"),
  period: z.number().int().min(1).max(366).optional(),
  values: z.array(z.number().finite()).min(3, "needs at least 3 values").max(20_000),
});

export const forecastRouter = router({
  start: tenantProcedure("runs.write").input(ZStartForecast).mutation(({ ctx, input }) => startForecast(ctx.tenant.db, ctx.tenant.actor, input)),
  versions: tenantProcedure("runs.read").query(({ ctx }) => consensus.listVersions(ctx.tenant.db)),
  series: tenantProcedure("runs.read").input(ZVersionId).query(({ ctx, input }) => consensus.listSeries(ctx.tenant.db, input.versionId)),
  workbench: tenantProcedure("runs.read").input(ZSeriesKey).query(({ ctx, input }) => consensus.workbench(ctx.tenant.db, input)),
  // The layer's own permission is checked in the service (sales/marketing: planners, finance: approvers).
  adjust: tenantProcedure("runs.read").input(ZAdjust).mutation(({ ctx, input }) =>
    consensus.adjust(ctx.tenant.db, ctx.tenant.actor, ctx.tenant.role, input)),
  freeze: tenantProcedure("forecast.freeze").input(ZVersionId).mutation(({ ctx, input }) =>
    consensus.freeze(ctx.tenant.db, ctx.tenant.actor, input.versionId)),
  adhoc: tenantProcedure("runs.read").input(ZAdhoc).mutation(({ input }) => {
    try {
      const r = forecastSeries(input.values, { horizon: input.horizon, method: input.method, period: input.period });
      return { method: r.method, spec: r.spec, mean: Array.from(r.mean), levels: r.levels, lower: r.lower.map((a) => Array.from(a)), upper: r.upper.map((a) => Array.from(a)) };
    } catch (e) {
      throw new AppError("BAD_REQUEST", (e as Error).message);
    }
  }),
});
