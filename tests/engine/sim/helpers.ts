import type { DistributionSpec, LeadTimeSpec, PolicySpec, SimulationModel, SimulationOptions } from "../../../src/server/engine/sim/index.ts";

type PolicyLevels = PolicySpec extends infer P ? (P extends PolicySpec ? Omit<P, "item" | "location"> : never) : never;

/** One stocking node fed by an unlimited supplier: the textbook single-stage system. */
export function singleStage(args: {
  policy: PolicyLevels;
  demand: DistributionSpec | { series: number[] };
  leadTimeDays: LeadTimeSpec;
  horizonDays: number;
  seed?: number;
  integer?: boolean;
  lost?: boolean;
  options?: SimulationOptions;
}): SimulationModel {
  const demand = "series" in args.demand
    ? { item: "X", location: "S", series: args.demand.series }
    : { item: "X", location: "S", distribution: args.demand };
  return {
    network: {
      locations: [
        { id: "SUP", kind: "supplier" },
        { id: "S", kind: "store", unmetDemand: args.lost ? "lost" : "backorder" },
      ],
      items: [{ id: "X", unitCost: 1, integer: args.integer ?? true }],
      lanes: [{ from: "SUP", to: "S", leadTimeDays: args.leadTimeDays }],
    },
    policies: [{ item: "X", location: "S", ...args.policy } as PolicySpec],
    demand: [demand],
    horizonDays: args.horizonDays,
    seed: args.seed ?? 1,
    options: args.options,
  };
}
