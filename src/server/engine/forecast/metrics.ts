/**
 * Forecast accuracy measures, as defined in the M4 Competitor's Guide (2018) and Hyndman &
 * Koehler (2006). Every function compares `actual[i]` with `forecast[i]` for i < min(lengths).
 * Percentages are returned on the 0–100 (MAPE, WAPE) or 0–200 (sMAPE) scale used in the
 * competitions.
 */

/** Mean absolute error. */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(actual[i] - forecast[i]);
  return n > 0 ? s / n : NaN;
}

/** Root mean squared error. */
export function rmse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += (actual[i] - forecast[i]) ** 2;
  return n > 0 ? Math.sqrt(s / n) : NaN;
}

/** Mean absolute percentage error, 100·mean|y−f|/|y|; periods with y = 0 are skipped (undefined there). */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let s = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (actual[i] === 0) continue;
    s += Math.abs((actual[i] - forecast[i]) / actual[i]);
    count++;
  }
  return count > 0 ? (100 * s) / count : NaN;
}

/**
 * Symmetric MAPE as in M3/M4: 200·mean |y−f|/(|y|+|f|). A period where both are 0 is a perfect
 * forecast and counts as 0 (the formula is 0/0 there).
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const denom = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (denom > 0) s += Math.abs(actual[i] - forecast[i]) / denom;
  }
  return n > 0 ? (200 * s) / n : NaN;
}

/**
 * In-sample MAE of the seasonal naive forecast, mean |y_t − y_{t−m}| over t = m..n−1: the MASE
 * denominator (M4 guide). Falls back to lag 1 when the sample is shorter than m+1.
 */
export function naiveScale(insample: ArrayLike<number>, period = 1): number {
  const n = insample.length;
  const m = n > period ? period : 1;
  let s = 0;
  for (let t = m; t < n; t++) s += Math.abs(insample[t] - insample[t - m]);
  return n > m ? s / (n - m) : NaN;
}

/** Mean absolute scaled error: MAE over the in-sample seasonal-naive MAE (Hyndman & Koehler 2006). */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, period = 1): number {
  return mae(actual, forecast) / naiveScale(insample, period);
}

/** Weighted absolute percentage error, 100·Σ|y−f|/Σ|y| (robust to zeros, favoured for demand). */
export function wape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let num = 0;
  let denom = 0;
  for (let i = 0; i < n; i++) {
    num += Math.abs(actual[i] - forecast[i]);
    denom += Math.abs(actual[i]);
  }
  return denom > 0 ? (100 * num) / denom : NaN;
}

/** Mean forecast error f − y: positive means the forecast ran high (over-forecast). */
export function bias(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += forecast[i] - actual[i];
  return n > 0 ? s / n : NaN;
}

/** Share (0–1) of actuals inside [lower, upper], the empirical coverage of a prediction interval. */
export function coverage(actual: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  const n = Math.min(actual.length, lower.length, upper.length);
  let inside = 0;
  for (let i = 0; i < n; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return n > 0 ? inside / n : NaN;
}

/**
 * Overall weighted average of M4: the mean of sMAPE and MASE, each relative to Naive2's on the
 * same data. 1 means "as good as Naive2"; below 1 is better.
 */
export function owa(smapeValue: number, maseValue: number, naive2Smape: number, naive2Mase: number): number {
  return 0.5 * (smapeValue / naive2Smape + maseValue / naive2Mase);
}

/** All point-accuracy measures for one forecast against its actuals. */
export interface AccuracyMetrics {
  mae: number;
  rmse: number;
  mape: number;
  smape: number;
  mase: number;
  wape: number;
  bias: number;
}

/** Every point measure at once; `insample` and `period` feed the MASE scale. */
export function accuracy(actual: ArrayLike<number>, forecast: ArrayLike<number>, insample: ArrayLike<number>, period = 1): AccuracyMetrics {
  return {
    mae: mae(actual, forecast),
    rmse: rmse(actual, forecast),
    mape: mape(actual, forecast),
    smape: smape(actual, forecast),
    mase: mase(actual, forecast, insample, period),
    wape: wape(actual, forecast),
    bias: bias(actual, forecast),
  };
}
