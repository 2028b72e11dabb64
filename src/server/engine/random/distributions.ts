/**
 * Probability distributions: samplers that draw from a seeded stream (see `prng.ts`), discrete
 * inverse-CDF tables for fast integer sampling, and the special functions the engines need
 * (normal pdf/cdf/quantile, log-gamma, Student-t quantile).
 */
import { nextUniform, nextUniformOpen } from "./prng.ts";

const TWO_PI = 2 * Math.PI;

/** Standard normal draw by the Box–Muller transform (one of the pair; the other is discarded). */
export function sampleStandardNormal(state: Int32Array, offset: number): number {
  const u1 = nextUniformOpen(state, offset);
  const u2 = nextUniform(state, offset);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
}

/**
 * Gamma(shape, scale) draw by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3). Shapes below 1 use their boost: G(a) = G(a+1) · U^(1/a).
 */
export function sampleGamma(state: Int32Array, offset: number, shape: number, scale: number): number {
  if (shape < 1) {
    const boosted = sampleGamma(state, offset, shape + 1, scale);
    return boosted * Math.pow(nextUniformOpen(state, offset), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleStandardNormal(state, offset);
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = nextUniformOpen(state, offset);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * A discrete distribution prepared for O(1) inverse-CDF sampling with a guide table (Chen & Asau
 * 1974; Devroye, "Non-Uniform Random Variate Generation", 1986, §III.2.4). With as many guide
 * entries as outcomes the expected number of comparisons per draw is below 2.
 */
export interface DiscreteTable {
  /** Outcome values, ascending. */
  readonly values: Float64Array;
  /** `cdf[k] = P(X ≤ values[k])`; the last entry is exactly 1. */
  readonly cdf: Float64Array;
  /** `guide[j]` = smallest k with `cdf[k] > j / guide.length`. */
  readonly guide: Int32Array;
}

/**
 * Builds a table from outcome values and (not necessarily normalised) weights. Zero-weight
 * outcomes are dropped; the weights are normalised so the CDF ends at exactly 1.
 */
export function buildDiscreteTable(values: ArrayLike<number>, weights: ArrayLike<number>): DiscreteTable {
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (weights[i] > 0) {
      order.push(i);
      total += weights[i];
    }
  }
  if (order.length === 0 || !(total > 0)) throw new Error("discrete distribution has no positive weight");
  order.sort((a, b) => values[a] - values[b]);
  const n = order.length;
  const outValues = new Float64Array(n);
  const cdf = new Float64Array(n);
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    outValues[k] = values[order[k]];
    cumulative += weights[order[k]];
    cdf[k] = cumulative / total;
  }
  cdf[n - 1] = 1;
  const guide = new Int32Array(n);
  let k = 0;
  for (let j = 0; j < n; j++) {
    while (cdf[k] <= j / n) k++;
    guide[j] = k;
  }
  return { values: outValues, cdf, guide };
}

/** Inverse-CDF draw from a table, given a uniform `u` in [0, 1). */
export function sampleTable(table: DiscreteTable, u: number): number {
  const { cdf, guide } = table;
  let k = guide[(u * guide.length) | 0];
  while (cdf[k] <= u) k++;
  return table.values[k];
}

/** Probability mass left out of the tables' tails. */
const TAIL_MASS = 1e-15;

/**
 * Poisson(mean) as a table over the integers carrying all but ~1e-15 of the mass. The pmf is
 * evaluated in log space from log-gamma so large means do not underflow `exp(-mean)`.
 */
export function poissonTable(mean: number): DiscreteTable {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new Error(`Poisson mean must be ≥ 0, got ${mean}`);
  if (mean === 0) return buildDiscreteTable([0], [1]);
  const spread = 12 * Math.sqrt(mean) + 12;
  const low = Math.max(0, Math.floor(mean - spread));
  const values: number[] = [];
  const weights: number[] = [];
  const logMean = Math.log(mean);
  let cumulative = 0;
  for (let k = low; ; k++) {
    const p = Math.exp(k * logMean - mean - logGamma(k + 1));
    values.push(k);
    weights.push(p);
    cumulative += p;
    if (k > mean && 1 - cumulative < TAIL_MASS) break;
    if (k > mean + spread * 4) break;
  }
  return buildDiscreteTable(values, weights);
}

/**
 * Negative binomial with the given mean and variance (variance > mean), the Poisson–gamma
 * mixture: r = mean²/(variance − mean), p = mean/variance,
 * P(X = k) = Γ(k + r)/(Γ(r) k!) · p^r · (1 − p)^k.
 */
export function negativeBinomialTable(mean: number, variance: number): DiscreteTable {
  if (!(variance > mean) || !(mean > 0)) {
    throw new Error(`negative binomial needs variance > mean > 0, got mean ${mean}, variance ${variance}`);
  }
  const r = (mean * mean) / (variance - mean);
  const p = mean / variance;
  const logP = Math.log(p);
  const log1mP = Math.log1p(-p);
  const logGammaR = logGamma(r);
  const values: number[] = [];
  const weights: number[] = [];
  let cumulative = 0;
  const cap = mean + 60 * Math.sqrt(variance) + 100;
  for (let k = 0; ; k++) {
    const w = Math.exp(logGamma(k + r) - logGammaR - logGamma(k + 1) + r * logP + k * log1mP);
    values.push(k);
    weights.push(w);
    cumulative += w;
    if (k > mean && 1 - cumulative < TAIL_MASS) break;
    if (k > cap) break;
  }
  return buildDiscreteTable(values, weights);
}

/** Lanczos coefficients (g = 7, n = 9), as tabulated by Godfrey; |error| < 1e-15 for x > 0. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation; reflection for x < 0.5). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(TWO_PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(TWO_PI);
}

/**
 * Standard normal distribution function Φ(z), via the complementary error function
 * approximation of Numerical Recipes (2nd ed., §6.2, `erfcc`), fractional error < 1.2e-7.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/**
 * Standard normal loss function L(z) = E[(Z − z)^+] = φ(z) − z(1 − Φ(z)); the expected shortage
 * per unit standard deviation in the newsvendor model.
 */
export function normalLoss(z: number): number {
  return normalPdf(z) - z * (1 - normalCdf(z));
}

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const a = ACKLAM_A, b = ACKLAM_B, c = ACKLAM_C, d = ACKLAM_D;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Two-sided 95% Student-t critical values t(0.975; ν) for ν = 1..30 (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
  2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * t(0.975; ν), the multiplier of the standard error for a two-sided 95% confidence interval.
 * Tabulated up to ν = 30, then the Cornish–Fisher expansion of t in terms of z (Abramowitz &
 * Stegun 26.7.5), accurate to < 1e-4 there.
 */
export function studentT975(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) return NaN;
  if (degreesOfFreedom <= 30) return T975[Math.floor(degreesOfFreedom) - 1];
  const z = 1.959963984540054;
  const v = degreesOfFreedom;
  const z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

/** Mean and two-sided 95% confidence interval of independent observations (t-based). */
export interface MeanInterval {
  readonly mean: number;
  readonly standardDeviation: number;
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

/** Sample mean with a t-based 95% confidence interval; n = 1 gives an infinite half-width. */
export function meanInterval(observations: ArrayLike<number>): MeanInterval {
  const n = observations.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += observations[i];
  mean /= n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (observations[i] - mean) ** 2;
  const standardDeviation = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const halfWidth = n > 1 ? (studentT975(n - 1) * standardDeviation) / Math.sqrt(n) : Infinity;
  return { mean, standardDeviation, halfWidth, low: mean - halfWidth, high: mean + halfWidth, n };
}
