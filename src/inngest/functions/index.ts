/**
 * Every background function, once. The embedded runner executes these definitions directly;
 * with Inngest configured, the same definitions are registered as Inngest functions.
 */
import { NonRetriableError } from "inngest";
import { inngest } from "../client.ts";
import { CancelledError, PermanentError, type FunctionDefinition } from "../../server/jobs/types.ts";
import { simulateRunFunction } from "./simulate-run.ts";

export const functionDefinitions: FunctionDefinition<any>[] = [simulateRunFunction];

/** The Inngest form of a definition: same handler, same step ids, same failure handling. */
export function toInngestFunction<E>(def: FunctionDefinition<E>) {
  return inngest.createFunction(
    {
      id: def.id,
      retries: def.retries as 3,
      triggers: [{ event: def.event }],
      onFailure: async ({ event, error }: { event: { data: { event: { data: unknown } } }; error: Error }) =>
        def.onFailure({ data: def.schema.parse(event.data.event.data), error }),
    },
    async ({ event, step, attempt }: { event: { name: string; data: unknown }; step: { run: (id: string, fn: () => Promise<unknown>) => Promise<unknown> }; attempt: number }) => {
      try {
        return await def.handler({
          event: { name: event.name, data: def.schema.parse(event.data) },
          step: { run: <T>(id: string, fn: () => Promise<T>) => step.run(id, fn) as Promise<T> },
          attempt,
        });
      } catch (e) {
        // Cancellation and bad input are final: tell Inngest not to retry.
        if (e instanceof CancelledError) return { cancelled: true };
        if (e instanceof PermanentError) throw new NonRetriableError(e.message, { cause: e });
        throw e;
      }
    },
  );
}

export const inngestFunctions = functionDefinitions.map(toInngestFunction);
