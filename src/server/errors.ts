/**
 * One error type for expected failures, with a code the tRPC error formatter and the REST
 * handlers map to a status. Anything else is an internal error: logged with its stack, shown to
 * the user as a short message with the request id, never as a stack trace.
 */
import { createTranslator } from "next-intl";
import enErrors from "../../messages/en/errors.json";
import jaErrors from "../../messages/ja/errors.json";
import type { Locale } from "../schemas/org.ts";

export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

/** A message of the server's catalogue (messages/<locale>/errors.json) with its values. */
export type ErrorMessageKey = keyof (typeof enErrors)["errors"];
export type ErrorMessageValues = Record<string, string | number>;
export interface ErrorMessage {
  readonly key: ErrorMessageKey;
  readonly values?: ErrorMessageValues;
}

const CATALOGUES: Record<Locale, { errors: Record<ErrorMessageKey, string> }> = { en: enErrors, ja: jaErrors };

/** The catalogue's text of a message in a locale (English when the locale has no such entry). */
export function errorText(locale: Locale, message: ErrorMessage): string {
  const messages = CATALOGUES[locale] ?? CATALOGUES.en;
  const t = createTranslator({ locale, messages, namespace: "errors" });
  return t(message.key, message.values as never);
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Field-level messages, keyed by the field name the client shows them beside. */
    readonly fieldErrors?: Record<string, string[]>,
    /** The catalogue message behind `message` (English), so each user reads it in their language. */
    readonly catalogued?: ErrorMessage,
  ) {
    super(message);
    this.name = "AppError";
  }

  /** An error whose message comes from the server catalogue (shown in the user's locale). */
  static of(code: AppErrorCode, key: ErrorMessageKey, values?: ErrorMessageValues, fieldErrors?: Record<string, string[]>): AppError {
    return new AppError(code, errorText("en", { key, values }), fieldErrors, { key, values });
  }

  /** The message in `locale`. */
  messageIn(locale: Locale): string {
    return this.catalogued ? errorText(locale, this.catalogued) : this.message;
  }
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

interface PrismaKnownError {
  code: string;
  meta?: Record<string, unknown>;
  message: string;
}

function isPrismaKnownError(e: unknown): e is PrismaKnownError {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" &&
    /^P\d{4}$/.test((e as { code: string }).code);
}

/**
 * The database's own error behind a Prisma driver-adapter error. The pg adapter reports
 * {originalCode, originalMessage}; the PGlite adapter {code, message}.
 */
function adapterCause(e: unknown): { code?: string; message?: string } {
  const cause = (e as { meta?: { driverAdapterError?: { cause?: Record<string, unknown> } } })?.meta?.driverAdapterError?.cause;
  if (!cause) return {};
  const code = (cause.originalCode ?? cause.code) as string | undefined;
  const message = (cause.originalMessage ?? cause.message) as string | undefined;
  return { code, message };
}

/** Prisma's driver-adapter errors carry the PostgreSQL SQLSTATE in a nested cause. */
function sqlState(e: unknown): string | undefined {
  const fromAdapter = adapterCause(e).code;
  if (fromAdapter && /^[0-9A-Z]{5}$/.test(fromAdapter)) return fromAdapter;
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const c = cur as { code?: unknown; originalCode?: unknown; meta?: { code?: unknown }; cause?: unknown };
    for (const v of [c.originalCode, c.meta?.code, c.code]) if (typeof v === "string" && /^[0-9A-Z]{5}$/.test(v)) return v;
    cur = c.cause;
  }
  return undefined;
}

/**
 * Turns database failures a user can cause into AppErrors. `labels` names the entity in
 * messages ("An item with this SKU already exists").
 */
export function toAppError(e: unknown, entity = "record"): AppError | undefined {
  if (e instanceof AppError) return e;
  if (isPrismaKnownError(e)) {
    const fields = (e.meta?.target as string[] | undefined) ?? uniqueKeyColumns(e);
    switch (e.code) {
      case "P2002": {
        const shown = fields.filter((f) => f !== "tenant_id" && f !== "tenantId").map(camel);
        const errors = Object.fromEntries(shown.map((f) => [f, [`already used by another ${entity}`]]));
        return AppError.of("CONFLICT", "recordExists", { entity, fields: shown.join(" + ") || "key" }, errors);
      }
      case "P2025":
      case "P2001":
        return AppError.of("NOT_FOUND", "recordNotFound", { entity });
      case "P2003":
        return AppError.of("BAD_REQUEST", "recordReferenceInvalid", { entity });
      case "P2000":
        return AppError.of("BAD_REQUEST", "recordValueTooLong", { entity });
    }
    // Other codes (e.g. P2010, a raw query failed) fall through to the database's SQLSTATE.
  }
  switch (sqlState(e)) {
    case "23505":
      return AppError.of("CONFLICT", "recordExists", { entity, fields: "key" });
    case "23503":
      return AppError.of("BAD_REQUEST", "recordReferenceInvalid", { entity });
    case "42501":
      // Row-level security refused the write: the row belongs to another tenant (or none).
      return AppError.of("NOT_FOUND", "recordNotFound", { entity });
    case "22P02":
    case "22003":
      return AppError.of("BAD_REQUEST", "recordValueInvalid", { entity });
  }
  return undefined;
}

/**
 * Recovers the columns of a violated unique key from its constraint name, which Prisma derives
 * as <table>_<col>_<col>_key; every tenant key starts with tenant_id.
 */
function uniqueKeyColumns(e: PrismaKnownError): string[] {
  const message = adapterCause(e).message ?? "";
  const name = /"([a-z0-9_]+)_key"/.exec(message)?.[1];
  if (!name) return [];
  const cols = name.includes("_tenant_id_") ? name.split("_tenant_id_")[1]! : name.split("_").slice(1).join("_");
  const out: string[] = [];
  let cur: string[] = [];
  for (const token of cols.split("_")) {
    cur.push(token);
    if (token === "id") {
      out.push(cur.join("_"));
      cur = [];
    }
  }
  if (cur.length) out.push(cur.join("_"));
  return out;
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
