/** E-mail + password sign-in: bcrypt verification, lockout after repeated failures, no enumeration. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { verifyCredentials, userProfile } from "../../src/server/services/session.ts";
import { PASSWORD, createWorld, type World } from "../support/fixtures.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w?.close();
});

const policy = { maxFailedLogins: 3, lockoutMinutes: 15 };

describe("credentials", () => {
  it("stores bcrypt hashes, never the password", async () => {
    const u = await w.owner.db.user.findUnique({ where: { id: w.users.plannerA } });
    expect(u?.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(await bcrypt.compare(PASSWORD, u!.passwordHash!)).toBe(true);
  });

  it("accepts the right password (e-mail case-insensitive) and records the sign-in", async () => {
    const r = await verifyCredentials(w.app.db, "Planner@A.test", PASSWORD, policy);
    expect(r).toMatchObject({ ok: true, user: { id: w.users.plannerA, email: "planner@a.test" } });
    const u = await w.owner.db.user.findUnique({ where: { id: w.users.plannerA } });
    expect(u?.lastLoginAt).not.toBeNull();
  });

  it("answers an unknown e-mail exactly like a wrong password", async () => {
    expect(await verifyCredentials(w.app.db, "nobody@a.test", PASSWORD, policy)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(w.app.db, "viewer@a.test", "wrong password!", policy)).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks the account after the configured number of failures, even for the right password", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    await verifyCredentials(w.app.db, "approver@a.test", "nope-1", policy, now);
    await verifyCredentials(w.app.db, "approver@a.test", "nope-2", policy, now);
    const third = await verifyCredentials(w.app.db, "approver@a.test", "nope-3", policy, now);
    expect(third).toMatchObject({ ok: false, reason: "locked" });
    const during = await verifyCredentials(w.app.db, "approver@a.test", PASSWORD, policy, new Date(now.getTime() + 14 * 60_000));
    expect(during).toMatchObject({ ok: false, reason: "locked" });
    const after = await verifyCredentials(w.app.db, "approver@a.test", PASSWORD, policy, new Date(now.getTime() + 16 * 60_000));
    expect(after.ok).toBe(true);
  });

  it("a user sees their own tenants, and only theirs", async () => {
    const p = await userProfile(w.app.db, w.users.adminB);
    expect(p?.memberships.map((m) => m.tenantName)).toEqual(["Tenant B"]);
    const outsider = await userProfile(w.app.db, w.users.outsider);
    expect(outsider?.memberships).toEqual([]);
  });
});
