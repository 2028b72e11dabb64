"use client";
/**
 * One scenario: header (status, version, lock, parent, behind-parent with rebase), the workflow
 * buttons the user's role and the status allow (disabled ones say why), the read-only note outside
 * draft, "Open plan grid", "Run this scenario" with its runs, and the History / Compare / Comments tabs.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import { useFormat } from "../ui/useFormat.ts";
import { describeError } from "../ui/errors.ts";
import { ErrorAlert, ProgressBar, StatusBadge, isActive, useProgressText } from "../runs/shared.tsx";
import {
  Modal, ScenarioStatusBadge, WORKFLOW, WORKFLOW_ACTIONS, errorText, readablePath, showValue,
  type Status, type WorkflowAction,
} from "./shared.tsx";
import { ScenarioHistory } from "./ScenarioHistory.tsx";
import { ScenarioCompare } from "./ScenarioCompare.tsx";
import { ScenarioComments } from "./ScenarioComments.tsx";
import { NewScenarioDrawer } from "./ScenariosPage.tsx";

type Tab = "overview" | "history" | "compare" | "comments";

export function ScenarioDetail({ id }: { id: string }) {
  const t = useTranslations("scenarios");
  const td = useTranslations("scenarios.detail");
  const fmt = useFormat();
  const me = useMe();
  const [tab, setTab] = useState<Tab>("overview");
  const [editingDetails, setEditingDetails] = useState(false);
  const canWrite = useCan("scenarios.write");
  const q = trpc.scenarios.get.useQuery({ id }, { staleTime: 0 });
  const parent = trpc.scenarios.get.useQuery(
    { id: q.data?.scenario.parentId ?? "" },
    { enabled: !!q.data?.scenario.parentId, select: (d) => ({ id: d.scenario.id, name: d.scenario.name }) },
  );

  if (q.error) {
    return (
      <>
        <p className="crumbs"><Link href="/scenarios">← {t("backToList")}</Link></p>
        <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />
      </>
    );
  }
  if (!q.data) {
    return (
      <div aria-busy="true">
        <div className="skeleton" style={{ height: 32, width: 320, marginBottom: 12 }} />
        <div className="skeleton" style={{ height: 18, width: 480, marginBottom: 20 }} />
        <div className="skeleton" style={{ height: 200 }} />
      </div>
    );
  }
  const s = q.data.scenario;
  const doc = q.data.document;
  const status = s.status as Status;
  const owner = s.ownerId === me.user.id ? t("you") : t("otherUser", { id: s.ownerId.slice(0, 8) });

  return (
    <>
      <p className="crumbs"><Link href="/scenarios">← {t("backToList")}</Link></p>
      <div className="run-header">
        <h1 data-testid="scenario-name">{s.name}</h1>
        <ScenarioStatusBadge status={status} />
        <span className="badge" data-testid="scenario-version" data-version={s.version}>{td("version", { version: s.version })}</span>
        {s.lockedBy && (
          <span className="badge" data-testid="scenario-lock" title={td("lockedHint")}>
            🔒 {td("locked", { when: s.lockedAt ? fmt.dateTime(s.lockedAt) : "" })}
          </span>
        )}
        <span className="spacer" />
        {canWrite && status !== "archived" && (
          <button type="button" className="btn" onClick={() => setEditingDetails(true)} data-testid="edit-details">{t("editDetails")}</button>
        )}
        <Link className="btn" href={`/scenarios/${id}/plan`} data-testid="open-plan">{td("openPlan")}</Link>
      </div>
      {editingDetails && <NewScenarioDrawer editing={s} onClose={() => setEditingDetails(false)} />}
      <p className="subtitle">
        {td("meta", { owner, created: fmt.dateTime(s.createdAt), updated: fmt.dateTime(s.updatedAt) })}
        {s.parentId && (
          <> · {td("parent")}{" "}
            <Link href={`/scenarios/${s.parentId}`} data-testid="scenario-parent">{parent.data?.name ?? s.parentId.slice(0, 8)}</Link>
            {" "}({td("basedOn", { version: s.baseVersion ?? 0, parentVersion: s.parentVersion ?? 0 })})
          </>
        )}
        {s.tags.length > 0 && <> · {s.tags.map((tag) => <span key={tag} className="badge tag">{tag}</span>)}</>}
      </p>
      {s.description && <p>{s.description}</p>}
      {s.behindParent && <RebasePanel id={id} status={status} onDone={() => void q.refetch()} />}
      <WorkflowBar id={id} name={s.name} status={status} onDone={() => void q.refetch()} />
      {status !== "draft" ? (
        <div className="alert info" data-testid="readonly-note">{td("readOnly", { status: t(`status.${status}`) })}</div>
      ) : (
        <div className="alert ok" data-testid="editable-note">{td("editable")}</div>
      )}

      <div className="tabs" role="tablist">
        {(["overview", "history", "compare", "comments"] as Tab[]).map((k) => (
          <button
            key={k}
            role="tab"
            type="button"
            aria-selected={tab === k}
            className={`tab${tab === k ? " active" : ""}`}
            onClick={() => setTab(k)}
            data-testid={`tab-${k}`}
          >
            {td(`tabs.${k}`)}
          </button>
        ))}
      </div>
      {tab === "overview" && (
        <>
          <section className="panel" data-testid="scenario-summary">
            <h2>{td("contents")}</h2>
            <div className="cards">
              <div className="card"><div className="label">{td("locations")}</div><div className="value">{doc.network.locations.length}</div></div>
              <div className="card"><div className="label">{td("items")}</div><div className="value">{doc.network.items.length}</div></div>
              <div className="card"><div className="label">{td("policies")}</div><div className="value">{Object.keys(doc.policies).length}</div></div>
              <div className="card"><div className="label">{td("demandSeries")}</div><div className="value">{Object.keys(doc.demandPlan).length}</div></div>
              <div className="card"><div className="label">{td("horizon")}</div><div className="value small-value">{td("horizonValue", { days: doc.supply.horizonDays, start: doc.supply.startDate })}</div></div>
            </div>
          </section>
          <ScenarioRuns id={id} />
        </>
      )}
      {tab === "history" && <ScenarioHistory id={id} />}
      {tab === "compare" && <ScenarioCompare id={id} />}
      {tab === "comments" && <ScenarioComments id={id} />}
    </>
  );
}

/** Workflow buttons: all shown, enabled when role and status allow, otherwise disabled with the reason. */
function WorkflowBar({ id, name, status, onDone }: { id: string; name: string; status: Status; onDone: () => void }) {
  const t = useTranslations("scenarios");
  const tw = useTranslations("scenarios.workflow");
  const me = useMe();
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState("");
  const [rejectError, setRejectError] = useState<string | null>(null);
  const opts = {
    onSuccess: () => {
      setError(null);
      void utils.scenarios.invalidate();
      onDone();
    },
    onError: (e: unknown) => setError(errorText(e)),
  };
  const submit = trpc.scenarios.submit.useMutation(opts);
  const approve = trpc.scenarios.approve.useMutation(opts);
  const publish = trpc.scenarios.publish.useMutation(opts);
  const reopen = trpc.scenarios.reopen.useMutation(opts);
  const unlock = trpc.scenarios.unlock.useMutation(opts);
  const reject = trpc.scenarios.reject.useMutation({
    onSuccess: () => {
      setRejecting(false);
      setComment("");
      setRejectError(null);
      opts.onSuccess();
    },
    onError: (e) => setRejectError(errorText(e, "comment")),
  });
  const mutations = { submit, approve, publish, reopen, unlock, reject };
  const pending = Object.values(mutations).some((m) => m.isPending);
  const role = me.current?.role ?? "viewer";

  const reason = (a: WorkflowAction): string | null => {
    const rule = WORKFLOW[a];
    if (!me.permissions.includes(rule.permission)) return tw("noPermission", { role: t(`roles.${role}`), permission: rule.permission });
    if (!rule.from.includes(status)) {
      return tw("wrongStatus", { status: t(`status.${status}`), needed: rule.from.map((f) => t(`status.${f}`)).join(" / ") });
    }
    return null;
  };
  const run = (a: WorkflowAction) => {
    setError(null);
    if (a === "reject") {
      setRejectError(null);
      setRejecting(true);
      return;
    }
    if (a === "publish" && !window.confirm(tw("confirmPublish", { name }))) return;
    mutations[a].mutate({ id });
  };

  return (
    <section className="panel workflow" data-testid="workflow">
      <div className="toolbar">
        <strong>{tw("title")}</strong>
        {WORKFLOW_ACTIONS.map((a) => {
          const why = reason(a);
          return (
            <button
              key={a}
              type="button"
              className={`btn${a === "approve" || a === "publish" || a === "submit" ? " primary" : a === "reject" ? " danger" : ""}`}
              disabled={!!why || pending}
              title={why ?? tw(`${a}Hint`)}
              aria-describedby={why ? `why-${a}` : undefined}
              onClick={() => run(a)}
              data-testid={`wf-${a}`}
              data-reason={why ?? ""}
            >
              {tw(a)}
              {why && <span id={`why-${a}`} className="sr-only">{why}</span>}
            </button>
          );
        })}
      </div>
      {error && <div className="alert error" role="alert" data-testid="workflow-error">{error}</div>}
      {rejecting && (
        <Modal title={tw("rejectTitle", { name })} onClose={() => setRejecting(false)} testId="reject-dialog">
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              reject.mutate({ id, comment });
            }}
          >
            <label className="field">
              <span>{tw("rejectComment")} *</span>
              <textarea rows={4} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="reject-comment" />
            </label>
            {rejectError && <div className="alert error" role="alert" data-testid="reject-error">{rejectError}</div>}
            <footer>
              <button type="button" className="btn" onClick={() => setRejecting(false)}>{tw("cancel")}</button>
              <button type="submit" className="btn danger" disabled={reject.isPending} data-testid="reject-confirm">{tw("reject")}</button>
            </footer>
          </form>
        </Modal>
      )}
    </section>
  );
}

