/** Event names and payloads of the background functions (payload schemas from src/schemas). */
export { ZRunEvent, type TRunEvent } from "../schemas/runs.ts";

export const EVENTS = {
  simulateRun: "scp/run.simulate.requested",
  inventoryRun: "scp/run.inventory.requested",
  forecastRun: "scp/run.forecast.requested",
} as const;
