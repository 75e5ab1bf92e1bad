/**
 * The election's items on the one table (ACCESS_PATTERNS.md, section "Elections").
 *
 * Why this shape:
 *  - "one ballot per voter" is the participation item PART#<election>#<hmac(national id)>, created
 *    with attribute_not_exists in the same TransactWriteItems as the ballot and the counters;
 *  - the ballot carries no voter, session or time, and its id is random (not a ULID, which
 *    would carry its creation time), so nothing stored links it to the participation;
 *  - tallies are write-sharded (TALLY#<election>#<neighbourhood> / SHARD#<0..N-1>), so a busy
 *    neighbourhood's votes spread over N items instead of contending for one;
 *  - ballots not yet on the bulletin board sit in a sparse gsi2 queue per neighbourhood, which the
 *    sealer reads and clears; the chain head item's `length` makes two sealers' appends exclusive.
 */
import { createHash, randomUUID } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry, TransactItem } from "../audit";
import { db, table, transact } from "../db";
import type { CandidateStatus, ResidenceStatus } from "./commands-model";
import type { NeighbourhoodResult, Seats, SignedHead, VotingWindow } from "./model";

export { cancellationCodes, transact } from "../db";

/** Counter shards per neighbourhood: ~10 × 1,000 writes/s of headroom per neighbourhood. */
export const TALLY_SHARDS = 10;

const pad = (n: number) => String(n).padStart(10, "0");

export const keys = {
  election: (id: string) => ({ pk: `ELECTION#${id}`, sk: "ELECTION" }),
  roll: (electionId: string, nidHash: string) => ({ pk: `ROLL#${electionId}#${nidHash}`, sk: "ROLL" }),
  eligible: (electionId: string, neighbourhoodId: string) => ({
    pk: `ELIGIBLE#${electionId}`,
    sk: `N#${neighbourhoodId}`,
  }),
  residence: (electionId: string, declarationId: string) => ({
    pk: `RESDECL#${electionId}#${declarationId}`,
    sk: "RESDECL",
  }),
  recordFile: (electionId: string, version: string) => ({
    pk: `ELECTION#${electionId}`,
    sk: `RECORDFILE#${version}`,
  }),
  candidate: (electionId: string, candidateId: string) => ({
    pk: `ELECTION#${electionId}`,
    sk: `CANDIDATE#${candidateId}`,
  }),
  candidacy: (electionId: string, userId: string) => ({
    pk: `CANDIDACY#${electionId}#${userId}`,
    sk: "CANDIDACY",
  }),
  participation: (electionId: string, nidHash: string) => ({
    pk: `PART#${electionId}#${nidHash}`,
    sk: "PART",
  }),
  ballot: (electionId: string, neighbourhoodId: string, ballotId: string) => ({
    pk: `BALLOTS#${electionId}#${neighbourhoodId}`,
    sk: `BALLOT#${ballotId}`,
  }),
  tallyShard: (electionId: string, neighbourhoodId: string, shard: number) => ({
    pk: `TALLY#${electionId}#${neighbourhoodId}`,
    sk: `SHARD#${shard}`,
  }),
  ballotCode: (codeHash: string) => ({ pk: `BALLOTCODE#${codeHash}`, sk: "BALLOTCODE" }),
  chainHead: (electionId: string, neighbourhoodId: string) => ({
    pk: `CHAIN#${electionId}#${neighbourhoodId}`,
    sk: "HEAD",
  }),
  chainEntry: (electionId: string, neighbourhoodId: string, position: number) => ({
    pk: `CHAIN#${electionId}#${neighbourhoodId}`,
    sk: `P#${pad(position)}`,
  }),
  signedHead: (electionId: string, neighbourhoodId: string, length: number) => ({
    pk: `CHAIN#${electionId}#${neighbourhoodId}`,
    sk: `SIGNED#${pad(length)}`,
  }),
  result: (electionId: string, neighbourhoodId: string) => ({
    pk: `ELECTION#${electionId}`,
    sk: `RESULT#${neighbourhoodId}`,
  }),
  complaint: (electionId: string, complaintId: string) => ({
    pk: `ELECTION#${electionId}`,
    sk: `COMPLAINT#${complaintId}`,
  }),
};

