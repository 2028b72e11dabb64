"use client";
/** A scenario's own history: who, when, what kind, from → to; restore an older version as a new draft. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { trpc } from "../../trpc/react.tsx";
import { useCan } from "../session/MeContext.tsx";
import { useFormat } from "../ui/useFormat.ts";
import { describeError } from "../ui/errors.ts";
import { ErrorAlert } from "../runs/shared.tsx";
import { errorText, readablePath, showValue } from "./shared.tsx";

const SHOWN_CHANGES = 8;

export function ScenarioHistory({ id }: { id: string }) {
  const th = useTranslations("scenarios.history");
  const ts = useTranslations("scenarios.status");
  const fmt = useFormat();
  const router = useRouter();
  const canRestore = useCan("scenarios.write");
  const [error, setError] = useState<string | null>(null);
  const q = trpc.scenarios.history.useQuery({ id }, { refetchInterval: 5000 });
  const restore = trpc.scenarios.restore.useMutation({
    onSuccess: (r) => router.push(`/scenarios/${r.id}`),
    onError: (e) => setError(errorText(e)),
  });
  const kindLabel = (k: string) => (th.has(`kinds.${k}`) ? th(`kinds.${k}`) : k);
  const value = (path: string, v: unknown) => (path === "/status" && typeof v === "string" && ts.has(v) ? ts(v) : showValue(v));

  return (
    <section className="panel" data-testid="scenario-history">
      <h2>{th("title")}</h2>
      {error && <div className="alert error" role="alert">{error}</div>}
      {q.error && <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />}
      {!q.data && !q.error && <div className="skeleton" style={{ height: 160 }} />}
      {q.data && q.data.length === 0 && <p className="empty">{th("empty")}</p>}
      {q.data && q.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{th("when")}</th>
              <th>{th("who")}</th>
              <th>{th("kind")}</th>
              <th className="num">{th("version")}</th>
              <th>{th("changes")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {q.data.map((h) => {
              const changes = h.changes.filter((c) => c.path !== "/lockedBy");
              return (
                <tr key={h.id} data-testid="history-row" data-kind={h.kind} data-version={h.version}>
                  <td>{fmt.dateTime(h.createdAt)}</td>
                  <td>{h.actorName ?? h.actorEmail ?? h.actorId.slice(0, 8)}{h.actorEmail && <div className="muted small">{h.actorEmail}</div>}</td>
                  <td><span className="badge">{kindLabel(h.kind)}</span></td>
                  <td className="num">{h.version}</td>
                  <td>
                    <ul className="changes">
                      {changes.slice(0, SHOWN_CHANGES).map((c, i) => (
                        <li key={i} data-testid="history-change">
                          {th("change", { what: readablePath(c.path), from: value(c.path, c.from), to: value(c.path, c.to) })}
                        </li>
                      ))}
                      {changes.length > SHOWN_CHANGES && <li className="muted">{th("more", { count: changes.length - SHOWN_CHANGES })}</li>}
                    </ul>
                    {h.comment && <div className="comment" data-testid="history-comment">“{h.comment}”</div>}
                  </td>
                  <td>
                    {canRestore && h.kind !== "transition" && (
                      <button
                        className="btn small"
                        disabled={restore.isPending}
                        title={th("restoreHint", { version: h.version })}
                        onClick={() => window.confirm(th("confirmRestore", { version: h.version })) && restore.mutate({ id, version: h.version })}
                        data-testid="restore"
                      >
                        {th("restore")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
