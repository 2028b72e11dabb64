"use client";
/**
 * Comments on a scenario (and on its cells, from the plan grid): a threaded list, add and reply,
 * with @mentions of the people who worked on the scenario (its history and its commenters).
 */
import { useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent } from "react";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import { useFormat } from "../ui/useFormat.ts";
import { describeError } from "../ui/errors.ts";
import { ErrorAlert } from "../runs/shared.tsx";
import { errorText, type CommentRow } from "./shared.tsx";

/** The target of comments on the scenario as a whole (cells use their own key). */
export const SCENARIO_TARGET = "scenario";

interface Person { id: string; label: string; email: string | null }

export function ScenarioComments({ id }: { id: string }) {
  const tm = useTranslations("scenarios.comments");
  const me = useMe();
  const canComment = useCan("scenarios.comment");
  const q = trpc.scenarios.comments.useQuery({ id }, { refetchInterval: 3000 });
  const history = trpc.scenarios.history.useQuery({ id });

  const people = useMemo(() => {
    const map = new Map<string, Person>();
    map.set(me.user.id, { id: me.user.id, label: me.user.name || me.user.email, email: me.user.email });
    for (const h of history.data ?? []) {
      if (!map.has(h.actorId)) map.set(h.actorId, { id: h.actorId, label: h.actorName ?? h.actorEmail ?? h.actorId.slice(0, 8), email: h.actorEmail });
    }
    for (const c of q.data ?? []) {
      if (!map.has(c.authorId)) map.set(c.authorId, { id: c.authorId, label: tm("someone", { id: c.authorId.slice(0, 8) }), email: null });
    }
    return map;
  }, [me.user, history.data, q.data, tm]);

  const byParent = useMemo(() => {
    const m = new Map<string | null, CommentRow[]>();
    const ids = new Set((q.data ?? []).map((c) => c.id));
    for (const c of q.data ?? []) {
      const key = c.parentId && ids.has(c.parentId) ? c.parentId : null;
      m.set(key, [...(m.get(key) ?? []), c]);
    }
    return m;
  }, [q.data]);

  const render = (c: CommentRow, depth: number) => (
    <li key={c.id} data-testid="comment" style={{ marginLeft: depth * 24 }}>
      <CommentItem c={c} people={people} scenarioId={id} canComment={canComment} />
      {(byParent.get(c.id) ?? []).length > 0 && <ul className="thread">{byParent.get(c.id)!.map((r) => render(r, depth + 1))}</ul>}
    </li>
  );

  return (
    <section className="panel" data-testid="scenario-comments">
      <h2>{tm("title")}</h2>
      {q.error && <ErrorAlert message={describeError(q.error).message} onRetry={() => void q.refetch()} />}
      {!q.data && !q.error && <div className="skeleton" style={{ height: 120 }} />}
      {q.data && q.data.length === 0 && <p className="empty">{tm("empty")}</p>}
      {q.data && q.data.length > 0 && <ul className="thread">{(byParent.get(null) ?? []).map((c) => render(c, 0))}</ul>}
      {canComment ? <CommentForm scenarioId={id} people={people} /> : <p className="muted small" data-testid="comment-readonly">{tm("readOnly")}</p>}
    </section>
  );
}

function CommentItem({ c, people, scenarioId, canComment }: { c: CommentRow; people: Map<string, Person>; scenarioId: string; canComment: boolean }) {
  const tm = useTranslations("scenarios.comments");
  const fmt = useFormat();
  const [replying, setReplying] = useState(false);
  const author = people.get(c.authorId)?.label ?? c.authorId.slice(0, 8);
  return (
    <div className="comment-item">
      <div className="muted small">
        <strong>{author}</strong> · {fmt.dateTime(c.createdAt)}
        {c.target !== SCENARIO_TARGET && <> · <span className="badge">{tm("onCell", { cell: c.target })}</span></>}
      </div>
      <div className="comment-body" data-testid="comment-body">{c.body}</div>
      {c.mentions.length > 0 && (
        <div className="muted small">{tm("mentions", { names: c.mentions.map((m) => people.get(m)?.label ?? m.slice(0, 8)).join(", ") })}</div>
      )}
      {canComment && <button type="button" className="link" onClick={() => setReplying((r) => !r)} data-testid="comment-reply">{tm("reply")}</button>}
      {replying && <CommentForm scenarioId={scenarioId} people={people} parent={c} onDone={() => setReplying(false)} />}
    </div>
  );
}

function CommentForm({ scenarioId, people, parent, onDone }: { scenarioId: string; people: Map<string, Person>; parent?: CommentRow; onDone?: () => void }) {
  const tm = useTranslations("scenarios.comments");
  const utils = trpc.useUtils();
  const [body, setBody] = useState("");
  const [mentions, setMentions] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const add = trpc.scenarios.addComment.useMutation({
    onSuccess: () => {
      setBody("");
      setMentions([]);
      setError(null);
      void utils.scenarios.comments.invalidate({ id: scenarioId });
      onDone?.();
    },
    onError: (e) => setError(errorText(e, "body")),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // "@someone@example.com" in the text mentions that person too.
    const typed = [...people.values()].filter((p) => p.email && body.includes(`@${p.email}`)).map((p) => p.id);
    add.mutate({ id: scenarioId, target: parent?.target ?? SCENARIO_TARGET, body, mentions: [...new Set([...mentions, ...typed])], parentId: parent?.id });
  };
  const mentionable = [...people.values()];
  return (
    <form className="form comment-form" onSubmit={submit} data-testid={parent ? "reply-form" : "comment-form"}>
      <label className="field">
        <span>{parent ? tm("replyLabel") : tm("add")}</span>
        <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder={tm("placeholder")} data-testid="comment-input" />
      </label>
      {mentionable.length > 0 && (
        <fieldset className="mentions">
          <legend>{tm("mention")}</legend>
          {mentionable.map((p) => (
            <label key={p.id} className="check">
              <input
                type="checkbox"
                checked={mentions.includes(p.id)}
                onChange={(e) => setMentions((m) => (e.target.checked ? [...m, p.id] : m.filter((x) => x !== p.id)))}
              />{" "}
              @{p.label}
            </label>
          ))}
        </fieldset>
      )}
      {error && <div className="alert error" role="alert">{error}</div>}
      <footer>
        <button type="submit" className="btn primary" disabled={add.isPending} data-testid="comment-submit">{tm("post")}</button>
      </footer>
    </form>
  );
}
