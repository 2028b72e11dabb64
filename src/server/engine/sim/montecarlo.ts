/**
 * Monte Carlo: independent replications of one model (each with its own random streams, derived
 * from the model seed and the replication number) summarised as a mean with a 95% confidence
 * interval per KPI and P&L line.
 */
import type { Kpis, ProfitAndLoss } from "../kpi/index.ts";
import { meanInterval, type MeanInterval } from "../random/index.ts";
import { compileModel, type CompiledModel } from "./compile.ts";
import type { SimulationModel } from "./model.ts";
import { simulate } from "./run.ts";

export interface MonteCarloResult {
  readonly replications: number;
  readonly kpis: Readonly<Record<keyof Kpis, MeanInterval>>;
  readonly pnl: Readonly<Record<keyof ProfitAndLoss, MeanInterval>>;
  /** Per-replication values, in replication order, for further analysis. */
  readonly samples: { readonly kpis: readonly Kpis[]; readonly pnl: readonly ProfitAndLoss[] };
}

export interface MonteCarloOptions {
  /** Called after each replication. */
  readonly onProgress?: (replicationsDone: number, total: number) => void;
}

function summarise<T extends object>(samples: readonly T[]): Record<keyof T, MeanInterval> {
  const out = {} as Record<keyof T, MeanInterval>;
  if (samples.length === 0) return out;
  for (const key of Object.keys(samples[0]) as (keyof T)[]) {
    out[key] = meanInterval(samples.map((s) => s[key] as number));
  }
  return out;
}

function isCompiled(model: SimulationModel | CompiledModel): model is CompiledModel {
  return (model as CompiledModel).nodeCount !== undefined;
}

/**
 * Runs `replications` independent replications (trace off) and returns per-KPI means with 95%
 * t-confidence intervals. Replication r uses the streams of (seed, r), so replication 0 equals a
 * plain `simulate` of the same model.
 */
export function monteCarlo(
  model: SimulationModel | CompiledModel,
  replications: number,
  options: MonteCarloOptions = {},
): MonteCarloResult {
  if (!Number.isInteger(replications) || replications < 1) throw new Error(`replications must be a whole number ≥ 1, got ${replications}`);
  const compiled = isCompiled(model) ? model : compileModel(model);
  const kpis: Kpis[] = [];
  const pnl: ProfitAndLoss[] = [];
  for (let r = 0; r < replications; r++) {
    const result = simulate(compiled, { replication: r, trace: false });
    kpis.push(result.kpis);
    pnl.push(result.pnl);
    options.onProgress?.(r + 1, replications);
  }
  return { replications, kpis: summarise(kpis), pnl: summarise(pnl), samples: { kpis, pnl } };
}
