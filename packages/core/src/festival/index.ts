/**
 * Programmes and submissions: the central secretariat configures a programme (form, file
 * rules, categories, entrants, age groups, rounds); citizens submit entries for themselves, an
 * organisation or a child while the window is open, and follow their status. Judging rounds
 * live in festival/judging.
 *
 *   createProgramme(actor, input)              → Programme
 *   updateProgramme(actor, id, {version, changes}) → Programme (structure frozen once open)
 *   listProgrammes(actor)                      → every programme (staff)
 *   listOpenProgrammes(actor)                  → PublicProgramme[] (anyone)
 *   getProgramme(actor, id)                    → Programme (staff) | PublicProgramme (once open)
 *   submitEntry(actor, input)                  → EntryView (tracking code)
 *   editEntry / withdrawEntry(actor, entryId, …) → EntryView, until the window closes
 *   getEntry(actor, entryId), getMyEntries(actor) → EntryView(s) with status
 *
 * Commands take a Clock ({ now }) like blob's, so tests move time instead of sleeping.
 */
import { ulid } from "ulid";
import type { Actor } from "../actor";
import { auditItem } from "../audit";
import { presignRead, requireReadyUpload } from "../blob";
import { processedPurposes, thumbnailKey } from "../blob/images";
import { keyedHash } from "../crypto";
import { DomainError, errors, type FieldIssue, fieldIssuesOf, parseInput } from "../error";
import { isNeighbourhoodOf } from "../geo/city";
import { getMe } from "../identity";
import { notifySubmitter, smsTexts } from "./judging/commands-shared";
import {
  type AttachedFile,
  type Entry,
  type EntryView,
  editEntryInput,
  entryStatusLabelsFa,
  type FormField,
  type Programme,
  type PublicProgramme,
  programmeInput,
  programmeUpdateInput,
  type StoredValue,
  submitEntryInput,
} from "./model";
import { authorize, can } from "./permissions";
import {
  checkValues,
  childAge,
  childKeyMaterial,
  hasOpened,
  isSubmissionOpen,
  newTrackingCode,
  structuralChanges,
} from "./rules";
import * as store from "./store";

export {
  createHamiProgramme,
  createPaintingProgramme,
  defaultAgeGroups,
  type ProgrammeTemplate,
  type ProgrammeWindow,
  programmeFromTemplate,
  programmeTemplates,
} from "./defaults";
/** Judging commands (rounds, queues, screening, panels, scores, results, certificates): judging/commands.ts. */
export * from "./judging/commands";
export * from "./model";
export { authorize, can, type FestivalAction } from "./permissions";
export { blindValues, normaliseTrackingCode } from "./rules";

