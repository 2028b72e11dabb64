"use client";
/**
 * 2–4 finished runs side by side: a KPI table (the first run is the baseline; every other cell
 * shows its absolute and % difference, highlighted when |%| reaches the KPI's threshold) and
 * overlaid on-hand and backorder lines with a day / week / month switch.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { EChartsOption } from "echarts";
import { trpc } from "../../trpc/react.tsx";
import { Chart } from "../charts/Chart.tsx";
import { describeError } from "../ui/errors.ts";
import {
  BucketSwitch, ErrorAlert, KPI_DEFS, PNL_DEFS, StatusBadge,
  runResults, useRunFormat, type Bucket, type KpiDef,
} from "./shared.tsx";

const DEFAULT_THRESHOLD = 5;
const ALL_DEFS = [...KPI_DEFS, ...PNL_DEFS];

/** Relative difference in % of the baseline; ±Infinity when the baseline is 0 and the value is not. */
function percentDiff(value: number, base: number): number {
  if (base === 0) return value === 0 ? 0 : value > 0 ? Infinity : -Infinity;
  return ((value - base) / Math.abs(base)) * 100;
}

export function RunCompare({ ids }: { ids: string[] }) {
  const t = useTranslations("runs");
  const tc = useTranslations("runs.compare");
  const tk = useTranslations("runs.kpi");
  const fmt = useRunFormat();
  const [bucket, setBucket] = useState<Bucket>("week");
  const [thresholds, setThresholds] = useState<Record<string, string>>({});
  const [all, setAll] = useState(String(DEFAULT_THRESHOLD));
  const valid = ids.length >= 2 && ids.length <= 4;
  const q = trpc.runs.compare.useQuery({ ids, bucket }, { enabled: valid, placeholderData: (prev) => prev });

  if (!valid) {
    return (
      <>
        <h1>{tc("title")}</h1>
        <div className="alert info" data-testid="compare-pick">
          {tc("pick")} <Link href="/runs">{t("backToRuns")}</Link>
        </div>
      </>
    );
  }

  const thresholdOf = (key: string) => {
    const raw = thresholds[key] ?? all;
    const n = Number(raw.replace(",", "."));
    return Number.isFinite(n) && n >= 0 ? n : DEFAULT_THRESHOLD;
  };
  const setAllThresholds = (v: string) => {
    setAll(v);
    setThresholds({});
  };

  const signed = (def: KpiDef, d: number) => {
    const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
    if (def.kind === "percent") return tc("points", { value: `${sign}${fmt.number(Math.abs(d) * 100, 1)}` });
    return `${sign}${fmt.value(def.kind, Math.abs(d))}`;
  };
  const signedPct = (p: number) => {
    if (!Number.isFinite(p)) return tc("new");
    const sign = p > 0 ? "+" : p < 0 ? "−" : "±";
    return `${sign}${fmt.number(Math.abs(p), 1)} %`;
  };

  const data = q.data;
  const runs = data?.runs ?? [];
  const results = runs.map((r) => runResults(r.kpis));
  const base = results[0];

  const overlay = (name: "onHand" | "backorders"): EChartsOption => {
    const labels = data?.series.reduce<string[]>((longest, s) => (s && s.labels.length > longest.length ? [...s.labels] : longest), []) ?? [];
    return {
      tooltip: { trigger: "axis", valueFormatter: (v) => fmt.number(v, 0) },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 32, bottom: 32 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", axisLabel: { formatter: (v: number) => fmt.number(v, 0) } },
      series: runs.map((r, i) => ({
        name: `${i === 0 ? `${tc("baseline")}: ` : ""}${r.name}`,
        type: "line",
        showSymbol: false,
        data: data?.series[i]?.series[name] ?? [],
      })),
    };
  };

  return (
    <>
      <p className="crumbs"><Link href="/runs">← {t("backToRuns")}</Link></p>
      <h1>{tc("title")}</h1>
      <p className="subtitle">{tc("subtitle")}</p>
      {q.error && <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />}
      {!data && !q.error && <div className="skeleton" style={{ height: 320 }} aria-busy="true" />}
      {data && (
        <>
          <section className="panel">
            <div className="toolbar">
              <h2 style={{ margin: 0 }}>{tc("kpis")}</h2>
              <span className="spacer" />
              <label className="inline-field">
                {tc("thresholdAll")}
                <input
                  type="number"
                  min={0}
                  step="any"
                  value={all}
                  onChange={(e) => setAllThresholds(e.target.value)}
                  data-testid="threshold-all"
                  style={{ width: 90 }}
                />
              </label>
            </div>
            <div className="table-scroll">
              <table className="table compare" data-testid="compare-table">
                <thead>
                  <tr>
                    <th>{tc("kpi")}</th>
                    <th className="num">{tc("threshold")}</th>
                    {runs.map((r, i) => (
                      <th key={r.id} className="num">
                        <Link href={`/runs/${r.id}`}>{r.name}</Link>
                        <div className="th-sub">
                          {i === 0 ? <span className="badge">{tc("baseline")}</span> : <StatusBadge status={r.status} />}
                        </div>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ALL_DEFS.map((def) => {
                    const threshold = thresholdOf(def.key);
                    const baseValue = base?.[def.group][def.key];
                    return (
                      <tr key={def.key} data-testid={`compare-row-${def.key}`}>
                        <th scope="row">{tk(def.key)}</th>
                        <td className="num">
                          <input
                            type="number"
                            min={0}
                            step="any"
                            className="threshold"
                            aria-label={tc("thresholdFor", { kpi: tk(def.key) })}
                            value={thresholds[def.key] ?? all}
                            onChange={(e) => setThresholds((s) => ({ ...s, [def.key]: e.target.value }))}
                            data-testid={`threshold-${def.key}`}
                          />
                        </td>
                        {results.map((res, i) => {
                          const v = res?.[def.group][def.key];
                          if (i === 0 || v === undefined || baseValue === undefined) {
                            return (
                              <td key={runs[i]!.id} className="num" data-testid="compare-cell">
                                {fmt.value(def.kind, v)}
                              </td>
                            );
                          }
                          const pct = percentDiff(v, baseValue);
                          const highlight = Math.abs(pct) >= threshold && v !== baseValue;
                          return (
                            <td
                              key={runs[i]!.id}
                              className={`num${highlight ? " diff-highlight" : ""}`}
                              data-highlight={highlight ? "true" : "false"}
                              data-testid="compare-cell"
                              title={tc("diffTitle", { threshold: fmt.number(threshold, 2) })}
                            >
                              <div>{fmt.value(def.kind, v)}</div>
                              <div className="diff">
                                {signed(def, v - baseValue)} ({signedPct(pct)})
                              </div>
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          <section className="panel" data-testid="compare-charts" data-bucket={data.series[0]?.bucket ?? bucket}>
            <div className="toolbar">
              <h2 style={{ margin: 0 }}>{tc("charts")}</h2>
              <span className="spacer" />
              {q.isFetching && <span className="badge">{t("detail.loading")}</span>}
              <BucketSwitch value={bucket} onChange={setBucket} />
            </div>
            <div className="grid2">
              <div>
                <h3>{t("detail.chartInventory")}</h3>
                <Chart testId="compare-onhand" option={overlay("onHand")} />
              </div>
              <div>
                <h3>{t("detail.chartBackorders")}</h3>
                <Chart testId="compare-backorders" option={overlay("backorders")} />
              </div>
            </div>
          </section>
        </>
      )}
    </>
  );
}
