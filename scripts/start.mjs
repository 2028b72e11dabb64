#!/usr/bin/env node
// `npm start`: install what is missing, migrate, seed the demo tenants, build and serve.
// No DATABASE_URL → embedded PGlite under .data/; DATABASE_URL → that PostgreSQL. PORT honoured.
import { ensureAuthSecret, ensureBuild, ensureInstalled, ensurePrismaClient, log, root, run } from "./lib.mjs";

ensureInstalled();
ensurePrismaClient();

const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  NODE_ENV: "production",
  PORT: port,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  NEXTAUTH_SECRET: ensureAuthSecret(process.env),
};

log(process.env.DATABASE_URL ? "Database: PostgreSQL from DATABASE_URL" : "Database: embedded PGlite in .data/pglite");
log("Applying migrations…");
run("npx", ["tsx", "scripts/migrate.ts"], { env });
log("Seeding the demo tenants (skipped when present)…");
run("npx", ["tsx", "prisma/seed.ts"], { env });
ensureBuild(env);

log(`Serving on ${env.NEXTAUTH_URL} — sign in as planner@acme.example / demo-password-1`);
run("npx", ["next", "start", "-p", port], { env });
void root;
