import { ScenariosPage } from "@/components/scenarios/ScenariosPage.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function Page() {
  const access = await pageAccess("scenarios.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <ScenariosPage />;
}
