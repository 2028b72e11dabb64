/**
 * `scp inventory` / inventory-optimisation API request: `{ "model": NAME, ...parameters }`.
 * One strict object per model, joined by a discriminated union on `model`, so an unknown model,
 * an unknown distribution, a negative cost or a misspelt field is reported at its JSON path.
 * Structural checks the types cannot express (equal-length price lists, node ids that exist, a
 * network that is a tree) are refinements that also name the offending path.
 *
 * Costs are per unit per period unless stated; "period" is whatever unit the demand rate uses.
 */
import { z } from "zod";
import { ZId } from "./common.ts";
import { ZRunId } from "./runs.ts";
import {
  laneLeadTime,
  VALIDATION_DEFAULTS,
  VALIDATION_MAX_SIMULATED_DAYS,
  VALIDATION_MIN_MEASURED_DAYS,
} from "../server/engine/inventory/validate.ts";

const money = z.number().finite().nonnegative();
const positive = z.number().finite().positive();
const periods = z.number().finite().nonnegative();

export const normalDemandSchema = z.strictObject({
  dist: z.literal("normal"),
  mean: z.number().finite().nonnegative().describe("Mean demand per period"),
  sd: z.number().finite().nonnegative().describe("Standard deviation of demand per period"),
});

export const poissonDemandSchema = z.strictObject({
  dist: z.literal("poisson"),
  mean: z.number().finite().nonnegative().describe("Mean demand per period (the Poisson rate)"),
});

export const empiricalDemandSchema = z.strictObject({
  dist: z.literal("empirical"),
  values: z.array(z.number().finite().nonnegative()).min(1).describe("Observed demands per period, each equally likely"),
});

export const demandSchema = z
  .discriminatedUnion("dist", [normalDemandSchema, poissonDemandSchema, empiricalDemandSchema])
  .describe("Per-period demand distribution");

export const eoqRequestSchema = z
  .strictObject({
    model: z.literal("eoq"),
    fixedCost: money.describe("Cost per order"),
    holdingCost: positive.describe("Holding cost per unit per period"),
    demandRate: money.describe("Demand per period"),
    stockoutCost: positive.optional().describe("Backorder cost per unit per period: plans backorders (EOQB)"),
    productionRate: positive.optional().describe("Finite production rate per period: economic production quantity"),
  })
  .superRefine((v, ctx) => {
    if (v.productionRate !== undefined && !(v.productionRate > v.demandRate)) {
      ctx.addIssue({ code: "custom", path: ["productionRate"], message: "must exceed demandRate" });
    }
    if (v.productionRate !== undefined && v.stockoutCost !== undefined) {
      ctx.addIssue({ code: "custom", path: ["stockoutCost"], message: "cannot be combined with productionRate" });
    }
  });

export const eoqDiscountRequestSchema = z
  .strictObject({
    model: z.literal("eoq_discount"),
    fixedCost: positive.describe("Cost per order"),
    holdingRate: positive.describe("Holding cost per period as a fraction of the unit cost"),
    demandRate: positive.describe("Demand per period"),
    breakpoints: z.array(money).min(1).describe("Smallest order quantity of each price region, increasing (first usually 0)"),
    unitCosts: z.array(positive).min(1).describe("Unit price of each region"),
    kind: z.enum(["all_units", "incremental"]).default("all_units"),
  })
  .superRefine((v, ctx) => {
    if (v.unitCosts.length !== v.breakpoints.length) {
      ctx.addIssue({ code: "custom", path: ["unitCosts"], message: "must have one price per breakpoint" });
    }
    for (let i = 1; i < v.breakpoints.length; i++) {
      if (!(v.breakpoints[i] > v.breakpoints[i - 1])) {
        ctx.addIssue({ code: "custom", path: ["breakpoints", i], message: "breakpoints must be strictly increasing" });
      }
    }
  });

const lotSizingFields = {
  fixedCost: money.describe("Cost per order"),
  holdingCost: money.describe("Cost per unit held at the end of a period"),
  demand: z.array(money).min(1).describe("Demand of each period, period 0 first"),
};

export const wagnerWhitinRequestSchema = z.strictObject({ model: z.literal("wagner_whitin"), ...lotSizingFields });
export const silverMealRequestSchema = z.strictObject({ model: z.literal("silver_meal"), ...lotSizingFields });

