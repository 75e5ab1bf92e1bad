/**
 * What every judging command shares: its errors, the loading of a programme's round (configuration
 * from the programme, status from the round item), the blind view of an entry, and SMS notices.
 */
import { DomainError } from "../../error";
import { formatJalali } from "../../fa";
import { getUser } from "../../identity/store";
import { smsSender } from "../../sms";
import type { Entry, EntryStatus, Programme } from "../model";
import { blindValues } from "../rules";
import { getProgramme } from "../store";
import { judgingErrors } from "./errors";
import type { JudgingRound, RoundKind, RoundStatus } from "./rounds";
import * as store from "./store";

export interface Clock {
  now?: Date;
}
export const at = (clock: Clock) => clock.now ?? new Date();

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const judgingCommandErrors = {
  programmeNotFound: () =>
    new DomainError("festival.programme_not_found", "not_found", "این برنامه پیدا نشد."),
  roundNotFound: () => new DomainError("judging.round_not_found", "not_found", "این مرحلهٔ داوری پیدا نشد."),
  workNotFound: () =>
    new DomainError("judging.work_not_found", "not_found", "این اثر در این مرحلهٔ داوری نیست."),
  wrongRoundKind: (kind: RoundKind) =>
    new DomainError("judging.wrong_round_kind", "conflict", "این کار در این نوع مرحلهٔ داوری ممکن نیست.", {
      detail: `round is ${kind}`,
    }),
  windowStillOpen: () =>
    new DomainError(
      "judging.window_still_open",
      "conflict",
      "مهلت ارسال هنوز باز است؛ داوری پس از پایان مهلت آغاز می‌شود.",
    ),
  quotaExceeded: () =>
    new DomainError(
      "judging.quota_exceeded",
      "conflict",
      "سهمیهٔ این گروه پر است؛ برای انتخاب این اثر، نخست اثر دیگری را از فهرست برگزیدگان خارج کنید.",
    ),
  busy: () =>
    new DomainError(
      "judging.concurrent_change",
      "conflict",
      "این اثر در همین لحظه تغییر کرد. لطفاً صفحه را تازه کنید و دوباره تلاش کنید.",
    ),
  decisionsLocked: () =>
    new DomainError("judging.decisions_locked", "conflict", "برگزیدگان این مرحله پیش‌تر تعیین و قفل شده‌اند."),
  roundNotLocked: () =>
    new DomainError(
      "judging.round_not_locked",
      "conflict",
      "نخست این مرحله را قفل کنید تا امتیازها نهایی شوند؛ سپس برگزیدگان را تعیین کنید.",
    ),
  notDecided: () =>
    new DomainError("judging.not_decided", "conflict", "نخست برگزیدگان این مرحله را تعیین کنید."),
  resultsNotPublished: () =>
    new DomainError("judging.results_not_published", "not_found", "نتایج این برنامه هنوز اعلام نشده است."),
  certificateNotFound: () =>
    new DomainError("judging.certificate_not_found", "not_found", "گواهی‌ای با این کد پیدا نشد."),
  galleryImageNotFound: () =>
    new DomainError("judging.gallery_image_not_found", "not_found", "این اثر در نگارخانه تصویری ندارد."),
  notADecidedEntry: (entryId: string) =>
    new DomainError("judging.entry_not_in_round", "input", "این اثر در مرحلهٔ پایانی داوری نیست.", {
      fields: [{ path: "winners", message: "این اثر در مرحلهٔ پایانی داوری نیست." }],
      detail: entryId,
    }),
};

export const isUlid = (id: string) => ULID_PATTERN.test(id);

export interface RoundContext {
  programme: Programme;
  round: JudgingRound;
  index: number;
  status: RoundStatus;
  state: store.RoundState | undefined;
  previous: JudgingRound | undefined;
  next: JudgingRound | undefined;
}

export async function programmeOrFail(programmeId: string): Promise<Programme> {
  const programme = isUlid(programmeId) ? await getProgramme(programmeId) : undefined;
  if (!programme) throw judgingCommandErrors.programmeNotFound();
  return programme;
}

