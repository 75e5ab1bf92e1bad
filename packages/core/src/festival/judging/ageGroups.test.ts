import { describe, expect, it } from "vitest";
import { ageBands, ageGroupOn } from "./ageGroups";

describe("ageBands", () => {
  it("defaults to the painting contest's 11 one-year groups, ages 4 to 14", () => {
    const groups = ageBands();
    expect(groups).toHaveLength(11);
    expect(groups[0]).toEqual({ id: "age-4", titleFa: "۴ ساله", minAge: 4, maxAge: 4 });
    expect(groups[10]).toMatchObject({ id: "age-14", minAge: 14, maxAge: 14 });
    for (let i = 1; i < groups.length; i++)
      expect(groups[i]?.minAge).toBe((groups[i - 1]?.maxAge as number) + 1);
  });

  it("makes wider bands, the last one possibly shorter", () => {
    expect(ageBands(4, 14, 3).map((g) => [g.id, g.titleFa])).toEqual([
      ["age-4-6", "۴ تا ۶ ساله"],
      ["age-7-9", "۷ تا ۹ ساله"],
      ["age-10-12", "۱۰ تا ۱۲ ساله"],
      ["age-13-14", "۱۳ تا ۱۴ ساله"],
    ]);
    expect(() => ageBands(4, 14, 0)).toThrow(RangeError);
    expect(() => ageBands(9, 4)).toThrow(RangeError);
  });
});

describe("ageGroupOn", () => {
  const groups = ageBands();
  it("counts the age on the reference date by the Jalali birthday", () => {
    // Born 1 Farvardin 1394 (2015-03-21): still 9 on 30 Esfand 1403, 10 on 1 Farvardin 1404.
    expect(ageGroupOn("2015-03-21", "2025-03-20", groups)).toMatchObject({ age: 9, group: { id: "age-9" } });
    expect(ageGroupOn("2015-03-21", "2025-03-21", groups)).toMatchObject({
      age: 10,
      group: { id: "age-10" },
    });
  });

  it("finds the band in wider groups and leaves the group undefined outside every band", () => {
    expect(ageGroupOn("2017-05-01", "2025-06-01", ageBands(4, 14, 3)).group?.id).toBe("age-7-9");
    expect(ageGroupOn("2022-01-01", "2025-06-01", groups)).toEqual({ age: 3, group: undefined });
    expect(ageGroupOn("2010-01-01", "2025-06-01", groups)).toEqual({ age: 15, group: undefined });
  });
});
