/**
 * Starts the runner in the app's server process: it executes the background functions (the
 * embedded default) or, with Inngest configured, forwards their committed jobs to Inngest.
 * Either way it also archives old runs and keeps the queue gauges of /api/metrics current.
 */
import { env } from "../../env.ts";
import { appDb } from "../db/client.ts";
import { logger } from "../logger.ts";
import { inngest, inngestEnabled } from "../../inngest/client.ts";
import { functionDefinitions } from "../../inngest/functions/index.ts";
import { startRunner, type Runner } from "./runner.ts";
import { forwardingDefinition } from "./forward.ts";
import type { FunctionDefinition } from "./types.ts";

/** What the runner does with each job: run the function here, or hand its event to Inngest. */
export function runnerFunctions(): FunctionDefinition<any>[] {
  return inngestEnabled ? functionDefinitions.map((def) => forwardingDefinition(def, inngest)) : functionDefinitions;
}

export async function startAppRunner(): Promise<Runner | null> {
  if (env.RUNNER_CONCURRENCY === 0) {
    logger.info({ inngest: inngestEnabled }, "runner not started in this process (RUNNER_CONCURRENCY=0)");
    return null;
  }
  return startRunner({
    db: await appDb(),
    functions: runnerFunctions(),
    log: logger,
    concurrency: env.RUNNER_CONCURRENCY,
    staleSeconds: env.RUNNER_STALE_SECONDS,
    retentionDays: env.RUN_RETENTION_DAYS,
  });
}
