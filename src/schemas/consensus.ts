/** Forecast runs, versions and the consensus layers on top of the statistical baseline. */
import { z } from "zod";
import { ZId } from "./common.ts";

export const FORECAST_PARAMS_VERSION = 1;
export const LAYERS = ["sales", "marketing", "finance"] as const;
export const ZLayer = z.enum(LAYERS);
export type Layer = z.infer<typeof ZLayer>;

export const ZForecastParams = z.object({
  name: z.string().trim().min(1, "is required").max(120),
  bucket: z.enum(["week", "month"]).default("week"),
  /** Periods ahead. */
  horizon: z.number().int().min(1, "must be at least 1").max(104, "must be at most 104").default(13),
  /** "auto" or a method name of the forecasting engine. */
  method: z.string().min(1).max(40).default("auto"),
  /** Place the origin this many periods before the end of history (a hold-out with actuals). */
  holdoutPeriods: z.number().int().min(0).max(52).default(0),
  backtestWindows: z.number().int().min(0).max(10).default(3),
  /** Only these item SKUs / location codes (all when absent). */
  items: z.array(z.string().max(64)).max(1000).optional(),
  locations: z.array(z.string().max(64)).max(1000).optional(),
});
export type TForecastParams = z.infer<typeof ZForecastParams>;
export const ZStartForecast = ZForecastParams.extend({ priority: z.number().int().min(-10).max(10).default(0) });

export const ZVersionId = z.object({ versionId: ZId });
export const ZSeriesKey = z.object({ versionId: ZId, item: z.string().min(1).max(64), location: z.string().min(1).max(64) });
export const ZAdjust = ZSeriesKey.extend({
  layer: ZLayer,
  period: z.number().int().min(0),
  kind: z.enum(["absolute", "percent"]),
  /** Absolute: units added (may be negative). Percent: % of the baseline added (−100 … 1000). */
  value: z.number().finite().min(-1e9).max(1e9),
  comment: z.string().trim().max(500).optional(),
});
export type TAdjust = z.infer<typeof ZAdjust>;
