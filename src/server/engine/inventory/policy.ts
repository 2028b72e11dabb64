/**
 * Batch single-echelon policy optimisation for many item × location rows at once.
 *
 * Policy: periodic review every R periods of an (s, nQ) rule — when the inventory position is at
 * or below the reorder point s, order the smallest multiple of the lot size Q that lifts it above s
 * (Q = 0 means order-up-to s, a base-stock / (R, S) policy). Q is the EOQ rounded to respect the
 * minimum order quantity and the order multiple (so every order does too); s is then the smallest
 * reorder point that meets the row's service target. (This sequential choice of Q then s is the usual
 * practice and not a joint optimum.)
 *
 * Demand per period is N(μ, σ²), i.i.d. Timing is the simulator's (src/server/engine/sim): at the
 * end of a review period t, after its demand, the position is reviewed and an order placed; it is
 * available from the start of period t + L (L ≥ 1). So the stock just before an arrival has seen
 * E = L − 1 periods of demand since the review, and a review's order covers the ends of periods
 * t + L … t + L + R − 1, i.e. E + 1 … E + R periods of demand. With a deterministic lead time the
 * service figures below are exact for this model: in steady state the position after a review is
 * uniform on (s, s + Q] (Hadley & Whitin 1963; Zipkin 2000 §6.5), and a replenishment cycle is free
 * of stockouts iff the net stock just before the arrival is ≥ 0. With x the position before
 * ordering at a review (x = y − D_R given x ≤ s, y uniform), that net stock is x − D_E, so
 *   1 − CSL = E[(n_E(s − d) − n_E(s − d + min(d, Q)))·1{d>0}] / E[min(d⁺, Q)],  d ~ D_R,
 * and the expected units short per review cycle are E_y[n_{E+R}(y) − n_E(y)], giving the fill rate
 *   β = 1 − [n̄_{E+R}(s) − n̄_{E+R}(s+Q) − n̄_E(s) + n̄_E(s+Q)] / (Q·μR)
 * (n, n̄ the first- and second-order loss functions; D_k the demand of k periods). The share of
 * periods ending without backorders is the average over k = 1..R of 1 − (n_{E+k}(s) − n_{E+k}(s+Q))/Q.
 * With lead-time variability the lead-time demand is approximated by a normal with variance
 * σ²E + μ²σ_L² and the row is flagged not exact.
 *
 * Safety stock is reported as the expected net stock just before a replenishment arrives (Silver,
 * Pyke & Peterson's definition); by default it is not allowed to go negative.
 */
import {
  GAUSS_LEGENDRE_8_NODES,
  GAUSS_LEGENDRE_8_WEIGHTS,
  normalCdfAt,
  normalLoss2At,
  normalLossAt,
  normalLossCdf,
  normInv,
  normPdf,
} from "./distributions.ts";

/** Service target kinds. */
export const SERVICE_CYCLE = 0;
export const SERVICE_FILL_RATE = 1;

/** Row status codes. */
export const POLICY_OK = 0;
export const POLICY_ZERO_DEMAND = 1;
export const POLICY_INVALID_INPUT = 2;

/** One row per item × location; all arrays have length `count`. Units are "per period" (e.g. days). */
export interface PolicyBatchInput {
  readonly count: number;
  /** Mean demand per period. */
  readonly demandMean: Float64Array;
  /** Standard deviation of demand per period. */
  readonly demandSd: Float64Array;
  /**
   * Mean replenishment lead time in periods, as in the simulator: an order placed at the end of
   * period t is available from the start of period t + L (so L = 1 means next period).
   */
  readonly leadTimeMean: Float64Array;
  /** Standard deviation of the lead time in periods (0 for a deterministic lead time). */
  readonly leadTimeSd: Float64Array;
  /** Unit cost (the value of a unit of inventory). */
  readonly unitCost: Float64Array;
  /** Annual holding cost as a fraction of unit cost (e.g. 0.25). */
  readonly holdingRate: Float64Array;
  /** Fixed cost per order. */
  readonly orderingCost: Float64Array;
  /** SERVICE_CYCLE (cycle service level) or SERVICE_FILL_RATE. */
  readonly serviceKind: Uint8Array;
  /** Target in (0, 1). */
  readonly serviceTarget: Float64Array;
  /** Minimum order quantity (0 for none). */
  readonly minOrderQuantity: Float64Array;
  /** Orders must be multiples of this (0 for none). */
  readonly orderMultiple: Float64Array;
  /** Whole periods between reviews (≥ 1); defaults to 1 (daily review of daily buckets). */
  readonly reviewPeriod?: Float64Array;
}

