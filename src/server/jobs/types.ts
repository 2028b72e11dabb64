/**
 * A background function, defined once and run by either runner: Inngest (cloud or self-hosted)
 * or the embedded in-process runner. Handlers only use `step.run` (memoised, durable steps) and
 * receive the event; anything large is persisted inside a step, and steps return small values.
 */
import type { z } from "zod";

export interface StepTools {
  /** Runs `fn` once per job: on a resumed job a completed step returns its recorded result. */
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

export interface FunctionContext<E> {
  event: { name: string; data: E };
  step: StepTools;
  /** 0 on the first attempt. */
  attempt: number;
  /** The embedded runner's job id (stable across retries); absent under Inngest. */
  jobId?: string;
}

export interface FunctionDefinition<E = unknown> {
  id: string;
  event: string;
  /** Validates the event payload (also the contract for senders). */
  schema: z.ZodType<E>;
  /** Retries after the first attempt, for transient errors. */
  retries: number;
  handler(ctx: FunctionContext<E>): Promise<unknown>;
  /** Called once when the function gives up (retries exhausted or a non-retriable error). */
  onFailure(args: { data: E; error: Error }): Promise<void>;
}

/** The function stopped because its run was cancelled; not an error, never retried. */
export class CancelledError extends Error {
  constructor(message = "Cancelled by the user") {
    super(message);
    this.name = "CancelledError";
  }
}

/** A failure that a retry cannot fix (bad input): fail at once. */
export class PermanentError extends Error {
  constructor(message: string, readonly code = "INVALID_INPUT") {
    super(message);
    this.name = "PermanentError";
  }
}
