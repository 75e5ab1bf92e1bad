/**
 * Counting and seats, as pure functions shared by the close of the election (the store) and the
 * verifier, so the published result and its check are the same code.
 *
 * The published rules:
 *  - every approved candidate gets one vote per ballot that names them;
 *  - candidates are ranked by votes, most first; candidates with equal votes are ordered by a draw:
 *    ascending SHA-256("hamdel-draw-v1|tie-break|" ‖ seed ‖ "|" ‖ candidateId), hex;
 *  - the seed of that draw is tieBreakSeedOf(drawSeed, final chain head): the election's draw seed,
 *    published before voting opens, mixed with the neighbourhood's last signed head, so nobody
 *    (administrators included) can know the draw before the last ballot is in;
 *  - the first `mainSeats` ranked candidates are the main members and the next `alternateSeats`
 *    the alternates — but a seat needs at least one vote, so seats can stay empty.
 */
import { compareCodeUnits, sha256Hex } from "./chain";
import type { NeighbourhoodResult, Seats } from "./model";

export type DrawPurpose = "tie-break" | "ballot-order";

/** A candidate's place in a published draw: lower keys come first. */
export function drawKey(purpose: DrawPurpose, seed: string, candidateId: string): string {
  return sha256Hex(`hamdel-draw-v1|${purpose}|${seed}|${candidateId}`);
}

/** Candidates in the order of the draw. Independent of the input order; ids should be unique. */
export function drawOrder(purpose: DrawPurpose, seed: string, candidateIds: readonly string[]): string[] {
  return candidateIds
    .map((id) => ({ id, key: drawKey(purpose, seed, id) }))
    .sort((a, b) => compareCodeUnits(a.key, b.key) || compareCodeUnits(a.id, b.id))
    .map((c) => c.id);
}

export function tieBreakSeedOf(drawSeed: string, finalHead: string): string {
  return sha256Hex(`hamdel-tiebreak-v1|${drawSeed}|${finalHead}`);
}

/**
 * Votes per candidate: every approved candidate appears, with 0 when nobody chose them. Throws on
 * a choice outside the list — ballots are validated when cast, so that is corruption, not input.
 */
export function tallyBallots(
  candidateIds: readonly string[],
  ballots: Iterable<{ choices: readonly string[] }>,
): Record<string, number> {
  const counts = new Map<string, number>(candidateIds.map((id) => [id, 0]));
  for (const ballot of ballots) {
    for (const choice of ballot.choices) {
      const count = counts.get(choice);
      if (count === undefined) throw new RangeError(`A ballot names an unknown candidate: ${choice}`);
      counts.set(choice, count + 1);
    }
  }
  return Object.fromEntries(counts);
}

export interface RankedCandidate {
  candidateId: string;
  votes: number;
  /** The candidate's tie-break draw key (only decides between equal votes). */
  drawKey: string;
}

/** Every candidate, most votes first, equal votes by the tie-break draw. */
export function rankCandidates(
  counts: Readonly<Record<string, number>>,
  tieBreakSeed: string,
): RankedCandidate[] {
  return Object.entries(counts)
    .map(([candidateId, votes]) => ({
      candidateId,
      votes,
      drawKey: drawKey("tie-break", tieBreakSeed, candidateId),
    }))
    .sort((a, b) => b.votes - a.votes || compareCodeUnits(a.drawKey, b.drawKey));
}

/** Main members and alternates from a ranking; only candidates with votes take seats. */
export function allocateSeats(
  ranking: readonly RankedCandidate[],
  seats: Pick<Seats, "mainSeats" | "alternateSeats">,
): { main: string[]; alternates: string[] } {
  const electable = ranking.filter((c) => c.votes > 0).map((c) => c.candidateId);
  return {
    main: electable.slice(0, seats.mainSeats),
    alternates: electable.slice(seats.mainSeats, seats.mainSeats + seats.alternateSeats),
  };
}

/** A neighbourhood's whole result from its ballots: what the close publishes and the verifier recomputes. */
export function neighbourhoodResult(args: {
  candidateIds: readonly string[];
  ballots: Iterable<{ choices: readonly string[] }>;
  seats: Pick<Seats, "mainSeats" | "alternateSeats">;
  tieBreakSeed: string;
}): NeighbourhoodResult {
  const counts = tallyBallots(args.candidateIds, args.ballots);
  const { main, alternates } = allocateSeats(rankCandidates(counts, args.tieBreakSeed), args.seats);
  return { counts, main, alternates, tieBreakSeed: args.tieBreakSeed };
}
