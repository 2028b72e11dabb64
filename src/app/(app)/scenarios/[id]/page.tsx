import { ScenarioDetail } from "@/components/scenarios/ScenarioDetail.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await pageAccess("scenarios.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <ScenarioDetail key={id} id={id} />;
}
