/**
 * Translates a grid page request (sort + filters on named columns) into Prisma `where`,
 * `orderBy`, `skip` and `take`. Only allow-listed columns are accepted, so a client can neither
 * sort by nor filter on a field it is not shown.
 */
import { AppError } from "../errors.ts";
import type { TColumnFilter, TGridQuery } from "../../schemas/grid.ts";

export type ColumnKind = "text" | "number" | "enum";
/** colId → Prisma field path (dots for relations, e.g. "from.code") and kind. */
export type ColumnSpec = Record<string, { path: string; kind: ColumnKind }>;

function nest(path: string, leaf: unknown): Record<string, unknown> {
  return path
    .split(".")
    .reduceRight<unknown>((acc, key) => ({ [key]: acc }), leaf) as Record<string, unknown>;
}

function column(spec: ColumnSpec, colId: string) {
  const col = spec[colId];
  if (!col) {
    throw AppError.of("BAD_REQUEST", "unknownColumn", { column: colId, allowed: Object.keys(spec).join(", ") }, {
      [colId]: ["is not a column of this table"],
    });
  }
  return col;
}

function condition(kind: ColumnKind, f: TColumnFilter, colId: string): unknown {
  if (f.filterType === "set") return { in: f.values };
  if (f.filterType === "text") {
    if (kind === "number") throw AppError.of("BAD_REQUEST", "numberFilterRequired", { column: colId });
    const v = f.filter ?? "";
    if (kind === "enum") return f.type === "notEqual" ? { not: v } : { equals: v };
    const mode = "insensitive" as const;
    switch (f.type) {
      case "contains": return { contains: v, mode };
      case "notContains": return { not: { contains: v }, mode };
      case "equals": return { equals: v, mode };
      case "notEqual": return { not: { equals: v }, mode };
      case "startsWith": return { startsWith: v, mode };
      case "endsWith": return { endsWith: v, mode };
    }
  }
  if (kind !== "number") throw AppError.of("BAD_REQUEST", "textFilterRequired", { column: colId });
  const v = f.filter;
  switch (f.type) {
    case "equals": return { equals: v };
    case "notEqual": return { not: v };
    case "lessThan": return { lt: v };
    case "lessThanOrEqual": return { lte: v };
    case "greaterThan": return { gt: v };
    case "greaterThanOrEqual": return { gte: v };
  }
}

/** `defaultSort` orders rows when the user has not chosen a sort (e.g. by SKU). */
export function gridToPrisma(query: TGridQuery, spec: ColumnSpec, defaultSort: string[] = []) {
  const and: unknown[] = [];
  for (const [colId, f] of Object.entries(query.filter)) {
    const col = column(spec, colId);
    if ((f.filterType === "text" || f.filterType === "number") && (f.filter === undefined || f.filter === "")) continue;
    and.push(nest(col.path, condition(col.kind, f, colId)));
  }
  const sort = query.sort.length ? query.sort : defaultSort.map((colId) => ({ colId, sort: "asc" as const }));
  const orderBy: unknown[] = sort.map((s) => nest(column(spec, s.colId).path, s.sort));
  orderBy.push({ id: "asc" }); // stable pages when sort keys tie
  return {
    where: and.length ? { AND: and } : {},
    orderBy,
    skip: query.startRow,
    take: query.endRow - query.startRow,
  };
}
