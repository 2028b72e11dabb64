/** Run procedures: start, cancel, retry, list, fetch, results. */
import { router, tenantProcedure } from "../trpc.ts";
import * as runs from "../services/runs.ts";
import { costDrill } from "../services/cost-drill.ts";
import { ZCompareRuns, ZCostDrill, ZRunId, ZRunListQuery, ZRunSeriesQuery, ZStartScenarioSimulation, ZStartSimulation } from "../../schemas/runs.ts";

const read = tenantProcedure("runs.read");
const write = tenantProcedure("runs.write");

export const runsRouter = router({
  startSimulation: write.input(ZStartSimulation).mutation(({ ctx, input }) => runs.startSimulation(ctx.tenant.db, ctx.tenant.actor, input)),
  /** One click runs a scenario: its plan document as the simulation input. */
  startScenario: write.input(ZStartScenarioSimulation).mutation(({ ctx, input }) => runs.startScenarioSimulation(ctx.tenant.db, ctx.tenant.actor, input)),
  cancel: write.input(ZRunId).mutation(({ ctx, input }) => runs.cancelRun(ctx.tenant.db, ctx.tenant.actor, input.id)),
  retry: write.input(ZRunId).mutation(({ ctx, input }) => runs.retryRun(ctx.tenant.db, ctx.tenant.actor, input.id)),
  list: read.input(ZRunListQuery).query(({ ctx, input }) => runs.listRuns(ctx.tenant.db, input)),
  requesters: read.query(({ ctx }) => runs.runRequesters(ctx.tenant.db)),
  get: read.input(ZRunId).query(({ ctx, input }) => runs.getRun(ctx.tenant.db, input.id)),
  series: read.input(ZRunSeriesQuery).query(({ ctx, input }) => runs.runSeries(ctx.tenant.db, input.id, input.bucket)),
  costs: read.input(ZCostDrill).query(({ ctx, input }) => costDrill(ctx.tenant.db, input)),
  compare: read.input(ZCompareRuns).query(({ ctx, input }) => runs.compareRuns(ctx.tenant.db, input.ids, input.bucket)),
});
