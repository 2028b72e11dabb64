/** Inventory optimisation procedures: start, recommendations, trade-off curve, apply. */
import { router, tenantProcedure } from "../trpc.ts";
import { startInventoryOptimisation } from "../services/runs.ts";
import { applyRecommendations, applyRecommendationsToScenario, recommendations, tradeOff } from "../services/inventory-opt.ts";
import { ZApplyRecommendations, ZApplyToScenario, ZRunId, ZStartInventory, ZTradeOffQuery } from "../../schemas/runs.ts";

export const inventoryRouter = router({
  start: tenantProcedure("runs.write").input(ZStartInventory).mutation(({ ctx, input }) =>
    startInventoryOptimisation(ctx.tenant.db, ctx.tenant.actor, input)),
  recommendations: tenantProcedure("runs.read").input(ZRunId).query(({ ctx, input }) => recommendations(ctx.tenant.db, input.id)),
  tradeOff: tenantProcedure("runs.read").input(ZTradeOffQuery).query(({ ctx, input }) => tradeOff(ctx.tenant.db, input.id, input.item)),
  applyRecommendations: tenantProcedure("masterdata.write").input(ZApplyRecommendations).mutation(({ ctx, input }) =>
    applyRecommendations(ctx.tenant.db, ctx.tenant.actor, input.id, input.policyIds)),
  /** Writes chosen recommendations into a draft scenario (through its diff, audited). */
  applyToScenario: tenantProcedure("scenarios.write").input(ZApplyToScenario).mutation(({ ctx, input }) =>
    applyRecommendationsToScenario(ctx.tenant.db, ctx.tenant.actor, input.id, input.policyIds, input.scenarioId)),
});
