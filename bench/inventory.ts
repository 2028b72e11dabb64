/**
 * Inventory-optimisation benchmark (`npm run bench:inventory`):
 * 1. recommended policies for 10,000 item × location rows in one batch call — a realistic mix of
 *    fast and slow movers, deterministic and variable lead times, cycle-service and fill-rate
 *    targets, MOQs and order multiples, daily and weekly review;
 * 2. the guaranteed-service optimum of a 100-node tree (components feeding a central node that
 *    distributes to customer-facing nodes).
 * Each is run once to warm up, then timed over several runs; the median is reported. The last line
 * is one JSON object with the figures. Targets: ≤ 1,000 ms each.
 */
import {
  computePolicies,
  POLICY_OK,
  SERVICE_CYCLE,
  SERVICE_FILL_RATE,
  solveGsm,
  tradeOffCurve,
  type GsmNetwork,
  type PolicyBatchInput,
} from "../src/server/engine/inventory/index.ts";

/** Deterministic generator (mulberry32) so every run times the same instance. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRows(count: number): PolicyBatchInput {
  const r = rng(7);
  const f = () => new Float64Array(count);
  const input = {
    count,
    demandMean: f(),
    demandSd: f(),
    leadTimeMean: f(),
    leadTimeSd: f(),
    unitCost: f(),
    holdingRate: f(),
    orderingCost: f(),
    serviceKind: new Uint8Array(count),
    serviceTarget: f(),
    minOrderQuantity: f(),
    orderMultiple: f(),
    reviewPeriod: f(),
  };
  for (let i = 0; i < count; i++) {
    // Log-uniform daily demand from 0.2 to ~400 units; CV 0.2–1.2 (slow movers more erratic).
    const mean = Math.exp(Math.log(0.2) + r() * Math.log(2000));
    input.demandMean[i] = mean;
    input.demandSd[i] = mean * (0.2 + r() * (mean < 2 ? 1 : 0.6));
    input.leadTimeMean[i] = 1 + Math.floor(r() * 45);
    input.leadTimeSd[i] = r() < 0.4 ? r() * 0.3 * input.leadTimeMean[i] : 0;
    input.unitCost[i] = Math.exp(r() * Math.log(500));
    input.holdingRate[i] = 0.15 + r() * 0.15;
    input.orderingCost[i] = 5 + r() * 150;
    const fill = r() < 0.5;
    input.serviceKind[i] = fill ? SERVICE_FILL_RATE : SERVICE_CYCLE;
    input.serviceTarget[i] = fill ? 0.9 + r() * 0.09 : 0.85 + r() * 0.14;
    input.minOrderQuantity[i] = r() < 0.3 ? Math.ceil(mean * (5 + r() * 20)) : 0;
    input.orderMultiple[i] = r() < 0.4 ? [6, 12, 24, 50, 100][Math.floor(r() * 5)] : 0;
    input.reviewPeriod[i] = r() < 0.7 ? 1 : 7;
  }
  return input;
}

function makeTree(nodes: number): GsmNetwork {
  const r = rng(11);
  const from: number[] = [];
  const to: number[] = [];
  // Node 0 is the central plant/DC. Nodes attach to an earlier node either upstream (a component
  // feeding it) or downstream (a distribution point it supplies).
  const upstreamSide = new Array<boolean>(nodes).fill(false);
  for (let i = 1; i < nodes; i++) {
    const j = Math.floor(r() * i);
    const upstream = j === 0 ? r() < 0.5 : upstreamSide[j];
    upstreamSide[i] = upstream;
    if (upstream) {
      from.push(i);
      to.push(j);
    } else {
      from.push(j);
      to.push(i);
    }
  }
  const hasSucc = new Array<boolean>(nodes).fill(false);
  for (const f of from) hasSucc[f] = true;
  return {
    nodeCount: nodes,
    holdingCost: Array.from({ length: nodes }, (_, i) => (upstreamSide[i] ? 0.5 + r() * 5 : 5 + r() * 20)),
    processingTime: Array.from({ length: nodes }, () => 1 + Math.floor(r() * 10)),
    demandSd: Array.from({ length: nodes }, (_, i) => (hasSucc[i] ? 0 : 5 + r() * 45)),
    maxOutboundServiceTime: Array.from({ length: nodes }, (_, i) => (hasSucc[i] ? -1 : Math.floor(r() * 3))),
    externalInboundServiceTime: Array.from({ length: nodes }, () => Math.floor(r() * 3)),
    edgeFrom: from,
    edgeTo: to,
    safetyFactor: 1.645,
  };
}

function timeMedian(runs: number, body: () => void): { median: number; first: number } {
  const t0 = performance.now();
  body();
  const first = performance.now() - t0;
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], first };
}

const rows = makeRows(10_000);
let okRows = 0;
let investment = 0;
const single = timeMedian(5, () => {
  const out = computePolicies(rows);
  okRows = 0;
  investment = 0;
  for (let i = 0; i < rows.count; i++) {
    if (out.status[i] === POLICY_OK) {
      okRows++;
      investment += out.inventoryInvestment[i];
    }
  }
});
console.log(`single-echelon policies: ${rows.count} rows (${okRows} ok), total investment ${investment.toFixed(0)}`);
console.log(`  first run ${single.first.toFixed(1)} ms, median of 5 ${single.median.toFixed(1)} ms (target ≤ 1000 ms)`);

const curveTargets = [0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995];
const curve = timeMedian(1, () => {
  tradeOffCurve(rows, curveTargets, SERVICE_FILL_RATE);
});
console.log(`trade-off curve (${curveTargets.length} fill-rate targets × ${rows.count} rows): ${curve.median.toFixed(1)} ms`);

const tree = makeTree(100);
let gsmCost = 0;
const gsm = timeMedian(9, () => {
  const solution = solveGsm(tree);
  if (!solution.ok) throw new Error(solution.message);
  gsmCost = solution.cost;
});
console.log(`guaranteed-service tree: ${tree.nodeCount} nodes, optimal safety-stock cost ${gsmCost.toFixed(2)}`);
console.log(`  first run ${gsm.first.toFixed(2)} ms, median of 9 ${gsm.median.toFixed(2)} ms (target ≤ 1000 ms)`);

const peakRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(`peak RSS ${peakRssMiB.toFixed(1)} MiB`);
console.log(
  JSON.stringify({
    singleEchelon10kMs: Number(single.median.toFixed(1)),
    gsm100NodeMs: Number(gsm.median.toFixed(2)),
    tradeOffCurve10kMs: Number(curve.median.toFixed(1)),
    peakRssMiB: Number(peakRssMiB.toFixed(1)),
  }),
);
