/**
 * Voting: online by a signed-in citizen, or at a polling branch's kiosk with a one-time ballot
 * code a polling officer issued. Both end in castBallot's single TransactWriteItems, whose
 * participation item (one per national id per election) is what makes "one ballot per voter"
 * hold across channels and under any concurrency. Then the sealer puts ballots on the bulletin
 * board, and voters look their tracker up.
 *
 * Secrecy: the ballot item gets a random id, the choices, the tracker and the nonce — no voter,
 * session or time; the participation gets the voter's hash, the channel and the hour — no
 * ballot. Nothing here logs.
 */
import { randomBytes, randomInt } from "node:crypto";
import { type Actor, hasRole } from "../actor";
import type { TransactItem } from "../audit";
import { keyedHash, sha256 } from "../crypto";
import { DomainError, errors, parseInput } from "../error";
import { normaliseNationalId } from "../fa";
import { now } from "../identity/clock";
import { getUser } from "../identity/store";
import { ballotTracker, base32Encode, type ElectionKey, emptyChain, newNonce, sealBatch } from "./chain";
import { electionErrors, loadElection } from "./commands";
import {
  castAtKioskInput,
  castOnlineInput,
  issueBallotCodeInput,
  kioskBallotInput,
  lookupTrackerInput,
  voterBallotInput,
} from "./commands-model";
import type { Receipt, SignedHead } from "./model";
import { authorize } from "./permissions";
import { newBallotId, validateBallot, votingRefusal } from "./rules";
import * as store from "./store";

/** A kiosk code is good for 10 minutes: the voter walks from the officer's desk to the kiosk. */
export const BALLOT_CODE_TTL_SECONDS = 600;

export const votingErrors = {
  notEligible: () =>
    new DomainError(
      "election.not_eligible",
      "forbidden",
      "این کد ملی در فهرست رأی‌دهندگان این انتخابات نیست یا به شمارهٔ موبایل شما تعلق ندارد.",
    ),
  notOnRoll: () =>
    new DomainError("election.not_on_roll", "not_found", "این کد ملی در فهرست رأی‌دهندگان این انتخابات نیست."),
  alreadyVoted: () =>
    new DomainError(
      "election.already_voted",
      "conflict",
      "با این کد ملی پیش‌تر در این انتخابات رأی داده شده است.",
    ),
  codeInvalid: () =>
    new DomainError(
      "election.code_invalid",
      "input",
      "کد برگهٔ رأی معتبر نیست، منقضی شده یا پیش‌تر به کار رفته است.",
    ),
  busy: () =>
    new DomainError("election.busy", "unavailable", "رأی شما ثبت نشد؛ لطفاً چند لحظهٔ دیگر دوباره تلاش کنید."),
  badNationalId: () => errors.invalid([{ path: "nationalId", message: "کد ملی درست نیست." }]),
};

// ── the identity provider port ───────────────────────────────────────────────────────────────

/**
 * Whether a mobile number belongs to a national id (in production the national identity
 * service; behind this port so the commands do not know which).
 */
export interface IdentityProvider {
  mobileBelongsTo(args: { electionId: string; nationalId: string; mobile: string }): Promise<boolean>;
}

/** The local fake: the roll's own mobile for that national id is the only one that matches. */
export const rollIdentityProvider: IdentityProvider = {
  async mobileBelongsTo({ electionId, nationalId, mobile }) {
    const entry = await store.getRollEntry(electionId, keyedHash("national-id", nationalId));
    return entry !== undefined && entry.mobileHash === keyedHash("mobile", mobile);
  },
};

let identityProvider: IdentityProvider = rollIdentityProvider;

/** Installs the identity provider (production wiring, tests); no argument restores the local fake. */
export function setIdentityProvider(provider?: IdentityProvider): void {
  identityProvider = provider ?? rollIdentityProvider;
}

// ── casting ──────────────────────────────────────────────────────────────────────────────────

function assertVotingOpen(election: store.ElectionItem, t: number): void {
  if (election.status !== "scheduled") throw electionErrors.closed();
  const refusal = votingRefusal(election.voting, new Date(t));
  if (refusal?.code === "not_started") throw electionErrors.notOpen();
  if (refusal) throw electionErrors.closed();
}

/**
 * Approved candidate ids of a ballot. Decisions stop when voting opens, so during voting the list
 * is fixed and each process caches it instead of querying on every vote.
 */
