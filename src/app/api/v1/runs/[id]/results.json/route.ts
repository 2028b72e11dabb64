/** GET /api/v1/runs/:id/results.json — KPIs, P&L, cost summary and the daily network series. */
import { rest } from "@/server/http/rest.ts";
import { appDb } from "@/server/db/client.ts";
import { withTenant } from "@/server/db/tenant.ts";
import { getArtifact } from "@/server/services/artifacts.ts";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return rest("runs.results.json", async (api) => {
    const run = await api.runs.get({ id }); // permission + tenant check
    const tenantId = (await api.session.me())!.current!.tenantId;
    const [summary, series] = await withTenant(await appDb(), { tenantId }, (tx) =>
      Promise.all([getArtifact(tx, id, "summary"), getArtifact(tx, id, "series")]));
    return new Response(JSON.stringify({ run, summary, series }), {
      headers: {
        "content-type": "application/json",
        "content-disposition": `attachment; filename="run-${id}.json"`,
      },
    });
  })(req);
}