function checkEmpiricalLeadTime(v: { demand: z.output<typeof demandSchema>; leadTime?: number }, ctx: z.RefinementCtx) {
  if (v.demand.dist === "empirical" && v.leadTime !== undefined && !Number.isInteger(v.leadTime)) {
    ctx.addIssue({ code: "custom", path: ["leadTime"], message: "must be a whole number of periods with empirical demand" });
  }
}

const newsvendorFields = {
  holdingCost: positive.describe("Cost per unit left over at the end of a period"),
  stockoutCost: positive.describe("Cost per unit short at the end of a period"),
  demand: demandSchema,
  leadTime: periods.optional().describe("Periods between ordering and receipt; protection covers leadTime + 1 periods"),
};

export const newsvendorRequestSchema = z
  .strictObject({ model: z.literal("newsvendor"), ...newsvendorFields })
  .superRefine(checkEmpiricalLeadTime);
export const baseStockRequestSchema = z
  .strictObject({ model: z.literal("base_stock"), ...newsvendorFields })
  .superRefine(checkEmpiricalLeadTime);

export const ssRequestSchema = z
  .strictObject({
    model: z.literal("ss"),
    holdingCost: positive,
    stockoutCost: positive,
    fixedCost: money.describe("Cost per order"),
    demand: demandSchema,
    leadTime: z.number().int().nonnegative().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.demand.dist === "normal") {
      ctx.addIssue({ code: "custom", path: ["demand", "dist"], message: "(s,S) needs integer demand: use poisson or empirical" });
    } else if (v.demand.dist === "poisson") {
      if (!(v.demand.mean > 0)) ctx.addIssue({ code: "custom", path: ["demand", "mean"], message: "must be positive" });
    } else {
      let positiveSeen = false;
      v.demand.values.forEach((x, i) => {
        if (!Number.isInteger(x) || x < 0) {
          ctx.addIssue({ code: "custom", path: ["demand", "values", i], message: "must be a non-negative integer" });
        }
        if (x > 0) positiveSeen = true;
      });
      if (!positiveSeen) ctx.addIssue({ code: "custom", path: ["demand", "values"], message: "needs some positive demand" });
    }
  });

export const rqRequestSchema = z
  .strictObject({
    model: z.literal("rq"),
    holdingCost: positive,
    stockoutCost: positive.describe("exact: per unit backordered per period; eil: per unit short (Hadley–Whitin)"),
    fixedCost: money.describe("Cost per order"),
    demand: demandSchema,
    leadTime: periods,
    method: z.enum(["exact", "eil"]).default("exact"),
  })
  .superRefine((v, ctx) => {
    if (v.demand.dist === "empirical") {
      ctx.addIssue({ code: "custom", path: ["demand", "dist"], message: "(r,Q) supports normal or poisson demand" });
    }
    if (v.method === "eil" && v.demand.dist !== "normal") {
      ctx.addIssue({ code: "custom", path: ["method"], message: "eil needs normal demand" });
    }
    if (v.demand.dist !== "empirical" && !(v.demand.mean > 0)) {
      ctx.addIssue({ code: "custom", path: ["demand", "mean"], message: "must be positive" });
    }
    if (v.method === "eil" && !(v.fixedCost > 0)) {
      ctx.addIssue({ code: "custom", path: ["fixedCost"], message: "eil needs a positive fixed cost" });
    }
  });

export const serialStageSchema = z.strictObject({
  echelonHoldingCost: money.describe("Echelon holding cost per unit per period"),
  leadTime: periods.describe("Periods to ship into this stage"),
});

export const serialRequestSchema = z
  .strictObject({
    model: z.literal("serial"),
    stages: z.array(serialStageSchema).min(1).describe("Stage 1 (downstream, facing demand) first"),
    stockoutCost: positive.describe("Backorder cost per unit per period at stage 1"),
    demand: demandSchema,
  })
  .superRefine((v, ctx) => {
    if (v.demand.dist !== "normal") {
      ctx.addIssue({ code: "custom", path: ["demand", "dist"], message: "the serial model needs normal demand" });
    }
  });

const nodeId = z.union([z.string().min(1), z.number().int()]);

export const gsmNodeSchema = z.strictObject({
  id: nodeId,
  holdingCost: money.describe("Holding cost per unit of safety stock per period"),
  processingTime: z.number().int().nonnegative().describe("Whole periods"),
  demandSd: money.optional().describe("External demand standard deviation per period at this node"),
  maxOutboundServiceTime: z.number().int().nonnegative().optional().describe("Service time promised to customers"),
  externalInboundServiceTime: z.number().int().nonnegative().optional().describe("Service time of external supply"),
});

