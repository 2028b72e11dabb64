/**
 * Exponential smoothing in innovations state-space form, ETS(error, trend, season), following
 * Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing" (2008) and the `ets`
 * function of R's forecast package:
 *
 *   error  A | M   — additive or multiplicative (relative) innovations
 *   trend  N | A | Ad — none, additive, additive damped
 *   season N | A | M
 *
 * Parameters are estimated by maximum (concentrated Gaussian) likelihood with Nelder–Mead and the
 * model is chosen by AICc. Two shortcuts keep a fit at a fraction of a millisecond:
 *  - for additive-error models without multiplicative season the one-step errors are affine in the
 *    initial level and slope, so those are profiled out exactly by least squares on every evaluation;
 *    multiplicative-error non-seasonal models use the same least-squares initial states (their point
 *    recursion is identical) and then the multiplicative likelihood — an approximation of the joint MLE;
 *  - initial seasonal states come from a classical decomposition of the first cycles (R's heuristic)
 *    and are not re-optimised.
 */
import { goldenSection, nelderMead } from "./optim.ts";
import { classicalSeasonalIndices } from "./seasonality.ts";
import { mean, seededNormal, sortedQuantile } from "./stats.ts";
import type { ModelContext, ModelForecast } from "./types.ts";

export type EtsError = "A" | "M";
export type EtsTrend = "N" | "A" | "Ad";
export type EtsSeason = "N" | "A" | "M";

/** One member of the ETS family. */
export interface EtsSpec {
  readonly error: EtsError;
  readonly trend: EtsTrend;
  readonly season: EtsSeason;
}

/** Smoothing parameters; unused ones are 0 (β, γ) or 1 (φ). */
export interface EtsParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

/** Initial states x0 = (ℓ0, b0, s0[0..m−1]); `season[p]` is the index of cycle position p = t mod m. */
export interface EtsInitialStates {
  readonly level: number;
  readonly trend: number;
  readonly season: Float64Array;
}

/** A fitted ETS model. */
export interface EtsFit {
  readonly spec: EtsSpec;
  readonly period: number;
  readonly params: EtsParams;
  readonly initial: EtsInitialStates;
  /** Log-likelihood including all constants (so it can be checked against the textbook formula). */
  readonly logLik: number;
  readonly aicc: number;
  /** Innovation variance estimate Σe²/n (e in the error's units: absolute or relative). */
  readonly sigma2: number;
  /** One-step fitted values. */
  readonly fitted: Float64Array;
  /** States after the last observation; `season` is a ring indexed by t mod m. */
  readonly final: { readonly level: number; readonly trend: number; readonly season: Float64Array };
  /** Number of observations fitted. */
  readonly n: number;
}

