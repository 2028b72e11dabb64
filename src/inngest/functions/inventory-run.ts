/**
 * Recommends inventory policies for every item × location of the tenant in the background:
 * mark running → compute (inputs from master data and demand history, the batch optimisation,
 * the network trade-off curve; results persisted) → finalise with a KPI summary.
 */
import { withTenant } from "../../server/db/tenant.ts";
import { appDb } from "../../server/db/client.ts";
import { CancelledError, PermanentError, type FunctionDefinition } from "../../server/jobs/types.ts";
import { putArtifact } from "../../server/services/artifacts.ts";
import { curve, optimisationRows, recommend } from "../../server/services/inventory-opt.ts";
import { AppError } from "../../server/errors.ts";
import { ZInventoryParams, ZRunEvent, encodeProgress, type TRunEvent } from "../../schemas/runs.ts";
import { EVENTS } from "../events.ts";
import { markFailed, markRunning, markSucceeded, storedParams } from "./lifecycle.ts";

let dbProvider = appDb;
export function useInventoryDatabase(provider: typeof appDb) {
  dbProvider = provider;
}

async function tx<T>(data: TRunEvent, fn: Parameters<typeof withTenant<T>>[2]) {
  return withTenant(await dbProvider(), { tenantId: data.tenantId, userId: data.requestedBy }, fn, { timeoutMs: 120_000 });
}

export const inventoryRunFunction: FunctionDefinition<TRunEvent> = {
  id: "inventory-run",
  event: EVENTS.inventoryRun,
  schema: ZRunEvent,
  retries: 2,
  async handler({ event, step }) {
    const data = ZRunEvent.parse(event.data);
    await step.run("start", () => tx(data, async (db) => void (await markRunning(db, data.runId, encodeProgress("readingInventory")))));
    const summary = await step.run("optimise", () =>
      tx(data, async (db) => {
        const run = await db.run.findUniqueOrThrow({ where: { id: data.runId }, select: { params: true, status: true } });
        if (run.status === "cancelled") throw new CancelledError();
        const params = storedParams(ZInventoryParams, run.params);
        let rows;
        try {
          rows = await optimisationRows(db, params);
        } catch (e) {
          if (e instanceof AppError) throw new PermanentError(e.message, "INVALID_INPUT");
          throw e;
        }
        await db.run.update({ where: { id: data.runId }, data: { progress: 40, progressMessage: encodeProgress("optimising", { count: rows.length }) } });
        const recs = recommend(rows, params);
        const network = curve(rows, params);
        await putArtifact(db, data.runId, "recommendations", { params, rows, recommendations: recs, network });
        const ok = recs.filter((r) => r.status === "ok");
        const demand = ok.reduce((a, r) => a + r.demandMean, 0) || 1;
        return {
          policies: recs.length,
          optimised: ok.length,
          inventoryInvestment: ok.reduce((a, r) => a + r.inventoryInvestment, 0),
          expectedFillRate: ok.reduce((a, r) => a + r.expectedFillRate * r.demandMean, 0) / demand,
          expectedCycleServiceLevel: ok.reduce((a, r) => a + r.expectedCycleServiceLevel * r.demandMean, 0) / demand,
          holdingCostPerYear: ok.reduce((a, r) => a + r.holdingCostPerYear, 0),
          orderingCostPerYear: ok.reduce((a, r) => a + r.orderingCostPerYear, 0),
        };
      }));
    return step.run("finalise", () => tx(data, (db) => markSucceeded(db, data.runId, "inventory", { kpis: summary })));
  },
  async onFailure({ data, error }) {
    await tx(data, (db) => markFailed(db, data.runId, "inventory", error));
  },
};
