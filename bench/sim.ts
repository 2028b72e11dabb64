/**
 * `npm run bench:sim` — speed and memory of the daily simulation on the standard case
 * (examples/standard-case.ts): 10,000 SKUs at 1 DC + 9 stores = 100,000 SKU-nodes, 365 days,
 * (s,S) everywhere, store lead time 2, DC lead time 7, integer demand, backorders, full costs and
 * KPIs. Prints ns per SKU-node-day without and with the cost trace, peak memory, and scaling at
 * 1k / 10k / 100k SKUs (each scale in its own process so its peak memory is its own), then ends
 * with one JSON line of the figures. The peak memory of the standard case includes the traced
 * runs (the trace of 100,000 SKU-nodes × 365 days is the largest allocation), and the time to list
 * a trace once (the work `forEachCost` leaves until the trace is read) is printed beside them.
 *
 * Timings are wall clock, after one warm-up run: on the standard case, medians of 5 runs without
 * and 5 with the trace, alternating; the trace's overhead is the median over the 5 pairs of
 * adjacent runs of their ratio, so a drift of the machine's speed (this 2-vCPU VM's drifts by
 * tens of percent within a minute) moves both runs of a pair alike. Other scales: median of 3
 * runs (1 at 1,000,000 SKU-nodes). The engine runs on one thread. `SIM_BENCH_QUICK=1` skips the 1k and 100k scales (for quick
 * iterations while tuning the engine).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { standardCase } from "../examples/standard-case.ts";
import { compileModel, countCosts, simulate, type CompiledModel } from "../src/server/engine/sim/index.ts";

const DAYS = 365;

interface ScaleFigures {
  skus: number;
  skuNodes: number;
  compileMs: number;
  nsPerSkuNodeDay: number;
  nsPerSkuNodeDayWithTrace?: number;
  traceEntries?: number;
  traceListMs?: number;
  /** Median over the pairs of adjacent runs of (traced / untraced − 1), in percent. */
  traceOverheadPercent?: number;
  cpuNsPerSkuNodeDay: number;
  peakMiB: number;
  fillRate: number;
}

function peakMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function timeRun(compiled: CompiledModel, trace: boolean): { ns: number; cpuNs: number; result: ReturnType<typeof simulate> } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = simulate(compiled, { trace });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const nodeDays = compiled.stockNodeCount * compiled.days;
  return { ns: (wall * 1e6) / nodeDays, cpuNs: ((cpu.user + cpu.system) * 1e3) / nodeDays, result };
}

/**
 * A traced run's time, its number of costs and the time to list them all once (which includes
 * working out which order lines each shipment served, see `shipmentCosts`); the result itself is
 * not kept.
 */
