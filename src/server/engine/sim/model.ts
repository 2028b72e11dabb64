/**
 * The simulation model as plain data with string ids: what a service, a background job or the
 * `scp simulate` command hands to `compileModel`. Every quantity is in units of the item, every
 * money amount in one currency, every duration in whole days.
 *
 * Timing convention (one simulated day, for every SKU-node, downstream nodes first):
 * 1. receipts due today arrive (an order shipped on day t over a lane of lead time L arrives at
 *    the start of day t + L, so L ≥ 1);
 * 2. a production node starts production from its component stock (consumed from the component
 *    nodes' stock as it stood at the start of the day);
 * 3. customer demand is served from on-hand, oldest backorder first; unmet demand is back-ordered
 *    or lost per the location's `unmetDemand`;
 * 4. replenishment orders of downstream nodes placed today are served (allocation by priority,
 *    then fair share when stock is short);
 * 5. on a review day the policy looks at the inventory position (on-hand + on-order − backorders −
 *    unshipped downstream orders) and places an order, which reaches its source the same day;
 * 6. end-of-day stocks are recorded and holding/backorder costs charged on them.
 * A base-stock node with lead time L is therefore protected over L days of demand.
 */

/** Role of a location in the network. Suppliers are unlimited external sources. */
export type LocationKind = "supplier" | "plant" | "dc" | "store";

export interface LocationSpec {
  /** Unique id. */
  readonly id: string;
  readonly kind: LocationKind;
  /** What happens to customer demand that cannot be served from stock. Default "backorder". */
  readonly unmetDemand?: "backorder" | "lost";
  /** Yearly holding rate as a fraction of unit value (0.25 = 25%/year); default options.holdingRatePerYear. */
  readonly holdingRatePerYear?: number;
  /** Rank when an upstream node rations short stock among its customers: lower is served first. Default 0. */
  readonly allocationPriority?: number;
  /**
   * With several lanes delivering an item: "priority" sends an order to the best-ranked source that
   * has stock (spilling the rest to the next), "split" divides it by the lanes' `share`.
   * Default "priority".
   */
  readonly sourcing?: "priority" | "split";
  /** Plants: units of output that can start production per day, over all products. Unlimited if absent. */
  readonly productionCapacityPerDay?: number;
}

export interface ItemSpec {
  readonly id: string;
  /** Standard unit cost: value of a unit in stock, cost of goods per unit sold, purchase price. */
  readonly unitCost: number;
  /** Selling price per unit to customers. Default 0 (no revenue). */
  readonly price?: number;
  /** Whether quantities are whole units (demand draws are rounded, orders rounded up). Default true. */
  readonly integer?: boolean;
  /** Penalty per unit of customer demand lost. Default 0. */
  readonly lostSaleCostPerUnit?: number;
  /** Penalty per unit back-ordered per day. Default 0. */
  readonly backorderCostPerUnitDay?: number;
}

/** A lead time in days: fixed, or a discrete distribution over whole days. */
export type LeadTimeSpec =
  | number
  | {
      /** Possible lead times in days (each ≥ 1). */
      readonly values: readonly number[];
      /** Their probabilities (normalised; default equal). */
      readonly probabilities?: readonly number[];
    };

export interface LaneSpec {
  /** Shipping location id. */
  readonly from: string;
  /** Receiving location id. */
  readonly to: string;
  /** Days from shipment to receipt, ≥ 1; drawn per shipment when a distribution is given. */
  readonly leadTimeDays: LeadTimeSpec;
  /** Transport cost per unit shipped. Default 0. */
  readonly costPerUnit?: number;
  /** Units that can be shipped per day over all items; unlimited if absent. */
  readonly capacityPerDay?: number;
  /** Items carried; all items stocked at both ends when absent. */
  readonly items?: readonly string[];
  /** Rank among the receiving location's lanes for "priority" sourcing: lower first. Default 0. */
  readonly priority?: number;
  /** Share of orders for "split" sourcing (normalised over the item's lanes). Default 1. */
  readonly share?: number;
}

/** One component line of a bill of materials. */
export interface BomComponentSpec {
  readonly item: string;
  /** Units of the component per unit of the product. */
  readonly quantity: number;
}

/** How a plant makes an item from components; components may themselves have BOMs (multi-level). */
export interface BomSpec {
  /** Product item id. */
  readonly item: string;
  /** Plant location id. */
  readonly location: string;
  /** Days from production start to the output being in stock, ≥ 1. */
  readonly leadTimeDays: number;
  /** Conversion cost per unit produced. Default 0. */
  readonly costPerUnit?: number;
  readonly components: readonly BomComponentSpec[];
}

