/**
 * Programmes (a festival edition, a painting contest, an essay contest, a call for designs) and
 * the entries people submit to them. Browser-safe (zod, fa, geo and blob's model only): the HTTP
 * layer validates and documents with these schemas, the web builds its forms from a programme's
 * form definition, and every command parses its input with them again.
 *
 * A programme is configuration, not code: its form, file rules, categories, who may enter, age
 * groups and judging rounds are data, so a new contest is a new programme, not a release.
 * Windows are stored as ISO instants and shown in Jalali (Tehran time).
 */
import { z } from "zod";
import { uploadContentTypes, uploadPurposes } from "../blob/model";
import { normaliseText, parseJalaliDate, toAsciiDigits, toPersianDigits } from "../fa";
import { districtIdSchema, neighbourhoodIdSchema } from "../geo/model";
import { type JudgingRound, judgingRoundSchema } from "./judging/rounds";

export const programmeKinds = ["festival", "painting", "essay", "design_call"] as const;
export type ProgrammeKind = (typeof programmeKinds)[number];
export const programmeKindLabelsFa: Record<ProgrammeKind, string> = {
  festival: "جشنواره",
  painting: "مسابقه نقاشی",
  essay: "مسابقه انشانویسی",
  design_call: "فراخوان طرح",
};

/** Who may enter. Organisations are NGOs, CBOs and charities; a guardian enters for a child. */
export const entrantKinds = ["citizen", "organisation", "council_assistant", "child_by_guardian"] as const;
export type EntrantKind = (typeof entrantKinds)[number];
export const entrantKindLabelsFa: Record<EntrantKind, string> = {
  citizen: "شهروند",
  organisation: "سازمان مردم‌نهاد، نهاد محلی یا خیریه",
  council_assistant: "شورایار",
  child_by_guardian: "کودک (با ثبت ولی)",
};

export const organisationKinds = ["ngo", "cbo", "charity"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const fieldKinds = ["text", "long_text", "number", "choice", "date", "files"] as const;
export type FieldKind = (typeof fieldKinds)[number];

/** Ids inside a programme (fields, categories, age groups, rounds): short ASCII slugs. */
const slug = z
  .string({ error: "شناسه را وارد کنید." })
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: "شناسه باید با حرف لاتین کوچک شروع شود (حداکثر ۴۰ نویسه)." });

const label = (max = 200) =>
  z
    .string({ error: "عنوان را وارد کنید." })
    .transform((s) => normaliseText(s))
    .pipe(
      z.string().min(1, { error: "عنوان را وارد کنید." }).max(max, { error: "عنوان بیش از حد بلند است." }),
    );

const instant = z.iso
  .datetime({ offset: true, error: "زمان باید به قالب ISO باشد." })
  .transform((s) => new Date(s).toISOString());

export const choiceOptionSchema = z.object({ id: slug, labelFa: label(100) });

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** What a files field accepts: the upload purpose, a subset of its types, a size cap and a count. */
export const fileRulesSchema = z
  .object({
    purpose: z.enum(["artwork", "document"]),
    accept: z
      .array(z.enum(uploadContentTypes, { error: "این نوع فایل شناخته نیست." }))
      .min(1, { error: "دست‌کم یک نوع فایل را بپذیرید." })
      .max(uploadContentTypes.length),
    maxBytes: z
      .number({ error: "حجم بیشینه را به عدد بنویسید." })
      .int({ error: "حجم بیشینه را به عدد بنویسید." })
      .min(1, { error: "حجم بیشینه باید بیش از صفر باشد." })
      .max(MAX_FILE_BYTES, { error: "حجم هر فایل حداکثر ۲۰ مگابایت است." }),
    maxCount: z
      .number({ error: "شمار فایل‌ها را به عدد بنویسید." })
      .int({ error: "شمار فایل‌ها باید عدد صحیح باشد." })
      .min(1, { error: "دست‌کم یک فایل باید پذیرفته شود." })
      .max(20, { error: "حداکثر ۲۰ فایل پذیرفته می‌شود." }),
  })
  .superRefine((rules, ctx) => {
    const allowed: Partial<Record<string, number>> = uploadPurposes[rules.purpose].accept;
    rules.accept.forEach((type, i) => {
      if (allowed[type] === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["accept", i],
          message: "این نوع فایل برای این کاربرد پذیرفته نیست.",
        });
    });
    // Storage refuses anything over the purpose's own cap, so a larger promise would fail at upload
    // (over the 20 MB ceiling is already said once).
    const largest = Math.max(0, ...rules.accept.map((type) => allowed[type] ?? 0));
    if (largest > 0 && rules.maxBytes > largest && rules.maxBytes <= MAX_FILE_BYTES)
      ctx.addIssue({
        code: "custom",
        path: ["maxBytes"],
        message: `برای این نوع فایل‌ها حداکثر ${toPersianDigits(largest / (1024 * 1024))} مگابایت پذیرفته است.`,
      });
  });
