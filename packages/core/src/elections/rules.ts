/**
 * Election rules as pure functions: candidate eligibility, the voting window and its extension,
 * the window for residence declarations, ballot validation and the published ballot order. No
 * I/O; the commands apply them and turn a refusal into a DomainError (each refusal here carries
 * a stable code and a Persian message).
 */
import { randomBytes } from "node:crypto";
import { jalaaliMonthLength, toGregorian, toJalaali } from "jalaali-js";
import { ageOn, tehranDateIso, tehranWallTime } from "../fa";
import { base32Encode, compareCodeUnits } from "./chain";
import { ELECTION_RULES, type VotingWindow, type VotingWindowInput, votingWindowInput } from "./model";
import { drawOrder } from "./tally";

/** A refusal: a stable code (suffix of the DomainError code) and what to tell people. */
export interface RuleIssue<Code extends string = string> {
  code: Code;
  messageFa: string;
}

// ── ids ──────────────────────────────────────────────────────────────────────────────────────

/**
 * A ballot's id: 128 random bits, base32. Deliberately not a ULID — a ULID carries its creation
 * time, and no ballot may carry anything that could be matched to when (and so by whom) it was cast.
 */
export function newBallotId(): string {
  return base32Encode(randomBytes(16));
}

// ── the voting window ────────────────────────────────────────────────────────────────────────

/** The administrators' day and times (Tehran) as the stored window, not yet extended. */
export function votingWindowOf(input: VotingWindowInput): VotingWindow {
  const w = votingWindowInput.parse(input);
  return {
    opensAt: tehranWallTime(w.day, w.opens).toISOString(),
    closesAt: tehranWallTime(w.day, w.closes).toISOString(),
    maxExtensionMinutes: w.maxExtensionMinutes,
    extendedMinutes: 0,
  };
}

/** When voting actually closes: the planned close plus every extension granted. */
export function votingClosesAt(window: VotingWindow): Date {
  return new Date(Date.parse(window.closesAt) + window.extendedMinutes * 60_000);
}

export type WindowPhase = "not_started" | "open" | "closed";

/** Where an instant falls in a [opensAt, closesAt) window. */
export function phaseOf(window: { opensAt: string | Date; closesAt: string | Date }, now: Date): WindowPhase {
  const t = now.getTime();
  if (t < new Date(window.opensAt).getTime()) return "not_started";
  if (t < new Date(window.closesAt).getTime()) return "open";
  return "closed";
}

/** Whether ballots are taken at `now`; the close includes the extensions. */
export function votingPhase(window: VotingWindow, now: Date): WindowPhase {
  return phaseOf({ opensAt: window.opensAt, closesAt: votingClosesAt(window) }, now);
}

export const votingRefusals = {
  not_started: { code: "not_started", messageFa: "رأی‌گیری هنوز آغاز نشده است." },
  closed: { code: "closed", messageFa: "زمان رأی‌گیری به پایان رسیده است." },
} as const satisfies Record<string, RuleIssue>;

/** null when a ballot may be cast now, else why not. */
export function votingRefusal(window: VotingWindow, now: Date): RuleIssue<"not_started" | "closed"> | null {
  const phase = votingPhase(window, now);
  return phase === "open" ? null : votingRefusals[phase];
}

export type ExtensionRefusal = "not_positive" | "closed" | "exceeds_max";

/**
 * An administrator's extension of `minutes`. Allowed before or during voting — never once voting
 * has closed (that would reopen a finished count) — and only while the total stays within the
 * window's maximum (4 hours by law). Returns the extended window or why it is refused.
 */
export function extendVotingWindow(
  window: VotingWindow,
  minutes: number,
  now: Date,
): { ok: true; window: VotingWindow } | { ok: false; issue: RuleIssue<ExtensionRefusal> } {
  if (!Number.isInteger(minutes) || minutes <= 0) {
    return { ok: false, issue: { code: "not_positive", messageFa: "مدت تمدید باید دقیقه‌ای مثبت باشد." } };
  }
  if (votingPhase(window, now) === "closed") {
    return {
      ok: false,
      issue: { code: "closed", messageFa: "رأی‌گیری بسته شده است و دیگر تمدید نمی‌شود." },
    };
  }
  const total = window.extendedMinutes + minutes;
  if (total > window.maxExtensionMinutes) {
    const left = window.maxExtensionMinutes - window.extendedMinutes;
    return {
      ok: false,
      issue: { code: "exceeds_max", messageFa: `بیش از ${left} دقیقه دیگر نمی‌توان رأی‌گیری را تمدید کرد.` },
    };
  }
  return { ok: true, window: { ...window, extendedMinutes: total } };
}

// ── residence declarations ───────────────────────────────────────────────────────────────────

export const declarationRefusals = {
  not_open: { code: "declarations_not_open", messageFa: "اعلام سکونت برای این انتخابات هنوز آغاز نشده است." },
  closed: {
    code: "declarations_closed",
    messageFa: "مهلت اعلام سکونت برای این انتخابات به پایان رسیده است.",
  },
} as const satisfies Record<string, RuleIssue>;

