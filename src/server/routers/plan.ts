/**
 * The plan grid's procedures (demand, and supply: policies and planned supply): rows and the
 * change feed need scenarios.read, cell and policy edits scenarios.write; presence (a heartbeat)
 * is open to every reader, since viewers view too.
 */
import { router, tenantProcedure } from "../trpc.ts";
import * as plan from "../services/plan-grid.ts";
import { ZChangesSince, ZPlanEditCell, ZPlanForecastLayers, ZPlanRows, ZPlanUseConsensus, ZPresence } from "../../schemas/plan.ts";
import * as supply from "../services/supply-grid.ts";
import { ZSupplyEdit, ZSupplyRows } from "../../schemas/supply.ts";
import * as consensus from "../services/consensus.ts";
import { ZVersionId } from "../../schemas/consensus.ts";

const read = tenantProcedure("scenarios.read");
const write = tenantProcedure("scenarios.write");

export const planRouter = router({
  rows: read.input(ZPlanRows).query(({ ctx, input }) => plan.planRows(ctx.tenant.db, input)),
  changesSince: read.input(ZChangesSince).query(({ ctx, input }) => plan.changesSince(ctx.tenant.db, input.scenarioId, input.version)),
  presence: read.input(ZPresence).mutation(({ ctx, input }) => plan.presence(ctx.tenant.db, input.scenarioId, ctx.user.id, input.state)),
  comments: read.input(ZPresence.pick({ scenarioId: true })).query(({ ctx, input }) => plan.commentsWithAuthors(ctx.tenant.db, input.scenarioId)),
  editCell: write.input(ZPlanEditCell).mutation(({ ctx, input }) => plan.editCell(ctx.tenant.db, ctx.tenant.actor, input)),
  // Forecast consensus layers beside the plan (layer edits go through forecast.adjust and its checks).
  forecastLayers: read.input(ZPlanForecastLayers).query(({ ctx, input }) => plan.forecastLayers(ctx.tenant.db, ctx.tenant.role, input)),
  // Polled by a grid showing layers, to reload them when someone adjusts or freezes the version.
  layersStamp: read.input(ZVersionId).query(({ ctx, input }) => consensus.layersStamp(ctx.tenant.db, input.versionId)),
  useConsensus: write.input(ZPlanUseConsensus).mutation(({ ctx, input }) => plan.useConsensus(ctx.tenant.db, ctx.tenant.actor, input)),
  // The supply side: policies beside the parent's and the latest run's planned supply; policy edits.
  supplyRows: read.input(ZSupplyRows).query(({ ctx, input }) => supply.supplyRows(ctx.tenant.db, input)),
  editSupply: write.input(ZSupplyEdit).mutation(({ ctx, input }) => supply.editSupply(ctx.tenant.db, ctx.tenant.actor, input)),
});
