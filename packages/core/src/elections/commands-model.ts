/**
 * Inputs and views of the election commands (setup, roll, candidates, voting, complaints). The
 * public shapes of ballots, chains and results are model.ts; these are the shapes of requests.
 * Browser-safe (zod and geo data only), so the API and the web can use them too.
 */
import { z } from "zod";
import { neighbourhoodIdSchema } from "../geo/model";
import { candidateIdSchema, seatsSchema, trackerSchema, votingWindowInput } from "./model";

const instant = (label: string) => z.iso.datetime({ error: `${label} را به شکل تاریخ و ساعت وارد کنید.` });

/** A [opensAt, closesAt) window given as instants. */
const windowInput = (label: string) =>
  z
    .object({ opensAt: instant(`آغاز ${label}`), closesAt: instant(`پایان ${label}`) })
    .refine((w) => Date.parse(w.opensAt) < Date.parse(w.closesAt), {
      error: `پایان ${label} باید پس از آغاز آن باشد.`,
      path: ["closesAt"],
    });

export const createElectionInput = z
  .object({
    title: z
      .string({ error: "عنوان انتخابات را وارد کنید." })
      .trim()
      .min(3, { error: "عنوان انتخابات کوتاه است." })
      .max(200),
    /** The term number (5 for the 5th term of the council-assistants). */
    term: z.number({ error: "دوره را وارد کنید." }).int().min(1).max(100),
    neighbourhoods: z
      .array(neighbourhoodIdSchema)
      .min(1, { error: "دست‌کم یک محله را انتخاب کنید." })
      .max(400)
      .refine((ids) => new Set(ids).size === ids.length, { error: "محله‌ای دو بار آمده است." }),
    seats: seatsSchema,
    registration: windowInput("ثبت‌نام نامزدها"),
    /** Tehran day and wall-clock times; rules.votingWindowOf makes the instants. */
    voting: votingWindowInput,
    complaints: windowInput("مهلت شکایت"),
  })
  .superRefine((e, ctx) => {
    // Registration ends before voting starts; complaints open only once voting can have closed.
    // Checked on the instants after votingWindowOf, in the command (needs the Tehran conversion).
    if (Date.parse(e.registration.closesAt) > Date.parse(e.complaints.opensAt)) {
      ctx.addIssue({
        code: "custom",
        path: ["complaints", "opensAt"],
        message: "مهلت شکایت باید پس از ثبت‌نام باشد.",
      });
    }
  });
export type CreateElectionInput = z.input<typeof createElectionInput>;

export const extendVotingInput = z.object({
  minutes: z.number({ error: "مدت تمدید را وارد کنید." }).int().min(1).max(240),
  reason: z.string({ error: "دلیل تمدید را بنویسید." }).trim().min(3).max(500),
});

export const importRollInput = z.object({
  /** CSV: national id, mobile, neighbourhood id per line; an optional header line. */
  csv: z
    .string({ error: "فایل فهرست رأی‌دهندگان را بفرستید." })
    .min(1)
    .max(20 * 1024 * 1024),
});

/** Largest roll workbook accepted (a 200k-voter roll is about 5 MB as .xlsx). */
export const ROLL_XLSX_MAX_BYTES = 16 * 1024 * 1024;

/** What importRoll reads: CSV text, or the bytes of an Excel workbook (.xlsx, first sheet). */
export const importRollFileInput = z.union([
  importRollInput,
  z.object({
    xlsx: z
      .instanceof(Uint8Array, { error: "فایل اکسل فهرست رأی‌دهندگان را بفرستید." })
      .refine((b) => b.byteLength > 0, { error: "فایل اکسل خالی است." })
      .refine((b) => b.byteLength <= ROLL_XLSX_MAX_BYTES, { error: "فایل اکسل بزرگ‌تر از ۱۶ مگابایت است." }),
  }),
]);

export const rollRejectionReasons = [
  "malformed",
  "bad_national_id",
  "bad_mobile",
  "unknown_neighbourhood",
  "duplicate_in_file",
  "other_neighbourhood",
] as const;
export type RollRejectionReason = (typeof rollRejectionReasons)[number];

export interface RollImportReport {
  /** Data lines read (the header not counted). */
  rows: number;
  /** New entries on the roll. */
  added: number;
  /** Already on the roll of the same neighbourhood (a re-import): nothing changed. */
  alreadyListed: number;
  rejected: Array<{ line: number; reason: RollRejectionReason }>;
}

// ── residence declarations ───────────────────────────────────────────────────────────────────

/**
 * A citizen not on the roll declares where they live. The national id is their profile's (never
 * typed here: one account per national id, so nobody declares for someone else's id), the mobile
 * the one they signed in with; the proof is a finalised `document` upload of their own.
 */
export const declareResidenceInput = z.object({
  neighbourhoodId: z.string({ error: "محلهٔ سکونت را انتخاب کنید." }).min(1).max(64),
  proofUploadId: z.string({ error: "مدرک سکونت را بارگذاری کنید." }).min(1).max(64),
});

