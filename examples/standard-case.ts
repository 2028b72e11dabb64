/**
 * The standard benchmark case: N SKUs, each stocked at 1 DC and 9 stores (10·N SKU-nodes), one
 * unlimited supplier, 365 days, (s,S) at every node, store lead time 2 days, DC lead time 7 days,
 * integer (Poisson) store demand, backorders, full costs.
 *
 *   npx tsx examples/standard-case.ts --skus 10000 > big.json
 *   node bin/scp.mjs simulate big.json
 *
 * SKU demand rates spread log-uniformly from 0.2 to 20 units/day per store (store sizes vary from
 * 0.6× to 1.4×); reorder points cover lead-time demand plus one standard deviation and order-up-to
 * levels add a week (stores) or two weeks (DC) of demand, so stores reorder about weekly.
 */
import { pathToFileURL } from "node:url";
import type { PolicySpec, SimulationModel } from "../src/server/engine/sim/index.ts";

export interface StandardCaseOptions {
  readonly skus: number;
  readonly days?: number;
  readonly seed?: number;
  readonly stores?: number;
}

/** Deterministic pseudo-random in [0,1) from an integer (parameters only, not simulation noise). */
function unit(i: number, salt: number): number {
  let x = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35)) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

/** Safety factor: about 84% of lead times without a stockout before the batch effect of (s,S). */
const Z = 1.0;
const STORE_LEAD = 2;
const DC_LEAD = 7;

export function standardCase(options: StandardCaseOptions): SimulationModel & { bucket: "week"; startDate: string } {
  const skus = options.skus;
  const storeCount = options.stores ?? 9;
  const stores = Array.from({ length: storeCount }, (_, s) => `ST${String(s + 1).padStart(2, "0")}`);
  const storeSize = stores.map((_, s) => 0.6 + (0.8 * s) / Math.max(1, storeCount - 1));
  const items = [];
  const policies: PolicySpec[] = [];
  const demand: SimulationModel["demand"][number][] = [];
  for (let i = 0; i < skus; i++) {
    const id = `SKU${String(i).padStart(6, "0")}`;
    const unitCost = Math.round((2 + 98 * unit(i, 1)) * 100) / 100;
    items.push({ id, unitCost, price: Math.round(unitCost * 150) / 100, backorderCostPerUnitDay: Math.round(unitCost * 2) / 100 });
    const baseRate = 0.2 * Math.pow(100, unit(i, 2));
    let dcRate = 0;
    stores.forEach((store, s) => {
      const mean = Math.round(baseRate * storeSize[s] * 100) / 100;
      dcRate += mean;
      const protection = mean * STORE_LEAD;
      const reorderPoint = Math.ceil(protection + Z * Math.sqrt(protection));
      policies.push({ item: id, location: store, type: "sS", reorderPoint, orderUpTo: reorderPoint + Math.max(1, Math.ceil(mean * 7)), orderCost: 2 });
      demand.push({ item: id, location: store, distribution: { type: "poisson", mean } });
    });
    const protection = dcRate * DC_LEAD;
    const reorderPoint = Math.ceil(protection + Z * Math.sqrt(protection * 3));
    policies.push({ item: id, location: "DC", type: "sS", reorderPoint, orderUpTo: reorderPoint + Math.max(1, Math.ceil(dcRate * 14)), orderCost: 25 });
  }
  return {
    network: {
      locations: [
        { id: "SUP", kind: "supplier" },
        { id: "DC", kind: "dc" },
        ...stores.map((id) => ({ id, kind: "store" as const })),
      ],
      items,
      lanes: [
        { from: "SUP", to: "DC", leadTimeDays: DC_LEAD, costPerUnit: 0.05 },
        ...stores.map((to) => ({ from: "DC", to, leadTimeDays: STORE_LEAD, costPerUnit: 0.1 })),
      ],
    },
    policies,
    demand,
    horizonDays: options.days ?? 365,
    seed: options.seed ?? 1,
    startDate: "2026-01-05",
    bucket: "week",
    options: { holdingRatePerYear: 0.25 },
  };
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const model = standardCase({ skus: argument("skus", 10_000), days: argument("days", 365), seed: argument("seed", 1) });
  process.stdout.write(JSON.stringify(model) + "\n");
}
