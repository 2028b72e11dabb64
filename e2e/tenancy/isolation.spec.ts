/**
 * Tenant isolation from the browser: a planner of tenant A (Acme Foods) sees only A's items and
 * is refused an admin page; an admin of tenant B (Borealis Retail) sees only B's.
 */
import { expect, test } from "@playwright/test";
import { gridColumn, signIn } from "../support/auth.ts";

test("a planner of Acme sees only Acme's items and is refused the admin pages", async ({ page }) => {
  await signIn(page, "planner@acme.example");
  await expect(page.getByTestId("current-role")).toContainText("Planner");

  await page.goto("/masterdata/items");
  await expect(page.getByTestId("row-count")).toHaveText("15 rows");
  const skus = await gridColumn(page, "sku");
  expect(skus).toContain("FG-001");
  expect(skus.some((s) => s.startsWith("BR-"))).toBe(false);

  // The admin section is not offered, and opening it directly is refused.
  await expect(page.getByRole("link", { name: "Users & roles" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByTestId("forbidden")).toContainText("Not available for your role");
  await expect(page.locator(".ag-row")).toHaveCount(0);

  // The API refuses too, whatever the page shows.
  const res = await page.request.get("/api/trpc/admin.members.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(res.status()).toBe(403);
});

test("an admin of Borealis sees only Borealis's items and members", async ({ page }) => {
  await signIn(page, "admin@borealis.example");
  await page.goto("/masterdata/items");
  await expect(page.getByTestId("row-count")).toHaveText("3 rows");
  const skus = await gridColumn(page, "sku");
  expect(skus.sort()).toEqual(["BR-100", "BR-200", "BR-300"]);

  await page.goto("/admin/users");
  const emails = await gridColumn(page, "email");
  expect(emails.every((e) => e.endsWith("@borealis.example") || e === "admin@acme.example")).toBe(true);
  expect(emails).not.toContain("planner@acme.example");
});

test("the API answers 401 without a session and 404 for another tenant's id", async ({ page, request }) => {
  const anon = await request.get("/api/trpc/masterdata.items.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(anon.status()).toBe(401);
  const body = await anon.json();
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace

  // Find one of Borealis's item ids as its admin, then ask for it as Acme's planner.
  await signIn(page, "admin@borealis.example");
  const list = await page.request.get("/api/trpc/masterdata.items.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
  const borealisItemId = (await list.json()).result.data.json.rows[0].id as string;
  await page.context().clearCookies();
  await signIn(page, "planner@acme.example");
  const res = await page.request.get(
    "/api/trpc/masterdata.items.get?input=" + encodeURIComponent(JSON.stringify({ json: { id: borealisItemId } })),
  );
  expect(res.status()).toBe(404);
});
