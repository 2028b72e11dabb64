/**
 * Dynamic lot sizing with known, time-varying demand and no backorders: the Wagner–Whitin dynamic
 * program (exact) and the Silver–Meal heuristic. Costs: a fixed cost K_t for ordering in period t
 * and a holding cost h_t per unit held at the end of period t. Orders arrive immediately.
 * Sources: Wagner & Whitin (1958), Management Science 5(1); Silver & Meal (1973), Production and
 * Inventory Management 14(2); Snyder & Shen (2nd ed.) §3.8.
 */

/** A per-period cost given either as one number for every period or one per period. */
export type PerPeriod = number | ArrayLike<number>;

function at(value: PerPeriod, t: number): number {
  return typeof value === "number" ? value : value[t];
}

export interface LotSizingResult {
  /** orders[t] = quantity ordered (and received) in period t. */
  readonly orders: Float64Array;
  /** Total fixed plus holding cost over the horizon. */
  readonly cost: number;
}

/**
 * Total cost of an order plan, or Infinity if it ever leaves demand unmet. Used to verify plans
 * (and by the brute-force checks in the tests).
 */
export function lotSizingCost(
  orders: ArrayLike<number>,
  demand: ArrayLike<number>,
  fixedCost: PerPeriod,
  holdingCost: PerPeriod,
): number {
  let inventory = 0;
  let cost = 0;
  for (let t = 0; t < demand.length; t++) {
    if (orders[t] > 0) cost += at(fixedCost, t);
    inventory += orders[t] - demand[t];
    if (inventory < -1e-9 * (1 + Math.abs(demand[t]))) return Infinity;
    cost += at(holdingCost, t) * inventory;
  }
  return cost;
}

/**
 * Wagner–Whitin: by the zero-inventory-ordering property an optimal plan orders only when stock is
 * zero, each order covering whole periods t..j−1. F(j) = min_{t<j} F(t) + K_t + Σ_{i=t}^{j−1} d_i·H(t, i),
 * where H(t, i) = h_t + … + h_{i−1} is the cost of carrying a unit from t to i. An order that
 * covers only zero demand is no order at all and costs nothing. O(T²).
 */
export function wagnerWhitin(demand: ArrayLike<number>, fixedCost: PerPeriod, holdingCost: PerPeriod): LotSizingResult {
  const horizon = demand.length;
  const best = new Float64Array(horizon + 1);
  const orderPeriod = new Int32Array(horizon + 1);
  for (let j = 1; j <= horizon; j++) {
    best[j] = Infinity;
    // Walk t backwards from j−1 so the carrying cost of the covered block grows incrementally.
    let carrying = 0;
    let covered = 0; // d_t + … + d_{j−1}
    for (let t = j - 1; t >= 0; t--) {
      covered += demand[t];
      const candidate = best[t] + (covered > 0 ? at(fixedCost, t) : 0) + carrying;
      if (candidate < best[j]) {
        best[j] = candidate;
        orderPeriod[j] = t;
      }
      // Moving the order one period earlier (to t−1) carries all of d_t..d_{j−1} through t−1.
      if (t > 0) carrying += at(holdingCost, t - 1) * covered;
    }
  }
  const orders = new Float64Array(horizon);
  for (let j = horizon; j > 0; ) {
    const t = orderPeriod[j];
    let q = 0;
    for (let i = t; i < j; i++) q += demand[i];
    orders[t] = q;
    j = t;
  }
  return { orders, cost: best[horizon] };
}

/**
 * Silver–Meal heuristic: from the first period with unmet demand, extend the order to cover more
 * periods while the average cost per covered period keeps falling; stop at the first rise.
 * A heuristic: not guaranteed optimal.
 */
export function silverMeal(demand: ArrayLike<number>, fixedCost: PerPeriod, holdingCost: PerPeriod): LotSizingResult {
  const horizon = demand.length;
  const orders = new Float64Array(horizon);
  let t = 0;
  while (t < horizon) {
    if (demand[t] <= 0) {
      t++;
      continue;
    }
    let total = at(fixedCost, t);
    let bestAverage = total;
    let quantity = demand[t];
    let end = t + 1; // exclusive
    let carry = 0; // cost of carrying one unit from t to period `end`
    while (end < horizon) {
      carry += at(holdingCost, end - 1);
      const extended = total + carry * demand[end];
      const average = extended / (end - t + 1);
      if (average > bestAverage) break;
      total = extended;
      bestAverage = average;
      quantity += demand[end];
      end++;
    }
    orders[t] = quantity;
    t = end;
  }
  return { orders, cost: lotSizingCost(orders, demand, fixedCost, holdingCost) };
}
