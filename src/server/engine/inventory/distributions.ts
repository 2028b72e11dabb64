/**
 * Special functions and demand distributions for the inventory models: the standard normal
 * pdf/cdf/quantile, the first- and second-order normal loss functions, Poisson and other discrete
 * (integer-valued) distributions with their loss functions, and the Gauss–Legendre rule used by the
 * numerical expectations elsewhere in this folder.
 *
 * Notation follows Snyder & Shen, *Fundamentals of Supply Chain Theory* (2nd ed.), §C.3:
 * for a demand D, the (first-order) loss function is n(x) = E[(D − x)⁺] and the second-order loss
 * function is n̄(x) = ½·E[((D − x)⁺)²] = ∫ₓ^∞ n(y) dy (continuous D).
 */

const SQRT_2PI = 2.5066282746310002;
const tailScratch = new Float64Array(2);
const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density φ(z). */
export function normPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * Upper tail Q(z) = 1 − Φ(z), computed directly (not as 1 − Φ) so it keeps its relative accuracy
 * in the right tail. For |z| < 3.5: the rational approximation of Hart (1968, "Computer
 * Approximations", algorithm 5666, in the layout of G. West (2005), "Better approximations to
 * cumulative normal functions"), relative error < 1e-13 there. Beyond, Hart's tail degrades to
 * ~1e-9, so the Mills ratio R(z) = Q(z)/φ(z) is taken from its Laplace continued fraction
 * R = 1/(z + 1/(z + 2/(z + 3/(z + …)))), evaluated backwards with enough terms for ~1e-15.
 */
export function normUpperTail(z: number): number {
  normTailPdf(z, tailScratch);
  return tailScratch[0];
}

/**
 * Writes Q(z) = 1 − Φ(z) to out[0] and φ(z) to out[1] with a single exponential; the hot loops of
 * the service-level solvers need both at the same point.
 */
export function normTailPdf(z: number, out: Float64Array): void {
  const a = Math.abs(z);
  let tail: number;
  let pdf: number;
  if (a > 38.5) {
    tail = 0;
    pdf = 0;
  } else {
    const e = Math.exp(-0.5 * a * a);
    pdf = e * INV_SQRT_2PI;
    if (a < 3.5) {
      let num = 3.52624965998911e-2 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      let den = 8.83883476483184e-2 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      tail = (e * num) / den;
    } else {
      // The truncation error of the fraction falls roughly like exp(−2a·√terms).
      const terms = a < 5 ? 90 : a < 8 ? 40 : 20;
      let t = a;
      for (let k = terms; k >= 1; k--) t = a + k / t;
      tail = pdf / t;
    }
  }
  out[0] = z >= 0 ? tail : 1 - tail;
  out[1] = pdf;
}

/** Standard normal cumulative distribution Φ(z). */
export function normCdf(z: number): number {
  return normUpperTail(-z);
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error
 * 1.15e-9) polished by one Halley step on the accurate `normCdf`, which brings it to ~1e-15.
 * Returns ∓Infinity at p = 0 and 1, NaN outside [0, 1].
 */
export function normInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r -
        3.066479806614716e1) *
        r +
        2.506628277459239) *
        q) /
      (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r -
        1.328068155288572e1) *
        r +
        1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
        4.374664141464968) *
        q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    );
  }
  // Halley step; in the upper half work with the tail so 1 − p does not lose digits.
  const e = p < 0.5 ? normCdf(x) - p : (1 - p) - normUpperTail(x);
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/**
 * Standard normal first-order loss L(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)) (Snyder & Shen eq. C.22).
 * Because the upper tail is computed directly with relative accuracy, the subtraction loses only
 * about log10(z²) digits in the right tail (L ≈ φ(z)/z² there), so the result stays good to ~1e-12
 * relative until φ underflows.
 */
export function normLoss(z: number): number {
  return normPdf(z) - z * normUpperTail(z);
}

/**
 * Standard normal second-order loss L₂(z) = ½·E[((Z − z)⁺)²] = ½[(z² + 1)(1 − Φ(z)) − z·φ(z)]
 * (Snyder & Shen eq. C.23), so that ∫_z^∞ L(t) dt = L₂(z).
 */
export function normLoss2(z: number): number {
  const v = 0.5 * ((z * z + 1) * normUpperTail(z) - z * normPdf(z));
  return v > 0 ? v : 0;
}

/**
 * Inverse of the standard normal loss: the z with L(z) = value (value > 0). L is convex and
 * decreasing, so a bracketed Newton iteration converges in a handful of steps.
 */
export function normLossInv(value: number): number {
  if (!(value > 0)) return Infinity;
  // L(z) ≥ −z, so L(−value) ≥ value: a left bracket. L(40) = 0 < value: a right bracket.
  let lo = -value - 1;
  let hi = 40;
  let z = value < 0.3989 ? normInv(1 - Math.min(0.5, value)) * 0.9 : -value;
  if (!(z > lo && z < hi)) z = 0.5 * (lo + hi);
  for (let iter = 0; iter < 100; iter++) {
    const f = normLoss(z) - value;
    if (f > 0) lo = z;
    else hi = z;
    const slope = -normUpperTail(z);
    let next = slope < 0 ? z - f / slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - z) <= 1e-13 * (1 + Math.abs(z))) return next;
    z = next;
  }
  return z;
}

