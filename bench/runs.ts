/**
 * bench:runs — the run history and the background path, on a real PostgreSQL.
 *  1. Run-list latency (p50/p95) with 100,000 runs of one tenant in the table (plus 20,000 of
 *     another), through the same service and RLS-bound role as the app: first pages, cursor pages,
 *     filtered and searched pages.
 *  2. The standard simulation case (10,000 SKUs × 10 nodes × 365 days) through the background
 *     path (input snapshot → job → embedded runner → chunked engine with progress → results) versus
 *     the engine alone with the same settings: the overhead ratio.
 * Database: BENCH_DATABASE_URL, else the local server (database scp_bench is recreated).
 * Ends with one line of JSON: {"runListP50Ms", "runListP95Ms", "backgroundOverheadRatio", ...}.
 */
import { execFileSync } from "node:child_process";
import pg from "pg";
import { openDb } from "../src/server/db/client.ts";
import { withTenant } from "../src/server/db/tenant.ts";
import { listRuns } from "../src/server/services/runs.ts";
import { putArtifact } from "../src/server/services/artifacts.ts";
import { enqueue } from "../src/server/jobs/dispatch.ts";
import { startRunner } from "../src/server/jobs/runner.ts";
import { simulateRunFunction, useDatabase } from "../src/inngest/functions/simulate-run.ts";
import { logger } from "../src/server/logger.ts";
import { ZRunListQuery } from "../src/schemas/runs.ts";
import { advance, compileModel, createRun, finish } from "../src/server/engine/sim/index.ts";
import { standardCase } from "../examples/standard-case.ts";

const admin = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = (() => {
  const u = new URL(admin);
  u.pathname = "/scp_bench";
  return u.toString();
})();

async function sql(connectionString: string, text: string) {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

console.log("Preparing scp_bench…");
await sql(admin, "DROP DATABASE IF EXISTS scp_bench WITH (FORCE)");
await sql(admin, "CREATE DATABASE scp_bench");
execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });

const owner = await openDb({ as: "owner", databaseUrl: url });
const tenant = await owner.db.tenant.create({ data: { slug: "bench", name: "Bench" } });
const other = await owner.db.tenant.create({ data: { slug: "other", name: "Other" } });
const user = await owner.db.user.create({ data: { email: "bench@bench.test", name: "Bench" } });
await owner.db.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "planner" } });
await owner.close();

const seedRuns = (tenantId: string, n: number) => `
  INSERT INTO runs (tenant_id, kind, name, scenario_ref, config_schema_version, input_hash, params, status, progress,
                    requested_by, created_at, started_at, finished_at, duration_ms, kpis)
  SELECT '${tenantId}', (ARRAY['simulate','forecast','optimise','inventory'])[1 + g % 4]::"RunKind",
         'Run ' || g, 'masterdata', 1, md5(g::text), '{"horizonDays":91}'::jsonb,
         (ARRAY['succeeded','succeeded','succeeded','failed','cancelled'])[1 + g % 5]::"RunStatus", 100,
         '${user.id}', now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
         now() - (g || ' minutes')::interval + interval '3 seconds', 1000 + (g * 37) % 60000,
         jsonb_build_object('kpis', jsonb_build_object('fillRate', 0.9 + (g % 10) / 100.0))
  FROM generate_series(1, ${n}) g`;
let t0 = performance.now();
await sql(url, seedRuns(tenant.id, 100_000));
await sql(url, seedRuns(other.id, 20_000));
await sql(url, "ANALYZE");
console.log(`Inserted 120,000 runs in ${round((performance.now() - t0) / 1000, 1)} s`);

const app = await openDb({ as: "app", databaseUrl: url, poolSize: 4 });
const list = (q: object) => withTenant(app.db, { tenantId: tenant.id, userId: user.id }, (tx) => listRuns(tx, ZRunListQuery.parse(q)));

