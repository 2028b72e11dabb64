/** Turns a failed API call into what the user needs: one message and the per-field messages. */
import { TRPCClientError } from "@trpc/client";

export interface ShownError {
  code: string;
  message: string;
  fieldErrors: Record<string, string[]>;
}

export function describeError(err: unknown): ShownError {
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? {}) as { code?: string; fieldErrors?: Record<string, string[]> };
    return { code: data.code ?? "INTERNAL_SERVER_ERROR", message: err.message, fieldErrors: data.fieldErrors ?? {} };
  }
  return { code: "network", message: err instanceof Error ? err.message : String(err), fieldErrors: {} };
}
