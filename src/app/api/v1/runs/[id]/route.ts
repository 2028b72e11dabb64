/** GET /api/v1/runs/:id — one run with its parameters and KPI summary. */
import { rest } from "@/server/http/rest.ts";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return rest("runs.get", (api) => api.runs.get({ id }))(req);
}
