/**
 * Forecast consensus layers in the scenario plan grid (issues 5 and 6): a planner forecasts one
 * item × store by week, opens a draft scenario's plan grid with that version as the forecast
 * source, sees the statistical forecast, edits the sales layer (the consensus moves), cannot edit
 * finance, and uses the consensus of the row as the plan (one new version); once an approver
 * freezes the version, its layers are read-only with the reason shown.
 */
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/auth.ts";
import { trpc } from "../support/api.ts";

const cell = (page: Page, rowId: string, col: string) =>
  page.getByTestId("plan-grid").locator(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="${col}"]`);
const shown = (x: number) => new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(x);

test("the plan grid shows and edits a forecast version's layers and adopts its consensus", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  await signIn(page, "planner@acme.example");

  // A draft scenario from the demo tenant's demand history, and a weekly forecast of one of its series.
  const root = await trpc(page, "scenarios.createRoot", { name: `Layers baseline ${tag}` });
  const draft = await trpc(page, "scenarios.createChild", { parentId: root.id, name: `Layers what-if ${tag}` });
  const plan = await trpc(page, "plan.rows", { scenarioId: draft.id, bucket: "week" }, false);
  const row = plan.rows.find((r: { location: string }) => r.location.startsWith("ST-")) ?? plan.rows[0];
  const key: string = row.key;
  const run = await trpc(page, "forecast.start", {
    name: `Layers ${tag}`, bucket: "week", horizon: 6, holdoutPeriods: 0, backtestWindows: 0, items: [row.item], locations: [row.location],
  });
  await expect.poll(async () => (await trpc(page, "runs.get", { id: run.id }, false)).status, { timeout: 60_000 }).toBe("succeeded");
  const version = (await trpc(page, "forecast.versions", undefined, false)).find((v: { runId: string }) => v.runId === run.id);
  expect(version).toBeTruthy();
  const layers = await trpc(page, "plan.forecastLayers", { scenarioId: draft.id, bucket: "week", versionId: version.id, keys: [key] }, false);
  const b: number = layers.periodOfBucket.findIndex((p: number | null, i: number) => p !== null && i > 0);
  expect(b).toBeGreaterThan(0);
  const baseline: number = layers.rows[0].baseline[b];

  // The grid with the forecast layers of that version.
  await page.goto(`/scenarios/${draft.id}/plan`);
  await expect(cell(page, key, "b1")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("plan-layers-toggle").check();
  const picker = page.getByTestId("plan-forecast-version");
  await expect(picker).toBeVisible();
  await picker.selectOption(version.id);
  await expect(cell(page, `${key}|consensus`, `b${b}`)).toBeVisible({ timeout: 15_000 });
  await expect(cell(page, `${key}|baseline`, `b${b}`)).toHaveText(shown(baseline));
  await expect(cell(page, `${key}|consensus`, `b${b}`)).toHaveText(shown(baseline));
  await expect(page.getByTestId("plan-layers-summary")).toContainText(`Layers of “Layers ${tag}”`);
  // A bucket without a forecast (after the version's horizon) shows "—": reached with the arrow keys.
  const unmatched = layers.periodOfBucket.findIndex((p: number | null, i: number) => p === null && i > b);
  if (unmatched > 0) {
    await cell(page, `${key}|consensus`, `b${b}`).click();
    for (let i = b; i < unmatched; i++) await page.keyboard.press("ArrowRight");
    await expect(cell(page, `${key}|consensus`, `b${unmatched}`)).toHaveText("—");
    for (let i = b; i < unmatched; i++) await page.keyboard.press("ArrowLeft");
  }

  // A sales adjustment from the grid (keyboard: Enter to edit, type, Enter to save): the consensus moves.
  const sales = cell(page, `${key}|sales`, `b${b}`);
  await sales.click();
  await page.keyboard.press("Enter");
  const input = sales.locator("input");
  await expect(input).toBeVisible();
  await input.fill("50");
  await input.press("Enter");
  await expect(sales).toHaveText("50");
  await expect(cell(page, `${key}|consensus`, `b${b}`)).toHaveText(shown(baseline + 50));
  const stored = await trpc(page, "forecast.workbench", { versionId: version.id, item: row.item, location: row.location }, false);
  expect(stored.adjustments).toEqual([expect.objectContaining({ layer: "sales", kind: "absolute", value: 50 })]);

  // Under the item's total row, each layer summed over its locations (one here), read-only.
  await page.getByTestId("plan-aggregates").check();
  const totalKey = `${row.item}@*`;
  await expect(cell(page, `${totalKey}|consensus`, `b${b}`)).toHaveText(shown(baseline + 50), { timeout: 15_000 });
  await expect(cell(page, `${totalKey}|sales`, `b${b}`)).toHaveText("50");
  await cell(page, `${totalKey}|sales`, `b${b}`).dblclick();
  await expect(cell(page, `${totalKey}|sales`, `b${b}`).locator("input")).toHaveCount(0);
  await expect(cell(page, `${totalKey}|consensus`, "measure").getByTestId("adopt-row")).toHaveCount(0);
  await page.getByTestId("plan-aggregates").uncheck();

  // Finance belongs to approvers: no editor opens for a planner. The grid is first scrolled back to
  // its top with the mouse wheel, as a user would: with the total rows gone, the series' rows may
  // sit above the view, where the grid does not render them (nothing to scroll into view).
  await page.getByTestId("plan-grid").hover();
  await page.mouse.wheel(0, -10_000);
  const finance = cell(page, `${key}|finance`, `b${b}`);
  await expect(finance).toBeVisible();
  await finance.dblclick();
  await expect(finance.locator("input")).toHaveCount(0);

  // Use the row's consensus as its plan: confirmed, one new version, the plan equals the consensus.
  const before = Number(await page.getByTestId("plan-version").getAttribute("data-version"));
  await cell(page, `${key}|consensus`, "measure").getByTestId("adopt-row").click();
  await expect(page.getByTestId("adopt-confirm")).toBeVisible();
  await page.getByTestId("adopt-confirm-button").click();
  await expect(page.getByTestId("adopt-confirm")).toHaveCount(0);
  await expect(page.getByTestId("plan-version")).toHaveAttribute("data-version", String(before + 1));
  await expect(cell(page, key, `b${b}`)).toHaveText(shown(baseline + 50));
  await expect(page.getByTestId("plan-notice")).toContainText("Consensus adopted");
  const after = await trpc(page, "plan.rows", { scenarioId: draft.id, bucket: "week", keys: [key] }, false);
  expect(after.rows[0].final[b]).toBeCloseTo(baseline + 50, 3);

  // An approver adjusts finance elsewhere: the planner's grid shows it by itself, consensus too.
  const ctx = await browser.newContext();
  const approver = await ctx.newPage();
  await signIn(approver, "approver@acme.example");
  await trpc(approver, "forecast.adjust", { versionId: version.id, item: row.item, location: row.location, layer: "finance", period: layers.periodOfBucket[b], kind: "absolute", value: -5 });
  await expect(finance).toHaveText(shown(-5), { timeout: 15_000 });
  await expect(cell(page, `${key}|consensus`, `b${b}`)).toHaveText(shown(baseline + 45));
  // Then freezes the version: the planner's layers turn read-only, with the reason.
  await trpc(approver, "forecast.freeze", { versionId: version.id });
  await ctx.close();
  // Without a refresh: the grid notices the freeze by itself.
  await expect(page.getByTestId("plan-layers-frozen")).toContainText("was frozen on", { timeout: 15_000 });
  await sales.dblclick();
  await expect(sales.locator("input")).toHaveCount(0);
  await expect(sales).toHaveText("50");
});
