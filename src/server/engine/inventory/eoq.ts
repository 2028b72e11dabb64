/**
 * Deterministic lot sizing with constant demand: the economic order quantity (EOQ), EOQ with
 * planned backorders, the economic production quantity (EPQ) and EOQ with all-units and
 * incremental quantity discounts. All are exact (closed form or exhaustive over discount regions).
 * Formulas: Snyder & Shen, *Fundamentals of Supply Chain Theory* (2nd ed.), ch. 3.
 * Costs are per unit time consistently: demand rate λ per unit time, holding cost h per unit per
 * unit time, fixed cost K per order.
 */

export interface EoqResult {
  /** Optimal order quantity Q*. */
  readonly orderQuantity: number;
  /** Optimal average cost per unit time (ordering + holding [+ backorder]); excludes purchase cost. */
  readonly cost: number;
  /** Time between orders, Q* divided by λ. */
  readonly cycleTime: number;
}

/** Classic EOQ (S&S §3.2): Q* = √(2Kλ/h), g* = √(2Kλh). */
export function eoq(fixedCost: number, holdingCost: number, demandRate: number): EoqResult {
  if (holdingCost <= 0) throw new RangeError("holdingCost must be positive");
  const q = Math.sqrt((2 * fixedCost * demandRate) / holdingCost);
  return { orderQuantity: q, cost: q * holdingCost, cycleTime: demandRate > 0 ? q / demandRate : Infinity };
}

/** Cost per unit time of ordering Q every Q/λ: Kλ/Q + hQ/2. */
export function eoqCost(orderQuantity: number, fixedCost: number, holdingCost: number, demandRate: number): number {
  return (fixedCost * demandRate) / orderQuantity + (holdingCost * orderQuantity) / 2;
}

export interface EoqBackorderResult extends EoqResult {
  /** Fraction of each cycle (and of each order) spent in backorder, x* = h/(h + p). */
  readonly stockoutFraction: number;
  /** Largest backlog per cycle, x*·Q*. */
  readonly maxBackorder: number;
}

/**
 * EOQ with planned backorders (S&S §3.5): with backorder cost p per unit per unit time,
 * Q* = √(2Kλ(h + p)/(hp)), x* = h/(h + p), g* = √(2Kλhp/(h + p)).
 */
export function eoqWithBackorders(
  fixedCost: number,
  holdingCost: number,
  stockoutCost: number,
  demandRate: number,
): EoqBackorderResult {
  if (holdingCost <= 0 || stockoutCost <= 0) throw new RangeError("holdingCost and stockoutCost must be positive");
  const h = holdingCost;
  const p = stockoutCost;
  const q = Math.sqrt((2 * fixedCost * demandRate * (h + p)) / (h * p));
  const x = h / (h + p);
  return {
    orderQuantity: q,
    cost: Math.sqrt((2 * fixedCost * demandRate * h * p) / (h + p)),
    cycleTime: demandRate > 0 ? q / demandRate : Infinity,
    stockoutFraction: x,
    maxBackorder: x * q,
  };
}

/**
 * Economic production quantity (S&S §3.6): production at rate μ > λ, so inventory builds at μ − λ;
 * Q* = √(2Kλ/(h(1 − ρ))), g* = √(2Kλh(1 − ρ)) with ρ = λ/μ.
 */
export function epq(fixedCost: number, holdingCost: number, demandRate: number, productionRate: number): EoqResult {
  if (!(productionRate > demandRate)) throw new RangeError("productionRate must exceed demandRate");
  const hEff = holdingCost * (1 - demandRate / productionRate);
  return eoq(fixedCost, hEff, demandRate);
}

export interface DiscountResult {
  readonly orderQuantity: number;
  /** Cost per unit time including purchase cost λ·c(Q). */
  readonly cost: number;
  /** Index of the price region the optimal quantity falls in (0-based). */
  readonly region: number;
  /** Unit price of that region (marginal price for incremental discounts). */
  readonly unitCost: number;
}

function checkBreakpoints(breakpoints: ArrayLike<number>, unitCosts: ArrayLike<number>): void {
  if (breakpoints.length === 0 || breakpoints.length !== unitCosts.length) {
    throw new RangeError("breakpoints and unitCosts must be non-empty and of equal length");
  }
  for (let j = 1; j < breakpoints.length; j++) {
    if (!(breakpoints[j] > breakpoints[j - 1])) throw new RangeError("breakpoints must be strictly increasing");
  }
}

/**
 * All-units discount cost per unit time of ordering Q (S&S §3.7.2): every unit bought at the price
 * of the region Q falls in; holding cost is i·c per unit per unit time.
 */
export function allUnitsDiscountCost(
  orderQuantity: number,
  fixedCost: number,
  holdingRate: number,
  demandRate: number,
  breakpoints: ArrayLike<number>,
  unitCosts: ArrayLike<number>,
): number {
  let j = 0;
  while (j + 1 < breakpoints.length && orderQuantity >= breakpoints[j + 1]) j++;
  const c = unitCosts[j];
  return c * demandRate + (fixedCost * demandRate) / orderQuantity + (holdingRate * c * orderQuantity) / 2;
}