export interface PolicyBatchOptions {
  /** Periods per year, to annualise demand and costs (default 365). */
  readonly periodsPerYear?: number;
  /** Round s up and Q to whole units (default true). */
  readonly integerQuantities?: boolean;
  /** Allow a reorder point whose safety stock is negative (default false). */
  readonly allowNegativeSafetyStock?: boolean;
}

/** Structure-of-arrays results, one entry per row. */
export interface PolicyBatchResult {
  readonly reorderPoint: Float64Array;
  /** Lot size Q (orders are multiples of it); 0 for an order-up-to policy. */
  readonly orderQuantity: Float64Array;
  /** s + Q: the highest inventory position after ordering (the "max" of a min–max policy). */
  readonly orderUpToLevel: Float64Array;
  /** Expected net stock just before a replenishment arrives. */
  readonly safetyStock: Float64Array;
  /** Expected on-hand stock at the end of a period. */
  readonly expectedOnHand: Float64Array;
  /** expectedOnHand × unitCost. */
  readonly inventoryInvestment: Float64Array;
  /** P(no stockout in a replenishment cycle). */
  readonly expectedCycleServiceLevel: Float64Array;
  /** Share of periods ending without backorders (the simulator's `cycleServiceLevel` KPI). */
  readonly expectedPeriodServiceLevel: Float64Array;
  /** Expected fraction of demand met from stock. */
  readonly expectedFillRate: Float64Array;
  readonly ordersPerYear: Float64Array;
  readonly holdingCostPerYear: Float64Array;
  readonly orderingCostPerYear: Float64Array;
  /** POLICY_OK, POLICY_ZERO_DEMAND or POLICY_INVALID_INPUT. */
  readonly status: Uint8Array;
  /** 1 if the service figures are exact for the model (no lead-time variability), else 0. */
  readonly exact: Uint8Array;
}

/** Zero-filled input columns for `count` rows (review period 1), for callers that fill them in place. */
export function allocatePolicyInput(count: number): PolicyBatchInput & { readonly reviewPeriod: Float64Array } {
  return {
    count,
    demandMean: new Float64Array(count),
    demandSd: new Float64Array(count),
    leadTimeMean: new Float64Array(count),
    leadTimeSd: new Float64Array(count),
    unitCost: new Float64Array(count),
    holdingRate: new Float64Array(count),
    orderingCost: new Float64Array(count),
    serviceKind: new Uint8Array(count),
    serviceTarget: new Float64Array(count),
    minOrderQuantity: new Float64Array(count),
    orderMultiple: new Float64Array(count),
    reviewPeriod: new Float64Array(count).fill(1),
  };
}

export function allocatePolicyResult(count: number): PolicyBatchResult {
  return {
    reorderPoint: new Float64Array(count),
    orderQuantity: new Float64Array(count),
    orderUpToLevel: new Float64Array(count),
    safetyStock: new Float64Array(count),
    expectedOnHand: new Float64Array(count),
    inventoryInvestment: new Float64Array(count),
    expectedCycleServiceLevel: new Float64Array(count),
    expectedPeriodServiceLevel: new Float64Array(count),
    expectedFillRate: new Float64Array(count),
    ordersPerYear: new Float64Array(count),
    holdingCostPerYear: new Float64Array(count),
    orderingCostPerYear: new Float64Array(count),
    status: new Uint8Array(count),
    exact: new Uint8Array(count),
  };
}