/** gsi2 partition of a neighbourhood's ballots not yet on the bulletin board. */
export const unchainedQueue = (electionId: string, neighbourhoodId: string) =>
  `UNCHAINED#${electionId}#${neighbourhoodId}`;
/** gsi1 key of a ballot by its tracker (voters look their receipt up). */
export const trackerIndexKey = (electionId: string, tracker: string) => `TRACKER#${electionId}#${tracker}`;
/** gsi1 partition of the participation items of a neighbourhood (counted at close). */
export const participationIndexKey = (electionId: string, neighbourhoodId: string) =>
  `PARTS#${electionId}#${neighbourhoodId}`;

export type ElectionStatus = "scheduled" | "preliminary" | "final";

export interface ElectionItem {
  id: string;
  title: string;
  term: number;
  neighbourhoods: string[];
  seats: Seats;
  registration: { opensAt: string; closesAt: string };
  voting: VotingWindow;
  complaints: { opensAt: string; closesAt: string };
  /** 32 random bytes, hex; published at creation, before voting (ballot order, tie-break draws). */
  drawSeed: string;
  status: ElectionStatus;
  createdAt: string;
  closedAt?: string;
  certifiedAt?: string;
  /** The raw Ed25519 public key (base64) the chain heads were signed with; recorded at close. */
  publicKey?: string;
  /** Optimistic lock for administrative changes. */
  version: number;
}

export interface RollEntry {
  neighbourhoodId: string;
  /** keyedHash("mobile", …) of the roll's mobile: the local identity provider's reference. */
  mobileHash: string;
}

/**
 * A citizen's declaration of residence, for a national id not on the roll. One per national id
 * per election: its id is derived from the id's keyed hash (residenceDeclarationId), so a second
 * declaration is a failed conditional put — unless the first was rejected, which a new one replaces.
 */
export interface ResidenceDeclarationItem {
  id: string;
  electionId: string;
  /** keyedHash("national-id", …) of the profile's national id: the roll key once verified. */
  nidHash: string;
  /** keyedHash("mobile", …) of the signed-in mobile: the roll entry's, for the identity check. */
  mobileHash: string;
  userId: string;
  neighbourhoodId: string;
  /** From the profile at declaration, for the administrator comparing it with the proof. */
  name: string;
  nationalIdLast3: string;
  proof: { uploadId: string; objectKey: string };
  status: ResidenceStatus;
  reason?: string;
  declaredAt: string;
  decidedAt?: string;
}

export interface CandidateItem {
  id: string;
  electionId: string;
  neighbourhoodId: string;
  userId: string;
  name: string;
  statement: string;
  residenceSince: string;
  photo: { uploadId: string; objectKey: string };
  proof: { uploadId: string; objectKey: string };
  status: CandidateStatus;
  rejectionReason?: string;
  appealText?: string;
  appealUsed: boolean;
  createdAt: string;
}

export interface BallotItem {
  id: string;
  electionId: string;
  neighbourhoodId: string;
  choices: string[];
  tracker: string;
  nonce: string;
  /** Set when the sealer appended the ballot to the chain. */
  position?: number;
}

export interface BallotCodeItem {
  electionId: string;
  neighbourhoodId: string;
  nidHash: string;
  /** Epoch seconds; TTL, and checked by the cast. */
  expiresAt: number;
}

export interface ChainHeadItem {
  length: number;
  head: string;
  signed?: SignedHead;
}

export interface ResultItem extends NeighbourhoodResult {
  neighbourhoodId: string;
  eligible: number;
  participation: number;
  ballots: number;
}

export interface ComplaintItem {
  id: string;
  electionId: string;
  neighbourhoodId?: string;
  /** The complainant (for their own list); never shown to observers. */
  userId: string;
  text: string;
  status: "open" | "upheld" | "dismissed";
  ruling?: string;
  createdAt: string;
  ruledAt?: string;
}

const T = () => table();

async function get<V>(key: { pk: string; sk: string }): Promise<V | undefined> {
  const out = await db().send(new GetCommand({ TableName: T(), Key: key, ConsistentRead: true }));
  return out.Item as V | undefined;
}