/** Loss function n(x) = E[(D − x)⁺] of D ~ N(mean, sd²); sd = 0 means D ≡ mean. */
export function normalLossAt(x: number, mean: number, sd: number): number {
  if (sd <= 0) return mean > x ? mean - x : 0;
  return sd * normLoss((x - mean) / sd);
}

/** Second-order loss n̄(x) = ½E[((D − x)⁺)²] of D ~ N(mean, sd²); sd = 0 means D ≡ mean. */
export function normalLoss2At(x: number, mean: number, sd: number): number {
  if (sd <= 0) return mean > x ? 0.5 * (mean - x) * (mean - x) : 0;
  return sd * sd * normLoss2((x - mean) / sd);
}

/** P(D ≤ x) for D ~ N(mean, sd²); sd = 0 means D ≡ mean. */
export function normalCdfAt(x: number, mean: number, sd: number): number {
  if (sd <= 0) return x >= mean ? 1 : 0;
  return normCdf((x - mean) / sd);
}

/**
 * Loss n(x) = E[(D − x)⁺] to out[0] and P(D ≤ x) to out[1] for D ~ N(mean, sd²), sharing one
 * exponential (sd = 0 means D ≡ mean).
 */
export function normalLossCdf(x: number, mean: number, sd: number, out: Float64Array): void {
  if (sd <= 0) {
    out[0] = mean > x ? mean - x : 0;
    out[1] = x >= mean ? 1 : 0;
    return;
  }
  const z = (x - mean) / sd;
  normTailPdf(z, out);
  const tail = out[0];
  out[0] = sd * (out[1] - z * tail);
  out[1] = 1 - tail;
}

// ---------------------------------------------------------------------------------------------
// Discrete (integer-valued) distributions
// ---------------------------------------------------------------------------------------------

/**
 * An integer-valued distribution: P(D = offset + i) = pmf[i]. Tails below ~1e-16 are dropped, so
 * the pmf sums to 1 within that.
 */
export interface DiscreteDistribution {
  readonly offset: number;
  readonly pmf: Float64Array;
}

const LOG_FACTORIAL_TABLE_SIZE = 256;
const logFactorialTable = (() => {
  const t = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
  for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** ln(k!) for integer k ≥ 0: a table up to 255, then Stirling's series (error < 1e-16 there). */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[k];
  const w = 1 / (k * k);
  return (
    k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + (1 / (12 * k)) * (1 - w * (1 / 30 - w * (1 / 105 - w / 140)))
  );
}

/** Poisson pmf P(D = k) for D ~ Poisson(mean), evaluated in log space so large means do not underflow. */
export function poissonPmf(k: number, mean: number): number {
  if (k < 0 || !Number.isInteger(k)) return 0;
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(mean) - mean - logFactorial(k));
}

/** Poisson cdf P(D ≤ k), summed from the pmf (exact within rounding for the means used here). */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  const upper = Math.floor(k);
  if (mean === 0) return 1;
  // Sum upward from the smaller side of the mode, where terms are tiny, for accuracy.
  let sum = 0;
  for (let i = 0; i <= upper; i++) sum += poissonPmf(i, mean);
  return Math.min(1, sum);
}

/**
 * Poisson(mean) as a discrete distribution truncated where the remaining tails are < 1e-18. The
 * weights are built by the ratio recursion p(k+1) = p(k)·mean/(k+1) outwards from the mode and
 * then normalised, which avoids the ~1e-13 relative error of ln k! for large k.
 */