// Module-local copies of the hot imports: under some loaders (tsx's CommonJS interop) every read of
// another module's export goes through a live-binding getter; in the quadrature loops that roughly
// doubled the run time of a 10,000-row batch.
const GL_NODES = Float64Array.from(GAUSS_LEGENDRE_8_NODES);
const GL_WEIGHTS = Float64Array.from(GAUSS_LEGENDRE_8_WEIGHTS);
const lossCdf = normalLossCdf;
const lossAt = normalLossAt;
const loss2At = normalLoss2At;
const cdfAt = normalCdfAt;
const pdf = normPdf;

/**
 * Standardised review-period demand range of the cycle-service quadrature (mass beyond ±8 is
 * ~1e-15) and the panel width; with 8-point Gauss–Legendre panels this reproduces a 4× finer rule
 * to ~1e-11 relative in s.
 */
const TAIL = 8;
const PANEL = 2;

/**
 * Demand parameters of the row being solved (module scratch, so the solver allocates nothing per
 * row): lot size Q, per-period mean μ, review period R and the normal parameters of the demand over
 * the exposure E = L − 1 (fields …L), over E + R (…LR) and over R periods (…R).
 */
const row = { mu: 0, R: 1, Q: 0, meanL: 0, sdL: 0, meanLR: 0, sdLR: 0, meanR: 0, sdR: 0 };

/** Result of the last evaluation: service, its s-derivative, and (cycle evaluations) ordering stats. */
const evaluation = { service: 0, slope: 0, meanPositionAtOrder: 0, orderProbability: 0 };

/** Accumulators of the cycle-service quadrature. */
const acc = { shortfall: 0, slope: 0, position: 0, ordered: 0, lossAtS: 0, cdfAtS: 0 };
const pair = new Float64Array(2);

/**
 * Adds the contribution of review-period demand d (with quadrature weight w) at reorder point s:
 * E[(n_L(s−d) − n_L(s−d+m))], its s-derivative E[F_L(s−d) − F_L(s−d+m)], E[m(s−d) + m²/2] and E[m],
 * where m = min(d, Q) is the width of the set of post-review positions y ∈ (s, s + Q] from which a
 * demand d triggers an order (y − d ≤ s). For d < Q the second terms are n_L(s), F_L(s), constant.
 */
function accumulateCycle(d: number, w: number, s: number): void {
  const x = s - d;
  lossCdf(x, row.meanL, row.sdL, pair);
  let loss = pair[0];
  let cdf = pair[1];
  let m = d;
  if (d < row.Q) {
    loss -= acc.lossAtS;
    cdf -= acc.cdfAtS;
  } else {
    m = row.Q;
    lossCdf(x + m, row.meanL, row.sdL, pair);
    loss -= pair[0];
    cdf -= pair[1];
  }
  acc.shortfall += w * loss;
  acc.slope += w * cdf;
  acc.position += w * (m * x + 0.5 * m * m);
  acc.ordered += w * m;
}

/** Composite 8-point Gauss–Legendre over standardised review-period demand t ∈ [a, b]. */
function integrateCycle(a: number, b: number, panelWidth: number, s: number): void {
  if (!(b > a)) return;
  const panels = Math.max(1, Math.ceil((b - a) / panelWidth));
  const width = (b - a) / panels;
  const half = 0.5 * width;
  for (let k = 0; k < panels; k++) {
    const centre = a + (k + 0.5) * width;
    for (let q = 0; q < 8; q++) {
      const t = centre + half * GL_NODES[q];
      accumulateCycle(row.meanR + row.sdR * t, half * GL_WEIGHTS[q] * pdf(t), s);
    }
  }
}

/** Segment boundaries of the quadrature (sorted in place). */
const cuts = new Float64Array(8);

