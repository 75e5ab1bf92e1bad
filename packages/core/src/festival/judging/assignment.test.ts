import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AssignableWork,
  type AssignmentInput,
  assignReviews,
  type DeclaredConflict,
  isConflicted,
  type PanelMember,
} from "./assignment";

const NONE = { sameDistrict: false, sameNeighbourhood: false };

describe("isConflicted", () => {
  const juror: PanelMember = { id: "j", district: "7", neighbourhood: "7-3" };
  it("follows the rule's switches and declared conflicts", () => {
    const sameNeighbourhood: AssignableWork = { id: "w", district: "7", neighbourhood: "7-3" };
    const sameDistrict: AssignableWork = { id: "w", district: "7", neighbourhood: "7-4" };
    expect(isConflicted(juror, sameDistrict, { sameDistrict: true, sameNeighbourhood: false })).toBe(true);
    expect(isConflicted(juror, sameDistrict, { sameDistrict: false, sameNeighbourhood: true })).toBe(false);
    expect(isConflicted(juror, sameNeighbourhood, { sameDistrict: false, sameNeighbourhood: true })).toBe(
      true,
    );
    expect(isConflicted(juror, { id: "w", district: "8" }, NONE, [{ jurorId: "j", workId: "w" }])).toBe(true);
    expect(isConflicted({ id: "x" }, { id: "w" }, { sameDistrict: true, sameNeighbourhood: true })).toBe(
      false,
    );
  });
});

