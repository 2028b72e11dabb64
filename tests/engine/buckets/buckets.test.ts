/**
 * Time buckets: calendar facts (ISO 8601 weeks, month lengths), and exact aggregation /
 * disaggregation round trips (property-based).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  aggregate,
  createTimeBuckets,
  disaggregate,
  isoWeekLabel,
  parseIsoDate,
  splitProportionally,
  tryParseIsoDate,
} from "../../../src/server/engine/buckets/index.ts";

describe("calendar", () => {
  it("labels ISO weeks per ISO 8601 (week 1 holds the first Thursday)", () => {
    // Known dates: 2026-01-01 is a Thursday (week 1 of 2026); 2021-01-03 is a Sunday in 2020-W53;
    // 2024-12-30 is a Monday already in 2025-W01; 2027-01-01 is a Friday in 2026-W53.
    expect(isoWeekLabel(parseIsoDate("2026-01-01"))).toBe("2026-W01");
    expect(isoWeekLabel(parseIsoDate("2021-01-03"))).toBe("2020-W53");
    expect(isoWeekLabel(parseIsoDate("2024-12-30"))).toBe("2025-W01");
    expect(isoWeekLabel(parseIsoDate("2027-01-01"))).toBe("2026-W53");
  });

  it("rejects impossible dates", () => {
    expect(tryParseIsoDate("2025-02-29")).toBeUndefined();
    expect(tryParseIsoDate("2024-02-29")).toBe(parseIsoDate("2024-03-01") - 1);
    expect(tryParseIsoDate("2024-13-01")).toBeUndefined();
    expect(tryParseIsoDate("24-01-01")).toBeUndefined();
  });

  it("clips weeks and months to the horizon", () => {
    // 2026-01-28 (Wednesday) + 40 days: weeks start on Mondays 2026-02-02, 02-09, …
    const weeks = createTimeBuckets("week", "2026-01-28", 40);
    expect(weeks.labels.slice(0, 3)).toEqual(["2026-W05", "2026-W06", "2026-W07"]);
    expect(Array.from(weeks.bucketStart.slice(0, 3))).toEqual([0, 5, 12]);
    expect(weeks.firstDates[1]).toBe("2026-02-02");
    // Leap-year February has 29 days: Jan 30–31 (2 days), Feb 2024 (29 days), March (rest).
    const months = createTimeBuckets("month", "2024-01-30", 40);
    expect(months.labels).toEqual(["2024-01", "2024-02", "2024-03"]);
    expect(Array.from(months.bucketStart)).toEqual([0, 2, 31, 40]);
    expect(createTimeBuckets("day", "2026-03-01", 3).labels).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
  });
});

describe("aggregation", () => {
  it("sums flows and takes end-of-period (or mean) stocks", () => {
    const b = createTimeBuckets("week", "2026-01-05", 14); // two full ISO weeks
    const daily = Float64Array.from({ length: 14 }, (_, i) => i + 1);
    expect(Array.from(aggregate(daily, b, "sum"))).toEqual([28, 77]);
    expect(Array.from(aggregate(daily, b, "last"))).toEqual([7, 14]);
    expect(Array.from(aggregate(daily, b, "first"))).toEqual([1, 8]);
    expect(Array.from(aggregate(daily, b, "mean"))).toEqual([4, 11]);
  });
});

describe("disaggregation", () => {
  it("largest remainder: 10 over 3 equal days is 4,3,3; over profile 1:2:3 is 2,3,5", () => {
    const out = new Float64Array(3);
    splitProportionally(10, 3, true, out);
    expect(Array.from(out)).toEqual([4, 3, 3]);
    splitProportionally(10, 3, true, out, 0, [1, 2, 3]);
    // Quotas 1.67, 3.33, 5 → floors 1, 3, 5 → the spare unit to the largest remainder (0.67).
    expect(Array.from(out)).toEqual([2, 3, 5]);
    splitProportionally(-7, 2, true, out);
    expect(Array.from(out.subarray(0, 2))).toEqual([-4, -3]);
  });

  it("zero-weight days get nothing unless the whole bucket's profile is zero", () => {
    const b = createTimeBuckets("week", "2026-01-05", 14);
    const profile = [0, 0, 0, 0, 0, 1, 1, ...Array(7).fill(0)];
    const daily = disaggregate([9, 7], b, { profile, integer: true });
    expect(Array.from(daily)).toEqual([0, 0, 0, 0, 0, 5, 4, 1, 1, 1, 1, 1, 1, 1]);
  });

  const kinds = fc.constantFrom("day" as const, "week" as const, "month" as const);
  const startDates = fc.integer({ min: 0, max: 3000 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

  it("integer mode: integers per day that sum exactly to every bucket (property)", () => {
    fc.assert(
      fc.property(kinds, startDates, fc.integer({ min: 1, max: 200 }), fc.array(fc.integer({ min: -1000, max: 100_000 }), { minLength: 200, maxLength: 200 }), fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 200, maxLength: 200 }), (kind, start, days, values, useProfile, weights) => {
        const b = createTimeBuckets(kind, start, days);
        const bucketValues = values.slice(0, b.count);
        const daily = disaggregate(bucketValues, b, { integer: true, profile: useProfile ? weights.slice(0, days) : undefined });
        for (const v of daily) expect(Number.isInteger(v)).toBe(true);
        expect(Array.from(aggregate(daily, b, "sum"))).toEqual(bucketValues);
      }),
      { numRuns: 300 },
    );
  });

  it("real mode: parts add back to the bucket values within one rounding (property)", () => {
    fc.assert(
      fc.property(kinds, startDates, fc.integer({ min: 1, max: 120 }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 120, maxLength: 120 }), (kind, start, days, values) => {
        const b = createTimeBuckets(kind, start, days);
        const bucketValues = values.slice(0, b.count);
        const back = aggregate(disaggregate(bucketValues, b), b, "sum");
        bucketValues.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v))));
      }),
      { numRuns: 300 },
    );
  });

  it("aggregate then disaggregate by the series itself as profile gives the series back", () => {
    const b = createTimeBuckets("month", "2026-01-01", 90);
    const daily = Float64Array.from({ length: 90 }, (_, i) => (i * 7) % 11);
    expect(Array.from(disaggregate(aggregate(daily, b, "sum"), b, { profile: daily, integer: true }))).toEqual(Array.from(daily));
  });
});
