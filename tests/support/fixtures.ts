/**
 * Test fixtures on a fresh clone of the migrated template: two tenants (A and B), a user per
 * role in A, an admin in B, and a little master data in each. Written as the owner (bypassing
 * RLS, as the seed does); the tests then work through the app role.
 */
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { openDb, type DbHandle } from "../../src/server/db/client.ts";
import { createCallerFactory, type Context } from "../../src/server/trpc.ts";
import { appRouter } from "../../src/server/routers/_app.ts";
import { logger } from "../../src/server/logger.ts";
import type { Role } from "../../src/schemas/roles.ts";
import type { Locale } from "../../src/schemas/org.ts";
import { TEMPLATE_DB, dropDatabase, recreateDatabase } from "./postgres.ts";

const factory = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof factory>;

export const PASSWORD = "correct horse battery";

export interface World {
  url: string;
  app: DbHandle;
  owner: DbHandle;
  tenantA: string;
  tenantB: string;
  users: Record<`${Role}A` | "adminB" | "outsider", string>;
  itemA: string;
  itemB: string;
  locationA: string;
  locationB: string;
  close(): Promise<void>;
  caller(userKey: keyof World["users"] | null, tenantId?: string | null, locale?: Locale): Caller;
}

export async function createWorld(): Promise<World> {
  const name = `scp_t_${process.pid}_${randomUUID().slice(0, 8)}`;
  const url = await recreateDatabase(name, TEMPLATE_DB);
  const owner = await openDb({ as: "owner", databaseUrl: url, poolSize: 2 });
  const app = await openDb({ as: "app", databaseUrl: url, poolSize: 4 });
  const o = owner.db;
  const hash = await bcrypt.hash(PASSWORD, 4);
  const [a, b] = await Promise.all([
    o.tenant.create({ data: { slug: "tenant-a", name: "Tenant A" } }),
    o.tenant.create({ data: { slug: "tenant-b", name: "Tenant B", currency: "JPY" } }),
  ]);
  const mk = (email: string) => o.user.create({ data: { email, name: email.split("@")[0]!, passwordHash: hash } });
  const users = {
    adminA: (await mk("admin@a.test")).id,
    approverA: (await mk("approver@a.test")).id,
    plannerA: (await mk("planner@a.test")).id,
    viewerA: (await mk("viewer@a.test")).id,
    adminB: (await mk("admin@b.test")).id,
    outsider: (await mk("outsider@nowhere.test")).id,
  };
  for (const role of ["admin", "approver", "planner", "viewer"] as const) {
    await o.membership.create({ data: { tenantId: a.id, userId: users[`${role}A`], role } });
  }
  await o.membership.create({ data: { tenantId: b.id, userId: users.adminB, role: "admin" } });
  const itemA = await o.item.create({ data: { tenantId: a.id, sku: "A-1", name: "Apple juice", unitCost: "1.2500", price: "2.9900" } });
  const itemB = await o.item.create({ data: { tenantId: b.id, sku: "B-1", name: "Bento box", unitCost: "300", price: "650" } });
  const locationA = await o.location.create({ data: { tenantId: a.id, code: "DC-A", name: "DC A", type: "dc" } });
  const locationB = await o.location.create({ data: { tenantId: b.id, code: "DC-B", name: "DC B", type: "dc" } });
  const world: World = {
    url, app, owner, tenantA: a.id, tenantB: b.id, users,
    itemA: itemA.id, itemB: itemB.id, locationA: locationA.id, locationB: locationB.id,
    async close() {
      await app.close();
      await owner.close();
      await dropDatabase(name);
    },
    caller(userKey, tenantId = a.id, locale = "en") {
      const ctx: Context = {
        db: app.db,
        user: userKey ? { id: users[userKey], email: `${userKey}@test`, name: userKey } : null,
        requestedTenantId: tenantId,
        requestId: randomUUID(),
        log: logger.child({ test: true }),
        locale,
      };
      return factory(ctx);
    },
  };
  return world;
}
