"use client";
/**
 * The consensus layers of one series: baseline, sales, marketing, finance and the resulting
 * consensus by period. A cell of a layer the user's role owns takes an adjustment (absolute units
 * or % of the baseline, with an optional comment), saved on Enter or when leaving the cell.
 */
import { useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent } from "react";
import { trpc } from "../../trpc/react.tsx";
import { useCan } from "../session/MeContext.tsx";
import { describeError } from "../ui/errors.ts";
import { useRunFormat } from "../runs/shared.tsx";
import type { Workbench } from "./ForecastPage.tsx";

const LAYERS = ["sales", "marketing", "finance"] as const;
type Layer = (typeof LAYERS)[number];

export function LayersGrid({ wb, frozen, onChanged }: { wb: Workbench; frozen: boolean; onChanged: (next: Workbench) => void }) {
  const t = useTranslations("forecast");
  const fmt = useRunFormat();
  const can: Record<Layer, boolean> = {
    sales: useCan("forecast.adjust.sales"),
    marketing: useCan("forecast.adjust.marketing"),
    finance: useCan("forecast.adjust.finance"),
  };
  const [kind, setKind] = useState<"absolute" | "percent">("absolute");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const adjust = trpc.forecast.adjust.useMutation();
  /** The edit in flight, so Enter followed by leaving the cell saves once. */
  const inFlight = useRef<string | null>(null);
  const periods = wb.version.periods;
  const anyEditable = !frozen && LAYERS.some((l) => can[l]);

  const adjustmentOf = (layer: Layer, period: number) => wb.adjustments.find((a) => a.layer === layer && a.period === period);

  async function save(layer: Layer, period: number, raw: string, input: HTMLInputElement) {
    const text = raw.trim().replace(/,/g, "").replace(/%$/, "");
    const existing = adjustmentOf(layer, period);
    if (text === "" && !existing) return;
    const value = text === "" ? 0 : Number(text);
    if (!Number.isFinite(value)) {
      setError(t("layersGrid.notANumber", { value: raw }));
      return;
    }
    if (existing && existing.value === value && existing.kind === kind && (existing.comment ?? "") === comment.trim()) return;
    if (!existing && value === 0) return;
    const sig = `${layer}:${period}:${kind}:${value}:${comment.trim()}`;
    if (inFlight.current === sig) return;
    inFlight.current = sig;
    setError(null);
    setSaving(`${layer}-${period}`);
    try {
      const next = await adjust.mutateAsync({
        versionId: wb.version.id, item: wb.item, location: wb.location, layer, period, kind, value,
        comment: comment.trim() || undefined,
      });
      onChanged(next);
    } catch (err) {
      setError(describeError(err).message);
      input.value = existing ? String(existing.value) : "";
    } finally {
      inFlight.current = null;
      setSaving(null);
    }
  }

  const reason = (layer: Layer) =>
    frozen ? t("layersGrid.frozenReason") : !can[layer] ? t("layersGrid.roleReason", { layer: t(`layers.${layer}`) }) : undefined;

  const onKey = (e: KeyboardEvent<HTMLInputElement>, layer: Layer, period: number) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void save(layer, period, e.currentTarget.value, e.currentTarget);
    } else if (e.key === "Escape") {
      const a = adjustmentOf(layer, period);
      e.currentTarget.value = a ? String(a.value) : "";
    }
  };

  return (
    <section className="panel" data-testid="layers-panel">
      <div className="toolbar">
        <h2 style={{ margin: 0 }}>{t("layersGrid.title")}</h2>
        <span className="spacer" />
        {anyEditable && (
          <>
            <div className="segmented" role="group" aria-label={t("layersGrid.kind")} data-testid="adjust-kind" data-value={kind}>
              {(["absolute", "percent"] as const).map((k) => (
                <button key={k} type="button" className={`btn${k === kind ? " primary" : ""}`} aria-pressed={k === kind} onClick={() => setKind(k)} data-testid={`adjust-kind-${k}`}>
                  {t(`layersGrid.${k}`)}
                </button>
              ))}
            </div>
            <label className="inline-field">
              {t("layersGrid.comment")}
              <input type="text" value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} placeholder={t("layersGrid.commentPlaceholder")} data-testid="adjust-comment" />
            </label>
          </>
        )}
        {saving && <span className="badge live">{t("layersGrid.saving")}</span>}
      </div>
      <p className="muted">{frozen ? t("layersGrid.frozenHelp") : anyEditable ? t("layersGrid.help") : t("layersGrid.readOnlyHelp")}</p>
      {error && <div className="alert error" role="alert" data-testid="adjust-error">{error}</div>}
      <div className="table-scroll">
        <table className="table layers-grid" data-testid="layers-grid">
          <thead>
            <tr>
              <th>{t("layersGrid.layer")}</th>
              {periods.map((p, i) => (
                <th key={i} className="num">{p}</th>
              ))}
              <th className="num">{t("layersGrid.total")}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="row-baseline">
              <th scope="row">{t("layers.baseline")}</th>
              {wb.baseline.map((v, i) => (
                <td key={i} className="num" data-testid={`baseline-${i}`} data-value={v}>{fmt.number(v, 1)}</td>
              ))}
              <td className="num">{fmt.number(wb.baseline.reduce((a, v) => a + v, 0), 1)}</td>
            </tr>
            {LAYERS.map((layer) => {
              const why = reason(layer);
              return (
                <tr key={layer} className={`row-layer${why ? " locked" : ""}`}>
                  <th scope="row" title={why}>
                    {t(`layers.${layer}`)}
                  </th>
                  {periods.map((_, i) => {
                    const a = adjustmentOf(layer, i);
                    const effect = wb.layers[layer][i] ?? 0;
                    const title = [
                      why,
                      a ? t("layersGrid.cellTitle", { kind: t(`layersGrid.${a.kind === "percent" ? "percent" : "absolute"}`), effect: fmt.number(effect, 1) }) : undefined,
                      a?.comment ? `“${a.comment}”` : undefined,
                    ].filter(Boolean).join("\n");
                    return (
                      <td key={i} className={`num${a ? " adjusted" : ""}`}>
                        <input
                          key={`${a?.kind ?? ""}:${a?.value ?? ""}:${a?.updatedAt ?? ""}`}
                          className={`cell-input${a?.kind === "percent" ? " pct" : ""}`}
                          inputMode="decimal"
                          defaultValue={a ? String(a.value) : ""}
                          placeholder={why ? "" : "0"}
                          disabled={Boolean(why)}
                          title={title || undefined}
                          aria-label={t("layersGrid.cellLabel", { layer: t(`layers.${layer}`), period: periods[i]! })}
                          data-testid={`adjust-${layer}-${i}`}
                          onKeyDown={(e) => onKey(e, layer, i)}
                          onBlur={(e) => void save(layer, i, e.currentTarget.value, e.currentTarget)}
                        />
                        {a?.kind === "percent" && <span className="pct-mark">%</span>}
                      </td>
                    );
                  })}
                  <td className="num">{fmt.number(wb.layers[layer].reduce((s, v) => s + v, 0), 1)}</td>
                </tr>
              );
            })}
            <tr className="row-consensus">
              <th scope="row">{t("layers.consensus")}</th>
              {wb.consensus.map((v, i) => (
                <td key={i} className="num" data-testid={`consensus-${i}`} data-value={v}>{fmt.number(v, 1)}</td>
              ))}
              <td className="num" data-testid="consensus-total">{fmt.number(wb.consensus.reduce((a, v) => a + v, 0), 1)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
