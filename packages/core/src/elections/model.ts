/**
 * The election's public shapes: ballots, trackers, chain heads, windows and results. Browser-safe
 * (zod only): the API validates and documents with these schemas, the web shows receipts and the
 * bulletin board with them, and the record (record.ts) and its verifier are built from them.
 *
 * Encodings, fixed so that anyone can re-implement the verifier:
 *  - trackers and nonces: RFC 4648 base32, lowercase, no padding (a 32-byte tracker is 52
 *    characters, a 16-byte nonce 26) — read aloud and typed by voters, so no mixed case;
 *  - chain links and heads: lowercase hex of the SHA-256 digest;
 *  - signatures and the election's public key: standard base64 (raw Ed25519, 64 and 32 bytes).
 */
import { z } from "zod";

/** The election rules the law fixes; commands and the verifier read them from here only. */
export const ELECTION_RULES = {
  /** Candidates are at least 25 on the day they register. */
  minCandidateAge: 25,
  /** Candidates have lived in the neighbourhood for at least 6 months (declared with proof). */
  minResidenceMonths: 6,
  /** The voting day may be extended by at most 4 hours in total. */
  maxExtensionMinutes: 240,
} as const;

export const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const base32Of = (bytes: number) => new RegExp(`^[a-z2-7]{${Math.ceil((bytes * 8) / 5)}}$`);

export const TRACKER_BYTES = 32;
export const NONCE_BYTES = 16;

/** A tracker exactly as stored and published. */
export const trackerValueSchema = z
  .string()
  .regex(base32Of(TRACKER_BYTES), { error: "کد پیگیری رأی درست نیست." });
export type Tracker = string;

/** A tracker as a person types it: spaces, dashes and capitals are forgiven. */
export const trackerSchema = z
  .string({ error: "کد پیگیری رأی را وارد کنید." })
  .transform((s) => s.trim().toLowerCase().replace(/[\s-]/g, ""))
  .pipe(trackerValueSchema);

export const nonceSchema = z
  .string()
  .regex(base32Of(NONCE_BYTES), { error: "رمز یک‌بار مصرف رأی درست نیست." });

export const hashHexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** Election ids are ULIDs (the store makes them); candidate and neighbourhood ids are short codes. */
export const electionIdSchema = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);
export const candidateIdSchema = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, { error: "نامزد نامعتبر است." });
export const neighbourhoodCodeSchema = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/);

/**
 * What a ballot says — and all it says: no voter, no session, no time. Choices are kept sorted and
 * unique (see validateBallot), so equal votes have equal content and the tracker hashes one form.
 */
export const ballotContentSchema = z.object({
  electionId: electionIdSchema,
  neighbourhoodId: neighbourhoodCodeSchema,
  choices: z.array(candidateIdSchema),
});
export type BallotContent = z.output<typeof ballotContentSchema>;

/** The voter's receipt: the tracker to look up on the bulletin board, and the nonce that opens it. */
export const receiptSchema = z.object({
  electionId: electionIdSchema,
  neighbourhoodId: neighbourhoodCodeSchema,
  tracker: trackerValueSchema,
  nonce: nonceSchema,
});
export type Receipt = z.output<typeof receiptSchema>;

/**
 * A chain head as the sealer signs it: after `length` trackers the neighbourhood's chain ends in
 * `head`. `sealedAt` is when the batch was sealed, never when any ballot was cast.
 */
export const chainHeadSchema = z.object({
  electionId: electionIdSchema,
  neighbourhoodId: neighbourhoodCodeSchema,
  length: z.number().int().nonnegative(),
  head: hashHexSchema,
  sealedAt: z.iso.datetime(),
});
export type ChainHead = z.output<typeof chainHeadSchema>;

export const signedHeadSchema = chainHeadSchema.extend({
  /** Ed25519 over signedHeadMessage(head), base64. */
  signature: z.base64(),
});
export type SignedHead = z.output<typeof signedHeadSchema>;

/** Seats and choices, the same for every neighbourhood of an election. */
export const seatsSchema = z
  .object({
    mainSeats: z.number().int().min(1).max(50),
    alternateSeats: z.number().int().min(0).max(50),
    /** How many candidates one ballot may name. */
    maxChoices: z.number().int().min(1).max(100),
  })
  .refine((s) => s.maxChoices <= s.mainSeats + s.alternateSeats, {
    error: "تعداد انتخاب‌ها بیش از کرسی‌ها است.",
    path: ["maxChoices"],
  });
export type Seats = z.output<typeof seatsSchema>;

/**
 * The voting window as instants (ISO, UTC). `extendedMinutes` is the total extension granted so
 * far; the window closes at closesAt + extendedMinutes.
 */
export const votingWindowSchema = z
  .object({
    opensAt: z.iso.datetime(),
    closesAt: z.iso.datetime(),
    maxExtensionMinutes: z.number().int().min(0).max(ELECTION_RULES.maxExtensionMinutes),
    extendedMinutes: z.number().int().min(0).max(ELECTION_RULES.maxExtensionMinutes),
  })
  .refine((w) => w.opensAt < w.closesAt, {
    error: "پایان رأی‌گیری باید پس از آغاز آن باشد.",
    path: ["closesAt"],
  })
  .refine((w) => w.extendedMinutes <= w.maxExtensionMinutes, { path: ["extendedMinutes"] });
export type VotingWindow = z.output<typeof votingWindowSchema>;

const wallClock = z
  .string({ error: "ساعت را وارد کنید." })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "ساعت را به شکل ۰۸:۰۰ وارد کنید." });

/**
 * How administrators set the window: one Tehran day and wall-clock times (8:00–16:00 in the 5th
 * term). votingWindowOf (rules.ts) turns it into instants.
 */
export const votingWindowInput = z
  .object({
    day: z.iso.date({ error: "روز رأی‌گیری را وارد کنید." }),
    opens: wallClock,
    closes: wallClock,
    maxExtensionMinutes: z
      .number()
      .int()
      .min(0)
      .max(ELECTION_RULES.maxExtensionMinutes, { error: "تمدید بیش از ۴ ساعت مجاز نیست." })
      .default(ELECTION_RULES.maxExtensionMinutes),
  })
  .refine((w) => w.opens < w.closes, { error: "پایان رأی‌گیری باید پس از آغاز آن باشد.", path: ["closes"] });
export type VotingWindowInput = z.input<typeof votingWindowInput>;

/** A neighbourhood's result: counts for every approved candidate, and the seats they give. */
export const neighbourhoodResultSchema = z.object({
  counts: z.record(candidateIdSchema, z.number().int().nonnegative()),
  main: z.array(candidateIdSchema),
  alternates: z.array(candidateIdSchema),
  /** The seed of the published tie-break draw (tieBreakSeedOf), hex. */
  tieBreakSeed: hashHexSchema,
});
export type NeighbourhoodResult = z.output<typeof neighbourhoodResultSchema>;
