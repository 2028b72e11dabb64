/**
 * `scp forecast`: forecasts every series of the document. The envelope must be valid (exit 1
 * otherwise); a series that is malformed or unsuitable for the method gets `{ id, error }` in the
 * output while the others are forecast normally (exit 0).
 */
import type { Command } from "../scp.ts";
import { parseInput } from "../validate.ts";
import { forecastDocumentSchema } from "../../schemas/forecast.ts";
import { forecastDocument } from "../../server/services/forecast-document.ts";

export const run: Command = (input) => {
  const doc = parseInput(forecastDocumentSchema, input);
  if (!doc.ok) return { output: { errors: doc.errors }, exitCode: 1 };
  return { output: forecastDocument(doc.value), exitCode: 0 };
};
