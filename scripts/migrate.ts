/**
 * Applies the Prisma migrations (prisma/migrations, the single source of schema truth).
 *  - PostgreSQL (DATABASE_URL): `prisma migrate deploy`.
 *  - Embedded PGlite: the same migration files, applied here in order, each in its own
 *    transaction, with Prisma's own bookkeeping in _prisma_migrations (same checksums), so the
 *    database is exactly what `prisma migrate deploy` would have made. Prisma's CLI with the
 *    PGlite adapter intermittently never exits after finishing, which would hang `npm start`.
 * SCP_MIGRATIONS_DIR selects another migrations folder (the upgrade tests use older subsets).
 */
import { createHash, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { resolveDatabaseTarget } from "../src/server/db/connection.ts";

const dir = path.resolve(process.env.SCP_MIGRATIONS_DIR ?? "prisma/migrations");
const target = resolveDatabaseTarget(process.env);

if (target.kind === "postgres") {
  const r = spawnSync("npx", ["prisma", "migrate", "deploy"], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
  process.exit(r.status ?? 1);
}

const { PGlite } = await import("@electric-sql/pglite");
mkdirSync(target.dataDir, { recursive: true });
const db = new PGlite(target.dataDir);
try {
  await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const applied = new Set(
    (await db.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )).rows.map((r) => r.migration_name),
  );
  const names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  let count = 0;
  for (const name of names) {
    if (applied.has(name)) continue;
    const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    const started = new Date();
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, $4, 1)`,
        [randomUUID(), checksum, name, started],
      );
    });
    console.log(`Applied migration ${name}`);
    count++;
  }
  console.log(count ? `${count} migration(s) applied to ${target.dataDir}.` : `No pending migrations (${target.dataDir}).`);
} finally {
  await db.close();
}
