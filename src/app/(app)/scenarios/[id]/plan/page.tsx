import { PlanGrid } from "@/components/plan/PlanGrid.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await pageAccess("scenarios.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <PlanGrid key={id} scenarioId={id} />;
}
