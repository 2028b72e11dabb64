"use client";
/**
 * A create/edit form from field definitions. Server validation errors (zod, via tRPC) are shown
 * beside the field they name; nothing is saved unless the server accepted the whole form.
 */
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { describeError, type ShownError } from "./errors.ts";

export interface FieldDef {
  name: string;
  kind: "text" | "decimal" | "integer" | "select" | "password" | "email";
  options?: { value: string; label: string }[];
  required?: boolean;
  /** Only on create (e.g. a lane's ends, an item's SKU stays editable). */
  createOnly?: boolean;
  /** Empty means null (clears the value) rather than "not sent". */
  nullable?: boolean;
}

export type FormValues = Record<string, unknown>;

function toPayload(fields: FieldDef[], raw: Record<string, string>, isCreate: boolean): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    if (f.createOnly && !isCreate) continue;
    const v = (raw[f.name] ?? "").trim();
    if (v === "") {
      if (f.nullable && !isCreate) out[f.name] = null;
      else if (f.required) out[f.name] = f.kind === "integer" ? Number.NaN : "";
      continue;
    }
    out[f.name] = f.kind === "integer" ? Number(v) : v;
  }
  return out;
}

export function EntityForm(props: {
  fields: FieldDef[];
  initial?: Record<string, unknown>;
  onSubmit: (values: FormValues) => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
  readOnly?: boolean;
}) {
  const t = useTranslations("common");
  const tf = useTranslations("fields");
  const te = useTranslations("errors");
  const isCreate = !props.initial;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(props.fields.map((f) => [f.name, props.initial?.[f.name] == null ? "" : String(props.initial[f.name])])),
  );
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(toPayload(props.fields, values, isCreate));
      props.onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => error?.fieldErrors[name]?.join("; ");
  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && (
        <div className="alert error" role="alert" data-testid="form-error">
          {te.has(error.code) ? te(error.code) : error.message}
          {error.code !== "BAD_REQUEST" ? null : <div style={{ marginTop: 4, fontSize: "0.85rem" }}>{error.message}</div>}
        </div>
      )}
      {props.fields.map((f) => {
        const disabled = props.readOnly || (f.createOnly && !isCreate);
        const fe = fieldError(f.name);
        const id = `field-${f.name}`;
        return (
          <div className={`field${fe ? " invalid" : ""}`} key={f.name}>
            <label htmlFor={id}>
              {tf(f.name)}
              {f.required ? " *" : ""}
            </label>
            {f.kind === "select" ? (
              <select
                id={id}
                name={f.name}
                value={values[f.name]}
                disabled={disabled}
                aria-invalid={Boolean(fe)}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              >
                <option value="">{t("none")}</option>
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
                type={f.kind === "password" ? "password" : f.kind === "email" ? "email" : "text"}
                inputMode={f.kind === "decimal" ? "decimal" : f.kind === "integer" ? "numeric" : undefined}
                value={values[f.name]}
                disabled={disabled}
                aria-invalid={Boolean(fe)}
                autoComplete={f.kind === "password" ? "new-password" : "off"}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              />
            )}
            {fe && <span className="error" role="alert">{fe}</span>}
          </div>
        );
      })}
      <footer style={{ display: "flex", gap: 8, justifyContent: "flex-end" }}>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t("cancel")}
        </button>
        {!props.readOnly && (
          <button type="submit" className="btn primary" disabled={busy} data-testid="form-save">
            {busy ? t("saving") : t("save")}
          </button>
        )}
      </footer>
    </form>
  );
}
