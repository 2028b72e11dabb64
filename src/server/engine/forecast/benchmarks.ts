/**
 * Benchmark methods of the M competitions (M4 Competitor's Guide, 2018): naive, seasonal naive,
 * random walk with drift and Naive2 (naive on the seasonally adjusted series). Forecast standard
 * deviations follow Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.),
 * Table 5.2.
 */
import { reseasonalize, seasonallyAdjust } from "./seasonality.ts";
import type { ModelContext, ModelForecast } from "./types.ts";

function filled(n: number, value: number): Float64Array {
  return new Float64Array(n).fill(value);
}

/** Naive (random walk): every future value equals the last observation; sd_h = σ√h. */
export function naiveForecast(y: Float64Array, horizon: number): ModelForecast {
  const n = y.length;
  const fitted = filled(n, NaN);
  let sse = 0;
  for (let t = 1; t < n; t++) {
    fitted[t] = y[t - 1];
    sse += (y[t] - y[t - 1]) ** 2;
  }
  const sigma = n > 1 ? Math.sqrt(sse / (n - 1)) : NaN;
  const sd = new Float64Array(horizon);
  for (let k = 1; k <= horizon; k++) sd[k - 1] = sigma * Math.sqrt(k);
  return { mean: filled(horizon, y[n - 1]), sd, fitted, spec: "Naive" };
}

/** Seasonal naive: the value one cycle earlier; sd_h = σ√(⌊(h−1)/m⌋+1). Falls back to naive when n < m. */
export function seasonalNaiveForecast(y: Float64Array, horizon: number, context: Pick<ModelContext, "period">): ModelForecast {
  const n = y.length;
  const m = context.period;
  if (m <= 1 || n < m) return naiveForecast(y, horizon);
  const fitted = filled(n, NaN);
  let sse = 0;
  for (let t = m; t < n; t++) {
    fitted[t] = y[t - m];
    sse += (y[t] - y[t - m]) ** 2;
  }
  const sigma = n > m ? Math.sqrt(sse / (n - m)) : NaN;
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  for (let k = 1; k <= horizon; k++) {
    mean[k - 1] = y[n - m + ((k - 1) % m)];
    sd[k - 1] = sigma * Math.sqrt(Math.floor((k - 1) / m) + 1);
  }
  return { mean, sd, fitted, spec: `SeasonalNaive(m=${m})` };
}

/**
 * Random walk with drift: the line through the first and last observations, extended;
 * sd_h = σ√(h(1 + h/(n−1))) (the second term is the drift's estimation error).
 */
export function driftForecast(y: Float64Array, horizon: number): ModelForecast {
  const n = y.length;
  const slope = n > 1 ? (y[n - 1] - y[0]) / (n - 1) : 0;
  const fitted = filled(n, NaN);
  let sse = 0;
  for (let t = 1; t < n; t++) {
    fitted[t] = y[t - 1] + slope;
    sse += (y[t] - fitted[t]) ** 2;
  }
  const sigma = n > 2 ? Math.sqrt(sse / (n - 2)) : NaN;
  const mean = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  for (let k = 1; k <= horizon; k++) {
    mean[k - 1] = y[n - 1] + k * slope;
    sd[k - 1] = sigma * Math.sqrt(k * (1 + k / Math.max(n - 1, 1)));
  }
  return { mean, sd, fitted, spec: "Drift" };
}

/**
 * Naive2: naive on the series seasonally adjusted by classical multiplicative decomposition, the
 * seasonality kept only when the 90% autocorrelation test says so (M4 guide). It is the yardstick of
 * OWA.
 */
export function naive2Forecast(y: Float64Array, horizon: number, context: Pick<ModelContext, "period">): ModelForecast {
  const adjustment = seasonallyAdjust(y, context.period);
  const f = naiveForecast(adjustment.adjusted, horizon);
  const out = reseasonalize(f, adjustment, y.length);
  return { ...out, spec: adjustment.indices ? `Naive2(m=${context.period})` : "Naive2" };
}
