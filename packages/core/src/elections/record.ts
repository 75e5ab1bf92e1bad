/**
 * The election record: the one JSON document anyone can download after close and check with the
 * standalone verifier (verify.ts, `npm run verify-election <record.json>`) without trusting the
 * municipality. It holds everything needed to recompute the result and nothing about any voter:
 *
 *  - the election: id, title, seats, the draw seed published before voting, the voting window,
 *    and the Ed25519 public key the chain heads are signed with;
 *  - per neighbourhood: the eligible count (the roll) and the participation count (voters marked
 *    as having voted), the approved candidates in ballot order, every ballot in chain order as
 *    {tracker, nonce, choices}, every signed chain head, and the published result.
 *
 * Nonces are published with the ballots: with them anyone can recompute every tracker from its
 * choices, so the signed chain commits to what each ballot says, not only to its tracker — an
 * altered choice breaks a tracker even if the counts were altered to match. This reveals nothing
 * the record does not already say (choices sit next to trackers), and links no ballot to a voter.
 * Chain links are not stored: they are recomputed from the trackers and checked against the heads.
 */
import { z } from "zod";
import { chainGenesis, chainLinks } from "./chain";
import {
  candidateIdSchema,
  electionIdSchema,
  hashHexSchema,
  neighbourhoodCodeSchema,
  neighbourhoodResultSchema,
  nonceSchema,
  type Seats,
  type SignedHead,
  seatsSchema,
  signedHeadSchema,
  trackerValueSchema,
  votingWindowSchema,
} from "./model";
import { neighbourhoodResult, tieBreakSeedOf } from "./tally";

export const RECORD_FORMAT = "hamdel-election-record-v1";

export const recordBallotSchema = z.object({
  tracker: trackerValueSchema,
  nonce: nonceSchema,
  /** Sorted candidate ids, as cast. */
  choices: z.array(candidateIdSchema),
});
export type RecordBallot = z.output<typeof recordBallotSchema>;

export const recordNeighbourhoodSchema = z.object({
  neighbourhoodId: neighbourhoodCodeSchema,
  /** Voters on the roll. */
  eligible: z.number().int().nonnegative(),
  /** Voters marked as having voted (online or at a branch). */
  participation: z.number().int().nonnegative(),
  /** Approved candidates, in the published ballot order (ballotOrder of the draw seed). */
  candidates: z.array(candidateIdSchema),
  /** Every ballot, in chain order. */
  ballots: z.array(recordBallotSchema),
  /** Every signed head, in increasing length; the last covers the whole chain. */
  heads: z.array(signedHeadSchema),
  results: neighbourhoodResultSchema,
});
export type RecordNeighbourhood = z.output<typeof recordNeighbourhoodSchema>;

export const electionRecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  election: z.object({
    id: electionIdSchema,
    title: z.string(),
    seats: seatsSchema,
    /** 32 random bytes, hex, published before voting opens: the ballot order and tie-break draws use it. */
    drawSeed: hashHexSchema,
    votingWindow: votingWindowSchema,
    /** Raw Ed25519 public key, base64 (32 bytes). */
    publicKey: z.base64(),
    /** preliminary until the complaints are ruled on, then final. */
    status: z.enum(["preliminary", "final"]),
    generatedAt: z.iso.datetime(),
  }),
  neighbourhoods: z.array(recordNeighbourhoodSchema),
});
export type ElectionRecord = z.output<typeof electionRecordSchema>;

/**
 * One neighbourhood's part of the record, with its result computed from its ballots (tally.ts) and
 * the tie-break seed drawn from the final chain head — what the close of the election publishes.
 * `ballots` in chain order; `heads` in the order they were signed.
 */
export function recordNeighbourhood(args: {
  electionId: string;
  neighbourhoodId: string;
  drawSeed: string;
  seats: Pick<Seats, "mainSeats" | "alternateSeats">;
  eligible: number;
  participation: number;
  candidates: readonly string[];
  ballots: readonly RecordBallot[];
  heads: readonly SignedHead[];
}): RecordNeighbourhood {
  const finalHead =
    chainLinks(
      chainGenesis(args.electionId, args.neighbourhoodId),
      args.ballots.map((b) => b.tracker),
    ).at(-1) ?? chainGenesis(args.electionId, args.neighbourhoodId);
  return {
    neighbourhoodId: args.neighbourhoodId,
    eligible: args.eligible,
    participation: args.participation,
    candidates: [...args.candidates],
    ballots: [...args.ballots],
    heads: [...args.heads],
    results: neighbourhoodResult({
      candidateIds: args.candidates,
      ballots: args.ballots,
      seats: args.seats,
      tieBreakSeed: tieBreakSeedOf(args.drawSeed, finalHead),
    }),
  };
}