function addCut(count: number, t: number, start: number): number {
  if (t > start && t < TAIL) cuts[count++] = t;
  return count;
}

/**
 * Cycle service level at reorder point s, with its s-derivative, the mean position at an ordering
 * review and the probability that a review orders.
 */
function evaluateCycle(s: number): void {
  if (row.Q <= 0) {
    // Order-up-to: x = s − d, and the net stock before the arrival is s − D_{R+L}.
    evaluation.service = cdfAt(s, row.meanLR, row.sdLR);
    evaluation.slope = row.sdLR > 0 ? pdf((s - row.meanLR) / row.sdLR) / row.sdLR : 0;
    evaluation.orderProbability = 1 - cdfAt(0, row.meanR, row.sdR);
    evaluation.meanPositionAtOrder = s - row.meanR;
    return;
  }
  acc.shortfall = 0;
  acc.slope = 0;
  acc.position = 0;
  acc.ordered = 0;
  lossCdf(s, row.meanL, row.sdL, pair);
  acc.lossAtS = pair[0];
  acc.cdfAtS = pair[1];
  if (row.sdR <= 0) {
    if (row.meanR > 0) accumulateCycle(row.meanR, 1, s);
  } else {
    // Only d > 0 triggers orders. The integrand has a kink where d = Q, and features of width sd_L
    // (kinks when sd_L = 0) where s − d or s − d + Q is near the lead-time mean; all get segment
    // boundaries, and the features get panels as narrow as they are.
    const start = Math.max(-TAIL, -row.meanR / row.sdR);
    const half = (8 * row.sdL) / row.sdR;
    const narrow = half < 8 * PANEL;
    const first = (s - row.meanL - row.meanR) / row.sdR;
    const second = first + row.Q / row.sdR;
    let count = 0;
    cuts[count++] = start;
    cuts[count++] = TAIL;
    count = addCut(count, (row.Q - row.meanR) / row.sdR, start);
    if (narrow) {
      count = addCut(count, first - half, start);
      count = addCut(count, first + half, start);
      count = addCut(count, second - half, start);
      count = addCut(count, second + half, start);
    }
    cuts.subarray(0, count).sort();
    const featurePanel = Math.min(PANEL, Math.max(half / 4, 1e-6));
    for (let g = 0; g + 1 < count; g++) {
      const a = cuts[g];
      const b = cuts[g + 1];
      if (!(b > a)) continue;
      const mid = 0.5 * (a + b);
      const inFeature = narrow && (Math.abs(mid - first) < half || Math.abs(mid - second) < half);
      integrateCycle(a, b, inFeature ? featurePanel : PANEL, s);
    }
  }
  if (acc.ordered <= 0) {
    evaluation.service = 1;
    evaluation.slope = 0;
    evaluation.orderProbability = 0;
    evaluation.meanPositionAtOrder = s;
    return;
  }
  evaluation.service = 1 - acc.shortfall / acc.ordered;
  evaluation.slope = -acc.slope / acc.ordered;
  evaluation.orderProbability = acc.ordered / row.Q;
  evaluation.meanPositionAtOrder = acc.position / acc.ordered;
}

/** Fill rate at reorder point s and its s-derivative (closed form in the loss functions). */
function evaluateFillRate(s: number): void {
  const { Q, meanL, sdL, meanLR, sdLR } = row;
  const demandPerCycle = row.mu * row.R;
  if (Q <= 0) {
    const short = lossAt(s, meanLR, sdLR) - lossAt(s, meanL, sdL);
    evaluation.service = 1 - short / demandPerCycle;
    evaluation.slope = (cdfAt(s, meanLR, sdLR) - cdfAt(s, meanL, sdL)) / demandPerCycle;
    return;
  }
  const short =
    (loss2At(s, meanLR, sdLR) - loss2At(s + Q, meanLR, sdLR) - loss2At(s, meanL, sdL) + loss2At(s + Q, meanL, sdL)) /
    Q;
  evaluation.service = 1 - short / demandPerCycle;
  evaluation.slope =
    (lossAt(s, meanLR, sdLR) - lossAt(s + Q, meanLR, sdLR) - lossAt(s, meanL, sdL) + lossAt(s + Q, meanL, sdL)) /
    (Q * demandPerCycle);
}

