/**
 * Starting configurations for the two programmes the municipality runs every year (domain.md
 * sections 1 and 5). The secretariat edits the result before creating it; nothing here is
 * special-cased elsewhere. Browser-safe.
 */
import { type AgeBand, ageBands } from "./judging/ageGroups";
import { hamiDefaultRounds, paintingDefaultRounds } from "./judging/rounds";
import type { ProgrammeInput } from "./model";

const MB = 1024 * 1024;

export interface ProgrammeWindow {
  title?: string;
  submissionOpensAt: string;
  submissionClosesAt: string;
  judgingStartsAt?: string;
  judgingEndsAt?: string;
}

/** The Hami festival: three axes, entrants from citizens to NGOs, district → central → jury. */
export function createHamiProgramme(window: ProgrammeWindow): ProgrammeInput {
  return {
    kind: "festival",
    title: window.title ?? "جشنواره حامی",
    description:
      "جشنوارهٔ حمایت‌های اجتماعی مردمی: معرفی کارهای مردم، سمن‌ها و خیریه‌ها در محله‌های تهران در سه محور کارآفرینی، رفاه و خدمات اجتماعی و مشارکت‌های مردمی.",
    ...window,
    categories: [
      { id: "entrepreneurship", titleFa: "کارآفرینی" },
      { id: "welfare", titleFa: "رفاه و خدمات اجتماعی" },
      { id: "participation", titleFa: "مشارکت‌های مردمی" },
    ],
    entrantKinds: ["citizen", "organisation", "council_assistant"],
    form: {
      fields: [
        { id: "title", labelFa: "عنوان اثر یا فعالیت", kind: "text", required: true, maxLength: 150 },
        { id: "summary", labelFa: "شرح فعالیت", kind: "long_text", required: true, maxLength: 5000 },
        { id: "beneficiaries", labelFa: "شمار بهره‌مندان", kind: "number", min: 0, max: 10_000_000 },
        { id: "started_on", labelFa: "تاریخ آغاز فعالیت", kind: "date" },
        {
          id: "contact_name",
          labelFa: "نام و نام خانوادگی رابط",
          kind: "text",
          required: true,
          private: true,
        },
        {
          id: "contact_phone",
          labelFa: "تلفن تماس",
          kind: "text",
          required: true,
          private: true,
          maxLength: 20,
        },
        {
          id: "photos",
          labelFa: "تصویرها",
          kind: "files",
          files: {
            purpose: "artwork",
            accept: ["image/jpeg", "image/png", "image/webp"],
            maxBytes: 10 * MB,
            maxCount: 5,
          },
        },
        {
          id: "documents",
          labelFa: "مستندات",
          kind: "files",
          private: true,
          files: { purpose: "document", accept: ["application/pdf"], maxBytes: 20 * MB, maxCount: 5 },
        },
      ],
    },
    rounds: hamiDefaultRounds(),
  };
}

/** One age group per year of age 4–14: the 11 groups of «شهری که من دوست دارم». */
export const defaultAgeGroups = (): AgeBand[] => ageBands(4, 14, 1);

/** The children's painting contest: guardians submit one painting per child; board, then jury. */
export function createPaintingProgramme(window: ProgrammeWindow): ProgrammeInput {
  return {
    kind: "painting",
    title: window.title ?? "مسابقه نقاشی «شهری که من دوست دارم»",
    description: "کودکان ۴ تا ۱۴ سالهٔ تهرانی، شهری را که دوست دارند نقاشی می‌کنند؛ ولیِ کودک اثر را ثبت می‌کند.",
    ...window,
    entrantKinds: ["child_by_guardian"],
    ageGroups: defaultAgeGroups(),
    guardianConsent: {
      version: "1",
      textFa: "اینجانب ولی قانونی کودک هستم و با شرکت او در این مسابقه موافقم.",
      galleryTextFa:
        "اگر اثر برگزیده شود، با نمایش آن در نگارخانهٔ عمومی با نام کوچک، گروه سنی و منطقهٔ کودک (بدون نام خانوادگی، مدرسه یا نشانی تماس) موافقم.",
    },
    form: {
      fields: [
        {
          id: "theme",
          labelFa: "موضوع",
          kind: "choice",
          required: true,
          options: [
            { id: "environment", labelFa: "محیط زیست و فضای سبز" },
            { id: "transport", labelFa: "حمل‌ونقل" },
            { id: "services", labelFa: "خدمات شهری" },
            { id: "social", labelFa: "زندگی اجتماعی و فرهنگی" },
            { id: "leisure", labelFa: "اوقات فراغت و ورزش" },
          ],
        },
        { id: "title", labelFa: "نام نقاشی", kind: "text", maxLength: 100 },
        { id: "story", labelFa: "دربارهٔ نقاشی", kind: "long_text", maxLength: 1000 },
        {
          id: "painting",
          labelFa: "تصویر نقاشی",
          kind: "files",
          required: true,
          files: {
            purpose: "artwork",
            accept: ["image/jpeg", "image/png", "image/webp"],
            maxBytes: 10 * MB,
            maxCount: 1,
          },
        },
      ],
    },
    rounds: paintingDefaultRounds(),
  };
}

export const programmeTemplates = {
  hami: createHamiProgramme,
  painting: createPaintingProgramme,
} as const satisfies Record<string, (w: ProgrammeWindow) => ProgrammeInput>;
export type ProgrammeTemplate = keyof typeof programmeTemplates;

const windowKeys = [
  "title",
  "submissionOpensAt",
  "submissionClosesAt",
  "judgingStartsAt",
  "judgingEndsAt",
] as const satisfies readonly (keyof ProgrammeWindow)[];

/**
 * A template filled in: the template's programme for the body's window, then every other key the
 * body gives (rounds, categories, form …) in place of the template's. The template itself only
 * sees the window fields, so it can never put its own value over one the secretariat chose.
 * Validation stays createProgramme's.
 */
export function programmeFromTemplate(
  template: ProgrammeTemplate,
  body: Record<string, unknown>,
): ProgrammeInput {
  const window = Object.fromEntries(
    windowKeys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]),
  ) as unknown as ProgrammeWindow;
  return { ...programmeTemplates[template](window), ...body } as ProgrammeInput;
}
