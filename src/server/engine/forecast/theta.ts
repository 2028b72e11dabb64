/**
 * The Theta method and its optimised / dynamic variants.
 *
 * Standard Theta (Assimakopoulos & Nikolopoulos 2000, as coded in the M4 Competitor's Guide): on the
 * seasonally adjusted series, extrapolate the least-squares line (θ = 0) and forecast the θ = 2 line
 * 2y − LRL with SES; the forecast is the equal-weight mean of the two.
 *
 * Optimised and dynamic variants follow Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler,
 * "Models for optimising the theta method and their relationship to state space models", IJF 32
 * (2016): the state-space form
 *   μ_t = ℓ_{t−1} + (1 − 1/θ)·[(1−α)^{t−1} A + ((1 − (1−α)^t)/α) B],   ℓ_t = α y_t + (1−α) ℓ_{t−1},
 * with A, B the intercept and slope of the least-squares line — fixed on the whole sample (OTM) or
 * updated with every observation (DOTM) — and θ ≥ 1, α, ℓ0 chosen by minimising the one-step MSE.
 * ℓ0 enters the errors affinely, so it is profiled out exactly by least squares.
 */
import { goldenSection, nelderMead } from "./optim.ts";
import { fitEts } from "./ets.ts";
import { linearTrend } from "./stats.ts";
import type { ModelForecast } from "./types.ts";

/** Standard Theta of the M4 guide on an (already seasonally adjusted) series. */
export function thetaClassicForecast(y: Float64Array, horizon: number): ModelForecast {
  const n = y.length;
  const { intercept, slope } = linearTrend(y);
  const thetaLine = new Float64Array(n);
  for (let t = 0; t < n; t++) thetaLine[t] = 2 * y[t] - (intercept + slope * (t + 1));
  const ses = fitEts(thetaLine, { error: "A", trend: "N", season: "N" }, 1);
  const sesLevel = ses ? ses.final.level : thetaLine[n - 1];
  const alpha = ses ? ses.params.alpha : 1;
  const fitted = new Float64Array(n);
  let sse = 0;
  for (let t = 0; t < n; t++) {
    fitted[t] = 0.5 * (ses ? ses.fitted[t] : thetaLine[t]) + 0.5 * (intercept + slope * (t + 1));
    sse += (y[t] - fitted[t]) ** 2;
  }
  const sigma = Math.sqrt(sse / Math.max(n - 1, 1));
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  for (let k = 1; k <= horizon; k++) {
    mean[k - 1] = 0.5 * sesLevel + 0.5 * (intercept + slope * (n + k));
    sd[k - 1] = sigma * Math.sqrt(1 + alpha * alpha * (k - 1));
  }
  return { mean, sd, fitted, spec: `Theta(alpha=${alpha.toFixed(3)})` };
}

interface ThetaPass {
  sse: number;
  level: number;
  a: number;
  b: number;
}

/**
 * One pass of the (dynamic) optimised Theta model for fixed α and θ. Returns the SSE at the
 * least-squares ℓ0 and fills `fitted` (when given) with the one-step forecasts.
 */
