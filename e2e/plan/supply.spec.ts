/**
 * The supply side of the plan grid (issue 5): a planner opens a draft scenario's plan, switches to
 * Supply, sees the policies beside the parent's values and the "Run this scenario" hint (no run
 * yet), enters an invalid reorder point (refused, naming the field, nothing saved), then a valid
 * one: it is saved (the version moves on), highlighted as an override of the parent, and still
 * there after a reload.
 */
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/auth.ts";
import { startEditing as openEditor, trpc } from "../support/api.ts";

interface SupplyRow {
  key: string;
  item: string;
  location: string;
  type: string;
  fields: string[];
  values: Record<string, number | null>;
  baseline: Record<string, number | null> | null;
}

const cell = (page: Page, key: string, colId: string) =>
  page.getByTestId("supply-grid").locator(`.ag-row[row-id="${key}"] .ag-cell[col-id="${colId}"]`);

const startEditing = (page: Page, key: string, colId: string) => openEditor(cell(page, key, colId));

const shown = (v: number) => new Intl.NumberFormat("en", { maximumFractionDigits: 2 }).format(v);

test("a planner switches to Supply and overrides a reorder point: saved and highlighted", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  await signIn(page, "planner@acme.example");
  const root = await trpc(page, "scenarios.createRoot", { name: `Supply baseline ${tag}` });
  const draft = await trpc(page, "scenarios.createChild", { parentId: root.id, name: `Supply what-if ${tag}` });
  const loaded = await trpc(page, "plan.supplyRows", { scenarioId: draft.id, bucket: "week" }, false);
  const rows = loaded.rows as SupplyRow[];
  // An (s, S) policy with room between its reorder point and its order-up-to level.
  const row = rows.find((r) => r.type === "sS" && (r.values.orderUpTo ?? 0) - (r.values.reorderPoint ?? 0) >= 1)
    ?? rows.find((r) => r.type === "rQ");
  expect(row, "a policy with a reorder point").toBeDefined();
  const before = row!.values.reorderPoint!;
  const next = Math.floor(before) + 1;

  await page.goto(`/scenarios/${draft.id}/plan`);
  await expect(page.getByTestId("plan-view-switch")).toBeVisible();
  await page.getByTestId("plan-view-supply").click();
  await expect(page).toHaveURL(/view=supply/);
  await expect(page.getByTestId("supply-grid")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("supply-grid")).toHaveAttribute("data-editable", "true");
  await expect(page.getByTestId("plan-view-supply")).toHaveAttribute("aria-current", "page");
  // No run yet: the hint with a one-click run.
  await expect(page.getByTestId("supply-no-run")).toBeVisible();
  await expect(page.getByTestId("supply-run")).toBeEnabled();

  // Bring the row into view.
  await page.getByTestId("supply-filter").fill(`${row!.item} ${row!.location}`);
  const value = cell(page, row!.key, "value-reorderPoint");
  await expect(value).toHaveText(shown(before));
  await expect(cell(page, row!.key, "parent-reorderPoint")).toHaveText(shown(before));
  await expect(value).not.toHaveClass(/supply-override/);

  // A negative value is refused in the grid, naming the field; nothing is saved.
  const bad = await startEditing(page, row!.key, "value-reorderPoint");
  await bad.fill("-5");
  await bad.press("Enter");
  await expect(page.getByTestId("supply-invalid")).toBeVisible();
  await expect(page.getByTestId("supply-invalid")).toContainText(/Reorder point|発注点/);
  await expect(value).toHaveText(shown(before));
  await expect(page.getByTestId("supply-version")).toHaveAttribute("data-version", "1");

  // A valid one is saved and highlighted as an override of the parent.
  const good = await startEditing(page, row!.key, "value-reorderPoint");
  await good.fill(String(next));
  await good.press("Enter");
  await expect(value).toHaveText(shown(next));
  await expect(page.getByTestId("supply-version")).toHaveAttribute("data-version", "2");
  await expect(value).toHaveClass(/supply-override/);
  await expect(cell(page, row!.key, "parent-reorderPoint")).toHaveText(shown(before));
  await expect(page.getByTestId("supply-invalid")).toHaveCount(0);
  await expect(page.getByTestId("supply-conflict")).toHaveCount(0);

  // Stored: only that field changed; the parent keeps its value.
  const after = await trpc(page, "plan.supplyRows", { scenarioId: draft.id, bucket: "week" }, false);
  const saved = (after.rows as SupplyRow[]).find((r) => r.key === row!.key)!;
  expect(after.scenario.version).toBe(2);
  expect(saved.values).toEqual({ ...row!.values, reorderPoint: next });
  expect(saved.baseline!.reorderPoint).toBe(before);

  // Still there, and still highlighted, after a reload.
  await page.reload();
  await expect(page.getByTestId("supply-grid")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("supply-filter").fill(`${row!.item} ${row!.location}`);
  await expect(cell(page, row!.key, "value-reorderPoint")).toHaveText(shown(next));
  await expect(cell(page, row!.key, "value-reorderPoint")).toHaveClass(/supply-override/);

  // An optional field (MOQ) set, then emptied in the grid: cleared, the policy has no MOQ again.
  const moq = await startEditing(page, row!.key, "value-moq");
  await moq.fill("12");
  await moq.press("Enter");
  await expect(cell(page, row!.key, "value-moq")).toHaveText(shown(12));
  await expect(page.getByTestId("supply-version")).toHaveAttribute("data-version", "3");
  const clear = await startEditing(page, row!.key, "value-moq");
  await clear.fill("");
  await clear.press("Enter");
  await expect(page.getByTestId("supply-version")).toHaveAttribute("data-version", "4");
  await expect(cell(page, row!.key, "value-moq")).not.toHaveText(shown(12));
  const final = (await trpc(page, "plan.supplyRows", { scenarioId: draft.id, bucket: "week" }, false)).rows as SupplyRow[];
  expect(final.find((r) => r.key === row!.key)!.values).toEqual({ ...row!.values, reorderPoint: next, moq: null });
});
