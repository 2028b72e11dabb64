import { serve } from "inngest/next";
import { inngest, inngestEnabled } from "@/inngest/client.ts";
import { inngestFunctions } from "@/inngest/functions/index.ts";

export const dynamic = "force-dynamic";

const handlers = serve({ client: inngest, functions: inngestFunctions });

/** Served only when Inngest is configured; the embedded runner needs no endpoint. */
function disabled() {
  return Response.json(
    { error: "Inngest is not configured: background functions run in the embedded runner (set INNGEST_EVENT_KEY or INNGEST_BASE_URL to use Inngest)" },
    { status: 404 },
  );
}

export const GET = inngestEnabled ? handlers.GET : disabled;
export const POST = inngestEnabled ? handlers.POST : disabled;
export const PUT = inngestEnabled ? handlers.PUT : disabled;