/**
 * EOQ with all-units quantity discounts (S&S §3.7.2). Region j covers [b_j, b_{j+1}) at price c_j.
 * In each region the cost is the EOQ cost at price c_j, convex in Q, so its best point is the EOQ
 * clamped into the region; a clamp to the upper end is never better than the next region's lower end
 * (same Q, lower price), so only the lower clamp and interior points are candidates.
 */
export function eoqAllUnitsDiscount(
  fixedCost: number,
  holdingRate: number,
  demandRate: number,
  breakpoints: ArrayLike<number>,
  unitCosts: ArrayLike<number>,
): DiscountResult {
  checkBreakpoints(breakpoints, unitCosts);
  let best: DiscountResult | null = null;
  for (let j = 0; j < breakpoints.length; j++) {
    const c = unitCosts[j];
    const lower = breakpoints[j];
    const upper = j + 1 < breakpoints.length ? breakpoints[j + 1] : Infinity;
    const qEoq = Math.sqrt((2 * fixedCost * demandRate) / (holdingRate * c));
    if (qEoq >= upper) continue;
    const q = Math.max(qEoq, lower);
    if (!(q > 0)) continue;
    const cost = c * demandRate + (fixedCost * demandRate) / q + (holdingRate * c * q) / 2;
    if (best === null || cost < best.cost) best = { orderQuantity: q, cost, region: j, unitCost: c };
  }
  if (best === null) throw new RangeError("no feasible discount region");
  return best;
}

/**
 * Incremental discount: total purchase cost of Q units, R_j + c_j(Q − b_j) in region j, where R_j is
 * the cost of the first b_j units.
 */
function incrementalPrefix(breakpoints: ArrayLike<number>, unitCosts: ArrayLike<number>): Float64Array {
  const prefix = new Float64Array(breakpoints.length);
  for (let j = 1; j < breakpoints.length; j++) {
    prefix[j] = prefix[j - 1] + unitCosts[j - 1] * (breakpoints[j] - breakpoints[j - 1]);
  }
  return prefix;
}

/**
 * Incremental-discount cost per unit time of ordering Q (S&S §3.7.3): purchase cost C(Q) per order,
 * holding charged on the average value C(Q)/Q of a unit, so
 * g(Q) = c_jλ + λ(K + R_j − c_j b_j)/Q + i(R_j − c_j b_j)/2 + i c_j Q/2 in region j.
 */
export function incrementalDiscountCost(
  orderQuantity: number,
  fixedCost: number,
  holdingRate: number,
  demandRate: number,
  breakpoints: ArrayLike<number>,
  unitCosts: ArrayLike<number>,
): number {
  const prefix = incrementalPrefix(breakpoints, unitCosts);
  let j = 0;
  while (j + 1 < breakpoints.length && orderQuantity >= breakpoints[j + 1]) j++;
  const c = unitCosts[j];
  const excess = prefix[j] - c * breakpoints[j];
  return (
    c * demandRate +
    (demandRate * (fixedCost + excess)) / orderQuantity +
    (holdingRate * excess) / 2 +
    (holdingRate * c * orderQuantity) / 2
  );
}

/**
 * EOQ with incremental quantity discounts (S&S §3.7.3). In region j the cost is an EOQ cost with
 * fixed cost K + R_j − c_j b_j, minimised at Q_j = √(2λ(K + R_j − c_j b_j)/(i c_j)); the optimum is at
 * a Q_j that falls inside its own region (the cost is continuous in Q and never minimised at a
 * breakpoint), but region ends are evaluated as well for robustness.
 */
export function eoqIncrementalDiscount(
  fixedCost: number,
  holdingRate: number,
  demandRate: number,
  breakpoints: ArrayLike<number>,
  unitCosts: ArrayLike<number>,
): DiscountResult {
  checkBreakpoints(breakpoints, unitCosts);
  const prefix = incrementalPrefix(breakpoints, unitCosts);
  let best: DiscountResult | null = null;
  for (let j = 0; j < breakpoints.length; j++) {
    const c = unitCosts[j];
    const lower = breakpoints[j];
    const upper = j + 1 < breakpoints.length ? breakpoints[j + 1] : Infinity;
    const excess = prefix[j] - c * lower;
    const qStar = Math.sqrt((2 * demandRate * (fixedCost + excess)) / (holdingRate * c));
    // Region j's formula stays valid at its closed ends because the purchase cost is continuous.
    const q = Math.min(Math.max(qStar, lower), upper);
    if (!(q > 0) || !Number.isFinite(q)) continue;
    const cost =
      c * demandRate + (demandRate * (fixedCost + excess)) / q + (holdingRate * excess) / 2 + (holdingRate * c * q) / 2;
    if (best === null || cost < best.cost - 1e-12 * Math.abs(cost)) {
      let region = 0;
      while (region + 1 < breakpoints.length && q >= breakpoints[region + 1]) region++;
      best = { orderQuantity: q, cost, region, unitCost: unitCosts[region] };
    }
  }
  if (best === null) throw new RangeError("no feasible discount region");
  return best;
}
