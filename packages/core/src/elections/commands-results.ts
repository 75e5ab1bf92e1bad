/**
 * After voting: close (seal every chain, count, cross-check, rank, publish preliminary results),
 * complaints, certification, and the downloadable election record for the verifier.
 */
import { ulid } from "ulid";
import type { Actor } from "../actor";
import { auditItem } from "../audit";
import { DomainError, errors, parseInput } from "../error";
import { now } from "../identity/clock";
import type { ElectionKey } from "./chain";
import { electionErrors, loadElection } from "./commands";
import { fileComplaintInput, ruleComplaintInput } from "./commands-model";
import { mapLimit, sealNeighbourhood } from "./commands-voting";
import type { NeighbourhoodResult } from "./model";
import { authorize } from "./permissions";
import { type ElectionRecord, electionRecordSchema, RECORD_FORMAT } from "./record";
import { ballotOrder, phaseOf, votingPhase } from "./rules";
import * as store from "./store";
import { neighbourhoodResult, tallyBallots, tieBreakSeedOf } from "./tally";

export const resultErrors = {
  votingNotOver: () => new DomainError("election.voting_not_over", "conflict", "رأی‌گیری هنوز تمام نشده است."),
  alreadyClosed: () =>
    new DomainError("election.already_closed", "conflict", "این انتخابات پیش‌تر بسته شده است."),
  notClosed: () =>
    new DomainError("election.not_closed", "conflict", "نتایج این انتخابات هنوز اعلام نشده است."),
  complaintsClosed: () => new DomainError("election.complaints_closed", "conflict", "مهلت ثبت شکایت نیست."),
  complaintsOpen: () =>
    new DomainError("election.complaints_open", "conflict", "مهلت شکایت هنوز تمام نشده است."),
  complaintsPending: () =>
    new DomainError("election.complaints_pending", "conflict", "به همهٔ شکایت‌ها هنوز رسیدگی نشده است."),
  complaintRuled: () =>
    new DomainError("election.complaint_ruled", "conflict", "به این شکایت پیش‌تر رسیدگی شده است."),
  alreadyCertified: () =>
    new DomainError("election.already_certified", "conflict", "نتایج این انتخابات پیش‌تر قطعی شده است."),
};

/** How often close re-reads a neighbourhood whose indexes lag behind its ballots (eventual consistency). */
const CATCH_UP_ATTEMPTS = 20;

/** Approved candidate ids in ballot order. */
async function ballotOf(election: store.ElectionItem, neighbourhoodId: string): Promise<string[]> {
  const approved = (await store.candidatesOf(election.id, neighbourhoodId))
    .filter((c) => c.status === "approved")
    .map((c) => c.id);
  return ballotOrder(election.drawSeed, approved);
}

/**
 * One neighbourhood at close: seal its chain to the last ballot, count the ballots, and check the
 * three independent counts agree — the sharded counters (written with each vote), the ballot
 * items, and the participation items — and the chain covers every ballot. Any disagreement is
 * an Error (not a DomainError): it means the store is damaged, and results must not be published.
 */
async function closeNeighbourhood(
  election: store.ElectionItem,
  neighbourhoodId: string,
  eligible: number,
  key: ElectionKey,
): Promise<store.ResultItem> {
  let head = await sealNeighbourhood(election.id, neighbourhoodId, key);
  let ballots = await store.ballotsOf(election.id, neighbourhoodId);
  let participation = await store.participationCount(election.id, neighbourhoodId);
  for (
    let i = 0;
    (head.length !== ballots.length || participation !== ballots.length) && i < CATCH_UP_ATTEMPTS;
    i++
  ) {
    await new Promise((r) => setTimeout(r, 100));
    head = await sealNeighbourhood(election.id, neighbourhoodId, key);
    ballots = await store.ballotsOf(election.id, neighbourhoodId);
    participation = await store.participationCount(election.id, neighbourhoodId);
  }
  const where = `election ${election.id}, neighbourhood ${neighbourhoodId}`;
  if (head.length !== ballots.length) {
    throw new Error(`Chain covers ${head.length} of ${ballots.length} ballots (${where})`);
  }
  if (participation !== ballots.length) {
    throw new Error(`${participation} participations but ${ballots.length} ballots (${where})`);
  }
  const candidateIds = await ballotOf(election, neighbourhoodId);
  const fromBallots = tallyBallots(candidateIds, ballots);
  const counters = await store.readTally(election.id, neighbourhoodId);
  if (counters.ballots !== ballots.length) {
    throw new Error(
      `Tally counters say ${counters.ballots} ballots, the store holds ${ballots.length} (${where})`,
    );
  }
  for (const id of new Set([...Object.keys(fromBallots), ...Object.keys(counters.votes)])) {
    if ((fromBallots[id] ?? 0) !== (counters.votes[id] ?? 0)) {
      throw new Error(
        `Tally mismatch for candidate ${id}: counters ${counters.votes[id] ?? 0}, ballots ${fromBallots[id] ?? 0} (${where})`,
      );
    }
  }
  const result = neighbourhoodResult({
    candidateIds,
    ballots,
    seats: election.seats,
    tieBreakSeed: tieBreakSeedOf(election.drawSeed, head.head),
  });
  return { ...result, neighbourhoodId, eligible, participation, ballots: ballots.length };
}

