/** Configuration: every variable the app reads is documented in .env.example, and bad values are named. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvSchema } from "../../src/env.ts";
import { resolveDatabaseTarget } from "../../src/server/db/connection.ts";

describe(".env.example", () => {
  it("documents every variable of the environment schema", () => {
    const documented = new Set([...readFileSync(".env.example", "utf8").matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(EnvSchema.shape).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });
  it("rejects a malformed value with the variable's name", () => {
    const r = EnvSchema.safeParse({ AUTH_MAX_FAILED_LOGINS: "zero" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["AUTH_MAX_FAILED_LOGINS"]);
  });
});

describe("database target", () => {
  it("no DATABASE_URL means the embedded PGlite under .data/", () => {
    const t = resolveDatabaseTarget({});
    expect(t.kind).toBe("pglite");
    expect(t.kind === "pglite" && t.dataDir.endsWith(".data/pglite")).toBe(true);
  });
  it("a postgresql URL is split into fields, decoding the password", () => {
    const t = resolveDatabaseTarget({ DATABASE_URL: "postgresql://app:p%40ss@db.internal:6543/plans" });
    expect(t).toMatchObject({ kind: "postgres", fields: { host: "db.internal", port: 6543, user: "app", password: "p@ss", database: "plans" } });
  });
  it("refuses another protocol, naming it", () => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: "mysql://x/y" })).toThrow(/mysql:/);
  });
});
