/**
 * Runs (issue 4): a planner starts a simulation of the demo network, watches the progress bar
 * reach 100 %, opens the result, switches the bucket from day to week, downloads the CSV, starts
 * a second run with changed inventory policies and compares the two with a highlighted KPI
 * difference; a viewer cannot start a run.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/auth.ts";

const HORIZON = 91;

/** Starts a simulation from the runs page and returns the new run's id (its detail page is open). */
async function startRun(page: Page, name: string, replications?: number): Promise<string> {
  await page.goto("/runs");
  await page.getByTestId("new-run").click();
  const drawer = page.getByRole("dialog");
  await drawer.getByLabel("Name *").fill(name);
  await drawer.getByLabel("Horizon (days)").fill(String(HORIZON));
  if (replications) await drawer.getByLabel("Replications (1–50)").fill(String(replications));
  await drawer.getByTestId("form-save").click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("run-name")).toHaveText(name);
  return page.url().split("/").pop()!;
}

/** Watches the run's progress bar until it reaches 100 % and the run has succeeded. */
async function waitForDone(page: Page): Promise<number[]> {
  const bar = page.getByTestId("run-progress");
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        const v = Number((await bar.getAttribute("aria-valuenow")) ?? 0);
        if (seen[seen.length - 1] !== v) seen.push(v);
        return v;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(100);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  return seen;
}

