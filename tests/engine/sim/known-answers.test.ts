/**
 * The simulator against analytical results of inventory theory.
 */
import { describe, expect, it } from "vitest";
import { compileModel, monteCarlo, simulate } from "../../../src/server/engine/sim/index.ts";
import { meanInterval, normalCdf, normalPdf, normalQuantile } from "../../../src/server/engine/random/index.ts";
import { singleStage } from "./helpers.ts";

describe("single-stage base-stock with normal demand = newsvendor", () => {
  // Periodic-review base-stock policy, daily review, lead time L, backorders. With our timing the
  // order placed at the end of day t arrives at the start of day t + L, so end-of-day net
  // inventory is S − D over L days, D ~ N(Lμ, Lσ²). Long-run holding + backorder cost per day is
  // the newsvendor cost G(S) = h(S − Lμ) + (h + b)·σ√L·L(z), z = (S − Lμ)/(σ√L), with the standard
  // normal loss function L(z) = φ(z) − z(1 − Φ(z)); the probability of ending a day without
  // backorders is Φ(z), and the optimal S has Φ(z) = b/(b + h), the critical ratio.
  // Source: Zipkin, "Foundations of Inventory Management" (2000), §6.2 and §9.4.1; Nahmias,
  // "Production and Operations Analysis", §5.3 (newsvendor) and §5.8 (base-stock).
  const mu = 100, sigma = 20, L = 4, h = 1, b = 9;
  const criticalRatio = b / (b + h);
  const z = normalQuantile(criticalRatio);
  const sigmaL = sigma * Math.sqrt(L);
  const S = L * mu + z * sigmaL;
  const expectedCost = h * (S - L * mu) + (h + b) * sigmaL * (normalPdf(z) - z * (1 - normalCdf(z)));
  const days = 6000, warmup = 30, replications = 30;
  const model = singleStage({
    policy: { type: "baseStock", orderUpTo: S, holdingCostPerUnitDay: h, backorderCostPerUnitDay: b },
    demand: { type: "normal", mean: mu, sd: sigma },
    leadTimeDays: L,
    horizonDays: days,
    integer: false,
    seed: 2024,
    options: { warmupDays: warmup },
  });
  const mc = monteCarlo(model, replications);
  const measured = days - warmup;
  const dailyCost = meanInterval(mc.samples.pnl.map((p) => (p.holdingCost + p.backorderCost) / measured));

  it("long-run holding + backorder cost per day lies in the Monte Carlo 95% CI of the newsvendor cost", () => {
    expect(expectedCost).toBeGreaterThan(dailyCost.low);
    expect(expectedCost).toBeLessThan(dailyCost.high);
    // The interval is tight enough for the comparison to mean something (< 1% of the cost).
    expect(dailyCost.halfWidth / expectedCost).toBeLessThan(0.01);
  });

  it("achieved cycle service level equals the critical ratio b/(b+h)", () => {
    const csl = mc.kpis.cycleServiceLevel;
    expect(criticalRatio).toBeGreaterThan(csl.low);
    expect(criticalRatio).toBeLessThan(csl.high);
    expect(csl.halfWidth).toBeLessThan(0.005);
  });
});

