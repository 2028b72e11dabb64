/** Writes schemas/forecast.schema.json (the `scp forecast` / forecast API request) from the zod schema. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { forecastRequestSchema } from "../src/schemas/forecast.ts";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schemas", "forecast.schema.json");
const schema = { ...z.toJSONSchema(forecastRequestSchema, { io: "input" }), title: "scp forecast request" };
writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
console.log(`wrote ${out}`);
