import { describe, expect, it } from "vitest";
import { ageGroupFor, fileRulesFa, windowDay, windowInstant } from "./format";

const ageGroups = [
  { id: "age-6", titleFa: "۶ ساله", minAge: 6, maxAge: 6 },
  { id: "age-7", titleFa: "۷ ساله", minAge: 7, maxAge: 7 },
];
// Opens on 1404/07/01 (2025-09-23) at 00:00 Tehran time.
const programme = { ageGroups, submissionOpensAt: "2025-09-22T20:30:00.000Z" };

describe("ageGroupFor", () => {
  it("counts the age on the Tehran day submissions open, from a Jalali date in either digits", () => {
    expect(ageGroupFor(programme, "۱۳۹۷/۰۷/۰۱")).toEqual({ age: 7, titleFa: "۷ ساله" });
    // One day short of the seventh birthday on the opening day.
    expect(ageGroupFor(programme, "1397/07/02")).toEqual({ age: 6, titleFa: "۶ ساله" });
  });

  it("uses the programme's own reference date when it has one", () => {
    expect(ageGroupFor({ ...programme, ageReferenceDate: "2026-09-23" }, "1397/07/02")).toEqual({
      age: 7,
      titleFa: "۷ ساله",
    });
  });

  it("says when the age is outside every group, and null for a non-date", () => {
    expect(ageGroupFor(programme, "1390/01/01")).toEqual({ age: 14, titleFa: undefined });
    expect(ageGroupFor(programme, "1397/13/01")).toBeNull();
    expect(ageGroupFor(programme, "دیروز")).toBeNull();
  });
});

describe("windowInstant", () => {
  it("opens at 00:00 and closes at the end of the Jalali day, Tehran time", () => {
    expect(windowInstant("۱۴۰۴/۰۷/۰۱", "opens")).toBe("2025-09-22T20:30:00.000Z");
    expect(windowInstant("1404/07/01", "closes")).toBe("2025-09-23T20:30:00.000Z");
    expect(windowInstant("1404/07/32", "opens")).toBeNull();
  });

  it("is read back as the same Jalali day by windowDay, a close at 24:00 included", () => {
    expect(windowDay(windowInstant("1404/07/01", "opens") ?? "", "opens")).toBe("۱۴۰۴/۰۷/۰۱");
    expect(windowDay(windowInstant("1404/07/01", "closes") ?? "", "closes")).toBe("۱۴۰۴/۰۷/۰۱");
    // An instant mid-day (e.g. set through the API) is its Tehran day.
    expect(windowDay("2025-09-23T10:00:00.000Z", "closes")).toBe("۱۴۰۴/۰۷/۰۱");
    expect(windowDay(undefined, "opens")).toBe("");
  });
});

describe("fileRulesFa", () => {
  it("names the types, the size in megabytes and the count in Persian digits", () => {
    expect(
      fileRulesFa({
        purpose: "artwork",
        accept: ["image/png", "image/jpeg"],
        maxBytes: 10 * 1024 * 1024,
        maxCount: 1,
      }),
    ).toBe("PNG، JPEG؛ حداکثر ۱۰ مگابایت؛ تا ۱ فایل");
  });
});
