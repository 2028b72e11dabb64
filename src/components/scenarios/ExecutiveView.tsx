"use client";
/**
 * The executive view (read-only): the published plan and the scenarios in review, each with its
 * latest succeeded run's revenue, gross margin, inventory investment and service (fill rate, OTIF),
 * and the same four as monthly trends: revenue and margin, month-end inventory investment, and
 * fill rate / OTIF per month (ratios of the month's sums, not averages of daily ratios).
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { trpc } from "../../trpc/react.tsx";
import { Chart } from "../charts/Chart.tsx";
import { describeError } from "../ui/errors.ts";
import { ErrorAlert, runResults, useRunFormat, type KpiKind } from "../runs/shared.tsx";
import { ScenarioStatusBadge, type ScenarioRow } from "./shared.tsx";

const CARDS: { key: string; group: "kpis" | "pnl"; kind: KpiKind; label: string }[] = [
  { key: "revenue", group: "pnl", kind: "money", label: "revenue" },
  { key: "grossMargin", group: "pnl", kind: "money", label: "grossMargin" },
  { key: "averageInventoryValue", group: "kpis", kind: "money", label: "inventory" },
  { key: "fillRate", group: "kpis", kind: "percent", label: "fillRate" },
  { key: "otif", group: "kpis", kind: "percent", label: "otif" },
];

export function ExecutiveView() {
  const te = useTranslations("executive");
  const published = trpc.scenarios.list.useQuery({ status: "published" });
  const review = trpc.scenarios.list.useQuery({ status: "in_review" });
  const error = published.error ?? review.error;
  return (
    <>
      <h1>{te("title")}</h1>
      <p className="subtitle">{te("subtitle")}</p>
      {error && <ErrorAlert message={describeError(error).message} onRetry={() => { void published.refetch(); void review.refetch(); }} />}
      <h2 className="section-title">{te("published")}</h2>
      {!published.data && !published.error && <div className="skeleton" style={{ height: 160 }} />}
      {published.data && published.data.length === 0 && <p className="empty" data-testid="exec-no-published">{te("noPublished")}</p>}
      {published.data?.map((s) => <ScenarioPanel key={s.id} s={s} />)}
      <h2 className="section-title">{te("inReview")}</h2>
      {!review.data && !review.error && <div className="skeleton" style={{ height: 160 }} />}
      {review.data && review.data.length === 0 && <p className="empty" data-testid="exec-no-review">{te("noReview")}</p>}
      {review.data?.map((s) => <ScenarioPanel key={s.id} s={s} />)}
    </>
  );
}

function ScenarioPanel({ s }: { s: ScenarioRow }) {
  const te = useTranslations("executive");
  const fmt = useRunFormat();
  const latest = trpc.runs.list.useQuery({ scenarioRef: s.id, status: ["succeeded"], limit: 1, sort: "createdAt", direction: "desc" });
  const runId = latest.data?.rows[0]?.id;
  const run = trpc.runs.get.useQuery({ id: runId ?? "" }, { enabled: !!runId });
  const series = trpc.runs.series.useQuery({ id: runId ?? "", bucket: "month" }, { enabled: !!runId });
  const results = runResults(run.data?.kpis);
  const monthly = series.data?.series;
  const zip = (a: number[] | undefined, b: number[] | undefined, f: (x: number, y: number) => number | null) =>
    (a ?? []).map((x, i) => f(x, b?.[i] ?? 0));
  const ratio = (x: number, y: number) => (y > 0 ? x / y : null);
  const trends: Record<"money" | "inventory" | "service", { kind: KpiKind; lines: [string, (number | null)[]][] }> = {
    money: { kind: "money", lines: [["revenue", monthly?.revenue ?? []], ["grossMargin", zip(monthly?.revenue, monthly?.cogs, (r, c) => r - c)]] },
    inventory: { kind: "money", lines: [["inventory", monthly?.onHandValue ?? []]] },
    service: { kind: "percent", lines: [["fillRate", zip(monthly?.filledOnTime, monthly?.demand, ratio)], ["otif", zip(monthly?.otifLines, monthly?.demandLines, ratio)]] },
  };
  const chart = (name: keyof typeof trends): EChartsOption => {
    const { kind, lines } = trends[name];
    const show = (v: unknown) => (typeof v === "number" ? fmt.value(kind, v) : fmt.value(kind, null));
    return {
      tooltip: { trigger: "axis", valueFormatter: show },
      legend: { top: 0 },
      grid: { left: 90, right: 16, top: 32, bottom: 32 },
      xAxis: { type: "category", data: series.data?.labels ?? [] },
      yAxis: kind === "percent" ? { type: "value", max: 1, axisLabel: { formatter: (v: number) => fmt.percent(v, 0) } } : { type: "value", axisLabel: { formatter: (v: number) => fmt.value(kind, v) } },
      series: lines.map(([label, data]) => ({ name: te(`cards.${label}`), type: "line", showSymbol: false, connectNulls: false, data })),
    };
  };
  return (
    <section className="panel" data-testid="exec-scenario" data-id={s.id}>
      <div className="toolbar">
        <h3 style={{ margin: 0 }}><Link href={`/scenarios/${s.id}`}>{s.name}</Link></h3>
        <ScenarioStatusBadge status={s.status} testId="exec-status" />
        <span className="badge">v{s.version}</span>
        <span className="spacer" />
        {runId && <Link href={`/runs/${runId}`} className="muted">{te("basedOnRun", { name: latest.data!.rows[0]!.name, when: fmt.dateTime(latest.data!.rows[0]!.createdAt) })}</Link>}
      </div>
      {latest.error && <ErrorAlert message={describeError(latest.error).message} onRetry={() => void latest.refetch()} />}
      {latest.data && !runId && (
        <p className="empty" data-testid="exec-no-run">{te("noRun")} <Link href={`/scenarios/${s.id}`}>{te("openScenario")}</Link></p>
      )}
      {runId && !results && !run.error && <div className="skeleton" style={{ height: 80 }} />}
      {results && (
        <div className="cards kpi-cards">
          {CARDS.map((c) => (
            <div className="card" key={c.key} data-testid={`exec-${c.label}`}>
              <div className="label">{te(`cards.${c.label}`)}</div>
              <div className="value">{fmt.value(c.kind, results[c.group][c.key])}</div>
            </div>
          ))}
        </div>
      )}
      {series.data && (
        <div className="grid2">
          <div><h4>{te("chartMoney")}</h4><Chart testId="exec-chart-money" option={chart("money")} /></div>
          <div><h4>{te("chartService")}</h4><Chart testId="exec-chart-service" option={chart("service")} /></div>
          <div><h4>{te("chartInventory")}</h4><Chart testId="exec-chart-inventory" option={chart("inventory")} /></div>
        </div>
      )}
    </section>
  );
}
