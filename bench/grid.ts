/**
 * bench:grid — the collaborative plan grid on a real PostgreSQL, as the browser reaches it: tRPC
 * over HTTP (the app's router, its superjson transformer, permission and tenant tiers) on a local
 * server, against the RLS-bound role; a draft scenario (child of a baseline) with 10,000 rows
 * (400 items × 25 locations) × 26 weekly buckets (182 daily values each, 1.82 million cells).
 * Only the session is stood in: each request names its bench user in a header.
 *  1. Grid load: `plan.rows` for the whole grid (all 10,000 rows × 26 weeks, serialised as JSON),
 *     p50/p95 (the first, cold load reported separately).
 *  2. Edit round trip: one week cell edited (disaggregated to days, one `scenarios.edit` batch),
 *     p50/p95.
 *  3. Remote edit visible: client A edits while client B polls `plan.changesSince` every second
 *     (as the page does) and refetches the changed rows; time from A's edit to B holding the new
 *     value, p50/p95.
 * Database: BENCH_DATABASE_URL, else the local server (database scp_bench_grid is recreated).
 * Ends with one line of JSON: {"gridLoadP95Ms", "editRoundTripP95Ms", "remoteEditVisibleP95Ms", ...}.
 */
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import pg from "pg";
import superjson from "superjson";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTRPCClient, httpLink } from "@trpc/client";
import { openDb } from "../src/server/db/client.ts";
import { withTenant } from "../src/server/db/tenant.ts";
import { createChild, createRoot } from "../src/server/services/scenarios.ts";
import { appRouter, type AppRouter } from "../src/server/routers/_app.ts";
import { logger } from "../src/server/logger.ts";
import type { ScenarioDocument } from "../src/schemas/scenario.ts";

const ITEMS = 400;
const LOCATIONS = 25;
const DAYS = 182; // 26 ISO weeks from a Monday
const START = "2026-01-05";
const LOAD_SAMPLES = Number(process.env.BENCH_GRID_LOADS ?? 12);
const EDIT_SAMPLES = Number(process.env.BENCH_GRID_EDITS ?? 30);
const REMOTE_SAMPLES = Number(process.env.BENCH_GRID_REMOTE ?? 12);
const POLL_MS = 1000;

const admin = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const url = (() => {
  const u = new URL(admin);
  u.pathname = "/scp_bench_grid";
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
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function makeDocument(): ScenarioDocument {
  const locations = [{ id: "DC", kind: "dc" as const }, ...Array.from({ length: LOCATIONS }, (_, l) => ({ id: `S${String(l + 1).padStart(2, "0")}`, kind: "store" as const }))];
  const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `I${String(i + 1).padStart(4, "0")}`, unitCost: 1, price: 2 }));
  const demandPlan: ScenarioDocument["demandPlan"] = {};
  let x = 12345;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648);
  for (const it of items) {
    for (const l of locations.slice(1)) {
      demandPlan[`${it.id}@${l.id}`] = { item: it.id, location: l.id, startDate: START, values: Array.from({ length: DAYS }, (_, d) => (d % 7 === 6 ? 0 : Math.floor(rand() * 20))) };
    }
  }
  return {
    schema_version: 2,
    network: { locations, items, lanes: locations.slice(1).map((l) => ({ from: "DC", to: l.id, leadTimeDays: 2 })) },
    policies: {},
    demandPlan,
    supply: { horizonDays: DAYS, startDate: START, seed: 1, warmupDays: 0, holdingRatePerYear: 0.2, productionCapacityPerDay: {} },
  };
}

console.log("Preparing scp_bench_grid…");
await sql(admin, "DROP DATABASE IF EXISTS scp_bench_grid WITH (FORCE)");
await sql(admin, "CREATE DATABASE scp_bench_grid");
execFileSync("npx", ["tsx", "scripts/migrate.ts"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });

const owner = await openDb({ as: "owner", databaseUrl: url });
const tenant = await owner.db.tenant.create({ data: { slug: "bench", name: "Bench" } });
const userA = await owner.db.user.create({ data: { email: "a@bench.test", name: "Ana" } });
const userB = await owner.db.user.create({ data: { email: "b@bench.test", name: "Ben" } });
for (const u of [userA, userB]) await owner.db.membership.create({ data: { tenantId: tenant.id, userId: u.id, role: "planner" } });
await owner.close();

const app = await openDb({ as: "app", databaseUrl: url, poolSize: 6 });
const as = <T>(userId: string, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(app.db, { tenantId: tenant.id, userId }, fn, { timeoutMs: 120_000 });
const actorA = { userId: userA.id, requestId: "bench-a" };

let t0 = performance.now();
const root = await as(userA.id, (tx) => createRoot(tx, actorA, { name: "Bench baseline", description: "", tags: [], document: makeDocument(), horizonDays: 91, historyDays: 182 }));
const child = await as(userA.id, (tx) => createChild(tx, actorA, { parentId: root.id, name: "Bench what-if", description: "", tags: [] }));
console.log(`Created a ${ITEMS * LOCATIONS}-row × ${DAYS}-day baseline and a draft branch in ${round((performance.now() - t0) / 1000)} s`);

// The app's tRPC router over HTTP; the bench user of each request comes from a header.
const users = new Map([[userA.id, userA], [userB.id, userB]]);
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const request = new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => {
      const u = users.get(String(req.headers["x-bench-user"]))!;
      return { db: app.db, user: { id: u.id, email: u.email, name: u.name }, requestedTenantId: tenant.id, requestId: randomUUID(), log: logger, locale: "en" as const };
    },
  });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
