/**
 * Every background function, once. The embedded runner executes these definitions directly;
 * with Inngest configured, the same definitions are registered as Inngest functions.
 */
import { NonRetriableError } from "inngest";
import { inngest } from "../client.ts";
import { CancelledError, PermanentError, type FunctionDefinition } from "../../server/jobs/types.ts";
import { simulateRunFunction } from "./simulate-run.ts";
import { inventoryRunFunction } from "./inventory-run.ts";
import { forecastRunFunction } from "./forecast-run.ts";

export const functionDefinitions: FunctionDefinition<any>[] = [simulateRunFunction, inventoryRunFunction, forecastRunFunction];

/**
 * Inngest hands onFailure a rebuilt plain error, so a permanent error's code travels in its
 * message ("… [INVALID_INPUT]") and is restored there: runs get the same error codes in both modes.
 */
const permanent = (e: PermanentError) => new NonRetriableError(`${e.message} [${e.code}]`, { cause: e });
export function restoreFailure(error: Error): Error {
  const m = /^([\s\S]*) \[([A-Z_]+)\]$/.exec(error.message ?? "");
  return m ? new PermanentError(m[1]!, m[2]!) : error;
}

/** The Inngest form of a definition: same handler, same step ids, same failure handling. */
export function toInngestFunction<E>(def: FunctionDefinition<E>) {
  return inngest.createFunction(
    {
      id: def.id,
      retries: def.retries as 3,
      triggers: [{ event: def.event }],
      onFailure: async ({ event, error }: { event: { data: { event: { data: unknown } } }; error: Error }) =>
        def.onFailure({ data: def.schema.parse(event.data.event.data), error: restoreFailure(error) }),
    },
    async ({ event, step, attempt }: { event: { name: string; data: unknown }; step: { run: (id: string, fn: () => Promise<unknown>) => Promise<unknown> }; attempt: number }) => {
      // Inside a step Inngest records errors by value, not by class: translate ours there.
      // Cancellation becomes a marker result (then stops the function, no retry); a permanent
      // error becomes NonRetriableError.
      const CANCELLED = "__scp_cancelled__";
      const run = async <T>(id: string, fn: () => Promise<T>): Promise<T> => {
        const out = (await step.run(id, async () => {
          try {
            return await fn();
          } catch (e) {
            if (e instanceof CancelledError) return CANCELLED;
            if (e instanceof PermanentError) throw permanent(e);
            throw e;
          }
        })) as T | typeof CANCELLED;
        if (out === CANCELLED) throw new CancelledError();
        return out as T;
      };
      try {
        return await def.handler({ event: { name: event.name, data: def.schema.parse(event.data) }, step: { run }, attempt });
      } catch (e) {
        // Cancellation and bad input are final: tell Inngest not to retry.
        if (e instanceof CancelledError) return { cancelled: true };
        if (e instanceof PermanentError) throw permanent(e);
        throw e;
      }
    },
  );
}

export const inngestFunctions = functionDefinitions.map(toInngestFunction);