export const decideResidenceInput = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("verify") }),
    z.object({
      decision: z.literal("reject"),
      reason: z.string({ error: "دلیل رد را بنویسید." }).trim().min(3).max(1000),
    }),
  ],
  { error: "تأیید یا رد را انتخاب کنید." },
);

export const residenceStatuses = ["pending", "verified", "rejected"] as const;
export type ResidenceStatus = (typeof residenceStatuses)[number];

/** Which declarations an administrator pages through: by status, oldest first, after a cursor. */
export const residencePageInput = z.object({
  status: z.enum(residenceStatuses, { error: "وضعیت نامعتبر است." }).default("pending"),
  after: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[0-9a-f]{32}$/, {
      error: "نشانی صفحهٔ فهرست درست نیست.",
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A declaration as its citizen sees it. */
export interface ResidenceDeclarationView {
  id: string;
  electionId: string;
  neighbourhoodId: string;
  status: ResidenceStatus;
  /** Why it was rejected; the citizen may declare again with another proof. */
  reason?: string;
  declaredAt: string;
  decidedAt?: string;
}

/** The citizen's standing: their declaration (if any), and whether they are on the roll already. */
export interface MyResidenceView {
  declaration: ResidenceDeclarationView | null;
  onRoll: boolean;
}

/** A declaration as administrators and observers see it when verifying. */
export interface ResidenceReviewView extends ResidenceDeclarationView {
  /** The profile's name and the last three digits of its national id, when declared. */
  name: string;
  nationalIdLast3: string;
  /** A signed GET link to the proof of residence, valid until expiresAt (minutes). */
  proof: { url: string; expiresAt: string };
}

export interface ResidenceReviewPage {
  items: ResidenceReviewView[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

const isoDate = (label: string) => z.iso.date({ error: `${label} را به شکل ۲۰۲۵-۰۱-۳۱ وارد کنید.` });

export const applyCandidacyInput = z.object({
  statement: z
    .string({ error: "بیانیهٔ نامزدی را بنویسید." })
    .trim()
    .min(20, { error: "بیانیه دست‌کم ۲۰ نویسه باشد." })
    .max(4000),
  residenceSince: isoDate("تاریخ آغاز سکونت"),
  photoUploadId: z.string({ error: "عکس را بارگذاری کنید." }).min(1).max(64),
  proofUploadId: z.string({ error: "مدرک سکونت را بارگذاری کنید." }).min(1).max(64),
});

export const decideCandidacyInput = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve") }),
  z.object({
    decision: z.literal("reject"),
    reason: z.string({ error: "دلیل رد را بنویسید." }).trim().min(3).max(1000),
  }),
]);

export const appealInput = z.object({
  text: z.string({ error: "متن اعتراض را بنویسید." }).trim().min(10).max(4000),
});

export const candidateStatuses = ["submitted", "approved", "rejected", "appealed"] as const;
export type CandidateStatus = (typeof candidateStatuses)[number];

/** A candidate as the public and the applicant see them (no user id, no mobile, no national id). */
export interface CandidateView {
  id: string;
  electionId: string;
  neighbourhoodId: string;
  name: string;
  statement: string;
  status: CandidateStatus;
  rejectionReason?: string;
  appealUsed: boolean;
}

/** An application as administrators and observers see it when deciding. */
export interface ApplicationView extends CandidateView {
  residenceSince: string;
  appealText?: string;
  /** Signed GET links to the uploads, valid until expiresAt (minutes). */
  files: { photoUrl: string; proofUrl: string; expiresAt: string };
}

const choicesInput = z.array(candidateIdSchema, { error: "نامزدها را انتخاب کنید." }).max(100);

export const castOnlineInput = z.object({
  /** Typed again at voting; checked against the roll and, through the identity provider, the mobile. */
  nationalId: z.string({ error: "کد ملی را وارد کنید." }).max(20),
  choices: choicesInput,
});

export const issueBallotCodeInput = z.object({
  nationalId: z.string({ error: "کد ملی را وارد کنید." }).max(20),
});

const ballotCodeInput = z
  .string({ error: "کد برگهٔ رأی را وارد کنید." })
  .transform((s) => s.trim().toLowerCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[a-z2-7]{16}$/, { error: "کد برگهٔ رأی درست نیست." }));

export const castAtKioskInput = z.object({ code: ballotCodeInput, choices: choicesInput });

/** The kiosk asks which ballot a code opens before showing it. */
export const kioskBallotInput = z.object({ code: ballotCodeInput });

/** The online voter asks which ballot is theirs (their roll entry's neighbourhood) before choosing. */
export const voterBallotInput = z.object({
  nationalId: z.string({ error: "کد ملی را وارد کنید." }).max(20),
});

export const lookupTrackerInput = z.object({ tracker: trackerSchema });

export const fileComplaintInput = z.object({
  neighbourhoodId: z.string().max(64).optional(),
  text: z.string({ error: "متن شکایت را بنویسید." }).trim().min(10).max(4000),
});

export const ruleComplaintInput = z.object({
  decision: z.enum(["upheld", "dismissed"], { error: "رأی را انتخاب کنید." }),
  reason: z.string({ error: "دلیل رأی را بنویسید." }).trim().min(3).max(2000),
});
