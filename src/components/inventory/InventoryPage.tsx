"use client";
/**
 * Recommended inventory policies: pick an optimisation run (or start one), read the summary, the
 * recommendations against the current policies, the investment ↔ service trade-off of the network
 * or one item, validate a chosen row by simulation (promised vs achieved with 95% confidence
 * intervals), and apply chosen rows to the policies table (audited).
 */
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { EChartsOption } from "echarts";
import type { inferRouterOutputs } from "@trpc/server";
import { AgGridReact } from "ag-grid-react";
import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef } from "ag-grid-community";
import type { AppRouter } from "../../server/routers/_app.ts";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import { Chart } from "../charts/Chart.tsx";
import { Drawer } from "../ui/Drawer.tsx";
import { describeError } from "../ui/errors.ts";
import { downloadText, toCsv } from "../ui/csv.ts";
import { ErrorAlert, useRunFormat } from "../runs/shared.tsx";
import { RunForm, RunProgress, type RunField } from "../forecast/RunParts.tsx";

ModuleRegistry.registerModules([AllCommunityModule]);

type Outputs = inferRouterOutputs<AppRouter>;
type Recs = Outputs["inventory"]["recommendations"];
type Rec = Recs["rows"][number];
type Validation = Outputs["inventory"]["validate"];

