import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../error";
import {
  aggregateByWork,
  icc1,
  icc21,
  interRaterAgreement,
  type JurorScore,
  kendallsW,
  normaliseByJuror,
  type Rubric,
  rubricSchema,
  tallyShortlist,
  weightedScore,
} from "./scoring";

const rubric: Rubric = {
  scale: { min: 0, max: 100 },
  criteria: [
    { id: "idea", titleFa: "ایده", min: 1, max: 5, weight: 3 },
    { id: "craft", titleFa: "اجرا", min: 0, max: 20, weight: 1 },
  ],
};

describe("weightedScore", () => {
  it("places each mark within its criterion's range, then weighs", () => {
    expect(weightedScore(rubric, { idea: 5, craft: 0 })).toBeCloseTo(75);
    expect(weightedScore(rubric, { idea: 1, craft: 20 })).toBeCloseTo(25);
    expect(weightedScore(rubric, { idea: 3, craft: 10 })).toBeCloseTo(50);
    expect(weightedScore(rubric, { idea: 5, craft: 20 })).toBe(100);
  });

  it("rejects missing, out-of-range and unknown marks, naming each", () => {
    try {
      weightedScore(rubric, { idea: 6, colour: 2 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("judging.marks_invalid");
      expect((e as DomainError).fields?.map((f) => f.path).sort()).toEqual(["colour", "craft", "idea"]);
    }
  });

  it("stays on the scale for any valid marks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 20 }), (idea, craft) => {
        const s = weightedScore(rubric, { idea, craft });
        return s >= 0 && s <= 100;
      }),
    );
  });

  it("the rubric schema refuses duplicate criteria, inverted ranges and zero weights", () => {
    expect(rubricSchema.safeParse(rubric).success).toBe(true);
    const dup = { ...rubric, criteria: [rubric.criteria[0], rubric.criteria[0]] };
    expect(rubricSchema.safeParse(dup).success).toBe(false);
    const inverted = { ...rubric, criteria: [{ id: "a", titleFa: "الف", min: 5, max: 1, weight: 1 }] };
    expect(rubricSchema.safeParse(inverted).success).toBe(false);
    const weightless = { ...rubric, criteria: [{ id: "a", titleFa: "الف", min: 0, max: 1, weight: 0 }] };
    expect(rubricSchema.safeParse(weightless).success).toBe(false);
  });
});

describe("tallyShortlist", () => {
  it("needs a majority for yes or no; a split panel is maybe", () => {
    expect(tallyShortlist(["yes", "yes", "no"]).verdict).toBe("yes");
    expect(tallyShortlist(["no", "no", "maybe"]).verdict).toBe("no");
    expect(tallyShortlist(["yes", "maybe", "no"]).verdict).toBe("maybe");
    expect(tallyShortlist(["yes", "no"]).verdict).toBe("maybe");
    expect(tallyShortlist([])).toEqual({ yes: 0, maybe: 0, no: 0, total: 0, verdict: "maybe", score: 0 });
  });

  it("scores yes 2, maybe 1, no 0 on average", () => {
    const t = tallyShortlist(["yes", "maybe", "maybe", "no"]);
    expect(t).toMatchObject({ yes: 1, maybe: 2, no: 1, total: 4, score: 1 });
  });
});

const SCALE = { min: 0, max: 100 };
/** Scores on a 0–100 scale in quarter points (judges' real granularity), jurors j0..j5, works w0..w39. */
const scoresArb = fc
  .array(
    fc.record({
      jurorId: fc.integer({ min: 0, max: 5 }).map((i) => `j${i}`),
      workId: fc.integer({ min: 0, max: 39 }).map((i) => `w${i}`),
      score: fc.integer({ min: 0, max: 400 }).map((q) => q / 4),
    }),
    { minLength: 1, maxLength: 120 },
  )
  .map((list) => list as JurorScore[]);