const ballotCache = new Map<string, string[]>();
async function approvedCandidates(electionId: string, neighbourhoodId: string): Promise<string[]> {
  const key = `${electionId}#${neighbourhoodId}`;
  const cached = ballotCache.get(key);
  if (cached) return cached;
  const ids = (await store.candidatesOf(electionId, neighbourhoodId))
    .filter((c) => c.status === "approved")
    .map((c) => c.id);
  ballotCache.set(key, ids);
  return ids;
}

/**
 * The vote itself: participation (once per voter) + ballot + a tally shard (+ the kiosk code's
 * spending), one TransactWriteItems, so either all of it happens or none of it.
 */
async function castBallot(args: {
  election: store.ElectionItem;
  neighbourhoodId: string;
  nidHash: string;
  channel: "online" | "kiosk";
  choices: string[];
  t: number;
  extra?: TransactItem[];
}): Promise<Receipt> {
  const { election, neighbourhoodId, nidHash, channel, t } = args;
  const valid = validateBallot(args.choices, {
    approvedCandidateIds: await approvedCandidates(election.id, neighbourhoodId),
    maxChoices: election.seats.maxChoices,
  });
  if (!valid.ok) {
    throw new DomainError(`election.ballot_${valid.issue.code}`, "input", valid.issue.messageFa, {
      fields: [{ path: "choices", message: valid.issue.messageFa }],
    });
  }
  const nonce = newNonce();
  const tracker = ballotTracker({ electionId: election.id, neighbourhoodId, choices: valid.choices }, nonce);
  try {
    await store.transactOnce([
      store.putParticipationItem(election.id, nidHash, neighbourhoodId, channel, new Date(t)),
      store.putBallotItem({
        id: newBallotId(),
        electionId: election.id,
        neighbourhoodId,
        choices: valid.choices,
        tracker,
        nonce,
      }),
      store.addToTallyItem(election.id, neighbourhoodId, valid.choices, randomInt(store.TALLY_SHARDS)),
      ...(args.extra ?? []),
    ]);
  } catch (e) {
    const codes = store.cancellationCodes(e);
    if (!codes) throw e;
    if (codes[0] === "ConditionalCheckFailed") throw votingErrors.alreadyVoted();
    if (codes[3] === "ConditionalCheckFailed") throw votingErrors.codeInvalid();
    if (codes.includes("TransactionConflict")) throw votingErrors.busy();
    throw e;
  }
  return { electionId: election.id, neighbourhoodId, tracker, nonce };
}

function nidHashOf(nationalId: string): { nationalId: string; nidHash: string } {
  const normal = normaliseNationalId(nationalId);
  if (!normal) throw votingErrors.badNationalId();
  return { nationalId: normal, nidHash: keyedHash("national-id", normal) };
}

/**
 * Online: the signed-in citizen types their national id; it must be on the roll and (identity
 * provider) belong to the mobile they signed in with. One error for both refusals, so the
 * command cannot be used to learn who is on the roll.
 */
export async function castOnline(actor: Actor, electionId: string, input: unknown): Promise<Receipt> {
  authorize(actor, "vote.online");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const data = parseInput(castOnlineInput, input);
  const voter = await onlineVoter(actor.userId, electionId, data.nationalId);
  return castBallot({ ...voter, channel: "online", choices: data.choices });
}

/**
 * The signed-in citizen behind a typed national id, during voting: on the roll, and (identity
 * provider) the owner of the mobile they signed in with — else one refusal for both.
 */
async function onlineVoter(userId: string, electionId: string, typedNationalId: string) {
  const { nationalId, nidHash } = nidHashOf(typedNationalId);
  const election = await loadElection(electionId);
  const t = now();
  assertVotingOpen(election, t);
  const [entry, user] = await Promise.all([store.getRollEntry(electionId, nidHash), getUser(userId)]);
  if (!entry || user?.kind !== "citizen") throw votingErrors.notEligible();
  if (!(await identityProvider.mobileBelongsTo({ electionId, nationalId, mobile: user.mobile }))) {
    throw votingErrors.notEligible();
  }
  return { election, neighbourhoodId: entry.neighbourhoodId, nidHash, t };
}

/**
 * Before the ballot is shown: which neighbourhood's ballot this voter gets — the one their roll
 * entry names, never one they pick — with the same checks as the cast, and whether they already
 * voted (so nobody fills in a ballot that will be refused). Tells the voter only about themselves.
 */
