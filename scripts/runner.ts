/**
 * A standalone background worker: the embedded runner without the web server. Run several
 * (against PostgreSQL) to scale background work out; the durability test kills one mid-run.
 * Usage: tsx scripts/runner.ts (DATABASE_URL, RUNNER_CONCURRENCY, RUNNER_STALE_SECONDS as for the app)
 */
import { env } from "../src/env.ts";
import { appDb } from "../src/server/db/client.ts";
import { logger } from "../src/server/logger.ts";
import { startRunner } from "../src/server/jobs/runner.ts";
import { runnerFunctions } from "../src/server/jobs/app-runner.ts";

const runner = startRunner({
  db: await appDb(),
  functions: runnerFunctions(),
  log: logger,
  concurrency: env.RUNNER_CONCURRENCY || 2,
  staleSeconds: env.RUNNER_STALE_SECONDS,
  retentionDays: env.RUN_RETENTION_DAYS,
  pollMs: 200,
});
console.log(JSON.stringify({ ready: true, workerId: runner.workerId }));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void runner.stop().then(() => process.exit(0));
  });
}
