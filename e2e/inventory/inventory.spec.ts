/**
 * Inventory policies (issue 7): a planner optimises the policies, reads the recommendations and
 * the trade-off chart (network, then one item), applies one store's recommendation to a draft
 * scenario (through its diff) and to the policies table after confirmations, and finds both changed.
 */
import { expect, test, type Page } from "@playwright/test";
import { gridColumn, signIn } from "../support/auth.ts";
import { trpc } from "../support/api.ts";

/** Calls a tRPC procedure over HTTP as the signed-in user (superjson envelope). */
test("a planner optimises policies, inspects the trade-off and applies one recommendation", async ({ page }) => {
  test.setTimeout(180_000);
  const name = `E2E policies ${Date.now().toString(36)}`;
  await signIn(page, "planner@acme.example");
  // A baseline plan from master data and a draft what-if branched from it.
  const root = await trpc(page, "scenarios.createRoot", { name: `Baseline ${name}` });
  const draft = await trpc(page, "scenarios.createChild", { parentId: root.id, name: `What-if ${name}` });
  await page.goto("/inventory");
  await expect(page.getByRole("link", { name: "Inventory", exact: true })).toBeVisible();

  await page.getByTestId("new-optimisation").click();
  const drawer = page.getByRole("dialog");
  await drawer.getByLabel("Name *").fill(name);
  await drawer.getByLabel("Service measure").selectOption("cycle");
  await drawer.getByLabel("Service target (%) *").fill("95");
  await drawer.getByTestId("form-save").click();
  await expect(drawer).toHaveCount(0);

  const progress = page.getByTestId("inventory-run");
  await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("inventory-run-select").locator("option:checked")).toHaveText(name, { timeout: 15_000 });

  // Summary and grid rows.
  await expect(page.getByTestId("summary-rows")).toContainText(/\d/);
  await expect(page.getByTestId("summary-investment")).toContainText("¥");
  const grid = page.getByTestId("recommendations-grid");
  await expect(grid.locator(".ag-row").first()).toBeVisible({ timeout: 30_000 });
  expect((await gridColumn(page, "item")).length).toBeGreaterThan(3);

  // Trade-off: the network, then one item.
  const chart = page.getByTestId("tradeoff-chart");
  await expect(chart).toBeVisible();
  await expect(chart.locator("canvas").first()).toBeVisible({ timeout: 30_000 });
  await expect(chart).toHaveAttribute("data-item", "");
  const itemSelect = page.getByTestId("tradeoff-item");
  const firstItem = await itemSelect.locator("option").nth(1).getAttribute("value");
  await itemSelect.selectOption(firstItem!);
  await expect(chart).toHaveAttribute("data-item", firstItem!, { timeout: 30_000 });

  // Select the first store row and apply it.
  const storeRow = grid.locator(".ag-row").filter({ has: page.locator('[col-id="location"]', { hasText: /^ST-/ }) }).first();
  await expect(storeRow).toBeVisible();
  const rowIndex = await storeRow.getAttribute("row-index");
  const item = (await storeRow.locator('[col-id="item"]').innerText()).trim();
  const location = (await storeRow.locator('[col-id="location"]').innerText()).trim();
  await grid.locator(`.ag-row[row-index="${rowIndex}"] .ag-selection-checkbox input`).first().check();
  await expect(page.getByTestId("selected-count")).toHaveText("1 selected");

  // Validate the selected recommendation by simulation: promised vs achieved with intervals.
  await page.getByTestId("validate-simulation").click();
  const validation = page.getByTestId("validation");
  await expect(validation.getByTestId("validation-table")).toBeVisible({ timeout: 60_000 });
  await expect(validation.getByTestId("validation-table")).toContainText("%");
  await expect(validation.getByTestId("validation-verdict")).toBeVisible();
  await validation.getByTestId("validation-close").click();

  // Into the draft scenario first: the recommendation lands in the scenario's document.
  await page.getByTestId("apply-scenario-select").selectOption({ label: `What-if ${name}` });
  const scenarioDialog = new Promise<string>((resolve) => {
    page.once("dialog", (d) => {
      resolve(d.message());
      void d.accept();
    });
  });
  await page.getByTestId("apply-scenario").click();
  expect(await scenarioDialog).toMatch(/1 recommended policy.*draft scenario/);
  await expect(page.getByTestId("apply-notice")).toContainText("1 policy written into the scenario", { timeout: 30_000 });
  const after = await trpc(page, "scenarios.get", { id: draft.id }, false);
  expect(after.scenario.version).toBe(2);
  expect(after.document.policies[`${item}@${location}`].type).toMatch(/^(rQ|baseStock)$/);

  const dialogText = new Promise<string>((resolve) => {
    page.once("dialog", (d) => {
      resolve(d.message());
      void d.accept();
    });
  });
  await page.getByTestId("apply").click();
  expect(await dialogText).toMatch(/1 policy.*audit trail/);
  await expect(page.getByTestId("apply-notice")).toContainText("1 policy updated", { timeout: 30_000 });

  // The policy in master data now has the recommended (r, Q) or base-stock type.
  await page.goto("/masterdata/policies");
  await page.locator('.ag-header-cell[col-id="item"] .ag-header-cell-filter-button, .ag-header-cell[col-id="item"] .ag-header-icon').first().click();
  await page.locator(".ag-filter input").first().fill(item);
  await expect.poll(async () => (await gridColumn(page, "item")).every((v) => v === item), { timeout: 30_000 }).toBe(true);
  const row = page.locator(".ag-row").filter({ has: page.locator('[col-id="location"]', { hasText: new RegExp(`^${location}$`) }) }).first();
  await expect(row.locator('[col-id="policyType"]')).toHaveText(/\(r, Q\)|Base-stock/, { timeout: 30_000 });
});
