/**
 * Speed of automatic forecasting (backtest-chosen combination, 80/95% intervals) on the 359 M4 weekly
 * series: milliseconds per series single-threaded and across all cores with worker_threads, and peak
 * resident memory. Ends with one JSON line of the figures.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { forecastSeries } from "../src/server/engine/forecast/index.ts";
import { loadM4Weekly } from "./eval-forecast.ts";

const HORIZON = 13;
const PERIOD = 52;

function singleThreaded(series: readonly Float64Array[]): number {
  // Warm-up pass on a slice so the JIT has compiled the hot loops before timing.
  for (const y of series.slice(0, 40)) forecastSeries(y, { horizon: HORIZON, period: PERIOD, levels: [80, 95] });
  const start = performance.now();
  for (const y of series) forecastSeries(y, { horizon: HORIZON, period: PERIOD, levels: [80, 95] });
  return (performance.now() - start) / series.length;
}

async function allCores(series: readonly Float64Array[], threads: number): Promise<number> {
  // Node 20 does not apply `--import tsx` hooks inside workers, so a tiny bootstrap registers tsx
  // in the worker and then imports the TypeScript entry.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(new URL("./forecast-worker.ts", import.meta.url).href)}); });`;
  const workers = Array.from({ length: threads }, () => new Worker(bootstrap, { eval: true }));
  const once = (w: Worker) => new Promise<{ ms: number; count: number }>((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
  await Promise.all(workers.map((w) => {
    const p = once(w);
    w.postMessage("warmup");
    return p;
  }));
  // Round-robin split keeps long and short series spread across workers.
  const chunks: Float64Array[][] = workers.map(() => []);
  series.forEach((y, i) => chunks[i % threads].push(y));
  const start = performance.now();
  await Promise.all(workers.map((w, i) => {
    const p = once(w);
    w.postMessage({ series: chunks[i], horizon: HORIZON, period: PERIOD });
    return p;
  }));
  const wall = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return wall / series.length;
}

const series = loadM4Weekly().map((s) => s.train);
const threads = Math.max(1, os.availableParallelism());
console.log(`M4 weekly: ${series.length} series, mean length ${Math.round(series.reduce((s, y) => s + y.length, 0) / series.length)}, horizon ${HORIZON}, period ${PERIOD}`);
const msPerSeries = singleThreaded(series);
console.log(`single-threaded: ${msPerSeries.toFixed(2)} ms/series`);
const msPerSeriesAllCores = await allCores(series, threads);
console.log(`${threads} worker threads: ${msPerSeriesAllCores.toFixed(2)} ms/series (wall clock)`);
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS: ${peakMiB.toFixed(1)} MiB`);
const round = (x: number) => Math.round(x * 100) / 100;
console.log(JSON.stringify({ msPerSeries: round(msPerSeries), msPerSeriesAllCores: round(msPerSeriesAllCores), peakMiB: round(peakMiB) }));