/**
 * null when a citizen not on the roll may declare residence now, else why not. Declarations are
 * taken in the registration window — it is published with the election and ends before voting
 * opens — so administrators have until the roll locks at the opening of voting to verify the
 * last of them; a declaration filed in the last minute before voting could never be verified.
 */
export function declarationRefusal(
  election: { registration: { opensAt: string; closesAt: string } },
  now: Date,
): RuleIssue<"declarations_not_open" | "declarations_closed"> | null {
  const phase = phaseOf(election.registration, now);
  if (phase === "open") return null;
  return phase === "not_started" ? declarationRefusals.not_open : declarationRefusals.closed;
}

// ── candidate eligibility ────────────────────────────────────────────────────────────────────

/** An ISO calendar date moved by whole Jalali months; a day past the target month's end is clamped to it. */
export function addJalaliMonths(dayIso: string, months: number): string {
  const [gy, gm, gd] = dayIso.split("-").map(Number);
  const j = toJalaali(gy ?? 0, gm ?? 0, gd ?? 0);
  const index = j.jy * 12 + (j.jm - 1) + months;
  const jy = Math.floor(index / 12);
  const jm = (index % 12) + 1;
  const g = toGregorian(jy, jm, Math.min(j.jd, jalaaliMonthLength(jy, jm)));
  return `${String(g.gy).padStart(4, "0")}-${String(g.gm).padStart(2, "0")}-${String(g.gd).padStart(2, "0")}`;
}

export type CandidateIneligibility = "too_young" | "residence_too_short" | "residence_in_future";

/**
 * Why a candidate may not stand (empty = eligible), on the day they register: at least 25 years
 * old that day (counted in the Jalali calendar, fa/ageOn) and resident in the neighbourhood for at
 * least 6 Jalali months by that day, as declared with proof.
 */
export function candidateIneligibility(args: {
  /** ISO calendar date. */
  birthDate: string;
  /** ISO calendar date the declared residence began. */
  residenceSince: string;
  /** The registration instant (its Tehran day counts) or an ISO calendar date. */
  registeredOn: Date | string;
}): Array<RuleIssue<CandidateIneligibility>> {
  const day = typeof args.registeredOn === "string" ? args.registeredOn : tehranDateIso(args.registeredOn);
  const issues: Array<RuleIssue<CandidateIneligibility>> = [];
  if (ageOn(args.birthDate, day) < ELECTION_RULES.minCandidateAge) {
    issues.push({ code: "too_young", messageFa: "نامزد باید در روز ثبت‌نام دست‌کم ۲۵ سال داشته باشد." });
  }
  if (args.residenceSince > day) {
    issues.push({ code: "residence_in_future", messageFa: "تاریخ آغاز سکونت نمی‌تواند پس از امروز باشد." });
  } else if (addJalaliMonths(args.residenceSince, ELECTION_RULES.minResidenceMonths) > day) {
    issues.push({
      code: "residence_too_short",
      messageFa: "نامزد باید دست‌کم ۶ ماه ساکن همین محله باشد.",
    });
  }
  return issues;
}

// ── ballots ──────────────────────────────────────────────────────────────────────────────────

export type BallotRefusal = "empty" | "too_many" | "duplicate" | "unknown_candidate";

/**
 * A voter's choices checked against the neighbourhood's approved candidates. At least one choice
 * (an empty cast is far more often a slip than a protest, and it would use the one vote up), at
 * most `maxChoices`, no candidate twice (refused, not silently merged, so the voter sees what
 * will count). On success the choices come back sorted — the one form a ballot is stored and
 * hashed in.
 */
export function validateBallot(
  choices: readonly string[],
  rules: { approvedCandidateIds: readonly string[] | ReadonlySet<string>; maxChoices: number },
): { ok: true; choices: string[] } | { ok: false; issue: RuleIssue<BallotRefusal> } {
  const approved =
    rules.approvedCandidateIds instanceof Set
      ? rules.approvedCandidateIds
      : new Set(rules.approvedCandidateIds as readonly string[]);
  if (choices.length === 0) {
    return { ok: false, issue: { code: "empty", messageFa: "دست‌کم یک نامزد را انتخاب کنید." } };
  }
  if (choices.length > rules.maxChoices) {
    return {
      ok: false,
      issue: { code: "too_many", messageFa: `حداکثر ${rules.maxChoices} نامزد را می‌توانید انتخاب کنید.` },
    };
  }
  if (new Set(choices).size !== choices.length) {
    return { ok: false, issue: { code: "duplicate", messageFa: "یک نامزد را دو بار انتخاب کرده‌اید." } };
  }
  if (!choices.every((c) => approved.has(c))) {
    return {
      ok: false,
      issue: { code: "unknown_candidate", messageFa: "نامزد انتخاب‌شده در فهرست این محله نیست." },
    };
  }
  return { ok: true, choices: [...choices].sort(compareCodeUnits) };
}

/**
 * The order approved candidates appear on a neighbourhood's ballot: a draw from the election's
 * published seed, so no candidate is favoured by being listed first and anyone can recompute it.
 */
export function ballotOrder(drawSeed: string, candidateIds: readonly string[]): string[] {
  return drawOrder("ballot-order", drawSeed, candidateIds);
}
