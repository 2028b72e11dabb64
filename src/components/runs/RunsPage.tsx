"use client";
/**
 * Run history: the runs in AG Grid (infinite row model over the cursor/offset API), live progress
 * while any visible run is queued or running, filters (status, kind, requester, date range) and search,
 * an "archived" mark on runs past retention, tick boxes to compare
 * 2–4 runs, and (with runs.write) a drawer to start a simulation of the master-data network.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ColDef, ICellRendererParams } from "ag-grid-community";
import { trpc } from "../../trpc/react.tsx";
import { DataGrid } from "../grid/DataGrid.tsx";
import { Drawer } from "../ui/Drawer.tsx";
import { EntityForm, type FieldDef, type FormValues } from "../ui/EntityForm.tsx";
import { useCan } from "../session/MeContext.tsx";
import type { TGridQuery } from "../../schemas/grid.ts";
import { MAX_RUN_PAGE, RUN_KINDS, RUN_STATUSES } from "../../schemas/runs.ts";
import { useMe } from "../session/MeContext.tsx";
import { ProgressBar, StatusBadge, isActive, useProgressText, useRunFormat, type RunSummary } from "./shared.tsx";

const POLL_MS = 1500;
const MAX_COMPARE = 4;

interface Selection {
  selected: string[];
  toggle: (id: string) => void;
}
const SelectionContext = createContext<Selection>({ selected: [], toggle: () => {} });

function SelectCell(p: ICellRendererParams<RunSummary>) {
  const t = useTranslations("runs");
  const { selected, toggle } = useContext(SelectionContext);
  if (!p.data) return null;
  const checked = selected.includes(p.data.id);
  const full = selected.length >= MAX_COMPARE && !checked;
  return (
    <input
      type="checkbox"
      checked={checked}
      disabled={full || p.data.status !== "succeeded"}
      title={p.data.status !== "succeeded" ? t("compareOnlyFinished") : full ? t("compareMax") : undefined}
      aria-label={t("selectRun", { name: p.data.name })}
      data-testid="run-select"
      onChange={() => toggle(p.data!.id)}
    />
  );
}

function NameCell(p: ICellRendererParams<RunSummary>) {
  const t = useTranslations("runs");
  if (!p.data) return null;
  return (
    <>
      <Link href={`/runs/${p.data.id}`} data-testid="run-link">
        {p.data.name}
      </Link>
      {p.data.archivedAt && <> <span className="badge" title={t("archivedHint")} data-testid="run-archived">{t("archivedBadge")}</span></>}
    </>
  );
}

function StatusCell(p: ICellRendererParams<RunSummary>) {
  return p.data ? <StatusBadge status={p.data.status} /> : null;
}

function ProgressCell(p: ICellRendererParams<RunSummary>) {
  const progressText = useProgressText();
  return p.data ? <ProgressBar value={p.data.progress} title={progressText(p.data.progressMessage)} /> : null;
}

const NEW_RUN_DEFAULTS = { horizonDays: 91, seed: 1, replications: 1, demand: "fitted", warmupDays: 0 };

export function RunsPage() {
  const t = useTranslations("runs");
  const tc = useTranslations("common");
  const tk = useTranslations("runs.kind");
  const fmt = useRunFormat();
  const router = useRouter();
  const utils = trpc.useUtils();
  const canWrite = useCan("runs.write");
  const me = useMe();
  const requesters = trpc.runs.requesters.useQuery();
  const [status, setStatus] = useState("");
  const [kind, setKind] = useState("");
  const [requester, setRequester] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [search, setSearch] = useState("");
  const [refreshKey, setRefreshKey] = useState(0);
  const [total, setTotal] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [live, setLive] = useState(false);
  /** Whether each fetched block (by start row) has a queued or running run. */
  const activeBlocks = useRef(new Map<number, boolean>());
  const lastTotal = useRef(0);
  const startSimulation = trpc.runs.startSimulation.useMutation();
  const created = useRef<string | null>(null);

  const toggle = useCallback(
    (id: string) =>
      setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= MAX_COMPARE ? s : [...s, id])),
    [],
  );
  const selection = useMemo(() => ({ selected, toggle }), [selected, toggle]);

  const fetchPage = useCallback(
    async (q: TGridQuery) => {
      const s = q.sort[0];
      const page = await utils.client.runs.list.query({
        offset: q.startRow,
        limit: Math.min(MAX_RUN_PAGE, Math.max(1, q.endRow - q.startRow)),
        sort: s && (s.colId === "name" || s.colId === "durationMs" || s.colId === "createdAt") ? s.colId : "createdAt",
        direction: s ? s.sort : "desc",
        status: status ? [status as (typeof RUN_STATUSES)[number]] : undefined,
        kind: kind ? [kind as (typeof RUN_KINDS)[number]] : undefined,
        requestedBy: requester || undefined,
        // Whole days in the user's calendar: from the start of `from` to the end of `to`.
        from: from ? new Date(`${from}T00:00:00`) : undefined,
        to: to ? new Date(`${to}T23:59:59.999`) : undefined,
        search: search.trim() || undefined,
        // Counting costs a scan: only for the first block (always fetched on a refresh).
        withTotal: q.startRow === 0,
      });
      if (q.startRow === 0) activeBlocks.current.clear();
      activeBlocks.current.set(q.startRow, page.rows.some((r) => isActive(r.status)));
      setLive([...activeBlocks.current.values()].some(Boolean));
      const limit = q.endRow - q.startRow;
      const total =
        page.total ?? (page.rows.length < limit ? q.startRow + page.rows.length : Math.max(lastTotal.current, q.startRow + page.rows.length + 1));
      lastTotal.current = total;
      return { rows: page.rows, total };
    },
    [utils, status, kind, requester, from, to, search],
  );

  // Live progress: refresh the grid's cache while any visible run is still queued or running.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setRefreshKey((k) => k + 1), POLL_MS);
    return () => clearInterval(timer);
  }, [live]);

  // A new filter or search term fetches from the top (debounced for typing).
  const firstFilter = useRef(true);
  useEffect(() => {
    if (firstFilter.current) {
      firstFilter.current = false;
      return;
    }
    const timer = setTimeout(() => setRefreshKey((k) => k + 1), 250);
    return () => clearTimeout(timer);
  }, [status, kind, requester, from, to, search]);

  const columns = useMemo<ColDef<RunSummary>[]>(
    () => [
      { colId: "select", headerName: "", sortable: false, resizable: false, width: 56, minWidth: 56, maxWidth: 56, flex: 0, cellRenderer: SelectCell, cellClass: "select-cell" },
      { field: "name", headerName: t("columns.name"), cellRenderer: NameCell, flex: 2, minWidth: 180 },
      { field: "kind", headerName: t("columns.kind"), sortable: false, maxWidth: 130, valueFormatter: (p) => (p.value ? (tk.has(p.value) ? tk(p.value) : p.value) : "") },
      { field: "status", headerName: t("columns.status"), sortable: false, maxWidth: 140, cellRenderer: StatusCell },
      { field: "progress", headerName: t("columns.progress"), sortable: false, minWidth: 150, cellRenderer: ProgressCell },
      { field: "requestedByEmail", headerName: t("columns.requestedBy"), sortable: false, minWidth: 170 },
      { field: "createdAt", headerName: t("columns.createdAt"), minWidth: 170, valueFormatter: (p) => (p.value ? fmt.dateTime(p.value) : "") },
      { field: "durationMs", headerName: t("columns.duration"), maxWidth: 130, valueFormatter: (p) => fmt.duration(p.value) },
      { field: "errorMessage", headerName: t("columns.error"), sortable: false, flex: 2, tooltipField: "errorMessage" },
    ],
    [t, tk, fmt],
  );

  const fields = useMemo<FieldDef[]>(
    () => [
      { name: "name", kind: "text", required: true },
      { name: "horizonDays", kind: "integer" },
      { name: "seed", kind: "integer" },
      { name: "replications", kind: "integer" },
      {
        name: "demand", kind: "select",
        options: [
          { value: "fitted", label: t("demand.fitted") },
          { value: "history", label: t("demand.history") },
        ],
      },
      { name: "warmupDays", kind: "integer" },
    ],
    [t],
  );

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle")}</p>
      <div className="toolbar">
        {canWrite ? (
          <button className="btn primary" onClick={() => setCreating(true)} data-testid="new-run">
            {t("newSimulation")}
          </button>
        ) : (
          <span className="badge" data-testid="read-only">{t("readOnly")}</span>
        )}
        <button
          className="btn"
          disabled={selected.length < 2}
          onClick={() => router.push(`/runs/compare?ids=${selected.join(",")}`)}
          data-testid="compare"
          title={t("compareHint")}
        >
          {t("compareSelected", { count: selected.length })}
        </button>
        {selected.length > 0 && (
          <button className="btn" onClick={() => setSelected([])}>
            {tc("clear")}
          </button>
        )}
        <label className="inline-field">
          {t("columns.status")}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="status-filter">
            <option value="">{t("allStatuses")}</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          {t("columns.kind")}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="kind-filter">
            <option value="">{t("allKinds")}</option>
            {RUN_KINDS.filter((k) => k !== "optimise").map((k) => (
              <option key={k} value={k}>
                {tk(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          {t("requestedBy")}
          <select value={requester} onChange={(e) => setRequester(e.target.value)} data-testid="requester-filter">
            <option value="">{t("anyRequester")}</option>
            <option value={me.user.id}>{t("requesterMe")}</option>
            {(requesters.data ?? [])
              .filter((r) => r.id !== me.user.id)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.email}
                </option>
              ))}
          </select>
        </label>
        <label className="inline-field">
          {t("from")}
          <input type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} data-testid="from-filter" />
        </label>
        <label className="inline-field">
          {t("to")}
          <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} data-testid="to-filter" />
        </label>
        <label className="inline-field">
          {tc("search")}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("searchPlaceholder")} data-testid="run-search" />
        </label>
        <span className="spacer" />
        {live && <span className="badge live" data-testid="live">{t("live")}</span>}
        {total !== null && <span className="badge" data-testid="row-count">{tc("rows", { count: total })}</span>}
      </div>
      <SelectionContext.Provider value={selection}>
        <DataGrid<RunSummary>
          columns={columns}
          fetchPage={fetchPage}
          refreshKey={refreshKey}
          onRowActivated={(row) => router.push(`/runs/${row.id}`)}
          emptyText={status || kind || requester || from || to || search ? t("emptyFiltered") : t("empty")}
          onTotal={setTotal}
          testId="runs-grid"
        />
      </SelectionContext.Provider>
      {creating && (
        <Drawer title={t("newSimulation")} onClose={() => setCreating(false)}>
          <p className="subtitle">{t("newSimulationHelp")}</p>
          <EntityForm
            fields={fields}
            initial={NEW_RUN_DEFAULTS}
            onSubmit={async (values: FormValues) => {
              const run = await startSimulation.mutateAsync(values as Parameters<typeof startSimulation.mutateAsync>[0]);
              created.current = run.id;
              return run;
            }}
            onDone={() => {
              setCreating(false);
              if (created.current) router.push(`/runs/${created.current}`);
            }}
            onCancel={() => setCreating(false)}
          />
        </Drawer>
      )}
    </>
  );
}
