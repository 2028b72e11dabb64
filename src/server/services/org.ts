/** Organisation use-cases: org units, members (users × roles) of the current tenant. */
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { TenantDb } from "../db/tenant.ts";
import { AppError } from "../errors.ts";
import type { TChangeMembership, TInviteUser } from "../../schemas/org.ts";
import type { TGridQuery } from "../../schemas/grid.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { crud } from "./crud.ts";
import { gridToPrisma } from "./grid-query.ts";

export const BCRYPT_ROUNDS = 10;

export const orgUnits = crud({
  entity: "orgUnit",
  defaultSort: ["code"],
  delegate: (db) => db.orgUnit,
  columns: {
    code: { path: "code", kind: "text" },
    name: { path: "name", kind: "text" },
    parent: { path: "parent.name", kind: "text" },
  },
  include: { parent: { select: { name: true } } },
  toDto: (r) => ({
    id: r.id as string,
    code: r.code as string,
    name: r.name as string,
    parentId: (r.parentId as string | null) ?? null,
    parent: (r.parent?.name as string | undefined) ?? null,
  }),
});

/** Refuses a parent that would make the org-unit tree a cycle (itself or one of its descendants). */
export async function assertNoCycle(db: TenantDb, id: string, parentId: string | null | undefined): Promise<void> {
  let cursor = parentId ?? null;
  for (let depth = 0; cursor; depth++) {
    if (cursor === id || depth > 1000) {
      throw AppError.of("BAD_REQUEST", "orgUnitCycle", undefined, {
        parentId: ["would create a cycle"],
      });
    }
    const parent: { parentId: string | null } | null = await db.orgUnit.findUnique({ where: { id: cursor }, select: { parentId: true } });
    if (!parent) throw AppError.of("BAD_REQUEST", "parentOrgUnitNotFound", undefined, { parentId: ["not found"] });
    cursor = parent.parentId;
  }
}

const memberColumns = {
  email: { path: "user.email", kind: "text" as const },
  name: { path: "user.name", kind: "text" as const },
  role: { path: "role", kind: "enum" as const },
  orgUnit: { path: "orgUnit.name", kind: "text" as const },
};

function memberDto(m: {
  id: string; role: string; active: boolean; orgUnitId: string | null; createdAt: Date;
  user: { id: string; email: string; name: string; lastLoginAt: Date | null; passwordHash?: string | null };
  orgUnit: { name: string } | null;
}) {
  return {
    id: m.id,
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    active: m.active,
    orgUnitId: m.orgUnitId,
    orgUnit: m.orgUnit?.name ?? null,
    lastLoginAt: m.user.lastLoginAt?.toISOString() ?? null,
  };
}

const memberInclude = {
  user: { select: { id: true, email: true, name: true, lastLoginAt: true } },
  orgUnit: { select: { name: true } },
} as const;

export async function listMembers(db: TenantDb, query: TGridQuery) {
  const grid = gridToPrisma(query, memberColumns, ["email"]);
  const where = grid.where as Prisma.MembershipWhereInput;
  const [rows, total] = await Promise.all([
    db.membership.findMany({ where, orderBy: grid.orderBy as Prisma.MembershipOrderByWithRelationInput[], skip: grid.skip, take: grid.take, include: memberInclude }),
    db.membership.count({ where }),
  ]);
  return { rows: rows.map(memberDto), total };
}

export async function inviteUser(db: TenantDb, actor: Actor, input: TInviteUser) {
  const [{ id: existingId }] = await db.$queryRaw<{ id: string | null }[]>`select app_user_id_by_email(${input.email}) as id`;
  let userId = existingId;
  if (!userId) {
    // Plain INSERT without RETURNING: the new user is not visible to this tenant (RLS) until
    // the membership below exists, and RETURNING would need it to be.
    userId = randomUUID();
    const hash = input.password ? await bcrypt.hash(input.password, BCRYPT_ROUNDS) : null;
    await db.$executeRaw`insert into users (id, email, name, password_hash) values (${userId}::uuid, ${input.email}, ${input.name}, ${hash})`;
  } else if (await db.membership.findFirst({ where: { userId }, select: { id: true } })) {
    throw AppError.of("CONFLICT", "alreadyMember", { email: input.email }, { email: ["is already a member"] });
  }
  const membership = await db.membership.create({
    data: { userId, role: input.role, orgUnitId: input.orgUnitId ?? null },
    include: memberInclude,
  });
  const dto = memberDto(membership);
  await recordAudit(db, actor, { entity: "membership", entityId: membership.id, action: "invite", after: dto });
  return dto;
}

export async function changeMembership(db: TenantDb, actor: Actor, input: TChangeMembership) {
  const before = await db.membership.findUnique({ where: { id: input.membershipId }, include: memberInclude });
  if (!before) throw AppError.of("NOT_FOUND", "memberNotFound");
  const losesAdmin =
    before.role === "admin" && before.active &&
    ((input.role !== undefined && input.role !== "admin") || input.active === false);
  if (losesAdmin) {
    const admins = await db.membership.count({ where: { role: "admin", active: true } });
    if (admins <= 1) {
      throw AppError.of("BAD_REQUEST", "lastActiveAdmin", undefined, {
        role: ["last active admin"],
      });
    }
  }
  const after = await db.membership.update({
    where: { id: input.membershipId },
    data: {
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.orgUnitId !== undefined ? { orgUnitId: input.orgUnitId } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    },
    include: memberInclude,
  });
  const action = input.active === false ? "deactivate" : input.active === true && !before.active ? "reactivate" : "update";
  await recordAudit(db, actor, { entity: "membership", entityId: after.id, action, before: memberDto(before), after: memberDto(after) });
  return memberDto(after);
}
