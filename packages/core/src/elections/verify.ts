/**
 * The verifier of an election record: recomputes everything the record claims from what it holds
 * and reports each disagreement as a finding. An empty list means the record is consistent and
 * signed by the election key it names. Pure — it reads only its argument — so the CLI
 * (scripts/hamdel-verify.ts), the tests and anyone's own copy run the same checks.
 *
 * What it checks, per neighbourhood:
 *  1. the record's shape (schema), unique neighbourhoods, unique candidates in the published
 *     ballot order (a draw from the election's seed);
 *  2. every ballot: valid choices (sorted, unique, approved candidates, 1..maxChoices) and its
 *     tracker recomputed from (election, neighbourhood, choices, nonce); no tracker twice;
 *  3. the chain: every link rebuilt from the genesis over the ballots' trackers, every signed
 *     head matches the link at its length, heads never go back, trackers within each sealed
 *     batch are in value order, the last head covers every ballot, and every signature verifies
 *     with the record's public key;
 *  4. counts: ballots = participation ≤ eligible;
 *  5. the result: the tie-break seed derived from the draw seed and the final chain head, the
 *     counts recomputed from the ballots, and the main members and alternates re-ranked.
 */
import type { KeyObject } from "node:crypto";
import {
  ballotTracker,
  batchOrder,
  chainGenesis,
  chainLinks,
  publicKeyFromBase64,
  verifyHeadSignature,
} from "./chain";
import { type ElectionRecord, electionRecordSchema, type RecordNeighbourhood } from "./record";
import { ballotOrder, validateBallot } from "./rules";
import { neighbourhoodResult, tieBreakSeedOf } from "./tally";

export interface Finding {
  /** Stable code: "tracker_mismatch", "head_mismatch", "count_mismatch" … */
  code: string;
  neighbourhoodId?: string;
  /** What is wrong, for the person running the verifier. */
  message: string;
}

/** What was checked in one neighbourhood, for the verifier's printout. */
export interface NeighbourhoodCheck {
  neighbourhoodId: string;
  eligible: number;
  participation: number;
  ballots: number;
  chainLength: number;
  finalHead: string;
  signedHeads: number;
  signaturesValid: number;
  counts: Record<string, number>;
  main: string[];
  alternates: string[];
}

export interface VerificationReport {
  electionId?: string;
  neighbourhoods: NeighbourhoodCheck[];
  findings: Finding[];
}

/** The findings only: empty = the record verifies. */
export function verifyRecord(record: unknown): Finding[] {
  return auditRecord(record).findings;
}

/** Every check, with what was checked. */
export function auditRecord(input: unknown): VerificationReport {
  const parsed = electionRecordSchema.safeParse(input);
  if (!parsed.success) {
    return {
      neighbourhoods: [],
      findings: parsed.error.issues.map((issue) => ({
        code: "record_malformed",
        message: `record${issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${issue.message}`,
      })),
    };
  }
  const record = parsed.data;
  const findings: Finding[] = [];

  let publicKey: KeyObject | undefined;
  try {
    publicKey = publicKeyFromBase64(record.election.publicKey);
  } catch {
    findings.push({ code: "public_key_invalid", message: "election.publicKey is not a 32-byte Ed25519 key" });
  }

  const seen = new Set<string>();
  for (const n of record.neighbourhoods) {
    if (seen.has(n.neighbourhoodId)) {
      findings.push({
        code: "neighbourhood_duplicate",
        neighbourhoodId: n.neighbourhoodId,
        message: "the neighbourhood appears twice in the record",
      });
    }
    seen.add(n.neighbourhoodId);
  }

  const neighbourhoods = record.neighbourhoods.map((n) => checkNeighbourhood(record, n, publicKey, findings));
  return { electionId: record.election.id, neighbourhoods, findings };
}

