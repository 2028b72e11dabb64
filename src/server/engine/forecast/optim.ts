/**
 * Nelder–Mead simplex minimiser (Nelder & Mead 1965, with the standard coefficients
 * reflection 1, expansion 2, contraction ½, shrink ½ as in R's `optim`). Bounds are the caller's
 * business: an objective returns +Infinity outside its admissible region, which the simplex treats as
 * "worse than anything" — the same penalty approach R's `ets` uses.
 */

export interface NelderMeadOptions {
  /** Initial step per coordinate (the simplex edge); default 10% of |x0| or 0.05. */
  readonly step?: ArrayLike<number>;
  /** Stop when the spread of simplex values is below reltol·(|f|+reltol); default 1e-8 like R. */
  readonly reltol?: number;
  /** Maximum number of objective evaluations; default 200·dimension. */
  readonly maxEvaluations?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evaluations: number;
}

/** Minimises `objective` starting at `x0`. The objective receives a scratch array it must not keep. */
export function nelderMead(
  objective: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length;
  const reltol = options.reltol ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 200 * Math.max(d, 1);
  const points = new Float64Array((d + 1) * d);
  const values = new Float64Array(d + 1);
  const centroid = new Float64Array(d);
  const trial = new Float64Array(d);
  const trial2 = new Float64Array(d);
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = objective(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  for (let j = 0; j < d; j++) points[j] = x0[j];
  values[0] = evaluate(points.subarray(0, d));
  for (let i = 1; i <= d; i++) {
    const row = points.subarray(i * d, (i + 1) * d);
    for (let j = 0; j < d; j++) row[j] = x0[j];
    const s = options.step ? options.step[i - 1] : Math.abs(x0[i - 1]) > 1e-8 ? 0.1 * Math.abs(x0[i - 1]) : 0.05;
    row[i - 1] += s;
    values[i] = evaluate(row);
  }
  if (d === 0) return { x: new Float64Array(0), value: values[0], evaluations };

  while (evaluations < maxEvaluations) {
    // Order: best, worst and second worst indices (no full sort needed).
    let best = 0;
    let worst = 0;
    for (let i = 1; i <= d; i++) {
      if (values[i] < values[best]) best = i;
      if (values[i] > values[worst]) worst = i;
    }
    let second = best;
    for (let i = 0; i <= d; i++) if (i !== worst && values[i] > values[second]) second = i;
    const fBest = values[best];
    const fWorst = values[worst];
    if (Number.isFinite(fWorst) && fWorst - fBest <= reltol * (Math.abs(fBest) + reltol)) break;

    centroid.fill(0);
    for (let i = 0; i <= d; i++) {
      if (i === worst) continue;
      for (let j = 0; j < d; j++) centroid[j] += points[i * d + j];
    }
    for (let j = 0; j < d; j++) centroid[j] /= d;

    const worstRow = points.subarray(worst * d, (worst + 1) * d);
    for (let j = 0; j < d; j++) trial[j] = centroid[j] + (centroid[j] - worstRow[j]);
    const fReflect = evaluate(trial);
    if (fReflect < fBest) {
      for (let j = 0; j < d; j++) trial2[j] = centroid[j] + 2 * (centroid[j] - worstRow[j]);
      const fExpand = evaluate(trial2);
      if (fExpand < fReflect) {
        worstRow.set(trial2);
        values[worst] = fExpand;
      } else {
        worstRow.set(trial);
        values[worst] = fReflect;
      }
      continue;
    }
    if (fReflect < values[second]) {
      worstRow.set(trial);
      values[worst] = fReflect;
      continue;
    }
    // Contract towards the better of the worst point and its reflection.
    const outside = fReflect < fWorst;
    for (let j = 0; j < d; j++) {
      trial2[j] = outside ? centroid[j] + 0.5 * (trial[j] - centroid[j]) : centroid[j] + 0.5 * (worstRow[j] - centroid[j]);
    }
    const fContract = evaluate(trial2);
    if (fContract < (outside ? fReflect : fWorst)) {
      worstRow.set(trial2);
      values[worst] = fContract;
      continue;
    }
    // Shrink every point towards the best one.
    const bestRow = points.subarray(best * d, (best + 1) * d);
    for (let i = 0; i <= d; i++) {
      if (i === best) continue;
      const row = points.subarray(i * d, (i + 1) * d);
      for (let j = 0; j < d; j++) row[j] = bestRow[j] + 0.5 * (row[j] - bestRow[j]);
      values[i] = evaluate(row);
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (values[i] < values[best]) best = i;
  return { x: points.slice(best * d, (best + 1) * d), value: values[best], evaluations };
}

/**
 * Golden-section search for the minimum of a unimodal function on [lo, hi]; used for the single
 * smoothing parameter of SES-like models where a simplex is overkill.
 */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, tol = 1e-5, maxIter = 100): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < maxIter && b - a > tol; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, value: fc } : { x: d, value: fd };
}
