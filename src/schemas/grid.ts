/**
 * A page request from an AG Grid infinite-row-model datasource (or any REST client):
 * a row window, sort columns and column filters. The server maps allow-listed columns to
 * database fields; anything else is refused with a message naming the column.
 */
import { z } from "zod";

/** The largest page the API returns at once (documented in the README). */
export const MAX_PAGE_SIZE = 500;

export const ZSortItem = z.object({
  colId: z.string().min(1).max(64),
  sort: z.enum(["asc", "desc"]),
});

export const ZColumnFilter = z.discriminatedUnion("filterType", [
  z.object({
    filterType: z.literal("text"),
    type: z.enum(["contains", "notContains", "equals", "notEqual", "startsWith", "endsWith"]).default("contains"),
    filter: z.string().max(200).optional(),
  }),
  z.object({
    filterType: z.literal("number"),
    type: z.enum(["equals", "notEqual", "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"]).default("equals"),
    filter: z.number().finite().optional(),
  }),
  z.object({
    filterType: z.literal("set"),
    values: z.array(z.string().max(200)).max(100),
  }),
]);

export const ZGridQuery = z
  .object({
    startRow: z.number().int().min(0).default(0),
    endRow: z.number().int().min(1).default(100),
    sort: z.array(ZSortItem).max(5).default([]),
    filter: z.record(z.string().max(64), ZColumnFilter).default({}),
  })
  .refine((q) => q.endRow > q.startRow, { message: "endRow must be greater than startRow", path: ["endRow"] })
  .refine((q) => q.endRow - q.startRow <= MAX_PAGE_SIZE, {
    message: `page size must be at most ${MAX_PAGE_SIZE} rows`,
    path: ["endRow"],
  });

export type TGridQuery = z.infer<typeof ZGridQuery>;
export type TColumnFilter = z.infer<typeof ZColumnFilter>;
