/** Prometheus metrics served at /api/metrics. One registry per process. */
import client from "prom-client";

const globalForMetrics = globalThis as unknown as { __scpMetrics?: ReturnType<typeof create> };

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: "scp_http_requests_total",
    help: "API requests handled, by route and outcome",
    labelNames: ["route", "status"] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: "scp_http_request_duration_seconds",
    help: "API request latency in seconds, by route",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, requests, latency };
}

export const metrics = (globalForMetrics.__scpMetrics ??= create());

/** Background runs: duration by kind, failures, and the embedded queue (gauges read on scrape). */
function createRunMetrics(registry: client.Registry) {
  return {
    duration: new client.Histogram({
      name: "scp_run_duration_seconds",
      help: "Duration of finished runs in seconds, by kind",
      labelNames: ["kind"] as const,
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    failures: new client.Counter({
      name: "scp_run_failures_total",
      help: "Runs that failed, by kind",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    queueDepth: new client.Gauge({ name: "scp_jobs_queued", help: "Jobs waiting in the embedded runner's queue (all tenants)", registers: [registry] }),
    running: new client.Gauge({ name: "scp_jobs_running", help: "Jobs running in the embedded runner (all tenants)", registers: [registry] }),
  };
}

export const runMetrics = ((globalThis as unknown as { __scpRunMetrics?: ReturnType<typeof createRunMetrics> }).__scpRunMetrics ??=
  createRunMetrics(metrics.registry));

/** Records one handled request. `status` is the HTTP status or tRPC error code. */
export function observeRequest(route: string, status: string | number, seconds: number): void {
  metrics.requests.inc({ route, status: String(status) });
  metrics.latency.observe({ route }, seconds);
}
