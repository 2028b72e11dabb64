/**
 * Scenario procedures. Each declares the one permission it needs: reading (scenarios.read),
 * creating/editing/submitting/rebasing/restoring (scenarios.write), approving/rejecting/publishing
 * (scenarios.approve) and the admin's unlock (scenarios.unlock).
 */
import { router, tenantProcedure } from "../trpc.ts";
import * as scenarios from "../services/scenarios.ts";
import {
  ZAddComment,
  ZCompare,
  ZCreateChild,
  ZCreateRoot,
  ZEditCells,
  ZListScenarios,
  ZReject,
  ZRestore,
  ZScenarioId,
  ZTransition,
  ZUpdateDetails,
} from "../../schemas/scenario.ts";
import { z } from "zod";
import { ZId } from "../../schemas/common.ts";

const read = tenantProcedure("scenarios.read");
const write = tenantProcedure("scenarios.write");
const approve = tenantProcedure("scenarios.approve");

export const scenariosRouter = router({
  list: read.input(ZListScenarios.optional()).query(({ ctx, input }) => scenarios.list(ctx.tenant.db, input ?? {})),
  get: read.input(ZScenarioId).query(({ ctx, input }) => scenarios.materialise(ctx.tenant.db, input.id)),
  history: read.input(ZScenarioId).query(({ ctx, input }) => scenarios.history(ctx.tenant.db, input.id)),
  compare: read.input(ZCompare).query(({ ctx, input }) => scenarios.compareInputs(ctx.tenant.db, input.a, input.b)),
  comments: read.input(z.object({ id: ZId, target: z.string().max(500).optional() })).query(({ ctx, input }) =>
    scenarios.listComments(ctx.tenant.db, input.id, input.target)),
  // Approvers comment without edit rights; viewers only read the discussion.
  addComment: tenantProcedure("scenarios.comment").input(ZAddComment).mutation(({ ctx, input }) => scenarios.addComment(ctx.tenant.db, ctx.tenant.actor, input)),

  createRoot: write.input(ZCreateRoot).mutation(({ ctx, input }) => scenarios.createRoot(ctx.tenant.db, ctx.tenant.actor, input)),
  updateDetails: write.input(ZUpdateDetails).mutation(({ ctx, input }) => scenarios.updateDetails(ctx.tenant.db, ctx.tenant.actor, input)),
  createChild: write.input(ZCreateChild).mutation(({ ctx, input }) => scenarios.createChild(ctx.tenant.db, ctx.tenant.actor, input)),
  edit: write.input(ZEditCells).mutation(({ ctx, input }) => scenarios.editCells(ctx.tenant.db, ctx.tenant.actor, input)),
  rebase: write.input(ZScenarioId).mutation(({ ctx, input }) => scenarios.rebase(ctx.tenant.db, ctx.tenant.actor, input.id)),
  restore: write.input(ZRestore).mutation(({ ctx, input }) => scenarios.restore(ctx.tenant.db, ctx.tenant.actor, input)),
  submit: write.input(ZTransition).mutation(({ ctx, input }) => scenarios.transition(ctx.tenant.db, ctx.tenant.actor, "submit", input.id, input.comment)),
  reopen: write.input(ZTransition).mutation(({ ctx, input }) => scenarios.transition(ctx.tenant.db, ctx.tenant.actor, "reopen", input.id, input.comment)),

  approve: approve.input(ZTransition).mutation(({ ctx, input }) => scenarios.transition(ctx.tenant.db, ctx.tenant.actor, "approve", input.id, input.comment)),
  reject: approve.input(ZReject).mutation(({ ctx, input }) => scenarios.transition(ctx.tenant.db, ctx.tenant.actor, "reject", input.id, input.comment)),
  publish: approve.input(ZTransition).mutation(({ ctx, input }) => scenarios.transition(ctx.tenant.db, ctx.tenant.actor, "publish", input.id, input.comment)),

  unlock: tenantProcedure("scenarios.unlock").input(ZTransition).mutation(({ ctx, input }) =>
    scenarios.transition(ctx.tenant.db, ctx.tenant.actor, "unlock", input.id, input.comment)),
});
