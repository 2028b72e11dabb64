/** Renders an invertible JSON-Patch as readable "field: from → to" lines. */
export function patchLines(patch: { op: string; path: string; value?: unknown }[]): string[] {
  const lines: string[] = [];
  const old = new Map<string, unknown>();
  const show = (v: unknown) => (v === null || v === undefined ? "∅" : typeof v === "object" ? JSON.stringify(v) : String(v));
  for (const op of patch) {
    const field = op.path.replace(/^\//, "").replace(/\//g, ".");
    if (op.op === "test") old.set(op.path, op.value);
    else if (op.op === "replace") lines.push(`${field}: ${show(old.get(op.path))} → ${show(op.value)}`);
    else if (op.op === "add") lines.push(`${field}: + ${show(op.value)}`);
    else if (op.op === "remove") lines.push(`${field}: ${show(old.get(op.path))} → ∅`);
  }
  return lines;
}
