import { router } from "../trpc.ts";
import { adminRouter } from "./admin.ts";
import { masterdataRouter } from "./masterdata.ts";
import { sessionRouter } from "./session.ts";
import { runsRouter } from "./runs.ts";
import { inventoryRouter } from "./inventory.ts";
import { forecastRouter } from "./forecast.ts";
import { scenariosRouter } from "./scenarios.ts";
import { planRouter } from "./plan.ts";

export const appRouter = router({
  session: sessionRouter,
  masterdata: masterdataRouter,
  admin: adminRouter,
  runs: runsRouter,
  inventory: inventoryRouter,
  forecast: forecastRouter,
  scenarios: scenariosRouter,
  plan: planRouter,
});

export type AppRouter = typeof appRouter;
