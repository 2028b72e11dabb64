/**
 * `scp forecast` / forecast API request and response. The request is validated in two layers so one
 * bad series cannot sink the others: `forecastDocumentSchema` checks the envelope (horizon, method,
 * levels, that `series` is an array) and `forecastSeriesSchema` checks each series on its own; the
 * published JSON Schema (`forecastRequestSchema`) is their composition.
 */
import { z } from "zod";
import { builtinModels } from "../server/engine/forecast/models.ts";

/** Method names accepted by the CLI: "auto" plus every built-in model. */
export const forecastMethodNames = ["auto", ...builtinModels.map((m) => m.name)] as [string, ...string[]];

export const forecastMethodSchema = z.enum(forecastMethodNames).describe('"auto" (backtest-chosen combination) or one model name');

/** One series to forecast. */
export const forecastSeriesSchema = z
  .object({
    id: z.string().min(1).describe("Caller's identifier, echoed in the output"),
    values: z.array(z.number().finite()).min(1).describe("Observations, oldest first, equally spaced"),
    period: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Seasonal period (e.g. 12 monthly, 52 weekly); default 1, or the shortest of seasonalPeriods"),
    seasonalPeriods: z
      .array(z.number().int().min(1))
      .min(1)
      .optional()
      .describe('Several seasonal periods for "mstl" (e.g. [7, 365] for daily data); with "auto", MSTL joins the candidates'),
    horizon: z.number().int().min(1).optional().describe("Overrides the document horizon for this series"),
  })
  .strict();

const levelSchema = z.number().gt(0).lt(100);

/** The document envelope; `series` items are validated one by one with `forecastSeriesSchema`. */
export const forecastDocumentSchema = z
  .object({
    horizon: z.number().int().min(1).describe("Steps ahead to forecast"),
    method: forecastMethodSchema.default("auto"),
    level: z.array(levelSchema).default([80, 95]).describe("Prediction-interval levels in percent"),
    backtestWindows: z.number().int().min(0).max(20).optional().describe("Rolling-origin windows for selection/accuracy; default 3"),
    series: z.array(z.unknown()).min(1),
  })
  .strict();

/** The full request as published in schemas/forecast.schema.json. */
export const forecastRequestSchema = forecastDocumentSchema.extend({ series: z.array(forecastSeriesSchema).min(1) });

export type ForecastRequestInput = z.input<typeof forecastRequestSchema>;
export type ForecastSeriesInput = z.output<typeof forecastSeriesSchema>;

const boundsSchema = z.record(z.string(), z.array(z.number()));

/** A successful series forecast in the output. */
export const forecastOutputItemSchema = z.object({
  id: z.string(),
  method: z.string().describe('Model used; "mean(a,b,…)" for a combination chosen by backtest'),
  mean: z.array(z.number()),
  lower: boundsSchema.describe("Lower bounds keyed by level, e.g. {\"80\": [...]}"),
  upper: boundsSchema,
});

/** A series that could not be forecast; the others still are. */
export const forecastOutputErrorSchema = z.object({
  id: z.string().nullable(),
  error: z.object({ path: z.string(), message: z.string() }),
});

export const forecastOutputSchema = z.object({
  forecasts: z.array(z.union([forecastOutputItemSchema, forecastOutputErrorSchema])),
});
export type ForecastOutput = z.infer<typeof forecastOutputSchema>;
