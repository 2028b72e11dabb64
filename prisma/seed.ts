/**
 * Demo data: two tenants so isolation is visible from the first sign-in.
 *  - Acme Foods (JPY): suppliers → plant → 2 DCs → 8 stores, 12 products made of 3 components,
 *    (s,S) policies, a year of daily store demand with weekly seasonality.
 *  - Borealis Retail (EUR): a small DC → 3 stores network.
 * Idempotent: does nothing when the demo tenants exist. Runs as the database owner.
 * Usage: tsx prisma/seed.ts (DATABASE_URL as for the app; none = embedded PGlite).
 */
import bcrypt from "bcryptjs";
import { openDb } from "../src/server/db/client.ts";
import type { PrismaClient } from "../src/generated/prisma/client.ts";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_USERS = [
  { email: "admin@acme.example", name: "Aiko Admin", tenant: "acme", role: "admin" },
  { email: "planner@acme.example", name: "Pat Planner", tenant: "acme", role: "planner" },
  { email: "planner2@acme.example", name: "Quinn Planner", tenant: "acme", role: "planner" },
  { email: "approver@acme.example", name: "Ana Approver", tenant: "acme", role: "approver" },
  { email: "viewer@acme.example", name: "Vic Viewer", tenant: "acme", role: "viewer" },
  { email: "admin@borealis.example", name: "Bo Admin", tenant: "borealis", role: "admin" },
  { email: "planner@borealis.example", name: "Birk Planner", tenant: "borealis", role: "planner" },
] as const;

