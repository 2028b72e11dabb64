/**
 * Scenario workflow (issue 5, 2nd "Done when"): a planner creates a baseline on /scenarios and takes
 * it through submit → reject (the comment is required: first without, the error shows) → reopen and
 * edit one policy cell → submit → approve → publish. Along the way: a planner cannot approve (button
 * disabled, API 403), a viewer cannot edit (API 403) and the content is read-only in review (API 409
 * with a clear message). Three browser contexts: planner, approver, viewer.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "../support/auth.ts";
import { call, signedIn } from "../support/api.ts";

const as = signedIn;
const pointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

test("a scenario goes draft → review → rejected → draft → review → approved → published, with role checks", async ({ browser }) => {
  test.setTimeout(180_000);
  const name = `E2E workflow ${Date.now().toString(36)}`;
  const planner = await as(browser, "planner@acme.example");
  const approver = await as(browser, "approver@acme.example");
  const viewer = await as(browser, "viewer@acme.example");
  const p = planner.page;
  const a = approver.page;

  // The planner creates a baseline from master data on the list page; it opens as a draft.
  await p.goto("/scenarios");
  await expect(p.getByRole("link", { name: "Scenarios", exact: true })).toBeVisible();
  await p.getByTestId("new-baseline").click();
  await p.getByTestId("scenario-name-input").fill(name);
  await p.getByTestId("scenario-form-save").click();
  await expect(p).toHaveURL(/\/scenarios\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const id = p.url().split("/").pop()!;
  await expect(p.getByTestId("scenario-name")).toHaveText(name);
  await expect(p.getByTestId("scenario-status")).toHaveAttribute("data-status", "draft");
  await expect(p.getByTestId("editable-note")).toBeVisible();
  await expect(p.getByTestId("open-plan")).toHaveAttribute("href", `/scenarios/${id}/plan`);

  // A planner cannot approve: the button is disabled and says why; the API refuses with 403.
  await expect(p.getByTestId("wf-approve")).toBeDisabled();
  await expect(p.getByTestId("wf-approve")).toHaveAttribute("data-reason", /not allowed for your role/i);
  expect((await call(p, "scenarios.approve", { id })).status).toBe(403);

  // A viewer cannot edit (403), even a draft; the viewer's workflow buttons are all disabled.
  const doc = (await call(p, "scenarios.get", { id }, false)).data.document;
  const [key, policy] = Object.entries(doc.policies as Record<string, Record<string, unknown>>)
    .find(([, v]) => typeof v.orderUpTo === "number")!;
  const cell = `/policies/${pointer(key)}/orderUpTo`;
  const newValue = Number(policy.orderUpTo) + 17;
  expect((await call(viewer.page, "scenarios.edit", { id, baseVersion: 1, edits: [{ path: cell, value: newValue }] })).status).toBe(403);
  await viewer.page.goto(`/scenarios/${id}`);
  await expect(viewer.page.getByTestId("wf-submit")).toBeDisabled();
  await expect(viewer.page.getByTestId("run-scenario")).toHaveCount(0);

  // Submit: in review, locked and read-only (the API edit is refused with 409 and a clear message).
  await p.getByTestId("wf-submit").click();
  await expect(p.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await expect(p.getByTestId("readonly-note")).toContainText(/read-only/i);
  await expect(p.getByTestId("scenario-lock")).toBeVisible();
  const readOnly = await call(p, "scenarios.edit", { id, baseVersion: 1, edits: [{ path: cell, value: newValue }] });
  expect(readOnly.status).toBe(409);
  expect(readOnly.error.message).toMatch(/read-only outside draft/);
  await expect(p.getByTestId("wf-approve")).toBeDisabled();

  // The approver rejects: without a comment the server's message shows; with one it is rejected.
  await a.goto(`/scenarios/${id}`);
  await expect(a.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await expect(a.getByTestId("wf-submit")).toBeDisabled();
  await a.getByTestId("wf-reject").click();
  const dialog = a.getByTestId("reject-dialog");
  await dialog.getByTestId("reject-confirm").click();
  await expect(dialog.getByTestId("reject-error")).toContainText(/required/i);
  await expect(a.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await dialog.getByTestId("reject-comment").fill("Safety stock at the stores is too low for the promotion");
  await dialog.getByTestId("reject-confirm").click();
  await expect(dialog).toHaveCount(0);
  await expect(a.getByTestId("scenario-status")).toHaveAttribute("data-status", "rejected");

  // The planner reopens it as a draft and edits one policy cell (through scenarios.edit).
  await p.reload();
  await expect(p.getByTestId("scenario-status")).toHaveAttribute("data-status", "rejected");
  await p.getByTestId("wf-reopen").click();
  await expect(p.getByTestId("scenario-status")).toHaveAttribute("data-status", "draft");
  const edited = await call(p, "scenarios.edit", { id, baseVersion: 1, edits: [{ path: cell, value: newValue }] });
  expect(edited.status, JSON.stringify(edited.error)).toBe(200);
  expect(edited.data.scenario.version).toBe(2);
  await p.reload();
  await expect(p.getByTestId("scenario-version")).toHaveAttribute("data-version", "2");

  // History: the edit (from → to) and the rejection with its comment.
  await p.getByTestId("tab-history").click();
  const editRow = p.locator('[data-testid="history-row"][data-kind="edit"]');
  await expect(editRow).toHaveCount(1);
  await expect(editRow.getByTestId("history-change")).toContainText(`${policy.orderUpTo} → ${newValue}`);
  await expect(p.getByTestId("history-comment").filter({ hasText: "too low for the promotion" })).toBeVisible();

  // A comment from the planner, seen by the approver.
  await p.getByTestId("tab-comments").click();
  await p.getByTestId("comment-form").getByTestId("comment-input").fill("Raised the order-up-to level as asked");
  await p.getByTestId("comment-form").getByTestId("comment-submit").click();
  await expect(p.getByTestId("comment-body")).toHaveText(["Raised the order-up-to level as asked"]);

  // Submit again; the approver approves and publishes.
  await p.getByTestId("wf-submit").click();
  await expect(p.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await a.reload();
  await expect(a.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await a.getByTestId("tab-comments").click();
  await expect(a.getByTestId("comment-body")).toHaveText(["Raised the order-up-to level as asked"]);
  await a.getByTestId("wf-approve").click();
  await expect(a.getByTestId("scenario-status")).toHaveAttribute("data-status", "approved");
  a.once("dialog", (d) => void d.accept());
  await a.getByTestId("wf-publish").click();
  await expect(a.getByTestId("scenario-status")).toHaveAttribute("data-status", "published");
  await expect(a.getByTestId("readonly-note")).toBeVisible();

  // The list shows it as published; the executive view shows it as the published plan.
  await p.goto("/scenarios");
  await p.getByTestId("scenario-status-filter").selectOption("published");
  const row = p.locator(`[data-testid="scenario-row"][data-id="${id}"]`);
  await expect(row.getByTestId("scenario-row-status")).toHaveAttribute("data-status", "published");
  await expect(row.getByTestId("published-plan")).toBeVisible();
  // The next what-if starts from the published plan.
  await p.getByTestId("branch-published").click();
  const branchDrawer = p.getByRole("dialog");
  await expect(branchDrawer).toContainText(name);
  await branchDrawer.getByRole("button", { name: "Cancel" }).click();
  await viewer.page.goto("/executive");
  await expect(viewer.page.locator(`[data-testid="exec-scenario"][data-id="${id}"]`)).toContainText(name);

  await Promise.all([planner.context.close(), approver.context.close(), viewer.context.close()]);
});

test("a planner branches a scenario, sees rebase conflicts, compares inputs and outcomes, and runs it", async ({ page }) => {
  test.setTimeout(180_000);
  const name = `E2E branch ${Date.now().toString(36)}`;
  await signIn(page, "planner@acme.example");
  const root = (await call(page, "scenarios.createRoot", { name: `Baseline ${name}` })).data;

  // Branch from the list page.
  await page.goto("/scenarios");
  await page.locator(`[data-testid="scenario-row"][data-id="${root.id}"]`).getByTestId("branch").click();
  await page.getByTestId("scenario-name-input").fill(`What-if ${name}`);
  await page.getByTestId("scenario-form-save").click();
  await expect(page).toHaveURL(/\/scenarios\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const childId = page.url().split("/").pop()!;
  expect(childId).not.toBe(root.id);
  await expect(page.getByTestId("scenario-parent")).toHaveText(`Baseline ${name}`);

  // The child and its parent both change the same cell: the rebase reports the conflict.
  const doc = (await call(page, "scenarios.get", { id: childId }, false)).data.document;
  const key = Object.keys(doc.policies).find((k) => typeof doc.policies[k].orderUpTo === "number")!;
  const cell = `/policies/${pointer(key)}/orderUpTo`;
  const before = doc.policies[key].orderUpTo as number;
  expect((await call(page, "scenarios.edit", { id: childId, baseVersion: 1, edits: [{ path: cell, value: before + 5 }] })).status).toBe(200);
  expect((await call(page, "scenarios.edit", { id: root.id, baseVersion: 1, edits: [{ path: cell, value: before + 9 }] })).status).toBe(200);
  await page.reload();
  await expect(page.getByTestId("behind-parent")).toBeVisible();
  await page.getByTestId("rebase").click();
  await expect(page.getByTestId("rebase-conflicts")).toContainText(`${before + 9}`);
  await expect(page.getByTestId("rebase-conflicts")).toContainText(`${before + 5}`);

  // Compare with the parent: one readable input difference.
  await page.getByTestId("tab-compare").click();
  await page.getByTestId("compare-with").selectOption(root.id);
  await expect(page.getByTestId("input-differences")).toHaveAttribute("data-count", "1");
  await expect(page.getByTestId("input-difference")).toContainText(`${before + 5}`);
  await expect(page.getByTestId("outcomes-missing")).toBeVisible();

  // Run both; the child's run shows its progress and finishes; then the KPI deltas appear.
  await page.getByTestId("tab-overview").click();
  await page.getByTestId("run-scenario").click();
  expect((await call(page, "runs.startScenario", { scenarioId: root.id })).status).toBe(200);
  const run = page.getByTestId("scenario-run").first();
  await expect(run).toHaveAttribute("data-status", "succeeded", { timeout: 60_000 });
  await expect(run.getByRole("link")).toHaveAttribute("href", /^\/runs\/[0-9a-f-]{36}$/);
  await expect.poll(async () => (await call(page, "runs.list", { scenarioRef: root.id, status: ["succeeded"] }, false)).data.rows.length, { timeout: 60_000 }).toBe(1);
  await page.getByTestId("tab-compare").click();
  await page.getByTestId("compare-with").selectOption(root.id);
  await expect(page.getByTestId("outcome-delta").first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("outcome-threshold").fill("0");
  await expect(page.getByTestId("outcome-onhand").locator("canvas").first()).toBeVisible({ timeout: 30_000 });

  // Submitted, it shows on the executive view with its run's revenue, margin, inventory and service.
  await page.getByTestId("tab-overview").click();
  await page.getByTestId("wf-submit").click();
  await expect(page.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await page.goto("/executive");
  const panel = page.locator(`[data-testid="exec-scenario"][data-id="${childId}"]`);
  await expect(panel.getByTestId("exec-status")).toHaveAttribute("data-status", "in_review");
  await expect(panel.getByTestId("exec-revenue")).toContainText("¥");
  await expect(panel.getByTestId("exec-fillRate")).toContainText("%");
  for (const chart of ["exec-chart-money", "exec-chart-service", "exec-chart-inventory"]) {
    await expect(panel.getByTestId(chart).locator("canvas").first()).toBeVisible({ timeout: 30_000 });
  }
  await page.waitForTimeout(1500); // the charts' entry animation, for the screenshot
  await page.screenshot({ path: ".test-results/scenarios-executive.png", fullPage: true });
  await page.goto(`/scenarios/${childId}`);
  await expect(page.getByTestId("scenario-status")).toHaveAttribute("data-status", "in_review");
  await expect(page.getByTestId("scenario-run").first()).toBeVisible();
  await page.screenshot({ path: ".test-results/scenarios-detail.png", fullPage: true });
});
