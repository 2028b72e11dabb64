"use client";
/**
 * The collaborative plan grid: a scenario's demand plan by item × location × week/month in AG Grid
 * (client-side row model, virtualised rows; the final value per bucket, with baseline and override
 * in the tooltip and overrides highlighted). Editable in draft for users with scenarios.write: each
 * cell edit is one small `plan.editCell` call based on the version the user saw when they started
 * editing, so a stale edit of a cell someone else changed comes back as a conflict message with the
 * current value. The change feed is polled every second and changed rows are refetched; undo/redo
 * of the user's own edits (Ctrl+Z / Ctrl+Y or the buttons), presence, and comments on a cell.
 *
 * Forecast layers (optional): a forecast version of the grid's bucket (by default the newest
 * frozen one) adds, under each item × location it forecasts, rows for its statistical forecast,
 * the sales, marketing and finance layers and the consensus, per bucket ("—" where the bucket has
 * no forecast period). Layer cells the user's role owns take an adjustment (units, or "10%" of the
 * forecast) saved through `forecast.adjust`; a frozen version is read-only, with the reason shown.
 * Others' adjustments and a freeze show up within a few seconds (the version's stamp is polled).
 * "Use consensus as plan" (a row's button, Enter on its consensus row, or the toolbar for all rows
 * shown) writes the consensus into the plan's buckets as one new version.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { ErrorAlert, ReadOnlyNotice } from "../ui/Alert.tsx";
import { useEditVersion } from "../grid/useEditVersion.ts";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AgGridReact } from "ag-grid-react";
import {
  AllCommunityModule, ModuleRegistry, themeQuartz,
  type CellEditRequestEvent, type CellFocusedEvent, type CellKeyDownEvent, type CellStyle, type ColDef, type GridApi, type ICellRendererParams, type ValueFormatterParams,
} from "ag-grid-community";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/routers/_app.ts";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import { describeError } from "../ui/errors.ts";
import { useFormat } from "../ui/useFormat.ts";

ModuleRegistry.registerModules([AllCommunityModule]);

const POLL_MS = 1000;
const PRESENCE_MS = 5000;
const LAYERS_POLL_MS = 3000;
const ALL = "*";

type Layer = "sales" | "marketing" | "finance";
type Measure = "baseline" | Layer | "consensus";
const LAYERS: readonly Layer[] = ["sales", "marketing", "finance"];
const MEASURES: readonly Measure[] = ["baseline", "sales", "marketing", "finance", "consensus"];
const isLayer = (m: Measure | undefined): m is Layer => m === "sales" || m === "marketing" || m === "finance";
type Outputs = inferRouterOutputs<AppRouter>;
type LayersData = Outputs["plan"]["forecastLayers"];
type LayerRow = LayersData["rows"][number];

interface PlanRow {
  key: string;
  item: string;
  location: string;
  aggregate: boolean;
  baseline: number[];
  final: number[];
  /** A forecast layer row (under its plan row `planKey`): which measure, its value per bucket. */
  measure?: Measure;
  values?: (number | null)[];
  planKey?: string;
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

/** Bucket by bucket, the sum of the series that have a value there (null where none has). */
function sumPerBucket(series: readonly (readonly (number | null)[])[]): (number | null)[] {
  const out: (number | null)[] = [];
  for (const values of series) {
    values.forEach((v, b) => {
      if (v !== null) out[b] = Math.round(((out[b] ?? 0) + v) * 1e6) / 1e6;
      else if (out[b] === undefined) out[b] = null;
    });
  }
  return out;
}

/** The measure column: the row's measure; on a consensus row, the "use as plan" button. */
function MeasureCell(p: ICellRendererParams<PlanRow> & { label: (r: PlanRow) => string; adoptLabel: string; adoptTitle: (r: PlanRow) => string; canAdopt: boolean; onAdopt: (key: string) => void }) {
  const r = p.data;
  if (!r) return null;
  return (
    <span style={{ display: "flex", gap: 6, alignItems: "center" }}>
      <span>{p.label(r)}</span>
      {r.measure === "consensus" && !r.aggregate && p.canAdopt && (
        <button
          type="button"
          className="btn"
          tabIndex={-1}
          style={{ padding: "0 6px", lineHeight: "20px", fontSize: "0.75rem" }}
          title={p.adoptTitle(r)}
          aria-label={p.adoptTitle(r)}
          data-testid="adopt-row"
          onClick={() => p.onAdopt(r.planKey!)}
        >
          {p.adoptLabel}
        </button>
      )}
    </span>
  );
}