function evaluate(kind: number, s: number): void {
  if (kind === SERVICE_FILL_RATE) evaluateFillRate(s);
  else evaluateCycle(s);
}

/**
 * Smallest s with service(s) ≥ target: service is non-decreasing in s, so a bracketed Newton
 * iteration (bisection when Newton leaves the bracket) converges in a few steps.
 */
function solveReorderPoint(kind: number, target: number): number {
  const spread = row.sdLR + row.Q + row.meanR + 1;
  let lo = row.meanL - 12 * spread;
  let hi = row.meanLR + 12 * spread;
  for (let guard = 0; guard < 60; guard++) {
    evaluate(kind, hi);
    if (evaluation.service >= target) break;
    hi += 12 * spread;
  }
  // Start from the classic normal approximation, moved up by half a review period of undershoot.
  let s = row.meanL + 0.5 * row.meanR + normInv(target) * row.sdLR;
  if (!(s > lo && s < hi)) s = 0.5 * (lo + hi);
  const tolerance = 1e-12 * (1 + spread);
  for (let iter = 0; iter < 100; iter++) {
    evaluate(kind, s);
    const f = evaluation.service - target;
    if (f < 0) lo = s;
    else hi = s;
    if (Math.abs(f) < 1e-13) return s;
    if (hi - lo < tolerance) break;
    let next = evaluation.slope > 0 ? s - f / evaluation.slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    s = next;
  }
  return hi;
}

/** EOQ lot rounded to the MOQ and order multiple, picking the cheaper neighbouring feasible lot. */
function chooseLot(
  fixedCost: number,
  annualDemand: number,
  annualHolding: number,
  minOrder: number,
  multiple: number,
  integer: boolean,
): number {
  const lotCost = (q: number) => (q > 0 ? (fixedCost * annualDemand) / q + 0.5 * annualHolding * q : Infinity);
  let q = annualHolding > 0 ? Math.sqrt((2 * fixedCost * annualDemand) / annualHolding) : annualDemand;
  // A lot larger than a year of demand is never recommended (it matters only when holding is free).
  if (q > annualDemand) q = annualDemand;
  if (q < minOrder) q = minOrder;
  const unit = multiple > 0 ? multiple : integer ? 1 : 0;
  if (unit > 0 && q > 0) {
    const down = Math.floor(q / unit + 1e-9) * unit;
    const up = Math.ceil(q / unit - 1e-9) * unit;
    const feasibleDown = down >= minOrder && down > 0;
    q = feasibleDown && lotCost(down) <= lotCost(up) ? down : up;
    if (q <= 0) q = unit;
  }
  return q;
}

function invalidRow(out: PolicyBatchResult, i: number, status: number): void {
  const fill = status === POLICY_ZERO_DEMAND ? 0 : NaN;
  out.reorderPoint[i] = fill;
  out.orderQuantity[i] = fill;
  out.orderUpToLevel[i] = fill;
  out.safetyStock[i] = fill;
  out.expectedOnHand[i] = fill;
  out.inventoryInvestment[i] = fill;
  out.expectedCycleServiceLevel[i] = status === POLICY_ZERO_DEMAND ? 1 : NaN;
  out.expectedPeriodServiceLevel[i] = status === POLICY_ZERO_DEMAND ? 1 : NaN;
  out.expectedFillRate[i] = status === POLICY_ZERO_DEMAND ? 1 : NaN;
  out.ordersPerYear[i] = fill;
  out.holdingCostPerYear[i] = fill;
  out.orderingCostPerYear[i] = fill;
  out.status[i] = status;
  out.exact[i] = status === POLICY_ZERO_DEMAND ? 1 : 0;
}

