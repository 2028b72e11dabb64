import { appDb } from "@/server/db/client.ts";
import { logger } from "@/server/logger.ts";

export const dynamic = "force-dynamic";

/** Liveness + readiness: answers 200 only when the database answers and its schema version is known. */
export async function GET() {
  const started = performance.now();
  try {
    const db = await appDb();
    const rows = await db.$queryRaw<{ version: number }[]>`select version from schema_version where id = 1`;
    return Response.json({
      status: "ok",
      database: "ok",
      schemaVersion: rows[0]?.version ?? null,
      latencyMs: Math.round(performance.now() - started),
    });
  } catch (err) {
    logger.error({ err }, "health check failed");
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
