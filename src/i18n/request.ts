/**
 * Locale per request: the user's choice (cookie, set from their profile), else the browser's
 * Accept-Language, else English. Messages come from messages/<locale>.json.
 */
import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { LOCALES, type Locale } from "../schemas/org.ts";

export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (cookie && (LOCALES as readonly string[]).includes(cookie)) return cookie as Locale;
  const preferred = (acceptLanguage ?? "")
    .split(",")
    .map((part) => part.trim().split(";")[0]!.toLowerCase().slice(0, 2));
  return (preferred.find((l) => (LOCALES as readonly string[]).includes(l)) as Locale | undefined) ?? "en";
}

/** The locale's catalogue: messages/<locale>.json plus feature namespaces in messages/<locale>/*.json. */
export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  const base = (await import(`../../messages/${locale}.json`)).default as Record<string, unknown>;
  const extra = await Promise.all(FEATURE_CATALOGUES.map(async (name) => (await import(`../../messages/${locale}/${name}.json`)).default));
  return Object.assign({}, base, ...extra);
}

/** Feature catalogues kept in their own files (one top-level namespace each). */
export const FEATURE_CATALOGUES: string[] = ["plan", "supply"];

export default getRequestConfig(async () => {
  const locale = pickLocale((await cookies()).get("NEXT_LOCALE")?.value, (await headers()).get("accept-language"));
  return { locale, messages: await loadMessages(locale), timeZone: "UTC" };
});