async function queryAll<V>(input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">): Promise<V[]> {
  const items: V[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db().send(new QueryCommand({ TableName: T(), ...input, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as V[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * A vote's TransactWriteItems with a client request token: when the SDK retries after a lost
 * response, DynamoDB answers the retry as the original (idempotent for 10 minutes) instead of
 * failing it on the participation it wrote itself, so a voter never loses their receipt to a
 * network blip. TransactionConflict (another attempt by the same voter at the same instant) is
 * retried with the same token.
 */
export function transactOnce(items: TransactItem[]): Promise<void> {
  return transact(items, { clientRequestToken: randomUUID() });
}

// ── elections ────────────────────────────────────────────────────────────────────────────────

export function getElection(id: string): Promise<ElectionItem | undefined> {
  return get<ElectionItem>(keys.election(id));
}

export function putElectionItem(e: ElectionItem): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...keys.election(e.id),
        type: "election",
        gsi1pk: "ELECTIONS",
        gsi1sk: `${e.createdAt}#${e.id}`,
        ...e,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Replaces the election's mutable fields, only if nobody changed it since `expectedVersion`. */
export function updateElectionItem(
  e: ElectionItem,
  changes: Partial<Pick<ElectionItem, "voting" | "status" | "closedAt" | "certifiedAt" | "publicKey">>,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":expected": e.version, ":next": e.version + 1 };
  const sets = ["version = :next"];
  for (const [k, v] of Object.entries(changes)) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  return {
    Update: {
      TableName: T(),
      Key: keys.election(e.id),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "version = :expected",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export async function listElections(): Promise<ElectionItem[]> {
  return queryAll<ElectionItem>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :all",
    ExpressionAttributeValues: { ":all": "ELECTIONS" },
    ScanIndexForward: false,
  });
}

// ── the roll ─────────────────────────────────────────────────────────────────────────────────

export function getRollEntry(electionId: string, nidHash: string): Promise<RollEntry | undefined> {
  return get<RollEntry>(keys.roll(electionId, nidHash));
}

/** One person on one neighbourhood's roll, once: the entry exists or it does not. */
export function putRollEntryItem(electionId: string, nidHash: string, entry: RollEntry): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: { ...keys.roll(electionId, nidHash), type: "roll-entry", electionId, ...entry },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

export function addEligibleItem(electionId: string, neighbourhoodId: string, count: number): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.eligible(electionId, neighbourhoodId),
      UpdateExpression: "SET #type = :type ADD eligible :n",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":type": "eligible-count", ":n": count },
    },
  };
}

/** Eligible voters per neighbourhood (neighbourhoods nobody was imported for are absent). */
export async function eligibleCounts(electionId: string): Promise<Record<string, number>> {
  const items = await queryAll<{ sk: string; eligible: number }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :n)",
    ExpressionAttributeValues: { ":pk": `ELIGIBLE#${electionId}`, ":n": "N#" },
  });
  return Object.fromEntries(items.map((i) => [i.sk.slice(2), i.eligible]));
}

// ── residence declarations ───────────────────────────────────────────────────────────────────

/**
 * A declaration's id: SHA-256 of the election and the national id's keyed hash, shortened to 128
 * bits. Stable per person and election (the uniqueness rule is the key), yet it reveals neither
 * the national id nor the roll key to whoever sees it in a URL.
 */
export const residenceDeclarationId = (electionId: string, nidHash: string) =>
  createHash("sha256").update(`residence:${electionId}:${nidHash}`).digest("hex").slice(0, 32);

/** gsi1 partition of an election's declarations in one status, oldest first (`<declaredAt>#<id>`). */
export const residenceQueue = (electionId: string, status: ResidenceStatus) =>
  `RESDECLS#${electionId}#${status}`;

export const residenceCursorOf = (d: Pick<ResidenceDeclarationItem, "declaredAt" | "id">) =>
  `${d.declaredAt}#${d.id}`;

/** The declaration, new or replacing a rejected one; never over a pending or verified one. */
export function putResidenceDeclarationItem(d: ResidenceDeclarationItem): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...keys.residence(d.electionId, d.id),
        type: "residence-declaration",
        gsi1pk: residenceQueue(d.electionId, d.status),
        gsi1sk: residenceCursorOf(d),
        ...d,
      },
      ConditionExpression: "attribute_not_exists(pk) OR #status = :rejected",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":rejected": "rejected" },
    },
  };
}

