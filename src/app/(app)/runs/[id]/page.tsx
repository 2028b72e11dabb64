import { RunDetail } from "@/components/runs/RunDetail.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const access = await pageAccess("runs.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <RunDetail key={id} id={id} />;
}
