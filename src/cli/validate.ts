import type { z } from "zod";

export interface InputError {
  /** JSONPath of the offending value, e.g. `$.network.lanes[3].leadTime`. */
  path: string;
  message: string;
}

/** Renders a zod issue path as a JSONPath so CLI users can find the bad value in their file. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  return out;
}

export function zodErrorsToInputErrors(error: z.ZodError): InputError[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message }));
}

/** Parses `input` with `schema`; on failure returns the errors, each naming its JSON path. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
): { ok: true; value: z.output<T> } | { ok: false; errors: InputError[] } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: zodErrorsToInputErrors(result.error) };
}