export function PlanGrid({ scenarioId }: { scenarioId: string }) {
  const t = useTranslations("plan");
  const ts = useTranslations("scenarios");
  const tc = useTranslations("common");
  const fmt = useFormat();
  const me = useMe();
  const canWrite = useCan("scenarios.write");
  const canComment = useCan("scenarios.comment");
  const utils = trpc.useUtils();
  const editCell = trpc.plan.editCell.useMutation();
  const heartbeat = trpc.plan.presence.useMutation();
  const addComment = trpc.scenarios.addComment.useMutation();
  const adjustLayer = trpc.forecast.adjust.useMutation();
  const adoptConsensus = trpc.plan.useConsensus.useMutation();

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
  // Forecast layers: shown or not, the version picked (null: the default for the bucket), the data.
  const [layersOn, setLayersOn] = useState(false);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [layers, setLayers] = useState<LayersData | null>(null);
  const [layersError, setLayersError] = useState<string | null>(null);
  /** "Use consensus as plan" awaiting confirmation: these series (null: all with a forecast). */
  const [adopt, setAdopt] = useState<{ keys: string[] | null; count: number } | null>(null);
  const [adopting, setAdopting] = useState(false);
  /** The plan rows as the grid shows them (transactions included), in row order. */
  const planRef = useRef(new Map<string, PlanRow>());

  /** The version the displayed rows reflect (the change feed's cursor). */
  const { versionRef, editing, takeEditBase, editingHandlers } = useEditVersion();
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
      planRef.current = new Map(res.rows.map((r) => [r.key, r]));
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

  // ——— forecast layers ———
  /** Loads the layers; `quiet` (a background refresh) keeps the ones shown when the load fails. */
  const loadLayers = useCallback(async (quiet = false) => {
    if (!layersOn) {
      setLayers(null);
      return;
    }
    try {
      const res = await utils.client.plan.forecastLayers.query({ scenarioId, bucket, versionId: versionId ?? undefined });
      setLayers(res);
      setLayersError(null);
    } catch (e) {
      if (quiet) throw e;
      setLayers(null);
      setLayersError(describeError(e).message);
    }
  }, [utils, scenarioId, bucket, versionId, layersOn]);

  useEffect(() => {
    void loadLayers();
  }, [loadLayers]);

  // Others' layer adjustments, and a freeze, appear by themselves: the version's stamp is polled
  // (one small query) and the layers reload when it moved; not while a cell is being edited.
  const shownVersionId = layers?.version?.id ?? null;
  useEffect(() => {
    if (!layersOn || !shownVersionId) return;
    let stop = false;
    let busy = false;
    let seen: string | null = null;
    const tick = async () => {
      if (busy || editing.current) return;
      busy = true;
      try {
        const stamp = await utils.client.plan.layersStamp.query({ versionId: shownVersionId });
        // A change noticed while a cell is being edited is reloaded on a later tick.
        if (stop || editing.current) return;
        if (seen !== null && stamp !== seen) await loadLayers(true);
        seen = stamp;
      } catch {
        /* retried on the next tick */
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), LAYERS_POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [layersOn, shownVersionId, utils, loadLayers, editing]);

  const applyRows = useCallback((changed: PlanRow[], flash = false) => {
    for (const r of changed) planRef.current.set(r.key, r);
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

  /** A layer cell: units, or "10%" of the forecast; empty removes the adjustment. Saved by forecast.adjust. */
  const saveLayer = useCallback(
    async (row: PlanRow, layer: Layer, b: number, raw: unknown) => {
      const version = layers?.version;
      const period = layers?.periodOfBucket[b];
      const data = layers?.rows.find((r) => r.key === row.planKey);
      if (!version || period == null || !data || !layers) return;
      const text = String(raw ?? "").trim().replace(/[,\s]/g, "");
      const percent = text.endsWith("%");
      const number = percent ? text.slice(0, -1) : text;
      const value = number === "" ? 0 : Number(number);
      if (!Number.isFinite(value)) {
        setError(t("layers.notANumber", { value: String(raw ?? "") }));
        return;
      }
      const kind = percent ? "percent" : "absolute";
      const existing = data.adjustments.find((a) => a.layer === layer && a.bucket === b);
      if (existing ? existing.kind === kind && existing.value === value : value === 0) return;
      setSaving((n) => n + 1);
      setConflict(null);
      try {
        await adjustLayer.mutateAsync({ versionId: version.id, item: data.item, location: data.location, layer, period, kind, value });
        // The server maps the version's periods to the grid's buckets: re-read just this row.
        const fresh = await utils.client.plan.forecastLayers.query({ scenarioId, bucket, versionId: version.id, keys: [data.key] });
        const updated = fresh.rows[0];
        setLayers((prev) => (prev && updated && prev.version?.id === version.id
          ? { ...prev, rows: prev.rows.map((r) => (r.key === data.key ? updated : r)) }
          : prev));
      } catch (err) {
        const shown = describeError(err);
        if (shown.code === "CONFLICT") setConflict(shown.message);
        else setError(shown.message);
      } finally {
        setSaving((n) => n - 1);
      }
    },
    [layers, adjustLayer, t, utils, scenarioId, bucket],
  );

  const onCellEditRequest = useCallback(
    async (e: CellEditRequestEvent<PlanRow>) => {
      const b = Number(String(e.column.getColId()).slice(1));
      if (e.data?.measure) {
        takeEditBase();
        if (isLayer(e.data.measure)) await saveLayer(e.data, e.data.measure, b, e.newValue);
        return;
      }
      const value = Number(String(e.newValue ?? "").replace(/[,\s]/g, ""));
      const base = takeEditBase();
      if (!e.data || !Number.isFinite(value) || value < 0) return;
      const before = e.data.final[b] ?? 0;
      if (value === before) return;
      const res = await send(e.data.item, e.data.location, b, value, base);
      if (res) {
        setUndo((u) => [...u.slice(-99), { item: e.data!.item, location: e.data!.location, bucket: bucketRef.current, bucketIndex: b, before, after: value, version: res.version }]);
        setRedo([]);
      }
    },
    [send, saveLayer, takeEditBase],
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

  // ——— use consensus as plan ———
  const layerKeys = useMemo(() => new Set(layers?.rows.map((r) => r.key) ?? []), [layers]);
  const canAdopt = editable && Boolean(layers?.version?.bucketMatches) && (layers?.matchedBuckets ?? 0) > 0 && layerKeys.size > 0;

  /** Asks to confirm adopting the consensus of one series, or of all series shown with a forecast. */
  const requestAdopt = useCallback((key: string | null) => {
    if (key) {
      setAdopt({ keys: [key], count: 1 });
      return;
    }
    const api = apiRef.current;
    if (filter.trim() && api) {
      const keys: string[] = [];
      api.forEachNodeAfterFilter((n) => {
        if (n.data && !n.data.measure && !n.data.aggregate && layerKeys.has(n.data.key)) keys.push(n.data.key);
      });
      if (keys.length) setAdopt({ keys, count: keys.length });
      return;
    }
    setAdopt({ keys: null, count: layerKeys.size });
  }, [filter, layerKeys]);

  const confirmAdopt = useCallback(async () => {
    const version = layers?.version;
    if (!adopt || !version) return;
    setAdopting(true);
    setSaving((n) => n + 1);
    setConflict(null);
    lastEditAt.current = Date.now();
    try {
      const res = await adoptConsensus.mutateAsync({
        scenarioId, baseVersion: versionRef.current, versionId: version.id, bucket: bucketRef.current,
        keys: adopt.keys ?? undefined, aggregates: aggRef.current,
      });
      applyRows(res.rows, true);
      if (res.version === versionRef.current + 1 || res.applied === 0) {
        versionRef.current = Math.max(versionRef.current, res.version);
        setMeta((m) => (m ? { ...m, version: Math.max(m.version, res.version) } : m));
      }
      setNotice(res.applied ? t("layers.adopted", { cells: res.cells, series: res.series, version: res.version }) : t("layers.adoptedNothing"));
      setAdopt(null);
    } catch (e) {
      const err = describeError(e);
      if (err.code === "CONFLICT") setConflict(err.message);
      else setError(err.message);
      setAdopt(null);
    } finally {
      setAdopting(false);
      setSaving((n) => n - 1);
    }
  }, [adopt, layers, adoptConsensus, scenarioId, applyRows, t]);

  // ——— columns ———
  const number = useCallback((v: unknown) => fmt.number(v, 1), [fmt]);
  // Layers of another bucket (the grid switched, their reload is on its way) are not shown.
  const showLayers = layersOn && Boolean(layers?.rows.length) && layers?.bucket === frame?.bucket;
  const columns = useMemo<ColDef<PlanRow>[]>(() => {
    if (!frame) return [];
    const muted = (p: { data?: PlanRow }): CellStyle | null => (p.data?.measure ? { color: "var(--muted)" } : null);
    const fixed: ColDef<PlanRow>[] = [
      { colId: "item", field: "item", headerName: t("item"), pinned: "left", width: 130, filter: "agTextColumnFilter", cellStyle: (p) => (p.data?.aggregate ? { fontWeight: "650" } : muted(p)) },
      {
        colId: "location", field: "location", headerName: t("location"), pinned: "left", width: 130, filter: "agTextColumnFilter",
        valueFormatter: (p: ValueFormatterParams<PlanRow>) => (p.value === ALL ? t("allLocations") : String(p.value ?? "")),
        cellStyle: muted,
      },
    ];
    const measureLabel = (r: PlanRow) => (r.measure ? t(`layers.${r.measure}`) : t("layers.plan"));
    if (showLayers) {
      fixed.push({
        colId: "measure", headerName: t("layers.measure"), pinned: "left", width: 180,
        valueGetter: (p) => (p.data ? measureLabel(p.data) : ""),
        cellRenderer: MeasureCell,
        cellRendererParams: {
          label: measureLabel,
          adoptLabel: t("layers.adoptRow"),
          adoptTitle: (r: PlanRow) => t("layers.adoptRowTitle", { item: r.item, location: r.location }),
          canAdopt,
          onAdopt: (key: string) => requestAdopt(key),
        },
        cellStyle: (p): CellStyle => (p.data?.measure === "consensus" ? { fontWeight: "650" } : p.data?.measure ? { color: "var(--muted)" } : { fontWeight: "600" }),
      });
    }
    const frozen = Boolean(layers?.version?.frozenAt);
    const layerEditable = (m: Measure | undefined, b: number) => isLayer(m) && Boolean(layers?.editable[m]) && layers?.periodOfBucket[b] != null;
    const adjustmentOf = (r: PlanRow, b: number) =>
      isLayer(r.measure) ? layers?.rows.find((l) => l.key === r.planKey)?.adjustments.find((a) => a.layer === r.measure && a.bucket === b) : undefined;
    const buckets: ColDef<PlanRow>[] = frame.labels.map((label, b) => ({
      colId: `b${b}`,
      headerName: label,
      headerTooltip: `${frame.firstDates[b]} (${frame.lengths[b]}d)`,
      width: 104,
      type: "numericColumn",
      editable: (p) => (p.data?.measure ? !p.data.aggregate && layerEditable(p.data.measure, b) : editable),
      valueGetter: (p) => (p.data?.measure ? (p.data.values?.[b] ?? null) : (p.data?.final[b] ?? null)),
      valueFormatter: (p) => (p.data?.measure && p.value == null ? tc("none") : number(p.value)),
      tooltipValueGetter: (p) => {
        const r = p.data;
        if (!r) return "";
        if (r.measure) {
          if (r.values?.[b] == null) return t("layers.noForecast");
          if (r.aggregate) return t("layers.itemTotalTip");
          if (r.measure === "baseline") return t("layers.statTip", { name: layers?.version?.name ?? "", period: label });
          if (r.measure === "consensus") return t("layers.consensusTip");
          const a = adjustmentOf(r, b);
          const lines = [
            a ? t("layers.cellTip", { kind: a.kind, value: number(a.value), effect: number(r.values[b]) }) : null,
            a?.comment ? `“${a.comment}”` : null,
            frozen ? t("layers.frozenReason") : !layers?.editable[r.measure] ? t("layers.roleReason", { layer: t(`layers.${r.measure}`) }) : t("layers.editHint"),
          ];
          return lines.filter(Boolean).join("\n");
        }
        const base = r.baseline[b] ?? 0;
        const fin = r.final[b] ?? 0;
        return t("tooltip", { baseline: number(base), override: number(Math.round((fin - base) * 1e6) / 1e6), final: number(fin) });
      },
      cellStyle: (p) => {
        const r = p.data;
        if (!r) return null;
        if (r.measure) {
          const style: Record<string, string> = { background: r.measure === "consensus" ? "#eef7f0" : "#f8fafc" };
          if (r.measure === "consensus") style.fontWeight = "650";
          else if (r.measure === "baseline" || r.aggregate || !layerEditable(r.measure, b)) style.color = "var(--muted)";
          if (r.aggregate) style.fontWeight = "650";
          if (adjustmentOf(r, b)) Object.assign(style, { background: "#e8f1fd", fontWeight: "600" });
          return style;
        }
        const style: Record<string, string> = {};
        if (Math.abs((r.final[b] ?? 0) - (r.baseline[b] ?? 0)) > 1e-9) Object.assign(style, { background: "#fff4e0", fontWeight: "600" });
        if (r.aggregate) Object.assign(style, { fontWeight: "650", background: style.background ?? "#f4f6f9" });
        return style;
      },
    }));
    return [...fixed, ...buckets];
  }, [frame, editable, number, t, tc, showLayers, layers, canAdopt, requestAdopt]);

  /**
   * The grid's rows: the plan rows, each followed by its forecast layer rows when shown; under an
   * item total, each layer summed over the item's locations (read-only: layers are adjusted per
   * location).
   */
  const gridRows = useMemo(() => {
    if (!rows) return null;
    const plan = [...planRef.current.values()];
    if (!showLayers || !layers) return plan;
    const byKey = new Map(layers.rows.map((l) => [l.key, l]));
    const byItem = new Map<string, LayerRow[]>();
    for (const l of layers.rows) (byItem.get(l.item) ?? byItem.set(l.item, []).get(l.item)!).push(l);
    const out: PlanRow[] = [];
    for (const r of plan) {
      out.push(r);
      const parts = r.aggregate ? byItem.get(r.item) : byKey.has(r.key) ? [byKey.get(r.key)!] : undefined;
      if (!parts) continue;
      for (const m of MEASURES) {
        const values = parts.length === 1 ? parts[0]![m] : sumPerBucket(parts.map((l) => l[m]));
        out.push({ key: `${r.key}|${m}`, item: r.item, location: r.location, aggregate: r.aggregate, baseline: [], final: [], measure: m, values, planKey: r.key });
      }
    }
    return out;
  }, [rows, layers, showLayers]);

  /** Enter on a consensus row's first cells asks to use it as the plan. */
  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<PlanRow>) => {
      const key = (e.event as KeyboardEvent | undefined)?.key;
      const colId = e.column.getColId();
      if (key === "Enter" && canAdopt && e.data?.measure === "consensus" && !e.data.aggregate && !colId.startsWith("b")) requestAdopt(e.data.planKey!);
    },
    [canAdopt, requestAdopt],
  );

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
          <select value={bucket} onChange={(e) => { setBucket(e.target.value as "week" | "month"); setVersionId(null); setAdopt(null); }} data-testid="plan-bucket">
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
      <div className="toolbar" data-testid="plan-layers-toolbar">
        <label className="inline-field">
          <input type="checkbox" checked={layersOn} onChange={(e) => { setLayersOn(e.target.checked); setAdopt(null); }} data-testid="plan-layers-toggle" />
          {t("layers.show")}
        </label>
        {layersOn && layers && (
          <label className="inline-field">
            {t("layers.version")}
            <select
              value={layers.version?.id ?? ""}
              onChange={(e) => { setVersionId(e.target.value || null); setAdopt(null); }}
              disabled={!layers.versions.some((v) => v.bucket === bucket)}
              data-testid="plan-forecast-version"
            >
              {!layers.version && <option value="">{t("layers.noVersionOption")}</option>}
              {layers.versions
                .filter((v) => v.bucket === bucket || v.id === layers.version?.id)
                .map((v) => (
                  <option key={v.id} value={v.id}>
                    {t("layers.versionOption", { name: v.name, date: fmt.dateTime(v.createdAt), frozen: v.frozenAt ? "yes" : "no" })}
                  </option>
                ))}
            </select>
          </label>
        )}
        {layersOn && layers?.version && (
          <>
            <button className="btn" onClick={() => void loadLayers()} data-testid="plan-layers-refresh">{t("layers.refresh")}</button>
            <button
              className="btn"
              onClick={() => requestAdopt(null)}
              disabled={!canAdopt || adopting}
              title={!editable ? t("layers.adoptNeedsDraft") : undefined}
              data-testid="adopt-all"
            >
              {quickFilter ? t("layers.adoptShown") : t("layers.adoptAll")}
            </button>
          </>
        )}
      </div>
      {layersOn && layersError && (
        <div className="alert error" role="alert" data-testid="plan-layers-error">
          {layersError}{" "}
          <button className="btn" onClick={() => void loadLayers()}>{tc("retry")}</button>
        </div>
      )}
      {layersOn && layers && (
        !layers.version ? (
          <div className="alert info" data-testid="plan-layers-none">
            {t("layers.noVersion", { bucket })} <Link href="/forecast">{t("layers.openForecast")}</Link>
          </div>
        ) : !layers.version.bucketMatches ? (
          <div className="alert info" data-testid="plan-layers-mismatch">
            {t("layers.bucketMismatch", { name: layers.version.name, versionBucket: layers.version.bucket, gridBucket: bucket })}{" "}
            <button className="btn" onClick={() => setBucket(layers.version!.bucket)}>{t("layers.switchBucket", { bucket: layers.version.bucket })}</button>
          </div>
        ) : (
          <>
            {layers.version.frozenAt && (
              <div className="alert info" data-testid="plan-layers-frozen">
                {layers.version.frozenBy
                  ? t("layers.frozenBy", { name: layers.version.name, date: fmt.dateTime(layers.version.frozenAt), by: layers.version.frozenBy })
                  : t("layers.frozen", { name: layers.version.name, date: fmt.dateTime(layers.version.frozenAt) })}
              </div>
            )}
            {!layers.version.frozenAt && !LAYERS.some((l) => layers.editable[l]) && (
              <div className="alert info" data-testid="plan-layers-read-only">{t("layers.readOnlyRole")}</div>
            )}
            <p className="subtitle" data-testid="plan-layers-summary" data-matched={layers.matchedBuckets} data-series={layers.rows.length}>
              {layers.matchedBuckets === 0 || !layers.rows.length
                ? t("layers.noOverlap", { name: layers.version.name })
                : t("layers.summary", { name: layers.version.name, rows: layers.rows.length, plan: layers.seriesInPlan, matched: layers.matchedBuckets, ignored: layers.ignoredPeriods })}
              {" "}{LAYERS.some((l) => layers.editable[l]) ? t("layers.help") : ""}
            </p>
          </>
        )
      )}
      {adopt && layers?.version && (
        <div
          className="alert info"
          role="alertdialog"
          aria-labelledby="adopt-confirm-text"
          data-testid="adopt-confirm"
          onKeyDown={(e) => { if (e.key === "Escape") setAdopt(null); }}
        >
          <span id="adopt-confirm-text">
            {adopt.keys?.length === 1
              ? t("layers.adoptConfirmRow", {
                  item: planRef.current.get(adopt.keys[0]!)?.item ?? adopt.keys[0]!,
                  location: planRef.current.get(adopt.keys[0]!)?.location ?? "",
                  name: layers.version.name,
                })
              : t("layers.adoptConfirm", { count: adopt.count, name: layers.version.name })}
          </span>{" "}
          <button className="btn primary" autoFocus onClick={() => void confirmAdopt()} disabled={adopting} data-testid="adopt-confirm-button">
            {t("layers.adoptConfirmButton")}
          </button>{" "}
          <button className="btn" onClick={() => setAdopt(null)} disabled={adopting}>{t("layers.cancel")}</button>
        </div>
      )}
      {meta && !editable && (
        <ReadOnlyNotice testId="plan-read-only" message={!canWrite ? t("readOnlyRole") : t("readOnlyStatus", { status: ts(`status.${meta.status}`) })} />
      )}
      {conflict && <ErrorAlert testId="conflict-message" title={t("conflictTitle")} actionLabel={t("dismiss")} onAction={() => setConflict(null)}>{conflict}</ErrorAlert>}
      {error && <ErrorAlert actionLabel={tc("retry")} onAction={() => { setError(null); void loadAll(); void loadLayers(); }}>{error}</ErrorAlert>}
      <div style={{ display: "flex", gap: 16, alignItems: "stretch" }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div className="grid-host" style={{ height: 560 }} data-testid="plan-grid" data-rows={rows?.length ?? ""} data-version={meta?.version ?? ""}>
            {rows && frame ? (
              <AgGridReact<PlanRow>
                theme={themeQuartz}
                rowData={gridRows ?? []}
                columnDefs={columns}
                getRowId={(p) => p.data.key}
                readOnlyEdit
                onCellEditRequest={(e) => void onCellEditRequest(e)}
                {...editingHandlers}
                onCellFocused={onFocused}
                onCellKeyDown={onCellKeyDown}
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
