/**
 * The only PrismaClient. The app's connection runs as the role scp_app (no BYPASSRLS, owns no
 * table), so row-level security applies to every query; migrations and the seed use the owner.
 */
import { PrismaClient } from "../../generated/prisma/client.ts";
import { env } from "../../env.ts";
import { APP_DB_ROLE, resolveDatabaseTarget, type DatabaseTarget } from "./connection.ts";

export type Db = PrismaClient;

export interface DbHandle {
  db: PrismaClient;
  target: DatabaseTarget;
  close(): Promise<void>;
}

/**
 * Opens a client. `as: "app"` (the default) switches to the RLS-bound role at connection start;
 * `as: "owner"` keeps the login role (migrations, seed, maintenance).
 */
export async function openDb(
  options: { as?: "app" | "owner"; databaseUrl?: string; pgliteDir?: string; poolSize?: number },
): Promise<DbHandle> {
  const as = options.as ?? "app";
  const target = resolveDatabaseTarget({
    DATABASE_URL: options.databaseUrl,
    PGLITE_DATA_DIR: options.pgliteDir,
  });
  if (target.kind === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const pglite = new PGlite(target.dataDir);
    // PGlite has exactly one session and it is a superuser; switching role there makes the
    // embedded default enforce RLS exactly like PostgreSQL.
    if (as === "app") await pglite.exec(`SET ROLE ${APP_DB_ROLE}`);
    const db = new PrismaClient({ adapter: withBytesArgs(new PrismaPGlite(pglite)) });
    return {
      db,
      target,
      async close() {
        await db.$disconnect();
        await pglite.close();
      },
    };
  }
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const adapter = new PrismaPg({
    connectionString: target.url,
    max: options.poolSize ?? 10,
    ...(as === "app" ? { options: `-c role=${APP_DB_ROLE}` } : {}),
  });
  const db = new PrismaClient({ adapter });
  return { db, target, close: () => db.$disconnect() };
}

type Query = { sql: string; args: unknown[]; argTypes?: unknown[] };
type Queryable = { queryRaw(q: Query): Promise<unknown>; executeRaw(q: Query): Promise<unknown> };

/**
 * Prisma 6.19 passes BYTEA parameters as base64 strings and leaves decoding to the adapter; the
 * PGlite adapter (written for an older protocol) hands the string to PGlite, which refuses it.
 * Decode them here, on the connection and on every transaction it starts.
 */
function withBytesArgs<F extends { connect(): Promise<unknown> }>(factory: F): F {
  const isBytes = (t: unknown) => t === "Bytes" || (typeof t === "object" && t !== null && (t as { scalarType?: string }).scalarType === "bytes");
  const fix = (q: Query): Query => {
    if (!q.argTypes?.some(isBytes)) return q;
    return { ...q, args: q.args.map((a, i) => (typeof a === "string" && isBytes(q.argTypes![i]) ? Buffer.from(a, "base64") : a)) };
  };
  const patch = <T extends Queryable>(target: T): T => {
    const queryRaw = target.queryRaw.bind(target);
    const executeRaw = target.executeRaw.bind(target);
    target.queryRaw = (q) => queryRaw(fix(q));
    target.executeRaw = (q) => executeRaw(fix(q));
    const start = (target as { startTransaction?: (...a: unknown[]) => Promise<Queryable> }).startTransaction?.bind(target);
    if (start) (target as { startTransaction?: unknown }).startTransaction = async (...a: unknown[]) => patch(await start(...a));
    return target;
  };
  return new Proxy(factory, {
    get(t, prop, receiver) {
      if (prop === "connect") return async () => patch((await t.connect()) as Queryable);
      const v = Reflect.get(t, prop, receiver);
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
}

const globalForDb = globalThis as unknown as { __scpDb?: Promise<DbHandle> };

/** The app's shared client (one per process; survives hot reload in development). */
export function appDb(): Promise<PrismaClient> {
  globalForDb.__scpDb ??= openDb({
    as: "app",
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
  });
  return globalForDb.__scpDb.then((h) => h.db);
}
