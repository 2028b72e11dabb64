import { z } from "zod";
import { MAX_PAGE_SIZE } from "./grid.ts";

export const ZAuditQuery = z
  .object({
    entity: z.string().max(64).optional(),
    entityId: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    actorId: z.uuid().optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    startRow: z.number().int().min(0).default(0),
    endRow: z.number().int().min(1).default(100),
  })
  .refine((q) => q.endRow - q.startRow <= MAX_PAGE_SIZE && q.endRow > q.startRow, {
    message: `page size must be between 1 and ${MAX_PAGE_SIZE} rows`,
    path: ["endRow"],
  });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;
