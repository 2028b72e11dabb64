/**
 * Guaranteed-service model (GSM) for safety-stock placement on serial and tree networks:
 * Graves & Willems (2000), "Optimizing strategic safety stock placement in supply chains",
 * Manufacturing & Service Operations Management 2(1):68–83; Snyder & Shen (2nd ed.) §6.3. Exact for
 * the model (dynamic programming over integer committed service times).
 *
 * Node j has processing time T_j, holding cost h_j and quotes an outbound service time S_j to its
 * successors; its inbound service time is SI_j = max(external inbound time, max over predecessors of
 * S_i). It holds safety stock z·σ_j·√(SI_j + T_j − S_j), which requires S_j ≤ SI_j + T_j. Demand
 * nodes may be bound by a maximum outbound service time. σ_j is the node's own external demand sd
 * combined with its successors' (independent demands pooled: σ_j² = σ_own² + Σ σ_succ²).
 *
 * The network must be a forest when edge directions are ignored (every connected piece a tree).
 * Nodes are peeled leaf by leaf; each node's subtree cost is a function of its outbound service time
 * (if its remaining neighbour is downstream) or of its inbound service time (if upstream), and the
 * parent minimises over its own (S, SI) pair, Graves–Willems' functional equations.
 */

/** Structure-of-arrays description of a GSM network with dense node indices 0..n−1. */
export interface GsmNetwork {
  readonly nodeCount: number;
  readonly holdingCost: ArrayLike<number>;
  /** Integer processing times ≥ 0. */
  readonly processingTime: ArrayLike<number>;
  /** External demand standard deviation per period at the node (0 if none). */
  readonly demandSd: ArrayLike<number>;
  /** Maximum outbound service time, or −1 for none (non-demand nodes are usually unbound). */
  readonly maxOutboundServiceTime: ArrayLike<number>;
  /** Service time of external supply into the node (0 if none). */
  readonly externalInboundServiceTime: ArrayLike<number>;
  /** Edge k carries material from edgeFrom[k] to edgeTo[k]. */
  readonly edgeFrom: ArrayLike<number>;
  readonly edgeTo: ArrayLike<number>;
  /** Safety factor z (e.g. Φ⁻¹ of the service level). */
  readonly safetyFactor: number;
}

export interface GsmSolution {
  readonly serviceTime: Int32Array;
  readonly inboundServiceTime: Int32Array;
  readonly netLeadTime: Int32Array;
  /** Demand standard deviation the node's safety stock covers (pooled from downstream). */
  readonly sigma: Float64Array;
  readonly safetyStock: Float64Array;
  /** Total holding cost of the safety stock, Σ h_j·z·σ_j·√(net lead time). */
  readonly cost: number;
}

export type GsmInvalid = { readonly ok: false; readonly edge: number; readonly message: string };

/**
 * Returns the index of the first edge that closes an undirected cycle (or repeats an edge, or is a
 * self-loop), or −1 if the network is a forest. Union–find with path halving.
 */
export function findCycleEdge(nodeCount: number, edgeFrom: ArrayLike<number>, edgeTo: ArrayLike<number>): number {
  const parent = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) parent[i] = i;
  const find = (x: number) => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let k = 0; k < edgeFrom.length; k++) {
    const a = find(edgeFrom[k]);
    const b = find(edgeTo[k]);
    if (a === b) return k;
    parent[a] = b;
  }
  return -1;
}

/** Adjacency in CSR form: for node v, entries adjStart[v]..adjStart[v+1]−1 of adjNode/adjUpstream. */
interface Adjacency {
  readonly start: Int32Array;
  readonly node: Int32Array;
  /** 1 if the neighbour is upstream of v (edge neighbour → v), 0 if downstream. */
  readonly upstream: Uint8Array;
}

function buildAdjacency(net: GsmNetwork): Adjacency {
  const n = net.nodeCount;
  const m = net.edgeFrom.length;
  const start = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    start[net.edgeFrom[k] + 1]++;
    start[net.edgeTo[k] + 1]++;
  }
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const node = new Int32Array(2 * m);
  const upstream = new Uint8Array(2 * m);
  for (let k = 0; k < m; k++) {
    const a = net.edgeFrom[k];
    const b = net.edgeTo[k];
    node[fill[a]] = b;
    upstream[fill[a]++] = 0;
    node[fill[b]] = a;
    upstream[fill[b]++] = 1;
  }
  return { start, node, upstream };
}

/**
 * Topological order along edge direction (sources first); the forest is acyclic so one exists.
 */
function topologicalOrder(net: GsmNetwork, adj: Adjacency): Int32Array {
  const n = net.nodeCount;
  const indegree = new Int32Array(n);
  for (let k = 0; k < net.edgeTo.length; k++) indegree[net.edgeTo[k]]++;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order[tail++] = v;
  while (head < tail) {
    const v = order[head++];
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
      if (adj.upstream[e]) continue;
      const w = adj.node[e];
      if (--indegree[w] === 0) order[tail++] = w;
    }
  }
  return order;
}

