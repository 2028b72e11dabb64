#!/usr/bin/env node
// `npm test`: every test. Type check, unit + integration (vitest, real PostgreSQL), then the
// production build served against a fresh seeded database and driven by Playwright in headless
// Chromium (installed from Debian's packages when missing). Ends with one summary line.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { ensureBuild, ensureInstalled, ensurePostgres, ensurePrismaClient, log, root, run } from "./lib.mjs";

const results = path.join(root, ".test-results");
mkdirSync(results, { recursive: true });

ensureInstalled();
ensurePrismaClient();

const fromEnv = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const adminUrl = fromEnv && /^postgres(ql)?:/.test(fromEnv) ? fromEnv : "postgresql://postgres@127.0.0.1:5432/postgres";
ensurePostgres(adminUrl);
const env = { ...process.env, TEST_DATABASE_URL: adminUrl };

log("Type checking (tsc --noEmit)…");
run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], { env });

log("Unit and integration tests (vitest)…");
const vitestOk = run(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, "vitest.json")}`],
  { env, allowFail: true },
);

if (!existsSync("/usr/bin/chromium")) {
  log("Installing Debian's chromium for the browser tests…");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

// A fresh database for the served app: migrated and seeded exactly as `npm start` does.
const e2eUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = "/scp_e2e";
  return u.toString();
})();
log("Preparing the end-to-end database…");
const pg = (await import("pg")).default;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query("DROP DATABASE IF EXISTS scp_e2e WITH (FORCE)");
await admin.query("CREATE DATABASE scp_e2e");
await admin.end();
const e2eEnv = { ...env, DATABASE_URL: e2eUrl, NEXTAUTH_SECRET: "e2e-secret-not-for-production-use", NODE_ENV: "production" };
run("npx", ["tsx", "scripts/migrate.ts"], { env: e2eEnv });
run("npx", ["tsx", "prisma/seed.ts"], { env: e2eEnv });
ensureBuild(e2eEnv);

log("End-to-end tests (Playwright, headless Chromium)…");
const e2eOk = run("npx", ["playwright", "test"], { env: { ...e2eEnv, E2E_DATABASE_URL: e2eUrl }, allowFail: true });

// One closing line over both runners.
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : null);
const v = read(path.join(results, "vitest.json"));
const p = read(path.join(results, "e2e.json"));
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0) + (p?.stats?.flaky ?? 0);
// A runner that failed without reporting a failed test (it could not start) counts as one failure.
const vitestFailed = v?.numFailedTests ?? 0;
const e2eFailed = p?.stats?.unexpected ?? 0;
const failed = vitestFailed + e2eFailed + (!vitestOk && vitestFailed === 0 ? 1 : 0) + (!e2eOk && e2eFailed === 0 ? 1 : 0);
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(vitestOk && e2eOk && failed === 0 ? 0 : 1);

