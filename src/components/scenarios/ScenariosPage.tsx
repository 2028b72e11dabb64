"use client";
/**
 * The scenario tree: every scenario with its status, version, owner and tags, nested under its
 * parent; a status filter; "New baseline from master data" and "Branch" for those who may write.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent } from "react";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import { Drawer } from "../ui/Drawer.tsx";
import { useFormat } from "../ui/useFormat.ts";
import { describeError } from "../ui/errors.ts";
import { ErrorAlert } from "../runs/shared.tsx";
import { STATUSES, ScenarioStatusBadge, type ScenarioRow } from "./shared.tsx";

interface TreeRow { row: ScenarioRow; depth: number }

/** Depth-first order of the tree; when filtered, a row whose parent is hidden shows at the top. */
function flatten(rows: ScenarioRow[]): TreeRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, ScenarioRow[]>();
  for (const r of rows) {
    const key = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const out: TreeRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ row: r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function ScenariosPage() {
  const t = useTranslations("scenarios");
  const ts = useTranslations("scenarios.status");
  const fmt = useFormat();
  const me = useMe();
  const canWrite = useCan("scenarios.write");
  const [status, setStatus] = useState<string>("");
  const [creating, setCreating] = useState(false);
  const [branchOf, setBranchOf] = useState<ScenarioRow | null>(null);
  const list = trpc.scenarios.list.useQuery(status ? { status: status as ScenarioRow["status"] } : {});
  const tree = useMemo(() => flatten(list.data ?? []), [list.data]);
  // The published plan is the cycle's baseline: what-ifs start from it (at most one is published).
  const published = trpc.scenarios.list.useQuery({ status: "published" });
  const baseline = published.data?.[0] ?? null;
  const owner = (id: string) => (id === me.user.id ? t("you") : t("otherUser", { id: id.slice(0, 8) }));

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle")}</p>
      <div className="toolbar">
        <label>
          {t("filterStatus")}{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="scenario-status-filter">
            <option value="">{t("allStatuses")}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{ts(s)}</option>)}
          </select>
        </label>
        <span className="spacer" />
        {canWrite && baseline && (
          <button className="btn primary" onClick={() => setBranchOf(baseline)} data-testid="branch-published" title={t("branchPublishedHint", { name: baseline.name })}>
            {t("branchPublished")}
          </button>
        )}
        {canWrite ? (
          <button className={baseline ? "btn" : "btn primary"} onClick={() => setCreating(true)} data-testid="new-baseline">
            {t("newBaseline")}
          </button>
        ) : (
          <span className="muted" data-testid="readonly-note">{t("readOnlyRole")}</span>
        )}
      </div>
      {list.error && <ErrorAlert message={describeError(list.error).message} onRetry={() => void list.refetch()} />}
      {!list.data && !list.error && <div className="skeleton" style={{ height: 200 }} />}
      {list.data && tree.length === 0 && (
        <p className="empty" data-testid="scenarios-empty">{status ? t("emptyFiltered") : canWrite ? t("empty") : t("emptyViewer")}</p>
      )}
      {tree.length > 0 && (
        <table className="table scenario-tree" data-testid="scenario-tree">
          <thead>
            <tr>
              <th>{t("col.name")}</th>
              <th>{t("col.status")}</th>
              <th className="num">{t("col.version")}</th>
              <th>{t("col.owner")}</th>
              <th>{t("col.updated")}</th>
              <th>{t("col.tags")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tree.map(({ row, depth }) => (
              <tr key={row.id} data-testid="scenario-row" data-id={row.id} data-name={row.name}>
                <td style={{ paddingLeft: 8 + depth * 22 }}>
                  {depth > 0 && <span className="tree-branch" aria-hidden>└ </span>}
                  <Link href={`/scenarios/${row.id}`}>{row.name}</Link>
                  {!row.parentId && <span className="badge">{t("baseline")}</span>}
                  {row.status === "published" && <span className="badge ok" data-testid="published-plan" title={t("publishedPlanHint")}>{t("publishedPlan")}</span>}
                  {row.behindParent && <span className="badge warn" title={t("behindParentHint")}>{t("behindParent")}</span>}
                  {row.lockedBy && <span title={t("locked")}> 🔒</span>}
                </td>
                <td><ScenarioStatusBadge status={row.status} testId="scenario-row-status" /></td>
                <td className="num">{row.version}</td>
                <td>{owner(row.ownerId)}</td>
                <td>{fmt.dateTime(row.updatedAt)}</td>
                <td>{row.tags.map((tag) => <span key={tag} className="badge tag">{tag}</span>)}</td>
                <td>
                  {canWrite && (
                    <button className="btn small" onClick={() => setBranchOf(row)} data-testid="branch">
                      {t("branch")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <NewScenarioDrawer onClose={() => setCreating(false)} />}
      {branchOf && <NewScenarioDrawer parent={branchOf} onClose={() => setBranchOf(null)} />}
    </>
  );
}

/**
 * Creates a baseline from master data, or (with a parent) a branch of it, then opens it; or (with
 * `editing`) changes a scenario's name, description and tags.
 */
export function NewScenarioDrawer({ parent, editing, onClose }: {
  parent?: ScenarioRow;
  editing?: Pick<ScenarioRow, "id" | "name" | "description" | "tags">;
  onClose: () => void;
}) {
  const t = useTranslations("scenarios");
  const tc = useTranslations("common");
  const router = useRouter();
  const utils = trpc.useUtils();
  const [name, setName] = useState(editing ? editing.name : parent ? t("branchName", { name: parent.name }) : "");
  const [description, setDescription] = useState(editing?.description ?? "");
  const [tags, setTags] = useState(editing?.tags.join(", ") ?? "");
  const [horizonDays, setHorizonDays] = useState("91");
  const [error, setError] = useState<{ message: string; fields: Record<string, string[]> } | null>(null);
  const done = (r: { id: string }) => {
    void utils.scenarios.list.invalidate();
    router.push(`/scenarios/${r.id}`);
  };
  const fail = (e: unknown) => {
    const d = describeError(e);
    setError({ message: d.message, fields: d.fieldErrors });
  };
  const createRoot = trpc.scenarios.createRoot.useMutation({ onSuccess: done, onError: fail });
  const createChild = trpc.scenarios.createChild.useMutation({ onSuccess: done, onError: fail });
  const update = trpc.scenarios.updateDetails.useMutation({
    onSuccess: () => {
      void utils.scenarios.invalidate();
      onClose();
    },
    onError: fail,
  });
  const pending = createRoot.isPending || createChild.isPending || update.isPending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const tagList = tags.split(",").map((s) => s.trim()).filter(Boolean);
    if (editing) update.mutate({ id: editing.id, name, description, tags: tagList });
    else if (parent) createChild.mutate({ parentId: parent.id, name, description, tags: tagList });
    else createRoot.mutate({ name, description, tags: tagList, horizonDays: Number(horizonDays) });
  };
  const fieldError = (f: string) =>
    error?.fields[f]?.length ? <span className="error" role="alert">{error.fields[f]!.join("; ")}</span> : null;
  const hasFieldErrors = error && Object.keys(error.fields).length > 0;
  return (
    <Drawer title={editing ? t("editDetails") : parent ? t("branchTitle", { name: parent.name }) : t("newBaseline")} onClose={onClose}>
      <form onSubmit={submit} className="form" data-testid="scenario-form">
        {!parent && !editing && <p className="muted">{t("newBaselineHint")}</p>}
        <label className="field">
          <span>{t("form.name")} *</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="scenario-name-input" />
          {fieldError("name")}
        </label>
        <label className="field">
          <span>{t("form.description")}</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
          {fieldError("description")}
        </label>
        <label className="field">
          <span>{t("form.tags")}</span>
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder={t("form.tagsHint")} />
          {fieldError("tags")}
        </label>
        {!parent && !editing && (
          <label className="field">
            <span>{t("form.horizonDays")}</span>
            <input type="number" min={7} max={730} value={horizonDays} onChange={(e) => setHorizonDays(e.target.value)} />
            {fieldError("horizonDays")}
          </label>
        )}
        {error && !hasFieldErrors && <div className="alert error" role="alert">{error.message}</div>}
        <footer>
          <button type="button" className="btn" onClick={onClose}>{tc("cancel")}</button>
          <button type="submit" className="btn primary" disabled={pending} data-testid="scenario-form-save">
            {pending ? tc("saving") : editing ? tc("save") : parent ? t("branch") : tc("create")}
          </button>
        </footer>
      </form>
    </Drawer>
  );
}
