/**
 * Pure scenario-document logic: schema upgrades, invertible patches, rebase conflicts and the
 * readable list of input differences. Expected values are written out by hand.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import jsonpatch from "fast-json-patch";
import {
  ChangeIndex, DocumentError, applyDiff, cellLabel, pathsOverlap, demandCellPath, describeDifferences, diffOf, invertPatch, invertiblePatch,
  rebaseDocument, toSimulationModel, upgradeDocument, validateDocument,
} from "../../src/server/services/scenario-doc.ts";
import type { ScenarioDocument } from "../../src/schemas/scenario.ts";

const network = {
  locations: [{ id: "DC", kind: "dc" }, { id: "S12", kind: "store" }],
  items: [{ id: "A", unitCost: 2, price: 5 }],
  lanes: [{ from: "DC", to: "S12", leadTimeDays: 2 }],
};
const supply = { horizonDays: 3, startDate: "2026-01-05", seed: 1, warmupDays: 0, holdingRatePerYear: 0.2, productionCapacityPerDay: {} };

function doc(): ScenarioDocument {
  return validateDocument({
    schema_version: 2,
    network,
    policies: {
      "A@S12": { type: "sS", item: "A", location: "S12", reorderPoint: 40, orderUpTo: 90 },
      "A@DC": { type: "baseStock", item: "A", location: "DC", orderUpTo: 300 },
    },
    demandPlan: { "A@S12": { item: "A", location: "S12", startDate: "2026-01-05", values: [10, 11, 12] } },
    supply,
  });
}

describe("schema_version migrations", () => {
  const v1 = {
    schema_version: 1,
    network,
    policies: [
      { type: "sS", item: "A", location: "S12", s: 40, S: 90, moq: 5 },
      { type: "baseStock", item: "A", location: "DC", S: 300 },
      { type: "rQ", item: "A", location: "X", reorderPoint: 7, orderQuantity: 20 },
    ],
    demandPlan: { whatever: { item: "A", location: "S12", startDate: "2026-01-05", values: [1, 2] } },
    supply,
  };

  it("v1 → v2 renames s/S to reorderPoint/orderUpTo and keys policies and plans by item@location", () => {
    const up = upgradeDocument(v1);
    expect(up.schema_version).toBe(2);
    expect(up.policies).toEqual({
      "A@S12": { type: "sS", item: "A", location: "S12", reorderPoint: 40, orderUpTo: 90, moq: 5 },
      "A@DC": { type: "baseStock", item: "A", location: "DC", orderUpTo: 300 },
      "A@X": { type: "rQ", item: "A", location: "X", reorderPoint: 7, orderQuantity: 20 },
    });
    expect(Object.keys(up.demandPlan)).toEqual(["A@S12"]);
    expect(v1.policies[0]).toHaveProperty("s", 40); // the input is not modified
  });

  it("a current document passes unchanged; a newer or broken one is refused with the path", () => {
    expect(upgradeDocument(doc())).toEqual(doc());
    expect(() => upgradeDocument({ ...doc(), schema_version: 3 })).toThrow(/schema_version 3, newer/);
    const broken = { ...v1, policies: [{ type: "sS", item: "A", location: 7 }] };
    try {
      upgradeDocument(broken);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DocumentError);
      expect((e as DocumentError).issues[0]!.path).toBe("/policies/0/location");
    }
  });

  it("a policy keyed under the wrong item@location is invalid", () => {
    const d = doc() as unknown as { policies: Record<string, unknown> };
    d.policies["B@S12"] = d.policies["A@S12"];
    expect(() => validateDocument(d)).toThrow(/key must be "A@S12"/);
  });
});

describe("patches", () => {
  it("the inverse of an invertible patch restores the original (property)", () => {
    const json = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), fc.oneof(fc.integer(), fc.array(fc.integer(), { maxLength: 4 }), fc.dictionary(fc.constantFrom("x", "y"), fc.integer())));
    fc.assert(fc.property(json, json, (a, b) => {
      const patch = invertiblePatch(a, b);
      expect(applyDiff(a, patch)).toEqual(b);
      expect(applyDiff(b, invertPatch(patch))).toEqual(a);
    }), { numRuns: 200 });
  });

  it("the demand cell pointer of a date", () => {
    expect(demandCellPath(doc(), "A", "S12", "2026-01-06")).toBe("/demandPlan/A@S12/values/1");
    expect(() => demandCellPath(doc(), "A", "S12", "2026-01-09")).toThrow(/outside/);
    expect(cellLabel(doc(), "/demandPlan/A@S12/values/1")).toBe("store S12, item A, demand 2026-01-06");
  });
});

describe("rebase", () => {
  const then = doc();
  const child = applyDiff(then, [{ op: "replace", path: "/demandPlan/A@S12/values/0", value: 15 }, { op: "replace", path: "/policies/A@DC/orderUpTo", value: 320 }]);
  const childDiff = diffOf(then, child);

  it("reports a value both changed, differently, and applies nothing", () => {
    const now = applyDiff(then, [{ op: "replace", path: "/demandPlan/A@S12/values/0", value: 20 }, { op: "replace", path: "/supply/seed", value: 9 }]);
    const r = rebaseDocument(then, now, childDiff);
    expect(r.document).toBeNull();
    expect(r.conflicts).toEqual([{ path: "/demandPlan/A@S12/values/0", parentValue: 20, childValue: 15 }]);
  });

  it("keeps both sides' changes when they touch different cells, or agree", () => {
    const now = applyDiff(then, [{ op: "replace", path: "/supply/seed", value: 9 }, { op: "replace", path: "/policies/A@DC/orderUpTo", value: 320 }]);
    const r = rebaseDocument(then, now, childDiff);
    expect(r.conflicts).toEqual([]);
    const d = r.document as ScenarioDocument;
    expect(d.supply.seed).toBe(9);
    expect(d.demandPlan["A@S12"]!.values).toEqual([15, 11, 12]);
    expect(d.policies["A@DC"]).toMatchObject({ orderUpTo: 320 });
  });

  it("a parent replacing a whole row conflicts with a child's cell edit in it", () => {
    const now = applyDiff(then, [{ op: "replace", path: "/demandPlan/A@S12", value: { item: "A", location: "S12", startDate: "2026-01-05", values: [1, 1, 1] } }]);
    const r = rebaseDocument(then, now, childDiff);
    expect(r.conflicts.map((c) => c.path)).toEqual(["/demandPlan/A@S12/values/0"]);
  });
});

describe("readable differences", () => {
  it("names cells in planners' words", () => {
    const b = applyDiff(doc(), [
      { op: "replace", path: "/policies/A@S12/reorderPoint", value: 55 },
      { op: "replace", path: "/demandPlan/A@S12/values/2", value: 14 },
      { op: "replace", path: "/network/lanes/0/leadTimeDays", value: 3 },
      { op: "replace", path: "/supply/horizonDays", value: 5 },
    ]);
    const texts = describeDifferences(doc(), b).map((d) => d.text).sort();
    expect(texts).toEqual([
      "lane DC → S12: leadTimeDays 2 → 3",
      "store S12, item A, demand 2026-01-07: 12 → 14",
      "store S12, item A: reorderPoint 40 → 55",
      "supply: horizonDays 3 → 5",
    ]);
    expect(jsonpatch.compare(doc(), doc())).toEqual([]);
  });
});

describe("simulation model", () => {
  it("aligns demand plans to the supply start date, padding uncovered days with zero", () => {
    const d = applyDiff(doc(), [{ op: "replace", path: "/demandPlan/A@S12/startDate", value: "2026-01-06" }]);
    const m = toSimulationModel(d);
    expect(m.demand).toEqual([{ item: "A", location: "S12", series: [0, 10, 11] }]);
    expect(m.policies).toHaveLength(2);
    expect(m.startDate).toBe("2026-01-05");
  });
});

describe("the index of changed paths behind the stale-edit check", () => {
  // Paths from a small alphabet, so that equal, ancestor and descendant paths all occur.
  const pathArb = fc.array(fc.constantFrom("a", "b", "ab", "0", "1"), { minLength: 1, maxLength: 4 }).map((parts) => "/" + parts.join("/"));
  const changesArb = fc.array(fc.record({ version: fc.integer({ min: 2, max: 9 }), paths: fc.array(pathArb, { maxLength: 6 }) }), { maxLength: 8 })
    .map((cs) => [...cs].sort((x, y) => x.version - y.version));

  it("gives the first version after the base that wrote an overlapping path, as a scan of every path does", () => {
    fc.assert(
      fc.property(changesArb, pathArb, fc.integer({ min: 1, max: 9 }), (changes, path, base) => {
        const scanned = changes.filter((c) => c.version > base && c.paths.some((p) => pathsOverlap(p, path))).map((c) => c.version);
        expect(new ChangeIndex(changes).firstAfter(path, base)).toBe(scanned.length ? Math.min(...scanned) : undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it("a cell is stale after its series was replaced, a series after one of its cells changed; a sibling is not", () => {
    const index = new ChangeIndex([{ version: 3, paths: ["/demandPlan/A@S1/values/4"] }, { version: 5, paths: ["/demandPlan/B@S1"] }]);
    expect(index.firstAfter("/demandPlan/A@S1", 1)).toBe(3);
    expect(index.firstAfter("/demandPlan/A@S1/values/4", 1)).toBe(3);
    expect(index.firstAfter("/demandPlan/A@S1/values/40", 1)).toBeUndefined();
    expect(index.firstAfter("/demandPlan/B@S1/values/0", 1)).toBe(5);
    expect(index.firstAfter("/demandPlan/B@S1/values/0", 5)).toBeUndefined();
    expect(index.firstAfter("/demandPlan/A@S10", 1)).toBeUndefined();
  });
});