function timeTracedRun(compiled: CompiledModel): { ns: number; entries: number; listMs: number } {
  const { ns, result } = timeRun(compiled, true);
  const t0 = performance.now();
  const entries = countCosts(result.trace!, result.orders!);
  return { ns, entries, listMs: performance.now() - t0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Measures one scale in this process: a warm-up run, then `repeats` timed runs without the trace,
 * each followed, when asked, by one with it. Each traced result is collected before the next run,
 * so the peak memory is that of one traced run.
 */
function measure(skus: number, repeats: number, withTrace: boolean): ScaleFigures {
  const t0 = performance.now();
  const compiled = compileModel(standardCase({ skus, days: DAYS }));
  const compileMs = performance.now() - t0;
  timeRun(compiled, false); // warm-up: let the JIT compile the day loop
  // Warm the trace code paths on a small model (cheap in memory).
  if (withTrace) timeRun(compileModel(standardCase({ skus: 300, days: DAYS })), true);
  const plain: number[] = [];
  const plainCpu: number[] = [];
  const traced: number[] = [];
  const listMs: number[] = [];
  const pairOverheads: number[] = [];
  let fillRate = 0;
  let traceEntries = 0;
  for (let i = 0; i < repeats; i++) {
    const p = timeRun(compiled, false);
    plain.push(p.ns);
    plainCpu.push(p.cpuNs);
    fillRate = p.result.kpis.fillRate;
    if (withTrace) {
      const t = timeTracedRun(compiled);
      traced.push(t.ns);
      pairOverheads.push((t.ns / p.ns - 1) * 100);
      listMs.push(t.listMs);
      traceEntries = t.entries;
      // Reclaim that trace before the next run (the child runs with --expose-gc).
      (globalThis as { gc?: () => void }).gc?.();
    }
  }
  return {
    skus,
    skuNodes: compiled.stockNodeCount,
    compileMs,
    nsPerSkuNodeDay: median(plain),
    ...(withTrace ? { nsPerSkuNodeDayWithTrace: median(traced), traceEntries, traceListMs: median(listMs), traceOverheadPercent: median(pairOverheads) } : {}),
    cpuNsPerSkuNodeDay: median(plainCpu),
    peakMiB: peakMiB(),
    fillRate,
  };
}

/** Runs one scale in a fresh process (same loader flags), so memory peaks do not mix. */
function measureInChild(skus: number, withTrace: boolean): ScaleFigures {
  const self = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, "--expose-gc", self, "--child", String(skus), ...(withTrace ? ["--trace"] : [])];
  const child = spawnSync(process.execPath, args, {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`child for ${skus} SKUs failed with status ${child.status}`);
  const lines = child.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as ScaleFigures;
}

const f1 = (x: number) => x.toFixed(1);

/**
 * The machine's latency of a dependent random read over 64 MiB, in ns: machines of one kind
 * differ (a VM's neighbours, its host's memory), and the day loop's speed follows it more than the
 * clock rate, so it is printed beside the figures to compare runs on different machines.
 */
function memoryLatencyNs(): number {
  const n = 1 << 24;
  // One random cycle through all n slots (Sattolo's algorithm), from a fixed-seed generator.
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[i] = i;
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % i;
    const x = next[i]!;
    next[i] = next[j]!;
    next[j] = x;
  }
  const reads = 5_000_000;
  let p = 0;
  const t0 = performance.now();
  for (let k = 0; k < reads; k++) p = next[p]!;
  const ns = ((performance.now() - t0) * 1e6) / reads;
  return p === -1 ? 0 : ns;
}

function main(): void {
  const childIndex = process.argv.indexOf("--child");
  if (childIndex >= 0) {
    const skus = Number(process.argv[childIndex + 1]);
    const traced = process.argv.includes("--trace");
    process.stdout.write(JSON.stringify(measure(skus, skus >= 100_000 ? 1 : traced ? 5 : 3, traced)) + "\n");
    return;
  }

  console.log(`standard case: 10,000 SKUs × (1 DC + 9 stores), ${DAYS} days, (s,S), LT store 2 / DC 7, Poisson demand, backorders`);
  // Every measurement runs in a child started from this small parent: on Linux a child's maxRSS
  // starts from the parent's high-water mark, so a heavy parent would inflate it.
  const standard = measureInChild(10_000, true);
  const overhead = standard.traceOverheadPercent!;
  console.log(`  compile:                 ${standard.compileMs.toFixed(0)} ms`);
  console.log(`  without trace:           ${f1(standard.nsPerSkuNodeDay)} ns per SKU-node-day (${((standard.nsPerSkuNodeDay * standard.skuNodes * DAYS) / 1e6).toFixed(0)} ms per run; process CPU ${f1(standard.cpuNsPerSkuNodeDay)} ns)`);
  console.log(`  with cost trace:         ${f1(standard.nsPerSkuNodeDayWithTrace!)} ns per SKU-node-day (+${overhead.toFixed(0)}%, ${standard.traceEntries!.toLocaleString("en")} entries)`);
  console.log(`  listing the trace once:  ${standard.traceListMs!.toFixed(0)} ms (after the run: which order lines each shipment served, then every cost)`);
  console.log(`  fill rate:               ${(standard.fillRate * 100).toFixed(2)}%`);
  console.log(`  peak memory:             ${standard.peakMiB.toFixed(0)} MiB`);
  const latency = memoryLatencyNs();
  console.log(`  this machine:            ${latency.toFixed(0)} ns per random memory read (64 MiB; the day loop's speed follows it)`);

  console.log("scaling (each in its own process):");
  const scales: ScaleFigures[] = [];
  const quick = process.env.SIM_BENCH_QUICK === "1";
  for (const skus of quick ? [10_000] : [1_000, 10_000, 100_000]) {
    const s = skus === 10_000 ? standard : measureInChild(skus, false);
    scales.push(s);
    console.log(`  ${String(skus).padStart(7)} SKUs ${String(s.skuNodes).padStart(9)} SKU-nodes: ${f1(s.nsPerSkuNodeDay).padStart(6)} ns per SKU-node-day, compile ${(s.compileMs / 1000).toFixed(1)} s, peak ${s.peakMiB.toFixed(0)} MiB`);
  }
  const target = { nsPerSkuNodeDay: 25, traceOverheadPercent: 20, peakMiB: 1024 };
  console.log(`targets: ≤ ${target.nsPerSkuNodeDay} ns, trace overhead ≤ ${target.traceOverheadPercent}%, peak ≤ ${target.peakMiB} MiB`);

  console.log(
    JSON.stringify({
      nsPerSkuNodeDay: Number(f1(standard.nsPerSkuNodeDay)),
      nsPerSkuNodeDayWithTrace: Number(f1(standard.nsPerSkuNodeDayWithTrace!)),
      peakMiB: Math.round(standard.peakMiB),
      skuNodes: standard.skuNodes,
      days: DAYS,
      traceOverheadPercent: Math.round(overhead),
      traceListMs: Math.round(standard.traceListMs!),
      cpuNsPerSkuNodeDay: Number(f1(standard.cpuNsPerSkuNodeDay)),
      compileMs: Math.round(standard.compileMs),
      memoryLatencyNs: Math.round(latency),
      scaling: scales.map((s) => ({ skus: s.skus, skuNodes: s.skuNodes, nsPerSkuNodeDay: Number(f1(s.nsPerSkuNodeDay)), peakMiB: Math.round(s.peakMiB) })),
    }),
  );
}

main();
