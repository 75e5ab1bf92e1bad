import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RankableEntry, rankByGroup, rankEntries } from "./ranking";

const entry = (id: string, over: Partial<RankableEntry> = {}): RankableEntry => ({
  id,
  score: 50,
  median: 50,
  reviews: 5,
  submittedAt: "2025-01-01T00:00:00.000Z",
  ...over,
});

describe("rankEntries", () => {
  it("ranks by score, then the declared tie-breaks in order, and says what decided", () => {
    const ranked = rankEntries(
      [
        entry("late", { submittedAt: "2025-02-01T00:00:00.000Z" }),
        entry("best", { score: 90 }),
        entry("median", { median: 60 }),
        entry("early", { submittedAt: "2024-12-01T00:00:00.000Z" }),
        entry("reviews", { reviews: 6 }),
      ],
      { seed: "s" },
    );
    expect(ranked.map((r) => [r.entry.id, r.rank, r.decidedBy])).toEqual([
      ["best", 1, "first"],
      ["median", 2, "score"],
      ["reviews", 3, "higher_median"],
      ["early", 4, "more_reviews"],
      ["late", 5, "earlier_submission"],
    ]);
  });

  it("honours the declared order of tie-breaks", () => {
    const a = entry("a", { median: 70, reviews: 3 });
    const b = entry("b", { median: 60, reviews: 6 });
    expect(rankEntries([a, b], { seed: "s", tieBreaks: ["higher_median"] })[0]?.entry.id).toBe("a");
    expect(
      rankEntries([a, b], { seed: "s", tieBreaks: ["more_reviews", "higher_median"] })[0]?.entry.id,
    ).toBe("b");
  });

  it("settles full ties by a seeded draw: same seed same order, another seed may differ", () => {
    const tied = Array.from({ length: 30 }, (_, i) => entry(`e${i}`));
    const one = rankEntries(tied, { seed: "1404-jury" }).map((r) => r.entry.id);
    expect(rankEntries([...tied].reverse(), { seed: "1404-jury" }).map((r) => r.entry.id)).toEqual(one);
    expect(rankEntries(tied, { seed: "another" }).map((r) => r.entry.id)).not.toEqual(one);
    expect(
      rankEntries(tied, { seed: "1404-jury" })
        .slice(1)
        .every((r) => r.decidedBy === "draw"),
    ).toBe(true);
  });

  const entriesArb = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      score: fc.integer({ min: 0, max: 10 }),
      median: fc.integer({ min: 0, max: 10 }),
      reviews: fc.integer({ min: 1, max: 3 }),
      submittedAt: fc.constantFrom("2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z"),
    }),
    { selector: (e) => e.id, maxLength: 60 },
  );

  it("property: ranks are a permutation of 1..n and the order is by score", () => {
    fc.assert(
      fc.property(entriesArb, fc.string(), (entries, seed) => {
        const ranked = rankEntries(entries, { seed });
        expect(ranked.map((r) => r.rank)).toEqual(entries.map((_, i) => i + 1));
        expect(new Set(ranked.map((r) => r.entry.id)).size).toBe(entries.length);
        for (let i = 1; i < ranked.length; i++)
          expect((ranked[i - 1]?.entry.score as number) >= (ranked[i]?.entry.score as number)).toBe(true);
      }),
    );
  });

  it("property: the result does not depend on the input order", () => {
    fc.assert(
      fc.property(
        entriesArb.chain((entries) =>
          fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })),
        ),
        fc.string(),
        ([entries, shuffled], seed) => {
          const ids = (list: RankableEntry[]) => rankEntries(list, { seed }).map((r) => r.entry.id);
          expect(ids(shuffled)).toEqual(ids(entries));
        },
      ),
    );
  });
});

describe("rankByGroup", () => {
  it("ranks separately per category and district, groups sorted by key", () => {
    const groups = rankByGroup(
      [
        entry("a", { category: "welfare", district: "2", score: 10 }),
        entry("b", { category: "welfare", district: "2", score: 30 }),
        entry("c", { category: "welfare", district: "1", score: 5 }),
        entry("d", { category: "participation", district: "2", score: 1 }),
      ],
      ["category", "district"],
      { seed: "s" },
    );
    expect(groups.map((g) => [g.key, g.ranked.map((r) => `${r.entry.id}${r.rank}`)])).toEqual([
      ["category=participation|district=2", ["d1"]],
      ["category=welfare|district=1", ["c1"]],
      ["category=welfare|district=2", ["b1", "a2"]],
    ]);
    expect(groups[2]?.group).toEqual({ category: "welfare", district: "2" });
  });

  it("ranks everything together when grouped by nothing", () => {
    const groups = rankByGroup(
      [entry("a", { ageGroup: "4" }), entry("b", { ageGroup: "5", score: 99 })],
      [],
      {
        seed: "s",
      },
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]?.ranked.map((r) => r.entry.id)).toEqual(["b", "a"]);
  });
});
