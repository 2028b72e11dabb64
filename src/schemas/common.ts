import { z } from "zod";

export const ZId = z.uuid({ message: "must be an id (UUID)" });
export const ZIdInput = z.object({ id: ZId });

/** A short human code (SKU, location code): letters, digits and - _ . / only. */
export const ZCode = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_\-./]*$/, "may contain letters, digits and - _ . / only");

export const ZName = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

/**
 * A non-negative decimal (money, quantities). Accepts a number or a numeric string and yields a
 * string, so values reach the database's DECIMAL columns without passing through a float twice.
 */
export function zDecimal(opts: { max?: number; scale?: number; positive?: boolean } = {}) {
  const scale = opts.scale ?? 4;
  const max = opts.max ?? 1e12;
  return z
    .union([z.number(), z.string().trim()])
    .transform((v, ctx) => {
      const n = typeof v === "number" ? v : Number(v);
      if (v === "" || !Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: "must be a number" });
        return z.NEVER;
      }
      if (opts.positive ? n <= 0 : n < 0) {
        ctx.addIssue({ code: "custom", message: opts.positive ? "must be greater than 0" : "must not be negative" });
        return z.NEVER;
      }
      if (n > max) {
        ctx.addIssue({ code: "custom", message: `must be at most ${max}` });
        return z.NEVER;
      }
      return n.toFixed(scale);
    });
}
