"use client";
/**
 * The demand planner's forecast workbench: pick a forecast version (or start one), pick an
 * item × location, read the statistical baseline with its bands and backtest accuracy, and
 * adjust it layer by layer (sales, marketing, finance) into the consensus; forecast value added
 * against the actuals the history covers (hold-out or imported since); approvers freeze a version at the cut-off.
 */
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/routers/_app.ts";
import { trpc } from "../../trpc/react.tsx";
import { useCan } from "../session/MeContext.tsx";
import { Drawer } from "../ui/Drawer.tsx";
import { describeError } from "../ui/errors.ts";
import { downloadText, toCsv } from "../ui/csv.ts";
import { ErrorAlert, useRunFormat } from "../runs/shared.tsx";
import { RunForm, RunProgress, type RunField } from "./RunParts.tsx";
import { ForecastChart } from "./ForecastChart.tsx";
import { LayersGrid } from "./LayersGrid.tsx";

type Outputs = inferRouterOutputs<AppRouter>;
export type Workbench = Outputs["forecast"]["workbench"];
type SeriesRow = Outputs["forecast"]["series"][number];

interface Accuracy {
  mae?: number | null;
  rmse?: number | null;
  mape?: number | null;
  smape?: number | null;
  mase?: number | null;
  wape?: number | null;
  bias?: number | null;
  owa?: number | null;
  windows?: number;
  coverage?: Record<string, number | null>;
}

/** "FG-001, FG-002" → ["FG-001", "FG-002"]; empty → undefined (all). */
const splitList = (v: unknown) => {
  const list = String(v ?? "").split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);
  return list.length ? list : undefined;
};

const seriesKey = (s: { item: string; location: string }) => `${s.item}\u0000${s.location}`;