const finiteNonNegative = (x: number) => x >= 0 && x < Infinity;

/**
 * Computes the recommended policy of every row. `out` may be passed to reuse buffers (e.g. across
 * the points of a trade-off curve); `targetOverride`/`kindOverride` replace every row's target.
 */
export function computePolicies(
  input: PolicyBatchInput,
  options: PolicyBatchOptions = {},
  out: PolicyBatchResult = allocatePolicyResult(input.count),
  targetOverride?: number,
  kindOverride?: number,
): PolicyBatchResult {
  const periodsPerYear = options.periodsPerYear ?? 365;
  const integer = options.integerQuantities ?? true;
  const allowNegative = options.allowNegativeSafetyStock ?? false;
  for (let i = 0; i < input.count; i++) {
    const mu = input.demandMean[i];
    const sigma = input.demandSd[i];
    const L = input.leadTimeMean[i];
    const sdLead = input.leadTimeSd[i];
    const unitCost = input.unitCost[i];
    const rate = input.holdingRate[i];
    const K = input.orderingCost[i];
    const kind = kindOverride ?? input.serviceKind[i];
    const target = targetOverride ?? input.serviceTarget[i];
    const moq = input.minOrderQuantity[i];
    const multiple = input.orderMultiple[i];
    const R = input.reviewPeriod ? input.reviewPeriod[i] : 1;
    if (
      !finiteNonNegative(mu) ||
      !finiteNonNegative(sigma) ||
      !finiteNonNegative(L) ||
      !finiteNonNegative(sdLead) ||
      !finiteNonNegative(unitCost) ||
      !finiteNonNegative(rate) ||
      !finiteNonNegative(K) ||
      !finiteNonNegative(moq) ||
      !finiteNonNegative(multiple) ||
      !(target > 0 && target < 1) ||
      (kind !== SERVICE_CYCLE && kind !== SERVICE_FILL_RATE) ||
      !(R >= 1 && Number.isInteger(R))
    ) {
      invalidRow(out, i, POLICY_INVALID_INPUT);
      continue;
    }
    if (mu <= 0) {
      invalidRow(out, i, POLICY_ZERO_DEMAND);
      continue;
    }
    const annualDemand = mu * periodsPerYear;
    const annualHolding = rate * unitCost;
    const Q = chooseLot(K, annualDemand, annualHolding, moq, multiple, integer);
    const leadTimeVar = mu * mu * sdLead * sdLead;
    // Periods of demand between a review and the arrival of its order (see the header).
    const exposure = L > 1 ? L - 1 : 0;
    row.mu = mu;
    row.R = R;
    row.Q = Q;
    row.meanL = mu * exposure;
    row.sdL = Math.sqrt(sigma * sigma * exposure + leadTimeVar);
    row.meanLR = mu * (exposure + R);
    row.sdLR = Math.sqrt(sigma * sigma * (exposure + R) + leadTimeVar);
    row.meanR = mu * R;
    row.sdR = sigma * Math.sqrt(R);

    let s = solveReorderPoint(kind, target);
    if (integer) s = Math.ceil(s - 1e-9);
    evaluateCycle(s);
    let safety = evaluation.meanPositionAtOrder - row.meanL;
    if (!allowNegative && safety < 0) {
      // E[x | order] rises one-for-one with s, so shifting s by −safety zeroes the safety stock.
      s -= safety;
      if (integer) s = Math.ceil(s - 1e-9);
      evaluateCycle(s);
      safety = evaluation.meanPositionAtOrder - row.meanL;
    }
    const csl = evaluation.service;
    const ordersPerYear = (evaluation.orderProbability * periodsPerYear) / R;
    evaluateFillRate(s);
    const fillRate = evaluation.service;

    // Average over the R periods a review covers of the end-of-period on-hand E_y[(y − D_{E+k})⁺]
    // and of P(no backorder) = E_y[F_{E+k}(y)] (∫F = Q − (n(s) − n(s+Q)) over the window).
    let onHand = 0;
    let periodService = 0;
    for (let k = 1; k <= R; k++) {
      const m = mu * (exposure + k);
      const sd = Math.sqrt(sigma * sigma * (exposure + k) + leadTimeVar);
      if (Q > 0) {
        onHand += s + 0.5 * Q - m + (loss2At(s, m, sd) - loss2At(s + Q, m, sd)) / Q;
        periodService += 1 - (lossAt(s, m, sd) - lossAt(s + Q, m, sd)) / Q;
      } else {
        onHand += s - m + lossAt(s, m, sd);
        periodService += cdfAt(s, m, sd);
      }
    }
    onHand /= R;
    periodService /= R;

    out.reorderPoint[i] = s;
    out.orderQuantity[i] = Q;
    out.orderUpToLevel[i] = s + Q;
    out.safetyStock[i] = safety;
    out.expectedOnHand[i] = onHand;
    out.inventoryInvestment[i] = onHand * unitCost;
    out.expectedCycleServiceLevel[i] = csl;
    out.expectedPeriodServiceLevel[i] = periodService;
    out.expectedFillRate[i] = fillRate;
    out.ordersPerYear[i] = ordersPerYear;
    out.holdingCostPerYear[i] = onHand * annualHolding;
    out.orderingCostPerYear[i] = ordersPerYear * K;
    out.status[i] = POLICY_OK;
    out.exact[i] = sdLead > 0 ? 0 : 1;
  }
  return out;
}