/** A child behind its parent: rebase, and the conflicts as a readable list when it cannot. */
function RebasePanel({ id, status, onDone }: { id: string; status: Status; onDone: () => void }) {
  const td = useTranslations("scenarios.detail");
  const canWrite = useCan("scenarios.write");
  const [result, setResult] = useState<{ conflicts: { path: string; parentValue: unknown; childValue: unknown }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rebase = trpc.scenarios.rebase.useMutation({
    onSuccess: (r) => {
      setError(null);
      setResult(r.rebased ? null : r);
      if (r.rebased) onDone();
    },
    onError: (e) => setError(errorText(e)),
  });
  const why = !canWrite ? td("rebaseNoPermission") : status !== "draft" ? td("rebaseNotDraft") : null;
  return (
    <div className="alert info" data-testid="behind-parent">
      {td("behindParent")}{" "}
      <button className="btn" disabled={!!why || rebase.isPending} title={why ?? undefined} onClick={() => rebase.mutate({ id })} data-testid="rebase">
        {td("rebase")}
      </button>
      {error && <div className="alert error" role="alert">{error}</div>}
      {result && result.conflicts.length > 0 && (
        <div data-testid="rebase-conflicts">
          <p><strong>{td("rebaseConflicts", { count: result.conflicts.length })}</strong></p>
          <ul>
            {result.conflicts.slice(0, 200).map((c) => (
              <li key={c.path}>
                {td("conflictLine", { cell: readablePath(c.path), parent: showValue(c.parentValue), mine: showValue(c.childValue) })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** "Run this scenario" and the scenario's runs (polled while one is queued or running). */
function ScenarioRuns({ id }: { id: string }) {
  const td = useTranslations("scenarios.detail");
  const progressText = useProgressText();
  const fmt = useFormat();
  const canRun = useCan("runs.write");
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const runs = trpc.runs.list.useQuery(
    { scenarioRef: id, limit: 20, sort: "createdAt", direction: "desc" },
    { refetchInterval: (q) => (q.state.data?.rows.some((r) => isActive(r.status)) ? 1000 : false) },
  );
  const start = trpc.runs.startScenario.useMutation({
    onSuccess: () => {
      setError(null);
      void utils.runs.list.invalidate();
    },
    onError: (e) => setError(errorText(e)),
  });
  const rows = runs.data?.rows ?? [];
  return (
    <section className="panel" data-testid="scenario-runs">
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>{td("runs")}</h2>
        <span className="spacer" />
        {canRun ? (
          <button className="btn primary" disabled={start.isPending} onClick={() => start.mutate({ scenarioId: id })} data-testid="run-scenario">
            {td("runScenario")}
          </button>
        ) : (
          <span className="muted">{td("runNoPermission")}</span>
        )}
      </div>
      {error && <div className="alert error" role="alert">{error}</div>}
      {runs.error && <ErrorAlert message={describeError(runs.error).message} onRetry={() => void runs.refetch()} />}
      {!runs.data && !runs.error && <div className="skeleton" style={{ height: 60 }} />}
      {runs.data && rows.length === 0 && <p className="empty">{canRun ? td("noRuns") : td("noRunsViewer")}</p>}
      {rows.length > 0 && (
        <table className="table" data-testid="scenario-run-list">
          <thead>
            <tr>
              <th>{td("runName")}</th>
              <th>{td("runStatus")}</th>
              <th>{td("runProgress")}</th>
              <th>{td("runCreated")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="scenario-run" data-status={r.status}>
                <td><Link href={`/runs/${r.id}`}>{r.name}</Link></td>
                <td><StatusBadge status={r.status} /></td>
                <td style={{ minWidth: 160 }}><ProgressBar value={r.progress} title={progressText(r.progressMessage)} /></td>
                <td>{fmt.dateTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