describe("assignReviews", () => {
  it("gives every work k distinct reviewers and spreads the load evenly", () => {
    const works = Array.from({ length: 10 }, (_, i) => ({ id: `w${i}` }));
    const panel = Array.from({ length: 4 }, (_, i) => ({ id: `j${i}` }));
    const result = assignReviews({ works, panel, reviewsPerWork: 2, conflicts: NONE, seed: "s" });
    expect(result.shortfalls).toEqual([]);
    expect(result.assignments.map((a) => a.workId)).toEqual(works.map((w) => w.id));
    for (const a of result.assignments) expect(new Set(a.jurorIds).size).toBe(2);
    expect([...result.loads.values()]).toEqual([5, 5, 5, 5]);
  });

  it("keeps district reviewers off their own district's works and reports what cannot be covered", () => {
    const works = [
      { id: "a", district: "1" },
      { id: "b", district: "2" },
    ];
    const panel = [
      { id: "j1", district: "1" },
      { id: "j2", district: "2" },
      { id: "j3", district: "3" },
    ];
    const result = assignReviews({
      works,
      panel,
      reviewsPerWork: 2,
      conflicts: { sameDistrict: true, sameNeighbourhood: false },
      declaredConflicts: [{ jurorId: "j3", workId: "b" }],
      seed: "s",
    });
    expect(result.assignments.find((a) => a.workId === "a")?.jurorIds.sort()).toEqual(["j2", "j3"]);
    expect(result.assignments.find((a) => a.workId === "b")?.jurorIds).toEqual(["j1"]);
    expect(result.shortfalls).toEqual([{ workId: "b", assigned: 1, needed: 2, eligible: 1 }]);
  });

  it("respects capacities", () => {
    const works = Array.from({ length: 6 }, (_, i) => ({ id: `w${i}` }));
    const panel = [{ id: "small", capacity: 1 }, { id: "big" }];
    const result = assignReviews({ works, panel, reviewsPerWork: 1, conflicts: NONE, seed: "s" });
    expect(result.loads.get("small")).toBe(1);
    expect(result.loads.get("big")).toBe(5);
  });

  it("is deterministic for a seed and does not depend on input order", () => {
    const works = Array.from({ length: 50 }, (_, i) => ({ id: `w${i}`, district: String(i % 5) }));
    const panel = Array.from({ length: 12 }, (_, i) => ({ id: `j${i}`, district: String(i % 6) }));
    const input: AssignmentInput = {
      works,
      panel,
      reviewsPerWork: 3,
      conflicts: { sameDistrict: true, sameNeighbourhood: false },
      seed: "1404",
    };
    const byWork = (r: ReturnType<typeof assignReviews>) =>
      Object.fromEntries(r.assignments.map((a) => [a.workId, a.jurorIds]));
    const first = byWork(assignReviews(input));
    expect(byWork(assignReviews(input))).toEqual(first);
    expect(byWork(assignReviews({ ...input, works: [...works].reverse() }))).toEqual(first);
    expect(byWork(assignReviews({ ...input, seed: "other" }))).not.toEqual(first);
  });

  it("refuses duplicate ids and a non-positive k", () => {
    expect(() =>
      assignReviews({
        works: [{ id: "a" }, { id: "a" }],
        panel: [],
        reviewsPerWork: 1,
        conflicts: NONE,
        seed: "",
      }),
    ).toThrow(RangeError);
    expect(() =>
      assignReviews({ works: [], panel: [], reviewsPerWork: 0, conflicts: NONE, seed: "" }),
    ).toThrow(RangeError);
  });

  const place = fc.record({
    district: fc.constantFrom("1", "2", "3"),
    neighbourhood: fc.constantFrom("a", "b", "c", "d"),
  });
  const inputArb = fc
    .record({
      works: fc.array(place, { maxLength: 40 }),
      panel: fc.array(place, { minLength: 1, maxLength: 12 }),
      k: fc.integer({ min: 1, max: 5 }),
      rule: fc.record({ sameDistrict: fc.boolean(), sameNeighbourhood: fc.boolean() }),
      seed: fc.string(),
    })
    .chain((r) =>
      fc
        .array(
          fc.record({ jurorId: fc.nat(r.panel.length - 1), workId: fc.nat(Math.max(0, r.works.length - 1)) }),
          {
            maxLength: 30,
          },
        )
        .map((pairs) => ({
          works: r.works.map((p, i) => ({ id: `w${i}`, ...p })),
          panel: r.panel.map((p, i) => ({ id: `j${i}`, ...p })),
          reviewsPerWork: r.k,
          conflicts: r.rule,
          declaredConflicts:
            r.works.length === 0
              ? []
              : pairs.map((p): DeclaredConflict => ({ jurorId: `j${p.jurorId}`, workId: `w${p.workId}` })),
          seed: r.seed,
        })),
    );

  it("property: never a conflicted work, never the same reviewer twice, short only when it must be", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = assignReviews(input);
        const panel = new Map(input.panel.map((p) => [p.id, p]));
        const works = new Map(input.works.map((w) => [w.id, w]));
        const short = new Map(result.shortfalls.map((s) => [s.workId, s]));
        for (const a of result.assignments) {
          expect(new Set(a.jurorIds).size).toBe(a.jurorIds.length);
          const work = works.get(a.workId) as AssignableWork;
          for (const j of a.jurorIds)
            expect(
              isConflicted(panel.get(j) as PanelMember, work, input.conflicts, input.declaredConflicts),
            ).toBe(false);
          const eligible = input.panel.filter(
            (p) => !isConflicted(p, work, input.conflicts, input.declaredConflicts),
          ).length;
          // Without capacities a work is short exactly when it has fewer than k eligible reviewers.
          expect(a.jurorIds.length).toBe(Math.min(input.reviewsPerWork, eligible));
          expect(short.get(a.workId)?.eligible).toBe(eligible < input.reviewsPerWork ? eligible : undefined);
        }
        const total = [...result.loads.values()].reduce((s, n) => s + n, 0);
        expect(total).toBe(result.assignments.reduce((s, a) => s + a.jurorIds.length, 0));
      }),
    );
  });

  it("property: with no conflicts, loads differ by at most 1", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 6 }),
        fc.string(),
        (w, j, k, seed) => {
          fc.pre(k <= j);
          const result = assignReviews({
            works: Array.from({ length: w }, (_, i) => ({ id: `w${i}` })),
            panel: Array.from({ length: j }, (_, i) => ({ id: `j${i}` })),
            reviewsPerWork: k,
            conflicts: NONE,
            seed,
          });
          const loads = [...result.loads.values()];
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
          expect(result.shortfalls).toEqual([]);
        },
      ),
    );
  });
});
