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

export default getRequestConfig(async () => {
  const locale = pickLocale((await cookies()).get("NEXT_LOCALE")?.value, (await headers()).get("accept-language"));
  return {
    locale,
    messages: (await import(`../../messages/${locale}.json`)).default,
    timeZone: "UTC",
  };
});
