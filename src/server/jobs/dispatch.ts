/**
 * Queues a background function: to Inngest when configured, otherwise into the embedded
 * runner's jobs table — inside the caller's transaction, so a run row and its job are created
 * together or not at all.
 */
import type { TenantDb } from "../db/tenant.ts";
import type { FunctionDefinition } from "./types.ts";
import { inngest, inngestEnabled } from "../../inngest/client.ts";
import { kickEmbeddedRunner } from "./runner.ts";

export async function enqueue<E>(db: TenantDb, def: FunctionDefinition<E>, data: E, options: { priority?: number } = {}) {
  const payload = def.schema.parse(data);
  if (inngestEnabled) {
    await inngest.send({ name: def.event, data: payload as Record<string, unknown> });
    return;
  }
  await db.job.create({
    data: {
      functionId: def.id,
      event: { name: def.event, data: payload } as object,
      priority: options.priority ?? 0,
      maxAttempts: def.retries + 1,
    },
  });
  // Wake this process's runner once the caller's transaction has had time to commit; a runner
  // in another process finds the job at its next poll.
  setTimeout(kickEmbeddedRunner, 50).unref?.();
}
