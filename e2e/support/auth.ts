import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password-1";

/** Signs in through the sign-in form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel(/e-mail|メールアドレス/i).fill(email);
  await page.getByLabel(/^password$|パスワード/i).fill(password);
  await page.getByRole("button", { name: /^sign in$|^サインイン$/i }).click();
  await expect(page.getByTestId("current-role")).toBeVisible();
}

/**
 * The texts of one column of the AG Grid on the page, once its rows have loaded (the infinite
 * row model first shows empty placeholder rows while a block is fetched).
 */
export async function gridColumn(page: Page, colId: string): Promise<string[]> {
  const cells = page.locator(`.ag-row .ag-cell[col-id="${colId}"]`);
  await expect(cells.first()).not.toBeEmpty();
  await expect(page.locator(".ag-row-loading")).toHaveCount(0);
  return cells.allInnerTexts();
}
