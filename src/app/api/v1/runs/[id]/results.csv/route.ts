/**
 * GET /api/v1/runs/:id/results.csv — daily results per location × item, streamed chunk by chunk
 * from the compressed artifacts, so a run with millions of rows never sits in memory.
 */
import { TRPCError } from "@trpc/server";
import { rest } from "@/server/http/rest.ts";
import { appDb } from "@/server/db/client.ts";
import { withTenant } from "@/server/db/tenant.ts";
import { chunkCount, getChunk } from "@/server/services/artifacts.ts";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return rest("runs.results.csv", async (api) => {
    const run = await api.runs.get({ id }); // permission + tenant check
    const tenantId = (await api.session.me())!.current!.tenantId;
    const db = await appDb();
    const chunks = await withTenant(db, { tenantId }, (tx) => chunkCount(tx, id, "daily-csv"));
    if (!chunks) throw new TRPCError({ code: "NOT_FOUND", message: `Run "${run.name}" has no daily results (${run.status})` });
    const encoder = new TextEncoder();
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (next >= chunks) return controller.close();
        const text = await withTenant(db, { tenantId }, (tx) => getChunk(tx, id, "daily-csv", next++));
        controller.enqueue(encoder.encode(text ?? ""));
      },
    });
    const safeName = run.name.replace(/[^\w.-]+/g, "_").slice(0, 60) || "run";
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${safeName}-${id.slice(0, 8)}.csv"`,
      },
    });
  })(req);
}
