/**
 * STL (Cleveland, Cleveland, McRae & Terpenning, "STL: A seasonal-trend decomposition procedure
 * based on loess", J. Official Statistics 6, 1990) and MSTL for several seasonal periods (Bandara,
 * Hyndman & Bergmeir, "MSTL", 2021), with the forecast of R's `stlf`/`mstl`: each seasonal component
 * continued by its last cycle, the seasonally adjusted series by non-seasonal exponential smoothing.
 *
 * Simplifications: loess is evaluated at every point (no "jump" interpolation), and only the inner
 * loop is run (no robustness iterations) — as `stl(robust = FALSE)`.
 */
import { autoEts, etsForecast } from "./ets.ts";
import type { ModelContext, ModelForecast } from "./types.ts";

/**
 * Local linear (degree 1) or local constant (degree 0) loess with tricube weights over the q nearest
 * points of `y` (positions 0..n−1), evaluated at position `x` (may lie outside the data).
 */
function loessAt(y: ArrayLike<number>, n: number, q: number, degree: 0 | 1, x: number): number {
  // Window of q nearest integer positions to x, clipped to the data.
  const width = Math.min(q, n);
  let lo = Math.round(x) - (width >> 1);
  lo = Math.max(0, Math.min(lo, n - width));
  const hi = lo + width - 1;
  let maxDist = Math.max(x - lo, hi - x);
  // Cleveland et al.: when q > n the neighbourhood is widened in proportion.
  if (q > n) maxDist += (q - n) / 2;
  maxDist = Math.max(maxDist, 1e-9);
  let sw = 0;
  let swx = 0;
  let swy = 0;
  let swxx = 0;
  let swxy = 0;
  for (let j = lo; j <= hi; j++) {
    const u = Math.abs(j - x) / (maxDist * 1.000001);
    const w = u < 1 ? (1 - u * u * u) ** 3 : 0;
    sw += w;
    swx += w * j;
    swy += w * y[j];
    swxx += w * j * j;
    swxy += w * j * y[j];
  }
  if (sw <= 0) return y[Math.max(0, Math.min(n - 1, Math.round(x)))];
  const my = swy / sw;
  if (degree === 0) return my;
  const mx = swx / sw;
  const sxx = swxx / sw - mx * mx;
  if (sxx <= 1e-12 * Math.max(1, mx * mx)) return my;
  const slope = (swxy / sw - mx * my) / sxx;
  return my + slope * (x - mx);
}

function movingAverage(x: Float64Array, window: number): Float64Array {
  const out = new Float64Array(x.length - window + 1);
  let s = 0;
  for (let i = 0; i < window; i++) s += x[i];
  out[0] = s / window;
  for (let i = window; i < x.length; i++) {
    s += x[i] - x[i - window];
    out[i - window + 1] = s / window;
  }
  return out;
}

const nextOdd = (v: number) => {
  const c = Math.ceil(v);
  return c % 2 === 1 ? c : c + 1;
};

export interface StlOptions {
  /** Seasonal smoothing window (odd, ≥ 7); default 11 ("periodic"-ish stiffness without being fixed). */
  readonly seasonalWindow?: number;
  /** Trend window; default the smallest odd ≥ 1.5·m / (1 − 1.5/n_s), Cleveland et al.'s rule. */
  readonly trendWindow?: number;
  /** Inner-loop passes; default 2. */
  readonly innerIterations?: number;
}