/** Short label such as "ETS(M,Ad,N)". */
export function etsLabel(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

interface FilterResult {
  /** Σ e_t² with e in the error's units. */
  sse: number;
  /** Σ log|ŷ_t| (the Jacobian term of multiplicative-error likelihoods). */
  sumLogYhat: number;
  level: number;
  trend: number;
  /** False when a forecast went non-positive under a multiplicative component. */
  ok: boolean;
}

/**
 * The ETS recursions in error-correction form (the update of R's `etscalc`, which is the same for
 * additive and multiplicative errors); `season` is a ring of length m updated in place. Writes
 * one-step fitted values into `fitted` when given.
 */
function filter(
  y: Float64Array,
  spec: EtsSpec,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  level0: number,
  trend0: number,
  season: Float64Array,
  fitted: Float64Array | null,
): FilterResult {
  const n = y.length;
  const hasTrend = spec.trend !== "N";
  const seasonCode = spec.season === "N" ? 0 : spec.season === "A" ? 1 : 2;
  const multError = spec.error === "M";
  let l = level0;
  let b = hasTrend ? trend0 : 0;
  let sse = 0;
  let sumLog = 0;
  let ok = true;
  for (let t = 0; t < n; t++) {
    const phib = hasTrend ? phi * b : 0;
    const q = l + phib;
    const pos = seasonCode === 0 ? 0 : t % m;
    const s = seasonCode === 0 ? 0 : season[pos];
    const yhat = seasonCode === 0 ? q : seasonCode === 1 ? q + s : q * s;
    if (fitted) fitted[t] = yhat;
    const yt = y[t];
    if (multError) {
      if (!(yhat > 0)) {
        ok = false;
        break;
      }
      const e = (yt - yhat) / yhat;
      sse += e * e;
      sumLog += Math.log(yhat);
    } else {
      const e = yt - yhat;
      sse += e * e;
    }
    const p = seasonCode === 0 ? yt : seasonCode === 1 ? yt - s : yt / s;
    const newLevel = q + alpha * (p - q);
    if (hasTrend) b = phib + (beta / alpha) * (newLevel - l - phib);
    if (seasonCode === 1) season[pos] = s + gamma * (yt - q - s);
    else if (seasonCode === 2) {
      if (!(q > 0)) {
        ok = false;
        break;
      }
      season[pos] = s + gamma * (yt / q - s);
    }
    l = newLevel;
  }
  return { sse, sumLogYhat: sumLog, level: l, trend: b, ok };
}

/**
 * Gaussian log-likelihood of an ETS model with σ² concentrated out (σ̂² = Σe²/n):
 *   log L = −(n/2)·(log(2π σ̂²) + 1) − Σ log|ŷ_t|   (the last term only for multiplicative errors),
 * Hyndman et al. (2008), eq. 5.3 / 5.4.
 */
export function etsLogLikelihood(y: Float64Array, spec: EtsSpec, period: number, params: EtsParams, initial: EtsInitialStates): number {
  const season = Float64Array.from(initial.season.length ? initial.season : [0]);
  const r = filter(y, spec, Math.max(period, 1), params.alpha, params.beta, params.gamma, params.phi, initial.level, initial.trend, season, null);
  if (!r.ok) return -Infinity;
  return concentratedLogLik(r.sse, r.sumLogYhat, y.length, spec.error === "M");
}

/**
 * Runs the recursions with given parameters and initial states: one-step fitted values and the
 * final level and slope. Exposed so the recursions can be checked by hand.
 */
export function etsOneStep(
  y: Float64Array,
  spec: EtsSpec,
  period: number,
  params: EtsParams,
  initial: EtsInitialStates,
): { fitted: Float64Array; level: number; trend: number; season: Float64Array } {
  const season = Float64Array.from(initial.season.length ? initial.season : [0]);
  const fitted = new Float64Array(y.length);
  const r = filter(y, spec, Math.max(period, 1), params.alpha, params.beta, params.gamma, params.phi, initial.level, initial.trend, season, fitted);
  return { fitted, level: r.level, trend: r.trend, season };
}

function concentratedLogLik(sse: number, sumLog: number, n: number, multError: boolean): number {
  const sigma2 = Math.max(sse / n, 1e-300);
  return -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) - (multError ? sumLog : 0);
}

/**
 * R's starting states: seasonal indices from a classical decomposition of the first max(10, 2m)…3m
 * observations, then a least-squares line through the first ≤10 seasonally adjusted points.
 */
function heuristicInitialStates(y: Float64Array, spec: EtsSpec, m: number): EtsInitialStates {
  const n = y.length;
  let season: Float64Array = new Float64Array(m);
  let adjusted: Float64Array = y;
  if (spec.season !== "N") {
    const span = Math.min(n, Math.max(3 * m, 2 * m + 2));
    const mult = spec.season === "M";
    season = classicalSeasonalIndices(y.subarray(0, span), m, mult);
    adjusted = new Float64Array(n);
    for (let t = 0; t < n; t++) adjusted[t] = mult ? y[t] / season[t % m] : y[t] - season[t % m];
  } else if (m > 0) {
    season = new Float64Array(Math.max(m, 1));
  }
  const k = Math.min(10, n);
  if (spec.trend === "N" || k < 2) return { level: mean(adjusted, 0, k), trend: 0, season };
  let st = 0;
  let sy = 0;
  for (let i = 0; i < k; i++) {
    st += i + 1;
    sy += adjusted[i];
  }
  const tbar = st / k;
  const ybar = sy / k;
  let sty = 0;
  let stt = 0;
  for (let i = 0; i < k; i++) {
    sty += (i + 1 - tbar) * (adjusted[i] - ybar);
    stt += (i + 1 - tbar) ** 2;
  }
  const slope = sty / stt;
  // The line is evaluated at t = 0 so ℓ0 + b0 forecasts the first observation.
  return { level: ybar - slope * tbar, trend: slope, season };
}

