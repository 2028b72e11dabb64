/** The Inngest client. Used only when Inngest is configured (INNGEST_EVENT_KEY or INNGEST_BASE_URL). */
import { Inngest } from "inngest";
import { env } from "../env.ts";

export const inngestEnabled = Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_BASE_URL);

export const inngest = new Inngest({
  id: "scp-planner",
  ...(env.INNGEST_EVENT_KEY ? { eventKey: env.INNGEST_EVENT_KEY } : {}),
  ...(env.INNGEST_BASE_URL ? { baseUrl: env.INNGEST_BASE_URL } : {}),
  ...(env.INNGEST_SIGNING_KEY ? { signingKey: env.INNGEST_SIGNING_KEY } : {}),
  ...(env.INNGEST_DEV ? { isDev: true } : {}),
});