describe("(r,Q) policy with Poisson demand matches the exact cost", () => {
  // (R,Q) policy with integer demand: in steady state the inventory position after ordering is
  // uniform on {r+1, …, r+Q} and independent of lead-time demand, so with D ~ Poisson(λL) the
  // expected holding + backorder cost per day is exactly
  //   C = (1/Q) Σ_{y=r+1}^{r+Q} [ h·E(y − D)^+ + b·E(D − y)^+ ].
  // Source: Axsäter, "Inventory Control" (3rd ed., 2015), §5.3 (R,Q) policy with Poisson demand;
  // Hadley & Whitin, "Analysis of Inventory Systems" (1963), ch. 4; Zipkin (2000) Thm 6.2.1.
  const lambda = 3, L = 5, r = 12, Q = 10, h = 1, b = 10;
  const meanLeadDemand = lambda * L;
  const pmf: number[] = [Math.exp(-meanLeadDemand)];
  for (let k = 1; k < 200; k++) pmf.push((pmf[k - 1] * meanLeadDemand) / k);
  const expectedOnHand = (y: number): number => pmf.reduce((s, p, k) => s + (k < y ? (y - k) * p : 0), 0);
  let exact = 0;
  for (let y = r + 1; y <= r + Q; y++) {
    const onHand = expectedOnHand(y);
    const backorders = meanLeadDemand - y + onHand; // E(D − y)^+ = E[D] − y + E(y − D)^+
    exact += (h * onHand + b * backorders) / Q;
  }
  const days = 8000, warmup = 50;
  const model = singleStage({
    policy: { type: "rQ", reorderPoint: r, orderQuantity: Q, holdingCostPerUnitDay: h, backorderCostPerUnitDay: b },
    demand: { type: "poisson", mean: lambda },
    leadTimeDays: L,
    horizonDays: days,
    seed: 77,
    options: { warmupDays: warmup },
  });
  const mc = monteCarlo(model, 30);
  const cost = meanInterval(mc.samples.pnl.map((p) => (p.holdingCost + p.backorderCost) / (days - warmup)));

  it("simulated cost per day has the exact value inside its 95% CI", () => {
    expect(exact).toBeGreaterThan(cost.low);
    expect(exact).toBeLessThan(cost.high);
    expect(cost.halfWidth / exact).toBeLessThan(0.02);
  });

  it("every order is a multiple of Q and orders average λ/Q per day", () => {
    const result = simulate(compileModel({ ...model, options: { warmupDays: warmup, nodeSeries: true } }));
    const ordered = result.nodeSeries!.ordered;
    for (let t = 0; t < days; t++) expect(ordered[t] % Q).toBe(0);
    const perDay = result.kpis.ordersPlaced / (days - warmup);
    expect(perDay).toBeCloseTo(lambda / Q, 1);
  });
});

describe("Little's law for pipeline inventory", () => {
  // Little's law L = λW: units on order (placed, not received) = order rate × mean time on
  // order. An order placed at the end of day t with lead time ℓ is on order at the end of days
  // t … t+ℓ−1, i.e. ℓ days. Source: Little (1961), Operations Research 9(3); Hopp & Spearman,
  // "Factory Physics", §7.
  it("fixed lead time: average on-order = lead time × units ordered per day", () => {
    const L = 6, days = 2000;
    const model = singleStage({
      policy: { type: "sS", reorderPoint: 30, orderUpTo: 70 },
      demand: { type: "poisson", mean: 8 },
      leadTimeDays: L,
      horizonDays: days,
    });
    const result = simulate(compileModel(model));
    const onOrder = result.series.network.onOrder;
    const ordered = result.series.network.orderedUnits;
    let onOrderSum = 0, orderedSum = 0;
    // Orders in the last L days are still on order at the horizon end: count them for their
    // partial stay only, so the identity holds exactly on the sample path.
    for (let t = 0; t < days; t++) {
      onOrderSum += onOrder[t];
      orderedSum += ordered[t] * Math.min(L, days - t);
    }
    expect(onOrderSum).toBeCloseTo(orderedSum, 6);
    expect(result.kpis.averageOnOrderUnits).toBeCloseTo(8 * L, 0);
  });

  it("random lead time: average on-order = demand rate × mean lead time (within the MC CI)", () => {
    const values = [2, 5, 9], probabilities = [0.3, 0.5, 0.2];
    const meanLead = values.reduce((s, v, i) => s + v * probabilities[i], 0);
    const lambda = 6;
    const model = singleStage({
      policy: { type: "baseStock", orderUpTo: 200 },
      demand: { type: "poisson", mean: lambda },
      leadTimeDays: { values, probabilities },
      horizonDays: 3000,
      options: { warmupDays: 20 },
    });
    const mc = monteCarlo(model, 10);
    const pipeline = mc.kpis.averageOnOrderUnits;
    expect(lambda * meanLead).toBeGreaterThan(pipeline.low);
    expect(lambda * meanLead).toBeLessThan(pipeline.high);
  });
});