/** STL decomposition y = trend + seasonal + remainder for one period m (n ≥ 2m). */
export function stl(y: ArrayLike<number>, period: number, options: StlOptions = {}): { trend: Float64Array; seasonal: Float64Array } {
  const n = y.length;
  const m = period;
  const ns = nextOdd(Math.max(7, options.seasonalWindow ?? 11));
  const nl = nextOdd(m);
  const nt = options.trendWindow ?? nextOdd((1.5 * m) / (1 - 1.5 / ns));
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const detrended = new Float64Array(n);
  const cycle = new Float64Array(n + 2 * m);
  const sub = new Float64Array(Math.ceil(n / m) + 1);
  const adjusted = new Float64Array(n);
  for (let pass = 0; pass < (options.innerIterations ?? 2); pass++) {
    for (let t = 0; t < n; t++) detrended[t] = y[t] - trend[t];
    // Cycle-subseries smoothing, extended one cycle each side: cycle[j] is time j − m.
    for (let k = 0; k < m; k++) {
      let len = 0;
      for (let t = k; t < n; t += m) sub[len++] = detrended[t];
      for (let i = -1; i <= len; i++) {
        const time = k + i * m;
        cycle[time + m] = loessAt(sub, len, ns, 0, i);
      }
    }
    // Low-pass filter of the cycle-subseries: MA m, MA m, MA 3, then loess(n_l).
    const low1 = movingAverage(cycle, m);
    const low2 = movingAverage(low1, m);
    const low3 = movingAverage(low2, 3);
    for (let t = 0; t < n; t++) seasonal[t] = cycle[t + m] - loessAt(low3, low3.length, nl, 1, t);
    for (let t = 0; t < n; t++) adjusted[t] = y[t] - seasonal[t];
    for (let t = 0; t < n; t++) trend[t] = loessAt(adjusted, n, nt, 1, t);
  }
  return { trend, seasonal };
}

/** MSTL: one seasonal component per period (ascending), refined over `iterations` passes. */
export function mstl(y: ArrayLike<number>, periods: readonly number[], iterations = 2): { trend: Float64Array; seasonals: Float64Array[]; periods: number[] } {
  const n = y.length;
  const usable = [...new Set(periods)].filter((p) => p > 1 && n >= 2 * p).sort((a, b) => a - b);
  const seasonals: Float64Array[] = usable.map(() => new Float64Array(n));
  const deseasonalised = Float64Array.from(y);
  let trend: Float64Array = new Float64Array(n);
  if (usable.length === 0) {
    trend = stlFreeTrend(deseasonalised);
    return { trend, seasonals, periods: usable };
  }
  for (let pass = 0; pass < iterations; pass++) {
    usable.forEach((p, i) => {
      for (let t = 0; t < n; t++) deseasonalised[t] += seasonals[i][t];
      // Bandara et al. widen the seasonal window with each period: 7 + 4i, kept odd and ≥ 11.
      const fit = stl(deseasonalised, p, { seasonalWindow: 11 + 4 * i });
      seasonals[i] = fit.seasonal;
      trend = fit.trend;
      for (let t = 0; t < n; t++) deseasonalised[t] -= seasonals[i][t];
    });
  }
  return { trend, seasonals, periods: usable };
}

function stlFreeTrend(y: Float64Array): Float64Array {
  const n = y.length;
  const out = new Float64Array(n);
  const q = nextOdd(Math.max(3, n / 4));
  for (let t = 0; t < n; t++) out[t] = loessAt(y, n, q, 1, t);
  return out;
}

/**
 * MSTL forecast: seasonal components repeat their last cycle; trend + remainder is forecast with
 * non-seasonal ETS chosen by AICc. `periods` default to the context period.
 */
export function mstlForecast(y: Float64Array, horizon: number, context: ModelContext, periods: readonly number[] = context.seasonalPeriods ?? [context.period]): ModelForecast {
  const n = y.length;
  const dec = mstl(y, periods);
  const adjusted = Float64Array.from(y);
  for (const s of dec.seasonals) for (let t = 0; t < n; t++) adjusted[t] -= s[t];
  const fit = autoEts(adjusted, 1, { errors: ["A"] });
  if (!fit) throw new Error("MSTL: the seasonally adjusted series could not be fitted");
  const base = etsForecast(fit, horizon, []);
  const mean = Float64Array.from(base.mean);
  const fitted = Float64Array.from(base.fitted);
  dec.seasonals.forEach((s, i) => {
    const p = dec.periods[i];
    for (let k = 0; k < horizon; k++) mean[k] += s[n - p + (k % p)];
    for (let t = 0; t < n; t++) fitted[t] += s[t];
  });
  return { mean, sd: base.sd, fitted, spec: `MSTL(${dec.periods.join(",") || "none"})+${base.spec}` };
}
