// Shared steps of `npm start` and `npm test`. Plain Node (no dependencies): these run on a fresh
// clone before anything is installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function log(message) {
  console.log(`\u25b6 ${message}`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: opts.env ?? process.env });
  if (r.status !== 0) {
    if (opts.allowFail) return false;
    console.error(`\u2716 ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  return true;
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules" || entry === ".next" || entry === "generated") continue;
    max = Math.max(max, newestMtime(path.join(p, entry)));
  }
  return max;
}

/** npm ci when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
    log("Installing dependencies (npm ci)…");
    run("npm", ["ci", "--no-audit", "--no-fund"]);
  }
}

/** The Prisma client is generated code: regenerate when the schema changed. */
export function ensurePrismaClient() {
  const out = path.join(root, "src", "generated", "prisma", "client.ts");
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(path.join(root, "prisma", "schema.prisma")).mtimeMs) {
    log("Generating the Prisma client…");
    run("npx", ["prisma", "generate"]);
  }
}

/** A stable secret for signing sessions on this machine unless NEXTAUTH_SECRET is given. */
export function ensureAuthSecret(env) {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.join(root, ".data", "auth-secret");
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Production build, rebuilt only when sources changed since the last one. */
export function ensureBuild(env) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["src", "messages", "public", "next.config.mjs", "package-lock.json", "tsconfig.json"].map((p) => path.join(root, p));
  const newest = Math.max(...sources.map(newestMtime));
  if (!existsSync(buildId) || statSync(buildId).mtimeMs < newest) {
    log("Building the app (next build)…");
    run("npx", ["next", "build"], { env });
  }
}

/** Starts the machine's PostgreSQL if it is not answering (CI machines start it, but may not). */
export function ensurePostgres(url) {
  const ok = () => spawnSync("pg_isready", ["-d", url, "-t", "3"], { stdio: "ignore" }).status === 0;
  if (ok()) return;
  log("PostgreSQL is not answering; starting the local cluster…");
  const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
  for (const v of versions) spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", v, "main", "start"], { stdio: "inherit" });
  for (let i = 0; i < 30 && !ok(); i++) spawnSync("sleep", ["1"]);
  if (!ok()) {
    console.error(`\u2716 PostgreSQL at ${url.replace(/:[^:@/]*@/, ":***@")} is not reachable`);
    process.exit(1);
  }
}
