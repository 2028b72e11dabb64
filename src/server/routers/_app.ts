import { router } from "../trpc.ts";
import { adminRouter } from "./admin.ts";
import { masterdataRouter } from "./masterdata.ts";
import { sessionRouter } from "./session.ts";
import { runsRouter } from "./runs.ts";
import { inventoryRouter } from "./inventory.ts";

export const appRouter = router({
  session: sessionRouter,
  masterdata: masterdataRouter,
  admin: adminRouter,
  runs: runsRouter,
  inventory: inventoryRouter,
});

export type AppRouter = typeof appRouter;