export function getResidenceDeclaration(
  electionId: string,
  declarationId: string,
): Promise<ResidenceDeclarationItem | undefined> {
  return get<ResidenceDeclarationItem>(keys.residence(electionId, declarationId));
}

/** Verifies or rejects a pending declaration (condition: still pending) and moves it to its queue. */
export function decideResidenceDeclarationItem(
  d: Pick<ResidenceDeclarationItem, "electionId" | "id" | "declaredAt">,
  to: Exclude<ResidenceStatus, "pending">,
  decidedAt: string,
  reason?: string,
): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.residence(d.electionId, d.id),
      UpdateExpression: `SET #status = :to, gsi1pk = :queue, decidedAt = :at${reason ? ", reason = :reason" : ""}`,
      ConditionExpression: "#status = :pending AND declaredAt = :declaredAt",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":to": to,
        ":queue": residenceQueue(d.electionId, to),
        ":at": decidedAt,
        ":pending": "pending",
        ":declaredAt": d.declaredAt,
        ...(reason ? { ":reason": reason } : {}),
      },
    },
  };
}

/** A page of an election's declarations in one status, oldest first, after the cursor `after`. */
export async function residenceDeclarationsPage(
  electionId: string,
  status: ResidenceStatus,
  limit: number,
  after?: string,
): Promise<ResidenceDeclarationItem[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: "gsi1",
      KeyConditionExpression: after ? "gsi1pk = :q AND gsi1sk > :after" : "gsi1pk = :q",
      ExpressionAttributeValues: {
        ":q": residenceQueue(electionId, status),
        ...(after ? { ":after": after } : {}),
      },
      Limit: limit,
    }),
  );
  return (out.Items ?? []) as ResidenceDeclarationItem[];
}

// ── candidates ───────────────────────────────────────────────────────────────────────────────

