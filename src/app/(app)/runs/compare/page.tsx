import { RunCompare } from "@/components/runs/RunCompare.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const raw = Array.isArray(sp.ids) ? sp.ids.join(",") : (sp.ids ?? "");
  const ids = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
  const access = await pageAccess("runs.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <RunCompare key={ids.join(",")} ids={ids} />;
}