describe("normaliseByJuror", () => {
  it("maps a harsh and a lenient juror with the same opinions onto the same values", () => {
    const scores: JurorScore[] = [
      { jurorId: "harsh", workId: "a", score: 10 },
      { jurorId: "harsh", workId: "b", score: 20 },
      { jurorId: "harsh", workId: "c", score: 30 },
      { jurorId: "kind", workId: "a", score: 70 },
      { jurorId: "kind", workId: "b", score: 80 },
      { jurorId: "kind", workId: "c", score: 90 },
    ];
    const { scores: out, pooledMean } = normaliseByJuror(scores, SCALE);
    expect(pooledMean).toBe(50);
    const byKey = new Map(out.map((s) => [`${s.jurorId}/${s.workId}`, s.normalised]));
    for (const w of ["a", "b", "c"])
      expect(byKey.get(`harsh/${w}`)).toBeCloseTo(byKey.get(`kind/${w}`) as number);
    expect(byKey.get("harsh/b")).toBeCloseTo(50);
    expect((byKey.get("harsh/c") as number) > (byKey.get("harsh/a") as number)).toBe(true);
  });

  it("keeps a single score as given and maps a zero-variance juror to the pooled mean", () => {
    const scores: JurorScore[] = [
      { jurorId: "once", workId: "a", score: 95 },
      { jurorId: "flat", workId: "a", score: 60 },
      { jurorId: "flat", workId: "b", score: 60 },
      { jurorId: "z", workId: "a", score: 20 },
      { jurorId: "z", workId: "b", score: 40 },
    ];
    const result = normaliseByJuror(scores, SCALE);
    const treatment = Object.fromEntries(result.jurors.map((j) => [j.jurorId, j.treatment]));
    expect(treatment).toEqual({ once: "single_score", flat: "zero_variance", z: "z" });
    expect(result.scores[0]?.normalised).toBe(95);
    expect(result.scores[1]?.normalised).toBeCloseTo(result.pooledMean);
    expect(result.scores[2]?.normalised).toBeCloseTo(result.pooledMean);
  });

  it("shrinks a juror whose extremes would leave the scale instead of clamping them", () => {
    // The pool is centred near the top, so a juror's low z-scores mapped with the pooled sd would fall below 0.
    const scores: JurorScore[] = [
      ...Array.from({ length: 20 }, (_, i) => ({
        jurorId: "top",
        workId: `t${i}`,
        score: 60 + (i % 2) * 40,
      })),
      { jurorId: "odd", workId: "a", score: 0 },
      ...Array.from({ length: 24 }, (_, i) => ({ jurorId: "odd", workId: `o${i}`, score: 100 })),
    ];
    const result = normaliseByJuror(scores, SCALE);
    const odd = result.jurors.find((j) => j.jurorId === "odd");
    expect(odd?.shrink).toBeLessThan(1);
    const low = result.scores.find((s) => s.jurorId === "odd" && s.workId === "a");
    expect(low?.normalised).toBeCloseTo(0);
  });

  it("property: every mapped score stays within the scale", () => {
    fc.assert(
      fc.property(scoresArb, (scores) =>
        normaliseByJuror(scores, SCALE).scores.every((s) => s.normalised >= 0 && s.normalised <= 100),
      ),
    );
  });

  it("property: preserves each juror's order, strictly where raw scores differ", () => {
    fc.assert(
      fc.property(scoresArb, (scores) => {
        const out = normaliseByJuror(scores, SCALE).scores;
        for (const a of out) {
          for (const b of out) {
            if (a.jurorId !== b.jurorId) continue;
            if (a.score < b.score && !(a.normalised < b.normalised)) return false;
            if (a.score === b.score && a.normalised !== b.normalised) return false;
          }
        }
        return true;
      }),
    );
  });
});

describe("aggregateByWork", () => {
  it("gives mean, median and count per work", () => {
    const agg = aggregateByWork([
      { jurorId: "a", workId: "w", score: 0, normalised: 10 },
      { jurorId: "b", workId: "w", score: 0, normalised: 30 },
      { jurorId: "c", workId: "w", score: 0, normalised: 80 },
      { jurorId: "a", workId: "v", score: 0, normalised: 40 },
      { jurorId: "b", workId: "v", score: 0, normalised: 60 },
    ]);
    expect(agg).toEqual([
      { workId: "w", mean: 40, median: 30, reviews: 3 },
      { workId: "v", mean: 50, median: 50, reviews: 2 },
    ]);
  });
});

