"use client";
/**
 * Compare this scenario with another: the readable input differences (JSON-Patch between the two
 * documents) and the outcome differences of their latest succeeded runs (KPI deltas highlighted
 * when |%| reaches the threshold, overlaid monthly charts).
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { EChartsOption } from "echarts";
import { trpc } from "../../trpc/react.tsx";
import { Chart } from "../charts/Chart.tsx";
import { describeError } from "../ui/errors.ts";
import { ErrorAlert, KPI_DEFS, PNL_DEFS, runResults, useRunFormat } from "../runs/shared.tsx";

const SHOWN_DIFFERENCES = 300;
const ALL_DEFS = [...KPI_DEFS, ...PNL_DEFS];

function percentDiff(value: number, base: number): number {
  if (base === 0) return value === 0 ? 0 : value > 0 ? Infinity : -Infinity;
  return ((value - base) / Math.abs(base)) * 100;
}

/** The id of the scenario's latest succeeded run, null when it has none (undefined while loading). */
function useLatestRun(scenarioId: string | null) {
  const q = trpc.runs.list.useQuery(
    { scenarioRef: scenarioId ?? "", status: ["succeeded"], limit: 1, sort: "createdAt", direction: "desc" },
    { enabled: !!scenarioId },
  );
  return q.data ? (q.data.rows[0] ?? null) : undefined;
}

export function ScenarioCompare({ id }: { id: string }) {
  const tc = useTranslations("scenarios.compare");
  const list = trpc.scenarios.list.useQuery({});
  const [other, setOther] = useState<string>("");
  const others = (list.data ?? []).filter((s) => s.id !== id);
  return (
    <section className="panel" data-testid="scenario-compare">
      <h2>{tc("title")}</h2>
      <label>
        {tc("pick")}{" "}
        <select value={other} onChange={(e) => setOther(e.target.value)} data-testid="compare-with">
          <option value="">{tc("choose")}</option>
          {others.map((s) => <option key={s.id} value={s.id}>{s.name} (v{s.version})</option>)}
        </select>
      </label>
      {list.data && others.length === 0 && <p className="empty">{tc("noOthers")}</p>}
      {other && <Differences a={id} b={other} />}
      {other && <Outcomes a={id} b={other} />}
    </section>
  );
}

function Differences({ a, b }: { a: string; b: string }) {
  const tc = useTranslations("scenarios.compare");
  const q = trpc.scenarios.compare.useQuery({ a, b });
  if (q.error) return <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />;
  if (!q.data) return <div className="skeleton" style={{ height: 120 }} />;
  const d = q.data;
  return (
    <div data-testid="input-differences" data-count={d.count}>
      <h3>{tc("inputs", { a: d.a.name, b: d.b.name })}</h3>
      {d.count === 0 ? (
        <p className="empty">{tc("same")}</p>
      ) : (
        <>
          <p className="muted">{tc("count", { count: d.count })}</p>
          <ul className="differences">
            {d.differences.slice(0, SHOWN_DIFFERENCES).map((x) => <li key={x.path} data-testid="input-difference">{x.text}</li>)}
          </ul>
          {d.count > SHOWN_DIFFERENCES && <p className="muted">{tc("more", { count: d.count - SHOWN_DIFFERENCES })}</p>}
        </>
      )}
    </div>
  );
}

function Outcomes({ a, b }: { a: string; b: string }) {
  const tc = useTranslations("scenarios.compare");
  const tk = useTranslations("runs.kpi");
  const fmt = useRunFormat();
  const [threshold, setThreshold] = useState("5");
  const ra = useLatestRun(a);
  const rb = useLatestRun(b);
  const ids = ra && rb ? [ra.id, rb.id] : [];
  const q = trpc.runs.compare.useQuery({ ids, bucket: "month" }, { enabled: ids.length === 2 });
  if (ra === undefined || rb === undefined) return <div className="skeleton" style={{ height: 120 }} />;
  if (!ra || !rb) {
    return (
      <div className="alert info" data-testid="outcomes-missing">
        {tc("noRuns", { which: [!ra ? tc("thisScenario") : null, !rb ? tc("otherScenario") : null].filter(Boolean).join(", ") })}
      </div>
    );
  }
  if (q.error) return <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />;
  if (!q.data) return <div className="skeleton" style={{ height: 200 }} />;
  const [resA, resB] = q.data.runs.map((r) => runResults(r.kpis));
  const limit = Number(threshold.replace(",", "."));
  const thr = Number.isFinite(limit) && limit >= 0 ? limit : 5;
  const overlay = (name: "onHand" | "backorders" | "demand" | "sales"): EChartsOption => ({
    tooltip: { trigger: "axis", valueFormatter: (v) => fmt.number(v, 0) },
    legend: { top: 0 },
    grid: { left: 70, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: q.data!.series.reduce<string[]>((l, s) => (s && s.labels.length > l.length ? [...s.labels] : l), []) },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => fmt.number(v, 0) } },
    series: q.data!.runs.map((r, i) => ({ name: r.name, type: "line", showSymbol: false, data: q.data!.series[i]?.series[name] ?? [] })),
  });
  return (
    <div data-testid="outcome-differences">
      <div className="toolbar">
        <h3 style={{ margin: 0 }}>{tc("outcomes")}</h3>
        <span className="spacer" />
        <label>
          {tc("threshold")}{" "}
          <input className="threshold" type="number" min={0} step={0.1} value={threshold} onChange={(e) => setThreshold(e.target.value)} data-testid="outcome-threshold" />
        </label>
        <Link className="btn" href={`/runs/compare?ids=${ra.id},${rb.id}`}>{tc("openRunCompare")}</Link>
      </div>
      {!resA || !resB ? (
        <p className="empty">{tc("noKpis")}</p>
      ) : (
        <table className="table compare">
          <thead>
            <tr>
              <th>{tc("kpi")}</th>
              <th className="num"><Link href={`/runs/${ra.id}`}>{ra.name}</Link></th>
              <th className="num"><Link href={`/runs/${rb.id}`}>{rb.name}</Link></th>
              <th className="num">{tc("delta")}</th>
            </tr>
          </thead>
          <tbody>
            {ALL_DEFS.map((def) => {
              const va = resA[def.group][def.key];
              const vb = resB[def.group][def.key];
              if (va === undefined || vb === undefined) return null;
              const pct = percentDiff(vb, va);
              const hi = Math.abs(pct) >= thr && va !== vb;
              const sign = vb - va > 0 ? "+" : vb - va < 0 ? "−" : "±";
              return (
                <tr key={def.key}>
                  <td>{tk(def.key)}</td>
                  <td className="num">{fmt.value(def.kind, va)}</td>
                  <td className="num">{fmt.value(def.kind, vb)}</td>
                  <td className={`num${hi ? " diff-highlight" : ""}`} data-highlight={hi ? "true" : "false"} data-testid="outcome-delta">
                    {sign}{fmt.value(def.kind, Math.abs(vb - va))}{" "}
                    ({Number.isFinite(pct) ? `${sign}${fmt.number(Math.abs(pct), 1)} %` : tc("new")})
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="grid2">
        <div><h3>{tc("chartOnHand")}</h3><Chart testId="outcome-onhand" option={overlay("onHand")} /></div>
        <div><h3>{tc("chartBackorders")}</h3><Chart testId="outcome-backorders" option={overlay("backorders")} /></div>
      </div>
    </div>
  );
}
