/**
 * Serial multi-echelon system under the stochastic-service model: optimal echelon base-stock levels
 * by the exact Clark–Scarf recursion in the form of Chen & Zheng (1994), "Lower bounds for
 * multi-echelon stochastic inventory systems", Management Science 40(11); Snyder & Shen (2nd ed.)
 * §6.2. Exact up to numerical integration (~1e-9 relative).
 *
 * Stages 1..N, stage 1 downstream facing N(μ, σ²) demand per period, stage N supplied by an
 * unlimited source. Stage j has echelon holding cost h_j and lead time L_j; unmet demand at stage 1
 * is backordered at p per unit per period. With local holding cost H = h_1 + … + h_N at stage 1,
 * D_j ~ N(μL_j, σ²L_j) the demand during stage j's lead time:
 *   C₀(x) = (p + H)·x⁻
 *   Ĉ_j(x) = h_j·x + C_{j−1}(x),  C̃_j(y) = E[Ĉ_j(y − D_j)],  S_j = argmin C̃_j,
 *   C_j(x) = C̃_j(min(S_j, x)),    optimal cost = C̃_N(S_N).
 * For stage 1 the expectation is closed form (a newsvendor); for j ≥ 2 it is split at the kink of
 * C_{j−1} (constant beyond S_{j−1}) and integrated by composite Gauss–Legendre quadrature over the
 * standardised demand, with C̃_{j−1} tabulated on a fine grid and interpolated by cubic Hermite
 * splines. (The localBaseStock output is S_j − S_{j−1}; it is negative when the echelon levels are
 * not nested, in which case the upstream level is not binding.)
 */
import {
  GAUSS_LEGENDRE_8_NODES,
  GAUSS_LEGENDRE_8_WEIGHTS,
  normalLossAt,
  normCdf,
  normPdf,
} from "./distributions.ts";

export interface SerialProblem {
  /** Echelon holding cost per unit per period of each stage, stage 1 (downstream) first. */
  readonly echelonHoldingCost: ArrayLike<number>;
  /** Lead time (periods, ≥ 0) into each stage, stage 1 first. */
  readonly leadTime: ArrayLike<number>;
  /** Backorder cost per unit per period at stage 1. */
  readonly stockoutCost: number;
  readonly demandMean: number;
  readonly demandSd: number;
}

export interface SerialResult {
  /** Optimal echelon base-stock levels, stage 1 first. */
  readonly echelonBaseStock: Float64Array;
  /** Local base-stock levels S_j − S_{j−1} (after the nesting S_j ≥ S_{j−1} is enforced). */
  readonly localBaseStock: Float64Array;
  /** Expected cost per period. */
  readonly cost: number;
}

/** Standardised demand range integrated over, ±T (the tail beyond carries < 1e-23 of the mass). */
const TAIL = 10;
/** Width of each quadrature panel in standard deviations. */
const PANEL = 0.5;

/** C̃_j tabulated on x_i = lo + i·step with slopes, for cubic Hermite interpolation. */
interface Tabulated {
  readonly lo: number;
  readonly step: number;
  readonly values: Float64Array;
  readonly slopes: Float64Array;
  /** C_j(x) = C̃_j(min(S_j, x)): the value used for x ≥ cap. */
  readonly cap: number;
  readonly capValue: number;
}

function interpolate(t: Tabulated, x: number): number {
  if (x >= t.cap) return t.capValue;
  const n = t.values.length;
  const u = (x - t.lo) / t.step;
  if (u <= 0) return t.values[0] + (x - t.lo) * t.slopes[0];
  let i = Math.floor(u);
  if (i >= n - 1) i = n - 2;
  const s = u - i;
  const y0 = t.values[i];
  const y1 = t.values[i + 1];
  const m0 = t.slopes[i] * t.step;
  const m1 = t.slopes[i + 1] * t.step;
  const s2 = s * s;
  const s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * y0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * y1 + (s3 - s2) * m1;
}

/**
 * C̃_j as a function of y for stage index j (0-based), given the tabulated C̃_{j−1} capped at
 * S_{j−1} (`prev`, null for the first stage).
 */
function makeStage(
  problem: SerialProblem,
  j: number,
  prev: Tabulated | null,
  totalHolding: number,
): (y: number) => number {
  const h = problem.echelonHoldingCost[j];
  const L = problem.leadTime[j];
  const mean = problem.demandMean * L;
  const sd = problem.demandSd * Math.sqrt(L);
  const p = problem.stockoutCost;
  if (prev === null) {
    // Stage 1: C̃₁(y) = h₁(y − μ₁) + (p + H)·E[(D₁ − y)⁺].
    return (y) => h * (y - mean) + (p + totalHolding) * normalLossAt(y, mean, sd);
  }
  if (sd <= 0) return (y) => h * (y - mean) + interpolate(prev, y - mean);
  return (y) => {
    // x = y − μ − σt ≥ cap ⇔ t ≤ a; there C_{j−1} is the constant capValue.
    const a = (y - mean - prev.cap) / sd;
    let expected: number;
    let start: number;
    if (a >= TAIL) return h * (y - mean) + prev.capValue;
    if (a <= -TAIL) {
      expected = 0;
      start = -TAIL;
    } else {
      expected = prev.capValue * normCdf(a);
      start = a;
    }
    const panels = Math.max(1, Math.ceil((TAIL - start) / PANEL));
    const width = (TAIL - start) / panels;
    const half = 0.5 * width;
    for (let k = 0; k < panels; k++) {
      const centre = start + (k + 0.5) * width;
      for (let q = 0; q < 8; q++) {
        const t = centre + half * GAUSS_LEGENDRE_8_NODES[q];
        expected += half * GAUSS_LEGENDRE_8_WEIGHTS[q] * normPdf(t) * interpolate(prev, y - mean - sd * t);
      }
    }
    return h * (y - mean) + expected;
  };
}