export const gsmRequestSchema = z
  .strictObject({
    model: z.literal("gsm"),
    nodes: z.array(gsmNodeSchema).min(1),
    edges: z.array(z.tuple([nodeId, nodeId])).describe("[fromId, toId]: material flows from → to"),
    z: money.describe("Safety factor, e.g. 1.645 for 95%"),
  })
  .superRefine((v, ctx) => {
    const index = new Map<string, number>();
    v.nodes.forEach((node, i) => {
      const key = String(node.id);
      if (index.has(key)) ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `duplicate node id ${key}` });
      else index.set(key, i);
    });
    // Union–find over node indices: an edge joining two nodes already connected closes a cycle.
    const parent = v.nodes.map((_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    };
    v.edges.forEach(([from, to], k) => {
      const a = index.get(String(from));
      const b = index.get(String(to));
      if (a === undefined) ctx.addIssue({ code: "custom", path: ["edges", k, 0], message: `unknown node id ${String(from)}` });
      if (b === undefined) ctx.addIssue({ code: "custom", path: ["edges", k, 1], message: `unknown node id ${String(to)}` });
      if (a === undefined || b === undefined) return;
      const ra = find(a);
      const rb = find(b);
      if (ra === rb) {
        ctx.addIssue({ code: "custom", path: ["edges", k], message: "edge closes a cycle: the network must be a tree" });
      } else {
        parent[ra] = rb;
      }
    });
  });

/** One item × location row of the batch policy optimiser (also the API's row shape). */
export const policyRowSchema = z.strictObject({
  id: z.string().optional().describe("Caller's identifier, echoed in the output"),
  demandMean: money.describe("Mean demand per period"),
  demandSd: money.describe("Standard deviation of demand per period"),
  leadTimeMean: periods.describe("Mean lead time in periods: an order placed at the end of period t is available from the start of t + leadTimeMean (the simulator's lane lead time)"),
  leadTimeSd: periods.default(0).describe("Standard deviation of the lead time in periods"),
  unitCost: money,
  holdingRate: money.describe("Annual holding cost as a fraction of unit cost"),
  orderingCost: money.describe("Cost per order"),
  serviceKind: z.enum(["cycle", "fill_rate"]).describe("cycle: P(no stockout per replenishment cycle); fill_rate: fraction of demand met from stock"),
  serviceTarget: z.number().gt(0).lt(1),
  minOrderQuantity: money.default(0),
  orderMultiple: money.default(0),
  reviewPeriod: z.number().int().min(1).default(1).describe("Whole periods between reviews"),
});

export const policyRequestSchema = z.strictObject({
  model: z.literal("policy"),
  periodsPerYear: positive.default(365),
  integerQuantities: z.boolean().default(true),
  allowNegativeSafetyStock: z.boolean().default(false),
  rows: z.array(policyRowSchema).min(1),
  tradeOff: z
    .strictObject({
      kind: z.enum(["cycle", "fill_rate"]),
      targets: z.array(z.number().gt(0).lt(1)).min(1),
    })
    .optional()
    .describe("Also compute total investment vs service for these targets"),
});

/**
 * Monte Carlo settings of a validation by simulation, shared by `scp inventory` model "validate"
 * and the `inventory.validate` procedure.
 */
export const validationRunFields = {
  replications: z.number().int().min(2).max(200).default(VALIDATION_DEFAULTS.replications).describe("Independent replications (95% t-intervals across them)"),
  horizonDays: z
    .number()
    .int()
    .min(VALIDATION_MIN_MEASURED_DAYS)
    .max(100_000)
    .default(VALIDATION_DEFAULTS.horizonDays)
    .describe("Days simulated per replication, warm-up included"),
  warmupDays: z.number().int().min(0).max(10_000).default(VALIDATION_DEFAULTS.warmupDays).describe("Days at the start left out of every measurement"),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(VALIDATION_DEFAULTS.seed).describe("Seed of the random streams"),
};

/**
 * Simulated days (replications × horizonDays) an `inventory.validate` request may ask for: it runs
 * inside the request, so about a second of simulation rather than the CLI's five.
 */
export const VALIDATION_MAX_REQUEST_SIMULATED_DAYS = 1_000_000;

