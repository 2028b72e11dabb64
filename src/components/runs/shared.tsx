"use client";
/** Pieces the run pages share: types, status badge, progress bar, bucket switch, KPI definitions. */
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/routers/_app.ts";
import { decodeProgress } from "../../schemas/runs.ts";
import { useFormat } from "../ui/useFormat.ts";

type Outputs = inferRouterOutputs<AppRouter>;
export type RunSummary = Outputs["runs"]["list"]["rows"][number];
export type RunDetailData = Outputs["runs"]["get"];
export type RunSeries = Outputs["runs"]["series"];
export type Bucket = "day" | "week" | "month";
export const BUCKET_KINDS: Bucket[] = ["day", "week", "month"];

/** What the simulate function stores in `run.kpis` once a run has succeeded. */
export interface RunResults {
  replications: number;
  kpis: Record<string, number>;
  kpisCi?: Record<string, [number, number]>;
  pnl: Record<string, number>;
  pnlCi?: Record<string, [number, number]>;
}

export function runResults(kpis: unknown): RunResults | null {
  const k = kpis as Partial<RunResults> | null | undefined;
  return k && typeof k === "object" && k.kpis && k.pnl ? (k as RunResults) : null;
}

/** A run's stored progress message in the user's language (see encodeProgress). */
export function useProgressText(): (stored: string | null | undefined) => string {
  const t = useTranslations("runs.progressMessages");
  return (stored) => {
    const m = decodeProgress(stored);
    if (!m) return "";
    return "text" in m ? m.text : t(m.key, m.values ?? {});
  };
}

export const isActive = (status: string | undefined) => status === "queued" || status === "running";

/** How a value is shown: a share as a percentage, money in the tenant currency, units, plain numbers. */
export type KpiKind = "percent" | "money" | "units" | "number";
export interface KpiDef {
  key: string;
  group: "kpis" | "pnl";
  kind: KpiKind;
}

export const KPI_DEFS: KpiDef[] = [
  { key: "fillRate", group: "kpis", kind: "percent" },
  { key: "cycleServiceLevel", group: "kpis", kind: "percent" },
  { key: "otif", group: "kpis", kind: "percent" },
  { key: "averageInventoryValue", group: "kpis", kind: "money" },
  { key: "endingInventoryValue", group: "kpis", kind: "money" },
  { key: "backorderedUnits", group: "kpis", kind: "units" },
  { key: "lostSalesUnits", group: "kpis", kind: "units" },
  { key: "inventoryTurns", group: "kpis", kind: "number" },
  { key: "daysOfSupply", group: "kpis", kind: "number" },
];

export const PNL_DEFS: KpiDef[] = [
  { key: "revenue", group: "pnl", kind: "money" },
  { key: "grossMargin", group: "pnl", kind: "money" },
  { key: "holdingCost", group: "pnl", kind: "money" },
  { key: "transportCost", group: "pnl", kind: "money" },
  { key: "backorderCost", group: "pnl", kind: "money" },
  { key: "profit", group: "pnl", kind: "money" },
];

/** Formatting for run pages: useFormat plus percentages and durations. */
export function useRunFormat() {
  const fmt = useFormat();
  const format = useFormatter();
  const t = useTranslations("runs");
  return useMemo(() => {
    const percent = (v: number, digits = 1) =>
      format.number(v, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
    const value = (kind: KpiKind, v: number | null | undefined) => {
      if (v === null || v === undefined || !Number.isFinite(v)) return t("none");
      if (kind === "percent") return percent(v);
      if (kind === "money") return fmt.money(v);
      if (kind === "units") return fmt.number(v, 0);
      return fmt.number(v, 1);
    };
    const duration = (ms: number | null | undefined) => {
      if (ms === null || ms === undefined) return "";
      if (ms < 60_000) return t("durationSeconds", { value: fmt.number(ms / 1000, 1) });
      return t("durationMinutes", { minutes: Math.floor(ms / 60_000), seconds: Math.round((ms % 60_000) / 1000) });
    };
    return { ...fmt, percent, value, duration };
  }, [fmt, format, t]);
}

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("runs.status");
  return (
    <span className={`badge status-${status}`} data-testid="run-status" data-status={status}>
      {t.has(status) ? t(status) : status}
    </span>
  );
}

export function ProgressBar({ value, title, testId }: { value: number; title?: string | null; testId?: string }) {
  const t = useTranslations("runs");
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={v}
      aria-label={t("progress")}
      title={title ?? undefined}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${v}%` }} />
      <span className="progress-text">{v}%</span>
    </div>
  );
}

export function BucketSwitch({ value, onChange }: { value: Bucket; onChange: (b: Bucket) => void }) {
  const t = useTranslations("runs.buckets");
  return (
    <div className="segmented" role="group" aria-label={t("label")} data-testid="bucket-switch" data-value={value}>
      {BUCKET_KINDS.map((b) => (
        <button
          key={b}
          type="button"
          className={`btn${b === value ? " primary" : ""}`}
          aria-pressed={b === value}
          data-testid={`bucket-${b}`}
          onClick={() => onChange(b)}
        >
          {t(b)}
        </button>
      ))}
    </div>
  );
}

/** An error alert with a Retry button. */
export function ErrorAlert({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const tc = useTranslations("common");
  return (
    <div className="alert error" role="alert">
      {message}{" "}
      {onRetry && (
        <button className="btn" onClick={onRetry}>
          {tc("retry")}
        </button>
      )}
    </div>
  );
}
