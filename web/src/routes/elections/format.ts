/**
 * How the election pages say things: phases, statuses, trackers, turnout and roll reports in
 * Persian. Pure (no DOM, no fetch) so it is unit-tested under node.
 */
import { formatJalali, toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";

export type Phase = "registration" | "before_voting" | "voting" | "counting" | "preliminary" | "final";

export interface ElectionTimes {
  status: "scheduled" | "preliminary" | "final";
  registration: { opensAt: string; closesAt: string };
  voting: { opensAt: string; effectiveClosesAt: string };
}

/** Where an election stands at `now`, for badges and for which links a page offers. */
export function phaseOf(e: ElectionTimes, now: number): Phase {
  if (e.status === "final") return "final";
  if (e.status === "preliminary") return "preliminary";
  if (now < Date.parse(e.registration.closesAt) && now >= Date.parse(e.registration.opensAt)) {
    return "registration";
  }
  if (now < Date.parse(e.voting.opensAt)) return "before_voting";
  if (now < Date.parse(e.voting.effectiveClosesAt)) return "voting";
  return "counting";
}

export const phaseLabels: Record<Phase, string> = {
  registration: "ثبت‌نام نامزدها",
  before_voting: "پیش از رأی‌گیری",
  voting: "در حال رأی‌گیری",
  counting: "پایان رأی‌گیری، در انتظار شمارش",
  preliminary: "نتایج اولیه",
  final: "نتایج قطعی",
};

/** "۱۹ اسفند ۱۴۰۹، ساعت ۰۸:۰۰" — always Tehran time, whatever the device's zone. */
export const tehranTime = (iso: string) => formatJalali(iso, { style: "long", time: true });

/** A number on screen: Persian digits with thousands separators ("۱۲٬۳۴۵"). */
export function faNumber(n: number): string {
  return toPersianDigits(Math.round(n).toLocaleString("en-US")).replace(/,/g, "٬");
}

/** "۴۲٫۵٪" — turnout as a share of the eligible voters, one decimal; "—" when nobody is eligible. */
export function faPercent(part: number, whole: number): string {
  if (whole <= 0) return "—";
  const value = Math.round((part / whole) * 1000) / 10;
  return `${toPersianDigits(String(value)).replace(".", "٫")}٪`;
}

/** Bar width in percent, clamped, so a bar never overflows its track. */
export function barWidth(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

/** A tracker in groups of four, so it can be read aloud and compared by eye. */
export function groupTracker(tracker: string, size = 4): string {
  const parts: string[] = [];
  for (let i = 0; i < tracker.length; i += size) parts.push(tracker.slice(i, i + size));
  return parts.join(" ");
}

/** A national id as typed (Persian/Arabic digits, spaces, dashes) → ASCII digits only. */
export function nationalIdDigits(typed: string): string {
  return toAsciiDigits(typed).replace(/[\s-]/g, "");
}

/** "۳ از ۷ انتخاب شده" */
export function choiceCount(chosen: number, max: number): string {
  return `${toPersianDigits(String(chosen))} از ${toPersianDigits(String(max))} انتخاب شده`;
}

export const rollRejectionLabels: Record<string, string> = {
  malformed: "سطر ناقص یا بدشکل",
  bad_national_id: "کد ملی نادرست (رقم کنترل)",
  bad_mobile: "شمارهٔ موبایل نادرست",
  unknown_neighbourhood: "محلهٔ ناشناخته یا خارج از این انتخابات",
  duplicate_in_file: "تکراری در همین فایل",
  other_neighbourhood: "پیش‌تر در فهرست محلهٔ دیگری ثبت شده",
};

export const candidateStatusLabels: Record<string, string> = {
  submitted: "در حال بررسی",
  approved: "تأیید شده",
  rejected: "رد شده",
  appealed: "اعتراض ثبت شده، در حال بررسی دوباره",
};

export const residenceStatusLabels: Record<string, string> = {
  pending: "در انتظار بررسی",
  verified: "تأیید شد؛ در فهرست رأی‌دهندگان",
  rejected: "رد شد",
};

export const complaintStatusLabels: Record<string, string> = {
  open: "در حال رسیدگی",
  upheld: "پذیرفته شد",
  dismissed: "رد شد",
};

export const auditActionLabels: Record<string, string> = {
  "election.created": "ایجاد انتخابات",
  "election.voting_extended": "تمدید زمان رأی‌گیری",
  "election.roll_imported": "بارگذاری فهرست رأی‌دهندگان",
  "election.roll_chunk_imported": "بخشی از فهرست رأی‌دهندگان",
  "election.residence_declared": "اعلام سکونت شهروند",
  "election.residence_verified": "تأیید سکونت و افزودن به فهرست",
  "election.residence_rejected": "رد اعلام سکونت",
  "election.candidate_applied": "ثبت درخواست نامزدی",
  "election.candidate_approved": "تأیید نامزد",
  "election.candidate_rejected": "رد نامزد",
  "election.candidate_appealed": "اعتراض نامزد",
  "election.closed": "پایان رأی‌گیری و شمارش",
  "election.complaint_ruled": "رأی دربارهٔ شکایت",
  "election.certified": "تأیید نتایج قطعی",
};

/** Names of the ids and counts audit entries carry. */
export const auditDataLabels: Record<string, string> = {
  minutes: "دقیقهٔ تمدید",
  extendedMinutes: "کل تمدید (دقیقه)",
  closesAt: "پایان تازه",
  reason: "دلیل",
  format: "قالب فایل",
  rows: "سطرها",
  added: "افزوده",
  alreadyListed: "از پیش در فهرست",
  rejected: "ردشده",
  neighbourhoods: "محله‌ها",
  neighbourhoodId: "محله",
  candidateId: "نامزد",
  declarationId: "اعلام سکونت",
  complaintId: "شکایت",
  decision: "رأی",
  opensAt: "آغاز رأی‌گیری",
};

/** The `after` of the board page that holds `position` (positions start at 1). */
export function pageStart(position: number, pageSize: number): number {
  return Math.floor((Math.max(1, position) - 1) / pageSize) * pageSize;
}

/** The first signed head whose chain already contains `position`: the head that vouches for it. */
export function headCovering<H extends { length: number }>(
  heads: readonly H[],
  position: number,
): H | undefined {
  return [...heads].sort((a, b) => a.length - b.length).find((h) => h.length >= position);
}
