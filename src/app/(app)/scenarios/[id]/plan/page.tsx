import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PlanGrid } from "@/components/plan/PlanGrid.tsx";
import { SupplyGrid } from "@/components/plan/SupplyGrid.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

/** The scenario's plan grid: the demand plan (default) or, with ?view=supply, the supply plan. */
export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { view } = await searchParams;
  const access = await pageAccess("scenarios.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  const t = await getTranslations("supply.switch");
  const supply = view === "supply";
  const tab = (active: boolean) => ({ className: `tab${active ? " active" : ""}`, "aria-current": active ? ("page" as const) : undefined, style: { textDecoration: "none" } });
  return (
    <>
      <nav className="tabs" aria-label={t("label")} data-testid="plan-view-switch" style={{ marginTop: 0 }}>
        <Link href={`/scenarios/${id}/plan`} {...tab(!supply)} data-testid="plan-view-demand">{t("demand")}</Link>
        <Link href={`/scenarios/${id}/plan?view=supply`} {...tab(supply)} data-testid="plan-view-supply">{t("supply")}</Link>
      </nav>
      {supply ? <SupplyGrid key={id} scenarioId={id} /> : <PlanGrid key={id} scenarioId={id} />}
    </>
  );
}
