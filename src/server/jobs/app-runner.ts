/** Starts the embedded runner in the app's server process (unless Inngest is configured). */
import { env } from "../../env.ts";
import { appDb } from "../db/client.ts";
import { logger } from "../logger.ts";
import { inngestEnabled } from "../../inngest/client.ts";
import { functionDefinitions } from "../../inngest/functions/index.ts";
import { startRunner, type Runner } from "./runner.ts";

export async function startAppRunner(): Promise<Runner | null> {
  if (inngestEnabled || env.RUNNER_CONCURRENCY === 0) {
    logger.info({ inngest: inngestEnabled }, "embedded runner not started");
    return null;
  }
  return startRunner({
    db: await appDb(),
    functions: functionDefinitions,
    log: logger,
    concurrency: env.RUNNER_CONCURRENCY,
    staleSeconds: env.RUNNER_STALE_SECONDS,
    retentionDays: env.RUN_RETENTION_DAYS,
  });
}
