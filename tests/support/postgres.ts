/**
 * Real PostgreSQL for integration tests. The global setup migrates one template database; each
 * test file clones it (CREATE DATABASE … TEMPLATE, fast) so files never see each other's rows.
 * Server: TEST_DATABASE_URL, else DATABASE_URL when it names PostgreSQL, else the local server.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import pg from "pg";

export function adminUrl(): string {
  const fromEnv = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  return fromEnv && /^postgres(ql)?:/.test(fromEnv) ? fromEnv : "postgresql://postgres@127.0.0.1:5432/postgres";
}

export function urlFor(database: string): string {
  const u = new URL(adminUrl());
  u.pathname = "/" + database;
  return u.toString();
}

/** Per checkout, so two clones can run their tests on one server at the same time. */
export const TEMPLATE_DB = `scp_tpl_${createHash("sha256").update(process.cwd()).digest("hex").slice(0, 10)}`;

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Applies the migrations as `npm start` does (optionally an older subset of them). */
export function migrate(databaseUrl: string, migrationsDir?: string): string {
  return execFileSync("npx", ["tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ...(migrationsDir ? { SCP_MIGRATIONS_DIR: migrationsDir } : {}) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function recreateDatabase(name: string, template?: string): Promise<string> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  return urlFor(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
