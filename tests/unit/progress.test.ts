/** Run progress messages are stored as catalogue keys, so every user reads them in their language. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { PROGRESS_KEYS, decodeProgress, encodeProgress } from "../../src/schemas/runs.ts";

const catalogue = (l: string) => JSON.parse(readFileSync(`messages/${l}.json`, "utf8"));

describe("progress messages", () => {
  it("round-trip as key and values; older plain-text rows stay text", () => {
    expect(decodeProgress(encodeProgress("replication", { index: 2, of: 5, day: 30, days: 91 }))).toEqual({ key: "replication", values: { index: 2, of: 5, day: 30, days: 91 } });
    expect(decodeProgress(encodeProgress("done"))).toEqual({ key: "done" });
    expect(decodeProgress("Replication 1/1: day 30 of 91")).toEqual({ text: "Replication 1/1: day 30 of 91" });
    expect(decodeProgress('{"key":"nope"}')).toEqual({ text: '{"key":"nope"}' });
    expect(decodeProgress(null)).toBeNull();
  });

  it("every key reads in English and Japanese", () => {
    const values = { index: 2, of: 5, day: 30, days: 91, count: 12, done: 3 };
    for (const locale of ["en", "ja"]) {
      const t = createTranslator({ locale, messages: catalogue(locale), namespace: "runs.progressMessages" });
      for (const key of PROGRESS_KEYS) expect(t(key as never, values as never), `${locale}.${key}`).not.toMatch(/runs\.progressMessages/);
    }
    const en = createTranslator({ locale: "en", messages: catalogue("en"), namespace: "runs.progressMessages" });
    const ja = createTranslator({ locale: "ja", messages: catalogue("ja"), namespace: "runs.progressMessages" });
    expect(en("replication", values)).toBe("Replication 2/5: day 30 of 91");
    expect(ja("replication", values)).toBe("レプリケーション 2/5：91 日中 30 日目");
  });
});
