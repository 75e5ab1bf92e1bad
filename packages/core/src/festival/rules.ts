/**
 * Programme and entry rules as pure functions (no I/O), unit-tested on their own: the
 * submission window, age groups, tracking codes, the child-uniqueness key material, and the
 * check of an entry's answers against the programme's form. Browser-safe.
 */

import type { FieldIssue } from "../error";
import { normaliseText, parseJalaliDate, tehranDateIso } from "../fa";
import { ageGroupOn } from "./judging/ageGroups";
import {
  type AgeGroup,
  type FieldValue,
  type FormField,
  type Programme,
  type ProgrammeData,
  structuralFields,
} from "./model";

/** Submissions are accepted from the opening instant up to, not including, the closing one. */
export function isSubmissionOpen(
  p: Pick<Programme, "submissionOpensAt" | "submissionClosesAt">,
  now: Date,
): boolean {
  const t = now.toISOString();
  return p.submissionOpensAt <= t && t < p.submissionClosesAt;
}

export function hasOpened(p: Pick<Programme, "submissionOpensAt">, now: Date): boolean {
  return p.submissionOpensAt <= now.toISOString();
}

/** The day ages are counted on: the programme's reference date, or the Tehran day submissions open. */
export function ageReferenceDay(p: Pick<Programme, "ageReferenceDate" | "submissionOpensAt">): string {
  return p.ageReferenceDate ?? tehranDateIso(new Date(p.submissionOpensAt));
}

/** Crockford base32: no I, L, O, U, so a code read aloud or typed by hand is unambiguous. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const TRACKING_CODE_LENGTH = 8;

/** 8 random Crockford characters (40 bits); uniqueness is made sure by a conditional put. */
export function newTrackingCode(random: (n: number) => Uint8Array = randomBytes): string {
  return Array.from(random(TRACKING_CODE_LENGTH), (b) => CROCKFORD[b & 31]).join("");
}

function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** A code as typed: lower case, spaces, dashes, and the look-alikes Crockford folds (O→0, I/L→1). */
export function normaliseTrackingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return new RegExp(`^[${CROCKFORD}]{${TRACKING_CODE_LENGTH}}$`).test(s) ? s : null;
}

/**
 * What identifies "the same child" in one programme: the first name (normalised, spaces and
 * ZWNJ dropped so «محمد علی» and «محمدعلی» match), the birth date and the guardian's account.
 * The guardian's account stands for the guardian because entering for a child needs a complete
 * profile, and identity allows one account per national id; so a second account of the same
 * guardian would need another person's national id. The caller stores only a keyed hash of it.
 */
export function childKeyMaterial(
  programmeId: string,
  firstName: string,
  birthDate: string,
  guardianId: string,
): string {
  const name = normaliseText(firstName).replace(/[\s\u200C]/g, "");
  return [programmeId, name, birthDate, guardianId].join("\u0000");
}

/**
 * Which structural fields an update would change (see model.structuralFields). A field sent
 * with its current value is no change, so a form may send the whole programme back.
 */
export function structuralChanges(current: ProgrammeData, changes: Partial<ProgrammeData>): string[] {
  return structuralFields.filter(
    (f) => changes[f] !== undefined && canonical(changes[f]) !== canonical(current[f]),
  );
}

/** JSON with object keys sorted: stored items come back from DynamoDB in any key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export interface CheckedValues {
  /** Non-file answers, normalised (trimmed text, ISO dates, option ids). */
  values: Record<string, string | number | string[]>;
  /** Upload ids per files field, still to be resolved against blob. */
  files: Record<string, string[]>;
  issues: FieldIssue[];
}

const DEFAULT_MAX = { text: 300, long_text: 5000 } as const;

/**
 * Checks answers against a form: unknown fields, missing required ones, and each kind's rules.
 * Issue paths are `values.<fieldId>` so the form can show them next to the field.
 */