/** The candidate and the one-candidacy-per-person-per-election item. */
export function createCandidateItems(c: CandidateItem): TransactItem[] {
  return [
    {
      Put: {
        TableName: T(),
        Item: { ...keys.candidacy(c.electionId, c.userId), type: "candidacy", candidateId: c.id },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Put: {
        TableName: T(),
        Item: {
          ...keys.candidate(c.electionId, c.id),
          type: "candidate",
          gsi1pk: `CANDIDATES#${c.electionId}#${c.neighbourhoodId}`,
          gsi1sk: c.id,
          ...c,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
}

export function getCandidate(electionId: string, candidateId: string): Promise<CandidateItem | undefined> {
  return get<CandidateItem>(keys.candidate(electionId, candidateId));
}

export async function candidateIdOfUser(electionId: string, userId: string): Promise<string | undefined> {
  return (await get<{ candidateId: string }>(keys.candidacy(electionId, userId)))?.candidateId;
}

/** Moves a candidate from one of `from` to `to`; conditional, so two decisions cannot both apply. */
export function setCandidateStatusItem(
  electionId: string,
  candidateId: string,
  from: CandidateStatus[],
  to: CandidateStatus,
  extra: Partial<Pick<CandidateItem, "rejectionReason" | "appealText" | "appealUsed">> = {},
): TransactItem {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = { ":to": to };
  const sets = ["#status = :to"];
  from.forEach((s, i) => {
    values[`:from${i}`] = s;
  });
  for (const [k, v] of Object.entries(extra)) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  return {
    Update: {
      TableName: T(),
      Key: keys.candidate(electionId, candidateId),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(", ")})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** A neighbourhood's candidates (every status), by id. */
export function candidatesOf(electionId: string, neighbourhoodId: string): Promise<CandidateItem[]> {
  return queryAll<CandidateItem>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": `CANDIDATES#${electionId}#${neighbourhoodId}` },
  });
}

// ── casting ──────────────────────────────────────────────────────────────────────────────────

/** Hour-precise time of a participation ("2026-11-22T08"): enough for turnout by hour, no more. */
export const participationHour = (at: Date) => at.toISOString().slice(0, 13);

export function putParticipationItem(
  electionId: string,
  nidHash: string,
  neighbourhoodId: string,
  channel: "online" | "kiosk",
  at: Date,
): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...keys.participation(electionId, nidHash),
        type: "participation",
        gsi1pk: participationIndexKey(electionId, neighbourhoodId),
        gsi1sk: nidHash,
        electionId,
        neighbourhoodId,
        channel,
        hour: participationHour(at),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

export function getParticipation(
  electionId: string,
  nidHash: string,
): Promise<{ channel: "online" | "kiosk" } | undefined> {
  return get(keys.participation(electionId, nidHash));
}

export function putBallotItem(b: BallotItem): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...keys.ballot(b.electionId, b.neighbourhoodId, b.id),
        type: "ballot",
        gsi1pk: trackerIndexKey(b.electionId, b.tracker),
        gsi1sk: "BALLOT",
        gsi2pk: unchainedQueue(b.electionId, b.neighbourhoodId),
        gsi2sk: b.tracker,
        ...b,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** ADD one ballot and one vote per choice to a random shard of the neighbourhood's tally. */
export function addToTallyItem(
  electionId: string,
  neighbourhoodId: string,
  choices: readonly string[],
  shard: number,
): TransactItem {
  const names: Record<string, string> = { "#type": "type" };
  const values: Record<string, unknown> = { ":one": 1, ":type": "tally-shard" };
  const adds = ["ballots :one"];
  choices.forEach((c, i) => {
    names[`#c${i}`] = `c_${c}`;
    adds.push(`#c${i} :one`);
  });
  return {
    Update: {
      TableName: T(),
      Key: keys.tallyShard(electionId, neighbourhoodId, shard),
      UpdateExpression: `SET #type = :type ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Sum of a neighbourhood's tally shards: ballots and votes per candidate id. */
export async function readTally(
  electionId: string,
  neighbourhoodId: string,
): Promise<{ ballots: number; votes: Record<string, number> }> {
  const shards = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :shard)",
    ExpressionAttributeValues: { ":pk": `TALLY#${electionId}#${neighbourhoodId}`, ":shard": "SHARD#" },
    ConsistentRead: true,
  });
  let ballots = 0;
  const votes: Record<string, number> = {};
  for (const shard of shards) {
    ballots += Number(shard.ballots ?? 0);
    for (const [k, v] of Object.entries(shard)) {
      if (k.startsWith("c_")) votes[k.slice(2)] = (votes[k.slice(2)] ?? 0) + Number(v);
    }
  }
  return { ballots, votes };
}

export function putBallotCode(codeHash: string, item: BallotCodeItem): Promise<unknown> {
  return db().send(
    new PutCommand({
      TableName: T(),
      Item: { ...keys.ballotCode(codeHash), type: "ballot-code", ...item },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export function getBallotCode(codeHash: string): Promise<BallotCodeItem | undefined> {
  return get<BallotCodeItem>(keys.ballotCode(codeHash));
}

/** Spends a ballot code in the cast's transaction: it must still exist, for this election, unexpired. */
export function spendBallotCodeItem(codeHash: string, electionId: string, nowSeconds: number): TransactItem {
  return {
    Delete: {
      TableName: T(),
      Key: keys.ballotCode(codeHash),
      ConditionExpression: "attribute_exists(pk) AND electionId = :e AND expiresAt > :now",
      ExpressionAttributeValues: { ":e": electionId, ":now": nowSeconds },
    },
  };
}

/** Every ballot of a neighbourhood (close-time cross-check and the record). */
export function ballotsOf(electionId: string, neighbourhoodId: string): Promise<BallotItem[]> {
  return queryAll<BallotItem>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :b)",
    ExpressionAttributeValues: { ":pk": `BALLOTS#${electionId}#${neighbourhoodId}`, ":b": "BALLOT#" },
    ConsistentRead: true,
  });
}

export async function ballotByTracker(electionId: string, tracker: string): Promise<BallotItem | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": trackerIndexKey(electionId, tracker) },
      Limit: 1,
    }),
  );
  return out.Items?.[0] as BallotItem | undefined;
}

/** How many voters of a neighbourhood are marked as having voted (COUNT over gsi1). */
export async function participationCount(electionId: string, neighbourhoodId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: T(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": participationIndexKey(electionId, neighbourhoodId) },
        Select: "COUNT",
        ExclusiveStartKey: startKey,
      }),
    );
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

