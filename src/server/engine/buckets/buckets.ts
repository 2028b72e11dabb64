/**
 * Time buckets: group a run of consecutive days (a start date plus a day count) into days, ISO
 * weeks or calendar months, aggregate daily series into those buckets, and spread bucket
 * quantities back over their days. Aggregation and disaggregation preserve sums: summing a
 * disaggregated series per bucket gives back the bucket values (exactly in integer mode).
 *
 * Buckets are clipped to the horizon: a horizon starting on a Wednesday has a first "week" of
 * Wednesday–Sunday, and a last month that ends at the horizon end.
 */
import { formatIsoDate, isoWeekLabel, isoWeekday, monthLabel, parseIsoDate, yearMonth } from "./dates.ts";

/** Bucket granularity. */
export type BucketKind = "day" | "week" | "month";

/** A partition of `days` consecutive days starting at `startDate` into buckets. */
export interface TimeBuckets {
  readonly kind: BucketKind;
  /** First day of the horizon, 'YYYY-MM-DD'. */
  readonly startDate: string;
  /** Number of days in the horizon. */
  readonly days: number;
  /** Number of buckets. */
  readonly count: number;
  /** Bucket b covers day indices [bucketStart[b], bucketStart[b + 1]); length count + 1. */
  readonly bucketStart: Int32Array;
  /** Bucket index of each day index. */
  readonly bucketOfDay: Int32Array;
  /** Label per bucket: 'YYYY-MM-DD' (day), 'YYYY-Www' (ISO week) or 'YYYY-MM' (month). */
  readonly labels: readonly string[];
  /** Date of the first horizon day in each bucket, 'YYYY-MM-DD'. */
  readonly firstDates: readonly string[];
}

function startsNewBucket(kind: BucketKind, dayNumber: number): boolean {
  if (kind === "day") return true;
  if (kind === "week") return isoWeekday(dayNumber) === 0;
  return yearMonth(dayNumber - 1).month !== yearMonth(dayNumber).month;
}

function bucketLabel(kind: BucketKind, dayNumber: number): string {
  if (kind === "day") return formatIsoDate(dayNumber);
  if (kind === "week") return isoWeekLabel(dayNumber);
  return monthLabel(dayNumber);
}

/** Builds the buckets of `days` days from `startDate` ('YYYY-MM-DD'). */
export function createTimeBuckets(kind: BucketKind, startDate: string, days: number): TimeBuckets {
  if (!Number.isInteger(days) || days < 0) throw new Error(`day count must be a non-negative integer, got ${days}`);
  const first = parseIsoDate(startDate);
  const bucketOfDay = new Int32Array(days);
  const starts: number[] = [];
  const labels: string[] = [];
  const firstDates: string[] = [];
  for (let d = 0; d < days; d++) {
    const dayNumber = first + d;
    if (d === 0 || startsNewBucket(kind, dayNumber)) {
      starts.push(d);
      labels.push(bucketLabel(kind, dayNumber));
      firstDates.push(formatIsoDate(dayNumber));
    }
    bucketOfDay[d] = starts.length - 1;
  }
  const bucketStart = new Int32Array(starts.length + 1);
  bucketStart.set(starts);
  bucketStart[starts.length] = days;
  return { kind, startDate, days, count: starts.length, bucketStart, bucketOfDay, labels, firstDates };
}

/**
 * How a daily series becomes one value per bucket: `sum` for flows (demand, cost), `last`
 * (end-of-period) or `mean` for stocks (on-hand, backorders), `first` for opening stocks.
 */
export type Aggregation = "sum" | "mean" | "last" | "first";

/** Aggregates a daily series (length `buckets.days`) to one value per bucket. */
export function aggregate(daily: ArrayLike<number>, buckets: TimeBuckets, how: Aggregation): Float64Array {
  if (daily.length !== buckets.days) {
    throw new Error(`series has ${daily.length} days, buckets cover ${buckets.days}`);
  }
  const out = new Float64Array(buckets.count);
  const starts = buckets.bucketStart;
  for (let b = 0; b < buckets.count; b++) {
    const from = starts[b];
    const to = starts[b + 1];
    if (how === "last") out[b] = daily[to - 1];
    else if (how === "first") out[b] = daily[from];
    else {
      let sum = 0;
      for (let d = from; d < to; d++) sum += daily[d];
      out[b] = how === "sum" ? sum : sum / (to - from);
    }
  }
  return out;
}