/**
 * Least-squares initial level and slope for the affine (additive-error, non-multiplicative-season)
 * models: ŷ_t = ŷᶜ_t + ℓ0·u_t + b0·v_t where ŷᶜ runs the filter from zero states and u, v are the
 * responses to unit initial states with y ≡ 0. Returns NaN level when the system is singular.
 */
function profileInitialStates(
  y: Float64Array,
  spec: EtsSpec,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  season0: Float64Array,
  scratch: Float64Array,
): { level: number; trend: number; sse: number } {
  const n = y.length;
  const hasTrend = spec.trend !== "N";
  const seasonal = spec.season === "A";
  // scratch holds three rings: data season, level-basis season, slope-basis season.
  const sc = scratch.subarray(0, m);
  const su = scratch.subarray(m, 2 * m);
  const sv = scratch.subarray(2 * m, 3 * m);
  if (seasonal) {
    sc.set(season0.subarray(0, m));
    su.fill(0);
    sv.fill(0);
  }
  let lc = 0,
    bc = 0,
    lu = 1,
    bu = 0,
    lv = 0,
    bv = 1;
  let Scc = 0,
    Scu = 0,
    Scv = 0,
    Suu = 0,
    Suv = 0,
    Svv = 0;
  const betaStar = beta;
  for (let t = 0; t < n; t++) {
    const pos = seasonal ? t % m : 0;
    const qc = lc + (hasTrend ? phi * bc : 0);
    const qu = lu + (hasTrend ? phi * bu : 0);
    const qv = lv + (hasTrend ? phi * bv : 0);
    const yc = qc + (seasonal ? sc[pos] : 0);
    const yu = qu + (seasonal ? su[pos] : 0);
    const yv = qv + (seasonal ? sv[pos] : 0);
    const ec = y[t] - yc;
    const eu = -yu;
    const ev = -yv;
    Scc += ec * ec;
    Scu += ec * yu;
    Scv += ec * yv;
    Suu += yu * yu;
    Suv += yu * yv;
    Svv += yv * yv;
    lc = qc + alpha * ec;
    lu = qu + alpha * eu;
    lv = qv + alpha * ev;
    if (hasTrend) {
      bc = phi * bc + betaStar * ec;
      bu = phi * bu + betaStar * eu;
      bv = phi * bv + betaStar * ev;
    }
    if (seasonal) {
      sc[pos] += gamma * ec;
      su[pos] += gamma * eu;
      sv[pos] += gamma * ev;
    }
  }
  if (!hasTrend) {
    if (!(Suu > 0)) return { level: NaN, trend: 0, sse: Infinity };
    const level = Scu / Suu;
    return { level, trend: 0, sse: Math.max(Scc - level * Scu, 0) };
  }
  const det = Suu * Svv - Suv * Suv;
  if (!(det > 1e-12 * Suu * Svv)) return { level: NaN, trend: 0, sse: Infinity };
  const level = (Scu * Svv - Scv * Suv) / det;
  const trend = (Suu * Scv - Suv * Scu) / det;
  return { level, trend, sse: Math.max(Scc - level * Scu - trend * Scv, 0) };
}

const ALPHA_LO = 1e-4;
const ALPHA_HI = 0.9999;
const PHI_LO = 0.8;
const PHI_HI = 0.98;

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Number of free parameters counted for AICc, as R's ets: smoothing parameters, initial states and σ². */
export function etsParameterCount(spec: EtsSpec, period: number): number {
  let k = 1 + 1 + 1; // α, ℓ0, σ²
  if (spec.trend !== "N") k += 2; // β, b0
  if (spec.trend === "Ad") k += 1; // φ
  if (spec.season !== "N") k += 1 + (period - 1); // γ, m−1 free seasonal states
  return k;
}