/** Cross-field limits of the validation settings: measured days left after warm-up, total work. */
function validationRunCheck(maxSimulatedDays: number) {
  return (v: { replications: number; horizonDays: number; warmupDays: number }, ctx: z.RefinementCtx) => {
    if (v.horizonDays - v.warmupDays < VALIDATION_MIN_MEASURED_DAYS) {
      ctx.addIssue({ code: "custom", path: ["warmupDays"], message: `must leave at least ${VALIDATION_MIN_MEASURED_DAYS} measured days of the horizon` });
    }
    if (v.replications * v.horizonDays > maxSimulatedDays) {
      ctx.addIssue({ code: "custom", path: ["replications"], message: `replications × horizonDays must be at most ${maxSimulatedDays}` });
    }
  };
}

const level = z.number().finite();

/** A recommendation as the inventory models output it (the model named by `type`). */
export const validatePolicySchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("policy"),
      reorderPoint: level.describe("Reorder point s of a batch-optimiser row"),
      orderQuantity: money.describe("Lot size Q; 0 means order up to s"),
      reviewPeriod: z.number().int().min(1).default(1).describe("Whole days between reviews"),
    }),
    z.strictObject({ type: z.literal("base_stock"), baseStockLevel: level.describe("Base-stock level of base_stock or newsvendor") }),
    z.strictObject({ type: z.literal("ss"), s: level, S: level }),
    z.strictObject({ type: z.literal("rq"), r: level, Q: positive }),
  ])
  .describe("The policy to validate, with its levels as the model of that name outputs them");

const share = z.number().finite().min(0).max(1);

export const promisedMetricsSchema = z
  .strictObject({
    fillRate: share.optional(),
    cycleServiceLevel: share.optional().describe("P(no stockout in a replenishment cycle)"),
    periodServiceLevel: share.optional().describe("Share of days ending without backorders (base_stock: inStockProbability)"),
    averageOnHand: money.optional().describe("End-of-day on-hand"),
    costPerDay: money.optional().describe("Holding + backorder + ordering cost per day"),
  })
  .describe("What the model promised; each given metric is judged against its confidence interval");

export const validateRequestSchema = z
  .strictObject({
    model: z.literal("validate"),
    policy: validatePolicySchema,
    demand: demandSchema,
    leadTime: periods.describe(
      "Lead time in days, in the convention of the policy's model: policy and rq, the simulator's lane (an order placed at the end of day t is available from the start of day t + leadTime, ≥ 1); base_stock and ss, protection covers leadTime + 1 days",
    ),
    holdingCost: money.describe("Cost per unit of end-of-day on-hand per day"),
    stockoutCost: money.default(0).describe("Cost per unit backordered at the end of a day, per day"),
    fixedCost: money.default(0).describe("Cost per order"),
    minOrderQuantity: money.default(0),
    orderMultiple: money.default(0),
    promised: promisedMetricsSchema.optional(),
    ...validationRunFields,
  })
  .superRefine((v, ctx) => {
    const lane = laneLeadTime(v.policy.type, v.leadTime);
    if (!Number.isInteger(lane) || lane < 1) {
      ctx.addIssue({
        code: "custom",
        path: ["leadTime"],
        message: lane === v.leadTime ? "must be a whole number of days ≥ 1 for this policy" : "must be a whole number of days",
      });
    }
    if (v.policy.type === "ss" && !(v.policy.S > v.policy.s)) {
      ctx.addIssue({ code: "custom", path: ["policy", "S"], message: "must exceed s" });
    }
    validationRunCheck(VALIDATION_MAX_SIMULATED_DAYS)(v, ctx);
  });

export const inventoryRequestSchema = z
  .discriminatedUnion("model", [
    eoqRequestSchema,
    eoqDiscountRequestSchema,
    wagnerWhitinRequestSchema,
    silverMealRequestSchema,
    newsvendorRequestSchema,
    baseStockRequestSchema,
    ssRequestSchema,
    rqRequestSchema,
    serialRequestSchema,
    gsmRequestSchema,
    policyRequestSchema,
    validateRequestSchema,
  ])
  .describe("scp inventory request");

export type InventoryRequest = z.output<typeof inventoryRequestSchema>;
export type InventoryRequestInput = z.input<typeof inventoryRequestSchema>;
export type PolicyRow = z.output<typeof policyRowSchema>;
export type ValidateRequest = z.output<typeof validateRequestSchema>;

/** `inventory.validate`: simulate one recommendation row of an inventory optimisation run. */
export const ZValidateRecommendation = ZRunId.extend({
  /** The row: the policy id of the recommendation. */
  policyId: ZId,
  ...validationRunFields,
}).superRefine(validationRunCheck(VALIDATION_MAX_REQUEST_SIMULATED_DAYS));
export type TValidateRecommendation = z.output<typeof ZValidateRecommendation>;