export function poissonDistribution(mean: number): DiscreteDistribution {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be ≥ 0, got ${mean}`);
  if (mean === 0) return { offset: 0, pmf: Float64Array.of(1) };
  const mode = Math.floor(mean);
  const spread = Math.ceil(10 * Math.sqrt(mean) + 20);
  const lo = Math.max(0, mode - spread);
  const hi = mode + spread;
  const pmf = new Float64Array(hi - lo + 1);
  pmf[mode - lo] = 1;
  for (let k = mode; k < hi; k++) pmf[k + 1 - lo] = (pmf[k - lo] * mean) / (k + 1);
  for (let k = mode; k > lo; k--) pmf[k - 1 - lo] = (pmf[k - lo] * k) / mean;
  let total = 0;
  for (let i = 0; i < pmf.length; i++) total += pmf[i];
  for (let i = 0; i < pmf.length; i++) pmf[i] /= total;
  return trimDistribution({ offset: lo, pmf });
}

/** Drops leading and trailing probabilities below 1e-18 (they cannot move any result we report). */
function trimDistribution(d: DiscreteDistribution): DiscreteDistribution {
  let first = 0;
  let last = d.pmf.length - 1;
  while (first < last && d.pmf[first] < 1e-18) first++;
  while (last > first && d.pmf[last] < 1e-18) last--;
  if (first === 0 && last === d.pmf.length - 1) return d;
  return { offset: d.offset + first, pmf: d.pmf.slice(first, last + 1) };
}

/** The empirical distribution of integer samples (each sample has weight 1/n). */
export function empiricalIntegerDistribution(values: ArrayLike<number>): DiscreteDistribution {
  if (values.length === 0) throw new RangeError("empirical distribution needs at least one value");
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) throw new RangeError(`empirical value ${v} is not an integer`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pmf = new Float64Array(hi - lo + 1);
  const w = 1 / values.length;
  for (let i = 0; i < values.length; i++) pmf[values[i] - lo] += w;
  return { offset: lo, pmf };
}

/** Distribution of the sum of two independent integer variables. */
export function convolve(a: DiscreteDistribution, b: DiscreteDistribution): DiscreteDistribution {
  const out = new Float64Array(a.pmf.length + b.pmf.length - 1);
  for (let i = 0; i < a.pmf.length; i++) {
    const pa = a.pmf[i];
    if (pa === 0) continue;
    for (let j = 0; j < b.pmf.length; j++) out[i + j] += pa * b.pmf[j];
  }
  return trimDistribution({ offset: a.offset + b.offset, pmf: out });
}

/** Distribution of the sum of `times` independent copies (times ≥ 1), by repeated squaring. */
export function convolvePower(d: DiscreteDistribution, times: number): DiscreteDistribution {
  if (!(times >= 1) || !Number.isInteger(times)) throw new RangeError(`times must be a positive integer, got ${times}`);
  let result: DiscreteDistribution | null = null;
  let base = d;
  let n = times;
  while (n > 0) {
    if (n & 1) result = result ? convolve(result, base) : base;
    n >>= 1;
    if (n > 0) base = convolve(base, base);
  }
  return result as DiscreteDistribution;
}

/** Mean of a discrete distribution. */
export function discreteMean(d: DiscreteDistribution): number {
  let m = 0;
  for (let i = 0; i < d.pmf.length; i++) m += (d.offset + i) * d.pmf[i];
  return m;
}

/** Cumulative probabilities: cdf[i] = P(D ≤ offset + i). */
export function discreteCdf(d: DiscreteDistribution): Float64Array {
  const cdf = new Float64Array(d.pmf.length);
  let c = 0;
  for (let i = 0; i < d.pmf.length; i++) {
    c += d.pmf[i];
    cdf[i] = c;
  }
  return cdf;
}

/**
 * Tabulated loss functions of a discrete D over its support, so n(x) and the complementary
 * n̄ᶜ(x) = E[(x − D)⁺] can be read in O(1) at any integer x (outside the support they are linear).
 */
export interface DiscreteLossTable {
  readonly dist: DiscreteDistribution;
  readonly mean: number;
  /** cdf[i] = P(D ≤ offset + i). */
  readonly cdf: Float64Array;
  /** loss[i] = E[(D − (offset + i))⁺]. */
  readonly loss: Float64Array;
}

export function discreteLossTable(dist: DiscreteDistribution): DiscreteLossTable {
  const cdf = discreteCdf(dist);
  const mean = discreteMean(dist);
  const loss = new Float64Array(dist.pmf.length);
  // n(offset) = mean − offset (D ≥ offset surely); n(x + 1) = n(x) − P(D > x).
  let n = mean - dist.offset;
  for (let i = 0; i < loss.length; i++) {
    loss[i] = n > 0 ? n : 0;
    n -= 1 - cdf[i];
  }
  return { dist, mean, cdf, loss };
}

/** P(D ≤ x) for integer x. */
export function tableCdf(t: DiscreteLossTable, x: number): number {
  const i = x - t.dist.offset;
  if (i < 0) return 0;
  if (i >= t.cdf.length) return 1;
  return t.cdf[i];
}

/** n(x) = E[(D − x)⁺] for integer x. */
export function tableLoss(t: DiscreteLossTable, x: number): number {
  const i = x - t.dist.offset;
  if (i < 0) return t.mean - x;
  if (i >= t.loss.length) return 0;
  return t.loss[i];
}

/** E[(x − D)⁺] = x − E[D] + n(x) for integer x. */
export function tableComplementaryLoss(t: DiscreteLossTable, x: number): number {
  const v = x - t.mean + tableLoss(t, x);
  return v > 0 ? v : 0;
}

/** Smallest integer x with P(D ≤ x) ≥ p (the p-quantile). */
export function tableQuantile(t: DiscreteLossTable, p: number): number {
  for (let i = 0; i < t.cdf.length; i++) if (t.cdf[i] >= p - 1e-14) return t.dist.offset + i;
  return t.dist.offset + t.cdf.length - 1;
}

// ---------------------------------------------------------------------------------------------
// Quadrature
// ---------------------------------------------------------------------------------------------

/** 8-point Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun Table 25.4). */
export const GAUSS_LEGENDRE_8_NODES = Float64Array.of(
  -0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
  0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363,
);
export const GAUSS_LEGENDRE_8_WEIGHTS = Float64Array.of(
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
  0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
);