/** Fields every replenishment policy shares. */
export interface PolicyCommon {
  readonly item: string;
  readonly location: string;
  /** Minimum order quantity. Default 0. */
  readonly moq?: number;
  /** Orders are rounded up to a multiple of this. Default 1 for integer items, none otherwise. */
  readonly orderMultiple?: number;
  /** Review every this many days. Default 1 (daily). */
  readonly reviewPeriodDays?: number;
  /** First review day index (0-based). Default 0. */
  readonly reviewOffsetDays?: number;
  /** On-hand at the start of day 0. Default: the policy's order-up-to level (S, r + Q, max). */
  readonly initialOnHand?: number;
  /** Fixed cost per order placed. Default 0. */
  readonly orderCost?: number;
  /** Overrides unit cost × holding rate / 365. */
  readonly holdingCostPerUnitDay?: number;
  /** Overrides the item's backorder penalty. */
  readonly backorderCostPerUnitDay?: number;
  /** Overrides the item's lost-sale penalty. */
  readonly lostSaleCostPerUnit?: number;
}

/**
 * Replenishment policy of one item at one location.
 * - baseStock: order up to S whenever the inventory position is below S.
 * - sS: when the position is ≤ s, order up to S.
 * - rQ: when the position is ≤ r, order the smallest multiple of Q that lifts it above r.
 * - RS: periodic review; every R days order up to S (same as baseStock with reviewPeriodDays R).
 * - minMax: when the position is < min, order up to max.
 */
export type PolicySpec = PolicyCommon &
  (
    | { readonly type: "baseStock"; readonly orderUpTo: number }
    | { readonly type: "sS"; readonly reorderPoint: number; readonly orderUpTo: number }
    | { readonly type: "rQ"; readonly reorderPoint: number; readonly orderQuantity: number }
    | { readonly type: "RS"; readonly reviewPeriodDays: number; readonly orderUpTo: number }
    | { readonly type: "minMax"; readonly min: number; readonly max: number }
  );

/**
 * Distribution of daily demand. Normal draws below 0 are set to 0 (censored); integer items round
 * continuous draws to the nearest whole unit.
 */
export type DistributionSpec =
  | { readonly type: "normal"; readonly mean: number; readonly sd: number }
  | { readonly type: "poisson"; readonly mean: number }
  | { readonly type: "gamma"; readonly mean: number; readonly sd: number }
  | { readonly type: "negativeBinomial"; readonly mean: number; readonly variance: number }
  | { readonly type: "empirical"; readonly values: readonly number[]; readonly probabilities?: readonly number[] };

/** Customer demand of one item at one location: a given daily series, or a distribution. */
export type DemandSpec =
  | { readonly item: string; readonly location: string; readonly series: readonly number[] }
  | { readonly item: string; readonly location: string; readonly distribution: DistributionSpec };

export interface NetworkSpec {
  readonly locations: readonly LocationSpec[];
  readonly items: readonly ItemSpec[];
  readonly lanes: readonly LaneSpec[];
  readonly boms?: readonly BomSpec[];
}

export interface TraceOptions {
  /**
   * Holding, backorder, lost-sale and cost-of-goods costs accrue every day; the trace records them
   * per SKU-node per period of this many days (1 = daily). Event costs (ordering, transport,
   * production, purchase) are always recorded on their day with their cause order. Default 7.
   */
  readonly periodDays?: number;
}

export interface SimulationOptions {
  /** Record the cost trace; `true` means default trace options. Default false. */
  readonly trace?: boolean | TraceOptions;
  /** Days at the start excluded from KPIs, P&L and the cost summary (series still cover them). Default 0. */
  readonly warmupDays?: number;
  /** Also return daily series per SKU-node (memory: 8 series × nodes × days doubles). Default false. */
  readonly nodeSeries?: boolean;
  /** Default yearly holding rate. Default 0.2. */
  readonly holdingRatePerYear?: number;
}

/** Everything needed to run a simulation. */
export interface SimulationModel {
  readonly network: NetworkSpec;
  readonly policies: readonly PolicySpec[];
  readonly demand: readonly DemandSpec[];
  /** Days simulated, ≥ 1. */
  readonly horizonDays: number;
  /** Seed of all random streams (any safe integer). */
  readonly seed: number;
  /** Date of day 0, 'YYYY-MM-DD'; only labels results. Default '2026-01-01'. */
  readonly startDate?: string;
  readonly options?: SimulationOptions;
}

/** A problem found in a model, with the path of the offending value (e.g. ["network","lanes",3,"from"]). */
export interface ModelIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}
