/**
 * The collaborative plan grid (issue 5): two planners (two browser contexts) open the same draft
 * scenario's grid; A's edit appears in B's grid within 2 s; both editing the same cell from the
 * same version gives one success and one clear conflict message with the current value; a comment
 * from A on a cell appears for B; each sees the other in the presence list.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "../support/auth.ts";
import { signedIn, startEditing as openEditor, trpc } from "../support/api.ts";


const cell = (page: Page, key: string, bucket: number) =>
  page.getByTestId("plan-grid").locator(`.ag-row[row-id="${key}"] .ag-cell[col-id="b${bucket}"]`);

const startEditing = (page: Page, key: string, bucket: number) => openEditor(cell(page, key, bucket));

test("two planners edit the same scenario: live updates, a conflict, comments and presence", async ({ browser }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const a = await signedIn(browser, "planner@acme.example");
  const b = await signedIn(browser, "planner2@acme.example");
  try {
    const root = await trpc(a.page, "scenarios.createRoot", { name: `Grid baseline ${tag}` });
    const draft = await trpc(a.page, "scenarios.createChild", { parentId: root.id, name: `Grid what-if ${tag}` });
    const plan = await trpc(a.page, "plan.rows", { scenarioId: draft.id, bucket: "week" }, false);
    expect(plan.rows.length).toBeGreaterThan(0);
    const key: string = plan.rows[0].key;

    for (const p of [a.page, b.page]) {
      await p.goto(`/scenarios/${draft.id}/plan`);
      await expect(cell(p, key, 1)).toBeVisible({ timeout: 30_000 });
    }

    // A's edit appears in B's grid within 2 s, without a reload.
    const first = await startEditing(a.page, key, 1);
    await first.fill("777");
    await first.press("Enter");
    await expect(cell(a.page, key, 1)).toHaveText("777");
    await expect(cell(b.page, key, 1)).toHaveText("777", { timeout: 2_000 });

    // Both edit the same cell from the same version: one success, one conflict with the current value.
    const inA = await startEditing(a.page, key, 2);
    const inB = await startEditing(b.page, key, 2);
    await inA.fill("500");
    await inA.press("Enter");
    await expect(cell(a.page, key, 2)).toHaveText("500");
    await inB.fill("600");
    await inB.press("Enter");
    const conflict = b.page.getByTestId("conflict-message");
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText("was changed by someone else");
    await expect(conflict).toContainText("it is now 500");
    await expect(conflict).toContainText("Your value 600 was not saved");
    await expect(a.page.getByTestId("conflict-message")).toHaveCount(0);
    // B's grid then shows the value that won; the stored plan has it too.
    await expect(cell(b.page, key, 2)).toHaveText("500", { timeout: 2_000 });
    const after = await trpc(a.page, "plan.rows", { scenarioId: draft.id, bucket: "week", keys: [key] }, false);
    expect(after.rows[0].final[1]).toBe(777);
    expect(after.rows[0].final[2]).toBe(500);

    // A comments on the cell; B sees it.
    await cell(a.page, key, 2).click();
    await expect(a.page.getByTestId("comment-target")).toBeVisible();
    const body = `Promo week ${tag}`;
    await a.page.getByTestId("comment-input").fill(body);
    await a.page.getByTestId("comment-submit").click();
    await expect(a.page.getByTestId("plan-comments")).toContainText(body);
    await expect(b.page.getByTestId("plan-comments")).toContainText(body, { timeout: 5_000 });

    // Undo / redo of A's own edit (button, then Ctrl+Y); B follows.
    const original = new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(plan.rows[0].final[2]);
    await a.page.getByTestId("plan-undo").click();
    await expect(cell(a.page, key, 2)).toHaveText(original);
    await expect(cell(b.page, key, 2)).toHaveText(original, { timeout: 2_000 });
    await a.page.keyboard.press("Control+y");
    await expect(cell(a.page, key, 2)).toHaveText("500");

    // Presence: each sees the other.
    await expect(a.page.getByTestId("presence-user")).toHaveCount(1, { timeout: 10_000 });
    await expect(b.page.getByTestId("presence-user")).toHaveCount(1, { timeout: 10_000 });
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