export function ForecastPage() {
  const t = useTranslations("forecast");
  const utils = trpc.useUtils();
  const canStart = useCan("runs.write");
  const canFreeze = useCan("forecast.freeze");
  const versions = trpc.forecast.versions.useQuery();
  const [versionId, setVersionId] = useState<string>("");
  const [key, setKey] = useState<string>("");
  const [creating, setCreating] = useState(false);
  const [pendingRun, setPendingRun] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const start = trpc.forecast.start.useMutation();

  const list = versions.data ?? [];
  const version = list.find((v) => v.id === versionId) ?? list[0];
  useEffect(() => {
    if (!versionId && list[0]) setVersionId(list[0].id);
  }, [versionId, list]);

  const series = trpc.forecast.series.useQuery({ versionId: version?.id ?? "" }, { enabled: Boolean(version) });
  const seriesRows = series.data ?? [];
  const current = seriesRows.find((s) => seriesKey(s) === key) ?? seriesRows[0];
  const workbench = trpc.forecast.workbench.useQuery(
    { versionId: version?.id ?? "", item: current?.item ?? "", location: current?.location ?? "" },
    { enabled: Boolean(version && current), placeholderData: (prev) => prev },
  );
  const freeze = trpc.forecast.freeze.useMutation({
    onSuccess: async () => {
      setNotice({ kind: "ok", text: t("frozenNotice") });
      await utils.forecast.versions.invalidate();
      await utils.forecast.workbench.invalidate();
    },
    onError: (e) => setNotice({ kind: "error", text: describeError(e).message }),
  });

  const onSucceeded = useCallback(
    async (runId: string) => {
      const fresh = await utils.forecast.versions.fetch();
      await utils.forecast.versions.invalidate();
      const v = fresh.find((x) => x.runId === runId);
      if (v) {
        setVersionId(v.id);
        setKey("");
      }
    },
    [utils],
  );

  const fields = useMemo<RunField[]>(
    () => [
      { name: "name", label: t("form.name"), kind: "text", required: true },
      { name: "bucket", label: t("form.bucket"), kind: "select", options: [{ value: "week", label: t("buckets.week") }, { value: "month", label: t("buckets.month") }] },
      { name: "horizon", label: t("form.horizon"), kind: "number", required: true },
      { name: "holdoutPeriods", label: t("form.holdoutPeriods"), kind: "number", hint: t("form.holdoutHint") },
      { name: "backtestWindows", label: t("form.backtestWindows"), kind: "number" },
      { name: "items", label: t("form.items"), kind: "text", hint: t("form.listHint") },
      { name: "locations", label: t("form.locations"), kind: "text", hint: t("form.listHint") },
    ],
    [t],
  );

  const frozen = Boolean(version?.frozenAt);
  const wb = workbench.data && version && workbench.data.version.id === version.id ? workbench.data : undefined;

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle")}</p>
      <div className="toolbar">
        {list.length > 0 && (
          <label className="inline-field">
            {t("version")}
            <select
              value={version?.id ?? ""}
              onChange={(e) => {
                setVersionId(e.target.value);
                setKey("");
                setNotice(null);
              }}
              data-testid="version-select"
            >
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name} · {t(`buckets.${v.bucket === "month" ? "month" : "week"}`)} · {t("periodsCount", { count: (v.periods as string[]).length })}
                  {v.frozenAt ? ` · ${t("frozen")}` : ""}
                </option>
              ))}
            </select>
          </label>
        )}
        {frozen && <span className="badge status-cancelled" data-testid="frozen-badge">{t("frozen")}</span>}
        <span className="spacer" />
        {version && canFreeze && !frozen && (
          <button
            className="btn"
            disabled={freeze.isPending}
            data-testid="freeze"
            onClick={() => window.confirm(t("confirmFreeze", { name: version.name })) && freeze.mutate({ versionId: version.id })}
          >
            {t("freeze")}
          </button>
        )}
        {canStart ? (
          <button className="btn primary" onClick={() => setCreating(true)} data-testid="new-forecast">
            {t("newForecast")}
          </button>
        ) : (
          <span className="badge" data-testid="read-only">{t("readOnly")}</span>
        )}
      </div>
      {notice && (
        <div className={`alert ${notice.kind}`} role="status" data-testid="forecast-notice" onClick={() => setNotice(null)}>
          {notice.text}
        </div>
      )}
      {pendingRun && (
        <RunProgress runId={pendingRun} onSucceeded={onSucceeded} onDismiss={() => setPendingRun(null)} testId="forecast-run" />
      )}
      {versions.error && <ErrorAlert message={describeError(versions.error).message} onRetry={() => void versions.refetch()} />}
      {versions.isLoading && <div className="skeleton" style={{ height: 320 }} aria-busy="true" />}
      {versions.data && list.length === 0 && (
        <div className="empty panel" data-testid="forecast-empty">
          <p>{t("empty")}</p>
          {canStart && (
            <button className="btn primary" onClick={() => setCreating(true)}>
              {t("newForecast")}
            </button>
          )}
        </div>
      )}
      {version && (
        <>
          <SeriesPicker
            rows={seriesRows}
            loading={series.isLoading}
            value={current ? seriesKey(current) : ""}
            onChange={(k) => setKey(k)}
          />
          {series.error && <ErrorAlert message={describeError(series.error).message} onRetry={() => void series.refetch()} />}
          {workbench.error && <ErrorAlert message={describeError(workbench.error).message} onRetry={() => void workbench.refetch()} />}
          {!wb && !workbench.error && seriesRows.length > 0 && <div className="skeleton" style={{ height: 360 }} aria-busy="true" />}
          {wb && <WorkbenchView wb={wb} frozen={frozen} onChanged={(next) => utils.forecast.workbench.setData({ versionId: wb.version.id, item: wb.item, location: wb.location }, next)} />}
        </>
      )}
      {creating && (
        <Drawer title={t("newForecast")} onClose={() => setCreating(false)}>
          <p className="subtitle">{t("newForecastHelp")}</p>
          <RunForm
            fields={fields}
            initial={{ name: t("defaultName", { date: new Date().toISOString().slice(0, 10) }), bucket: "week", horizon: "13", holdoutPeriods: "0", backtestWindows: "3" }}
            submitLabel={t("start")}
            onCancel={() => setCreating(false)}
            onSubmit={async (v) => {
              const run = await start.mutateAsync({
                name: String(v.name ?? ""),
                bucket: v.bucket === "month" ? "month" : "week",
                horizon: v.horizon as number,
                method: "auto",
                holdoutPeriods: (v.holdoutPeriods as number | undefined) ?? 0,
                backtestWindows: (v.backtestWindows as number | undefined) ?? 3,
                items: splitList(v.items),
                locations: splitList(v.locations),
              });
              setPendingRun(run.id);
              setCreating(false);
            }}
          />
        </Drawer>
      )}
    </>
  );
}

