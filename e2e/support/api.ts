import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { signIn } from "./auth.ts";

/** Calls a tRPC procedure over HTTP as the signed-in user; returns the HTTP status and the body. */
export async function call(page: Page, path: string, input: unknown, mutation = true) {
  const res = mutation
    ? await page.request.post(`/api/trpc/${path}`, { data: { json: input } })
    : await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input ?? null }))}`);
  const body = await res.json();
  return { status: res.status(), data: body.result?.data?.json, error: body.error?.json };
}

/** Calls a tRPC procedure that must succeed; returns its result. */
export async function trpc(page: Page, path: string, input: unknown, mutation = true) {
  const r = await call(page, path, input, mutation);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
}

/** A new browser context signed in as `email` (several users side by side). */
export async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { context, page };
}

/** Opens an AG Grid cell's editor (double click) and returns its input. */
export async function startEditing(cell: Locator) {
  await cell.dblclick();
  const input = cell.locator("input");
  await expect(input).toBeVisible();
  return input;
}
