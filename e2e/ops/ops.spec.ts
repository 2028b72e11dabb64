/** Operations: health, Prometheus metrics, security headers, and the REST API's status codes. */
import { expect, test } from "@playwright/test";
import { signIn } from "../support/auth.ts";

test("health answers with the database status and schema version", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: "ok", schemaVersion: expect.any(Number) });
});

test("pages carry security headers", async ({ request }) => {
  const res = await request.get("/signin");
  const h = res.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-powered-by"]).toBeUndefined();
});

test("REST: 401 without a session, 400 naming the problem, 202 to start a run; metrics count it all", async ({ page, request }) => {
  expect((await request.get("/api/v1/runs")).status()).toBe(401);
  await signIn(page, "planner@acme.example");
  const tooBig = await page.request.get("/api/v1/runs?limit=500");
  expect(tooBig.status()).toBe(400);
  expect((await tooBig.json()).error.message).toMatch(/limit.*at most 200/);
  const bad = await page.request.post("/api/v1/runs", { data: { name: "", horizonDays: 2 } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/horizonDays must be at least 7 days/);
  const started = await page.request.post("/api/v1/runs", { data: { name: "From the API", horizonDays: 14 } });
  expect(started.status()).toBe(202);
  const run = await started.json();
  const listed = await page.request.get("/api/v1/runs?limit=5&status=queued,running,succeeded");
  expect((await listed.json()).rows.some((r: { id: string }) => r.id === run.id)).toBe(true);
  const other = await page.request.get(`/api/v1/runs/00000000-0000-4000-8000-000000000000`);
  expect(other.status()).toBe(404);
  // Cancel, then retry: a new run with the same inputs (only a failed or cancelled run retries).
  const toCancel = await (await page.request.post("/api/v1/runs", { data: { name: "To cancel", horizonDays: 14, priority: -5 } })).json();
  const cancelled = await page.request.post(`/api/v1/runs/${toCancel.id}/cancel`);
  if (cancelled.status() === 200) {
    const retried = await page.request.post(`/api/v1/runs/${toCancel.id}/retry`);
    expect(retried.status(), await retried.text()).toBe(202);
    const again = await retried.json();
    expect(again.id).not.toBe(toCancel.id);
    expect(again.name).toBe("To cancel (retry)");
  } else {
    // The run finished before the cancel reached it: then a retry is refused as a conflict.
    expect(cancelled.status()).toBe(409);
    expect((await page.request.post(`/api/v1/runs/${toCancel.id}/retry`)).status()).toBe(409);
  }
  expect((await page.request.post(`/api/v1/runs/00000000-0000-4000-8000-000000000000/retry`)).status()).toBe(404);

  const metrics = await (await request.get("/api/metrics")).text();
  expect(metrics).toContain("scp_http_requests_total");
  expect(metrics).toContain("scp_http_request_duration_seconds_bucket");
  expect(metrics).toContain('route="rest:runs.start"');
  expect(metrics).toMatch(/scp_jobs_queued \d+/);
  expect(metrics).toContain("scp_run_duration_seconds");
});