/**
 * Solves the GSM on a tree/forest. Returns the optimal committed service times and safety stocks,
 * or `{ ok: false }` naming the edge that makes the network not a forest.
 */
export function solveGsm(net: GsmNetwork): ({ readonly ok: true } & GsmSolution) | GsmInvalid {
  const n = net.nodeCount;
  const cycleEdge = findCycleEdge(n, net.edgeFrom, net.edgeTo);
  if (cycleEdge >= 0) return { ok: false, edge: cycleEdge, message: "edge closes a cycle: the network must be a tree" };
  const adj = buildAdjacency(net);
  const topo = topologicalOrder(net, adj);
  const z = net.safetyFactor;

  // Pooled demand sd (reverse topological order) and maximum replenishment time M_j (forward).
  const sigma = new Float64Array(n);
  for (let idx = n - 1; idx >= 0; idx--) {
    const v = topo[idx];
    let variance = net.demandSd[v] * net.demandSd[v];
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
      if (!adj.upstream[e]) variance += sigma[adj.node[e]] * sigma[adj.node[e]];
    }
    sigma[v] = Math.sqrt(variance);
  }
  const maxRepl = new Int32Array(n);
  for (let idx = 0; idx < n; idx++) {
    const v = topo[idx];
    let inbound = net.externalInboundServiceTime[v];
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
      if (adj.upstream[e]) inbound = Math.max(inbound, maxRepl[adj.node[e]]);
    }
    maxRepl[v] = inbound + net.processingTime[v];
  }

  // Leaf-peeling labels: parentOf[v] is v's neighbour that remains when v is peeled (−1 for roots).
  const degree = new Int32Array(n);
  for (let v = 0; v < n; v++) degree[v] = adj.start[v + 1] - adj.start[v];
  const removed = new Uint8Array(n);
  const label = new Int32Array(n);
  const parentOf = new Int32Array(n).fill(-1);
  const parentIsUpstream = new Uint8Array(n);
  const queue = new Int32Array(n);
  let qHead = 0;
  let qTail = 0;
  for (let v = 0; v < n; v++) if (degree[v] <= 1) queue[qTail++] = v;
  let next = 0;
  while (qHead < qTail) {
    const v = queue[qHead++];
    removed[v] = 1;
    label[next++] = v;
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
      const w = adj.node[e];
      if (removed[w]) continue;
      parentOf[v] = w;
      parentIsUpstream[v] = adj.upstream[e];
      if (--degree[w] === 1) queue[qTail++] = w;
    }
  }

  // Per node: best subtree cost as a function of S (parent downstream: F(x) = min_{S ≤ x} f(S)) or
  // of SI (parent upstream: G(x) = min_{SI ≥ x} g(SI)), with argmins for backtracking.
  const best = new Array<Float64Array>(n);
  const bestArg = new Array<Int32Array>(n);
  const pairArg = new Array<Int32Array>(n); // F nodes: best SI for each S; G nodes: best S for each SI
  const rootChoice = new Int32Array(2 * n).fill(-1);

  for (let idx = 0; idx < n; idx++) {
    const v = label[idx];
    const T = net.processingTime[v];
    const M = maxRepl[v];
    const siLow = net.externalInboundServiceTime[v];
    const siHigh = M - T;
    const sMax = net.maxOutboundServiceTime[v] >= 0 ? Math.min(net.maxOutboundServiceTime[v], M) : M;
    const scale = net.holdingCost[v] * z * sigma[v];
    // Children's contributions: upstream children w (w feeds v) need S_w ≤ SI_v, so they add F_w(SI);
    // downstream children w (v feeds w) need SI_w ≥ S_v, so they add G_w(S).
    const byInbound = new Float64Array(M + 1);
    const byOutbound = new Float64Array(M + 1);
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
      const w = adj.node[e];
      if (parentOf[w] !== v) continue;
      const fw = best[w];
      const top = maxRepl[w];
      const target = adj.upstream[e] ? byInbound : byOutbound;
      for (let x = 0; x <= M; x++) target[x] += fw[x < top ? x : top];
    }
    const p = parentOf[v];
    if (p < 0) {
      let bestCost = Infinity;
      for (let SI = siLow; SI <= siHigh; SI++) {
        const upper = Math.min(sMax, SI + T);
        for (let S = 0; S <= upper; S++) {
          const c = scale * Math.sqrt(SI + T - S) + byInbound[SI] + byOutbound[S];
          if (c < bestCost) {
            bestCost = c;
            rootChoice[2 * v] = S;
            rootChoice[2 * v + 1] = SI;
          }
        }
      }
      continue;
    }
    const values = new Float64Array(M + 1).fill(Infinity);
    const pair = new Int32Array(M + 1).fill(-1);
    const arg = new Int32Array(M + 1);
    if (!parentIsUpstream[v]) {
      for (let S = 0; S <= sMax; S++) {
        for (let SI = Math.max(siLow, S - T); SI <= siHigh; SI++) {
          const c = scale * Math.sqrt(SI + T - S) + byInbound[SI] + byOutbound[S];
          if (c < values[S]) {
            values[S] = c;
            pair[S] = SI;
          }
        }
      }
      for (let x = 0; x <= M; x++) {
        if (x > 0 && values[x - 1] <= values[x]) {
          values[x] = values[x - 1];
          arg[x] = arg[x - 1];
        } else {
          arg[x] = x;
        }
      }
    } else {
      for (let SI = siLow; SI <= siHigh; SI++) {
        const upper = Math.min(sMax, SI + T);
        for (let S = 0; S <= upper; S++) {
          const c = scale * Math.sqrt(SI + T - S) + byInbound[SI] + byOutbound[S];
          if (c < values[SI]) {
            values[SI] = c;
            pair[SI] = S;
          }
        }
      }
      for (let x = M; x >= 0; x--) {
        if (x < M && values[x + 1] <= values[x]) {
          values[x] = values[x + 1];
          arg[x] = arg[x + 1];
        } else {
          arg[x] = x;
        }
      }
    }
    best[v] = values;
    bestArg[v] = arg;
    pairArg[v] = pair;
  }

  // Backtrack from the roots down the peeling tree.
  const serviceTime = new Int32Array(n);
  const inboundChosen = new Int32Array(n);
  const stack: number[] = [];
  for (let v = 0; v < n; v++) {
    if (parentOf[v] < 0) {
      serviceTime[v] = rootChoice[2 * v];
      inboundChosen[v] = rootChoice[2 * v + 1];
      stack.push(v);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop() as number;
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
      const w = adj.node[e];
      if (parentOf[w] !== v) continue;
      if (adj.upstream[e]) {
        const S = bestArg[w][Math.min(inboundChosen[v], maxRepl[w])];
        serviceTime[w] = S;
        inboundChosen[w] = pairArg[w][S];
      } else {
        const SI = bestArg[w][Math.min(serviceTime[v], maxRepl[w])];
        inboundChosen[w] = SI;
        serviceTime[w] = pairArg[w][SI];
      }
      stack.push(w);
    }
  }
  // The DP (like Graves–Willems' formulation) treats SI as a decision with SI ≥ max S_pred, so a tie
  // may leave slack: a node planning for a later inbound time than its suppliers quote. Removing the
  // slack in topological order — lower S by the node's slack, not below 0 — keeps every net lead
  // time or shortens it, only lowers the S seen downstream, and so cannot raise the cost.
  for (let idx = 0; idx < n; idx++) {
    const v = topo[idx];
    let si = net.externalInboundServiceTime[v];
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) if (adj.upstream[e]) si = Math.max(si, serviceTime[adj.node[e]]);
    const slack = inboundChosen[v] - si;
    if (slack > 0) serviceTime[v] = Math.max(0, serviceTime[v] - slack);
  }
  return { ok: true, ...evaluateGsm(net, serviceTime, sigma, adj) };
}

