/** Writes schemas/simulation.schema.json (the `scp simulate` / simulation API request) from the zod schema. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { simulationRequestSchema } from "../src/schemas/simulation.ts";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schemas", "simulation.schema.json");
const schema = { ...z.toJSONSchema(simulationRequestSchema, { io: "input" }), title: "scp simulate request" };
writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
console.log(`wrote ${out}`);
