/** Writes schemas/inventory.schema.json (the `scp inventory` / inventory API request) from the zod schema. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { inventoryRequestSchema } from "../src/schemas/inventory.ts";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schemas", "inventory.schema.json");
const schema = { ...z.toJSONSchema(inventoryRequestSchema, { io: "input" }), title: "scp inventory request" };
writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
console.log(`wrote ${out}`);