export async function loadRound(programmeOrId: Programme | string, roundId: string): Promise<RoundContext> {
  const programme = typeof programmeOrId === "string" ? await programmeOrFail(programmeOrId) : programmeOrId;
  const index = programme.rounds.findIndex((r) => r.id === roundId);
  const round = programme.rounds[index];
  if (!round) throw judgingCommandErrors.roundNotFound();
  const state = await store.getRoundState(programme.id, roundId);
  return {
    programme,
    round,
    index,
    status: state?.status ?? "draft",
    state,
    previous: programme.rounds[index - 1],
    next: programme.rounds[index + 1],
  };
}

/** The entry status a work has on entering a round of `kind`. */
export function statusOnEntering(kind: RoundKind): EntryStatus {
  return kind === "screening" ? "in_screening" : kind === "review" ? "forwarded" : "in_judging";
}

/** The entry statuses a work can be in while it sits in a round (before its round's decision). */
export const liveStatuses: EntryStatus[] = [
  "in_screening",
  "selected",
  "forwarded",
  "in_judging",
  "returned",
];

export interface FileView {
  fieldId: string;
  contentType: string;
  objectKey: string;
  thumbnailKey?: string;
}

/** What a panel sees of an entry: no submitter, organisation, child, place or private field. */
export interface BlindEntry {
  id: string;
  programmeId: string;
  categoryId?: string;
  ageGroup?: string;
  submittedAt: string;
  values: Record<string, string | number | string[]>;
  files: FileView[];
}

export function blindEntry(programme: Programme, entry: Entry): BlindEntry {
  const shown = blindValues(programme.form.fields, entry.values);
  const values: BlindEntry["values"] = {};
  const files: FileView[] = [];
  for (const [fieldId, value] of Object.entries(shown)) {
    if (Array.isArray(value) && value.some((v) => typeof v === "object")) {
      for (const f of value as Exclude<typeof value, string[]>) {
        files.push({
          fieldId,
          contentType: f.contentType,
          objectKey: f.objectKey,
          ...(f.thumbnailKey ? { thumbnailKey: f.thumbnailKey } : {}),
        });
      }
    } else values[fieldId] = value as string | number | string[];
  }
  return {
    id: entry.id,
    programmeId: entry.programmeId,
    ...(entry.categoryId ? { categoryId: entry.categoryId } : {}),
    ...(entry.child ? { ageGroup: entry.child.ageGroup } : {}),
    submittedAt: entry.submittedAt,
    values,
    files,
  };
}

/**
 * Tells the submitter by SMS. Sent after the change committed; a failed gateway does not undo
 * the change (the status page shows it either way). Nothing personal is logged.
 */
export async function notifySubmitter(submitterId: string, text: string): Promise<void> {
  try {
    const user = await getUser(submitterId);
    if (user?.kind !== "citizen") return;
    await smsSender().send(user.mobile, text);
  } catch (e) {
    console.warn("judging: SMS notice not sent", { error: (e as Error).name });
  }
}

export const smsTexts = {
  received: (programme: Programme, trackingCode: string) =>
    `همدل: اثر شما در «${programme.title}» دریافت شد. کد پیگیری: ${trackingCode}`,
  advanced: (programme: Programme, trackingCode: string) =>
    `همدل: اثر شما با کد پیگیری ${trackingCode} در «${programme.title}» به مرحلهٔ بعد راه یافت.`,
  results: (programme: Programme, trackingCode: string) =>
    `همدل: نتایج «${programme.title}» اعلام شد. وضعیت اثر ${trackingCode} را در سامانه ببینید.`,
};

export const jalaliDay = (iso: string) => formatJalali(iso, { style: "long" });

/** Reads a transaction's cancellation: which guarded item failed its condition, if any. */
export function failedAt(e: unknown, index: number): boolean {
  return store.cancellationCodes(e)?.[index] === "ConditionalCheckFailed";
}

/** The round's guard failed: say why with the current status. */
export async function roundRefusal(programmeId: string, roundId: string): Promise<DomainError> {
  const state = await store.getRoundState(programmeId, roundId);
  const status = state?.status ?? "draft";
  return status === "draft" ? judgingErrors.roundNotOpen(status) : judgingErrors.roundLocked();
}
