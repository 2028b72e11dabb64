/**
 * Intermittent-demand methods and the demand classification that routes a series to them.
 *
 *  - Croston (1972): exponential smoothing of non-zero demand sizes z and of the intervals p between
 *    them, updated only in periods with demand; forecast z/p.
 *  - SBA, Syntetos & Boylan (2005): Croston debiased by the factor (1 − α/2).
 *  - TSB, Teunter, Syntetos & Babai (2011): smooths the demand probability every period (so an item
 *    that stops selling decays towards zero) and the size when demand occurs; forecast d·z.
 *  - ADIDA, Nikolopoulos et al. (2011): aggregate into non-overlapping buckets of the mean
 *    inter-demand interval, forecast the bucket totals with SES, spread evenly back.
 *  - Classification, Syntetos, Boylan & Croston (2005): ADI (mean inter-demand interval) against 1.32
 *    and CV² of non-zero sizes against 0.49 → smooth / erratic / intermittent / lumpy.
 */
import { fitEts } from "./ets.ts";
import type { ModelForecast } from "./types.ts";

export type DemandClass = "smooth" | "erratic" | "intermittent" | "lumpy";

export interface DemandProfile {
  /** Average inter-demand interval: periods per non-zero demand (∞ when there is none). */
  readonly adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes. */
  readonly cv2: number;
  readonly demandClass: DemandClass;
  /** Number of periods with non-zero demand. */
  readonly nonZero: number;
}

/** Syntetos–Boylan cut-offs. */
export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

/**
 * ADI and CV² of a demand history. ADI = n / (number of non-zero periods), the usual estimator of the
 * mean interval that counts the stretch before the first demand as an interval too.
 */
export function demandProfile(y: ArrayLike<number>): DemandProfile {
  const n = y.length;
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < n; t++) {
    if (y[t] !== 0) {
      count++;
      sum += y[t];
      sumSq += y[t] * y[t];
    }
  }
  const adi = count > 0 ? n / count : Infinity;
  const m = count > 0 ? sum / count : 0;
  const variance = count > 1 ? (sumSq - count * m * m) / (count - 1) : 0;
  const cv2 = m !== 0 ? Math.max(variance, 0) / (m * m) : 0;
  const demandClass: DemandClass =
    adi < ADI_CUTOFF ? (cv2 < CV2_CUTOFF ? "smooth" : "erratic") : cv2 < CV2_CUTOFF ? "intermittent" : "lumpy";
  return { adi, cv2, demandClass, nonZero: count };
}

/** Smoothing constants tried when a method's constant is estimated (in-sample MSE), a common grid. */
const ALPHA_GRID = [0.05, 0.1, 0.15, 0.2, 0.3];

interface CrostonRun {
  /** Final size and interval estimates. */
  size: number;
  interval: number;
  sse: number;
}

/**
 * Croston recursions. Initialised with the first demand size and its position (1-based) as the first
 * interval; fitted[t] is the forecast made before seeing y[t] (NaN until the first demand).
 */
function crostonRun(y: Float64Array, alpha: number, factor: number, fitted: Float64Array | null): CrostonRun {
  const n = y.length;
  let size = NaN;
  let interval = NaN;
  let sinceLast = 0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    sinceLast++;
    const forecast = Number.isNaN(size) ? NaN : (factor * size) / interval;
    if (fitted) fitted[t] = forecast;
    if (!Number.isNaN(forecast)) sse += (y[t] - forecast) ** 2;
    if (y[t] !== 0) {
      if (Number.isNaN(size)) {
        size = y[t];
        interval = sinceLast;
      } else {
        size += alpha * (y[t] - size);
        interval += alpha * (sinceLast - interval);
      }
      sinceLast = 0;
    }
  }
  return { size, interval, sse };
}

function flatForecast(value: number, horizon: number, sigma: number, fitted: Float64Array, spec: string): ModelForecast {
  return { mean: new Float64Array(horizon).fill(value), sd: new Float64Array(horizon).fill(sigma), fitted, spec };
}

function residualSigma(y: Float64Array, fitted: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let t = 0; t < y.length; t++) {
    if (Number.isFinite(fitted[t])) {
      s += (y[t] - fitted[t]) ** 2;
      c++;
    }
  }
  return c > 1 ? Math.sqrt(s / (c - 1)) : NaN;
}

/** Options of Croston-type methods. */
export interface CrostonOptions {
  /** Smoothing constant; estimated on the grid {0.05, 0.1, 0.15, 0.2, 0.3} when omitted. */
  readonly alpha?: number;
}

