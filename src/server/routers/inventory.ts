/** Inventory optimisation procedures: start, recommendations, trade-off curve, validation by simulation, apply. */
import { router, tenantProcedure } from "../trpc.ts";
import { startInventoryOptimisation } from "../services/runs.ts";
import {
  applyRecommendations, applyRecommendationsToScenario, recommendations, tradeOff, validateRecommendation,
} from "../services/inventory-opt.ts";
import { ZApplyRecommendations, ZApplyToScenario, ZRunId, ZStartInventory, ZTradeOffQuery } from "../../schemas/runs.ts";
import { ZValidateRecommendation } from "../../schemas/inventory.ts";

export const inventoryRouter = router({
  start: tenantProcedure("runs.write").input(ZStartInventory).mutation(({ ctx, input }) =>
    startInventoryOptimisation(ctx.tenant.db, ctx.tenant.actor, input)),
  recommendations: tenantProcedure("runs.read").input(ZRunId).query(({ ctx, input }) => recommendations(ctx.tenant.db, input.id)),
  tradeOff: tenantProcedure("runs.read").input(ZTradeOffQuery).query(({ ctx, input }) => tradeOff(ctx.tenant.db, input.id, input.item)),
  /**
   * Runs one recommendation row through the simulator (Monte Carlo replications): achieved fill
   * rate, CSL, on-hand and cost with 95% confidence intervals against the promised values.
   * A computation the user starts, so it needs runs.write; nothing is stored.
   */
  validate: tenantProcedure("runs.write").input(ZValidateRecommendation).mutation(({ ctx, input }) =>
    validateRecommendation(ctx.tenant.db, input)),
  applyRecommendations: tenantProcedure("masterdata.write").input(ZApplyRecommendations).mutation(({ ctx, input }) =>
    applyRecommendations(ctx.tenant.db, ctx.tenant.actor, input.id, input.policyIds)),
  /** Writes chosen recommendations into a draft scenario (through its diff, audited). */
  applyToScenario: tenantProcedure("scenarios.write").input(ZApplyToScenario).mutation(({ ctx, input }) =>
    applyRecommendationsToScenario(ctx.tenant.db, ctx.tenant.actor, input.id, input.policyIds, input.scenarioId)),
});