test("a planner simulates, inspects, downloads, changes policies, re-runs and compares", async ({ page }) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const baseName = `E2E baseline ${suffix}`;
  const lowName = `E2E low stock ${suffix}`;
  await signIn(page, "planner@acme.example");

  // Bad input is named beside the field and nothing starts.
  await page.goto("/runs");
  await expect(page.getByRole("link", { name: "Runs", exact: true })).toBeVisible();
  await page.getByTestId("new-run").click();
  await page.getByRole("dialog").getByLabel("Name *").fill("Too many replications");
  await page.getByRole("dialog").getByLabel("Replications (1–50)").fill("99");
  await page.getByTestId("form-save").click();
  await expect(page.locator(".field.invalid")).toHaveCount(1);
  await expect(page.locator(".field.invalid")).toContainText(/Replications/);
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // 1. Baseline run: progress bar to 100 %.
  // Enough replications (one durable step each) that the run is still going when its page opens.
  const baseId = await startRun(page, baseName, 40);
  const seen = await waitForDone(page);
  // The bar moved on the open page, without a reload: first seen short of 100, then at 100.
  expect(seen[0]).toBeLessThan(100);
  expect(seen[seen.length - 1]).toBe(100);

  // 2. Results: KPI cards, charts by day, then by week.
  await expect(page.getByTestId("kpi-fillRate")).toContainText("%");
  await expect(page.getByTestId("kpi-averageInventoryValue")).toContainText("¥");
  const charts = page.getByTestId("charts");
  await expect(charts).toHaveAttribute("data-bucket", "day", { timeout: 30_000 });
  await expect(charts).toHaveAttribute("data-points", String(HORIZON));
  await expect(page.getByTestId("bucket-day")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("bucket-week").click();
  await expect(charts).toHaveAttribute("data-bucket", "week", { timeout: 30_000 });
  const weeks = Number(await charts.getAttribute("data-points"));
  expect(weeks).toBeGreaterThanOrEqual(13);
  expect(weeks).toBeLessThanOrEqual(15);
  await expect(page.getByTestId("bucket-week")).toHaveAttribute("aria-pressed", "true");

  // Cost trace: type → location, and back up with the breadcrumb.
  const drill = page.getByTestId("cost-drill");
  await expect(drill).toHaveAttribute("data-level", "type", { timeout: 30_000 });
  await drill.getByTestId("cost-row").first().click();
  await expect(drill).toHaveAttribute("data-level", "location");
  await drill.getByRole("button", { name: "All costs" }).click();
  await expect(drill).toHaveAttribute("data-level", "type");

  // 3. Download the daily CSV.
  const download = page.waitForEvent("download");
  await page.getByTestId("download-csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const text = await readFile((await file.path())!, "utf8");
  expect(text.split("\n")[0]).toMatch(/^date,location,item,onHand,/);
  expect(text.split("\n").length).toBeGreaterThan(HORIZON);

  // 4. Change the policy: the first inventory policies get (almost) no stock.
  await page.goto("/masterdata/policies");
  await page.locator(".ag-row").first().waitFor();
  for (let i = 0; i < 4; i++) {
    const itemCell = page.locator(`.ag-row[row-index="${i}"] [col-id="item"]`);
    await expect(itemCell).not.toBeEmpty();
    // Starve the node of stock (or, on a database where this already ran, restock it).
    const upToCell = page.locator(`.ag-row[row-index="${i}"] [col-id="orderUpTo"]`);
    const target = (await upToCell.innerText()).trim() === "1" ? "500" : "1";
    await itemCell.dblclick();
    const form = page.getByRole("dialog");
    await form.getByLabel("Reorder point (s / r)", { exact: true }).fill("0");
    await form.getByLabel("Order-up-to (S)", { exact: true }).fill(target);
    await form.getByTestId("form-save").click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByRole("status")).toContainText("Saved");
    await expect(upToCell).toHaveText(target);
  }

  // 5. Second run with the changed policies.
  const lowId = await startRun(page, lowName);
  await waitForDone(page);

  // 6. Compare: tick both in the run history (baseline first), then Compare.
  await page.goto("/runs");
  const baseRow = page.locator(".ag-row", { hasText: baseName });
  const lowRow = page.locator(".ag-row", { hasText: lowName });
  await expect(baseRow.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect(lowRow.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect(lowRow.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await baseRow.getByTestId("run-select").check();
  await lowRow.getByTestId("run-select").check();
  await page.getByTestId("compare").click();
  await page.waitForURL(`**/runs/compare?ids=${baseId},${lowId}`);

  const table = page.getByTestId("compare-table");
  await expect(table).toBeVisible({ timeout: 30_000 });
  await expect(table.locator("thead")).toContainText(baseName);
  await expect(table.locator("thead")).toContainText(lowName);
  await page.getByTestId("threshold-all").fill("1");
  await expect(table.locator("td.diff-highlight").first()).toBeVisible();
  expect(await table.locator('td[data-highlight="true"]').count()).toBeGreaterThan(0);
  // A per-KPI threshold: a huge one clears that KPI's highlight.
  const row = table.locator('tr:has(td.diff-highlight)').first();
  const testId = await row.getAttribute("data-testid");
  const kpi = testId!.replace("compare-row-", "");
  const cell = table.getByTestId(`compare-row-${kpi}`).locator("td[data-highlight]");
  const diffText = await cell.locator(".diff").innerText();
  if (!diffText.includes("new")) {
    await page.getByTestId(`threshold-${kpi}`).fill("1000000");
    await expect(cell).toHaveAttribute("data-highlight", "false");
  }
  // Overlaid charts with the same bucket switch.
  await expect(page.getByTestId("compare-charts")).toHaveAttribute("data-bucket", "week");
  await page.getByTestId("bucket-month").click();
  await expect(page.getByTestId("compare-charts")).toHaveAttribute("data-bucket", "month", { timeout: 30_000 });

  // 7. The history's filters: kind, requester, date range.
  await page.goto("/runs");
  const mineRow = page.locator(".ag-row", { hasText: baseName });
  await expect(mineRow).toBeVisible();
  await page.getByTestId("kind-filter").selectOption("forecast");
  await expect(mineRow).toHaveCount(0);
  await page.getByTestId("kind-filter").selectOption("simulate");
  // The requester choices are the tenant's run starters by email, "Me" first.
  const requester = page.getByTestId("requester-filter");
  await expect(requester.locator("option")).toContainText(["Anyone", "Me"]);
  await requester.selectOption({ label: "Me" });
  await expect(mineRow).toBeVisible();
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId("from-filter").fill(tomorrow);
  await expect(mineRow).toHaveCount(0);
  await expect(page.getByText("No runs match these filters.")).toBeVisible();
});

test("a viewer sees the runs but cannot start one", async ({ page }) => {
  await signIn(page, "viewer@acme.example");
  await page.goto("/runs");
  await expect(page.getByTestId("row-count")).toBeVisible();
  await expect(page.getByTestId("read-only")).toBeVisible();
  await expect(page.getByTestId("new-run")).toHaveCount(0);
  // The API refuses too.
  const res = await page.request.post("/api/v1/runs", { data: { name: "Viewer run" } });
  expect(res.status()).toBe(403);
});