function SeriesPicker({ rows, loading, value, onChange }: {
  rows: SeriesRow[];
  loading: boolean;
  value: string;
  onChange: (key: string) => void;
}) {
  const t = useTranslations("forecast");
  const fmt = useRunFormat();
  const [filter, setFilter] = useState("");
  const shown = rows.filter((r) => !filter || `${r.item} ${r.location}`.toLowerCase().includes(filter.toLowerCase()));
  const idx = rows.findIndex((r) => seriesKey(r) === value);
  const step = (d: number) => {
    if (!rows.length) return;
    const next = rows[(Math.max(0, idx) + d + rows.length) % rows.length]!;
    onChange(seriesKey(next));
  };
  return (
    <div className="toolbar series-picker">
      <label className="inline-field">
        {t("series")}
        <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="series-select" disabled={loading || !rows.length}>
          {shown.map((r) => {
            const b = (r.backtest ?? {}) as Accuracy;
            return (
              <option key={seriesKey(r)} value={seriesKey(r)}>
                {r.item} × {r.location} — {r.method}
                {b.mase != null ? ` · MASE ${fmt.number(b.mase, 2)}` : ""}
                {b.wape != null ? ` · WAPE ${fmt.number(b.wape, 1)}%` : ""}
              </option>
            );
          })}
        </select>
      </label>
      <button className="btn" onClick={() => step(-1)} aria-label={t("previousSeries")} title={t("previousSeries")} disabled={!rows.length}>
        ‹
      </button>
      <button className="btn" onClick={() => step(1)} aria-label={t("nextSeries")} title={t("nextSeries")} disabled={!rows.length}>
        ›
      </button>
      <label className="inline-field">
        {t("filterSeries")}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t("filterPlaceholder")} data-testid="series-filter" />
      </label>
      <span className="muted">{t("seriesCount", { count: rows.length })}</span>
    </div>
  );
}