export function InventoryPage() {
  const t = useTranslations("inventory");
  const utils = trpc.useUtils();
  const canStart = useCan("runs.write");
  const runs = trpc.runs.list.useQuery({ kind: ["inventory"], status: ["succeeded"], limit: 100, sort: "createdAt", direction: "desc" });
  const [runId, setRunId] = useState("");
  const [creating, setCreating] = useState(false);
  const [pendingRun, setPendingRun] = useState<string | null>(null);
  const start = trpc.inventory.start.useMutation();
  const list = runs.data?.rows ?? [];
  const run = list.find((r) => r.id === runId) ?? list[0];
  useEffect(() => {
    if (!runId && list[0]) setRunId(list[0].id);
  }, [runId, list]);

  const onSucceeded = useCallback(
    async (id: string) => {
      await utils.runs.list.invalidate();
      setRunId(id);
    },
    [utils],
  );

  const fields = useMemo<RunField[]>(
    () => [
      { name: "name", label: t("form.name"), kind: "text", required: true },
      { name: "serviceKind", label: t("form.serviceKind"), kind: "select", options: [{ value: "cycle", label: t("serviceKinds.cycle") }, { value: "fillRate", label: t("serviceKinds.fillRate") }] },
      { name: "targetPct", label: t("form.targetPct"), kind: "number", required: true },
      { name: "holdingPct", label: t("form.holdingPct"), kind: "number", required: true },
      { name: "orderingCost", label: t("form.orderingCost"), kind: "number", required: true },
    ],
    [t],
  );

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle")}</p>
      <div className="toolbar">
        {list.length > 0 && (
          <label className="inline-field">
            {t("run")}
            <select value={run?.id ?? ""} onChange={(e) => setRunId(e.target.value)} data-testid="inventory-run-select">
              {list.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="spacer" />
        {canStart ? (
          <button className="btn primary" onClick={() => setCreating(true)} data-testid="new-optimisation">
            {t("optimise")}
          </button>
        ) : (
          <span className="badge" data-testid="read-only">{t("readOnly")}</span>
        )}
      </div>
      {pendingRun && <RunProgress runId={pendingRun} onSucceeded={onSucceeded} onDismiss={() => setPendingRun(null)} testId="inventory-run" />}
      {runs.error && <ErrorAlert message={describeError(runs.error).message} onRetry={() => void runs.refetch()} />}
      {runs.isLoading && <div className="skeleton" style={{ height: 320 }} aria-busy="true" />}
      {runs.data && list.length === 0 && (
        <div className="empty panel" data-testid="inventory-empty">
          <p>{t("empty")}</p>
          {canStart && (
            <button className="btn primary" onClick={() => setCreating(true)}>
              {t("optimise")}
            </button>
          )}
        </div>
      )}
      {run && <Recommendations key={run.id} runId={run.id} />}
      {creating && (
        <Drawer title={t("optimise")} onClose={() => setCreating(false)}>
          <p className="subtitle">{t("optimiseHelp")}</p>
          <RunForm
            fields={fields}
            initial={{ name: t("defaultName", { date: new Date().toISOString().slice(0, 10) }), serviceKind: "cycle", targetPct: "95", holdingPct: "20", orderingCost: "50" }}
            fieldAlias={{ serviceTarget: "targetPct", holdingRatePerYear: "holdingPct" }}
            submitLabel={t("start")}
            onCancel={() => setCreating(false)}
            onSubmit={async (v) => {
              const r = await start.mutateAsync({
                name: String(v.name ?? ""),
                serviceKind: v.serviceKind === "fillRate" ? "fillRate" : "cycle",
                serviceTarget: (v.targetPct as number) / 100,
                holdingRatePerYear: (v.holdingPct as number) / 100,
                orderingCost: v.orderingCost as number,
              });
              setPendingRun(r.id);
              setCreating(false);
            }}
          />
        </Drawer>
      )}
    </>
  );
}

function Recommendations({ runId }: { runId: string }) {
  const t = useTranslations("inventory");
  const tc = useTranslations("common");
  const fmt = useRunFormat();
  const utils = trpc.useUtils();
  const canApply = useCan("masterdata.write");
  const q = trpc.inventory.recommendations.useQuery({ id: runId });
  const [selected, setSelected] = useState<Rec[]>([]);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const apply = trpc.inventory.applyRecommendations.useMutation({
    onSuccess: (r) => {
      setNotice({ kind: "ok", text: t("applied", { count: r.applied }) });
      void utils.inventory.recommendations.invalidate();
    },
    onError: (e) => setNotice({ kind: "error", text: describeError(e).message }),
  });
  // Drafts the recommendations can go into, through the scenario's diff.
  const canEditScenarios = useCan("scenarios.write");
  const drafts = trpc.scenarios.list.useQuery({ status: "draft" }, { enabled: canEditScenarios });
  const [scenarioId, setScenarioId] = useState("");
  const applyToScenario = trpc.inventory.applyToScenario.useMutation({
    onSuccess: (r) => setNotice({ kind: "ok", text: t("appliedToScenario", { count: r.applied }) }),
    onError: (e) => setNotice({ kind: "error", text: describeError(e).message }),
  });
  // Validation by simulation of one chosen row: a computation the user starts (runs.write).
  const canValidate = useCan("runs.write");
  const [validation, setValidation] = useState<Validation | null>(null);
  const validate = trpc.inventory.validate.useMutation({
    onSuccess: (r) => setValidation(r),
    onError: (e) => setNotice({ kind: "error", text: describeError(e).message }),
  });
  const policyLabel = (type: string | null | undefined) => (type ? fmt.enumLabel("policyTypes", type) : "");
  const levels = (c: Rec["current"]) =>
    [
      c.reorderPoint != null ? `r ${fmt.number(c.reorderPoint, 1)}` : null,
      c.orderQuantity != null ? `Q ${fmt.number(c.orderQuantity, 1)}` : null,
      c.orderUpTo != null ? `S ${fmt.number(c.orderUpTo, 1)}` : null,
    ].filter(Boolean).join(" · ");

  const columns = useMemo<ColDef<Rec>[]>(
    () => [
      { field: "item", headerName: t("cols.item"), pinned: "left", minWidth: 120, filter: "agTextColumnFilter" },
      { field: "location", headerName: t("cols.location"), pinned: "left", minWidth: 120, filter: "agTextColumnFilter" },
      { field: "locationType", headerName: t("cols.type"), maxWidth: 110, valueFormatter: (p) => fmt.enumLabel("locationTypes", p.value) },
      { field: "demandMean", headerName: t("cols.demandMean"), type: "numericColumn", valueFormatter: (p) => fmt.number(p.value, 2) },
      { field: "demandSd", headerName: t("cols.demandSd"), type: "numericColumn", valueFormatter: (p) => fmt.number(p.value, 2) },
      { field: "leadTimeDays", headerName: t("cols.leadTime"), type: "numericColumn", maxWidth: 120, valueFormatter: (p) => fmt.number(p.value, 1) },
      { colId: "currentType", headerName: t("cols.currentType"), valueGetter: (p) => policyLabel(p.data?.current.policyType), minWidth: 150 },
      { colId: "currentLevels", headerName: t("cols.currentLevels"), valueGetter: (p) => (p.data ? levels(p.data.current) : ""), minWidth: 170 },
      { field: "reorderPoint", headerName: t("cols.reorderPoint"), type: "numericColumn", valueFormatter: (p) => fmt.number(p.value, 1), cellClass: "rec" },
      { field: "orderQuantity", headerName: t("cols.orderQuantity"), type: "numericColumn", valueFormatter: (p) => fmt.number(p.value, 1), cellClass: "rec" },
      { field: "orderUpToLevel", headerName: t("cols.orderUpTo"), type: "numericColumn", valueFormatter: (p) => fmt.number(p.value, 1), cellClass: "rec" },
      { field: "safetyStock", headerName: t("cols.safetyStock"), type: "numericColumn", valueFormatter: (p) => fmt.number(p.value, 1), cellClass: "rec" },
      { field: "inventoryInvestment", headerName: t("cols.investment"), type: "numericColumn", minWidth: 130, valueFormatter: (p) => fmt.money(p.value) },
      { field: "expectedCycleServiceLevel", headerName: t("cols.csl"), type: "numericColumn", valueFormatter: (p) => (p.value == null ? "" : fmt.percent(p.value)) },
      { field: "expectedFillRate", headerName: t("cols.fillRate"), type: "numericColumn", valueFormatter: (p) => (p.value == null ? "" : fmt.percent(p.value)) },
      { field: "exact", headerName: t("cols.exact"), maxWidth: 100, valueFormatter: (p) => (p.value ? "✓" : t("approx")) },
      { field: "status", headerName: t("cols.status"), maxWidth: 130, valueFormatter: (p) => (p.value ? t(`status.${p.value}`) : "") },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, fmt],
  );

  if (q.error) return <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />;
  if (!q.data) return <div className="skeleton" style={{ height: 400 }} aria-busy="true" />;
  const data = q.data;
  const rows = data.rows;
  const params = data.params as { serviceKind: "cycle" | "fillRate"; serviceTarget: number; holdingRatePerYear: number; orderingCost: number };
  const totalInvestment = rows.reduce((a, r) => a + (r.status === "ok" ? r.inventoryInvestment : 0), 0);
  const weight = rows.reduce((a, r) => a + (r.status === "ok" ? r.demandMean : 0), 0);
  const wavg = (f: (r: Rec) => number) => (weight > 0 ? rows.reduce((a, r) => a + (r.status === "ok" ? r.demandMean * f(r) : 0), 0) / weight : null);
  const fill = wavg((r) => r.expectedFillRate);
  const csl = wavg((r) => r.expectedCycleServiceLevel);
  const applicable = selected.filter((r) => r.status === "ok");
  const toValidate = selected.length === 1 && selected[0]!.status === "ok" ? selected[0]! : null;

  const exportCsv = () => {
    const headers = ["item", "location", "locationType", "demandMean", "demandSd", "leadTimeDays", "currentPolicyType", "currentReorderPoint", "currentOrderQuantity", "currentOrderUpTo", "currentSafetyStock", "reorderPoint", "orderQuantity", "orderUpToLevel", "safetyStock", "inventoryInvestment", "expectedCycleServiceLevel", "expectedFillRate", "holdingCostPerYear", "orderingCostPerYear", "exact", "status"];
    const body = rows.map((r) => [r.item, r.location, r.locationType, r.demandMean, r.demandSd, r.leadTimeDays, r.current.policyType, r.current.reorderPoint, r.current.orderQuantity, r.current.orderUpTo, r.current.safetyStock, r.reorderPoint, r.orderQuantity, r.orderUpToLevel, r.safetyStock, r.inventoryInvestment, r.expectedCycleServiceLevel, r.expectedFillRate, r.holdingCostPerYear, r.orderingCostPerYear, r.exact, r.status]);
    downloadText(`inventory-recommendations-${runId.slice(0, 8)}.csv`, toCsv(headers, body));
  };

  return (
    <>
      <p className="muted" data-testid="inventory-params">
        {t("paramsLine", {
          kind: t(`serviceKinds.${params.serviceKind}`),
          target: fmt.percent(params.serviceTarget, 1),
          holding: fmt.percent(params.holdingRatePerYear, 0),
          ordering: fmt.money(params.orderingCost),
        })}
      </p>
      <div className="cards">
        <div className="card" data-testid="summary-rows"><div className="label">{t("summary.rows")}</div><div className="value">{fmt.number(rows.length, 0)}</div></div>
        <div className="card" data-testid="summary-investment"><div className="label">{t("summary.investment")}</div><div className="value">{fmt.money(totalInvestment)}</div></div>
        <div className="card" data-testid="summary-fill"><div className="label">{t("summary.fillRate")}</div><div className="value">{fill == null ? tc("none") : fmt.percent(fill)}</div></div>
        <div className="card" data-testid="summary-csl"><div className="label">{t("summary.csl")}</div><div className="value">{csl == null ? tc("none") : fmt.percent(csl)}</div></div>
      </div>
      {notice && (
        <div className={`alert ${notice.kind}`} role="status" data-testid="apply-notice" onClick={() => setNotice(null)}>
          {notice.text}
        </div>
      )}
      <section className="panel">
        <div className="toolbar">
          <h2 style={{ margin: 0 }}>{t("recommendations")}</h2>
          <span className="spacer" />
          <span className="badge" data-testid="selected-count">{t("selectedCount", { count: selected.length })}</span>
          <button
            className="btn primary"
            data-testid="apply"
            disabled={!canApply || applicable.length === 0 || apply.isPending}
            title={!canApply ? t("applyForbidden") : applicable.length === 0 ? t("applyNothing") : undefined}
            onClick={() => {
              if (window.confirm(t("confirmApply", { count: applicable.length }))) {
                setNotice(null);
                apply.mutate({ id: runId, policyIds: applicable.map((r) => r.policyId) });
              }
            }}
          >
            {t("apply")}
          </button>
          {canEditScenarios && (
            <>
              <select
                aria-label={t("scenario")}
                data-testid="apply-scenario-select"
                value={scenarioId}
                onChange={(e) => setScenarioId(e.target.value)}
              >
                <option value="">{t("chooseScenario")}</option>
                {(drafts.data ?? []).map((sc) => (
                  <option key={sc.id} value={sc.id}>{sc.name}</option>
                ))}
              </select>
              <button
                className="btn"
                data-testid="apply-scenario"
                disabled={!scenarioId || applicable.length === 0 || applyToScenario.isPending}
                title={!scenarioId ? t("chooseScenario") : applicable.length === 0 ? t("applyNothing") : undefined}
                onClick={() => {
                  if (window.confirm(t("confirmApplyScenario", { count: applicable.length }))) {
                    setNotice(null);
                    applyToScenario.mutate({ id: runId, policyIds: applicable.map((r) => r.policyId), scenarioId });
                  }
                }}
              >
                {t("applyToScenario")}
              </button>
            </>
          )}
          <button
            className="btn"
            data-testid="validate-simulation"
            disabled={!canValidate || !toValidate || validate.isPending}
            aria-busy={validate.isPending}
            title={!canValidate ? t("validation.forbidden") : !toValidate ? t("validation.selectOne") : undefined}
            onClick={() => {
              if (!toValidate) return;
              setNotice(null);
              setValidation(null);
              validate.mutate({ id: runId, policyId: toValidate.policyId });
            }}
          >
            {validate.isPending ? t("validation.running") : t("validation.action")}
          </button>
          <button className="btn" onClick={exportCsv} data-testid="inventory-csv">
            {tc("exportCsv")}
          </button>
        </div>
        {!canApply && <p className="muted">{t("applyForbidden")}</p>}
        {!canValidate && <p className="muted">{t("validation.forbidden")}</p>}
        <div className="grid-host" style={{ height: 460 }} data-testid="recommendations-grid">
          <AgGridReact<Rec>
            theme={themeQuartz}
            rowData={rows}
            columnDefs={columns}
            defaultColDef={{ sortable: true, resizable: true, minWidth: 110, flex: 1 }}
            getRowId={(p) => p.data.policyId}
            rowSelection={{ mode: "multiRow", checkboxes: true, headerCheckbox: true, enableClickSelection: false, isRowSelectable: (n) => n.data?.status === "ok" }}
            onSelectionChanged={(e) => setSelected(e.api.getSelectedRows())}
            overlayNoRowsTemplate={`<span>${t("noRows")}</span>`}
          />
        </div>
      </section>
      {validate.isPending && (
        <section className="panel" data-testid="validation-busy" aria-busy="true">
          <p className="muted" role="status">{t("validation.runningLong")}</p>
          <div className="skeleton" style={{ height: 120 }} />
        </section>
      )}
      {validation && !validate.isPending && <ValidationResult result={validation} onClose={() => setValidation(null)} />}
      <TradeOff runId={runId} network={data.network} target={params.serviceTarget} serviceKind={params.serviceKind} items={[...new Set(rows.map((r) => r.item))].sort()} />
    </>
  );
}

/** Decimal places that tell a confidence interval's bounds apart (one more than its half-width needs). */
function digitsFor(halfWidth: number, min: number, max: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return min;
  return Math.max(min, Math.min(max, Math.ceil(-Math.log10(halfWidth)) + 1));
}

const VALIDATED_METRICS = ["fillRate", "cycleServiceLevel", "averageOnHand", "costPerDay"] as const;

/** Promised vs achieved of one validated recommendation, with the 95% interval and a pass mark. */
function ValidationResult({ result, onClose }: { result: Validation; onClose: () => void }) {
  const t = useTranslations("inventory");
  const format = useFormatter();
  const currency = useMe().current?.currency ?? "USD";
  const fmt = (name: (typeof VALIDATED_METRICS)[number], v: number, halfWidth: number) => {
    if (name === "fillRate" || name === "cycleServiceLevel") {
      const digits = digitsFor(halfWidth * 100, 1, 4);
      return format.number(v, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    const digits = digitsFor(halfWidth, 0, 4);
    return name === "costPerDay"
      ? format.number(v, { style: "currency", currency, maximumFractionDigits: Math.max(digits, 2) })
      : format.number(v, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  };
  const judged = VALIDATED_METRICS.map((n) => result.metrics[n]).filter((m) => m?.withinCi != null);
  const outside = judged.filter((m) => m!.withinCi === false).length;
  return (
    <section className="panel" data-testid="validation" data-within-ci={String(result.withinCi)}>
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>{t("validation.title", { item: result.item, location: result.location })}</h2>
        <span className="spacer" />
        <button className="btn" onClick={onClose} data-testid="validation-close">{t("validation.close")}</button>
      </div>
      <p className="muted">
        {t("validation.settings", {
          replications: result.replications,
          days: format.number(result.horizonDays),
          warmup: format.number(result.warmupDays),
          seed: result.seed,
        })}
      </p>
      <p className="muted">{t("validation.help")}</p>
      <table className="table" data-testid="validation-table">
        <thead>
          <tr>
            <th>{t("validation.metric")}</th>
            <th>{t("validation.promised")}</th>
            <th>{t("validation.achieved")}</th>
            <th>{t("validation.ci")}</th>
            <th>{t("validation.result")}</th>
          </tr>
        </thead>
        <tbody>
          {VALIDATED_METRICS.map((name) => {
            const m = result.metrics[name];
            if (!m) return null;
            return (
              <tr key={name} data-testid={`validation-${name}`} data-within-ci={String(m.withinCi)}>
                <th scope="row">{t(`validation.metrics.${name}`)}</th>
                <td className="num">{m.promised == null ? t("validation.notPromised") : fmt(name, m.promised, m.halfWidth)}</td>
                <td className="num">{fmt(name, m.mean, m.halfWidth)}</td>
                <td className="num">{t("validation.ciRange", { low: fmt(name, m.low, m.halfWidth), high: fmt(name, m.high, m.halfWidth) })}</td>
                <td>
                  {m.withinCi == null ? (
                    <span className="muted">{t("validation.notJudged")}</span>
                  ) : m.withinCi ? (
                    <span className="badge status-succeeded">{t("validation.within")}</span>
                  ) : (
                    <span className="badge off">{t("validation.outside")}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {judged.length > 0 && (
        <div className={`alert ${outside === 0 ? "ok" : "error"}`} role="status" data-testid="validation-verdict">
          {outside === 0 ? t("validation.verdictPass") : t("validation.verdictFail", { count: outside })}
        </div>
      )}
      {!result.exact && <p className="muted">{t("validation.approximate")}</p>}
    </section>
  );
}

function TradeOff({ runId, network, target, serviceKind, items }: {
  runId: string;
  network: Recs["network"];
  target: number;
  serviceKind: "cycle" | "fillRate";
  items: string[];
}) {
  const t = useTranslations("inventory");
  const fmt = useRunFormat();
  const [item, setItem] = useState("");
  const q = trpc.inventory.tradeOff.useQuery({ id: runId, item }, { enabled: Boolean(item) });
  const itemPoints = item ? q.data?.points : undefined;
  const line = (name: string, pts: Recs["network"], color: string) => ({
    name,
    type: "line" as const,
    data: pts.map((p) => [p.investment, p.achievedService, p.target]),
    symbolSize: (v: number[]) => (Math.abs(v[2]! - target) < 1e-9 ? 14 : 6),
    lineStyle: { color },
    itemStyle: { color },
    markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed" as const, color: "#ea580c" }, label: { position: "insideEndTop" as const, formatter: t("targetLine", { target: fmt.percent(target, 1) }) }, data: [{ yAxis: target }] },
  });
  const option: EChartsOption = {
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const v = (p as { value: number[]; seriesName: string }).value;
        return `${(p as { seriesName: string }).seriesName}<br/>${t("tooltipTarget")}: ${fmt.percent(v[2]!, 1)}<br/>${t("tooltipInvestment")}: ${fmt.money(v[0])}<br/>${t("tooltipService")}: ${fmt.percent(v[1]!, 2)}`;
      },
    },
    legend: { top: 0 },
    grid: { left: 90, right: 24, top: 40, bottom: 50 },
    xAxis: { type: "value", name: t("axisInvestment"), nameLocation: "middle", nameGap: 30, scale: true, axisLabel: { formatter: (v: number) => fmt.money(v) } },
    yAxis: { type: "value", name: t(`axisService.${serviceKind}`), scale: true, axisLabel: { formatter: (v: number) => fmt.percent(v, 0) } },
    series: [
      line(t("network"), network, "#2563eb"),
      ...(itemPoints ? [{ ...line(item, itemPoints, "#16a34a"), markLine: undefined }] : []),
    ] as EChartsOption["series"],
  };
  // The item's investment is far below the network's: give it its own axis when shown.
  if (itemPoints) {
    option.xAxis = [option.xAxis as object, { type: "value", name: item, position: "top", scale: true, axisLabel: { formatter: (v: number) => fmt.money(v) } }] as EChartsOption["xAxis"];
    (option.series as { xAxisIndex?: number }[])[1]!.xAxisIndex = 1;
    option.grid = { left: 90, right: 24, top: 70, bottom: 50 };
    option.legend = { top: 0, left: 0 };
  }
  return (
    <section className="panel">
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>{t("tradeOff")}</h2>
        <span className="spacer" />
        <label className="inline-field">
          {t("tradeOffItem")}
          <select value={item} onChange={(e) => setItem(e.target.value)} data-testid="tradeoff-item">
            <option value="">{t("networkOnly")}</option>
            {items.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
        {item && q.isFetching && <span className="badge">{t("loading")}</span>}
      </div>
      <p className="muted">{t("tradeOffHelp")}</p>
      {q.error && <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />}
      <div data-testid="tradeoff-chart" data-item={itemPoints ? item : ""} data-points={network.length + (itemPoints?.length ?? 0)}>
        <Chart option={option} height={340} />
      </div>
    </section>
  );
}