function thetaPass(
  y: Float64Array,
  alpha: number,
  theta: number,
  dynamic: boolean,
  fixedA: number,
  fixedB: number,
  fitted: Float64Array | null,
): ThetaPass & { level0: number } {
  const n = y.length;
  const w = 1 - 1 / theta;
  const decay = 1 - alpha;
  // Data run from ℓ0 = 0, plus the response u_t = (1−α)^{t−1} to a unit ℓ0.
  let lc = 0;
  let u = 1;
  let Scc = 0;
  let Scu = 0;
  let Suu = 0;
  let sumY = 0;
  let sumTY = 0;
  let a = fixedA;
  let b = fixedB;
  let decayPow = 1; // (1−α)^{t−1} for t = 1-based index of the current observation
  for (let i = 0; i < n; i++) {
    const t = i + 1;
    if (dynamic) {
      // A_{t−1}, B_{t−1}: least-squares line through the first t−1 observations.
      const tp = t - 1;
      if (tp >= 2) {
        b = (12 * (sumTY - ((tp + 1) / 2) * sumY)) / (tp * (tp * tp - 1));
        a = sumY / tp - ((tp + 1) / 2) * b;
      } else if (tp === 1) {
        b = 0;
        a = sumY;
      } else {
        a = 0;
        b = 0;
      }
    }
    const trendTerm = w * (decayPow * a + ((1 - decayPow * decay) / alpha) * b);
    const muC = lc + trendTerm;
    if (fitted) fitted[i] = muC; // ℓ0 contribution added by the caller
    const ec = y[i] - muC;
    Scc += ec * ec;
    Scu += ec * u;
    Suu += u * u;
    lc = alpha * y[i] + decay * lc;
    u *= decay;
    decayPow *= decay;
    sumY += y[i];
    sumTY += t * y[i];
  }
  if (dynamic) {
    if (n >= 2) {
      b = (12 * (sumTY - ((n + 1) / 2) * sumY)) / (n * (n * n - 1));
      a = sumY / n - ((n + 1) / 2) * b;
    } else {
      a = sumY;
      b = 0;
    }
  }
  const level0 = Suu > 0 ? Scu / Suu : 0;
  const sse = Math.max(Scc - level0 * Scu, 0);
  // ℓ_n = ℓᶜ_n + (1−α)^n ℓ0.
  return { sse, level: lc + u * level0, a, b, level0 };
}

/** Options selecting the Theta variant. */
export interface ThetaModelOptions {
  /** Optimise θ ≥ 1 (OTM/DOTM) or fix θ = 2 (STM/DSTM). */
  readonly optimiseTheta: boolean;
  /** Update the trend line with each observation (DOTM/DSTM) instead of the full-sample line. */
  readonly dynamic: boolean;
}

/** The Fiorucci et al. (2016) Theta models on an (already seasonally adjusted) series. */
export function thetaModelForecast(y: Float64Array, horizon: number, options: ThetaModelOptions): ModelForecast {
  const n = y.length;
  const line = linearTrend(y);
  // linearTrend indexes t = 1..n; A is the intercept at t = 0 in the same convention.
  const A = line.intercept;
  const B = line.slope;
  const decode = (x: ArrayLike<number>) => ({
    alpha: 0.01 + 0.98 / (1 + Math.exp(-x[0])),
    // θ capped near 1100: beyond that the forecast is the regression line to many digits anyway.
    theta: options.optimiseTheta ? 1 + Math.exp(Math.min(x[1], 7)) : 2,
  });
  const objective = (x: ArrayLike<number>) => {
    const p = decode(x);
    return thetaPass(y, p.alpha, p.theta, options.dynamic, A, B, null).sse;
  };
  let best: { alpha: number; theta: number };
  if (options.optimiseTheta) {
    const res = nelderMead(objective, [0, 0], { step: [1, 0.7], maxEvaluations: 120, reltol: 1e-7 });
    best = decode(res.x);
  } else {
    const g = goldenSection((a) => objective([a]), -6, 6, 1e-4);
    best = decode([g.x]);
  }
  const fitted = new Float64Array(n);
  const pass = thetaPass(y, best.alpha, best.theta, options.dynamic, A, B, fitted);
  let u = 1;
  for (let i = 0; i < n; i++) {
    fitted[i] += u * pass.level0;
    u *= 1 - best.alpha;
  }
  const sigma = Math.sqrt(pass.sse / Math.max(n - 1, 1));
  const w = 1 - 1 / best.theta;
  const decayN = Math.pow(1 - best.alpha, n);
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  for (let k = 1; k <= horizon; k++) {
    mean[k - 1] = pass.level + w * (decayN * pass.a + (k - 1 + (1 - decayN * (1 - best.alpha)) / best.alpha) * pass.b);
    sd[k - 1] = sigma * Math.sqrt(1 + best.alpha * best.alpha * (k - 1));
  }
  const name = `${options.dynamic ? "D" : ""}${options.optimiseTheta ? "OTM" : "STM"}`;
  return { mean, sd, fitted, spec: `${name}(alpha=${best.alpha.toFixed(3)},theta=${best.theta.toFixed(3)})` };
}
