/**
 * Input-validation messages in the caller's language. zod writes an issue's default message when
 * it finds the issue (it needs the input then: "expected number, received string"), so the
 * request's locale must be known while the input is parsed: the tRPC error middleware runs each
 * procedure inside `withValidationLocale`, and zod's global locale, set here, writes in the
 * locale in effect (English outside a request: the `scp` tool, background jobs).
 *
 * Messages our schemas spell out themselves ("is required") stay as written in the schema; the
 * common ones are translated afterwards by `issueMessage` through the error catalogue's
 * `validation…` keys. The rest (messages that embed a value) stay in English.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";
import { errorText, type ErrorMessageKey } from "./errors.ts";
import type { Locale } from "../schemas/org.ts";

const current = new AsyncLocalStorage<Locale>();
const zodLocales: Record<Locale, { localeError: z.core.$ZodErrorMap }> = { en: z.locales.en(), ja: z.locales.ja() };
z.config({ localeError: (issue) => zodLocales[current.getStore() ?? "en"].localeError(issue) });

/** Runs `fn` (and everything it awaits) with zod's default messages in `locale`. */
export function withValidationLocale<T>(locale: Locale, fn: () => T): T {
  return current.run(locale, fn);
}

/** Our schemas' own messages that have a catalogue entry, by their English text. */
const CATALOGUED: Record<string, ErrorMessageKey> = {
  "is required": "validationRequired",
  "must be an id (UUID)": "validationUuid",
  "must be a number": "validationNumber",
  "must be greater than 0": "validationGreaterThanZero",
  "must be positive": "validationGreaterThanZero",
  "must not be negative": "validationNotNegative",
  "must be 0 or more": "validationNotNegative",
  "must be a date 'YYYY-MM-DD'": "validationDate",
  "must be an e-mail address": "validationEmail",
  "must be a whole number of days": "validationWholeDays",
  "choose at least one policy": "validationChoosePolicy",
  "may contain letters, digits and - _ . / only": "validationCodeCharacters",
};

/** An issue's message in `locale`: zod's own were written in it already; ours through the catalogue. */
export function issueMessage(message: string, locale: Locale): string {
  const key = CATALOGUED[message];
  return key && locale !== "en" ? errorText(locale, { key }) : message;
}

/** One line naming each bad field, e.g. "Invalid input: sku is required; price must not be negative". */
export function invalidInputMessage(issues: readonly z.core.$ZodIssue[], locale: Locale): string {
  const list = issues.map((i) => `${i.path.map(String).join(".") || "input"} ${issueMessage(i.message, locale)}`).join("; ");
  return errorText(locale, { key: "invalidInput", values: { issues: list } });
}
