"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

const KNOWN = ["CredentialsSignin", "AccountLocked", "AccessDenied", "OAuthSignin", "OAuthCallback"];

export function SignInForm(props: { error: string | null; callbackUrl: string; sso: string | null }) {
  const t = useTranslations("signin");
  const tApp = useTranslations("app");
  const [error, setError] = useState<string | null>(props.error);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl: props.callbackUrl,
    });
    if (res?.ok && !res.error) {
      window.location.assign(props.callbackUrl);
      return;
    }
    setBusy(false);
    setError(res?.error ?? "default");
  }

  const message = error ? t(`errors.${KNOWN.includes(error) ? error : "default"}`) : null;
  return (
    <main className="signin">
      <div className="box">
        <h1>{tApp("name")}</h1>
        <p className="subtitle">{t("title")}</p>
        {message && (
          <div className="alert error" role="alert">
            {message}
          </div>
        )}
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="email">{t("email")}</label>
            <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div className="field">
            <label htmlFor="password">{t("password")}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <button className="btn primary" type="submit" disabled={busy}>
            {busy ? t("submitting") : t("submit")}
          </button>
        </form>
        {props.sso && (
          <>
            <div className="divider">{t("or")}</div>
            <button className="btn" style={{ width: "100%" }} onClick={() => signIn("oidc", { callbackUrl: props.callbackUrl })}>
              {t("sso", { provider: props.sso })}
            </button>
          </>
        )}
        <p className="hint">{t("demoHint")}</p>
      </div>
    </main>
  );
}
