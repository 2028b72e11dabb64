/**
 * Migrations: for every migration after the first, a database built by the older migrations and
 * holding data upgrades with `prisma migrate deploy` without losing a row, and ends at the
 * latest schema_version. Prisma's migrations are the only source of the schema.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase, migrate, recreateDatabase } from "../support/postgres.ts";

const MIGRATIONS = path.resolve("prisma/migrations");
const names = readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const created: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const db of created) await dropDatabase(db);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe("schema upgrades", () => {
  it("has at least two migrations, each bumping schema_version", () => {
    expect(names.length).toBeGreaterThanOrEqual(2);
  });

  for (let k = 1; k < names.length; k++) {
    it(`a database at ${names[k - 1]} upgrades to the latest without loss`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "scp-mig-"));
      dirs.push(dir);
      for (const n of names.slice(0, k)) cpSync(path.join(MIGRATIONS, n), path.join(dir, n), { recursive: true });
      writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
      const dbName = `scp_mig_${process.pid}_${k}`;
      created.push(dbName);
      const url = await recreateDatabase(dbName);
      migrate(url, dir);
      const [{ version: oldVersion }] = await query<{ version: number }>(url, "select version from schema_version");
      expect(oldVersion).toBe(k);

      // Data written by the old schema (as the owner, like an older app version would have).
      const [t] = await query<{ id: string }>(url, "insert into tenants (slug, name) values ('old', 'Old Co') returning id");
      await query(url, "insert into items (tenant_id, sku, name, unit_cost, price) values ($1, 'OLD-1', 'Old item', 12.3456, 20)", [t!.id]);
      await query(url, "insert into users (email, name) values ('old@old.test', 'Old user')");

      migrate(url);
      const [{ version }] = await query<{ version: number }>(url, "select version from schema_version");
      expect(version).toBe(names.length);
      const items = await query<{ sku: string; unit_cost: string }>(url, "select sku, unit_cost::text from items");
      expect(items).toEqual([{ sku: "OLD-1", unit_cost: "12.3456" }]);
      expect(await query(url, "select email from users")).toEqual([{ email: "old@old.test" }]);
      expect(await query(url, "select slug from tenants")).toEqual([{ slug: "old" }]);
    });
  }
});
