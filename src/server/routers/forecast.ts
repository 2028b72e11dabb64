/** Forecast procedures: forecasts for given series, forecast runs, versions, the workbench, layers, freeze. */
import { router, tenantProcedure } from "../trpc.ts";
import { startForecast } from "../services/runs.ts";
import * as consensus from "../services/consensus.ts";
import { forecastDocument } from "../services/forecast-document.ts";
import { forecastDocumentSchema } from "../../schemas/forecast.ts";
import { ZAdjust, ZSeriesKey, ZStartForecast, ZVersionId } from "../../schemas/consensus.ts";

export const forecastRouter = router({
  /** Forecasts for given series (the `scp forecast` document); per-series errors in the output. */
  forSeries: tenantProcedure("runs.read").input(forecastDocumentSchema).mutation(({ input }) => forecastDocument(input)),
  start: tenantProcedure("runs.write").input(ZStartForecast).mutation(({ ctx, input }) => startForecast(ctx.tenant.db, ctx.tenant.actor, input)),
  versions: tenantProcedure("runs.read").query(({ ctx }) => consensus.listVersions(ctx.tenant.db)),
  series: tenantProcedure("runs.read").input(ZVersionId).query(({ ctx, input }) => consensus.listSeries(ctx.tenant.db, input.versionId)),
  workbench: tenantProcedure("runs.read").input(ZSeriesKey).query(({ ctx, input }) => consensus.workbench(ctx.tenant.db, input)),
  // Which layer (sales/marketing: planners, finance: approvers) is checked in the service.
  adjust: tenantProcedure("forecast.adjust").input(ZAdjust).mutation(({ ctx, input }) =>
    consensus.adjust(ctx.tenant.db, ctx.tenant.actor, ctx.tenant.role, input)),
  freeze: tenantProcedure("forecast.freeze").input(ZVersionId).mutation(({ ctx, input }) =>
    consensus.freeze(ctx.tenant.db, ctx.tenant.actor, input.versionId)),
});
