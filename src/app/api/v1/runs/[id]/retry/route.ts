/** POST /api/v1/runs/:id/retry — queue a new run with the inputs of a failed or cancelled one (202). */
import { rest } from "@/server/http/rest.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return rest("runs.retry", async (api) => Response.json(await api.runs.retry({ id }), { status: 202 }))(req);
}
