/**
 * Prisma CLI configuration. Prisma's native schema engine cannot be downloaded here, so the CLI
 * runs its WebAssembly engine through a driver adapter: PostgreSQL when DATABASE_URL names one,
 * otherwise the embedded PGlite database under .data/ (see src/server/db/connection.ts).
 */
import { mkdirSync } from "node:fs";
import { defineConfig } from "prisma/config";
import { resolveDatabaseTarget } from "./src/server/db/connection.ts";

const target = resolveDatabaseTarget(process.env);
// The schema's datasource reads DATABASE_URL even when an adapter does the work; for PGlite it
// must still look like a PostgreSQL URL.
if (target.kind === "pglite") process.env.DATABASE_URL = "postgresql://embedded/pglite";

type ScriptRunner = { executeScript(script: string): Promise<void> };
type Factory = { connect(): Promise<unknown>; connectToShadowDb(): Promise<unknown> };

/**
 * Both adapters mishandle migration scripts: the pg adapter splits on every ";" (breaking
 * dollar-quoted function bodies, and running statements outside one transaction), the PGlite
 * adapter does not await the script. Send each migration whole, as one simple-protocol query:
 * PostgreSQL then runs it as a single implicit transaction, so a failed migration leaves nothing.
 */
function wholeScripts<F extends Factory>(
  factory: F,
  run: (adapter: any, script: string) => Promise<unknown>,
  onDispose?: () => Promise<void>,
): F {
  const patch = (adapter: any) => {
    if (onDispose) {
      const dispose = adapter.dispose?.bind(adapter);
      adapter.dispose = async () => {
        await dispose?.();
        await onDispose();
      };
    }
    (adapter as ScriptRunner).executeScript = async (script: string) => {
      try {
        await run(adapter, script);
      } catch (error) {
        adapter.onError(error);
      }
    };
    return adapter;
  };
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect") return async () => patch(await target.connect());
      if (prop === "connectToShadowDb") return async () => patch(await target.connectToShadowDb());
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  // SCP_MIGRATIONS_DIR lets the migration tests deploy an older subset of the migrations.
  migrations: { path: process.env.SCP_MIGRATIONS_DIR ?? "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (target.kind === "pglite") {
      const { PGlite } = await import("@electric-sql/pglite");
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      mkdirSync(target.dataDir, { recursive: true });
      const pglite = new PGlite(target.dataDir);
      const factory = new PrismaPGlite(pglite);
      // Close PGlite when Prisma is done with it: an open instance can keep the CLI from exiting.
      return wholeScripts(
        factory,
        (adapter, script) => adapter.client.exec(script),
        async () => {
          if (!pglite.closed) await pglite.close();
        },
      ) as never;
    }
    // The 7.x adapter: the 6.x one breaks migrations on Postgres's `name` column type
    // (prisma/orm#27403). Separate fields, not a connection string, so the shadow database
    // name is not overridden.
    const { PrismaPg } = await import("adapter-pg7");
    const factory = new PrismaPg({ ...target.fields, idleTimeoutMillis: 1 });
    return wholeScripts(factory, (adapter, script) => adapter.client.query(script)) as never;
  },
});
