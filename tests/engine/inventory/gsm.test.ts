import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { findCycleEdge, solveGsm, type GsmNetwork } from "../../../src/server/engine/inventory/gsm.ts";

/**
 * Brute force written independently of the engine: pooled σ by recursion over successors, then every
 * vector of integer outbound service times S_j ∈ [0, M_j] (M_j the longest replenishment time), with
 * SI_j = max(external, max over predecessors S_i), feasibility 0 ≤ SI_j + T_j − S_j and
 * S_j ≤ max outbound, cost Σ h_j z σ_j √(SI_j + T_j − S_j).
 */
function bruteForce(net: GsmNetwork): number {
  const n = net.nodeCount;
  const preds: number[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < net.edgeFrom.length; k++) {
    preds[net.edgeTo[k]].push(net.edgeFrom[k]);
    succs[net.edgeFrom[k]].push(net.edgeTo[k]);
  }
  const sigma = new Array<number>(n).fill(-1);
  const sig = (v: number): number => {
    if (sigma[v] >= 0) return sigma[v];
    let variance = net.demandSd[v] ** 2;
    for (const w of succs[v]) variance += sig(w) ** 2;
    return (sigma[v] = Math.sqrt(variance));
  };
  const M = new Array<number>(n).fill(-1);
  const maxRepl = (v: number): number => {
    if (M[v] >= 0) return M[v];
    let inbound = net.externalInboundServiceTime[v];
    for (const u of preds[v]) inbound = Math.max(inbound, maxRepl(u));
    return (M[v] = inbound + net.processingTime[v]);
  };
  const S = new Array<number>(n).fill(0);
  let best = Infinity;
  const visit = (v: number) => {
    if (v === n) {
      let cost = 0;
      for (let j = 0; j < n; j++) {
        let si = net.externalInboundServiceTime[j];
        for (const u of preds[j]) si = Math.max(si, S[u]);
        const nlt = si + net.processingTime[j] - S[j];
        if (nlt < 0) return;
        cost += net.holdingCost[j] * net.safetyFactor * sig(j) * Math.sqrt(nlt);
      }
      best = Math.min(best, cost);
      return;
    }
    const cap = net.maxOutboundServiceTime[v] >= 0 ? Math.min(net.maxOutboundServiceTime[v], maxRepl(v)) : maxRepl(v);
    for (let s = 0; s <= cap; s++) {
      S[v] = s;
      visit(v + 1);
    }
  };
  visit(0);
  return best;
}

