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
  values: z.array(z.number().finite()).min(1).describe("Observed demands per period, each equally likely"),
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
  ])
  .describe("scp inventory request");

export type InventoryRequest = z.output<typeof inventoryRequestSchema>;
export type InventoryRequestInput = z.input<typeof inventoryRequestSchema>;
export type PolicyRow = z.output<typeof policyRowSchema>;
