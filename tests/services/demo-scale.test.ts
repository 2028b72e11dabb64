/**
 * The demo tenant's full year of daily demand (35,040 rows) goes through the services that read
 * all of it at once — forecasting's bucketed history and the simulation model — without hitting
 * PostgreSQL's 65,535-parameter limit, and with exact totals.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "../support/fixtures.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { withTenant } from "../../src/server/db/tenant.ts";
import { bucketedHistory } from "../../src/server/services/consensus.ts";
import { buildSimulationModel } from "../../src/server/services/sim-model.ts";
import { ZForecastParams } from "../../src/schemas/consensus.ts";
import { ZSimulateParams } from "../../src/schemas/runs.ts";

let w: World;
let acme: string;
beforeAll(async () => {
  w = await createWorld();
  await seedDemo(w.owner.db);
  acme = (await w.owner.db.tenant.findUniqueOrThrow({ where: { slug: "acme" } })).id;
}, 180_000);
afterAll(async () => {
  await w?.close();
});

describe("a year of daily demand", () => {
  it("buckets into complete ISO weeks per item × store, totals preserved", async () => {
    const { series, periods } = await withTenant(w.app.db, { tenantId: acme }, (tx) =>
      bucketedHistory(tx, ZForecastParams.parse({ name: "x", bucket: "week", horizon: 8 })));
    expect(series).toHaveLength(12 * 8);
    expect(periods).toHaveLength(8);
    expect(series[0]!.history.length).toBeGreaterThanOrEqual(51);
    // Weekly totals equal the daily rows of the same weeks (checked for one series in SQL).
    const s = series[0]!;
    const [first, last] = [s.labels[0]!, s.labels[s.labels.length - 1]!];
    const [{ total }] = await w.owner.db.$queryRaw<{ total: number }[]>`
      select coalesce(sum(d.quantity), 0)::float8 as total from demand_history d
      join items i on i.id = d.item_id join locations l on l.id = d.location_id
      where i.sku = ${s.item} and l.code = ${s.location}
        and to_char(d.date, 'IYYY-"W"IW') between ${first} and ${last}`;
    expect(s.history.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 6);
  });

  it("builds the simulation model from all of it", async () => {
    const model = await withTenant(w.app.db, { tenantId: acme }, (tx) =>
      buildSimulationModel(tx, ZSimulateParams.parse({ name: "x", demand: "history", historyDays: 365 })));
    expect(model.demand).toHaveLength(96);
  });
});