/**
 * Evaluates given outbound service times: inbound times, net lead times, safety stocks and cost.
 * Infeasible choices (negative net lead time, or a demand node above its maximum) cost Infinity.
 */
export function evaluateGsm(
  net: GsmNetwork,
  serviceTime: ArrayLike<number>,
  pooledSigma?: Float64Array,
  adjacency?: Adjacency,
): GsmSolution {
  const n = net.nodeCount;
  const adj = adjacency ?? buildAdjacency(net);
  let sigma = pooledSigma;
  if (!sigma) {
    const topo = topologicalOrder(net, adj);
    sigma = new Float64Array(n);
    for (let idx = n - 1; idx >= 0; idx--) {
      const v = topo[idx];
      let variance = net.demandSd[v] * net.demandSd[v];
      for (let e = adj.start[v]; e < adj.start[v + 1]; e++) {
        if (!adj.upstream[e]) variance += sigma[adj.node[e]] * sigma[adj.node[e]];
      }
      sigma[v] = Math.sqrt(variance);
    }
  }
  const inbound = new Int32Array(n);
  const nlt = new Int32Array(n);
  const safetyStock = new Float64Array(n);
  const S = Int32Array.from(serviceTime);
  let cost = 0;
  for (let v = 0; v < n; v++) {
    let si = net.externalInboundServiceTime[v];
    for (let e = adj.start[v]; e < adj.start[v + 1]; e++) if (adj.upstream[e]) si = Math.max(si, S[adj.node[e]]);
    inbound[v] = si;
    nlt[v] = si + net.processingTime[v] - S[v];
    const maxOut = net.maxOutboundServiceTime[v];
    if (nlt[v] < 0 || S[v] < 0 || (maxOut >= 0 && S[v] > maxOut)) {
      cost = Infinity;
      continue;
    }
    safetyStock[v] = net.safetyFactor * sigma[v] * Math.sqrt(nlt[v]);
    cost += net.holdingCost[v] * safetyStock[v];
  }
  return { serviceTime: S, inboundServiceTime: inbound, netLeadTime: nlt, sigma, safetyStock, cost };
}
