/**
 * The plan grid's procedures: rows and the change feed need scenarios.read, cell edits
 * scenarios.write; presence (a heartbeat) is open to every reader, since viewers view too.
 */
import { router, tenantProcedure } from "../trpc.ts";
import * as plan from "../services/plan-grid.ts";
import { ZChangesSince, ZPlanEditCell, ZPlanRows, ZPresence } from "../../schemas/plan.ts";

const read = tenantProcedure("scenarios.read");
const write = tenantProcedure("scenarios.write");

export const planRouter = router({
  rows: read.input(ZPlanRows).query(({ ctx, input }) => plan.planRows(ctx.tenant.db, input)),
  changesSince: read.input(ZChangesSince).query(({ ctx, input }) => plan.changesSince(ctx.tenant.db, input.scenarioId, input.version)),
  presence: read.input(ZPresence).mutation(({ ctx, input }) =>
    plan.presence(ctx.tenant.tenantId, input.scenarioId, { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email }, input.state)),
  comments: read.input(ZPresence.pick({ scenarioId: true })).query(({ ctx, input }) => plan.commentsWithAuthors(ctx.tenant.db, input.scenarioId)),
  editCell: write.input(ZPlanEditCell).mutation(({ ctx, input }) => plan.editCell(ctx.tenant.db, ctx.tenant.actor, input)),
});