// ── the chain ────────────────────────────────────────────────────────────────────────────────

/** Ballots waiting for the sealer, by tracker, at most `limit` (eventually consistent: gsi2). */
export async function unchainedBallots(
  electionId: string,
  neighbourhoodId: string,
  limit: number,
): Promise<Array<{ id: string; tracker: string }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :q",
      ExpressionAttributeValues: { ":q": unchainedQueue(electionId, neighbourhoodId) },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({ id: i.id as string, tracker: i.tracker as string }));
}

export function getChainHead(
  electionId: string,
  neighbourhoodId: string,
): Promise<ChainHeadItem | undefined> {
  return get<ChainHeadItem>(keys.chainHead(electionId, neighbourhoodId));
}

/**
 * One sealing step, all in one transaction: the head moves from `fromLength` (condition, so a
 * second sealer's step fails instead of double-appending), each entry is written, each ballot
 * leaves the unchained queue (condition: it was still in it), and the signed head is kept.
 */
export function sealItems(args: {
  electionId: string;
  neighbourhoodId: string;
  fromLength: number;
  entries: Array<{ position: number; tracker: string; link: string; ballotId: string }>;
  signed: SignedHead;
}): TransactItem[] {
  const { electionId, neighbourhoodId, fromLength, entries, signed } = args;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: T(),
        Item: {
          ...keys.chainHead(electionId, neighbourhoodId),
          type: "chain-head",
          length: signed.length,
          head: signed.head,
          signed,
        },
        ConditionExpression:
          fromLength === 0 ? "attribute_not_exists(pk) OR #length = :from" : "#length = :from",
        ExpressionAttributeNames: { "#length": "length" },
        ExpressionAttributeValues: { ":from": fromLength },
      },
    },
    {
      Put: {
        TableName: T(),
        Item: {
          ...keys.signedHead(electionId, neighbourhoodId, signed.length),
          type: "signed-head",
          ...signed,
        },
        ...(entries.length > 0 ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
      },
    },
  ];
  for (const e of entries) {
    items.push(
      {
        Put: {
          TableName: T(),
          Item: {
            ...keys.chainEntry(electionId, neighbourhoodId, e.position),
            type: "chain-entry",
            position: e.position,
            tracker: e.tracker,
            link: e.link,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      {
        Update: {
          TableName: T(),
          Key: keys.ballot(electionId, neighbourhoodId, e.ballotId),
          UpdateExpression: "SET #position = :p REMOVE gsi2pk, gsi2sk",
          ConditionExpression: "attribute_exists(gsi2pk)",
          ExpressionAttributeNames: { "#position": "position" },
          ExpressionAttributeValues: { ":p": e.position },
        },
      },
    );
  }
  return items;
}

export function chainEntries(
  electionId: string,
  neighbourhoodId: string,
): Promise<Array<{ position: number; tracker: string; link: string }>> {
  return queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
    ExpressionAttributeValues: { ":pk": `CHAIN#${electionId}#${neighbourhoodId}`, ":p": "P#" },
    ConsistentRead: true,
  });
}

/** One page of a neighbourhood's chain: entries after position `after`, in order (the public board). */
export async function chainEntriesPage(
  electionId: string,
  neighbourhoodId: string,
  after: number,
  limit: number,
): Promise<Array<{ position: number; tracker: string; link: string }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: {
        ":pk": `CHAIN#${electionId}#${neighbourhoodId}`,
        ":from": keys.chainEntry(electionId, neighbourhoodId, after + 1).sk,
        ":to": "P#~",
      },
      ProjectionExpression: "#position, tracker, link",
      ExpressionAttributeNames: { "#position": "position" },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({
    position: i.position as number,
    tracker: i.tracker as string,
    link: i.link as string,
  }));
}

export async function signedHeads(electionId: string, neighbourhoodId: string): Promise<SignedHead[]> {
  const items = await queryAll<SignedHead & Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :s)",
    ExpressionAttributeValues: { ":pk": `CHAIN#${electionId}#${neighbourhoodId}`, ":s": "SIGNED#" },
    ConsistentRead: true,
  });
  return items.map(({ electionId: e, neighbourhoodId: n, length, head, sealedAt, signature }) => ({
    electionId: e,
    neighbourhoodId: n,
    length,
    head,
    sealedAt,
    signature,
  }));
}

