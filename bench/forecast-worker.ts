/**
 * Worker thread of bench/forecast.ts: forecasts the series it is sent with automatic selection and
 * reports how long that took. Loaded through tsx (`execArgv: ["--import", "tsx"]`).
 */
import { parentPort } from "node:worker_threads";
import { forecastSeries } from "../src/server/engine/forecast/index.ts";

export interface WorkerJob {
  readonly series: readonly Float64Array[];
  readonly horizon: number;
  readonly period: number;
}

parentPort!.on("message", (job: WorkerJob | "warmup") => {
  if (job === "warmup") {
    // One small forecast so module loading and JIT warm-up are not timed.
    const y = Float64Array.from({ length: 400 }, (_, t) => 100 + t + 10 * Math.sin(t / 3));
    forecastSeries(y, { horizon: 13, period: 52, levels: [80, 95] });
    parentPort!.postMessage({ ready: true });
    return;
  }
  const start = performance.now();
  let checksum = 0;
  for (const y of job.series) checksum += forecastSeries(y, { horizon: job.horizon, period: job.period, levels: [80, 95] }).mean[0];
  parentPort!.postMessage({ ms: performance.now() - start, count: job.series.length, checksum });
});
