/** Sign-in: wrong password message, SSO through a real OIDC provider, tenant switcher, language. */
import { expect, test } from "@playwright/test";
import { signIn } from "../support/auth.ts";

test("a wrong password shows a clear message and no session", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill("viewer@acme.example");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator(".alert.error")).toContainText("The e-mail or password is not correct.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("single sign-on through the OIDC provider signs in an invited user", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  // oidc-provider's development login form, then its consent form.
  await page.locator('input[name="login"]').fill("approver@acme.example");
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await expect(page.getByTestId("current-role")).toContainText("Approver");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("single sign-on refuses an identity nobody invited", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await page.locator('input[name="login"]').fill("stranger@elsewhere.example");
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await expect(page.locator(".alert.error")).toContainText("not invited to any tenant");
});

test("a user of two tenants switches between them; the language follows the user", async ({ page }) => {
  await signIn(page, "admin@acme.example");
  await expect(page.getByTestId("count-items")).toContainText("15");
  await page.getByTestId("tenant-switcher").selectOption({ label: "Borealis Retail" });
  await expect(page.getByTestId("current-role")).toContainText("Viewer");
  await expect(page.getByTestId("count-items")).toContainText("3");

  await page.getByTestId("locale-switcher").selectOption("ja");
  await expect(page.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
  await expect(page.getByTestId("current-role")).toContainText("閲覧者");
  await page.getByTestId("locale-switcher").selectOption("en");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});
