/**
 * Calendar arithmetic on ISO dates ('YYYY-MM-DD') as integer day numbers (days since 1970-01-01,
 * UTC), so time zones and daylight saving never shift a day.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' to a day number; returns `undefined` for malformed or impossible dates. */
export function tryParseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC silently rolls 2025-02-30 over to March; reject such dates.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return Math.round(ms / MS_PER_DAY);
}

/** Parses 'YYYY-MM-DD' to a day number, throwing on malformed input. */
export function parseIsoDate(text: string): number {
  const dayNumber = tryParseIsoDate(text);
  if (dayNumber === undefined) throw new Error(`not a valid ISO date (YYYY-MM-DD): ${text}`);
  return dayNumber;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Formats a day number as 'YYYY-MM-DD'. */
export function formatIsoDate(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** ISO weekday with Monday = 0 … Sunday = 6 (1970-01-01, day 0, was a Thursday). */
export function isoWeekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** Year and month (1–12) of a day number. */
export function yearMonth(dayNumber: number): { year: number; month: number } {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/**
 * ISO 8601 week of a day: weeks start on Monday and week 1 is the week holding the year's first
 * Thursday, so the week-year can differ from the calendar year around 1 January.
 */
export function isoWeek(dayNumber: number): { weekYear: number; week: number } {
  const thursday = dayNumber - isoWeekday(dayNumber) + 3;
  const weekYear = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const januaryFirst = Math.round(Date.UTC(weekYear, 0, 1) / MS_PER_DAY);
  return { weekYear, week: Math.floor((thursday - januaryFirst) / 7) + 1 };
}

/** 'YYYY-Www', e.g. '2026-W01'. */
export function isoWeekLabel(dayNumber: number): string {
  const { weekYear, week } = isoWeek(dayNumber);
  return `${weekYear}-W${pad2(week)}`;
}

/** 'YYYY-MM'. */
export function monthLabel(dayNumber: number): string {
  const { year, month } = yearMonth(dayNumber);
  return `${String(year).padStart(4, "0")}-${pad2(month)}`;
}