/** Options of a single ETS fit. */
export interface EtsFitOptions {
  /** Cap on Nelder–Mead evaluations (default 60 per parameter + 60). */
  readonly maxEvaluations?: number;
}

/**
 * Fits one ETS model by maximum likelihood. Returns null when the model cannot be fitted (too few
 * observations for its parameters, non-positive data under a multiplicative component).
 */
export function fitEts(y: Float64Array, spec: EtsSpec, period: number, options: EtsFitOptions = {}): EtsFit | null {
  const n = y.length;
  const m = spec.season === "N" ? 1 : period;
  if (spec.season !== "N" && (period < 2 || n < 2 * period + 2)) return null;
  const k = etsParameterCount(spec, m);
  // Need more observations than smoothing parameters plus initial states (k − 1 excludes σ²);
  // AICc itself is only finite when n > k + 1.
  if (n < 3 || n < k) return null;
  const needsPositive = spec.error === "M" || spec.season === "M";
  if (needsPositive) for (let t = 0; t < n; t++) if (!(y[t] > 0)) return null;

  const hasTrend = spec.trend !== "N";
  const damped = spec.trend === "Ad";
  const seasonal = spec.season !== "N";
  const multError = spec.error === "M";
  const affine = spec.season !== "M";
  const heuristic = heuristicInitialStates(y, spec, m);
  const ring = new Float64Array(Math.max(m, 1));
  const scratch = new Float64Array(3 * Math.max(m, 1));

  // Unconstrained coordinates: α = lo + (hi−lo)σ(a); β = α·σ(b); γ = (1−α)·σ(c); φ = 0.8 + 0.18σ(d).
  const decode = (x: ArrayLike<number>) => {
    let i = 0;
    const alpha = ALPHA_LO + (ALPHA_HI - ALPHA_LO) * logistic(x[i++]);
    const beta = hasTrend ? Math.max(alpha * logistic(x[i++]), 1e-6) : 0;
    const gamma = seasonal ? Math.max((1 - alpha) * logistic(x[i++]), 1e-6) : 0;
    const phi = damped ? PHI_LO + (PHI_HI - PHI_LO) * logistic(x[i++]) : 1;
    return { alpha, beta, gamma, phi };
  };

  const states = (p: EtsParams): { level: number; trend: number; sse: number } => {
    if (affine) {
      const prof = profileInitialStates(y, spec, m, p.alpha, p.beta, p.gamma, p.phi, heuristic.season, scratch);
      if (Number.isFinite(prof.level)) return prof;
    }
    return { level: heuristic.level, trend: heuristic.trend, sse: NaN };
  };

  const negLogLik = (p: EtsParams): number => {
    const st = states(p);
    if (!multError && affine && Number.isFinite(st.sse)) return -concentratedLogLik(st.sse, 0, n, false);
    ring.set(heuristic.season.subarray(0, ring.length));
    const r = filter(y, spec, m, p.alpha, p.beta, p.gamma, p.phi, st.level, st.trend, ring, null);
    if (!r.ok) return Infinity;
    return -concentratedLogLik(r.sse, r.sumLogYhat, n, multError);
  };

  const dims = 1 + (hasTrend ? 1 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0);
  let best: EtsParams;
  if (dims === 1) {
    const g = goldenSection((a) => negLogLik(decode([a])), -9, 9, 1e-4);
    best = decode([g.x]);
  } else {
    // R's starting point: α = 0.2 (scaled), β = 0.1α, γ = 0.05(1−α), φ = 0.978 → inside our φ range.
    const x0: number[] = [logit((0.2 - ALPHA_LO) / (ALPHA_HI - ALPHA_LO))];
    if (hasTrend) x0.push(logit(0.1));
    if (seasonal) x0.push(logit(0.05));
    if (damped) x0.push(logit((0.96 - PHI_LO) / (PHI_HI - PHI_LO)));
    const res = nelderMead((x) => negLogLik(decode(x)), x0, {
      step: x0.map(() => 1),
      maxEvaluations: options.maxEvaluations ?? 60 * dims + 60,
      reltol: 1e-7,
    });
    best = decode(res.x);
  }

  const st = states(best);
  ring.set(heuristic.season.subarray(0, ring.length));
  const season0 = Float64Array.from(ring);
  const fitted = new Float64Array(n);
  const r = filter(y, spec, m, best.alpha, best.beta, best.gamma, best.phi, st.level, st.trend, ring, fitted);
  if (!r.ok) return null;
  const logLik = concentratedLogLik(r.sse, r.sumLogYhat, n, multError);
  if (!Number.isFinite(logLik)) return null;
  const aicc = n - k - 1 > 0 ? -2 * logLik + 2 * k + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return {
    spec,
    period: m,
    params: best,
    initial: { level: st.level, trend: st.trend, season: season0 },
    logLik,
    aicc,
    sigma2: r.sse / n,
    fitted,
    final: { level: r.level, trend: r.trend, season: ring },
    n,
  };
}