const client = (userId: string) =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: base, transformer: superjson, headers: { "x-bench-user": userId } })] });
const clientA = client(userA.id);
const clientB = client(userB.id);

// 1. Grid load (the page's one request: every row, over HTTP).
let lastBytes = 0;
const loadGrid = async (c: typeof clientB) => {
  const res = await c.plan.rows.query({ scenarioId: child.id, bucket: "week" });
  lastBytes = JSON.stringify(res).length;
  return res;
};
t0 = performance.now();
const first = await loadGrid(clientB);
const coldMs = performance.now() - t0;
if (first.rows.length !== ITEMS * LOCATIONS || first.frame.labels.length !== 26) throw new Error(`unexpected grid: ${first.rows.length} rows × ${first.frame.labels.length} buckets`);
const loadMs: number[] = [];
for (let i = 0; i < LOAD_SAMPLES; i++) {
  t0 = performance.now();
  await loadGrid(clientB);
  loadMs.push(performance.now() - t0);
}
const bytes = lastBytes;
console.log(`\nGrid load over HTTP (${first.rows.length} rows × ${first.frame.labels.length} weeks, ${round(bytes / 1e6)} MB JSON): cold ${round(coldMs)} ms, p50 ${round(pct(loadMs, 50))} ms, p95 ${round(pct(loadMs, 95))} ms`);

// 2. Edit round trip.
let version = first.scenario.version;
const editMs: number[] = [];
for (let i = 0; i < EDIT_SAMPLES; i++) {
  const row = first.rows[(i * 337) % first.rows.length]!;
  const b = i % 26;
  t0 = performance.now();
  const res = await clientA.plan.editCell.mutate({ scenarioId: child.id, baseVersion: version, item: row.item, location: row.location, bucket: "week", bucketIndex: b, value: Math.round(row.final[b]!) + 7 + i });
  editMs.push(performance.now() - t0);
  version = res.version;
}
console.log(`Edit round trip over HTTP (one week cell → days → one scenarios.edit batch): p50 ${round(pct(editMs, 50))} ms, p95 ${round(pct(editMs, 95))} ms`);

// 3. Remote edit visible: B polls every second from the version it last saw, refetching changed rows.
const seen = new Map<string, number>(); // `${key}#${bucket}` → value B holds
let bVersion = version;
let polling = true;
const poller = (async () => {
  while (polling) {
    const started = performance.now();
    const feed = await clientB.plan.changesSince.query({ scenarioId: child.id, version: bVersion });
    const keys = [...new Set(feed.changes.flatMap((c) => c.keys))];
    if (keys.length) {
      const res = await clientB.plan.rows.query({ scenarioId: child.id, bucket: "week", keys });
      for (const r of res.rows) r.final.forEach((v, b) => seen.set(`${r.key}#${b}`, v));
      bVersion = feed.version;
    }
    await sleep(Math.max(0, POLL_MS - (performance.now() - started)));
  }
})();
const remoteMs: number[] = [];
for (let i = 0; i < REMOTE_SAMPLES; i++) {
  await sleep(Math.random() * POLL_MS); // edits land at any point of B's poll cycle
  const row = first.rows[(i * 811 + 5) % first.rows.length]!;
  const b = (i * 7) % 26;
  const value = Math.round(row.final[b]!) + 100 + i;
  t0 = performance.now();
  const res = await clientA.plan.editCell.mutate({ scenarioId: child.id, baseVersion: version, item: row.item, location: row.location, bucket: "week", bucketIndex: b, value });
  version = res.version;
  while (seen.get(`${row.key}#${b}`) !== value) {
    if (performance.now() - t0 > 30_000) throw new Error("remote edit never became visible");
    await sleep(5);
  }
  remoteMs.push(performance.now() - t0);
}
polling = false;
await poller;
console.log(`Remote edit visible (B polls every ${POLL_MS} ms): p50 ${round(pct(remoteMs, 50))} ms, p95 ${round(pct(remoteMs, 95))} ms`);

server.close();
await app.close();
await sql(admin, "DROP DATABASE IF EXISTS scp_bench_grid WITH (FORCE)");
console.log(JSON.stringify({
  gridLoadP95Ms: round(pct(loadMs, 95)),
  editRoundTripP95Ms: round(pct(editMs, 95)),
  remoteEditVisibleP95Ms: round(pct(remoteMs, 95)),
  gridLoadP50Ms: round(pct(loadMs, 50)),
  gridLoadColdMs: round(coldMs),
  editRoundTripP50Ms: round(pct(editMs, 50)),
  remoteEditVisibleP50Ms: round(pct(remoteMs, 50)),
  rows: first.rows.length,
  buckets: first.frame.labels.length,
}));
process.exit(0);