/**
 * Splits `total` into `count` parts proportional to `weights[offset + i]` (all 1 when no weights
 * are given, or when they sum to 0), writing into `out[offset + i]`.
 *
 * Integer mode (`total` must be an integer) uses the largest-remainder (Hamilton) method: each part
 * gets the floor of its quota and the leftover units go to the largest fractional remainders,
 * earlier slots first on ties, so parts are integers summing exactly to `total`. Real mode gives
 * the last positively weighted slot the residual, so the parts add back to `total` up to one
 * floating-point rounding of the final addition.
 */
export function splitProportionally(
  total: number,
  count: number,
  integer: boolean,
  out: Float64Array,
  offset = 0,
  weights?: ArrayLike<number>,
): void {
  if (count <= 0) return;
  if (integer && !Number.isInteger(total)) throw new Error(`integer split of a non-integer total ${total}`);
  let weightSum = 0;
  if (weights) {
    for (let i = 0; i < count; i++) {
      const w = weights[offset + i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`profile weight must be finite and ≥ 0, got ${w}`);
      weightSum += w;
    }
  }
  const even = !weights || weightSum <= 0;
  const weightOf = (i: number): number => (even ? 1 : (weights as ArrayLike<number>)[offset + i]);
  const sumOfWeights = even ? count : weightSum;
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);

  if (!integer) {
    let lastPositive = -1;
    let assigned = 0;
    for (let i = 0; i < count; i++) {
      const w = weightOf(i);
      const part = (magnitude * w) / sumOfWeights;
      out[offset + i] = sign * part;
      if (w > 0) lastPositive = i;
    }
    for (let i = 0; i < count; i++) if (i !== lastPositive) assigned += out[offset + i];
    out[offset + lastPositive] = total - assigned;
    return;
  }

  let floorSum = 0;
  const remainders = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const quota = (magnitude * weightOf(i)) / sumOfWeights;
    const whole = Math.floor(quota);
    out[offset + i] = whole;
    remainders[i] = quota - whole;
    floorSum += whole;
  }
  let leftover = magnitude - floorSum;
  if (leftover > 0) {
    const order = Array.from({ length: count }, (_, i) => i);
    // Stable sort keeps earlier slots first among equal remainders.
    order.sort((a, b) => remainders[b] - remainders[a]);
    for (let k = 0; leftover > 0; k = (k + 1) % count) {
      // Zero-weight slots never receive units unless every slot has zero weight.
      if (!even && weightOf(order[k]) === 0) continue;
      out[offset + order[k]] += 1;
      leftover--;
    }
  }
  if (sign < 0) for (let i = 0; i < count; i++) out[offset + i] = -out[offset + i];
}

/** Options of {@link disaggregate}. */
export interface DisaggregateOptions {
  /** Daily weights (length `buckets.days`, ≥ 0); a bucket whose weights sum to 0 is split evenly. */
  readonly profile?: ArrayLike<number>;
  /** Keep integer bucket values integral per day (largest remainder), summing exactly. */
  readonly integer?: boolean;
}

/**
 * Spreads one value per bucket over the bucket's days, evenly or in proportion to a daily
 * profile; the inverse of `aggregate(…, "sum")`.
 */
export function disaggregate(
  bucketValues: ArrayLike<number>,
  buckets: TimeBuckets,
  options: DisaggregateOptions = {},
): Float64Array {
  if (bucketValues.length !== buckets.count) {
    throw new Error(`got ${bucketValues.length} bucket values for ${buckets.count} buckets`);
  }
  if (options.profile && options.profile.length !== buckets.days) {
    throw new Error(`profile has ${options.profile.length} days, buckets cover ${buckets.days}`);
  }
  const daily = new Float64Array(buckets.days);
  for (let b = 0; b < buckets.count; b++) {
    const from = buckets.bucketStart[b];
    splitProportionally(bucketValues[b], buckets.bucketStart[b + 1] - from, options.integer ?? false, daily, from, options.profile);
  }
  return daily;
}