export function checkValues(fields: readonly FormField[], input: Record<string, FieldValue>): CheckedValues {
  const out: CheckedValues = { values: {}, files: {}, issues: [] };
  const known = new Set(fields.map((f) => f.id));
  for (const id of Object.keys(input)) {
    if (!known.has(id)) out.issues.push({ path: `values.${id}`, message: "این پرسش در فرم نیست." });
  }
  for (const field of fields) {
    const path = `values.${field.id}`;
    const raw = input[field.id];
    const empty =
      raw === undefined ||
      (typeof raw === "string" && raw.trim() === "") ||
      (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (field.required) out.issues.push({ path, message: `«${field.labelFa}» را پر کنید.` });
      continue;
    }
    const issue = (message: string) => out.issues.push({ path, message });
    switch (field.kind) {
      case "text":
      case "long_text": {
        if (typeof raw !== "string") {
          issue("پاسخ باید متن باشد.");
          break;
        }
        const text = normaliseText(raw, { multiline: field.kind === "long_text" });
        const max = field.maxLength ?? DEFAULT_MAX[field.kind];
        if (text.length > max) issue(`پاسخ حداکثر ${max} نویسه است.`);
        else out.values[field.id] = text;
        break;
      }
      case "number": {
        const n =
          typeof raw === "number"
            ? raw
            : typeof raw === "string"
              ? Number(normaliseText(raw, { asciiDigits: true }))
              : Number.NaN;
        if (!Number.isFinite(n)) issue("پاسخ باید عدد باشد.");
        else if (field.min !== undefined && n < field.min) issue(`کمترین مقدار ${field.min} است.`);
        else if (field.max !== undefined && n > field.max) issue(`بیشترین مقدار ${field.max} است.`);
        else out.values[field.id] = n;
        break;
      }
      case "choice": {
        const picked = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : null;
        const ids = new Set(field.options?.map((o) => o.id));
        if (!picked || picked.some((p) => !ids.has(p))) issue("گزینهٔ انتخاب‌شده معتبر نیست.");
        else if (picked.length > 1 && !field.multiple) issue("فقط یک گزینه را انتخاب کنید.");
        else if (new Set(picked).size !== picked.length) issue("گزینه‌ها تکراری است.");
        else out.values[field.id] = field.multiple ? picked : (picked[0] as string);
        break;
      }
      case "date": {
        const date = typeof raw === "string" ? parseJalaliDate(raw) : null;
        if (!date) issue("تاریخ درست نیست؛ مثلاً ۱۴۰۳/۰۲/۱۵.");
        else out.values[field.id] = date.iso;
        break;
      }
      case "files": {
        const ids = Array.isArray(raw) ? raw : null;
        const max = field.files?.maxCount ?? 1;
        if (!ids) issue("فایل‌ها را پیوست کنید.");
        else if (ids.length > max) issue(`حداکثر ${max} فایل می‌توان پیوست کرد.`);
        else if (new Set(ids).size !== ids.length) issue("یک فایل دو بار پیوست شده است.");
        else out.files[field.id] = ids;
        break;
      }
    }
  }
  return out;
}

/** Age in whole years on the programme's reference day, and its group (undefined when none fits). */
export function childAge(
  p: Pick<Programme, "ageReferenceDate" | "submissionOpensAt" | "ageGroups">,
  birthDate: string,
): { age: number; group: AgeGroup | undefined } {
  return ageGroupOn(birthDate, ageReferenceDay(p), p.ageGroups);
}

/**
 * An entry's answers as a juror may see them: fields marked private are left out. (The entrant's
 * own identity — submitter, organisation, child — is outside `values` and never shown blind.)
 */
export function blindValues<V>(fields: readonly FormField[], values: Record<string, V>): Record<string, V> {
  const hidden = new Set(fields.filter((f) => f.private).map((f) => f.id));
  return Object.fromEntries(Object.entries(values).filter(([id]) => !hidden.has(id)));
}
