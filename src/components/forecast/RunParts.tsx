"use client";
/**
 * Pieces the forecast and inventory pages share: a small drawer form that posts numbers (with
 * server field errors beside the field) and the progress of a background run until it is done.
 */
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { trpc } from "../../trpc/react.tsx";
import { describeError, type ShownError } from "../ui/errors.ts";
import { ErrorAlert, ProgressBar, isActive, useProgressText } from "../runs/shared.tsx";

export interface RunField {
  name: string;
  label: string;
  kind: "text" | "number" | "select";
  options?: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
}

/** A form of text / number / select fields; numbers are sent as numbers, empty ones are left out. */
export function RunForm(props: {
  fields: RunField[];
  initial: Record<string, string>;
  /** Maps the raw values to the request (e.g. % → fraction) and starts the run. */
  onSubmit: (values: Record<string, string | number>) => Promise<void>;
  onCancel: () => void;
  submitLabel: string;
  /** Maps a server field name to the form field it came from (e.g. serviceTarget → targetPct). */
  fieldAlias?: Record<string, string>;
}) {
  const tc = useTranslations("common");
  const [values, setValues] = useState<Record<string, string>>(props.initial);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out: Record<string, string | number> = {};
      for (const f of props.fields) {
        const v = (values[f.name] ?? "").trim();
        if (v === "" && !f.required) continue;
        out[f.name] = f.kind === "number" ? (v === "" ? Number.NaN : Number(v)) : v;
      }
      await props.onSubmit(out);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (name: string) => {
    if (!error) return undefined;
    const msgs = Object.entries(error.fieldErrors)
      .filter(([k]) => k === name || props.fieldAlias?.[k] === name)
      .flatMap(([, v]) => v);
    return msgs.length ? msgs.join("; ") : undefined;
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && (
        <div className="alert error" role="alert" data-testid="form-error">
          {error.message}
        </div>
      )}
      {props.fields.map((f) => {
        const id = `run-field-${f.name}`;
        const fe = fieldError(f.name);
        return (
          <div className={`field${fe ? " invalid" : ""}`} key={f.name}>
            <label htmlFor={id}>
              {f.label}
              {f.required ? " *" : ""}
            </label>
            {f.kind === "select" ? (
              <select id={id} name={f.name} value={values[f.name] ?? ""} onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={f.name}
                type="text"
                inputMode={f.kind === "number" ? "decimal" : undefined}
                value={values[f.name] ?? ""}
                aria-invalid={Boolean(fe)}
                autoComplete="off"
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              />
            )}
            {f.hint && <span className="muted hint">{f.hint}</span>}
            {fe && <span className="error" role="alert">{fe}</span>}
          </div>
        );
      })}
      <footer style={{ display: "flex", gap: 8, justifyContent: "flex-end" }}>
        <button type="button" className="btn" onClick={props.onCancel}>
          {tc("cancel")}
        </button>
        <button type="submit" className="btn primary" disabled={busy} data-testid="form-save">
          {busy ? tc("saving") : props.submitLabel}
        </button>
      </footer>
    </form>
  );
}

/** Follows a background run (polling runs.get) until it ends; calls onSucceeded once. */
export function RunProgress({ runId, onSucceeded, onDismiss, testId }: {
  runId: string;
  onSucceeded: (runId: string) => void;
  onDismiss: () => void;
  testId: string;
}) {
  const t = useTranslations("forecast.run");
  const tc = useTranslations("common");
  const progressText = useProgressText();
  const run = trpc.runs.get.useQuery(
    { id: runId },
    { refetchInterval: (q) => (q.state.data && !isActive(q.state.data.status) ? false : 1000), staleTime: 0 },
  );
  const done = useRef(false);
  const status = run.data?.status;
  useEffect(() => {
    if (status === "succeeded" && !done.current) {
      done.current = true;
      onSucceeded(runId);
    }
  }, [status, runId, onSucceeded]);
  if (run.error) return <ErrorAlert message={describeError(run.error).message} onRetry={() => void run.refetch()} />;
  const r = run.data;
  return (
    <section className="panel run-progress-panel" data-testid={testId} data-status={r?.status ?? "queued"}>
      <div className="toolbar">
        <strong>{r?.name ?? ""}</strong>
        <span className="muted">{r ? t(`status.${r.status}`) : t("status.queued")}</span>
        <span className="spacer" />
        {r && !isActive(r.status) && (
          <button className="btn" onClick={onDismiss}>
            {tc("close")}
          </button>
        )}
      </div>
      <ProgressBar value={r?.status === "succeeded" ? 100 : r?.progress ?? 0} title={progressText(r?.progressMessage)} testId={`${testId}-bar`} />
      {r?.progressMessage && isActive(r.status) && <p className="muted">{progressText(r.progressMessage)}</p>}
      {r?.status === "failed" && (
        <div className="alert error" role="alert" data-testid={`${testId}-error`}>
          <strong>{t("failed")}</strong> {r.errorMessage ?? ""}
        </div>
      )}
      {r?.status === "cancelled" && <div className="alert info">{t("cancelled")}</div>}
    </section>
  );
}
