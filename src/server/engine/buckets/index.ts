/** Time buckets (day / ISO week / month) with exact aggregation and disaggregation. */
export {
  aggregate,
  createTimeBuckets,
  disaggregate,
  splitProportionally,
  type Aggregation,
  type BucketKind,
  type DisaggregateOptions,
  type TimeBuckets,
} from "./buckets.ts";
export {
  formatIsoDate,
  isoWeek,
  isoWeekLabel,
  isoWeekday,
  monthLabel,
  parseIsoDate,
  tryParseIsoDate,
  yearMonth,
} from "./dates.ts";