/** Golden-section minimisation of a convex function on [a, b]. */
function goldenMin(f: (x: number) => number, a: number, b: number): number {
  const inv = (Math.sqrt(5) - 1) / 2;
  let x1 = b - inv * (b - a);
  let x2 = a + inv * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > 1e-10 * (1 + Math.abs(a) + Math.abs(b))) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - inv * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + inv * (b - a);
      f2 = f(x2);
    }
  }
  return 0.5 * (a + b);
}

function tabulate(f: (y: number) => number, lo: number, cap: number, points: number): Tabulated {
  const n = points;
  const hi = cap > lo ? cap : lo + 1;
  const step = (hi - lo) / (n - 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = f(lo + i * step);
  // Slopes by fourth-order central differences (second-order one-sided at the ends).
  const slopes = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i >= 2 && i <= n - 3) {
      slopes[i] = (values[i - 2] - 8 * values[i - 1] + 8 * values[i + 1] - values[i + 2]) / (12 * step);
    } else if (i === 0) {
      slopes[i] = (-3 * values[0] + 4 * values[1] - values[2]) / (2 * step);
    } else if (i === n - 1) {
      slopes[i] = (3 * values[n - 1] - 4 * values[n - 2] + values[n - 3]) / (2 * step);
    } else {
      slopes[i] = (values[i + 1] - values[i - 1]) / (2 * step);
    }
  }
  return { lo, step, values, slopes, cap: hi, capValue: f(hi) };
}

function checkProblem(problem: SerialProblem): number {
  const n = problem.echelonHoldingCost.length;
  if (n === 0 || problem.leadTime.length !== n) throw new RangeError("need one lead time per stage");
  if (!(problem.demandSd >= 0) || !(problem.stockoutCost >= 0)) throw new RangeError("bad demand or stockout cost");
  return n;
}

/**
 * Runs the recursion. With `levels` given, evaluates that echelon base-stock vector (the expected
 * cost of any echelon base-stock policy); otherwise optimises.
 */
function recurse(problem: SerialProblem, levels: ArrayLike<number> | null): SerialResult {
  const n = checkProblem(problem);
  let totalHolding = 0;
  let totalMean = 0;
  let totalVar = 0;
  for (let j = 0; j < n; j++) {
    totalHolding += problem.echelonHoldingCost[j];
    totalMean += problem.demandMean * problem.leadTime[j];
    totalVar += problem.demandSd * problem.demandSd * problem.leadTime[j];
  }
  const scale = Math.sqrt(totalVar) + 1e-9 * (1 + totalMean);
  const S = new Float64Array(n);
  let prev: Tabulated | null = null;
  let cost = 0;
  let cumulativeVar = 0;
  for (let j = 0; j < n; j++) {
    const f = makeStage(problem, j, prev, totalHolding);
    const mean = problem.demandMean * problem.leadTime[j];
    const sd = problem.demandSd * Math.sqrt(problem.leadTime[j]);
    cumulativeVar += sd * sd;
    const prevCap = prev ? prev.cap : 0;
    if (levels) {
      S[j] = levels[j];
    } else {
      // Generous bracket around the convex minimiser; S_j lies within a few sd of S_{j−1} + μ_j.
      S[j] = goldenMin(f, prevCap - mean - 24 * scale - 1, prevCap + mean + 24 * scale + 1);
    }
    if (j === n - 1) {
      cost = f(S[j]);
    } else {
      // C̃_j is needed (with non-negligible probability) only within ~16 total sd below S_j; further
      // left it is linear and extrapolated. The grid resolves C̃_j's own curvature scale.
      const span = 16 * scale + 1;
      const resolution = (Math.sqrt(cumulativeVar) + 1e-9 * (1 + totalMean)) / 32;
      const points = Math.min(32769, Math.max(2049, Math.ceil(span / resolution) + 1));
      prev = tabulate(f, S[j] - span, S[j], points);
    }
  }
  const local = new Float64Array(n);
  for (let j = 0; j < n; j++) local[j] = j === 0 ? S[0] : S[j] - S[j - 1];
  return { echelonBaseStock: S, localBaseStock: local, cost };
}

/** Optimal echelon base-stock levels and cost of a serial system. */
export function optimizeSerial(problem: SerialProblem): SerialResult {
  return recurse(problem, null);
}

/** Expected cost per period of given echelon base-stock levels (stage 1 first). */
export function serialCost(problem: SerialProblem, echelonLevels: ArrayLike<number>): number {
  if (echelonLevels.length !== problem.echelonHoldingCost.length) throw new RangeError("one level per stage");
  return recurse(problem, echelonLevels).cost;
}
