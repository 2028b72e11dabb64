"use client";
/**
 * One run: status and live progress while it is queued or running (cancel / retry), then its
 * KPIs (± 95% CI with replications), P&L, charts by day / week / month, the cost-trace
 * drill-down (type → location → item → day → records) and the result downloads.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { EChartsOption } from "echarts";
import { trpc } from "../../trpc/react.tsx";
import { Chart } from "../charts/Chart.tsx";
import { useCan } from "../session/MeContext.tsx";
import { describeError } from "../ui/errors.ts";
import {
  BucketSwitch, ErrorAlert, KPI_DEFS, PNL_DEFS, ProgressBar, StatusBadge,
  isActive, runResults, useProgressText, useRunFormat, type Bucket, type KpiDef, type RunResults, type RunSeries,
} from "./shared.tsx";

const POLL_MS = 1000;

export function RunDetail({ id }: { id: string }) {
  const t = useTranslations("runs");
  const td = useTranslations("runs.detail");
  const tk = useTranslations("runs.kind");
  const fmt = useRunFormat();
  const progressText = useProgressText();
  const router = useRouter();
  const utils = trpc.useUtils();
  const canWrite = useCan("runs.write");
  const [bucket, setBucket] = useState<Bucket>("day");
  const [notice, setNotice] = useState<string | null>(null);

  const run = trpc.runs.get.useQuery(
    { id },
    { refetchInterval: (q) => (isActive(q.state.data?.status) ? POLL_MS : false), staleTime: 0 },
  );
  const succeeded = run.data?.status === "succeeded";
  const cancel = trpc.runs.cancel.useMutation({
    onSuccess: (r) => {
      utils.runs.get.setData({ id }, r);
      setNotice(null);
    },
    onError: (e) => setNotice(describeError(e).message),
  });
  const retry = trpc.runs.retry.useMutation({
    onSuccess: (r) => router.push(`/runs/${r.id}`),
    onError: (e) => setNotice(describeError(e).message),
  });

  if (run.error) {
    return (
      <>
        <p><Link href="/runs">← {t("backToRuns")}</Link></p>
        <ErrorAlert message={describeError(run.error).message} onRetry={() => void run.refetch()} />
      </>
    );
  }
  if (!run.data) {
    return (
      <div aria-busy="true">
        <div className="skeleton" style={{ height: 32, width: 320, marginBottom: 12 }} />
        <div className="skeleton" style={{ height: 18, width: 480, marginBottom: 20 }} />
        <div className="cards">
          {KPI_DEFS.map((k) => <div className="card" key={k.key}><div className="skeleton" style={{ height: 48 }} /></div>)}
        </div>
      </div>
    );
  }
  const r = run.data;
  const results = runResults(r.kpis);
  const params = (r.params ?? {}) as Record<string, unknown>;

  return (
    <>
      <p className="crumbs"><Link href="/runs">← {t("backToRuns")}</Link></p>
      <div className="run-header">
        <h1 data-testid="run-name">{r.name}</h1>
        <StatusBadge status={r.status} />
        <span className="spacer" />
        {canWrite && isActive(r.status) && (
          <button
            className="btn danger"
            disabled={cancel.isPending}
            data-testid="run-cancel"
            onClick={() => window.confirm(td("confirmCancel", { name: r.name })) && cancel.mutate({ id })}
          >
            {td("cancel")}
          </button>
        )}
        {canWrite && (r.status === "failed" || r.status === "cancelled") && (
          <button className="btn" disabled={retry.isPending} data-testid="run-retry" onClick={() => retry.mutate({ id })}>
            {td("retry")}
          </button>
        )}
        {succeeded && (
          <>
            <a className="btn" href={`/api/v1/runs/${id}/results.csv`} download data-testid="download-csv">
              {td("downloadCsv")}
            </a>
            <a className="btn" href={`/api/v1/runs/${id}/results.json`} download data-testid="download-json">
              {td("downloadJson")}
            </a>
          </>
        )}
      </div>
      <p className="subtitle">
        {td("meta", {
          kind: tk.has(r.kind) ? tk(r.kind) : r.kind,
          who: r.requestedByEmail ?? "—",
          when: fmt.dateTime(r.createdAt),
        })}
        {r.durationMs !== null && <> · {td("took", { duration: fmt.duration(r.durationMs) })}</>}
        {params.horizonDays !== undefined && (
          <> · {td("params", {
            horizon: String(params.horizonDays),
            replications: String(params.replications ?? 1),
            seed: String(params.seed ?? ""),
            demand: t.has(`demand.${String(params.demand)}`) ? t(`demand.${String(params.demand)}`) : String(params.demand ?? ""),
          })}</>
        )}
      </p>
      {notice && <ErrorAlert message={notice} />}
      {r.status !== "succeeded" && (
        <section className="panel">
          <ProgressBar value={r.progress} title={progressText(r.progressMessage)} testId="run-progress" />
          <p className="muted" data-testid="run-progress-message">{progressText(r.progressMessage)}</p>
        </section>
      )}
      {r.status === "failed" && (
        <div className="alert error" role="alert" data-testid="run-error">
          <strong>{td("failed")}</strong> {r.errorMessage ?? ""} {r.errorCode ? <code>({r.errorCode})</code> : null}
        </div>
      )}
      {r.status === "cancelled" && <div className="alert info">{td("cancelled")}</div>}
      {r.archivedAt && (
        <div className="alert info" data-testid="run-archived">{td("archived", { date: fmt.dateTime(r.archivedAt) })}</div>
      )}
      {succeeded && (
        <>
          <ProgressBar value={100} title={progressText(r.progressMessage)} testId="run-progress" />
          {results ? <KpiCards results={results} /> : <p className="empty">{td("noKpis")}</p>}
          <SeriesCharts id={id} bucket={bucket} onBucket={setBucket} />
          <CostDrill id={id} />
        </>
      )}
    </>
  );
}

function KpiCard({ def, results }: { def: KpiDef; results: RunResults }) {
  const t = useTranslations("runs.kpi");
  const fmt = useRunFormat();
  const v = results[def.group][def.key];
  const ci = (def.group === "kpis" ? results.kpisCi : results.pnlCi)?.[def.key];
  const half = ci ? (ci[1] - ci[0]) / 2 : null;
  return (
    <div className="card" data-testid={`kpi-${def.key}`}>
      <div className="label">{t(def.key)}</div>
      <div className="value">{fmt.value(def.kind, v)}</div>
      {half !== null && Number.isFinite(half) && (
        <div className="ci" title={`${fmt.value(def.kind, ci![0])} – ${fmt.value(def.kind, ci![1])}`}>
          ± {fmt.value(def.kind, half)}
        </div>
      )}
    </div>
  );
}

function KpiCards({ results }: { results: RunResults }) {
  const td = useTranslations("runs.detail");
  return (
    <>
      <h2 className="section-title">
        {td("kpis")}
        {results.replications > 1 && <span className="badge">{td("replications", { count: results.replications })}</span>}
      </h2>
      <div className="cards kpi-cards">
        {KPI_DEFS.map((d) => <KpiCard key={d.key} def={d} results={results} />)}
      </div>
      <h2 className="section-title">{td("pnl")}</h2>
      <div className="cards kpi-cards">
        {PNL_DEFS.map((d) => <KpiCard key={d.key} def={d} results={results} />)}
      </div>
    </>
  );
}

type SeriesKey = keyof RunSeries["series"];

function SeriesCharts({ id, bucket, onBucket }: { id: string; bucket: Bucket; onBucket: (b: Bucket) => void }) {
  const td = useTranslations("runs.detail");
  const ts = useTranslations("runs.series");
  const fmt = useRunFormat();
  const q = trpc.runs.series.useQuery({ id, bucket }, { placeholderData: (prev) => prev });
  const data = q.data;
  const line = (names: SeriesKey[], opts: { area?: boolean; money?: boolean; bar?: boolean } = {}): EChartsOption => ({
    tooltip: { trigger: "axis", valueFormatter: (v) => (opts.money ? fmt.money(v) : fmt.number(v, 0)) },
    legend: { top: 0 },
    grid: { left: 70, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: data?.labels ?? [] },
    yAxis: { type: "value", axisLabel: { formatter: (v: number) => fmt.number(v, 0) } },
    series: names
      .filter((n) => data?.series[n])
      .map((n) => ({
        name: ts(n),
        type: opts.bar ? "bar" : "line",
        stack: opts.bar ? "cost" : undefined,
        showSymbol: false,
        areaStyle: opts.area ? {} : undefined,
        data: data!.series[n]!,
      })),
  });
  const costNames: SeriesKey[] = ["holdingCost", "orderingCost", "transportCost", "productionCost", "backorderCost", "lostSaleCost"];
  const hasCost = data ? costNames.some((n) => data.series[n]?.some((v) => v !== 0)) : false;
  return (
    <section className="panel" data-testid="charts" data-bucket={data?.bucket ?? ""} data-points={data?.labels.length ?? 0}>
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>{td("charts")}</h2>
        <span className="spacer" />
        {q.isFetching && <span className="badge">{td("loading")}</span>}
        <BucketSwitch value={bucket} onChange={onBucket} />
      </div>
      {q.error && <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />}
      {!data && !q.error && (
        <div className="grid2">
          <div className="skeleton" style={{ height: 280 }} />
          <div className="skeleton" style={{ height: 280 }} />
        </div>
      )}
      {data && (
        <div className="grid2">
          <div>
            <h3>{td("chartInventory")}</h3>
            <Chart testId="chart-inventory" option={line(["onHand"], { area: true })} />
          </div>
          <div>
            <h3>{td("chartBackorders")}</h3>
            <Chart testId="chart-backorders" option={line(["backorders", "lostSales"])} />
          </div>
          <div>
            <h3>{td("chartService")}</h3>
            <Chart testId="chart-service" option={line(["demand", "sales", "filledOnTime"])} />
          </div>
          {hasCost && (
            <div>
              <h3>{td("chartCost")}</h3>
              <Chart testId="chart-cost" option={line(costNames, { bar: true, money: true })} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}

interface DrillPath {
  type?: string;
  location?: string;
  item?: string;
  day?: number;
}

function dayLabel(startDate: string, day: number) {
  return new Date(Date.parse(startDate + "T00:00:00Z") + day * 86_400_000).toISOString().slice(0, 10);
}

function CostDrill({ id }: { id: string }) {
  const td = useTranslations("runs.detail");
  const tct = useTranslations("runs.costTypes");
  const fmt = useRunFormat();
  const [path, setPath] = useState<DrillPath>({});
  const q = trpc.runs.costs.useQuery({ id, ...path }, { placeholderData: (prev) => prev });
  const data = q.data;
  const typeLabel = (k: string) => (tct.has(k) ? tct(k) : k);

  const crumbs: { label: string; path: DrillPath }[] = [{ label: td("allCosts"), path: {} }];
  if (path.type !== undefined) crumbs.push({ label: typeLabel(path.type), path: { type: path.type } });
  if (path.location !== undefined) crumbs.push({ label: path.location, path: { type: path.type, location: path.location } });
  if (path.item !== undefined) crumbs.push({ label: path.item, path: { type: path.type, location: path.location, item: path.item } });
  if (path.day !== undefined && data) crumbs.push({ label: dayLabel(data.startDate, path.day), path });

  const deeper = (key: string): DrillPath | null => {
    if (path.type === undefined) return { type: key };
    if (path.location === undefined) return { ...path, location: key };
    if (path.item === undefined) return { ...path, item: key };
    if (path.day === undefined) return { ...path, day: Number(key) };
    return null;
  };
  const keyLabel = (key: string) => {
    if (!data) return key;
    if (data.level === "type") return typeLabel(key);
    if (data.level === "day") return dayLabel(data.startDate, Number(key));
    return key;
  };
  const total = data?.rows.reduce((a, r) => a + r.amount, 0) ?? 0;
  const levelName = data ? td(`levels.${data.level}`) : "";

  return (
    <section className="panel" data-testid="cost-drill" data-level={data?.level ?? ""}>
      <h2>{td("costTrace")}</h2>
      <nav className="breadcrumb" aria-label={td("costTrace")} data-testid="cost-breadcrumb">
        {crumbs.map((c, i) => (
          <span key={i}>
            {i > 0 && <span className="sep"> › </span>}
            {i === crumbs.length - 1 ? (
              <span aria-current="location">{c.label}</span>
            ) : (
              <button type="button" className="link" onClick={() => setPath(c.path)}>
                {c.label}
              </button>
            )}
          </span>
        ))}
      </nav>
      {q.error && <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />}
      {!data && !q.error && <div className="skeleton" style={{ height: 160 }} />}
      {data && data.level !== "record" && (
        data.rows.length === 0 ? (
          <p className="empty">{td("noCosts")}</p>
        ) : (
          <table className="table" data-testid="cost-table">
            <thead>
              <tr>
                <th>{levelName}</th>
                <th className="num">{td("amount")}</th>
                <th className="num">{td("share")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => {
                const next = deeper(row.key);
                return (
                  <tr
                    key={row.key}
                    className={next ? "clickable" : undefined}
                    tabIndex={next ? 0 : undefined}
                    onClick={() => next && setPath(next)}
                    onKeyDown={(e) => e.key === "Enter" && next && setPath(next)}
                    data-testid="cost-row"
                  >
                    <td>{keyLabel(row.key)}</td>
                    <td className="num">{fmt.money(row.amount)}</td>
                    <td className="num">{total ? fmt.percent(row.amount / total) : ""}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th>{td("total")}</th>
                <th className="num">{fmt.money(total)}</th>
                <th />
              </tr>
            </tfoot>
          </table>
        )
      )}
      {data && data.level === "record" && (
        data.records.length === 0 ? (
          <p className="empty">{td("noCosts")}</p>
        ) : (
          <table className="table" data-testid="cost-records">
            <thead>
              <tr>
                <th>{td("levels.day")}</th>
                <th className="num">{td("amount")}</th>
                <th>{td("cause")}</th>
              </tr>
            </thead>
            <tbody>
              {data.records.map((rec, i) => (
                <tr key={i}>
                  <td>{dayLabel(data.startDate, rec.day)}</td>
                  <td className="num">{fmt.money(rec.amount)}</td>
                  <td>
                    {rec.cause
                      ? td("causeOrder", {
                          day: dayLabel(data.startDate, rec.cause.day),
                          quantity: fmt.number(rec.cause.quantity, 2),
                          from: rec.cause.from ?? td("external"),
                        })
                      : td("causeStock")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
    </section>
  );
}