// Warm up, then measure a realistic mix of page requests.
for (let i = 0; i < 20; i++) await list({});
const samples: Record<string, number[]> = { first: [], cursor: [], status: [], requester: [], byDuration: [], dateRange: [] };
const searchMs: number[] = [];
const totalMs: number[] = [];
let cursor: string | undefined;
for (let i = 0; i < 60; i++) {
  t0 = performance.now();
  await list({ limit: 50 });
  samples.first!.push(performance.now() - t0);
  t0 = performance.now();
  const page = await list({ limit: 50, cursor });
  samples.cursor!.push(performance.now() - t0);
  cursor = page.nextCursor ?? undefined;
  t0 = performance.now();
  await list({ limit: 50, status: ["failed"], kind: ["simulate", "forecast"] });
  samples.status!.push(performance.now() - t0);
  t0 = performance.now();
  await list({ limit: 50, requestedBy: user.id });
  samples.requester!.push(performance.now() - t0);
  t0 = performance.now();
  await list({ limit: 50, sort: "durationMs", direction: "desc" });
  samples.byDuration!.push(performance.now() - t0);
  t0 = performance.now();
  await list({ limit: 50, from: new Date(Date.now() - 30 * 86_400_000), to: new Date(Date.now() - 20 * 86_400_000) });
  samples.dateRange!.push(performance.now() - t0);
  // Not part of the page figures: free-text name search (no trigram index) and exact totals.
  t0 = performance.now();
  await list({ limit: 50, search: `Run ${100 + i}` });
  searchMs.push(performance.now() - t0);
  t0 = performance.now();
  await list({ limit: 50, withTotal: true });
  totalMs.push(performance.now() - t0);
}
const all = Object.values(samples).flat();
console.log("\nRun list (100,000 runs in the tenant), ms:");
console.log("  query            p50      p95");
for (const [k, xs] of Object.entries(samples)) console.log(`  ${k.padEnd(14)} ${round(pct(xs, 50)).toString().padStart(6)}   ${round(pct(xs, 95)).toString().padStart(6)}`);
console.log(`  ${"all pages".padEnd(14)} ${round(pct(all, 50)).toString().padStart(6)}   ${round(pct(all, 95)).toString().padStart(6)}`);
console.log(`  (name search: p50 ${round(pct(searchMs, 50))}, p95 ${round(pct(searchMs, 95))}; page + exact total: p50 ${round(pct(totalMs, 50))}, p95 ${round(pct(totalMs, 95))})`);

// Background path versus the engine alone, same model and settings (large runs keep no trace
// or per-node series; see DETAIL_LIMIT_NODE_DAYS).
const skus = Number(process.env.BENCH_SKUS ?? 10_000);
const model = { ...standardCase({ skus }), options: { trace: false, nodeSeries: false } };
t0 = performance.now();
const compiled = compileModel(model);
const engineRun = createRun(compiled, { replication: 0 });
advance(engineRun, compiled.days); // in one go: progress reports and cancellation checks are the background path's
finish(engineRun);
const engineMs = performance.now() - t0;
console.log(`\nStandard case (${skus} SKUs × 10 nodes × ${compiled.days} days): engine alone ${round(engineMs, 0)} ms (compile + simulate)`);

useDatabase(async () => app.db);
const runner = startRunner({ db: app.db, functions: [simulateRunFunction], log: logger.child({ bench: true }), concurrency: 1, pollMs: 50, staleSeconds: 60 });
t0 = performance.now();
const runId = await withTenant(app.db, { tenantId: tenant.id, userId: user.id }, async (tx) => {
  const run = await tx.run.create({
    data: { kind: "simulate", name: "standard case", scenarioRef: "bench", configSchemaVersion: 1, inputHash: "bench", params: { replications: 1 }, requestedBy: user.id },
  });
  await putArtifact(tx, run.id, "input", model);
  await enqueue(tx, simulateRunFunction, { tenantId: tenant.id, runId: run.id, requestedBy: user.id });
  return run.id;
}, { timeoutMs: 120_000 });
for (;;) {
  const r = await withTenant(app.db, { tenantId: tenant.id }, (tx) => tx.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, errorMessage: true } }));
  if (r.status === "succeeded") break;
  if (r.status === "failed" || r.status === "cancelled") throw new Error(`background run ${r.status}: ${r.errorMessage}`);
  await new Promise((res) => setTimeout(res, 25));
}
const backgroundMs = performance.now() - t0;
await runner.stop();
await app.close();
const ratio = backgroundMs / engineMs;
console.log(`Background path (snapshot input → job → runner → engine with progress → results): ${round(backgroundMs, 0)} ms`);
console.log(`Overhead ratio: ${round(ratio, 3)} (target ≤ 1.3)`);
console.log(`Peak memory: ${round(process.resourceUsage().maxRSS / 1024, 0)} MiB`);

console.log(JSON.stringify({
  runListP50Ms: round(pct(all, 50)),
  runListP95Ms: round(pct(all, 95)),
  backgroundOverheadRatio: round(ratio, 3),
  engineMs: round(engineMs, 0),
  backgroundMs: round(backgroundMs, 0),
  runs: 100_000,
  searchP95Ms: round(pct(searchMs, 95)),
  withTotalP95Ms: round(pct(totalMs, 95)),
  skuNodes: compiled.nodeCount,
  peakMiB: round(process.resourceUsage().maxRSS / 1024, 0),
}));
process.exit(0);
