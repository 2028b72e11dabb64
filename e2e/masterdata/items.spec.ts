/** Master data in the grid: inline validation errors, create, sort/filter on the server, viewer read-only. */
import { expect, test } from "@playwright/test";
import { gridColumn, signIn } from "../support/auth.ts";

test("a planner creates an item; bad input is named beside the field and nothing is saved", async ({ page }) => {
  await signIn(page, "planner@acme.example");
  await page.goto("/masterdata/items");
  await expect(page.getByTestId("row-count")).toHaveText("15 rows");
  await page.getByTestId("create").click();
  await page.getByLabel("SKU *").fill("FG-900");
  await page.getByLabel("Name *").fill("Matcha latte");
  await page.getByLabel("Unit cost *").fill("-5");
  await page.getByLabel("Price *").fill("abc");
  await page.getByTestId("form-save").click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await expect(page.locator(".field.invalid")).toHaveCount(2);
  await expect(page.locator(".field.invalid").first()).toContainText("must not be negative");

  await page.getByLabel("Unit cost *").fill("120");
  await page.getByLabel("Price *").fill("260");
  await page.getByTestId("form-save").click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await expect(page.getByTestId("row-count")).toHaveText("16 rows");

  // Server-side filter on SKU.
  await page.locator('.ag-header-cell[col-id="sku"] .ag-header-cell-filter-button, .ag-header-cell[col-id="sku"] .ag-header-icon').first().click();
  await page.locator(".ag-filter input").first().fill("FG-900");
  await expect(page.getByTestId("row-count")).toHaveText("1 row");
  expect(await gridColumn(page, "sku")).toEqual(["FG-900"]);

  // Delete it again (Enter on the row opens it), confirming the dialog.
  page.once("dialog", (d) => void d.accept());
  await page.locator('.ag-row [col-id="sku"]').first().dblclick();
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("status")).toContainText("Deleted");
  await expect(page.getByTestId("row-count")).toHaveText("No rows");
});

test("a viewer sees items read-only", async ({ page }) => {
  await signIn(page, "viewer@acme.example");
  await page.goto("/masterdata/items");
  await expect(page.getByTestId("row-count")).toHaveText(/\d+ rows/);
  await expect(page.getByTestId("create")).toHaveCount(0);
  await expect(page.getByText("Read-only: your role cannot change this.")).toBeVisible();
});
