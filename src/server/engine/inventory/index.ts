/**
 * Inventory optimisation engine: single-stage lot sizing and stochastic policies, multi-echelon
 * serial (Clark–Scarf) and guaranteed-service (Graves–Willems) models, and the batch optimiser that
 * recommends policies for many item × location rows at once. Pure TypeScript, no I/O.
 *
 * Exactness: every model is exact for its stated assumptions except `rqEil` (the EIL
 * approximation), `silverMeal` (a heuristic), lattice-convolved non-integer empirical demand with a
 * lead time, and batch rows with lead-time variability (normal approximation of lead-time demand);
 * results say so through their `exact` flags.
 */
export * from "./distributions.ts";
export * from "./eoq.ts";
export * from "./lotSizing.ts";
export * from "./newsvendor.ts";
export * from "./ss.ts";
export * from "./rq.ts";
export * from "./serial.ts";
export * from "./gsm.ts";
export * from "./policy.ts";