describe("guaranteed-service model (Graves & Willems 2000; Snyder & Shen 2nd ed. §6.3)", () => {
  it("S&S Example 6.5: 4-node tree, optimal S = (0, 0, 0, 1), cost 2√2 + √6 + 3", () => {
    // Nodes 1..4 → 0..3; edges 1→3, 3→2, 3→4; T = (2,1,1,1), h = (1,3,2,3), z = 1; node 1 has
    // external inbound time 1; demand nodes 2 (max S 0) and 4 (max S 1) have σ = 1.
    const net: GsmNetwork = {
      nodeCount: 4,
      holdingCost: [1, 3, 2, 3],
      processingTime: [2, 1, 1, 1],
      demandSd: [0, 1, 0, 1],
      maxOutboundServiceTime: [-1, 0, -1, 1],
      externalInboundServiceTime: [1, 0, 0, 0],
      edgeFrom: [0, 2, 2],
      edgeTo: [2, 1, 3],
      safetyFactor: 1,
    };
    const r = solveGsm(net);
    if (!r.ok) throw new Error(r.message);
    expect(Array.from(r.serviceTime)).toEqual([0, 0, 0, 1]);
    expect(Array.from(r.netLeadTime)).toEqual([3, 1, 1, 0]);
    expect(r.cost).toBeCloseTo(2 * Math.SQRT2 + Math.sqrt(6) + 3, 12);
    expect(r.cost).toBeCloseTo(bruteForce(net), 12);
  });

  it("S&S Figure 6.14 (Graves & Willems' camera supply chain): S = (0,3,5,4,7,0,0,0,0,2)", () => {
    // 0 raw material, 1 process wafers, 2 package/test wafers, 3 imager base, 4 imager assembly,
    // 5 ship to final assembly, 6 camera, 7 circuit board, 8 other parts, 9 build/test/pack
    // (σ = 10, max service 2), z = Φ⁻¹(0.95). Cost = 1.645·10·(0.01√2 + 0.13√10 + 0.20√6 + 0.08√4 + 0.04√3).
    const z = 1.6448536269514722;
    const net: GsmNetwork = {
      nodeCount: 10,
      holdingCost: [0.01, 0.03, 0.04, 0.06, 0.12, 0.13, 0.2, 0.08, 0.04, 0.5],
      processingTime: [2, 3, 2, 4, 2, 3, 6, 4, 3, 2],
      demandSd: [0, 0, 0, 0, 0, 0, 0, 0, 0, 10],
      maxOutboundServiceTime: [-1, -1, -1, -1, -1, -1, -1, -1, -1, 2],
      externalInboundServiceTime: new Array(10).fill(0),
      edgeFrom: [0, 1, 2, 3, 4, 6, 5, 7, 8],
      edgeTo: [1, 2, 4, 4, 5, 9, 9, 9, 9],
      safetyFactor: z,
    };
    const r = solveGsm(net);
    if (!r.ok) throw new Error(r.message);
    expect(Array.from(r.serviceTime)).toEqual([0, 3, 5, 4, 7, 0, 0, 0, 0, 2]);
    const expected = z * 10 * (0.01 * Math.SQRT2 + 0.13 * Math.sqrt(10) + 0.2 * Math.sqrt(6) + 0.08 * 2 + 0.04 * Math.sqrt(3));
    expect(r.cost).toBeCloseTo(expected, 12);
    expect(r.cost).toBeCloseTo(18.824004472592165, 10);
  });

  it("serial line: all-or-nothing optimum matches brute force", () => {
    const net: GsmNetwork = {
      nodeCount: 4,
      holdingCost: [1, 2, 3, 5],
      processingTime: [3, 1, 2, 1],
      demandSd: [0, 0, 0, 20],
      maxOutboundServiceTime: [-1, -1, -1, 0],
      externalInboundServiceTime: [1, 0, 0, 0],
      edgeFrom: [0, 1, 2],
      edgeTo: [1, 2, 3],
      safetyFactor: 2,
    };
    const r = solveGsm(net);
    if (!r.ok) throw new Error(r.message);
    expect(r.cost).toBeCloseTo(bruteForce(net), 10);
    // Each stage either holds no stock (S = SI + T) or quotes 0 (Simpson 1958 / G&W).
    for (let j = 0; j < 4; j++) {
      const full = r.inboundServiceTime[j] + net.processingTime[j];
      expect(r.serviceTime[j] === 0 || r.serviceTime[j] === full).toBe(true);
    }
  });

  it("equals brute-force enumeration of integer service times on random small trees", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            parents: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
            directions: fc.array(fc.boolean(), { minLength: n - 1, maxLength: n - 1 }),
            T: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
            h: fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
            sd: fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
            maxOut: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: n, maxLength: n }),
            ext: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
          }),
        ),
        ({ n, parents, directions, T, h, sd, maxOut, ext }) => {
          const from: number[] = [];
          const to: number[] = [];
          for (let i = 1; i < n; i++) {
            const j = parents[i - 1] % i;
            if (directions[i - 1]) {
              from.push(j);
              to.push(i);
            } else {
              from.push(i);
              to.push(j);
            }
          }
          const hasSucc = new Array<boolean>(n).fill(false);
          const hasPred = new Array<boolean>(n).fill(false);
          from.forEach((f, k) => {
            hasSucc[f] = true;
            hasPred[to[k]] = true;
          });
          const net: GsmNetwork = {
            nodeCount: n,
            holdingCost: h,
            processingTime: T,
            demandSd: sd.map((s, i) => (hasSucc[i] ? 0 : s)),
            maxOutboundServiceTime: maxOut.map((m, i) => (hasSucc[i] ? -1 : m)),
            externalInboundServiceTime: ext.map((e, i) => (hasPred[i] ? 0 : e)),
            edgeFrom: from,
            edgeTo: to,
            safetyFactor: 1.5,
          };
          const r = solveGsm(net);
          if (!r.ok) throw new Error(r.message);
          expect(r.cost).toBeCloseTo(bruteForce(net), 9);
        },
      ),
      { numRuns: 80, seed: 21 },
    );
  });

  it("rejects a network that is not a tree, naming the closing edge", () => {
    expect(findCycleEdge(3, [0, 1, 2], [1, 2, 0])).toBe(2);
    expect(findCycleEdge(3, [0, 0], [1, 1])).toBe(1);
    const r = solveGsm({
      nodeCount: 3,
      holdingCost: [1, 1, 1],
      processingTime: [1, 1, 1],
      demandSd: [0, 0, 1],
      maxOutboundServiceTime: [-1, -1, 0],
      externalInboundServiceTime: [0, 0, 0],
      edgeFrom: [0, 0, 1],
      edgeTo: [1, 2, 2],
      safetyFactor: 1,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.edge).toBe(2);
  });
});
