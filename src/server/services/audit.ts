/**
 * The audit trail. Every mutation records who did what to which entity, as an RFC 6902
 * JSON-Patch from the before-state to the after-state, inside the mutation's own transaction
 * (so a rolled-back change leaves no audit row and a committed one always has one).
 */
import jsonpatch from "fast-json-patch";
import type { TenantDb } from "../db/tenant.ts";
import type { TAuditQuery } from "../../schemas/audit.ts";

export interface Actor {
  userId: string;
  requestId?: string;
}

/** Converts Prisma values (Decimal, Date, BigInt) to plain JSON so patches are readable. */
export function toAuditJson(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object") {
    if (typeof (value as { toFixed?: unknown }).toFixed === "function" && "d" in (value as object)) {
      return (value as { toString(): string }).toString(); // Prisma.Decimal
    }
    if (Array.isArray(value)) return value.map(toAuditJson);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "passwordHash" || k === "tenantId") continue;
      out[k] = toAuditJson(v);
    }
    return out;
  }
  return value;
}

export async function recordAudit(
  db: TenantDb,
  actor: Actor,
  event: { entity: string; entityId: string; action: string; before?: unknown; after?: unknown },
): Promise<void> {
  const before = (toAuditJson(event.before ?? {}) ?? {}) as object;
  const after = (toAuditJson(event.after ?? {}) ?? {}) as object;
  // Invertible: each replace/remove is preceded by a "test" op holding the old value, so the
  // patch alone tells "from → to" and can be undone.
  const patch = jsonpatch.compare(before, after, true);
  await db.auditEvent.create({
    data: {
      actorId: actor.userId,
      entity: event.entity,
      entityId: event.entityId,
      action: event.action,
      patch: patch as object[],
      requestId: actor.requestId ?? null,
    },
  });
}

export async function listAuditEvents(db: TenantDb, query: TAuditQuery) {
  const where = {
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.from || query.to
      ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: query.startRow,
      take: query.endRow - query.startRow,
    }),
    db.auditEvent.count({ where }),
  ]);
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => Boolean(x)))];
  const actors = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } })
    : [];
  const byId = new Map(actors.map((a) => [a.id, a]));
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      actorId: r.actorId,
      actorEmail: r.actorId ? byId.get(r.actorId)?.email ?? null : null,
      entity: r.entity,
      entityId: r.entityId,
      action: r.action,
      patch: r.patch as unknown[],
      requestId: r.requestId,
    })),
  };
}