/** Point forecasts ŷ_{n+k} = (ℓ + φ_k b) ∘ s_{n+k−m}, φ_k = φ + … + φ^k. */
export function etsPointForecast(fit: EtsFit, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const { level, trend, season } = fit.final;
  const { phi } = fit.params;
  const m = fit.period;
  let phiSum = 0;
  let phiPow = 1;
  for (let k = 1; k <= horizon; k++) {
    phiPow *= phi;
    phiSum += fit.spec.trend === "N" ? 0 : phiPow;
    const q = level + phiSum * trend;
    const s = fit.spec.season === "N" ? 0 : season[(fit.n + k - 1) % m];
    out[k - 1] = fit.spec.season === "N" ? q : fit.spec.season === "A" ? q + s : q * s;
  }
  return out;
}

/**
 * Forecast variance of the linear (class 1) models, Hyndman et al. (2008) Table 6.1:
 *   v_h = σ²·(1 + Σ_{j=1}^{h−1} c_j²), c_j = α + β·Σ_{i=1}^{j} φ^i + γ·[j mod m = 0].
 */
function class1Sd(fit: EtsFit, horizon: number): Float64Array {
  const { alpha, beta, gamma, phi } = fit.params;
  const out = new Float64Array(horizon);
  let acc = 0;
  let phiSum = 0;
  let phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    out[h - 1] = Math.sqrt(fit.sigma2 * (1 + acc));
    phiPow *= phi;
    phiSum += phiPow;
    const c =
      alpha +
      (fit.spec.trend === "N" ? 0 : beta * phiSum) +
      (fit.spec.season !== "N" && h % fit.period === 0 ? gamma : 0);
    acc += c * c;
  }
  return out;
}

/**
 * Simulated sample paths for models with a multiplicative component: the distribution is no longer
 * Gaussian (and the variance has no simple closed form), so intervals are empirical quantiles of
 * seeded simulations.
 */
function simulate(fit: EtsFit, horizon: number, levels: readonly number[], paths = 1000): { sd: Float64Array; lower: Float64Array[]; upper: Float64Array[] } {
  const draws = new Float64Array(paths * horizon);
  const normal = seededNormal(0x5eed + fit.n);
  const sigma = Math.sqrt(fit.sigma2);
  const m = fit.period;
  const ring = new Float64Array(fit.final.season.length);
  const { alpha, beta, gamma, phi } = fit.params;
  const hasTrend = fit.spec.trend !== "N";
  const sc = fit.spec.season;
  for (let p = 0; p < paths; p++) {
    let l = fit.final.level;
    let b = fit.final.trend;
    ring.set(fit.final.season);
    for (let k = 0; k < horizon; k++) {
      const phib = hasTrend ? phi * b : 0;
      const q = l + phib;
      const pos = sc === "N" ? 0 : (fit.n + k) % m;
      const s = sc === "N" ? 0 : ring[pos];
      const yhat = sc === "N" ? q : sc === "A" ? q + s : q * s;
      const eps = sigma * normal();
      const yv = fit.spec.error === "M" ? yhat * (1 + eps) : yhat + eps;
      draws[k * paths + p] = yv;
      const pv = sc === "N" ? yv : sc === "A" ? yv - s : yv / s;
      const newLevel = q + alpha * (pv - q);
      if (hasTrend) b = phib + (beta / alpha) * (newLevel - l - phib);
      if (sc === "A") ring[pos] = s + gamma * (yv - q - s);
      else if (sc === "M" && q !== 0) ring[pos] = s + gamma * (yv / q - s);
      l = newLevel;
    }
  }
  const sd = new Float64Array(horizon);
  const lower = levels.map(() => new Float64Array(horizon));
  const upper = levels.map(() => new Float64Array(horizon));
  for (let k = 0; k < horizon; k++) {
    const row = draws.subarray(k * paths, (k + 1) * paths).sort();
    const mu = mean(row);
    let v = 0;
    for (let p = 0; p < paths; p++) v += (row[p] - mu) ** 2;
    sd[k] = Math.sqrt(v / (paths - 1));
    levels.forEach((level, i) => {
      lower[i][k] = sortedQuantile(row, 0.5 - level / 200);
      upper[i][k] = sortedQuantile(row, 0.5 + level / 200);
    });
  }
  return { sd, lower, upper };
}