/** Deterministic PRNG (mulberry32) so every fresh demo has the same numbers. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedAcme(db: PrismaClient, tenantId: string) {
  const rand = rng(42);
  const jp = await db.orgUnit.create({ data: { tenantId, code: "JP", name: "Japan" } });
  const kanto = await db.orgUnit.create({ data: { tenantId, code: "JP-KANTO", name: "Kanto", parentId: jp.id } });
  const kansai = await db.orgUnit.create({ data: { tenantId, code: "JP-KANSAI", name: "Kansai", parentId: jp.id } });

  const loc = async (code: string, name: string, type: "supplier" | "plant" | "dc" | "store", orgUnitId?: string) =>
    db.location.create({ data: { tenantId, code, name, type, orgUnitId: orgUnitId ?? null } });
  const sup1 = await loc("SUP-RICE", "Niigata Rice Co.", "supplier", jp.id);
  const sup2 = await loc("SUP-PACK", "Osaka Packaging", "supplier", jp.id);
  const plant = await loc("PLT-SAITAMA", "Saitama Plant", "plant", kanto.id);
  const dcTokyo = await loc("DC-TOKYO", "Tokyo DC", "dc", kanto.id);
  const dcOsaka = await loc("DC-OSAKA", "Osaka DC", "dc", kansai.id);
  const stores = [];
  for (let i = 1; i <= 8; i++) {
    const east = i <= 4;
    stores.push(await loc(`ST-${String(i).padStart(2, "0")}`, `${east ? "Tokyo" : "Osaka"} store ${i}`, "store", east ? kanto.id : kansai.id));
  }

  const components = [];
  for (const [sku, name, cost] of [["C-RICE", "Rice (kg)", "180"], ["C-NORI", "Nori sheet", "12"], ["C-PACK", "Package", "8"]] as const) {
    components.push(await db.item.create({ data: { tenantId, sku, name, unitCost: cost, price: cost, uom: sku === "C-RICE" ? "KG" : "EA" } }));
  }
  const products = [];
  const names = ["Onigiri salmon", "Onigiri tuna", "Onigiri ume", "Bento classic", "Bento karaage", "Maki box",
    "Inari pack", "Temaki set", "Rice cracker", "Mochi trio", "Dorayaki", "Green tea 500ml"];
  for (let i = 0; i < names.length; i++) {
    const cost = 80 + Math.round(rand() * 300);
    products.push(await db.item.create({
      data: { tenantId, sku: `FG-${String(i + 1).padStart(3, "0")}`, name: names[i]!, unitCost: String(cost), price: String(Math.round(cost * (1.6 + rand() * 0.8))) },
    }));
  }
  for (const p of products) {
    await db.bom.create({ data: { tenantId, parentItemId: p.id, componentItemId: components[0]!.id, quantityPer: (0.1 + rand() * 0.2).toFixed(3) } });
    await db.bom.create({ data: { tenantId, parentItemId: p.id, componentItemId: components[2]!.id, quantityPer: "1" } });
    if (rand() < 0.5) await db.bom.create({ data: { tenantId, parentItemId: p.id, componentItemId: components[1]!.id, quantityPer: "1" } });
  }

  const lane = (from: string, to: string, leadTimeDays: number, cost: string) =>
    db.lane.create({ data: { tenantId, fromId: from, toId: to, leadTimeDays, transportCostPerUnit: cost } });
  await lane(sup1.id, plant.id, 10, "4.5");
  await lane(sup2.id, plant.id, 7, "0.8");
  await lane(plant.id, dcTokyo.id, 2, "6");
  await lane(plant.id, dcOsaka.id, 3, "9");
  for (const [i, s] of stores.entries()) await lane(i < 4 ? dcTokyo.id : dcOsaka.id, s.id, i < 4 ? 1 : 2, "3");

  // (s,S) at stores, base-stock at DCs; levels scaled to each product's demand rate.
  const rate = products.map(() => 5 + Math.round(rand() * 25));
  for (const [pi, p] of products.entries()) {
    for (const s of stores) {
      const s_ = Math.round(rate[pi]! * 3);
      await db.inventoryPolicy.create({
        data: { tenantId, itemId: p.id, locationId: s.id, policyType: "s_S", reorderPoint: String(s_), orderUpTo: String(s_ + rate[pi]! * 4), moq: "6", orderMultiple: "6" },
      });
    }
    // The plant makes to stock: base-stock on each product, replenished by production.
    await db.inventoryPolicy.create({
      data: { tenantId, itemId: p.id, locationId: plant.id, policyType: "base_stock", orderUpTo: String(rate[pi]! * 8 * 4) },
    });
    for (const dc of [dcTokyo, dcOsaka]) {
      await db.inventoryPolicy.create({
        data: { tenantId, itemId: p.id, locationId: dc.id, policyType: "base_stock", orderUpTo: String(rate[pi]! * 4 * 10), safetyStock: String(rate[pi]! * 8) },
      });
    }
  }

  // Components at the plant, bought from the suppliers.
  for (const [c, level] of [[components[0]!, 4000], [components[1]!, 12000], [components[2]!, 30000]] as const) {
    await db.inventoryPolicy.create({
      data: { tenantId, itemId: c.id, locationId: plant.id, policyType: "s_S", reorderPoint: String(level / 2), orderUpTo: String(level) },
    });
  }

  // A year of daily demand per product × store: base rate × weekday profile × noise, integers.
  const weekday = [1.3, 0.8, 0.85, 0.9, 1.0, 1.25, 1.5]; // Sun..Sat
  const start = Date.UTC(2025, 11, 1);
  const rows: { tenantId: string; itemId: string; locationId: string; date: Date; quantity: string }[] = [];
  for (const [pi, p] of products.entries()) {
    for (const s of stores) {
      for (let d = 0; d < 365; d++) {
        const date = new Date(start + d * 86_400_000);
        const mean = rate[pi]! * weekday[date.getUTCDay()]! * (1 + 0.15 * Math.sin((2 * Math.PI * d) / 365));
        const q = Math.max(0, Math.round(mean + (rand() + rand() + rand() - 1.5) * Math.sqrt(mean) * 1.4));
        rows.push({ tenantId, itemId: p.id, locationId: s.id, date, quantity: String(q) });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 5000) await db.demandHistory.createMany({ data: rows.slice(i, i + 5000) });
}

async function seedBorealis(db: PrismaClient, tenantId: string) {
  const eu = await db.orgUnit.create({ data: { tenantId, code: "NORDICS", name: "Nordics" } });
  const sup = await db.location.create({ data: { tenantId, code: "SUP-OSLO", name: "Oslo Supplier", type: "supplier", orgUnitId: eu.id } });
  const dc = await db.location.create({ data: { tenantId, code: "DC-OSLO", name: "Oslo DC", type: "dc", orgUnitId: eu.id } });
  await db.lane.create({ data: { tenantId, fromId: sup.id, toId: dc.id, leadTimeDays: 5, transportCostPerUnit: "1.2" } });
  const items = [];
  for (const [sku, name, cost, price] of [["BR-100", "Wool socks", "3.10", "9.90"], ["BR-200", "Rain jacket", "28.00", "79.00"], ["BR-300", "Thermos", "7.40", "19.50"]] as const) {
    items.push(await db.item.create({ data: { tenantId, sku, name, unitCost: cost, price } }));
  }
  for (let i = 1; i <= 3; i++) {
    const st = await db.location.create({ data: { tenantId, code: `BR-ST-${i}`, name: `Borealis store ${i}`, type: "store", orgUnitId: eu.id } });
    await db.lane.create({ data: { tenantId, fromId: dc.id, toId: st.id, leadTimeDays: 2, transportCostPerUnit: "0.6" } });
    for (const it of items) {
      await db.inventoryPolicy.create({ data: { tenantId, itemId: it.id, locationId: st.id, policyType: "r_Q", reorderPoint: "20", orderQuantity: "40" } });
    }
  }
}

export async function seedDemo(db: PrismaClient): Promise<{ created: boolean }> {
  if (await db.tenant.findUnique({ where: { slug: "acme" } })) return { created: false };
  const hash = await bcrypt.hash(DEMO_PASSWORD, 10);
  const acme = await db.tenant.create({ data: { slug: "acme", name: "Acme Foods", currency: "JPY" } });
  const borealis = await db.tenant.create({ data: { slug: "borealis", name: "Borealis Retail", currency: "EUR" } });
  const ids = { acme: acme.id, borealis: borealis.id };
  for (const u of DEMO_USERS) {
    const user = await db.user.upsert({
      where: { email: u.email },
      update: {},
      create: { email: u.email, name: u.name, passwordHash: hash, locale: "en" },
    });
    await db.membership.create({ data: { tenantId: ids[u.tenant], userId: user.id, role: u.role } });
  }
  // The Acme admin also belongs to Borealis (as a viewer), to show the tenant switcher.
  const acmeAdmin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.example" } });
  await db.membership.create({ data: { tenantId: borealis.id, userId: acmeAdmin.id, role: "viewer" } });
  await seedAcme(db, acme.id);
  await seedBorealis(db, borealis.id);
  return { created: true };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!);
if (isMain) {
  const handle = await openDb({ as: "owner", databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DATA_DIR });
  try {
    const started = Date.now();
    const { created } = await seedDemo(handle.db);
    console.log(created ? `Seeded the demo tenants in ${Date.now() - started} ms.` : "Demo tenants already present; seed skipped.");
  } finally {
    await handle.close();
  }
}