export interface Clock {
  now?: Date;
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const festivalErrors = {
  programmeNotFound: () =>
    new DomainError("festival.programme_not_found", "not_found", "این برنامه پیدا نشد."),
  entryNotFound: () => new DomainError("festival.entry_not_found", "not_found", "این اثر پیدا نشد."),
  windowClosed: () =>
    new DomainError(
      "festival.window_closed",
      "conflict",
      "مهلت ارسال اثر در این برنامه باز نیست؛ ثبت، ویرایش یا انصراف فقط در مهلت ارسال ممکن است.",
    ),
  entrantNotAllowed: () =>
    new DomainError(
      "festival.entrant_not_allowed",
      "input",
      "این برنامه برای این گروه از شرکت‌کنندگان نیست.",
      {
        fields: [{ path: "entrantKind", message: "این برنامه برای این گروه از شرکت‌کنندگان نیست." }],
      },
    ),
  profileRequired: () =>
    new DomainError(
      "festival.profile_required",
      "conflict",
      "برای ثبت اثر کودک، ابتدا نمایهٔ خود (نام، کد ملی و محله) را کامل کنید.",
    ),
  childAlreadyEntered: () =>
    new DomainError(
      "festival.child_already_entered",
      "conflict",
      "برای این کودک پیش‌تر در این برنامه اثری ثبت شده است؛ هر کودک فقط یک بار می‌تواند شرکت کند.",
    ),
  structureLocked: (fields: string[]) =>
    new DomainError(
      "festival.structure_locked",
      "conflict",
      "مهلت ارسال آغاز شده است؛ فرم، گروه‌ها و قواعد شرکت دیگر تغییر نمی‌کنند.",
      {
        fields: fields.map((path) => ({
          path: `changes.${path}`,
          message: "پس از آغاز مهلت ارسال تغییرپذیر نیست.",
        })),
      },
    ),
  staleVersion: () =>
    new DomainError(
      "festival.stale_version",
      "conflict",
      "این مورد در این فاصله تغییر کرده است. لطفاً صفحه را تازه کنید و دوباره تلاش کنید.",
    ),
  notEditable: () =>
    new DomainError(
      "festival.entry_not_editable",
      "conflict",
      "این اثر در مرحلهٔ داوری است و دیگر تغییر نمی‌کند.",
    ),
};

const at = (clock: Clock) => clock.now ?? new Date();

// ── programmes ───────────────────────────────────────────────────────────────────────────────

function toPublic(p: Programme): PublicProgramme {
  const { rounds, version, ...rest } = p;
  return rest;
}

async function programmeOrFail(id: string): Promise<Programme> {
  const p = ULID_PATTERN.test(id) ? await store.getProgramme(id) : undefined;
  if (!p) throw festivalErrors.programmeNotFound();
  return p;
}

export async function createProgramme(actor: Actor, input: unknown, clock: Clock = {}): Promise<Programme> {
  authorize(actor, "programme.create");
  const data = parseInput(programmeInput, input);
  const now = at(clock);
  const programme: Programme = {
    ...data,
    id: ulid(now.getTime()),
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.transact([
    store.createProgrammeItem(programme),
    auditItem({
      actor,
      action: "festival.programme_created",
      subject: { type: "programme", id: programme.id },
      data: { kind: programme.kind },
      at: now,
    }),
  ]);
  return programme;
}

/**
 * Changes what `changes` names. Once submissions have opened the structural fields (form,
 * entrants, categories, age groups, consent text, opening time) are frozen; titles, texts, the
 * closing and judging dates and the round configuration stay editable.
 */
export async function updateProgramme(
  actor: Actor,
  id: string,
  input: unknown,
  clock: Clock = {},
): Promise<Programme> {
  authorize(actor, "programme.update");
  const { version, changes } = parseInput(programmeUpdateInput, input);
  const now = at(clock);
  const current = await programmeOrFail(id);
  if (current.version !== version) throw festivalErrors.staleVersion();
  const locked = hasOpened(current, now) ? structuralChanges(current, changes) : [];
  if (locked.length > 0) throw festivalErrors.structureLocked(locked);

  const { id: _id, version: _v, createdAt, updatedAt: _u, ...currentData } = current;
  // The merged programme passes the same cross-field rules as a new one. Its issues are named
  // under `changes.`, as the request's own and the frozen-structure ones are, so an editor
  // finds every refusal at the input that sent it.
  const parsed = programmeInput.safeParse({ ...currentData, ...changes });
  if (!parsed.success)
    throw errors.invalid(fieldIssuesOf(parsed.error).map((f) => ({ ...f, path: `changes.${f.path}` })));
  const merged = parsed.data;
  const next: Programme = { ...merged, id, version: version + 1, createdAt, updatedAt: now.toISOString() };
  try {
    await store.transact([
      store.replaceProgrammeItem(next, version),
      auditItem({
        actor,
        action: "festival.programme_updated",
        subject: { type: "programme", id },
        data: { fields: Object.keys(changes) },
        at: now,
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw festivalErrors.staleVersion();
    throw e;
  }
  return next;
}

/** Every programme, latest closing first (first page of 50): the secretariat's list. */
export async function listProgrammes(actor: Actor): Promise<{ items: Programme[] }> {
  authorize(actor, "programme.listAll");
  return { items: (await store.listAllProgrammes()).items };
}

/** Programmes taking submissions now, closing soonest first. Open to everyone. */
export async function listOpenProgrammes(
  actor: Actor,
  clock: Clock = {},
): Promise<{ items: PublicProgramme[] }> {
  authorize(actor, "programme.listOpen");
  const now = at(clock);
  const items: PublicProgramme[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    // Only programmes not yet closed are read: the index is ordered by closing time.
    const page = await store.listProgrammesClosingFrom(now.toISOString(), startKey);
    for (const p of page.items) if (isSubmissionOpen(p, now)) items.push(toPublic(p));
    startKey = page.nextKey;
  } while (startKey);
  return { items };
}

/** Staff see everything; everyone else sees a programme once it has opened, without its rounds. */
export async function getProgramme(
  actor: Actor,
  id: string,
  clock: Clock = {},
): Promise<Programme | PublicProgramme> {
  const p = await programmeOrFail(id);
  if (can(actor, "programme.readAny")) return p;
  if (!hasOpened(p, at(clock))) throw festivalErrors.programmeNotFound();
  return toPublic(p);
}

// ── entries ──────────────────────────────────────────────────────────────────────────────────

type StoredEntry = Entry & { childHash?: string };

function toView(entry: StoredEntry, programme: Programme, now: Date): EntryView {
  const { submitterId, childHash, ...rest } = entry;
  return {
    ...rest,
    statusLabelFa: entryStatusLabelsFa[entry.status],
    editableUntil: programme.submissionClosesAt,
    editable: entry.status === "submitted" && isSubmissionOpen(programme, now),
  };
}

/** Where the entry belongs: chosen in the input, else the submitter's profile. */
function placeOf(
  input: { district?: string | undefined; neighbourhood?: string | undefined },
  profile: { district: string; neighbourhood: string } | null,
): { district: string; neighbourhood: string } {
  const district = input.district ?? (input.neighbourhood ? undefined : profile?.district);
  const neighbourhood = input.neighbourhood ?? (input.district ? undefined : profile?.neighbourhood);
  const issues: FieldIssue[] = [];
  if (!district) issues.push({ path: "district", message: "منطقه را انتخاب کنید." });
  if (!neighbourhood) issues.push({ path: "neighbourhood", message: "محله را انتخاب کنید." });
  else if (district && !isNeighbourhoodOf(neighbourhood, district))
    issues.push({ path: "neighbourhood", message: "این محله در منطقهٔ انتخاب‌شده نیست." });
  if (issues.length > 0 || !district || !neighbourhood) throw errors.invalid(issues);
  return { district, neighbourhood };
}

function checkCategory(programme: Programme, categoryId: string | undefined): FieldIssue[] {
  if (programme.categories.length === 0)
    return categoryId ? [{ path: "categoryId", message: "این برنامه محور ندارد." }] : [];
  if (!categoryId) return [{ path: "categoryId", message: "محور اثر را انتخاب کنید." }];
  if (!programme.categories.some((c) => c.id === categoryId))
    return [{ path: "categoryId", message: "محور انتخاب‌شده معتبر نیست." }];
  return [];
}

/**
 * Answers checked against the form, files resolved through blob: each must be the submitter's
 * own finalised upload of the field's purpose (someone else's id is simply "not found"), of an
 * accepted type and size.
 */
async function resolveValues(
  actor: Actor,
  fields: readonly FormField[],
  raw: Parameters<typeof checkValues>[1],
  extraIssues: FieldIssue[],
): Promise<Record<string, StoredValue>> {
  const checked = checkValues(fields, raw);
  const issues = [...extraIssues, ...checked.issues];
  if (issues.length > 0) throw errors.invalid(issues);
  const values: Record<string, StoredValue> = { ...checked.values };
  for (const field of fields) {
    const ids = checked.files[field.id];
    const rules = field.files;
    if (!ids || !rules) continue;
    const attached: AttachedFile[] = [];
    for (const [i, uploadId] of ids.entries()) {
      const upload = await requireReadyUpload(actor, uploadId, rules.purpose);
      const accepted = (rules.accept as readonly string[]).includes(upload.contentType);
      if (!accepted || upload.size > rules.maxBytes) {
        throw errors.invalid([
          {
            path: `values.${field.id}.${i}`,
            message: accepted
              ? "حجم فایل بیش از حد مجاز این فرم است."
              : "نوع این فایل در این فرم پذیرفته نیست.",
          },
        ]);
      }
      attached.push({
        uploadId: upload.id,
        objectKey: upload.objectKey,
        contentType: upload.contentType,
        size: upload.size,
        ...(processedPurposes.includes(upload.purpose)
          ? { thumbnailKey: thumbnailKey(upload.objectKey) }
          : {}),
      });
    }
    values[field.id] = attached;
  }
  return values;
}

export async function submitEntry(actor: Actor, input: unknown, clock: Clock = {}): Promise<EntryView> {
  authorize(actor, "entry.submit");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const data = parseInput(submitEntryInput, input);
  const now = at(clock);
  const programme = await programmeOrFail(data.programmeId);
  if (!hasOpened(programme, now)) throw festivalErrors.programmeNotFound();
  if (!isSubmissionOpen(programme, now)) throw festivalErrors.windowClosed();
  if (!programme.entrantKinds.includes(data.entrantKind)) throw festivalErrors.entrantNotAllowed();

  const me = await getMe(actor);
  const profile = me.kind === "citizen" ? me.profile : null;
  const issues = checkCategory(programme, data.categoryId);
  const forChild = data.entrantKind === "child_by_guardian";
  const forOrganisation = data.entrantKind === "organisation";
  if (forOrganisation && !data.organisation)
    issues.push({ path: "organisation", message: "مشخصات سازمان را وارد کنید." });
  if (!forOrganisation && data.organisation)
    issues.push({ path: "organisation", message: "مشخصات سازمان فقط برای ثبت از طرف سازمان است." });
  if (!forChild && (data.child || data.consent))
    issues.push({ path: "child", message: "مشخصات کودک فقط برای ثبت اثر کودک است." });

  let child: Entry["child"];
  let consent: Entry["consent"];
  let childHash: string | undefined;
  if (forChild) {
    if (!profile) throw festivalErrors.profileRequired();
    if (!data.child) issues.push({ path: "child", message: "مشخصات کودک را وارد کنید." });
    if (!data.consent || data.consent.textVersion !== programme.guardianConsent?.version)
      issues.push({ path: "consent", message: "لطفاً متن رضایت‌نامهٔ کنونی را بخوانید و بپذیرید." });
    if (data.child) {
      const { age, group } = childAge(programme, data.child.birthDate);
      if (!group) {
        issues.push({ path: "child.birthDate", message: "سن کودک در گروه‌های سنی این مسابقه نیست." });
      } else {
        child = {
          firstName: data.child.firstName,
          birthDate: data.child.birthDate,
          age,
          ageGroup: group.id,
          ...(data.child.schoolGrade !== undefined ? { schoolGrade: data.child.schoolGrade } : {}),
        };
        childHash = keyedHash(
          "festival-child",
          childKeyMaterial(programme.id, data.child.firstName, data.child.birthDate, actor.userId),
        );
      }
    }
    if (data.consent)
      consent = {
        textVersion: data.consent.textVersion,
        at: now.toISOString(),
        // Only a programme that asks for it (has a gallery text) can record it.
        ...(data.consent.gallery && programme.guardianConsent?.galleryTextFa ? { gallery: true } : {}),
      };
  }
  const place = placeOf(data, profile);
  const values = await resolveValues(actor, programme.form.fields, data.values, issues);

  const id = ulid(now.getTime());
  const base: Omit<StoredEntry, "trackingCode"> = {
    id,
    programmeId: programme.id,
    submitterId: actor.userId,
    entrantKind: data.entrantKind,
    ...(data.categoryId ? { categoryId: data.categoryId } : {}),
    ...(data.organisation ? { organisation: data.organisation } : {}),
    ...(child ? { child } : {}),
    ...(consent ? { consent } : {}),
    ...(childHash ? { childHash } : {}),
    ...place,
    values,
    status: "submitted",
    version: 1,
    submittedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    const entry: StoredEntry = { ...base, trackingCode: newTrackingCode() };
    const { items, at: claimAt } = store.createEntryItems(entry, { childHash, requestId: data.requestId });
    try {
      await store.transact([
        ...items,
        auditItem({
          actor,
          action: "festival.entry_submitted",
          subject: { type: "entry", id },
          data: { programmeId: programme.id, entrantKind: entry.entrantKind },
          at: now,
        }),
      ]);
      await notifySubmitter(actor.userId, smsTexts.received(programme, entry.trackingCode));
      return toView(entry, programme, now);
    } catch (e) {
      const codes = store.cancellationCodes(e);
      const failed = (i: number | undefined) => i !== undefined && codes?.[i] === "ConditionalCheckFailed";
      // A retry of a request that already made its entry: answer that entry.
      if (failed(claimAt.request) && data.requestId) {
        const made = await store.entryIdOfRequest(actor.userId, data.requestId);
        const existing = made ? await store.getEntry(made) : undefined;
        if (existing) return toView(existing, programme, now);
      }
      if (failed(claimAt.child)) throw festivalErrors.childAlreadyEntered();
      // A tracking-code collision (1 in 2^40 per existing code): draw another.
      if (failed(claimAt.tracking) && attempt < 3) continue;
      throw e;
    }
  }
}

/** The submitter's own entry; anyone else is told it does not exist. */
async function ownEntry(
  actor: Actor,
  action: "entry.edit" | "entry.withdraw" | "entry.read",
  entryId: string,
) {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  // Staff never submit, so "forbidden" tells them nothing about which entries exist.
  if (actor.kind !== "citizen") throw errors.forbidden(`festival: ${action}`);
  const entry = ULID_PATTERN.test(entryId) ? await store.getEntry(entryId) : undefined;
  if (!entry || !can(actor, action, entry)) throw festivalErrors.entryNotFound();
  return { entry, programme: await programmeOrFail(entry.programmeId) };
}

/**
 * Changes the answers, category or place of a submitted entry while the window is open. The
 * entrant (who, which child) is fixed: to change it, withdraw and submit again.
 */
export async function editEntry(
  actor: Actor,
  entryId: string,
  input: unknown,
  clock: Clock = {},
): Promise<EntryView> {
  const data = parseInput(editEntryInput, input);
  const { entry, programme } = await ownEntry(actor, "entry.edit", entryId);
  const now = at(clock);
  if (!isSubmissionOpen(programme, now)) throw festivalErrors.windowClosed();
  if (entry.status !== "submitted") throw festivalErrors.notEditable();
  if (entry.version !== data.version) throw festivalErrors.staleVersion();
  // Unchanged unless the submitter names a new place.
  const place = placeOf(data, { district: entry.district, neighbourhood: entry.neighbourhood });
  const values = await resolveValues(
    actor,
    programme.form.fields,
    data.values,
    checkCategory(programme, data.categoryId),
  );
  const { categoryId: _old, ...withoutCategory } = entry;
  const next: StoredEntry = {
    ...withoutCategory,
    ...(data.categoryId ? { categoryId: data.categoryId } : {}),
    ...place,
    values,
    version: entry.version + 1,
    updatedAt: now.toISOString(),
  };
  try {
    await store.transact([
      store.replaceEntryItem(next, entry.version),
      auditItem({
        actor,
        action: "festival.entry_edited",
        subject: { type: "entry", id: entry.id },
        data: { programmeId: entry.programmeId },
        at: now,
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw festivalErrors.staleVersion();
    throw e;
  }
  return toView(next, programme, now);
}

/**
 * Withdraws a submitted entry while the window is open; it leaves the district queue and a
 * child's place in the programme is freed (the guardian may submit again). Withdrawing twice
 * answers the withdrawn entry.
 */
export async function withdrawEntry(actor: Actor, entryId: string, clock: Clock = {}): Promise<EntryView> {
  const { entry, programme } = await ownEntry(actor, "entry.withdraw", entryId);
  const now = at(clock);
  if (entry.status === "withdrawn") return toView(entry, programme, now);
  if (!isSubmissionOpen(programme, now)) throw festivalErrors.windowClosed();
  if (entry.status !== "submitted") throw festivalErrors.notEditable();
  const next: StoredEntry = {
    ...entry,
    status: "withdrawn",
    version: entry.version + 1,
    updatedAt: now.toISOString(),
    withdrawnAt: now.toISOString(),
  };
  try {
    await store.transact([
      store.replaceEntryItem(next, entry.version),
      ...(entry.childHash ? [store.releaseChildItem(entry.childHash, entry.id)] : []),
      auditItem({
        actor,
        action: "festival.entry_withdrawn",
        subject: { type: "entry", id: entry.id },
        data: { programmeId: entry.programmeId },
        at: now,
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] !== "ConditionalCheckFailed") throw e;
    const current = await store.getEntry(entry.id);
    if (current?.status === "withdrawn") return toView(current, programme, now);
    throw festivalErrors.staleVersion();
  }
  return toView(next, programme, now);
}

export async function getEntry(actor: Actor, entryId: string, clock: Clock = {}): Promise<EntryView> {
  const { entry, programme } = await ownEntry(actor, "entry.read", entryId);
  return toView(entry, programme, at(clock));
}

/** The citizen's entries, newest first (the latest 50), each with its status. */
export async function getMyEntries(actor: Actor, clock: Clock = {}): Promise<{ items: EntryView[] }> {
  authorize(actor, "entry.listMine");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const now = at(clock);
  const { items } = await store.listEntriesOfUser(actor.userId, 50);
  const ids = [...new Set(items.map((e) => e.programmeId))];
  const programmes = new Map(
    (await Promise.all(ids.map((id) => store.getProgramme(id)))).flatMap((p) => (p ? [[p.id, p]] : [])),
  );
  const views = items.flatMap((e) => {
    const p = programmes.get(e.programmeId);
    return p ? [toView(e, p, now)] : [];
  });
  // The submitter's own works: each card shows its first image (signing is local, no request).
  return {
    items: await Promise.all(
      views.map(async (v) => {
        const key = firstThumbnailKey(v);
        return key ? { ...v, thumbnailUrl: (await presignRead(key)).url } : v;
      }),
    ),
  };
}

function firstThumbnailKey(entry: Pick<Entry, "values">): string | undefined {
  for (const value of Object.values(entry.values))
    if (Array.isArray(value))
      for (const f of value)
        if (typeof f === "object" && f !== null && "thumbnailKey" in f && f.thumbnailKey)
          return f.thumbnailKey;
  return undefined;
}
