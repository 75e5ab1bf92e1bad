import { describe, expect, it } from "vitest";
import { ageBands, ageGroupOn, ageGroupsSchema } from "./ageGroups";

describe("ageBands", () => {
  it("defaults to the painting contest's 11 one-year groups, ages 4 to 14", () => {
    const groups = ageBands();
    expect(groups).toHaveLength(11);
    expect(groups[0]).toEqual({ id: "4", labelFa: "۴ ساله", minAge: 4, maxAge: 4 });
    expect(groups[10]).toMatchObject({ id: "14", minAge: 14, maxAge: 14 });
    expect(ageGroupsSchema.safeParse(groups).success).toBe(true);
  });

  it("makes wider bands, the last one possibly shorter", () => {
    expect(ageBands(4, 14, 3).map((g) => [g.id, g.labelFa])).toEqual([
      ["4-6", "۴ تا ۶ ساله"],
      ["7-9", "۷ تا ۹ ساله"],
      ["10-12", "۱۰ تا ۱۲ ساله"],
      ["13-14", "۱۳ تا ۱۴ ساله"],
    ]);
    expect(() => ageBands(4, 14, 0)).toThrow(RangeError);
  });
});

describe("ageGroupsSchema", () => {
  it("refuses overlapping groups and duplicate ids", () => {
    const overlap = [
      { id: "a", labelFa: "الف", minAge: 4, maxAge: 6 },
      { id: "b", labelFa: "ب", minAge: 6, maxAge: 8 },
    ];
    expect(ageGroupsSchema.safeParse(overlap).success).toBe(false);
    const dup = [
      { id: "a", labelFa: "الف", minAge: 4, maxAge: 5 },
      { id: "a", labelFa: "ب", minAge: 6, maxAge: 8 },
    ];
    expect(ageGroupsSchema.safeParse(dup).success).toBe(false);
    expect(ageGroupsSchema.safeParse([{ id: "a", labelFa: "الف", minAge: 9, maxAge: 8 }]).success).toBe(
      false,
    );
  });
});

describe("ageGroupOn", () => {
  const groups = ageBands();
  it("counts the age on the reference date by the Jalali birthday", () => {
    // Born 1 Farvardin 1394 (2015-03-21): still 9 on 30 Esfand 1403, 10 on 1 Farvardin 1404.
    expect(ageGroupOn("2015-03-21", "2025-03-20", groups)).toMatchObject({ age: 9, group: { id: "9" } });
    expect(ageGroupOn("2015-03-21", "2025-03-21", groups)).toMatchObject({ age: 10, group: { id: "10" } });
  });

  it("leaves the group undefined outside every band", () => {
    expect(ageGroupOn("2022-01-01", "2025-06-01", groups)).toEqual({ age: 3, group: undefined });
    expect(ageGroupOn("2010-01-01", "2025-06-01", groups)).toEqual({ age: 15, group: undefined });
  });
});