export async function voterBallot(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<{ neighbourhoodId: string }> {
  authorize(actor, "vote.online");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const { nationalId } = parseInput(voterBallotInput, input);
  const voter = await onlineVoter(actor.userId, electionId, nationalId);
  if (await store.getParticipation(electionId, voter.nidHash)) throw votingErrors.alreadyVoted();
  return { neighbourhoodId: voter.neighbourhoodId };
}

export interface IssuedBallotCode {
  code: string;
  neighbourhoodId: string;
  expiresAt: string;
}

/**
 * At a branch: the polling officer has checked the voter's identity card and types the national
 * id; the voter must be on the roll of a neighbourhood in the officer's district and must not
 * have voted. The code is stored only as its SHA-256, bound to the neighbourhood and the voter's
 * hash, and expires in 10 minutes. Not audited: an entry per voter would timestamp participation.
 */
export async function issueBallotCode(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<IssuedBallotCode> {
  // Which district decides comes from the roll; anyone who is no polling officer at all is refused first.
  if (!hasRole(actor, "polling_officer"))
    throw actor.kind === "anonymous" ? errors.unauthenticated() : errors.forbidden();
  const data = parseInput(issueBallotCodeInput, input);
  const { nidHash } = nidHashOf(data.nationalId);
  const election = await loadElection(electionId);
  const t = now();
  assertVotingOpen(election, t);
  const entry = await store.getRollEntry(electionId, nidHash);
  if (!entry) throw votingErrors.notOnRoll();
  authorize(actor, "ballotCode.issue", { neighbourhoodId: entry.neighbourhoodId });
  if (await store.getParticipation(electionId, nidHash)) throw votingErrors.alreadyVoted();
  const code = base32Encode(randomBytes(10));
  const expiresAt = Math.floor(t / 1000) + BALLOT_CODE_TTL_SECONDS;
  await store.putBallotCode(sha256(code), {
    electionId,
    neighbourhoodId: entry.neighbourhoodId,
    nidHash,
    expiresAt,
  });
  return {
    code,
    neighbourhoodId: entry.neighbourhoodId,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}

/**
 * The kiosk's cast: the code is the authority; it is spent in the vote's own transaction. With
 * `electionId` (the kiosk's election, from the URL) a code issued for another election is refused.
 */
export async function castAtKiosk(input: unknown, electionId?: string): Promise<Receipt> {
  const { code, choices } = parseInput(castAtKioskInput, input);
  const { codeHash, issued, election, t } = await liveBallotCode(code, electionId);
  return castBallot({
    election,
    neighbourhoodId: issued.neighbourhoodId,
    nidHash: issued.nidHash,
    channel: "kiosk",
    choices,
    t,
    extra: [store.spendBallotCodeItem(codeHash, election.id, Math.floor(t / 1000))],
  });
}

/** A code that is unspent, unexpired, of this election (when given), while voting is open. */
async function liveBallotCode(code: string, electionId?: string) {
  const codeHash = sha256(code);
  const t = now();
  const issued = await store.getBallotCode(codeHash);
  if (!issued || issued.expiresAt <= Math.floor(t / 1000)) throw votingErrors.codeInvalid();
  if (electionId !== undefined && issued.electionId !== electionId) throw votingErrors.codeInvalid();
  const election = await loadElection(issued.electionId);
  assertVotingOpen(election, t);
  return { codeHash, issued, election, t };
}

/**
 * At the kiosk, before the ballot is shown: the neighbourhood the code is bound to (the voter's on
 * the roll), so the kiosk shows that ballot and no other. The code is not spent.
 */
export async function kioskBallot(input: unknown, electionId: string): Promise<{ neighbourhoodId: string }> {
  const { code } = parseInput(kioskBallotInput, input);
  const { issued } = await liveBallotCode(code, electionId);
  return { neighbourhoodId: issued.neighbourhoodId };
}

// ── the bulletin board ───────────────────────────────────────────────────────────────────────

/** Entries per sealing transaction: 2 items each + head + signed head ≤ 100. */
const SEAL_BATCH = 48;

/**
 * Appends a neighbourhood's unchained ballots to its chain, batch by batch, each batch one
 * transaction conditional on the head's length (so concurrent sealers cannot double-append; the
 * loser re-reads and continues). A neighbourhood without any head gets a signed empty head, so
 * every neighbourhood has a signed head to publish. Returns the chain's signed head.
 */
export async function sealNeighbourhood(
  electionId: string,
  neighbourhoodId: string,
  key: ElectionKey,
): Promise<store.ChainHeadItem> {
  for (let conflicts = 0; ; ) {
    const current = await store.getChainHead(electionId, neighbourhoodId);
    const from = current ?? emptyChain(electionId, neighbourhoodId);
    const pending = await store.unchainedBallots(electionId, neighbourhoodId, SEAL_BATCH);
    if (pending.length === 0 && current) return current;
    const byTracker = new Map(pending.map((b) => [b.tracker, b.id]));
    const { entries, signedHead } = sealBatch({
      electionId,
      neighbourhoodId,
      from: { length: from.length, head: from.head },
      trackers: [...byTracker.keys()],
      sealedAt: new Date(now()),
      key,
    });
    try {
      await store.transact(
        store.sealItems({
          electionId,
          neighbourhoodId,
          fromLength: from.length,
          entries: entries.map((e) => ({ ...e, ballotId: byTracker.get(e.tracker) as string })),
          signed: signedHead,
        }),
      );
      if (pending.length === 0)
        return { length: signedHead.length, head: signedHead.head, signed: signedHead };
    } catch (e) {
      // Another sealer moved the head, or the queue index lagged behind a ballot already chained.
      if (!store.cancellationCodes(e)?.includes("ConditionalCheckFailed") || ++conflicts > 20) throw e;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
    }
  }
}

/**
 * The sealer's run (every minute in AWS, every 30 s locally): every neighbourhood of every election
 * whose voting has opened and which is not closed yet gets its new ballots chained and a fresh
 * signed head. Close seals once more, so nothing cast before close is left off the board.
 * Returns how many neighbourhoods were sealed.
 */
export async function sealOpenElections(key: ElectionKey, at = new Date(now())): Promise<number> {
  const open = (await store.listElections()).filter(
    (e) => e.status === "scheduled" && at.getTime() >= Date.parse(e.voting.opensAt),
  );
  let sealed = 0;
  for (const election of open) {
    await mapLimit(election.neighbourhoods, 16, async (n) => {
      await sealNeighbourhood(election.id, n, key);
      sealed++;
    });
  }
  return sealed;
}

export interface BulletinBoardPage {
  neighbourhoodId: string;
  /** The latest signed head, or null before the first seal. */
  head: SignedHead | null;
  /** Every signed head, by length: anyone can check each against the entries. */
  heads: SignedHead[];
  /** Chain entries after the requested position, in order. */
  entries: Array<{ position: number; tracker: string; link: string }>;
  /** Pass as `after` for the next page; absent when the page was not full. */
  next?: number;
}

/** A page of a neighbourhood's public bulletin board; public. */
export async function bulletinBoard(
  electionId: string,
  neighbourhoodId: string,
  page: { after?: number; limit?: number } = {},
): Promise<BulletinBoardPage> {
  const election = await loadElection(electionId);
  if (!election.neighbourhoods.includes(neighbourhoodId)) throw errors.notFound("election.neighbourhood");
  const after = Math.max(0, Math.floor(page.after ?? 0));
  const limit = Math.min(500, Math.max(1, Math.floor(page.limit ?? 100)));
  const [heads, entries] = await Promise.all([
    store.signedHeads(electionId, neighbourhoodId),
    store.chainEntriesPage(electionId, neighbourhoodId, after, limit),
  ]);
  heads.sort((a, b) => a.length - b.length);
  const head = heads.at(-1) ?? null;
  const last = entries.at(-1);
  return {
    neighbourhoodId,
    head,
    heads,
    entries,
    ...(last && entries.length === limit ? { next: last.position } : {}),
  };
}

export interface TrackerLookup {
  found: boolean;
  neighbourhoodId?: string;
  /** The ballot's place on the neighbourhood's chain, once sealed. */
  position?: number;
}

/** Is this tracker on the bulletin board? Public; says where, never what the ballot chose. */
export async function lookupTracker(electionId: string, input: unknown): Promise<TrackerLookup> {
  const { tracker } = parseInput(lookupTrackerInput, input);
  await loadElection(electionId);
  const ballot = await store.ballotByTracker(electionId, tracker);
  if (!ballot) return { found: false };
  return {
    found: true,
    neighbourhoodId: ballot.neighbourhoodId,
    ...(ballot.position !== undefined ? { position: ballot.position } : {}),
  };
}

/** Live turnout per neighbourhood (counts only): eligible and ballots cast so far; public. */
export async function turnout(
  electionId: string,
): Promise<Array<{ neighbourhoodId: string; eligible: number; ballots: number }>> {
  const election = await loadElection(electionId);
  const eligible = await store.eligibleCounts(electionId);
  return mapLimit(election.neighbourhoods, 16, async (n) => ({
    neighbourhoodId: n,
    eligible: eligible[n] ?? 0,
    ballots: (await store.readTally(electionId, n)).ballots,
  }));
}

/** Runs `fn` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}
