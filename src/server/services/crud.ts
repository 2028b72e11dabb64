/**
 * The shared shape of tenant-scoped create/read/update/delete with paging and audit.
 * Each entity declares its Prisma delegate, grid columns and DTO mapping once; the audit row is
 * written in the same transaction as the change. Tenant scoping is RLS's job: nothing here
 * filters by tenant, and an id of another tenant's row simply is not found.
 */
import type { TenantDb } from "../db/tenant.ts";
import { AppError, toAppError } from "../errors.ts";
import type { TGridQuery } from "../../schemas/grid.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { gridToPrisma, type ColumnSpec } from "./grid-query.ts";

/** The subset of a Prisma model delegate the CRUD helpers use. */
interface Delegate {
  findMany(args: object): Promise<any[]>;
  findUnique(args: object): Promise<any | null>;
  count(args: object): Promise<number>;
  create(args: object): Promise<any>;
  update(args: object): Promise<any>;
  delete(args: object): Promise<any>;
}

export interface CrudSpec<Dto> {
  /** Entity name in audit events and messages, e.g. "item". */
  entity: string;
  delegate(db: TenantDb): Delegate;
  columns: ColumnSpec;
  /** Column ids ordering the list when the client chose no sort. */
  defaultSort: string[];
  include?: object;
  toDto(row: any): Dto;
  /**
   * The rows a delete takes with it by cascade, read before the delete so its audit event keeps
   * their before-state too (nothing disappears without a trace).
   */
  dependents?(db: TenantDb, id: string): Promise<Record<string, unknown>>;
}

async function guarded<T>(entity: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAppError(e, entity) ?? e;
  }
}

export function crud<Dto>(spec: CrudSpec<Dto>) {
  const find = async (db: TenantDb, id: string) => {
    const row = await spec.delegate(db).findUnique({ where: { id }, ...(spec.include ? { include: spec.include } : {}) });
    if (!row) throw AppError.of("NOT_FOUND", "recordNotFound", { entity: spec.entity });
    return row;
  };
  return {
    async list(db: TenantDb, query: TGridQuery): Promise<{ rows: Dto[]; total: number }> {
      const { where, orderBy, skip, take } = gridToPrisma(query, spec.columns, spec.defaultSort);
      const d = spec.delegate(db);
      const [rows, total] = await Promise.all([
        d.findMany({ where, orderBy, skip, take, ...(spec.include ? { include: spec.include } : {}) }),
        d.count({ where }),
      ]);
      return { rows: rows.map(spec.toDto), total };
    },
    /** Every row matching a Prisma `where`, as DTOs. */
    async many(db: TenantDb, where: object): Promise<Dto[]> {
      const rows = await spec.delegate(db).findMany({ where, ...(spec.include ? { include: spec.include } : {}) });
      return rows.map(spec.toDto);
    },
    async get(db: TenantDb, id: string): Promise<Dto> {
      return spec.toDto(await find(db, id));
    },
    async create(db: TenantDb, actor: Actor, data: object): Promise<Dto> {
      return guarded(spec.entity, async () => {
        const row = await spec.delegate(db).create({ data, ...(spec.include ? { include: spec.include } : {}) });
        const dto = spec.toDto(row);
        await recordAudit(db, actor, { entity: spec.entity, entityId: row.id, action: "create", after: dto });
        return dto;
      });
    },
    async update(db: TenantDb, actor: Actor, id: string, data: object, check?: (merged: any) => void): Promise<Dto> {
      return guarded(spec.entity, async () => {
        const before = await find(db, id);
        check?.({ ...before, ...data });
        const row = await spec.delegate(db).update({ where: { id }, data, ...(spec.include ? { include: spec.include } : {}) });
        const dto = spec.toDto(row);
        await recordAudit(db, actor, { entity: spec.entity, entityId: id, action: "update", before: spec.toDto(before), after: dto });
        return dto;
      });
    },
    async remove(db: TenantDb, actor: Actor, id: string): Promise<{ id: string }> {
      return guarded(spec.entity, async () => {
        const before = await find(db, id);
        const cascaded = spec.dependents ? await spec.dependents(db, id) : undefined;
        await spec.delegate(db).delete({ where: { id } });
        await recordAudit(db, actor, { entity: spec.entity, entityId: id, action: "delete", before: { ...spec.toDto(before), ...(cascaded && { cascaded }) } });
        return { id };
      });
    },
  };
}

/** Decimal → string for DTOs (exact; the client formats it for the user's locale). */
export const dec = (v: { toString(): string } | null | undefined): string | null => (v == null ? null : v.toString());
