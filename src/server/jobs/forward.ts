/**
 * Background work with Inngest configured, through an outbox. Work still enters as a row of the
 * jobs table inside the transaction that creates its run, so a run and its job exist together or
 * not at all and Inngest never hears of a run that was not committed (sending from inside the
 * transaction would start functions on rows they cannot see yet, or on rows rolled back). The
 * runner then forwards each job's event to Inngest instead of executing it: retried with backoff
 * while Inngest is unreachable, with the job id as the event id so a repeated send is
 * deduplicated, and the run marked failed (by the function's own onFailure) if it never gets through.
 */
import type { FunctionDefinition } from "./types.ts";

/** What forwarding needs of an Inngest client. */
export interface EventSender {
  send(event: { id?: string; name: string; data: Record<string, unknown> }): Promise<unknown>;
}

/** Attempts at forwarding one job (backoff doubles to a minute: about ten minutes in all). */
export const FORWARD_ATTEMPTS = 14;

export function forwardingDefinition<E>(def: FunctionDefinition<E>, sender: EventSender): FunctionDefinition<E> {
  return {
    id: def.id,
    event: def.event,
    schema: def.schema,
    retries: FORWARD_ATTEMPTS - 1,
    async handler({ event, step, jobId }) {
      await step.run("send-to-inngest", async () => {
        await sender.send({ id: jobId, name: event.name, data: event.data as Record<string, unknown> });
        return { sent: true };
      });
    },
    onFailure: ({ data, error }) => def.onFailure({ data, error: new Error(`Could not hand the run to Inngest: ${error.message}`) }),
  };
}
