/**
 * The index-array fast paths of scoring.ts, ranking.ts and rankRound against the straightforward
 * implementations they replaced (scoring-reference.ts, ranking-reference.ts): same inputs, results
 * equal bit for bit (toStrictEqual tells 0 from −0 and compares NaN as NaN), including repeated
 * (juror, work) pairs, single-score and zero-variance jurors, works listed apart, and non-finite scores.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rankRound } from "./commands-results";
import { rankByGroup, rankEntries, tieBreaks } from "./ranking";
import type { RankingInput } from "./ranking-read";
import { referenceRankEntries } from "./ranking-reference";
import { aggregateByWork, interRaterAgreement, type JurorScore, normaliseByJuror } from "./scoring";
import {
  referenceAggregateByWork,
  referenceInterRaterAgreement,
  referenceNormaliseByJuror,
} from "./scoring-reference";

const scoreValue = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }).map((q) => q / 4) },
  { weight: 8, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 100, Number.NaN, Number.POSITIVE_INFINITY) },
);

const scoresArb = (value: fc.Arbitrary<number>) =>
  fc
    .array(
      fc.record({
        jurorId: fc.integer({ min: 0, max: 7 }).map((i) => `j${i}`),
        workId: fc.integer({ min: 0, max: 25 }).map((i) => `w${i}`),
        score: value,
      }),
      { maxLength: 150 },
    )
    .map((list) => list as JurorScore[]);

/** A complete design now and then: every juror of a small panel scores every work, in any order. */
const completeArb = fc
  .record({ jurors: fc.integer({ min: 1, max: 5 }), works: fc.integer({ min: 1, max: 8 }) })
  .chain(({ jurors, works }) =>
    fc.shuffledSubarray(
      Array.from({ length: jurors * works }, (_, k) => ({
        jurorId: `j${k % jurors}`,
        workId: `w${k % works}`,
      })),
      { minLength: jurors * works },
    ),
  )
  .chain((cells) =>
    fc
      .array(fc.integer({ min: 0, max: 40 }), { minLength: cells.length, maxLength: cells.length })
      .map((marks) => cells.map((c, k): JurorScore => ({ ...c, score: (marks[k] as number) / 4 }))),
  );

const anyScores = fc.oneof(scoresArb(scoreValue), scoresArb(fc.constantFrom(10, 20, 30)), completeArb);
const scaleArb = fc.constantFrom({ min: 0, max: 100 }, { min: -50, max: 150 });

describe("fast paths give exactly the reference results", () => {
  it("property: normaliseByJuror", () => {
    fc.assert(
      fc.property(anyScores, scaleArb, (scores, scale) => {
        expect(normaliseByJuror(scores, scale)).toStrictEqual(referenceNormaliseByJuror(scores, scale));
      }),
      { numRuns: 500 },
    );
  });

  it("property: aggregateByWork", () => {
    fc.assert(
      fc.property(anyScores, scaleArb, (scores, scale) => {
        const normalised = referenceNormaliseByJuror(scores, scale).scores;
        expect(aggregateByWork(normalised)).toStrictEqual(referenceAggregateByWork(normalised));
        // Raw values too: ties, signed zeros and non-finite values reach the per-work sort.
        const raw = scores.map((s) => ({ ...s, normalised: s.score }));
        expect(aggregateByWork(raw)).toStrictEqual(referenceAggregateByWork(raw));
      }),
      { numRuns: 500 },
    );
  });

  it("property: interRaterAgreement, complete and incomplete designs", () => {
    fc.assert(
      fc.property(anyScores, (scores) => {
        expect(interRaterAgreement(scores)).toStrictEqual(referenceInterRaterAgreement(scores));
      }),
      { numRuns: 500 },
    );
  });

  const entriesArb = fc.uniqueArray(
    fc.record({
      id: fc.integer({ min: 0, max: 500 }).map((i) => `e${i}`),
      score: fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 0, max: 6 }) },
        { weight: 1, arbitrary: fc.constant(Number.NaN) },
      ),
      median: fc.integer({ min: 0, max: 4 }),
      reviews: fc.integer({ min: 1, max: 3 }),
      submittedAt: fc.constantFrom("2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z"),
    }),
    { selector: (e) => e.id, maxLength: 80 },
  );

  it("property: rankEntries, decidedBy included, for any declared tie-breaks", () => {
    fc.assert(
      fc.property(entriesArb, fc.shuffledSubarray([...tieBreaks]), fc.string(), (entries, order, seed) => {
        const options = { seed, tieBreaks: order };
        expect(rankEntries(entries, options)).toStrictEqual(referenceRankEntries(entries, options));
        expect(rankEntries(entries, { seed })).toStrictEqual(referenceRankEntries(entries, { seed }));
      }),
      { numRuns: 500 },
    );
  });

  it("property: rankRound is the reference steps composed", () => {
    fc.assert(
      fc.property(
        scoresArb(scoreValue),
        fc.constantFrom<("ageGroup" | "district")[]>([], ["ageGroup"], ["district", "ageGroup"]),
        (scores, by) => {
          const ids = [...new Set(scores.map((s) => s.workId))];
          // One work in seven has no facts (not in the round any more) and is left out.
          const input: RankingInput = {
            scores,
            works: new Map(
              ids
                .filter((id) => Number(id.slice(1)) % 7 !== 3)
                .map((id) => {
                  const k = Number(id.slice(1));
                  return [
                    id,
                    {
                      district: String(1 + (k % 3)),
                      submittedAt: `2025-01-0${1 + (k % 2)}T00:00:00.000Z`,
                      ...(k % 4 ? { ageGroup: `age-${k % 2}` } : {}),
                    },
                  ];
                }),
            ),
          };
          const scale = { min: 0, max: 100 };
          const o = { roundId: "jury", scale, by, seed: "s" };
          const normalisation = referenceNormaliseByJuror(scores, scale);
          const entries = referenceAggregateByWork(normalisation.scores).flatMap((a) => {
            const w = input.works.get(a.workId);
            if (!w) return [];
            return [
              {
                id: a.workId,
                score: a.mean,
                median: a.median,
                reviews: a.reviews,
                submittedAt: w.submittedAt,
                district: w.district,
                ...(w.ageGroup ? { ageGroup: w.ageGroup } : {}),
              },
            ];
          });
          expect(rankRound(input, o)).toStrictEqual({
            roundId: "jury",
            by,
            groups: rankByGroup(entries, by, { seed: "s" }),
            agreement: referenceInterRaterAgreement(scores),
            jurors: normalisation.jurors,
            scores: scores.length,
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