export type FileRules = z.output<typeof fileRulesSchema>;

export const formFieldSchema = z
  .object({
    id: slug,
    labelFa: label(200),
    helpFa: label(500).optional(),
    kind: z.enum(fieldKinds),
    required: z.boolean().default(false),
    /** Hidden from jurors (names, phone numbers, anything that identifies the entrant). */
    private: z.boolean().default(false),
    /** text/long_text: the longest answer accepted. */
    maxLength: z.number().int().min(1).max(20_000).optional(),
    /** number: bounds. */
    min: z.number().optional(),
    max: z.number().optional(),
    /** choice: the options and whether several may be picked. */
    options: z.array(choiceOptionSchema).min(1).max(100).optional(),
    multiple: z.boolean().optional(),
    /** files: what may be attached. */
    files: fileRulesSchema.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind === "choice" && !f.options)
      ctx.addIssue({ code: "custom", path: ["options"], message: "گزینه‌های پرسش چندگزینه‌ای را وارد کنید." });
    if (f.kind === "files" && !f.files)
      ctx.addIssue({ code: "custom", path: ["files"], message: "قواعد فایل را مشخص کنید." });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      ctx.addIssue({ code: "custom", path: ["max"], message: "بیشینه از کمینه کوچک‌تر است." });
  });
export type FormField = z.output<typeof formFieldSchema>;

export const categorySchema = z.object({ id: slug, titleFa: label(100) });
export type Category = z.output<typeof categorySchema>;

/** Children's contests accept ages 4–14; groups are inclusive year ranges. */
export const MIN_CHILD_AGE = 4;
export const MAX_CHILD_AGE = 14;
const childAgeMessage = "سن باید عددی صحیح از ۴ تا ۱۴ باشد.";
const childAge = z
  .number({ error: childAgeMessage })
  .int({ error: childAgeMessage })
  .min(MIN_CHILD_AGE, { error: childAgeMessage })
  .max(MAX_CHILD_AGE, { error: childAgeMessage });
export const ageGroupSchema = z
  .object({
    id: slug,
    titleFa: label(100),
    minAge: childAge,
    maxAge: childAge,
  })
  .refine((g) => g.minAge <= g.maxAge, { path: ["maxAge"], error: "بازهٔ سنی درست نیست." });
export type AgeGroup = z.output<typeof ageGroupSchema>;

/**
 * A programme's judging rounds are configuration, validated by festival/judging's round model.
 * A due date is stored in UTC like the programme's own instants: the dashboard compares it with
 * now as a string, which an offset such as +03:30 would get wrong.
 */
export const roundConfigSchema = judgingRoundSchema.transform((r) =>
  r.dueAt ? { ...r, dueAt: new Date(r.dueAt).toISOString() } : r,
);
export type RoundConfig = JudgingRound;

/**
 * The text a guardian agrees to; its version is recorded with each consent. Showing a winning
 * work in the public gallery is a separate, optional agreement (`galleryTextFa`): a guardian may
 * let the child take part without letting the work and first name be shown.
 */
export const consentTextSchema = z.object({
  version: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
  textFa: label(4000),
  galleryTextFa: label(2000).optional(),
});

const programmeShape = {
  kind: z.enum(programmeKinds, { error: "نوع برنامه را انتخاب کنید." }),
  title: label(200),
  description: z
    .string()
    .transform((s) => normaliseText(s, { multiline: true }))
    .pipe(z.string().max(10_000)),
  submissionOpensAt: instant,
  submissionClosesAt: instant,
  judgingStartsAt: instant.optional(),
  judgingEndsAt: instant.optional(),
  resultsAt: instant.optional(),
  categories: z.array(categorySchema).max(30),
  entrantKinds: z.array(z.enum(entrantKinds)).min(1, { error: "دست‌کم یک گروه شرکت‌کننده لازم است." }),
  ageGroups: z.array(ageGroupSchema).max(20),
  /** Ages are counted on this day (ISO date); by default the day submissions open (Tehran). */
  ageReferenceDate: z.iso.date().optional(),
  guardianConsent: consentTextSchema.optional(),
  form: z.object({ fields: z.array(formFieldSchema).min(1).max(50) }),
  rounds: z.array(roundConfigSchema).max(10),
};

type ProgrammeDraft = {
  submissionOpensAt: string;
  submissionClosesAt: string;
  judgingStartsAt?: string | undefined;
  judgingEndsAt?: string | undefined;
  categories: Category[];
  entrantKinds: EntrantKind[];
  ageGroups: AgeGroup[];
  guardianConsent?: unknown;
  form: { fields: FormField[] };
  rounds: RoundConfig[];
};

