import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateSeats,
  drawKey,
  drawOrder,
  neighbourhoodResult,
  rankCandidates,
  tallyBallots,
  tieBreakSeedOf,
} from "./tally";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe("tally", () => {
  it("counts one vote per ballot naming a candidate, and lists every candidate", () => {
    const counts = tallyBallots(
      ["a", "b", "c"],
      [{ choices: ["a", "b"] }, { choices: ["a"] }, { choices: ["a", "b"] }],
    );
    expect(counts).toEqual({ a: 3, b: 2, c: 0 });
    expect(tallyBallots(["a"], [])).toEqual({ a: 0 });
  });

  it("refuses a ballot naming a candidate who is not on the list", () => {
    expect(() => tallyBallots(["a"], [{ choices: ["z"] }])).toThrow(/unknown candidate/);
  });
});

describe("the published draw", () => {
  it("keys a candidate by SHA-256 of the purpose, seed and id (known vector, Python hashlib)", () => {
    expect(drawKey("tie-break", "s", "c1")).toBe(
      "93132e80366e5be1ecb95b2bc86444f9be72f78ccfef6f3828e75ba7c5187446",
    );
    expect(drawKey("ballot-order", "s", "c1")).not.toBe(drawKey("tie-break", "s", "c1"));
  });

  it("orders by key, independent of input order", () => {
    fc.assert(
      fc.property(fc.string(), fc.shuffledSubarray(ids(12), { minLength: 12 }), (seed, shuffled) => {
        const order = drawOrder("tie-break", seed, shuffled);
        expect(order).toEqual(drawOrder("tie-break", seed, ids(12)));
        const keys = order.map((id) => drawKey("tie-break", seed, id));
        expect([...keys].sort()).toEqual(keys);
      }),
    );
  });

  it("derives the tie-break seed from the draw seed and the final head", () => {
    const s = tieBreakSeedOf("aa".repeat(32), "bb".repeat(32));
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(tieBreakSeedOf("aa".repeat(32), "cc".repeat(32))).not.toBe(s);
    expect(tieBreakSeedOf("dd".repeat(32), "bb".repeat(32))).not.toBe(s);
  });
});

// Counts as an object built in a given key order.
const countsArb = fc
  .uniqueArray(fc.constantFrom(...ids(20)), { minLength: 1, maxLength: 20 })
  .chain((candidates) =>
    fc.tuple(
      fc.constant(candidates),
      fc.array(fc.nat(5), { minLength: candidates.length, maxLength: candidates.length }),
    ),
  )
  .map(([candidates, votes]) => Object.fromEntries(candidates.map((c, i) => [c, votes[i] ?? 0])));

describe("ranking and seats", () => {
  it("ranks every candidate exactly once, most votes first, ties by the draw", () => {
    fc.assert(
      fc.property(countsArb, fc.string(), (counts, seed) => {
        const ranking = rankCandidates(counts, seed);
        expect(ranking.map((r) => r.candidateId).sort()).toEqual(Object.keys(counts).sort());
        for (let i = 1; i < ranking.length; i++) {
          const [a, b] = [ranking[i - 1], ranking[i]];
          if (!a || !b) continue;
          expect(a.votes).toBeGreaterThanOrEqual(b.votes);
          if (a.votes === b.votes) expect(a.drawKey < b.drawKey).toBe(true);
        }
      }),
    );
  });

  it("is deterministic and independent of the order candidates come in", () => {
    fc.assert(
      fc.property(countsArb, fc.string(), (counts, seed) => {
        const reversed = Object.fromEntries(Object.entries(counts).reverse());
        expect(rankCandidates(reversed, seed)).toEqual(rankCandidates(counts, seed));
      }),
    );
  });

  it("never gives more seats than candidates with votes, nor more than the seats, nor one twice", () => {
    fc.assert(
      fc.property(
        countsArb,
        fc.string(),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(5),
        (counts, seed, main, alt) => {
          const s = allocateSeats(rankCandidates(counts, seed), { mainSeats: main, alternateSeats: alt });
          const withVotes = Object.values(counts).filter((v) => v > 0).length;
          expect(s.main.length).toBe(Math.min(main, withVotes));
          expect(s.alternates.length).toBe(Math.min(alt, Math.max(0, withVotes - main)));
          expect(new Set([...s.main, ...s.alternates]).size).toBe(s.main.length + s.alternates.length);
          for (const id of [...s.main, ...s.alternates]) expect(counts[id]).toBeGreaterThan(0);
        },
      ),
    );
  });

  it("breaks a tie at the last main seat by the draw, so the seed decides who sits", () => {
    // c1..c6 clearly in; c7 and c8 tie for the 7th seat; c9 is the only other alternate.
    const counts = { c1: 9, c2: 9, c3: 8, c4: 8, c5: 7, c6: 6, c7: 5, c8: 5, c9: 1, c10: 0 };
    const winners = new Set<string>();
    for (const seed of ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]) {
      const s = allocateSeats(rankCandidates(counts, seed), { mainSeats: 7, alternateSeats: 3 });
      const tied = drawOrder("tie-break", seed, ["c7", "c8"]);
      expect(s.main.slice(0, 6).sort()).toEqual(["c1", "c2", "c3", "c4", "c5", "c6"]);
      expect(s.main[6]).toBe(tied[0]);
      expect(s.alternates).toEqual([tied[1], "c9"]); // c10 has no vote, so the third alternate seat stays empty
      winners.add(s.main[6] as string);
    }
    expect(winners).toEqual(new Set(["c7", "c8"]));
  });

  it("computes a neighbourhood's result from its ballots", () => {
    const result = neighbourhoodResult({
      candidateIds: ["a", "b", "c"],
      ballots: [{ choices: ["a", "b"] }, { choices: ["b"] }],
      seats: { mainSeats: 1, alternateSeats: 1 },
      tieBreakSeed: "ab".repeat(32),
    });
    expect(result).toEqual({
      counts: { a: 1, b: 2, c: 0 },
      main: ["b"],
      alternates: ["a"],
      tieBreakSeed: "ab".repeat(32),
    });
  });
});
