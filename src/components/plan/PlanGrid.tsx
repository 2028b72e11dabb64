"use client";
/**
 * The collaborative plan grid: a scenario's demand plan by item × location × week/month in AG Grid
 * (client-side row model, virtualised rows; the final value per bucket, with baseline and override
 * in the tooltip and overrides highlighted). Editable in draft for users with scenarios.write: each
 * cell edit is one small `plan.editCell` call based on the version the user saw when they started
 * editing, so a stale edit of a cell someone else changed comes back as a conflict message with the
 * current value. The change feed is polled every second and changed rows are refetched; undo/redo
 * of the user's own edits (Ctrl+Z / Ctrl+Y or the buttons), presence, and comments on a cell.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AgGridReact } from "ag-grid-react";
import {
  AllCommunityModule, ModuleRegistry, themeQuartz,
  type CellEditRequestEvent, type CellFocusedEvent, type ColDef, type GridApi, type ValueFormatterParams,
} from "ag-grid-community";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import { describeError } from "../ui/errors.ts";
import { useFormat } from "../ui/useFormat.ts";

ModuleRegistry.registerModules([AllCommunityModule]);

const POLL_MS = 1000;
const PRESENCE_MS = 5000;
const ALL = "*";

interface PlanRow {
  key: string;
  item: string;
  location: string;
  aggregate: boolean;
  baseline: number[];
  final: number[];
}
interface Frame {
  bucket: "week" | "month";
  labels: string[];
  firstDates: string[];
  lengths: number[];
}
interface UndoEntry {
  item: string;
  location: string;
  bucket: "week" | "month";
  bucketIndex: number;
  before: number;
  after: number;
  /** The version this entry's value was written in (the base of its inverse). */
  version: number;
}
interface Comment {
  id: string;
  target: string;
  body: string;
  authorName: string | null;
  createdAt: string;
}

const cellTarget = (item: string, location: string, label: string) => `${item}@${location}#${label}`;