/** One point of an investment-versus-service trade-off curve. */
export interface TradeOffCurve {
  /** The service targets evaluated, ascending as given. */
  readonly target: Float64Array;
  /** Total inventory investment (Σ expected on-hand × unit cost) at each target. */
  readonly investment: Float64Array;
  /** Demand-weighted average achieved service (of the chosen kind) at each target. */
  readonly achievedService: Float64Array;
  /** Total expected holding + ordering cost per year at each target. */
  readonly costPerYear: Float64Array;
  /** Total safety-stock value (Σ safety stock × unit cost) at each target. */
  readonly safetyStockValue: Float64Array;
}

/**
 * Investment vs service for a list of targets, every row set to the same target of the given kind
 * (for one item pass a one-row input). Rows that are invalid or have zero demand are skipped.
 */
export function tradeOffCurve(
  input: PolicyBatchInput,
  targets: ArrayLike<number>,
  kind: number,
  options: PolicyBatchOptions = {},
): TradeOffCurve {
  const n = targets.length;
  const curve: TradeOffCurve = {
    target: Float64Array.from(targets),
    investment: new Float64Array(n),
    achievedService: new Float64Array(n),
    costPerYear: new Float64Array(n),
    safetyStockValue: new Float64Array(n),
  };
  const out = allocatePolicyResult(input.count);
  for (let t = 0; t < n; t++) {
    computePolicies(input, options, out, targets[t], kind);
    let investment = 0;
    let weighted = 0;
    let weight = 0;
    let cost = 0;
    let safetyValue = 0;
    for (let i = 0; i < input.count; i++) {
      if (out.status[i] !== POLICY_OK) continue;
      investment += out.inventoryInvestment[i];
      const service = kind === SERVICE_FILL_RATE ? out.expectedFillRate[i] : out.expectedCycleServiceLevel[i];
      weighted += service * input.demandMean[i];
      weight += input.demandMean[i];
      cost += out.holdingCostPerYear[i] + out.orderingCostPerYear[i];
      safetyValue += out.safetyStock[i] * input.unitCost[i];
    }
    curve.investment[t] = investment;
    curve.achievedService[t] = weight > 0 ? weighted / weight : 1;
    curve.costPerYear[t] = cost;
    curve.safetyStockValue[t] = safetyValue;
  }
  return curve;
}
