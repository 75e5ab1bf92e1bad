/**
 * Persian conventions shared by the API and the web app. Browser-safe: no Node imports.
 */

export type { FormatJalaliOptions, ParsedJalaliDate } from "./jalali";
export {
  ageOn,
  formatJalali,
  jalaliMonthNames,
  parseJalaliDate,
  TEHRAN_TIME_ZONE,
  tehranDateIso,
  tehranWallTime,
} from "./jalali";
export { maskMobile, normaliseMobile } from "./mobile";
export { isValidNationalId, normaliseNationalId } from "./national-id";
export type { NormaliseTextOptions } from "./text";
export { normaliseText, toAsciiDigits, toPersianDigits } from "./text";