/** Cross-field rules of a programme, shared by create and update. */
export function programmeIssues(p: ProgrammeDraft): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  if (p.submissionClosesAt <= p.submissionOpensAt)
    issues.push({ path: ["submissionClosesAt"], message: "پایان مهلت ارسال باید پس از آغاز آن باشد." });
  if (p.judgingStartsAt && p.judgingStartsAt < p.submissionClosesAt)
    issues.push({ path: ["judgingStartsAt"], message: "داوری پیش از پایان مهلت ارسال آغاز نمی‌شود." });
  if (p.judgingStartsAt && p.judgingEndsAt && p.judgingEndsAt < p.judgingStartsAt)
    issues.push({ path: ["judgingEndsAt"], message: "پایان داوری باید پس از آغاز آن باشد." });
  p.rounds.forEach((r, i) => {
    if (r.dueAt && r.dueAt < p.submissionClosesAt)
      issues.push({ path: ["rounds", i, "dueAt"], message: "مهلت مرحله باید پس از پایان مهلت ارسال باشد." });
  });
  const children = p.entrantKinds.includes("child_by_guardian");
  if (children && p.ageGroups.length === 0)
    issues.push({ path: ["ageGroups"], message: "برای مسابقهٔ کودکان، گروه‌های سنی را مشخص کنید." });
  if (children && !p.guardianConsent)
    issues.push({ path: ["guardianConsent"], message: "متن رضایت ولی را وارد کنید." });
  const sorted = [...p.ageGroups].sort((a, b) => a.minAge - b.minAge);
  sorted.forEach((g, i) => {
    const prev = sorted[i - 1];
    if (prev && g.minAge <= prev.maxAge)
      issues.push({ path: ["ageGroups"], message: "گروه‌های سنی هم‌پوشانی دارند." });
  });
  const unique = (what: string, ids: string[]) => {
    if (new Set(ids).size !== ids.length) issues.push({ path: [what], message: "شناسه‌ها تکراری است." });
  };
  unique(
    "categories",
    p.categories.map((c) => c.id),
  );
  unique(
    "ageGroups",
    p.ageGroups.map((g) => g.id),
  );
  unique(
    "form",
    p.form.fields.map((f) => f.id),
  );
  unique(
    "rounds",
    p.rounds.map((r) => r.id),
  );
  return issues;
}

/** Optional parts of a new programme; an update's absent keys stay as they are, so only create defaults. */
export const programmeInput = z
  .object({
    ...programmeShape,
    description: programmeShape.description.default(""),
    categories: programmeShape.categories.default([]),
    ageGroups: programmeShape.ageGroups.default([]),
    rounds: programmeShape.rounds.default([]),
  })
  .superRefine((p, ctx) => {
    for (const issue of programmeIssues(p)) ctx.addIssue({ code: "custom", ...issue });
  });
export type ProgrammeInput = z.input<typeof programmeInput>;
export type ProgrammeData = z.output<typeof programmeInput>;

/** An update names only what changes; `version` is the one the editor read. */
export const programmeUpdateInput = z.object({
  version: z.number().int().min(1),
  changes: z.object(programmeShape).partial(),
});
export type ProgrammeUpdateInput = z.input<typeof programmeUpdateInput>;

/**
 * Fields that shape the entries already submitted: they are frozen once submissions open, so
 * every entry of a programme was made against the same form and rules.
 */
export const structuralFields = [
  "kind",
  "submissionOpensAt",
  "categories",
  "entrantKinds",
  "ageGroups",
  "ageReferenceDate",
  "guardianConsent",
  "form",
] as const satisfies ReadonlyArray<keyof ProgrammeData>;

