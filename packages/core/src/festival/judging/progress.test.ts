import { describe, expect, it } from "vitest";
import { districtQuota, progressShortcomings } from "./progress";

const counts = (received: number, screened: number, selected: number, rejected = 0) => ({
  received,
  screened,
  selected,
  rejected,
});
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe("districtQuota", () => {
  it("multiplies the per-group quota by the groups inside a district", () => {
    const groups = { categories: 3, ageGroups: 11 };
    expect(districtQuota({ perGroup: 2, groupBy: ["district", "category"] }, groups)).toBe(6);
    expect(districtQuota({ perGroup: 1, groupBy: ["district", "ageGroup"] }, groups)).toBe(11);
    expect(districtQuota({ perGroup: 4, groupBy: ["district"] }, groups)).toBe(4);
    // A programme without categories still has one group per district.
    expect(
      districtQuota({ perGroup: 3, groupBy: ["district", "category"] }, { categories: 0, ageGroups: 0 }),
    ).toBe(3);
  });

  it("has no district quota when the rule is absent or not per district", () => {
    expect(districtQuota(undefined, { categories: 3, ageGroups: 0 })).toBeUndefined();
    expect(
      districtQuota({ perGroup: 5, groupBy: ["ageGroup"] }, { categories: 0, ageGroups: 11 }),
    ).toBeUndefined();
  });
});

describe("progressShortcomings", () => {
  const early = { late: false, roundClosed: false, quota: 6 };
  const late = { late: true, roundClosed: false, quota: 6 };

  it("flags a district with no entries, and nothing else about it", () => {
    expect(codes(progressShortcomings(counts(0, 0, 0), late))).toEqual(["no_entries"]);
    expect(codes(progressShortcomings(counts(0, 0, 0), early))).toEqual(["no_entries"]);
  });

  it("before the due date an unfinished district is work in progress, not a shortcoming", () => {
    expect(progressShortcomings(counts(10, 2, 1), early)).toEqual([]);
  });

  it("after the due date flags unscreened and undecided works and an unfilled quota, with the numbers", () => {
    const flags = progressShortcomings(counts(10, 7, 2, 3), late);
    expect(codes(flags)).toEqual(["unscreened_overdue", "undecided_overdue", "under_quota"]);
    expect(flags[0]?.messageFa).toContain("۳");
    expect(flags[1]?.messageFa).toContain("۵");
    expect(flags[2]?.messageFa).toMatch(/۲ از ۶/);
  });

  it("a locked round shows an unfilled quota even before the due date", () => {
    expect(codes(progressShortcomings(counts(10, 10, 4, 6), { ...early, roundClosed: true }))).toEqual([
      "under_quota",
    ]);
  });

  it("a district that screened, decided and filled its quota has no shortcoming", () => {
    expect(progressShortcomings(counts(10, 10, 6, 4), late)).toEqual([]);
    expect(progressShortcomings(counts(10, 10, 6, 4), { ...late, quota: undefined })).toEqual([]);
  });
});