export interface ElectionResults {
  electionId: string;
  status: store.ElectionStatus;
  neighbourhoods: Array<
    NeighbourhoodResult & { neighbourhoodId: string; eligible: number; participation: number }
  >;
}

/**
 * Closes voting once its window (with extensions) has passed: every neighbourhood is sealed,
 * counted and cross-checked (16 at a time), results are stored, and the election becomes
 * "preliminary" with the key's public half recorded, in one transaction with its audit entry.
 */
export async function closeElection(
  actor: Actor,
  electionId: string,
  key: ElectionKey,
): Promise<ElectionResults> {
  authorize(actor, "election.close");
  const election = await loadElection(electionId);
  if (election.status !== "scheduled") throw resultErrors.alreadyClosed();
  const t = now();
  if (votingPhase(election.voting, new Date(t)) !== "closed") throw resultErrors.votingNotOver();

  const eligible = await store.eligibleCounts(electionId);
  const results = await mapLimit(election.neighbourhoods, 16, (n) =>
    closeNeighbourhood(election, n, eligible[n] ?? 0, key),
  );
  for (let i = 0; i < results.length; i += 99) {
    await store.transact(results.slice(i, i + 99).map((r) => store.putResultItem(electionId, r)));
  }
  const closedAt = new Date(now()).toISOString();
  try {
    await store.transact([
      store.updateElectionItem(election, { status: "preliminary", closedAt, publicKey: key.publicKeyBase64 }),
      auditItem({
        actor,
        action: "election.closed",
        subject: { type: "election", id: electionId },
        data: { ballots: results.reduce((sum, r) => sum + r.ballots, 0), neighbourhoods: results.length },
        at: new Date(closedAt),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw electionErrors.changedMeanwhile();
    throw e;
  }
  return toResults(electionId, "preliminary", results);
}

function toResults(
  electionId: string,
  status: store.ElectionStatus,
  items: store.ResultItem[],
): ElectionResults {
  return {
    electionId,
    status,
    neighbourhoods: items.map(
      ({ neighbourhoodId, eligible, participation, counts, main, alternates, tieBreakSeed }) => ({
        neighbourhoodId,
        eligible,
        participation,
        counts,
        main,
        alternates,
        tieBreakSeed,
      }),
    ),
  };
}

/** Published results (preliminary or final); public. */
export async function getResults(electionId: string): Promise<ElectionResults> {
  const election = await loadElection(electionId);
  if (election.status === "scheduled") throw resultErrors.notClosed();
  return toResults(electionId, election.status, await store.resultsOf(electionId));
}

// ── complaints ───────────────────────────────────────────────────────────────────────────────

export interface ComplaintView {
  id: string;
  neighbourhoodId?: string;
  text: string;
  status: store.ComplaintItem["status"];
  ruling?: string;
  createdAt: string;
  ruledAt?: string;
}

/** Who filed a complaint stays with the store: observers and the public see the complaint only. */
const toComplaintView = (c: store.ComplaintItem): ComplaintView => ({
  id: c.id,
  ...(c.neighbourhoodId ? { neighbourhoodId: c.neighbourhoodId } : {}),
  text: c.text,
  status: c.status,
  ...(c.ruling ? { ruling: c.ruling } : {}),
  createdAt: c.createdAt,
  ...(c.ruledAt ? { ruledAt: c.ruledAt } : {}),
});

/** A citizen files a complaint about the preliminary results, within the complaints window. */
export async function fileComplaint(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<ComplaintView> {
  authorize(actor, "complaint.file");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const data = parseInput(fileComplaintInput, input);
  const election = await loadElection(electionId);
  const t = now();
  if (election.status !== "preliminary" || phaseOf(election.complaints, new Date(t)) !== "open") {
    throw resultErrors.complaintsClosed();
  }
  if (data.neighbourhoodId !== undefined && !election.neighbourhoods.includes(data.neighbourhoodId)) {
    throw errors.invalid([{ path: "neighbourhoodId", message: "این محله در این انتخابات نیست." }]);
  }
  const complaint: store.ComplaintItem = {
    id: ulid(t),
    electionId,
    ...(data.neighbourhoodId ? { neighbourhoodId: data.neighbourhoodId } : {}),
    userId: actor.userId,
    text: data.text,
    status: "open",
    createdAt: new Date(t).toISOString(),
  };
  await store.putComplaint(complaint);
  return toComplaintView(complaint);
}

/** Complaints of an election, oldest first, without who filed them; administrators and observers. */
export async function listComplaints(actor: Actor, electionId: string): Promise<ComplaintView[]> {
  authorize(actor, "complaint.list");
  await loadElection(electionId);
  return (await store.complaintsOf(electionId)).map(toComplaintView);
}

export interface ComplaintCounts {
  filed: number;
  open: number;
  upheld: number;
  dismissed: number;
}

/**
 * How many complaints were filed and how they were ruled; public, so anyone can see that the
 * preliminary results were contested and answered (the complaints themselves are for observers).
 */
export async function complaintCounts(electionId: string): Promise<ComplaintCounts> {
  await loadElection(electionId);
  const counts: ComplaintCounts = { filed: 0, open: 0, upheld: 0, dismissed: 0 };
  for (const status of await store.complaintStatuses(electionId)) {
    counts.filed++;
    counts[status]++;
  }
  return counts;
}

export async function ruleComplaint(
  actor: Actor,
  electionId: string,
  complaintId: string,
  input: unknown,
): Promise<ComplaintView> {
  authorize(actor, "complaint.rule");
  const { decision, reason } = parseInput(ruleComplaintInput, input);
  const election = await loadElection(electionId);
  if (election.status === "final") throw resultErrors.alreadyCertified();
  const complaint = await store.getComplaint(electionId, complaintId);
  if (!complaint) throw errors.notFound("election.complaint");
  const ruledAt = new Date(now()).toISOString();
  try {
    await store.transact([
      store.ruleComplaintItem(electionId, complaintId, decision, reason, ruledAt),
      auditItem({
        actor,
        action: "election.complaint_ruled",
        subject: { type: "election", id: electionId },
        data: { complaintId, decision },
        at: new Date(ruledAt),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw resultErrors.complaintRuled();
    throw e;
  }
  return toComplaintView({ ...complaint, status: decision, ruling: reason, ruledAt });
}

/** Final results: after the complaints window, once every complaint is ruled on. */
export async function certifyResults(actor: Actor, electionId: string): Promise<ElectionResults> {
  authorize(actor, "election.certify");
  const election = await loadElection(electionId);
  if (election.status === "final") throw resultErrors.alreadyCertified();
  if (election.status !== "preliminary") throw resultErrors.notClosed();
  const t = now();
  if (phaseOf(election.complaints, new Date(t)) !== "closed") throw resultErrors.complaintsOpen();
  if ((await store.complaintsOf(electionId)).some((c) => c.status === "open"))
    throw resultErrors.complaintsPending();
  const certifiedAt = new Date(t).toISOString();
  try {
    await store.transact([
      store.updateElectionItem(election, { status: "final", certifiedAt }),
      auditItem({
        actor,
        action: "election.certified",
        subject: { type: "election", id: electionId },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw electionErrors.changedMeanwhile();
    throw e;
  }
  return toResults(electionId, "final", await store.resultsOf(electionId));
}

// ── the record ───────────────────────────────────────────────────────────────────────────────

/**
 * The election record (record.ts) for anyone to download and verify: per neighbourhood the
 * eligible and participation counts, the ballot in ballot order, every ballot in chain order
 * (tracker, nonce, choices — nothing about voters), every signed head, and the result.
 */
export async function exportRecord(
  electionId: string,
  /** The election as already read (the record file's version is taken from this read). */
  loaded?: store.ElectionItem,
): Promise<ElectionRecord> {
  const election = loaded ?? (await loadElection(electionId));
  if (election.status === "scheduled" || !election.publicKey) throw resultErrors.notClosed();
  const results = new Map((await store.resultsOf(electionId)).map((r) => [r.neighbourhoodId, r]));
  const neighbourhoods = await mapLimit(election.neighbourhoods, 16, async (n) => {
    const result = results.get(n);
    if (!result) throw new Error(`No result stored for neighbourhood ${n} of election ${electionId}`);
    const [ballots, entries, heads, candidates] = await Promise.all([
      store.ballotsOf(electionId, n),
      store.chainEntries(electionId, n),
      store.signedHeads(electionId, n),
      ballotOf(election, n),
    ]);
    const byTracker = new Map(ballots.map((b) => [b.tracker, b]));
    return {
      neighbourhoodId: n,
      eligible: result.eligible,
      participation: result.participation,
      candidates,
      ballots: entries
        .sort((a, b) => a.position - b.position)
        .map((e) => {
          const ballot = byTracker.get(e.tracker);
          if (!ballot) throw new Error(`Chain entry ${e.position} of ${n} has no ballot`);
          return { tracker: ballot.tracker, nonce: ballot.nonce, choices: ballot.choices };
        }),
      heads: heads.sort((a, b) => a.length - b.length),
      results: {
        counts: result.counts,
        main: result.main,
        alternates: result.alternates,
        tieBreakSeed: result.tieBreakSeed,
      },
    };
  });
  return electionRecordSchema.parse({
    format: RECORD_FORMAT,
    election: {
      id: election.id,
      title: election.title,
      seats: election.seats,
      drawSeed: election.drawSeed,
      votingWindow: election.voting,
      publicKey: election.publicKey,
      status: election.status,
      generatedAt: new Date(now()).toISOString(),
    },
    neighbourhoods,
  });
}
