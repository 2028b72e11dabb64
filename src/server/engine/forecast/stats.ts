/**
 * Small numeric helpers shared by the forecasting models: moments, autocorrelation, least-squares
 * trend line, the inverse normal CDF and a seeded random stream. All pure, no allocation beyond
 * their return values.
 */

/** Arithmetic mean of `y[from..to)`; NaN for an empty range. */
export function mean(y: ArrayLike<number>, from = 0, to = y.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += y[i];
  return to > from ? s / (to - from) : NaN;
}

/**
 * Sample autocorrelations r_1..r_maxLag with the usual biased estimator (denominator Σ(y−ȳ)²), as R's
 * `acf` computes them. Returns a zero-based array: `out[k-1]` is r_k.
 */
export function autocorrelations(y: ArrayLike<number>, maxLag: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(maxLag);
  const ybar = mean(y);
  let denom = 0;
  for (let i = 0; i < n; i++) denom += (y[i] - ybar) * (y[i] - ybar);
  if (denom === 0) return out;
  for (let k = 1; k <= maxLag && k < n; k++) {
    let num = 0;
    for (let i = k; i < n; i++) num += (y[i] - ybar) * (y[i - k] - ybar);
    out[k - 1] = num / denom;
  }
  return out;
}

/** Ordinary least-squares line y ≈ intercept + slope·t over t = 1..n (the M4 guide's time index). */
export function linearTrend(y: ArrayLike<number>): { intercept: number; slope: number } {
  const n = y.length;
  if (n === 1) return { intercept: y[0], slope: 0 };
  const tbar = (n + 1) / 2;
  const ybar = mean(y);
  let sty = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    const dt = i + 1 - tbar;
    sty += dt * (y[i] - ybar);
    stt += dt * dt;
  }
  const slope = sty / stt;
  return { intercept: ybar - slope * tbar, slope };
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9),
 * used to turn a forecast standard deviation into an interval.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** z such that a central `level`% normal interval is mean ± z·sd (level 95 → 1.95996…). */
export function zForLevel(level: number): number {
  return normalQuantile(0.5 + level / 200);
}

/**
 * Deterministic uniform stream (mulberry32). Forecasts must be reproducible run to run, so every
 * simulation in the engine draws from a seeded stream rather than Math.random.
 */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform stream (Box–Muller, one value per call). */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed);
  return () => {
    const u1 = Math.max(u(), 1e-300);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u());
  };
}

/** Median of the values (copies; the input is left untouched). NaN for an empty input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Empirical quantile with linear interpolation (R type 7) of an already sorted array. */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