describe("Kendall's W", () => {
  it("matches a textbook value (3 raters, 4 items, no ties → W = 7/9 · …)", () => {
    // Ranks: rater1 1,2,3,4; rater2 2,1,3,4; rater3 1,3,2,4. R = 4,6,8,12; R̄ = 7.5;
    // S = 12.25 + 2.25 + 0.25 + 20.25 = 35; W = 12·35 / (9·60) = 420/540.
    expect(
      kendallsW([
        [1, 2, 3, 4],
        [2, 1, 3, 4],
        [1, 3, 2, 4],
      ]),
    ).toBeCloseTo(420 / 540);
  });

  it("is 0 for perfectly opposed pairs and corrects for ties", () => {
    expect(
      kendallsW([
        [1, 2, 3, 4],
        [4, 3, 2, 1],
      ]),
    ).toBeCloseTo(0);
    // Identical rankings with ties: the correction makes W exactly 1.
    expect(
      kendallsW([
        [5, 5, 7, 9],
        [1, 1, 2, 3],
      ]),
    ).toBeCloseTo(1);
  });

  it("is undefined for one rater, one work, or all ties; ragged designs throw", () => {
    expect(kendallsW([[1, 2, 3]])).toBeNull();
    expect(kendallsW([[1], [2]])).toBeNull();
    expect(
      kendallsW([
        [3, 3],
        [4, 4],
      ]),
    ).toBeNull();
    expect(() => kendallsW([[1, 2], [1]])).toThrow(RangeError);
  });

  const matrixArb = fc
    .record({ m: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 2, max: 12 }) })
    .chain(({ m, n }) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }), {
        minLength: m,
        maxLength: m,
      }),
    );

  it("property: W is in [0, 1] whenever defined", () => {
    fc.assert(
      fc.property(matrixArb, (matrix) => {
        const w = kendallsW(matrix);
        return w === null || (w >= 0 && w <= 1);
      }),
    );
  });

  it("property: W = 1 when every rater ranks the works alike (scores may differ, ties included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 12 }),
        fc.array(
          fc.record({ scale: fc.integer({ min: 1, max: 9 }), shift: fc.integer({ min: -50, max: 50 }) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (base, raters) => {
          fc.pre(new Set(base).size > 1);
          const matrix = [base, ...raters.map(({ scale, shift }) => base.map((v) => v * scale + shift))];
          return Math.abs((kendallsW(matrix) as number) - 1) < 1e-9;
        },
      ),
    );
  });
});

describe("ICC", () => {
  it("ICC(2,1) matches Shrout & Fleiss' worked example (0.29)", () => {
    // Shrout & Fleiss (1979) Table 2: 6 targets × 4 judges; ICC(2,1) = 0.29, ICC(1,1) = 0.17.
    const targets = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const byJudge = [0, 1, 2, 3].map((j) => targets.map((t) => t[j] as number));
    expect(icc21(byJudge)).toBeCloseTo(0.29, 2);
    expect(icc1(targets)).toBeCloseTo(0.17, 2);
  });

  it("ICC(1) is 1 when each work's raters agree and works differ; null when undefined", () => {
    expect(icc1([[3, 3], [7, 7, 7], [1]])).toBeCloseTo(1);
    expect(icc1([[3, 3]])).toBeNull();
    expect(icc1([[3], [4]])).toBeNull();
  });
});

describe("interRaterAgreement", () => {
  it("shows Kendall's W (and ICC(2,1)) for a complete design", () => {
    const scores: JurorScore[] = [];
    for (const [j, row] of [
      [0, [1, 2, 3, 4]],
      [1, [2, 1, 3, 4]],
      [2, [1, 3, 2, 4]],
    ] as const)
      row.forEach((score, w) => {
        scores.push({ jurorId: `j${j}`, workId: `w${w}`, score });
      });
    const a = interRaterAgreement(scores);
    expect(a).toMatchObject({ design: "complete", measure: "kendall_w", raters: 3, works: 4 });
    expect(a.value).toBeCloseTo(420 / 540);
    expect(a.icc21).not.toBeNull();
  });

  it("shows ICC(1) when jurors saw different works", () => {
    const a = interRaterAgreement([
      { jurorId: "a", workId: "x", score: 3 },
      { jurorId: "b", workId: "x", score: 3 },
      { jurorId: "b", workId: "y", score: 8 },
      { jurorId: "c", workId: "y", score: 8 },
    ]);
    expect(a).toMatchObject({ design: "incomplete", measure: "icc1", icc21: null, raters: 3, works: 2 });
    expect(a.value).toBeCloseTo(1);
  });
});