// ── results and complaints ───────────────────────────────────────────────────────────────────

export function putResultItem(electionId: string, r: ResultItem): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: { ...keys.result(electionId, r.neighbourhoodId), type: "election-result", ...r },
    },
  };
}

export function resultsOf(electionId: string): Promise<ResultItem[]> {
  return queryAll<ResultItem>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :r)",
    ExpressionAttributeValues: { ":pk": `ELECTION#${electionId}`, ":r": "RESULT#" },
    ConsistentRead: true,
  });
}

export async function putComplaint(c: ComplaintItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: T(),
      Item: { ...keys.complaint(c.electionId, c.id), type: "complaint", ...c },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export function getComplaint(electionId: string, complaintId: string): Promise<ComplaintItem | undefined> {
  return get<ComplaintItem>(keys.complaint(electionId, complaintId));
}

export function ruleComplaintItem(
  electionId: string,
  complaintId: string,
  status: "upheld" | "dismissed",
  ruling: string,
  ruledAt: string,
): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.complaint(electionId, complaintId),
      UpdateExpression: "SET #status = :s, ruling = :r, ruledAt = :at",
      ConditionExpression: "#status = :open",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":s": status, ":r": ruling, ":at": ruledAt, ":open": "open" },
    },
  };
}

export function complaintsOf(electionId: string): Promise<ComplaintItem[]> {
  return queryAll<ComplaintItem>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :c)",
    ExpressionAttributeValues: { ":pk": `ELECTION#${electionId}`, ":c": "COMPLAINT#" },
    ConsistentRead: true,
  });
}

/** Complaint statuses only, for the public count. */
export async function complaintStatuses(electionId: string): Promise<ComplaintItem["status"][]> {
  const items = await queryAll<Pick<ComplaintItem, "status">>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :c)",
    ExpressionAttributeValues: { ":pk": `ELECTION#${electionId}`, ":c": "COMPLAINT#" },
    ProjectionExpression: "#status",
    ExpressionAttributeNames: { "#status": "status" },
  });
  return items.map((i) => i.status);
}

// ── audit logs ───────────────────────────────────────────────────────────────────────────────

/**
 * An election keeps two audit logs (audit.ts items, pk AUDIT#<subject type>#<election id>): its
 * administrative actions, and the roll log with one entry per imported chunk (written in the
 * chunk's own transaction). Apart, the thousands of chunk entries of a large roll do not bury the
 * window changes and candidate decisions observers look for.
 */
export const auditLogs = { election: "election", roll: "election-roll" } as const;
export type AuditLog = keyof typeof auditLogs;

/** The sort key of an audit entry, which is also the cursor of the page after it. */
export const auditCursorOf = (e: Pick<AuditEntry, "at" | "id">) => `AT#${e.at}#${e.id}`;

/** One page of an election audit log, newest first, from before `cursor` (an auditCursorOf). */
export async function auditPage(
  log: AuditLog,
  electionId: string,
  limit: number,
  cursor?: string,
): Promise<AuditEntry[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: cursor ? "pk = :pk AND sk < :before" : "pk = :pk AND begins_with(sk, :at)",
      ExpressionAttributeValues: {
        ":pk": `AUDIT#${auditLogs[log]}#${electionId}`,
        ...(cursor ? { ":before": cursor } : { ":at": "AT#" }),
      },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(({ id, at, action, actor, subject, data }) => ({
    id,
    at,
    action,
    actor,
    subject,
    ...(data ? { data } : {}),
  })) as AuditEntry[];
}

/** The size of this version's record file once it is in the bucket (record-file.ts), else undefined. */
export async function recordFileBytes(electionId: string, version: string): Promise<number | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: table(), Key: keys.recordFile(electionId, version), ConsistentRead: true }),
  );
  return out.Item?.bytes as number | undefined;
}

/** Marks this version's record file as written; the same file for the same version, so a plain put. */
export async function putRecordFileItem(electionId: string, version: string, bytes: number): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keys.recordFile(electionId, version),
        type: "record-file",
        bytes,
        writtenAt: new Date().toISOString(),
      },
    }),
  );
}
