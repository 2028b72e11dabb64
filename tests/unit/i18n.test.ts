/** Every page exists in English and Japanese: the two catalogues have exactly the same keys. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { existsSync, readdirSync } from "node:fs";
// The parser next-intl formats messages with (a dependency of use-intl).
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

/** The whole catalogue of a locale: messages/<l>.json and the feature files in messages/<l>/. */
const load = (l: string) => {
  const base = JSON.parse(readFileSync(`messages/${l}.json`, "utf8")) as Record<string, unknown>;
  const dir = `messages/${l}`;
  for (const f of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")) : []) {
    Object.assign(base, JSON.parse(readFileSync(`${dir}/${f}`, "utf8")));
  }
  return base;
};

function keys(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** The ICU arguments of a message ({name}, {n, plural, …}, {s, select, …}), not its branch texts. */
function placeholders(s: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: MessageFormatElement[]) => {
    for (const n of nodes) {
      if (n.type !== TYPE.literal && "value" in n) names.add(n.value as string);
      if ("options" in n) for (const o of Object.values(n.options)) walk(o.value);
      if ("children" in n) walk(n.children);
    }
  };
  walk(parse(s, { ignoreTag: true }));
  return [...names].sort();
}

describe("message catalogues", () => {
  const en = load("en");
  const ja = load("ja");
  it("have the same keys", () => {
    expect(keys(ja).sort()).toEqual(keys(en).sort());
  });
  it("use the same placeholders in each message", () => {
    const get = (o: Record<string, unknown>, path: string) => path.split(".").reduce<any>((x, k) => x[k], o) as string;
    const mismatched = keys(en).filter((k) => JSON.stringify(placeholders(get(en, k))) !== JSON.stringify(placeholders(get(ja, k))));
    expect(mismatched).toEqual([]);
  });
  it("have no empty message", () => {
    const get = (o: Record<string, unknown>, path: string) => path.split(".").reduce<any>((x, k) => x[k], o) as string;
    expect(keys(ja).filter((k) => !get(ja, k).trim())).toEqual([]);
  });
});
