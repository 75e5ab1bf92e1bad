import { isValidJalaaliDate, toGregorian, toJalaali } from "jalaali-js";
import { toAsciiDigits, toPersianDigits } from "./text";

/**
 * Dates: people type and read the Jalali calendar; we store ISO Gregorian calendar dates
 * ("1991-08-03") so that sorting, comparison and age arithmetic are plain string/number work.
 * Calendar conversion is jalaali-js (Borkowski's algorithm, exact for the years we care about).
 * Instants (timestamps) are shown in Tehran time whatever the device's zone, since every deadline
 * of the municipality is a Tehran deadline.
 */

export interface ParsedJalaliDate {
  jy: number;
  jm: number;
  jd: number;
  /** The same day as an ISO calendar date, "YYYY-MM-DD". */
  iso: string;
}

export const TEHRAN_TIME_ZONE = "Asia/Tehran";

export const jalaliMonthNames = [
  "فروردین",
  "اردیبهشت",
  "خرداد",
  "تیر",
  "مرداد",
  "شهریور",
  "مهر",
  "آبان",
  "آذر",
  "دی",
  "بهمن",
  "اسفند",
] as const;

const pad2 = (n: number) => String(n).padStart(2, "0");
const isoOf = (y: number, m: number, d: number) => `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;

// Jalali years we expect on this platform are ~1300–1500, Gregorian ~1900–2100; the split lets one
// field take either without a separate "calendar" input.
const JALALI_YEARS = { min: 1000, max: 1699 };
const GREGORIAN_YEARS = { min: 1700, max: 2999 };

function isValidGregorian(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * "1370/05/12", "۱۳۷۰/۰۵/۱۲", "1370-5-12" (Jalali) or "1991-08-03" (ISO Gregorian) → the date in
 * both calendars, or null when it is not a real day.
 */
export function parseJalaliDate(input: string): ParsedJalaliDate | null {
  if (typeof input !== "string") return null;
  const s = toAsciiDigits(input).replace(/[\s\u200C\u200E\u200F]/g, "");
  const match = /^(\d{4})([/\-.])(\d{1,2})\2(\d{1,2})$/.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[3]);
  const d = Number(match[4]);

  if (y >= JALALI_YEARS.min && y <= JALALI_YEARS.max) {
    if (!isValidJalaaliDate(y, m, d)) return null;
    const g = toGregorian(y, m, d);
    return { jy: y, jm: m, jd: d, iso: isoOf(g.gy, g.gm, g.gd) };
  }
  // Gregorian only in strict ISO form, so "2020/3/4" is not silently read as one calendar or the other.
  if (y >= GREGORIAN_YEARS.min && y <= GREGORIAN_YEARS.max && /^\d{4}-\d{2}-\d{2}$/.test(s)) {
    if (!isValidGregorian(y, m, d)) return null;
    const j = toJalaali(y, m, d);
    return { jy: j.jy, jm: j.jm, jd: j.jd, iso: isoOf(y, m, d) };
  }
  return null;
}

let tehranParts: Intl.DateTimeFormat | undefined;

interface CalendarMoment {
  y: number;
  m: number;
  d: number;
  hour?: number;
  minute?: number;
}

function tehranMoment(instant: Date): CalendarMoment {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid date");
  tehranParts ??= new Intl.DateTimeFormat("en-US", {
    timeZone: TEHRAN_TIME_ZONE,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  });
  const parts: Record<string, number> = {};
  for (const p of tehranParts.formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    y: parts.year ?? Number.NaN,
    m: parts.month ?? Number.NaN,
    d: parts.day ?? Number.NaN,
    hour: parts.hour,
    minute: parts.minute,
  };
}

/** Tehran's offset from UTC at an instant, in ms (+3:30 today; +4:30 in the summers before 2022). */
function tehranOffsetMs(instantMs: number): number {
  const t = tehranMoment(new Date(instantMs));
  const local = Date.UTC(t.y, t.m - 1, t.d, t.hour ?? 0, t.minute ?? 0);
  return local - Math.floor(instantMs / 60_000) * 60_000;
}

/** The instant a Tehran wall clock shows `hhmm` on calendar day `dayIso` ("2019-07-26", "08:00"). */
export function tehranWallTime(dayIso: string, hhmm: string): Date {
  const asUtc = Date.parse(`${dayIso}T${hhmm}:00Z`);
  // Date.parse rolls "2019-02-30" over into March; a real day prints back as itself.
  if (Number.isNaN(asUtc) || new Date(asUtc).toISOString().slice(0, 16) !== `${dayIso}T${hhmm}`) {
    throw new RangeError(`Invalid Tehran time: ${dayIso} ${hhmm}`);
  }
  // Two passes: the offset is read at the first guess, then at the corrected instant, which settles
  // it even when an old DST change falls between the two.
  const guess = asUtc - tehranOffsetMs(asUtc);
  return new Date(asUtc - tehranOffsetMs(guess));
}

/** The calendar day (ISO "YYYY-MM-DD") an instant falls on in Tehran. */
export function tehranDateIso(instant: Date = new Date()): string {
  const t = tehranMoment(instant);
  return isoOf(t.y, t.m, t.d);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date string is taken as that day; anything else is an instant, seen from Tehran. */
function toMoment(value: Date | string): CalendarMoment {
  if (typeof value === "string") {
    const match = ISO_DATE.exec(value);
    if (match) {
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (!isValidGregorian(y, m, d)) throw new RangeError(`Invalid date: ${value}`);
      return { y, m, d };
    }
    return tehranMoment(new Date(value));
  }
  return tehranMoment(value);
}

export interface FormatJalaliOptions {
  /** "numeric" → ۱۳۷۰/۰۵/۱۲ (default); "long" → ۱۲ مرداد ۱۳۷۰. */
  style?: "numeric" | "long";
  /** Append the Tehran time (ignored for calendar-date strings, which have none). */
  time?: boolean;
}

/** A Date, an ISO timestamp or an ISO calendar date → Jalali text with Persian digits. */
export function formatJalali(value: Date | string, options: FormatJalaliOptions = {}): string {
  const t = toMoment(value);
  const j = toJalaali(t.y, t.m, t.d);
  const long = options.style === "long";
  const date = long ? `${j.jd} ${jalaliMonthNames[j.jm - 1]} ${j.jy}` : `${j.jy}/${pad2(j.jm)}/${pad2(j.jd)}`;
  const withTime =
    options.time && t.hour !== undefined && t.minute !== undefined
      ? `${date}${long ? "، ساعت " : " "}${pad2(t.hour)}:${pad2(t.minute)}`
      : date;
  return toPersianDigits(withTime);
}

/**
 * Whole years from `birth` to `on` (both ISO calendar dates; `on` may be a timestamp, read as its
 * Tehran day). Birthdays are counted in the Jalali calendar, as Iranian rules (age limits, school
 * years) are; Nowruz moves between 20 and 21 March, so the Gregorian birthday can be a day off.
 * Someone born on 30 Esfand turns a year older on 1 Farvardin in years without that day.
 */
export function ageOn(birthIso: string, onIso: string | Date = new Date()): number {
  const bm = toMoment(birthIso);
  const om = toMoment(onIso);
  const b = toJalaali(bm.y, bm.m, bm.d);
  const o = toJalaali(om.y, om.m, om.d);
  const beforeBirthday = o.jm < b.jm || (o.jm === b.jm && o.jd < b.jd);
  return o.jy - b.jy - (beforeBirthday ? 1 : 0);
}
