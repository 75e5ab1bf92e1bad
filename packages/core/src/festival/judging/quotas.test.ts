import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkQuota,
  hasRoomInQuota,
  type QuotaCandidate,
  quotaKey,
  quotaRuleSchema,
  selectWithinQuota,
} from "./quotas";

const rule = { perGroup: 2, groupBy: ["district", "category"] as ("district" | "category")[] };

describe("selectWithinQuota", () => {
  it("takes the best-ranked up to the quota in each (district, category) and reports under/over", () => {
    const result = selectWithinQuota(
      [
        { id: "a", district: "1", category: "welfare", rank: 3 },
        { id: "b", district: "1", category: "welfare", rank: 1 },
        { id: "c", district: "1", category: "welfare", rank: 2 },
        { id: "d", district: "2", category: "welfare", rank: 7 },
        { id: "e", district: "1", category: "participation", rank: 1 },
        { id: "f", district: "1", category: "participation", rank: 2 },
      ],
      rule,
    );
    expect(result.selected.sort()).toEqual(["b", "c", "d", "e", "f"]);
    expect(result.notSelected).toEqual(["a"]);
    expect(result.groups.map((g) => [g.key, g.selected, g.shortfall, g.excess])).toEqual([
      ["district=1|category=participation", ["e", "f"], 0, 0],
      ["district=1|category=welfare", ["b", "c"], 0, 1],
      ["district=2|category=welfare", ["d"], 1, 0],
    ]);
  });

  it("flags a tie on the last place", () => {
    const result = selectWithinQuota(
      [
        { id: "x", district: "1", category: "c", rank: 1 },
        { id: "y", district: "1", category: "c", rank: 2 },
        { id: "z", district: "1", category: "c", rank: 2 },
      ],
      rule,
    );
    expect(result.groups[0]?.tieAtCutoff).toBe(true);
    expect(result.groups[0]?.selected).toEqual(["x", "y"]);
  });

  it("property: never more than the quota per group; everyone ends up selected or not, once", () => {
    const candidates = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        district: fc.constantFrom("1", "2", "3"),
        category: fc.constantFrom("a", "b"),
        rank: fc.integer({ min: 1, max: 20 }),
      }),
      { selector: (c) => c.id, maxLength: 50 },
    );
    fc.assert(
      fc.property(candidates, fc.integer({ min: 1, max: 5 }), (list: QuotaCandidate[], perGroup) => {
        const r = { perGroup, groupBy: ["district", "category"] as ("district" | "category")[] };
        const result = selectWithinQuota(list, r);
        expect([...result.selected, ...result.notSelected].sort()).toEqual(list.map((c) => c.id).sort());
        for (const g of result.groups) expect(g.selected.length).toBe(Math.min(perGroup, g.candidates));
        // Nobody left out outranks someone selected in the same group.
        const byId = new Map(list.map((c) => [c.id, c]));
        for (const out of result.notSelected) {
          const o = byId.get(out) as QuotaCandidate;
          for (const inn of result.selected) {
            const s = byId.get(inn) as QuotaCandidate;
            if (quotaKey(o, r) === quotaKey(s, r)) expect(o.rank).toBeGreaterThanOrEqual(s.rank);
          }
        }
      }),
    );
  });
});

describe("checkQuota", () => {
  it("marks each group under, full or over", () => {
    const sel = [
      { id: "1", district: "1", category: "a" },
      { id: "2", district: "1", category: "a" },
      { id: "3", district: "1", category: "a" },
      { id: "4", district: "2", category: "a" },
      { id: "5", district: "3", category: "a" },
      { id: "6", district: "3", category: "a" },
    ];
    expect(checkQuota(sel, rule).map((g) => [g.key, g.selected, g.status])).toEqual([
      ["district=1|category=a", 3, "over"],
      ["district=2|category=a", 1, "under"],
      ["district=3|category=a", 2, "full"],
    ]);
    expect(hasRoomInQuota(1, rule)).toBe(true);
    expect(hasRoomInQuota(2, rule)).toBe(false);
  });

  it("the rule schema needs a positive quota and a grouping", () => {
    expect(quotaRuleSchema.safeParse(rule).success).toBe(true);
    expect(quotaRuleSchema.safeParse({ perGroup: 0, groupBy: ["district"] }).success).toBe(false);
    expect(quotaRuleSchema.safeParse({ perGroup: 3, groupBy: [] }).success).toBe(false);
  });
});
