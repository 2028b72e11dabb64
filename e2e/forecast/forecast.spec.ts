/**
 * Forecast workbench (issue 6): a planner starts a weekly forecast, waits for it, picks an
 * item × store, sees the chart, enters a sales override and reads the consensus update; a viewer
 * cannot edit.
 */
import { expect, test } from "@playwright/test";
import { signIn } from "../support/auth.ts";

test("a planner forecasts, overrides sales and sees the consensus move; a viewer cannot edit", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const name = `E2E forecast ${Date.now().toString(36)}`;
  await signIn(page, "planner@acme.example");
  await page.goto("/forecast");
  await expect(page.getByRole("link", { name: "Forecast", exact: true })).toBeVisible();

  // Start a weekly forecast, 8 periods ahead, no hold-out.
  await page.getByTestId("new-forecast").click();
  const drawer = page.getByRole("dialog");
  await drawer.getByLabel("Name *").fill(name);
  await drawer.getByLabel("Bucket").selectOption("week");
  await drawer.getByLabel("Horizon (periods) *").fill("8");
  await drawer.getByLabel("Hold-out periods").fill("0");
  // Every item × location of the demo tenant: a year of daily history for 96 series.
  await drawer.getByTestId("form-save").click();
  await expect(drawer).toHaveCount(0);

  // Progress until done; the new version is selected.
  const progress = page.getByTestId("forecast-run");
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("forecast-run-bar")).toHaveAttribute("aria-valuenow", "100");
  const version = page.getByTestId("version-select");
  await expect(version.locator("option:checked")).toContainText(name, { timeout: 15_000 });

  // Pick an item at a store.
  const series = page.getByTestId("series-select");
  await expect(series.locator("option").first()).toBeAttached({ timeout: 15_000 });
  const storeOption = series.locator("option", { hasText: "× ST-" }).first();
  const value = await storeOption.getAttribute("value");
  expect(value).toBeTruthy();
  await series.selectOption(value!);
  const [item, location] = value!.split("\u0000");
  await expect(page.getByRole("heading", { name: `${item} × ${location}` })).toBeVisible({ timeout: 30_000 });

  // The chart and the layers grid with 8 periods.
  await expect(page.getByTestId("forecast-chart")).toBeVisible();
  await expect(page.getByTestId("forecast-chart")).toHaveAttribute("data-periods", "8");
  await expect(page.locator("[data-testid='forecast-chart'] canvas").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("layers-grid")).toBeVisible();
  await expect(page.getByTestId("method-name")).not.toBeEmpty();

  // Sales override: +50 units in the first period → consensus = baseline + 50.
  const baseline = Number(await page.getByTestId("baseline-0").getAttribute("data-value"));
  expect(Number.isFinite(baseline)).toBe(true);
  await expect(page.getByTestId("adjust-finance-0")).toBeDisabled();
  const sales = page.getByTestId("adjust-sales-0");
  await expect(sales).toBeEnabled();
  await page.getByTestId("adjust-comment").fill("E2E promotion");
  await sales.fill("50");
  await sales.press("Enter");
  await expect
    .poll(async () => Number(await page.getByTestId("consensus-0").getAttribute("data-value")), { timeout: 30_000 })
    .toBeCloseTo(baseline + 50, 3);
  await expect(page.getByTestId("adjust-sales-0")).toHaveValue("50");
  // The other periods are unchanged.
  const b1 = Number(await page.getByTestId("baseline-1").getAttribute("data-value"));
  expect(Number(await page.getByTestId("consensus-1").getAttribute("data-value"))).toBeCloseTo(b1, 3);

  // A viewer sees the same version read-only: no start button, no editable cells.
  const ctx = await browser.newContext();
  const viewer = await ctx.newPage();
  await signIn(viewer, "viewer@acme.example");
  await viewer.goto("/forecast");
  await expect(viewer.getByTestId("read-only")).toBeVisible();
  await expect(viewer.getByTestId("new-forecast")).toHaveCount(0);
  await expect(viewer.getByTestId("freeze")).toHaveCount(0);
  await expect(viewer.getByTestId("layers-grid")).toBeVisible({ timeout: 30_000 });
  for (const layer of ["sales", "marketing", "finance"]) {
    await expect(viewer.getByTestId(`adjust-${layer}-0`)).toBeDisabled();
  }
  await expect(viewer.getByTestId("adjust-sales-0")).toHaveAttribute("title", /cannot adjust/);
  await ctx.close();
});