function checkNeighbourhood(
  record: ElectionRecord,
  n: RecordNeighbourhood,
  publicKey: KeyObject | undefined,
  findings: Finding[],
): NeighbourhoodCheck {
  const { id: electionId, seats, drawSeed } = record.election;
  const neighbourhoodId = n.neighbourhoodId;
  const find = (code: string, message: string) => findings.push({ code, neighbourhoodId, message });

  // 1. candidates
  const approved = new Set(n.candidates);
  if (approved.size !== n.candidates.length) find("candidate_duplicate", "a candidate is listed twice");
  const expectedOrder = ballotOrder(drawSeed, [...approved]);
  if (expectedOrder.join() !== n.candidates.join()) {
    find(
      "ballot_order_mismatch",
      "the candidates are not in the ballot order drawn from the election's draw seed",
    );
  }

  // 2. ballots
  const valid: RecordNeighbourhood["ballots"] = [];
  const trackers = new Set<string>();
  n.ballots.forEach((ballot, i) => {
    const where = `ballot #${i + 1} (tracker ${ballot.tracker.slice(0, 12)}…)`;
    const check = validateBallot(ballot.choices, {
      approvedCandidateIds: approved,
      maxChoices: seats.maxChoices,
    });
    if (!check.ok) find("ballot_invalid", `${where}: ${check.issue.code.replaceAll("_", " ")}`);
    else if (check.choices.join() !== ballot.choices.join())
      find("ballot_invalid", `${where}: choices not sorted`);
    else valid.push(ballot);
    if (
      ballotTracker({ electionId, neighbourhoodId, choices: ballot.choices }, ballot.nonce) !== ballot.tracker
    ) {
      find("tracker_mismatch", `${where}: the tracker is not the hash of its choices and nonce`);
    }
    if (trackers.has(ballot.tracker)) find("tracker_duplicate", `${where}: the tracker appears twice`);
    trackers.add(ballot.tracker);
  });

  // 3. the chain and its signed heads
  const genesis = chainGenesis(electionId, neighbourhoodId);
  const chain = n.ballots.map((b) => b.tracker);
  const links = chainLinks(genesis, chain);
  const linkAt = (length: number) => (length === 0 ? genesis : links[length - 1]);
  const finalHead = linkAt(chain.length) as string;
  let signaturesValid = 0;
  let previous = { length: 0, sealedAt: "1970-01-01T00:00:00Z" };
  n.heads.forEach((head, j) => {
    const where = `head #${j + 1} (length ${head.length})`;
    if (head.electionId !== electionId || head.neighbourhoodId !== neighbourhoodId) {
      find("head_misplaced", `${where}: signed for ${head.electionId}/${head.neighbourhoodId}`);
    }
    if (head.length < previous.length || Date.parse(head.sealedAt) < Date.parse(previous.sealedAt)) {
      find(
        "head_out_of_order",
        `${where}: goes back from length ${previous.length} sealed ${previous.sealedAt}`,
      );
    }
    if (head.length > chain.length) {
      find("head_beyond_chain", `${where}: the record holds only ${chain.length} ballots`);
    } else if (linkAt(head.length) !== head.head) {
      find("head_mismatch", `${where}: the chain rebuilt from the ballots does not end in the signed head`);
    } else if (head.length > previous.length) {
      const batch = chain.slice(previous.length, head.length);
      if (batchOrder(batch).join() !== batch.join()) {
        find("batch_order", `${where}: trackers of the batch ending here are not in value order`);
      }
    }
    if (publicKey) {
      if (verifyHeadSignature(head, publicKey)) signaturesValid++;
      else
        find("signature_invalid", `${where}: the signature does not verify with the election's public key`);
    }
    previous = { length: Math.max(previous.length, head.length), sealedAt: head.sealedAt };
  });
  const lastHead = n.heads.at(-1);
  if (!lastHead) find("chain_unsigned", "no signed head");
  else if (lastHead.length !== chain.length) {
    find("chain_unsigned", `the last signed head covers ${lastHead.length} of ${chain.length} ballots`);
  }

  // 4. counts
  if (n.ballots.length !== n.participation) {
    find(
      "participation_mismatch",
      `${n.ballots.length} ballots but ${n.participation} voters marked as voted`,
    );
  }
  if (n.participation > n.eligible) {
    find("participation_exceeds_eligible", `${n.participation} voted of only ${n.eligible} eligible`);
  }

  // 5. the result
  const tieBreakSeed = tieBreakSeedOf(drawSeed, finalHead);
  if (n.results.tieBreakSeed !== tieBreakSeed) {
    find(
      "tie_break_seed_mismatch",
      "the tie-break seed is not derived from the draw seed and the final chain head",
    );
  }
  const result = neighbourhoodResult({ candidateIds: [...approved], ballots: valid, seats, tieBreakSeed });
  for (const id of new Set([...Object.keys(result.counts), ...Object.keys(n.results.counts)])) {
    const recomputed = result.counts[id];
    const published = n.results.counts[id];
    if (recomputed !== published) {
      find(
        "count_mismatch",
        `candidate ${id}: published ${published ?? "nothing"}, the ballots give ${recomputed ?? "no such candidate"}`,
      );
    }
  }
  if (result.main.join() !== n.results.main.join()) {
    find("seats_mismatch", `main members published [${n.results.main}], the ballots give [${result.main}]`);
  }
  if (result.alternates.join() !== n.results.alternates.join()) {
    find(
      "seats_mismatch",
      `alternates published [${n.results.alternates}], the ballots give [${result.alternates}]`,
    );
  }

  return {
    neighbourhoodId,
    eligible: n.eligible,
    participation: n.participation,
    ballots: n.ballots.length,
    chainLength: chain.length,
    finalHead,
    signedHeads: n.heads.length,
    signaturesValid,
    counts: result.counts,
    main: result.main,
    alternates: result.alternates,
  };
}