export interface Programme extends ProgrammeData {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The public view of an open programme: its rules, without staff-only configuration. */
export type PublicProgramme = Omit<Programme, "rounds" | "version">;

// ── entries ──────────────────────────────────────────────────────────────────────────────────

/**
 * An entry's life. Submitting, editing and withdrawing happen here; the judging rounds
 * (festival/judging) move entries through the later stages. The submitter sees every stage.
 */
export const entryStatuses = [
  "submitted",
  "withdrawn",
  "in_screening",
  "returned",
  "selected",
  "forwarded",
  "in_judging",
  "winner",
  "honourable_mention",
  "not_selected",
] as const;
export type EntryStatus = (typeof entryStatuses)[number];
export const entryStatusLabelsFa: Record<EntryStatus, string> = {
  submitted: "دریافت شد",
  withdrawn: "انصراف داده شد",
  in_screening: "در حال بررسی دبیرخانه منطقه",
  returned: "بازگردانده شد",
  selected: "برگزیدهٔ مرحلهٔ منطقه",
  forwarded: "ارسال‌شده به دبیرخانه مرکزی",
  in_judging: "در حال داوری",
  winner: "برگزیده",
  honourable_mention: "شایستهٔ تقدیر",
  not_selected: "راه نیافت",
};

const childFirstName = z
  .string({ error: "نام کودک را وارد کنید." })
  .transform((s) => normaliseText(s))
  .pipe(
    z
      .string()
      .min(2, { error: "نام کودک دست‌کم ۲ حرف است." })
      .max(40, { error: "نام کودک حداکثر ۴۰ حرف است." }),
  );

const birthDate = z.string({ error: "تاریخ تولد را وارد کنید." }).transform((value, ctx) => {
  const date = parseJalaliDate(value);
  if (!date) {
    ctx.addIssue({ code: "custom", message: "تاریخ تولد درست نیست؛ مثلاً ۱۳۹۵/۰۳/۱۲." });
    return z.NEVER;
  }
  return date.iso;
});

export const childInput = z.object({
  firstName: childFirstName,
  birthDate,
  schoolGrade: z.number().int().min(0).max(12).optional(),
});

export const guardianConsentInput = z.object({
  given: z.literal(true, { error: "رضایت ولی لازم است." }),
  /** The version of the consent text the guardian was shown. */
  textVersion: z.string().min(1).max(40),
  /** The guardian also agrees to the gallery text: a winning work may be shown with the first name. */
  gallery: z.boolean().optional(),
});

export const organisationInput = z.object({
  kind: z.enum(organisationKinds),
  name: label(200),
  /** The organisation's national id (شناسه ملی, 11 digits) or registration number. */
  registrationNumber: z
    .string()
    .transform((s) => toAsciiDigits(s).trim())
    .pipe(z.string().regex(/^[0-9A-Za-z-]{1,30}$/, { error: "شمارهٔ ثبت درست نیست." }))
    .optional(),
});

/** Field answers as sent; checked against the programme's form by rules.checkValues. */
export const fieldValueSchema = z.union([
  z.string().max(20_000),
  z.number(),
  z.array(z.string().max(100)).max(20),
]);
export type FieldValue = z.output<typeof fieldValueSchema>;

const place = {
  district: z
    .string()
    .transform((s) =>
      toAsciiDigits(s)
        .trim()
        .replace(/^0+(?=\d)/, ""),
    )
    .pipe(districtIdSchema)
    .optional(),
  neighbourhood: neighbourhoodIdSchema.optional(),
};

export const submitEntryInput = z.object({
  programmeId: z.string().min(1).max(64),
  /**
   * Chosen by the client once per form submission (e.g. a ULID) and sent again on retries:
   * a retried request answers the entry the first one made instead of making a second.
   */
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "شناسهٔ درخواست نامعتبر است." })
    .optional(),
  entrantKind: z.enum(entrantKinds),
  categoryId: slug.optional(),
  organisation: organisationInput.optional(),
  child: childInput.optional(),
  consent: guardianConsentInput.optional(),
  /** Defaults to the submitter's profile. */
  ...place,
  values: z.record(slug, fieldValueSchema).default({}),
});
export type SubmitEntryInput = z.input<typeof submitEntryInput>;

export const editEntryInput = z.object({
  version: z.number().int().min(1),
  categoryId: slug.optional(),
  ...place,
  values: z.record(slug, fieldValueSchema),
});
export type EditEntryInput = z.input<typeof editEntryInput>;

export interface AttachedFile {
  uploadId: string;
  objectKey: string;
  contentType: string;
  size: number;
  /** Present for images: the 480 px WebP thumbnail made at finalise. */
  thumbnailKey?: string;
}

/** Stored answers: strings, numbers, option ids, ISO dates, or attached files. */
export type StoredValue = string | number | string[] | AttachedFile[];

export interface EntryChild {
  firstName: string;
  birthDate: string;
  age: number;
  ageGroup: string;
  schoolGrade?: number;
}

export interface Entry {
  id: string;
  programmeId: string;
  trackingCode: string;
  submitterId: string;
  entrantKind: EntrantKind;
  categoryId?: string;
  organisation?: { kind: OrganisationKind; name: string; registrationNumber?: string };
  child?: EntryChild;
  /** `gallery`: the guardian agreed to the public gallery (absent or false: never shown there). */
  consent?: { textVersion: string; at: string; gallery?: boolean };
  district: string;
  neighbourhood: string;
  values: Record<string, StoredValue>;
  status: EntryStatus;
  version: number;
  submittedAt: string;
  updatedAt: string;
  withdrawnAt?: string;
}

/** An entry as its submitter sees it. */
export interface EntryView extends Omit<Entry, "submitterId"> {
  statusLabelFa: string;
  /** Until when it may still be edited or withdrawn (the window's close). */
  editableUntil: string;
  editable: boolean;
  /** In the submitter's own list only: the first image's thumbnail, a signed URL valid for minutes. */
  thumbnailUrl?: string;
}
