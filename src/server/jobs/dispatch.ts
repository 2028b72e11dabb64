/**
 * Queues a background function into the jobs table, inside the caller's transaction, so a run
 * row and its job are created together or not at all. The runner executes it, or forwards it to
 * Inngest when Inngest is configured (forward.ts: an outbox, never a send before the commit).
 */
import type { TenantDb } from "../db/tenant.ts";
import type { FunctionDefinition } from "./types.ts";
import { inngestEnabled } from "../../inngest/client.ts";
import { kickEmbeddedRunner } from "./runner.ts";
import { FORWARD_ATTEMPTS } from "./forward.ts";

export async function enqueue<E>(db: TenantDb, def: FunctionDefinition<E>, data: E, options: { priority?: number } = {}) {
  const payload = def.schema.parse(data);
  await db.job.create({
    data: {
      functionId: def.id,
      event: { name: def.event, data: payload } as object,
      priority: options.priority ?? 0,
      maxAttempts: inngestEnabled ? FORWARD_ATTEMPTS : def.retries + 1,
    },
  });
  // Wake this process's runner once the caller's transaction has had time to commit; a runner
  // in another process finds the job at its next poll.
  setTimeout(kickEmbeddedRunner, 50).unref?.();
}
