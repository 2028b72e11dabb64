"use client";
/** Pieces the scenario pages share: types, status badge, workflow rules, error text, a modal. */
import { useTranslations } from "next-intl";
import { useEffect, useRef, type ReactNode } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../server/routers/_app.ts";
import type { Permission } from "../../schemas/roles.ts";
import { describeError } from "../ui/errors.ts";

type Outputs = inferRouterOutputs<AppRouter>;
export type ScenarioRow = Outputs["scenarios"]["list"][number];
export type ScenarioDetailData = Outputs["scenarios"]["get"];
export type HistoryRow = Outputs["scenarios"]["history"][number];
export type CommentRow = Outputs["scenarios"]["comments"][number];

export const STATUSES = ["draft", "in_review", "approved", "rejected", "published", "archived"] as const;
export type Status = (typeof STATUSES)[number];

export type WorkflowAction = "submit" | "approve" | "reject" | "publish" | "reopen" | "unlock";
/** Mirrors the server's transition rules (src/server/services/scenarios.ts) to enable buttons. */
export const WORKFLOW: Record<WorkflowAction, { from: Status[]; permission: Permission }> = {
  submit: { from: ["draft"], permission: "scenarios.write" },
  approve: { from: ["in_review"], permission: "scenarios.approve" },
  reject: { from: ["in_review"], permission: "scenarios.approve" },
  publish: { from: ["approved"], permission: "scenarios.approve" },
  reopen: { from: ["rejected"], permission: "scenarios.write" },
  unlock: { from: ["in_review", "approved", "rejected"], permission: "scenarios.unlock" },
};
export const WORKFLOW_ACTIONS = Object.keys(WORKFLOW) as WorkflowAction[];

export function ScenarioStatusBadge({ status, testId = "scenario-status" }: { status: string; testId?: string }) {
  const t = useTranslations("scenarios.status");
  return (
    <span className={`badge scenario-status status-${status}`} data-testid={testId} data-status={status}>
      {t.has(status) ? t(status) : status}
    </span>
  );
}

/** The message to show for a failed call: the field message when the server named one. */
export function errorText(err: unknown, field?: string): string {
  const e = describeError(err);
  const fieldMsgs = field ? e.fieldErrors[field] : undefined;
  if (fieldMsgs?.length) return `${field}: ${fieldMsgs.join("; ")}`;
  const first = Object.entries(e.fieldErrors)[0];
  if (first && /^\s*[[{]/.test(e.message)) return `${first[0]}: ${first[1].join("; ")}`;
  return e.message;
}

/** A centred dialog (Escape closes it; focus moves into it). */
export function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const tc = useTranslations("common");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    ref.current?.querySelector<HTMLElement>("textarea, input, select")?.focus();
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} ref={ref} data-testid={testId}>
        <header>
          <h2>{title}</h2>
          <button className="btn" onClick={onClose} aria-label={tc("close")}>✕</button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** "/policies/A-1@S12/reorderPoint" → "A-1@S12 · reorderPoint" (the section shown by the caller). */
export function readablePath(path: string): string {
  const parts = path.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.join(" · ");
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "object") {
    const s = JSON.stringify(v);
    return s.length > 80 ? s.slice(0, 77) + "…" : s;
  }
  return String(v);
}
