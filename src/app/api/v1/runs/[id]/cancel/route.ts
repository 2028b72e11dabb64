/** POST /api/v1/runs/:id/cancel — cancel a queued or running run. */
import { rest } from "@/server/http/rest.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return rest("runs.cancel", (api) => api.runs.cancel({ id }))(req);
}
