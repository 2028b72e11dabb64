"use client";
/**
 * The supply side of a scenario's plan in AG Grid: one row per item × location with a policy, its
 * parameters (the ones its type uses; the type itself read-only) beside the parent's values, with
 * overrides highlighted, and — read-only — the planned receipts or orders per week/month from the
 * scenario's latest succeeded run (or a "Run this scenario" hint when there is none). Editable in
 * draft by users with scenarios.write: each cell edit is one `plan.editSupply` call (one JSON-Patch
 * replace of the policy field) based on the version the user saw when the editor opened, so a
 * stale edit of a field someone else changed comes back as a conflict message with its current
 * value. Emptying an optional field (MOQ, multiple, review period) clears it. Values are checked
 * before sending with the server's rules, in the user's language.
 * Others' edits are picked up from the change feed; CSV export of the rows shown.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { ErrorAlert, ReadOnlyNotice } from "../ui/Alert.tsx";
import { useEditVersion } from "../grid/useEditVersion.ts";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import { AgGridReact } from "ag-grid-react";
import {
  AllCommunityModule, ModuleRegistry, themeQuartz,
  type CellClassParams, type CellEditRequestEvent, type ColDef, type ColGroupDef, type GridApi,
} from "ag-grid-community";
import type { AppRouter } from "../../server/routers/_app.ts";
import { trpc } from "../../trpc/react.tsx";
import { useCan } from "../session/MeContext.tsx";
import { describeError } from "../ui/errors.ts";
import { useFormat } from "../ui/useFormat.ts";
import { downloadText, toCsv } from "../ui/csv.ts";
import { checkPolicyValue, policyFieldPath, type PolicyField, type PolicyIssue } from "../../schemas/supply.ts";

ModuleRegistry.registerModules([AllCommunityModule]);

type Rows = inferRouterOutputs<AppRouter>["plan"]["supplyRows"];
type Row = Rows["rows"][number];
type Bucket = "week" | "month";
type Measure = "receipts" | "orders";

const FEED_MS = 2000;
const RUN_POLL_MS = 1500;
const OVERRIDE_STYLE = { background: "#fff4e0", fontWeight: "600" };
const NA_STYLE = { background: "#f4f6f9", color: "#98a2ae" };
const PARENT_STYLE = { color: "#5b6675" };

const isOverride = (r: Row | undefined, f: PolicyField) =>
  !!r && r.fields.includes(f) && (r.baseline === null || (r.baseline[f] ?? null) !== (r.values[f] ?? null));

export function SupplyGrid({ scenarioId }: { scenarioId: string }) {
  const t = useTranslations("supply");
  const ts = useTranslations("scenarios");
  const tc = useTranslations("common");
  const fmt = useFormat();
  const canWrite = useCan("scenarios.write");
  const canRun = useCan("runs.write");
  const utils = trpc.useUtils();
  const edit = trpc.plan.editSupply.useMutation();
  const startRun = trpc.runs.startScenario.useMutation();

  const [bucket, setBucket] = useState<Bucket>("week");
  const [measure, setMeasure] = useState<Measure>("receipts");
  const [filter, setFilter] = useState("");
  const [data, setData] = useState<Rows | null>(null);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [meta, setMeta] = useState<{ name: string; status: string; version: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  const apiRef = useRef<GridApi<Row> | null>(null);
  /** The version the displayed rows reflect. */
  const { versionRef, editing, takeEditBase, editingHandlers } = useEditVersion();

  const editable = canWrite && meta?.status === "draft";
  const fieldLabel = useCallback((f: PolicyField) => t(`fields.${f}`), [t]);
  const number = useCallback((v: unknown) => fmt.number(v, 2), [fmt]);

  // ——— loading ———
  const load = useCallback(async () => {
    try {
      const res = await utils.client.plan.supplyRows.query({ scenarioId, bucket });
      versionRef.current = res.scenario.version;
      setMeta({ name: res.scenario.name, status: res.scenario.status, version: res.scenario.version });
      setData(res);
      setRows(res.rows);
      setError(null);
      return res;
    } catch (e) {
      setError(describeError(e).message);
      return null;
    }
  }, [utils, scenarioId, bucket]);

  useEffect(() => {
    void load();
  }, [load]);

  // While a run of the scenario is queued or running: poll until its results are there.
  const activeRun = data?.activeRun ?? null;
  useEffect(() => {
    if (!activeRun) return;
    const timer = setInterval(() => void load(), RUN_POLL_MS);
    return () => clearInterval(timer);
  }, [activeRun, load]);

  // Others' edits (and status changes): the change feed, then a reload of the (small) policy rows.
  useEffect(() => {
    let stop = false;
    let busy = false;
    const tick = async () => {
      if (busy || editing.current || !versionRef.current) return;
      busy = true;
      try {
        const feed = await utils.client.plan.changesSince.query({ scenarioId, version: versionRef.current });
        if (stop) return;
        setMeta((m) => (m && m.status !== feed.status ? { ...m, status: feed.status } : m));
        if (feed.version > versionRef.current && !editing.current) await load();
      } catch {
        /* retried on the next tick */
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), FEED_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [utils, scenarioId, load]);

  // ——— editing ———
  const issueText = useCallback(
    (issue: PolicyIssue, row: Row) =>
      t(`invalid.${issue.rule}`, {
        field: fieldLabel(issue.field),
        other: issue.other ? fieldLabel(issue.other) : "",
        limit: issue.limit === undefined ? "" : number(issue.limit),
        type: t(`policyTypes.${row.type}`),
      }),
    [t, fieldLabel, number],
  );

  const setRowValue = useCallback((key: string, field: PolicyField, value: number | null) => {
    setRows((rs) => rs && rs.map((r) => (r.key === key ? { ...r, values: { ...r.values, [field]: value } } : r)));
  }, []);

  const onCellEditRequest = useCallback(
    async (e: CellEditRequestEvent<Row>) => {
      const field = String(e.column.getColId()).replace(/^value-/, "") as PolicyField;
      const base = takeEditBase();
      const row = e.data;
      if (!row || !row.fields.includes(field)) return;
      const raw = String(e.newValue ?? "").replace(/[,\s]/g, "");
      // Emptying a cell clears the field (optional ones only: checked below).
      const value = raw === "" ? null : Number(raw);
      const before = row.values[field] ?? null;
      if (value === before) return;
      setInvalid(null);
      setConflict(null);
      setNotice(null);
      // The server's rules, checked here first so the message is in the user's language.
      const issues = checkPolicyValue({ type: row.type, ...row.values }, field, value);
      if (issues.length) {
        setInvalid(`${row.item} @ ${row.location}: ${issueText(issues[0]!, row)}`);
        return;
      }
      setSaving((n) => n + 1);
      try {
        const res = await edit.mutateAsync({ scenarioId, baseVersion: base, path: policyFieldPath(row.key, field), value });
        setRows((rs) => rs && rs.map((r) => (r.key === res.key ? { ...r, values: { ...r.values, ...res.values } } : r)));
        if (res.version === versionRef.current + 1 || res.applied === 0) versionRef.current = Math.max(versionRef.current, res.version);
        setMeta((m) => (m ? { ...m, version: Math.max(m.version, res.version) } : m));
        setNotice(t("saved", { field: fieldLabel(field), item: row.item, location: row.location, value: value === null ? t("notSet") : number(value), version: res.version }));
      } catch (err) {
        const shown = describeError(err);
        const fe = shown.fieldErrors;
        if (shown.code === "CONFLICT" && fe.currentValue) {
          const current = JSON.parse(fe.currentValue[0] ?? "null") as number | null;
          setConflict(t("conflict", {
            field: fieldLabel(field), item: row.item, location: row.location, base,
            changedIn: fe.changedInVersion?.[0] ?? "none",
            current: current === null ? t("notSet") : number(current), yours: value === null ? t("notSet") : number(value),
          }));
          setRowValue(row.key, field, current);
          void load();
        } else if (shown.code === "CONFLICT") {
          setConflict(shown.message);
          void load();
        } else if (shown.code === "BAD_REQUEST" && fe.policyIssue) {
          setInvalid(`${row.item} @ ${row.location}: ${issueText(JSON.parse(fe.policyIssue[0]!) as PolicyIssue, row)}`);
        } else {
          setError(shown.message);
        }
      } finally {
        setSaving((n) => n - 1);
      }
    },
    [edit, scenarioId, issueText, fieldLabel, number, setRowValue, load, t, takeEditBase],
  );

  const run = async () => {
    setError(null);
    try {
      await startRun.mutateAsync({ scenarioId });
      await load();
    } catch (e) {
      setError(describeError(e).message);
    }
  };

  // ——— columns ———
  const frame = data?.frame ?? null;
  const fields = useMemo(() => (data?.fields ?? []) as PolicyField[], [data?.fields]);
  const columns = useMemo<(ColDef<Row> | ColGroupDef<Row>)[]>(() => {
    const fixed: ColDef<Row>[] = [
      { colId: "item", field: "item", headerName: t("item"), pinned: "left", width: 120, filter: "agTextColumnFilter" },
      { colId: "location", field: "location", headerName: t("location"), pinned: "left", width: 120, filter: "agTextColumnFilter" },
      {
        colId: "type", field: "type", headerName: t("policyType"), pinned: "left", width: 150, editable: false,
        valueFormatter: (p) => (p.value ? t(`policyTypes.${p.value as Row["type"]}`) : ""),
      },
    ];
    const params: ColGroupDef<Row>[] = fields.map((f) => ({
      headerName: fieldLabel(f),
      groupId: `field-${f}`,
      children: [
        {
          colId: `value-${f}`,
          headerName: t("scenarioValue"),
          width: 108,
          type: "numericColumn",
          editable: (p) => editable && !!p.data?.fields.includes(f),
          valueGetter: (p) => (p.data?.fields.includes(f) ? (p.data.values[f] ?? null) : null),
          valueFormatter: (p) => (p.data?.fields.includes(f) ? (p.value === null ? "—" : number(p.value)) : ""),
          tooltipValueGetter: (p) => {
            const r = p.data;
            if (!r) return "";
            if (!r.fields.includes(f)) return t("notApplicable");
            const value = r.values[f] == null ? t("notSet") : number(r.values[f]);
            if (!r.baseline) return t("tooltipNew", { value });
            return t("tooltip", { parent: r.baseline[f] == null ? t("notSet") : number(r.baseline[f]), value });
          },
          cellClassRules: {
            "supply-override": (p: CellClassParams<Row>) => isOverride(p.data, f),
            "supply-na": (p: CellClassParams<Row>) => !!p.data && !p.data.fields.includes(f),
          },
          cellStyle: (p) => (!p.data ? null : !p.data.fields.includes(f) ? NA_STYLE : isOverride(p.data, f) ? OVERRIDE_STYLE : null),
        },
        {
          colId: `parent-${f}`,
          headerName: t("parentValue"),
          width: 84,
          type: "numericColumn",
          editable: false,
          valueGetter: (p) => (p.data?.fields.includes(f) && p.data.baseline ? (p.data.baseline[f] ?? null) : null),
          valueFormatter: (p) => (p.data?.fields.includes(f) ? (p.value === null ? "—" : number(p.value)) : ""),
          cellStyle: (p) => (p.data && !p.data.fields.includes(f) ? NA_STYLE : PARENT_STYLE),
        },
      ],
    }));
    const planned: ColGroupDef<Row>[] = frame
      ? [{
          headerName: t(measure === "receipts" ? "plannedReceipts" : "plannedOrders", { bucket: t(`bucketWord.${bucket}`) }),
          groupId: "planned",
          children: frame.labels.map((label, b) => ({
            colId: `b${b}`,
            headerName: label,
            headerTooltip: `${frame.firstDates[b]} (${frame.lengths[b]}d)`,
            width: 100,
            type: "numericColumn",
            editable: false,
            valueGetter: (p) => p.data?.[measure]?.[b] ?? null,
            valueFormatter: (p) => (p.value === null ? "" : number(p.value)),
            cellStyle: { background: "#f8fafc" },
          })),
        }]
      : [];
    return [...fixed, ...params, ...planned];
  }, [fields, frame, measure, bucket, editable, fieldLabel, number, t]);

  const overrides = useMemo(() => (rows ?? []).reduce((n, r) => n + r.fields.filter((f) => isOverride(r, f)).length, 0), [rows]);

  const exportCsv = () => {
    const api = apiRef.current;
    if (!rows) return;
    const shown: Row[] = [];
    if (api) api.forEachNodeAfterFilterAndSort((n) => n.data && shown.push(n.data));
    else shown.push(...rows);
    const headers = [
      t("item"), t("location"), t("policyType"),
      ...fields.flatMap((f) => [t("csvScenario", { field: fieldLabel(f) }), t("csvParent", { field: fieldLabel(f) })]),
      ...(frame ? frame.labels.map((l) => `${t(measure)} ${l}`) : []),
    ];
    const body = shown.map((r) => [
      r.item, r.location, t(`policyTypes.${r.type}`),
      ...fields.flatMap((f) => (r.fields.includes(f) ? [r.values[f] ?? "", r.baseline?.[f] ?? ""] : ["", ""])),
      ...(frame ? frame.labels.map((_, b) => r[measure]?.[b] ?? "") : []),
    ]);
    downloadText(`supply-${(meta?.name ?? scenarioId).replace(/[^\p{L}\p{N}_-]+/gu, "_")}-${bucket}.csv`, toCsv(headers, body));
  };

  const runInfo = data?.run ?? null;
  const runPanel = () => {
    if (activeRun) {
      return (
        <div className="alert info" data-testid="supply-run-active">
          {t("runActive", { status: activeRun.status, progress: activeRun.progress })}
        </div>
      );
    }
    const runButton = (label: string) => (
      <button
        className="btn primary"
        onClick={() => void run()}
        disabled={!canRun || startRun.isPending}
        title={!canRun ? t("runNoPermission") : undefined}
        data-testid="supply-run"
      >
        {startRun.isPending ? t("runStarting") : label}
      </button>
    );
    if (!runInfo) {
      return (
        <div className="alert info" data-testid="supply-no-run">
          {t("noRun")} {runButton(t("runScenario"))}
          {!canRun && <span className="muted"> {t("runNoPermission")}</span>}
        </div>
      );
    }
    if (runInfo.detail === "noDetail") return <div className="alert info" data-testid="supply-no-detail">{t("noDetail")}</div>;
    const stale = runInfo.scenarioVersion !== null && meta && runInfo.scenarioVersion < meta.version;
    return (
      <p className="subtitle" data-testid="supply-run-info">
        {t.rich("runFrom", {
          name: runInfo.name,
          version: runInfo.scenarioVersion === null ? "none" : String(runInfo.scenarioVersion),
          finished: runInfo.finishedAt ? fmt.dateTime(runInfo.finishedAt) : "—",
          link: (chunks) => <Link href={`/runs/${runInfo.id}`}>{chunks}</Link>,
        })}
        {stale && (
          <>
            {" "}<span data-testid="supply-run-stale">{t("runStale", { runVersion: runInfo.scenarioVersion!, version: meta!.version })}</span>{" "}
            {runButton(t("runAgain"))}
          </>
        )}
      </p>
    );
  };

  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>{t("title")}{meta ? ` — ${meta.name}` : ""}</h1>
        <span className="spacer" />
        <Link href={`/scenarios/${scenarioId}`}>{t("back")}</Link>
      </div>
      <p className="subtitle">{t("subtitle", { bucket: t(`bucketWord.${bucket}`) })}</p>
      <div className="toolbar">
        <label className="inline-field">
          {t("bucket")}
          <select value={bucket} onChange={(e) => setBucket(e.target.value as Bucket)} data-testid="supply-bucket">
            <option value="week">{t("week")}</option>
            <option value="month">{t("month")}</option>
          </select>
        </label>
        <label className="inline-field">
          {t("measure")}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} data-testid="supply-measure">
            <option value="receipts">{t("receipts")}</option>
            <option value="orders">{t("orders")}</option>
          </select>
        </label>
        <input type="search" placeholder={t("filter")} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={t("filter")} data-testid="supply-filter" />
        <button className="btn" onClick={exportCsv} disabled={!rows?.length} data-testid="supply-csv">{t("exportCsv")}</button>
        <span className="spacer" />
        {meta && (
          <span className="badge" data-testid="supply-version" data-version={meta.version}>
            {t("version", { version: meta.version })} · {t("status", { status: ts(`status.${meta.status}`) })}
          </span>
        )}
        {saving > 0 && <span className="badge live">{t("saving")}</span>}
      </div>
      {meta && !editable && (
        <ReadOnlyNotice testId="supply-read-only" message={!canWrite ? t("readOnlyRole") : t("readOnlyStatus", { status: ts(`status.${meta.status}`) })} />
      )}
      {conflict && <ErrorAlert testId="supply-conflict" title={t("conflictTitle")} actionLabel={t("dismiss")} onAction={() => setConflict(null)}>{conflict}</ErrorAlert>}
      {invalid && <ErrorAlert testId="supply-invalid" title={t("invalidTitle")} actionLabel={t("dismiss")} onAction={() => setInvalid(null)}>{invalid}</ErrorAlert>}
      {error && <ErrorAlert actionLabel={tc("retry")} onAction={() => { setError(null); void load(); }}>{error}</ErrorAlert>}
      {notice && <p className="muted" role="status" data-testid="supply-notice">{notice}</p>}
      {data && rows && rows.length > 0 && runPanel()}
      {!rows ? (
        !error && <div className="skeleton" style={{ height: 560 }} aria-busy="true" data-testid="supply-loading" />
      ) : rows.length === 0 ? (
        <p className="empty" data-testid="supply-empty">{t("empty")}</p>
      ) : (
        <>
          <div
            className="grid-host"
            style={{ height: 560 }}
            data-testid="supply-grid"
            data-rows={rows.length}
            data-version={meta?.version ?? ""}
            data-editable={editable ? "true" : "false"}
          >
            <AgGridReact<Row>
              theme={themeQuartz}
              rowData={rows}
              columnDefs={columns}
              getRowId={(p) => p.data.key}
              readOnlyEdit
              onCellEditRequest={(e) => void onCellEditRequest(e)}
              {...editingHandlers}
              quickFilterText={filter.trim()}
              defaultColDef={{ resizable: true, sortable: true, suppressMovable: true, editable: false }}
              singleClickEdit={false}
              enterNavigatesVerticallyAfterEdit
              stopEditingWhenCellsLoseFocus
              tooltipShowDelay={300}
              onGridReady={(e) => {
                apiRef.current = e.api;
              }}
            />
          </div>
          <p className="subtitle" data-testid="supply-row-count">
            {t("rowsCount", { count: rows.length })} · <span data-testid="supply-overrides">{t("overrides", { count: overrides })}</span>
          </p>
        </>
      )}
    </>
  );
}
