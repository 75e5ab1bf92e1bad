import { describe, expect, it } from "vitest";
import {
  barWidth,
  choiceCount,
  faNumber,
  faPercent,
  groupTracker,
  headCovering,
  nationalIdDigits,
  pageStart,
  phaseOf,
} from "./format";

const election = (status: "scheduled" | "preliminary" | "final" = "scheduled") => ({
  status,
  registration: { opensAt: "2031-03-01T04:30:00.000Z", closesAt: "2031-03-05T12:30:00.000Z" },
  voting: { opensAt: "2031-03-10T04:30:00.000Z", effectiveClosesAt: "2031-03-10T12:30:00.000Z" },
});
const at = (iso: string) => Date.parse(iso);

describe("phaseOf", () => {
  it("follows the schedule through registration, the wait, voting and counting", () => {
    expect(phaseOf(election(), at("2031-02-20T00:00:00Z"))).toBe("before_voting");
    expect(phaseOf(election(), at("2031-03-02T00:00:00Z"))).toBe("registration");
    expect(phaseOf(election(), at("2031-03-05T12:30:00Z"))).toBe("before_voting");
    expect(phaseOf(election(), at("2031-03-10T04:30:00Z"))).toBe("voting");
    expect(phaseOf(election(), at("2031-03-10T12:29:59Z"))).toBe("voting");
    expect(phaseOf(election(), at("2031-03-10T12:30:00Z"))).toBe("counting");
  });

  it("lets the stored status win once the election is closed", () => {
    expect(phaseOf(election("preliminary"), at("2031-03-10T05:00:00Z"))).toBe("preliminary");
    expect(phaseOf(election("final"), at("2031-03-02T00:00:00Z"))).toBe("final");
  });
});

describe("numbers on screen", () => {
  it("uses Persian digits and separators", () => {
    expect(faNumber(1234567)).toBe("۱٬۲۳۴٬۵۶۷");
    expect(faNumber(0)).toBe("۰");
    expect(faPercent(1, 8)).toBe("۱۲٫۵٪");
    expect(faPercent(3, 0)).toBe("—");
    expect(choiceCount(3, 7)).toBe("۳ از ۷ انتخاب شده");
  });

  it("keeps bars inside their track", () => {
    expect(barWidth(5, 10)).toBe(50);
    expect(barWidth(12, 10)).toBe(100);
    expect(barWidth(3, 0)).toBe(0);
  });
});

describe("trackers and ids as typed", () => {
  it("groups a tracker in fours without losing a character", () => {
    const tracker = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";
    const grouped = groupTracker(tracker);
    expect(grouped.split(" ")).toHaveLength(13);
    expect(grouped.replace(/ /g, "")).toBe(tracker);
  });

  it("accepts Persian and Arabic digits, spaces and dashes in a national id", () => {
    expect(nationalIdDigits("۰۴۹-۹۳۷ ۰۸۹۹")).toBe("0499370899");
    expect(nationalIdDigits("٠٤٩٩٣٧٠٨٩٩")).toBe("0499370899");
  });
});

describe("headCovering", () => {
  it("picks the first signed head whose chain reaches the position", () => {
    const heads = [{ length: 10 }, { length: 3 }, { length: 0 }, { length: 25 }];
    expect(headCovering(heads, 1)?.length).toBe(3);
    expect(headCovering(heads, 3)?.length).toBe(3);
    expect(headCovering(heads, 4)?.length).toBe(10);
    expect(headCovering(heads, 26)).toBeUndefined();
  });
});

describe("pageStart", () => {
  it("opens the board on the page that holds a position (positions start at 1)", () => {
    expect(pageStart(1, 100)).toBe(0);
    expect(pageStart(100, 100)).toBe(0);
    expect(pageStart(101, 100)).toBe(100);
    expect(pageStart(99_999, 100)).toBe(99_900);
    expect(pageStart(0, 100)).toBe(0);
  });
});
