import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, formatJalali, parseJalaliDate, tehranDateIso } from "./jalali";
import { toAsciiDigits } from "./text";

describe("parseJalaliDate", () => {
  it.each([
    ["1370/05/12", 1370, 5, 12, "1991-08-03"],
    ["۱۳۷۰/۰۵/۱۲", 1370, 5, 12, "1991-08-03"],
    ["1370-5-12", 1370, 5, 12, "1991-08-03"],
    ["1399/01/01", 1399, 1, 1, "2020-03-20"],
    ["1404/01/01", 1404, 1, 1, "2025-03-21"],
    ["1399/12/30", 1399, 12, 30, "2021-03-20"], // 1399 is a leap year
    ["1991-08-03", 1370, 5, 12, "1991-08-03"],
    ["2024-02-29", 1402, 12, 10, "2024-02-29"],
  ])("reads %s", (input, jy, jm, jd, iso) => {
    expect(parseJalaliDate(input)).toEqual({ jy, jm, jd, iso });
  });

  it.each([
    ["1402/12/30"], // 1402 is not a leap year
    ["1370/13/01"],
    ["1370/07/31"], // the second half of the year has 30-day months
    ["1370/00/10"],
    ["1370/05"],
    ["1370/05-12"],
    ["2023-02-29"],
    ["2023/02/20"], // Gregorian only in ISO form
    ["not a date"],
    [""],
  ])("rejects %s", (input) => {
    expect(parseJalaliDate(input)).toBeNull();
  });
});

describe("formatJalali", () => {
  it("formats calendar dates with Persian digits", () => {
    expect(formatJalali("1991-08-03")).toBe("۱۳۷۰/۰۵/۱۲");
    expect(formatJalali("2020-03-20", { style: "long" })).toBe("۱ فروردین ۱۳۹۹");
  });

  it("reads instants in Tehran time, whatever the machine's zone", () => {
    // 21:00 UTC on 19 March 2024 is 00:30 on 1 Farvardin 1403 in Tehran (UTC+03:30).
    expect(formatJalali(new Date("2024-03-19T21:00:00Z"), { time: true })).toBe("۱۴۰۳/۰۱/۰۱ ۰۰:۳۰");
    expect(formatJalali("2024-03-19T21:00:00Z", { style: "long", time: true })).toBe(
      "۱ فروردین ۱۴۰۳، ساعت ۰۰:۳۰",
    );
    expect(tehranDateIso(new Date("2024-03-19T20:29:00Z"))).toBe("2024-03-19");
    expect(tehranDateIso(new Date("2024-03-19T20:30:00Z"))).toBe("2024-03-20");
  });

  it("throws on a date that does not exist", () => {
    expect(() => formatJalali("2023-02-30")).toThrow(RangeError);
    expect(() => formatJalali(new Date("nope"))).toThrow(RangeError);
  });

  it("agrees with the browser's Persian calendar and parses back to the same day", () => {
    const intl = new Intl.DateTimeFormat("en-US-u-ca-persian", {
      timeZone: "UTC",
      year: "numeric",
      month: "numeric",
      day: "numeric",
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1925, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString().slice(0, 10);
        const shown = formatJalali(iso);
        const parts = Object.fromEntries(intl.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
        const [jy, jm, jd] = toAsciiDigits(shown).split("/").map(Number);
        expect([jy, jm, jd]).toEqual([
          Number.parseInt(parts.year ?? "", 10),
          Number(parts.month),
          Number(parts.day),
        ]);
        expect(parseJalaliDate(shown)?.iso).toBe(iso);
      }),
    );
  });
});

describe("ageOn", () => {
  it("counts whole years up to the Jalali birthday", () => {
    // Born 1370/05/12 (1991-08-03); the 25th birthday, 1395/05/12, is 2016-08-02 — a day before the
    // Gregorian anniversary, because 1395 began on 20 March.
    expect(ageOn("1991-08-03", "2016-08-01")).toBe(24);
    expect(ageOn("1991-08-03", "2016-08-02")).toBe(25);
    expect(ageOn("1991-08-03", "1991-08-03")).toBe(0);
  });

  it("follows the Jalali birthday when Nowruz moves", () => {
    // Born 1 Farvardin 1399 (2020-03-20); 1 Farvardin 1404 is 2025-03-21.
    expect(ageOn("2020-03-20", "2025-03-20")).toBe(4);
    expect(ageOn("2020-03-20", "2025-03-21")).toBe(5);
  });

  it("lets someone born on 30 Esfand age on 1 Farvardin in common years", () => {
    // 1399/12/30 = 2021-03-20; 1401 has no 30 Esfand; 1402/01/01 = 2023-03-21.
    expect(ageOn("2021-03-20", "2023-03-20")).toBe(1);
    expect(ageOn("2021-03-20", "2023-03-21")).toBe(2);
  });

  it("takes a timestamp as its Tehran day", () => {
    // Iran kept summer time (UTC+04:30) until 2022, so 19:30 UTC on 1 August 2016 is already
    // 2 August (1395/05/12) in Tehran.
    expect(ageOn("1991-08-03", new Date("2016-08-01T19:29:00Z"))).toBe(24);
    expect(ageOn("1991-08-03", new Date("2016-08-01T19:30:00Z"))).toBe(25);
  });

  it("never decreases as time passes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1930, 0, 1), max: Date.UTC(2020, 0, 1) }),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 400 }),
        (birthMs, days, more) => {
          const day = 86_400_000;
          const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
          const birth = iso(birthMs);
          const a = ageOn(birth, iso(birthMs + days * day));
          const b = ageOn(birth, iso(birthMs + (days + more) * day));
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeGreaterThanOrEqual(a);
          expect(b - a).toBeLessThanOrEqual(Math.ceil(more / 365) + 1);
        },
      ),
    );
  });
});
