/**
 * Permissions: every procedure declares its tier, every tenant procedure declares a permission,
 * and each role gets exactly the permissions of the RBAC matrix below — checked both on the map
 * and by calling every tenant procedure as every role.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../src/server/routers/_app.ts";
import { PERMISSIONS, ROLES, can, type Permission, type Role } from "../../src/schemas/roles.ts";
import { createWorld, type World } from "../support/fixtures.ts";

/** The product's RBAC matrix (PRODUCT.md roles), written out independently of the code's map. */
const MATRIX: Record<Permission, Role[]> = {
  "dashboard.read": ["admin", "approver", "planner", "viewer"],
  "masterdata.read": ["admin", "approver", "planner", "viewer"],
  "masterdata.write": ["admin", "planner"],
  "orgunits.read": ["admin", "approver", "planner", "viewer"],
  "orgunits.write": ["admin"],
  "users.read": ["admin"],
  "users.write": ["admin"],
  "audit.read": ["admin"],
  "runs.read": ["admin", "approver", "planner", "viewer"],
  "runs.write": ["admin", "approver", "planner"],
  "scenarios.read": ["admin", "approver", "planner", "viewer"],
  "scenarios.write": ["admin", "planner"],
  "scenarios.approve": ["admin", "approver"],
  "scenarios.comment": ["admin", "approver", "planner"],
  "scenarios.unlock": ["admin"],
  "forecast.adjust": ["admin", "approver", "planner"],
  "forecast.adjust.sales": ["admin", "planner"],
  "forecast.adjust.marketing": ["admin", "planner"],
  "forecast.adjust.finance": ["admin", "approver"],
  "forecast.freeze": ["admin", "approver"],
};

type Proc = { _def: { meta?: { tier?: string; permission?: Permission }; type: string } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures);

describe("declared permissions", () => {
  it("the router has procedures to check", () => {
    expect(procedures.length).toBeGreaterThan(20);
  });

  it("every procedure declares a tier, and every tenant procedure a known permission", () => {
    const missing = procedures.filter(([, p]) => !p._def.meta?.tier).map(([path]) => path);
    expect(missing).toEqual([]);
    const tenantWithout = procedures
      .filter(([, p]) => p._def.meta?.tier === "tenant" && !PERMISSIONS.includes(p._def.meta.permission!))
      .map(([path]) => path);
    expect(tenantWithout).toEqual([]);
  });

  it("only a short, reviewed list of procedures is reachable without a tenant permission", () => {
    const open = procedures.filter(([, p]) => p._def.meta?.tier !== "tenant").map(([path]) => path).sort();
    expect(open).toEqual(["session.me", "session.setLocale", "session.switchTenant"]);
  });
});

describe("RBAC matrix", () => {
  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      const expected = MATRIX[permission].includes(role);
      it(`${role} ${expected ? "has" : "lacks"} ${permission}`, () => {
        expect(can(role, permission)).toBe(expected);
      });
    }
  }
});

describe("every tenant procedure, called as every role", () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it("is refused (FORBIDDEN) exactly when the role lacks the procedure's permission", async () => {
    const outcomes: string[] = [];
    for (const role of ROLES) {
      const caller = w.caller(`${role}A`) as unknown as Record<string, unknown>;
      for (const [path, proc] of procedures) {
        const permission = proc._def.meta?.permission;
        if (proc._def.meta?.tier !== "tenant" || !permission) continue;
        const fn = path.split(".").reduce<any>((o, k) => o[k], caller) as (input: unknown) => Promise<unknown>;
        // An empty input: allowed queries succeed or fail validation; refused calls fail before
        // validation with FORBIDDEN. Mutations never get far enough to change anything.
        const code = await fn({}).then(() => "OK", (e: { code?: string }) => e.code ?? "ERROR");
        const allowed = MATRIX[permission].includes(role);
        outcomes.push(`${role} ${path}: ${allowed ? (code === "FORBIDDEN" ? "WRONGLY REFUSED" : "ok") : code === "FORBIDDEN" ? "ok" : `NOT REFUSED (${code})`}`);
      }
    }
    expect(outcomes.filter((o) => !o.endsWith(": ok"))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(40);
  });

  it("refuses an unauthenticated caller with UNAUTHORIZED", async () => {
    await expect(w.caller(null).masterdata.items.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(w.caller(null).session.switchTenant({ tenantId: w.tenantA })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
