import { describe, expect, it } from "vitest";
import { RANKING_BUCKETS, rankingBucket, tallyWith } from "./ranking-store";

const work = {
  entryId: "01JD0000000000000000000001",
  district: "6",
  ageGroup: "age-7",
  submittedAt: "2026-01-01T00:00:00.000Z",
};
const score = (jurorId: string, s: number) => ({ programmeId: "P", roundId: "jury", jurorId, score: s });

describe("tallyWith", () => {
  it("copies the work's facts once, adds jurors' scores and counts every write in the version", () => {
    const first = tallyWith(undefined, score("J1", 71.25), work);
    expect(first).toEqual({
      programmeId: "P",
      roundId: "jury",
      entryId: work.entryId,
      district: "6",
      ageGroup: "age-7",
      submittedAt: work.submittedAt,
      scores: { J1: 71.25 },
      version: 1,
    });
    const second = tallyWith(first, score("J2", 40), { ...work, district: "9" });
    expect(second.district).toBe("6");
    expect(second.scores).toEqual({ J1: 71.25, J2: 40 });
    expect(second.version).toBe(2);
    expect(first.scores).toEqual({ J1: 71.25 });
  });

  it("a re-score replaces the juror's earlier score", () => {
    const t = tallyWith(
      tallyWith(tallyWith(undefined, score("J1", 10), work), score("J2", 20), work),
      score("J1", 30),
      work,
    );
    expect(t.scores).toEqual({ J1: 30, J2: 20 });
    expect(t.version).toBe(3);
  });
});

describe("rankingBucket", () => {
  it("is stable and spreads ids over every bucket", () => {
    const ids = Array.from({ length: 20 * RANKING_BUCKETS }, (_, i) => `01JD${String(i).padStart(22, "0")}`);
    const counts = new Array<number>(RANKING_BUCKETS).fill(0);
    for (const id of ids) {
      const b = rankingBucket(id);
      expect(rankingBucket(id)).toBe(b);
      counts[b] = (counts[b] as number) + 1;
    }
    // 20 a bucket on average; none empty or more than three times that.
    for (const c of counts) expect(c).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThan(60);
  });
});
