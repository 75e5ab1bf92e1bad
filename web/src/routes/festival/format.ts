/**
 * How festival things read in Persian, pure so they are unit-tested: a programme's window and
 * file rules, which age group a child's Jalali birth date falls in (the rule core applies on
 * submit, shown while the guardian types), and staff's Jalali window days as instants and back.
 */
import { formatJalali, parseJalaliDate, tehranWallTime, toPersianDigits } from "@hamdel/core/fa";
import { ageGroupOn } from "@hamdel/core/festival/judging";
import type { FileRules, PublicProgramme } from "@hamdel/core/festival/model";

/** «از ۱ مهر ۱۴۰۴ تا ۳۰ آبان ۱۴۰۴» in Tehran time. */
export function windowFa(p: Pick<PublicProgramme, "submissionOpensAt" | "submissionClosesAt">): string {
  return `از ${formatJalali(p.submissionOpensAt, { style: "long" })} تا ${formatJalali(p.submissionClosesAt, { style: "long" })}`;
}

/** Short names of the upload types, as staff and entrants know them. */
export const fileTypeNames: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "application/pdf": "PDF",
};

/** «PNG، JPEG؛ حداکثر ۱۰ مگابایت؛ تا ۱ فایل» */
export function fileRulesFa(rules: FileRules): string {
  const types = rules.accept.map((t) => fileTypeNames[t] ?? t).join("، ");
  const mb = Math.round((rules.maxBytes / (1024 * 1024)) * 10) / 10;
  return `${types}؛ حداکثر ${toPersianDigits(mb)} مگابایت؛ تا ${toPersianDigits(rules.maxCount)} فایل`;
}

/**
 * The age group a Jalali (or ISO) birth date falls in on the programme's reference day: the
 * programme's own date, else the Tehran day submissions open. null when the date is not a date.
 */
export function ageGroupFor(
  p: Pick<PublicProgramme, "ageGroups" | "ageReferenceDate" | "submissionOpensAt">,
  birthDate: string,
): { age: number; titleFa: string | undefined } | null {
  const date = parseJalaliDate(birthDate);
  if (!date) return null;
  const { age, group } = ageGroupOn(date.iso, p.ageReferenceDate ?? p.submissionOpensAt, p.ageGroups);
  return { age, titleFa: group?.titleFa };
}

/**
 * A Jalali day typed by staff as the instant a window opens (00:00 Tehran) or closes (the end
 * of that day, 24:00 Tehran), in ISO. null when the day is not a date.
 */
export function windowInstant(jalaliDay: string, edge: "opens" | "closes"): string | null {
  const date = parseJalaliDate(jalaliDay);
  if (!date) return null;
  const start = tehranWallTime(date.iso, "00:00");
  return new Date(start.getTime() + (edge === "closes" ? 24 * 3_600_000 : 0)).toISOString();
}

/**
 * windowInstant's inverse, for an editor's date input: the Tehran day an instant opens or closes
 * a window on, in Persian digits (a close at 24:00 is that day, not the next). Empty when unset.
 */
export function windowDay(instant: string | undefined, edge: "opens" | "closes"): string {
  if (!instant) return "";
  return formatJalali(new Date(Date.parse(instant) - (edge === "closes" ? 1 : 0)));
}