function WorkbenchView({ wb, frozen, onChanged }: { wb: Workbench; frozen: boolean; onChanged: (next: Workbench) => void }) {
  const t = useTranslations("forecast");
  const fmt = useRunFormat();
  const bt = (wb.backtest ?? null) as unknown as Accuracy | null;
  const candidates = ((wb.candidates ?? []) as unknown as { method: string; score: number | null; backtest: Accuracy }[]).slice(0, 8);
  const pct = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? t("none") : `${fmt.number(v, 1)} %`);
  const num = (v: number | null | undefined, d = 2) => (v == null || !Number.isFinite(v) ? t("none") : fmt.number(v, d));
  const cov = (l: string) => {
    const v = bt?.coverage?.[l];
    return v == null ? t("none") : fmt.percent(v, 0);
  };
  const exportCsv = () => {
    const periods = wb.version.periods;
    const rows = [
      ["baseline", ...wb.baseline],
      ...(["sales", "marketing", "finance"] as const).map((l) => [l, ...wb.layers[l]]),
      ["consensus", ...wb.consensus],
    ];
    downloadText(`forecast-${wb.item}-${wb.location}.csv`, toCsv(["layer", ...periods], rows));
  };
  return (
    <>
      <section className="panel">
        <div className="toolbar">
          <h2 style={{ margin: 0 }}>
            {wb.item} × {wb.location}
          </h2>
          <span className="spacer" />
          <button className="btn" onClick={exportCsv} data-testid="forecast-csv">
            {t("exportCsv")}
          </button>
        </div>
        <ForecastChart wb={wb} />
      </section>
      <div className="grid2">
        <section className="panel" data-testid="method-card">
          <h3>{t("method")}</h3>
          <p>
            <strong data-testid="method-name">{wb.method}</strong> <code className="muted">{typeof wb.spec === "string" ? wb.spec : JSON.stringify(wb.spec)}</code>
          </p>
          <div className="cards compact-cards">
            <div className="card"><div className="label">MASE</div><div className="value" data-testid="acc-mase">{num(bt?.mase)}</div></div>
            <div className="card"><div className="label">sMAPE</div><div className="value">{pct(bt?.smape)}</div></div>
            <div className="card"><div className="label">WAPE</div><div className="value">{pct(bt?.wape)}</div></div>
            <div className="card"><div className="label">{t("bias")}</div><div className="value">{num(bt?.bias, 1)}</div></div>
            <div className="card"><div className="label">{t("coverage80")}</div><div className="value">{cov("80")}</div></div>
            <div className="card"><div className="label">{t("coverage95")}</div><div className="value">{cov("95")}</div></div>
          </div>
          {!bt && <p className="muted">{t("noBacktest")}</p>}
          {bt?.windows !== undefined && <p className="muted">{t("backtestWindows", { count: bt.windows })}</p>}
        </section>
        <section className="panel" data-testid="candidates">
          <h3>{t("candidates")}</h3>
          {candidates.length === 0 ? (
            <p className="muted">{t("noCandidates")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t("method")}</th>
                  <th className="num">{t("score")}</th>
                  <th className="num">MASE</th>
                  <th className="num">sMAPE</th>
                  <th className="num">WAPE</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.method} className={c.method === wb.method ? "chosen" : undefined}>
                    <td>
                      {c.method}
                      {c.method === wb.method && <span className="badge status-succeeded">{t("chosen")}</span>}
                    </td>
                    <td className="num">{num(c.score, 3)}</td>
                    <td className="num">{num(c.backtest?.mase)}</td>
                    <td className="num">{pct(c.backtest?.smape)}</td>
                    <td className="num">{pct(c.backtest?.wape)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <LayersGrid wb={wb} frozen={frozen} onChanged={onChanged} />
      {wb.fva && <FvaPanel fva={wb.fva} />}
    </>
  );
}

function FvaPanel({ fva }: { fva: { layer: string; wape: number | null }[] }) {
  const t = useTranslations("forecast");
  const fmt = useRunFormat();
  return (
    <section className="panel" data-testid="fva">
      <h2>{t("fva.title")}</h2>
      <p className="muted">{t("fva.help")}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t("fva.step")}</th>
            <th className="num">WAPE</th>
            <th className="num">{t("fva.change")}</th>
            <th>{t("fva.verdict")}</th>
          </tr>
        </thead>
        <tbody>
          {fva.map((row, i) => {
            const prev = i > 0 ? fva[i - 1]!.wape : null;
            const delta = prev != null && row.wape != null ? row.wape - prev : null;
            const verdict = delta === null ? "" : Math.abs(delta) < 1e-9 ? t("fva.neutral") : delta < 0 ? t("fva.helped") : t("fva.hurt");
            return (
              <tr key={row.layer} data-testid={`fva-${row.layer}`}>
                <td>{t(`layers.${row.layer}`)}</td>
                <td className="num">{row.wape == null ? t("none") : fmt.percent(row.wape)}</td>
                <td className="num">{delta == null ? "" : `${delta > 0 ? "+" : ""}${fmt.number(delta * 100, 1)} pp`}</td>
                <td className={delta == null ? "" : delta < -1e-9 ? "fva-good" : delta > 1e-9 ? "fva-bad" : ""}>{verdict}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