export function PlanGrid({ scenarioId }: { scenarioId: string }) {
  const t = useTranslations("plan");
  const tc = useTranslations("common");
  const fmt = useFormat();
  const me = useMe();
  const canWrite = useCan("scenarios.write");
  const canComment = useCan("scenarios.comment");
  const utils = trpc.useUtils();
  const editCell = trpc.plan.editCell.useMutation();
  const heartbeat = trpc.plan.presence.useMutation();
  const addComment = trpc.scenarios.addComment.useMutation();

  const apiRef = useRef<GridApi<PlanRow> | null>(null);
  const [bucket, setBucket] = useState<"week" | "month">("week");
  const [aggregates, setAggregates] = useState(false);
  const [filter, setFilter] = useState("");
  const [rows, setRows] = useState<PlanRow[] | null>(null);
  const [frame, setFrame] = useState<Frame | null>(null);
  const [meta, setMeta] = useState<{ name: string; status: string; version: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [undo, setUndo] = useState<UndoEntry[]>([]);
  const [redo, setRedo] = useState<UndoEntry[]>([]);
  const [present, setPresent] = useState<{ userId: string; name: string; state: string }[]>([]);
  const [comments, setComments] = useState<Comment[]>([]);
  const [target, setTarget] = useState<string | null>(null);
  const [draftComment, setDraftComment] = useState("");

  /** The version the displayed rows reflect (the change feed's cursor). */
  const versionRef = useRef(0);
  /** The version a cell edit is based on: what the user saw when the editor opened. */
  const editBase = useRef<number | null>(null);
  const editing = useRef(false);
  const lastEditAt = useRef(0);
  const commentCount = useRef<number | null>(null);
  const bucketRef = useRef(bucket);
  bucketRef.current = bucket;
  const aggRef = useRef(aggregates);
  aggRef.current = aggregates;

  const editable = canWrite && meta?.status === "draft";

  // ——— loading ———
  const loadAll = useCallback(async () => {
    try {
      const res = await utils.client.plan.rows.query({ scenarioId, bucket, aggregates });
      versionRef.current = res.scenario.version;
      setMeta({ name: res.scenario.name, status: res.scenario.status, version: res.scenario.version });
      setFrame(res.frame);
      setRows(res.rows);
      setError(null);
    } catch (e) {
      setError(describeError(e).message);
    }
  }, [utils, scenarioId, bucket, aggregates]);

  useEffect(() => {
    setUndo([]);
    setRedo([]);
    void loadAll();
  }, [loadAll]);

  const loadComments = useCallback(async () => {
    try {
      setComments(await utils.client.plan.comments.query({ scenarioId }));
    } catch {
      /* shown on the next poll */
    }
  }, [utils, scenarioId]);

  const applyRows = useCallback((changed: PlanRow[], flash = false) => {
    const api = apiRef.current;
    if (!api || !changed.length) return;
    const update = changed.filter((r) => api.getRowNode(r.key));
    const add = changed.filter((r) => !api.getRowNode(r.key));
    api.applyTransaction({ update, add });
    if (flash) api.flashCells({ rowNodes: update.map((r) => api.getRowNode(r.key)!).filter(Boolean) });
  }, []);

  // ——— the change feed: every second, refetch the rows others changed ———
  const polling = useRef(false);
  useEffect(() => {
    let stop = false;
    const tick = async () => {
      if (polling.current || editing.current || !versionRef.current) return;
      polling.current = true;
      try {
        const from = versionRef.current;
        const feed = await utils.client.plan.changesSince.query({ scenarioId, version: from });
        if (stop) return;
        setMeta((m) => (m && (m.status !== feed.status || m.version !== Math.max(feed.version, m.version)) ? { ...m, status: feed.status, version: Math.max(feed.version, m.version) } : m));
        if (commentCount.current !== feed.comments.count) {
          commentCount.current = feed.comments.count;
          void loadComments();
        }
        if (!feed.changes.length || versionRef.current !== from) return;
        const last = feed.changes[feed.changes.length - 1]!;
        if (feed.changes.some((c) => c.all)) {
          await loadAll();
        } else {
          const keys = [...new Set(feed.changes.flatMap((c) => c.keys))];
          if (keys.length) {
            const res = await utils.client.plan.rows.query({ scenarioId, bucket: bucketRef.current, aggregates: aggRef.current, keys });
            if (stop || versionRef.current !== from) return;
            applyRows(res.rows, true);
          }
          versionRef.current = feed.more ? last.version : Math.max(last.version, feed.version);
        }
        const others = feed.changes.filter((c) => c.actorId !== me.user.id);
        if (others.length) {
          const o = others[others.length - 1]!;
          setNotice(t("remoteEdit", { name: o.actorName ?? "?", count: new Set(others.flatMap((c) => c.keys)).size, version: o.version }));
        }
      } catch {
        /* a missed poll is retried on the next tick */
      } finally {
        polling.current = false;
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [utils, scenarioId, loadAll, loadComments, applyRows, me.user.id, t]);

  // ——— presence heartbeat ———
  useEffect(() => {
    let stop = false;
    const beat = () =>
      heartbeat.mutateAsync({ scenarioId, state: editing.current || Date.now() - lastEditAt.current < 10_000 ? "editing" : "viewing" })
        .then((list) => !stop && setPresent(list), () => {});
    void beat();
    const timer = setInterval(beat, PRESENCE_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenarioId]);

  // ——— editing ———
  const send = useCallback(
    async (item: string, location: string, bucketIndex: number, value: number, baseVersion: number): Promise<{ version: number } | null> => {
      setSaving((n) => n + 1);
      setConflict(null);
      lastEditAt.current = Date.now();
      try {
        const res = await editCell.mutateAsync({ scenarioId, baseVersion, item, location, bucket: bucketRef.current, bucketIndex, value, aggregates: aggRef.current });
        applyRows(res.rows);
        // Our own edit directly after what we show: move on; otherwise the feed catches up first.
        if (res.version === versionRef.current + 1 || res.applied === 0) {
          versionRef.current = Math.max(versionRef.current, res.version);
          setMeta((m) => (m ? { ...m, version: Math.max(m.version, res.version) } : m));
        }
        return { version: res.version };
      } catch (e) {
        const err = describeError(e);
        if (err.code === "CONFLICT") setConflict(err.message);
        else setError(err.message);
        return null;
      } finally {
        setSaving((n) => n - 1);
      }
    },
    [editCell, scenarioId, applyRows],
  );

  const onCellEditRequest = useCallback(
    async (e: CellEditRequestEvent<PlanRow>) => {
      const b = Number(String(e.column.getColId()).slice(1));
      const value = Number(String(e.newValue ?? "").replace(/[,\s]/g, ""));
      const base = editBase.current ?? versionRef.current;
      editBase.current = null;
      if (!e.data || !Number.isFinite(value) || value < 0) return;
      const before = e.data.final[b] ?? 0;
      if (value === before) return;
      const res = await send(e.data.item, e.data.location, b, value, base);
      if (res) {
        setUndo((u) => [...u.slice(-99), { item: e.data!.item, location: e.data!.location, bucket: bucketRef.current, bucketIndex: b, before, after: value, version: res.version }]);
        setRedo([]);
      }
    },
    [send],
  );

  const doUndo = useCallback(async () => {
    const entry = undo[undo.length - 1];
    if (!entry || entry.bucket !== bucketRef.current) return;
    const res = await send(entry.item, entry.location, entry.bucketIndex, entry.before, entry.version);
    if (res) {
      setUndo((u) => u.slice(0, -1));
      setRedo((r) => [...r, { ...entry, version: res.version }]);
    }
  }, [undo, send]);

  const doRedo = useCallback(async () => {
    const entry = redo[redo.length - 1];
    if (!entry || entry.bucket !== bucketRef.current) return;
    const res = await send(entry.item, entry.location, entry.bucketIndex, entry.after, entry.version);
    if (res) {
      setRedo((r) => r.slice(0, -1));
      setUndo((u) => [...u, { ...entry, version: res.version }]);
    }
  }, [redo, send]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (editing.current || !(e.ctrlKey || e.metaKey)) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA")) return;
      const k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) {
        e.preventDefault();
        void doUndo();
      } else if (k === "y" || (k === "z" && e.shiftKey)) {
        e.preventDefault();
        void doRedo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doUndo, doRedo]);

  // ——— columns ———
  const number = useCallback((v: unknown) => fmt.number(v, 1), [fmt]);
  const columns = useMemo<ColDef<PlanRow>[]>(() => {
    if (!frame) return [];
    const fixed: ColDef<PlanRow>[] = [
      { colId: "item", field: "item", headerName: t("item"), pinned: "left", width: 130, filter: "agTextColumnFilter", cellStyle: (p) => (p.data?.aggregate ? { fontWeight: 650 } : null) },
      {
        colId: "location", field: "location", headerName: t("location"), pinned: "left", width: 130, filter: "agTextColumnFilter",
        valueFormatter: (p: ValueFormatterParams<PlanRow>) => (p.value === ALL ? t("allLocations") : String(p.value ?? "")),
      },
    ];
    const buckets: ColDef<PlanRow>[] = frame.labels.map((label, b) => ({
      colId: `b${b}`,
      headerName: label,
      headerTooltip: `${frame.firstDates[b]} (${frame.lengths[b]}d)`,
      width: 104,
      type: "numericColumn",
      editable: editable,
      valueGetter: (p) => p.data?.final[b] ?? null,
      valueFormatter: (p) => number(p.value),
      tooltipValueGetter: (p) => {
        const r = p.data;
        if (!r) return "";
        const base = r.baseline[b] ?? 0;
        const fin = r.final[b] ?? 0;
        return t("tooltip", { baseline: number(base), override: number(Math.round((fin - base) * 1e6) / 1e6), final: number(fin) });
      },
      cellStyle: (p) => {
        const r = p.data;
        if (!r) return null;
        const style: Record<string, string> = {};
        if (Math.abs((r.final[b] ?? 0) - (r.baseline[b] ?? 0)) > 1e-9) Object.assign(style, { background: "#fff4e0", fontWeight: "600" });
        if (r.aggregate) Object.assign(style, { fontWeight: "650", background: style.background ?? "#f4f6f9" });
        return style;
      },
    }));
    return [...fixed, ...buckets];
  }, [frame, editable, number, t]);

  const quickFilter = filter.trim();

  const onFocused = useCallback(
    (e: CellFocusedEvent<PlanRow>) => {
      const api = apiRef.current;
      if (!api || e.rowIndex == null || !frame) return;
      const colId = typeof e.column === "string" ? e.column : e.column?.getColId();
      const node = api.getDisplayedRowAtIndex(e.rowIndex);
      if (!node?.data || !colId?.startsWith("b")) return;
      const b = Number(colId.slice(1));
      setTarget(cellTarget(node.data.item, node.data.location, frame.labels[b]!));
    },
    [frame],
  );

  const submitComment = async () => {
    if (!target || !draftComment.trim()) return;
    try {
      await addComment.mutateAsync({ id: scenarioId, target, body: draftComment.trim(), mentions: [] });
      setDraftComment("");
      await loadComments();
    } catch (e) {
      setError(describeError(e).message);
    }
  };

  const others = present.filter((p) => p.userId !== me.user.id);
  const shownComments = target ? comments.filter((c) => c.target === target) : comments;

  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>{t("title")}{meta ? ` — ${meta.name}` : ""}</h1>
        <span className="spacer" />
        <Link href={`/scenarios/${scenarioId}`}>{t("back")}</Link>
      </div>
      <p className="subtitle">{t("subtitle", { bucket: t(bucket) })}</p>
      <div className="toolbar">
        <label className="inline-field">
          {t("bucket")}
          <select value={bucket} onChange={(e) => setBucket(e.target.value as "week" | "month")} data-testid="plan-bucket">
            <option value="week">{t("week")}</option>
            <option value="month">{t("month")}</option>
          </select>
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={aggregates} onChange={(e) => setAggregates(e.target.checked)} data-testid="plan-aggregates" />
          {t("aggregates")}
        </label>
        <input type="search" placeholder={t("filter")} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label={t("filter")} data-testid="plan-filter" />
        <button className="btn" onClick={() => void doUndo()} disabled={!undo.length || !editable} data-testid="plan-undo" title="Ctrl+Z">
          {t("undo")}
        </button>
        <button className="btn" onClick={() => void doRedo()} disabled={!redo.length || !editable} data-testid="plan-redo" title="Ctrl+Y">
          {t("redo")}
        </button>
        <span className="spacer" />
        {meta && (
          <span className="badge" data-testid="plan-version" data-version={meta.version}>
            {t("version", { version: meta.version })} · {t("status", { status: meta.status })}
          </span>
        )}
        {saving > 0 && <span className="badge live">{t("saving")}</span>}
      </div>
      <div className="toolbar" data-testid="presence">
        {others.length ? others.map((p) => (
          <span key={p.userId} className="badge live" data-testid="presence-user">
            {t("presence", { name: p.name, state: t(p.state === "editing" ? "editing" : "viewing") })}
          </span>
        )) : <span className="badge">{t("nobody")}</span>}
        {notice && <span className="badge" data-testid="plan-notice">{notice}</span>}
      </div>
      {meta && !editable && (
        <div className="alert info" data-testid="plan-read-only">
          {!canWrite ? t("readOnlyRole") : t("readOnlyStatus", { status: meta.status })}
        </div>
      )}
      {conflict && (
        <div className="alert error" role="alert" data-testid="conflict-message">
          <strong>{t("conflictTitle")}</strong> {conflict}{" "}
          <button className="btn" onClick={() => setConflict(null)}>{t("dismiss")}</button>
        </div>
      )}
      {error && (
        <div className="alert error" role="alert">
          {error}{" "}
          <button className="btn" onClick={() => { setError(null); void loadAll(); }}>{tc("retry")}</button>
        </div>
      )}
      <div style={{ display: "flex", gap: 16, alignItems: "stretch" }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div className="grid-host" style={{ height: 560 }} data-testid="plan-grid" data-rows={rows?.length ?? ""} data-version={meta?.version ?? ""}>
            {rows && frame ? (
              <AgGridReact<PlanRow>
                theme={themeQuartz}
                rowData={rows}
                columnDefs={columns}
                getRowId={(p) => p.data.key}
                readOnlyEdit
                onCellEditRequest={(e) => void onCellEditRequest(e)}
                onCellEditingStarted={() => {
                  editing.current = true;
                  editBase.current = versionRef.current;
                }}
                onCellEditingStopped={() => {
                  editing.current = false;
                }}
                onCellFocused={onFocused}
                quickFilterText={quickFilter}
                defaultColDef={{ resizable: true, sortable: false, suppressMovable: true }}
                singleClickEdit={false}
                stopEditingWhenCellsLoseFocus
                tooltipShowDelay={300}
                overlayNoRowsTemplate={`<span>${t("emptyPlan")}</span>`}
                onGridReady={(e) => {
                  apiRef.current = e.api;
                }}
              />
            ) : (
              <p>{tc("loading")}</p>
            )}
          </div>
          <p className="subtitle" data-testid="plan-row-count">{rows ? t("rowsCount", { count: rows.length }) : ""}</p>
        </div>
        <aside className="panel" style={{ width: 300, flex: "0 0 300px", marginBottom: 0, overflowY: "auto", maxHeight: 600 }} data-testid="plan-comments">
          <h2 style={{ marginTop: 0 }}>{t("comments")}</h2>
          {target ? (
            <p className="subtitle" data-testid="comment-target">
              {t("commentsOn", { target })}{" "}
              <button className="btn" onClick={() => setTarget(null)}>{t("allComments")}</button>
            </p>
          ) : (
            <p className="subtitle">{t("selectCell")}</p>
          )}
          {target && canComment && (
            <div style={{ display: "flex", flexDirection: "column", gap: 6, marginBottom: 12 }}>
              <textarea
                rows={3}
                value={draftComment}
                placeholder={t("commentPlaceholder")}
                aria-label={t("commentPlaceholder")}
                onChange={(e) => setDraftComment(e.target.value)}
                data-testid="comment-input"
              />
              <button className="btn primary" onClick={() => void submitComment()} disabled={!draftComment.trim() || addComment.isPending} data-testid="comment-submit">
                {t("addComment")}
              </button>
            </div>
          )}
          {shownComments.length ? (
            <ul style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="comment-list">
              {shownComments.map((c) => (
                <li key={c.id} style={{ borderTop: "1px solid var(--line)", padding: "6px 0" }} data-testid="comment">
                  <div className="subtitle" style={{ margin: 0, fontSize: "0.8rem" }}>
                    <strong>{c.authorName ?? "?"}</strong> · {c.target} · {fmt.dateTime(c.createdAt)}
                  </div>
                  <div>{c.body}</div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="subtitle">{t("noComments")}</p>
          )}
        </aside>
      </div>
    </>
  );
}