/** Forecast (mean, sd, intervals) from a fitted ETS model. */
export function etsForecast(fit: EtsFit, horizon: number, levels: readonly number[]): ModelForecast {
  const mean = etsPointForecast(fit, horizon);
  const linear = fit.spec.error === "A" && fit.spec.season !== "M";
  const spec = etsLabel(fit.spec);
  if (linear) return { mean, sd: class1Sd(fit, horizon), fitted: fit.fitted, spec };
  if (levels.length === 0) {
    // Backtests need no intervals; the class-1 formula in relative units is a cheap stand-in.
    const sd = class1Sd(fit, horizon).map((v, k) => v * Math.abs(mean[k]));
    return { mean, sd, fitted: fit.fitted, spec };
  }
  const sim = simulate(fit, horizon, levels);
  return { mean, sd: sim.sd, fitted: fit.fitted, lower: sim.lower, upper: sim.upper, spec };
}

/** Which members of the family the automatic search may consider. */
export interface AutoEtsOptions {
  readonly errors?: readonly EtsError[];
  readonly trends?: readonly EtsTrend[];
  readonly seasons?: readonly EtsSeason[];
  /** Largest seasonal period for seasonal models (R's ets refuses m > 24). */
  readonly maxSeasonalPeriod?: number;
}

/**
 * Fits every admissible ETS model and returns the one with the smallest AICc (Hyndman et al. 2002).
 * Like R's default `restrict = TRUE`, additive errors with multiplicative seasonality are skipped
 * (numerically unstable); multiplicative components need strictly positive data.
 */
export function autoEts(y: Float64Array, period: number, options: AutoEtsOptions = {}): EtsFit | null {
  const errors = options.errors ?? ["A", "M"];
  const trends = options.trends ?? ["N", "A", "Ad"];
  const seasonalOk = period > 1 && period <= (options.maxSeasonalPeriod ?? 24) && y.length >= 2 * period + 2;
  const seasons = seasonalOk ? (options.seasons ?? ["N", "A", "M"]) : (["N"] as const);
  let best: EtsFit | null = null;
  for (const error of errors) {
    for (const trend of trends) {
      for (const season of seasons) {
        if (error === "A" && season === "M") continue;
        const fit = fitEts(y, { error, trend, season }, period);
        if (fit && (!best || fit.aicc < best.aicc)) best = fit;
      }
    }
  }
  return best;
}

/** Model adapters: the automatically selected ETS model. */
export function etsAutoForecast(y: Float64Array, horizon: number, context: ModelContext): ModelForecast {
  const fit = autoEts(y, context.period);
  if (!fit) throw new Error("ETS could not be fitted to this series");
  return etsForecast(fit, horizon, context.levels);
}

/** A fixed ETS member, fitted by maximum likelihood (no seasonal adjustment). */
export function etsFixedForecast(spec: EtsSpec) {
  return (y: Float64Array, horizon: number, context: ModelContext): ModelForecast => {
    const fit = fitEts(y, spec, context.period);
    if (!fit) throw new Error(`${etsLabel(spec)} could not be fitted to this series`);
    return etsForecast(fit, horizon, context.levels);
  };
}