function crostonFamily(y: Float64Array, horizon: number, options: CrostonOptions, debias: boolean, name: string): ModelForecast {
  const n = y.length;
  const factorFor = (a: number) => (debias ? 1 - a / 2 : 1);
  let alpha = options.alpha ?? NaN;
  if (Number.isNaN(alpha)) {
    let best = Infinity;
    for (const a of ALPHA_GRID) {
      const r = crostonRun(y, a, factorFor(a), null);
      if (r.sse < best) {
        best = r.sse;
        alpha = a;
      }
    }
  }
  const fitted = new Float64Array(n);
  const r = crostonRun(y, alpha, factorFor(alpha), fitted);
  const value = Number.isNaN(r.size) ? 0 : (factorFor(alpha) * r.size) / r.interval;
  return flatForecast(value, horizon, residualSigma(y, fitted), fitted, `${name}(alpha=${alpha})`);
}

/** Croston's method. */
export function crostonForecast(y: Float64Array, horizon: number, options: CrostonOptions = {}): ModelForecast {
  return crostonFamily(y, horizon, options, false, "Croston");
}

/** Syntetos–Boylan approximation: Croston × (1 − α/2). */
export function sbaForecast(y: Float64Array, horizon: number, options: CrostonOptions = {}): ModelForecast {
  return crostonFamily(y, horizon, options, true, "SBA");
}

function tsbRun(y: Float64Array, alpha: number, beta: number, fitted: Float64Array | null): { probability: number; size: number; sse: number } {
  const n = y.length;
  // Initial probability: share of periods with demand; initial size: mean non-zero demand.
  let count = 0;
  let sum = 0;
  for (let t = 0; t < n; t++) {
    if (y[t] !== 0) {
      count++;
      sum += y[t];
    }
  }
  let probability = count / n;
  let size = count > 0 ? sum / count : 0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const f = probability * size;
    if (fitted) fitted[t] = f;
    sse += (y[t] - f) ** 2;
    if (y[t] !== 0) {
      probability += beta * (1 - probability);
      size += alpha * (y[t] - size);
    } else {
      probability -= beta * probability;
    }
  }
  return { probability, size, sse };
}

/** Options of TSB. */
export interface TsbOptions {
  readonly alpha?: number;
  readonly beta?: number;
}

/** Teunter–Syntetos–Babai: forecast = smoothed demand probability × smoothed size. */
export function tsbForecast(y: Float64Array, horizon: number, options: TsbOptions = {}): ModelForecast {
  let alpha = options.alpha ?? NaN;
  let beta = options.beta ?? NaN;
  if (Number.isNaN(alpha) || Number.isNaN(beta)) {
    let best = Infinity;
    const alphas = Number.isNaN(alpha) ? ALPHA_GRID : [alpha];
    const betas = Number.isNaN(beta) ? ALPHA_GRID : [beta];
    let ba = alphas[0];
    let bb = betas[0];
    for (const a of alphas) {
      for (const b of betas) {
        const r = tsbRun(y, a, b, null);
        if (r.sse < best) {
          best = r.sse;
          ba = a;
          bb = b;
        }
      }
    }
    alpha = ba;
    beta = bb;
  }
  const fitted = new Float64Array(y.length);
  const r = tsbRun(y, alpha, beta, fitted);
  return flatForecast(r.probability * r.size, horizon, residualSigma(y, fitted), fitted, `TSB(alpha=${alpha},beta=${beta})`);
}

/**
 * ADIDA: temporal aggregation into buckets of k = round(ADI) periods (counted back from the last
 * observation so the newest bucket is complete), SES on the bucket totals, forecast / k per period.
 */
export function adidaForecast(y: Float64Array, horizon: number, bucket?: number): ModelForecast {
  const n = y.length;
  const profile = demandProfile(y);
  const k = Math.max(1, Math.min(bucket ?? Math.round(Number.isFinite(profile.adi) ? profile.adi : 1), Math.floor(n / 3) || 1));
  const buckets = Math.floor(n / k);
  const totals = new Float64Array(buckets);
  const offset = n - buckets * k;
  for (let b = 0; b < buckets; b++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += y[offset + b * k + i];
    totals[b] = s;
  }
  const fit = buckets >= 3 ? fitEts(totals, { error: "A", trend: "N", season: "N" }, 1) : null;
  const level = fit ? fit.final.level : buckets > 0 ? totals[buckets - 1] : 0;
  const fitted = new Float64Array(n).fill(NaN);
  if (fit) for (let b = 0; b < buckets; b++) for (let i = 0; i < k; i++) fitted[offset + b * k + i] = fit.fitted[b] / k;
  return flatForecast(level / k, horizon, residualSigma(y, fitted), fitted, `ADIDA(k=${k})`);
}
