/**
 * Where the database lives. No DATABASE_URL (or a `pglite:` URL) means the embedded default:
 * PGlite in a directory under `.data/`. Anything else is a real PostgreSQL server.
 * Kept free of other imports so prisma.config.ts and scripts can use it before anything is built.
 */
import path from "node:path";

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | {
      kind: "postgres";
      url: string;
      fields: { host: string; port: number; user: string; password?: string; database: string };
    };

export const APP_DB_ROLE = "scp_app";

export function resolveDatabaseTarget(env: Record<string, string | undefined>): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url || url === "postgresql://embedded/pglite") {
    return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DATA_DIR ?? ".data/pglite") };
  }
  if (url.startsWith("pglite:")) {
    return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ url.slice("pglite:".length).replace(/^\/\//, "")) };
  }
  const parsed = new URL(url);
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must be a postgresql:// URL or pglite:<dir>, got protocol ${parsed.protocol}`);
  }
  return {
    kind: "postgres",
    url,
    fields: {
      host: decodeURIComponent(parsed.hostname || "localhost"),
      port: Number(parsed.port || 5432),
      user: decodeURIComponent(parsed.username || "postgres"),
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      database: decodeURIComponent(parsed.pathname.replace(/^\//, "") || "postgres"),
    },
  };
}
