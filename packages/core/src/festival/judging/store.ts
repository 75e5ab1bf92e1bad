/**
 * Judging on the one table (ACCESS_PATTERNS.md, "Judging"). The round item carries the round's
 * status and version; every vote, score and decision transaction holds a ConditionCheck on it,
 * so a write either commits while the round is open or is refused — there is no window between
 * reading the status and writing. A work's state in a round is its own item (next to the entry),
 * replaced on the version read. Counters (district progress, quota places) are ADDed in the same
 * transactions as the transitions they count, so dashboards read a few items, never the entries.
 */
import { BatchGetCommand, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../../audit";
import { db, table } from "../../db";
import type { Entry } from "../model";
import { districtQueueKey, keys as festivalKeys } from "../store";
import { putTallyItem, type Tally, type TallyWork, tallyWith } from "./ranking-store";
import type { RoundStatus, WorkState } from "./rounds";
import type { ShortlistVote } from "./scoring";

export { cancellationCodes, transact } from "../../db";

export type Page<T> = { items: T[]; nextKey: Record<string, unknown> | undefined };

// ── items ────────────────────────────────────────────────────────────────────────────────────

export interface RoundState {
  programmeId: string;
  roundId: string;
  status: RoundStatus;
  version: number;
  /** Recorded at opening: assignment and ranking draws are reproducible from it. */
  seed: string;
  openedAt?: string;
  lockedAt?: string;
  publishedAt?: string;
}

/** A work (entry) within one round: its state and what the queue and ranking need to know. */
export interface Work {
  entryId: string;
  programmeId: string;
  roundId: string;
  state: WorkState;
  version: number;
  district: string;
  neighbourhood: string;
  categoryId?: string;
  ageGroup?: string;
  submittedAt: string;
  votes: Record<ShortlistVote, number>;
  returnReason?: string;
  enteredAt: string;
  updatedAt: string;
}

export interface Vote {
  entryId: string;
  roundId: string;
  reviewerId: string;
  vote: ShortlistVote;
  note?: string;
  at: string;
}

export interface PanelSeat {
  jurorId: string;
  district?: string;
  neighbourhood?: string;
  /** Entry ids the juror declared (or the secretariat recorded) a conflict on. */
  conflicts: string[];
}

export interface Assignment {
  programmeId: string;
  roundId: string;
  entryId: string;
  jurorId: string;
  assignedAt: string;
  scoredAt?: string;
}

export interface Score {
  programmeId: string;
  roundId: string;
  entryId: string;
  jurorId: string;
  marks: Record<string, number>;
  score: number;
  comment?: string;
  version: number;
  at: string;
}

export interface Progress {
  district: string;
  received: number;
  screened: number;
  selected: number;
  rejected: number;
}

export interface Decision {
  programmeId: string;
  roundId: string;
  winners: string[];
  honourableMentions: string[];
  decidedAt: string;
  decidedBy: string;
}

export type Award = "winner" | "honourable_mention" | "participant";

/** A published result: only what may be shown publicly. */
export interface ResultCard {
  programmeId: string;
  entryId: string;
  award: Exclude<Award, "participant">;
  categoryId?: string;
  ageGroup?: string;
  district: string;
  /** A consenting child's first name or an organisation's name; absent otherwise. */
  displayName?: string;
  title?: string;
  thumbnailKey?: string;
}

export interface Certificate {
  programmeId: string;
  entryId: string;
  programmeTitle: string;
  name: string;
  award: Award;
  issuedAt: string;
}

export const keys = {
  round: (programmeId: string, roundId: string) => ({
    pk: `PROGRAMME#${programmeId}`,
    sk: `ROUND#${roundId}`,
  }),
  work: (entryId: string, roundId: string) => ({ pk: `ENTRY#${entryId}`, sk: `ROUND#${roundId}` }),
  vote: (entryId: string, roundId: string, reviewerId: string) => ({
    pk: `ENTRY#${entryId}`,
    sk: `VOTE#${roundId}#${reviewerId}`,
  }),
  score: (entryId: string, roundId: string, jurorId: string) => ({
    pk: `ENTRY#${entryId}`,
    sk: `SCORE#${roundId}#${jurorId}`,
  }),
  quota: (programmeId: string, roundId: string, group: string) => ({
    pk: `PROGRAMME#${programmeId}`,
    sk: `QUOTA#${roundId}#${group}`,
  }),
  progress: (programmeId: string, roundId: string, district: string) => ({
    pk: `PROGRAMME#${programmeId}`,
    sk: `PROGRESS#${roundId}#${district}`,
  }),
  decision: (programmeId: string, roundId: string) => ({
    pk: `PROGRAMME#${programmeId}`,
    sk: `DECISION#${roundId}`,
  }),
  jurorPartition: (programmeId: string, roundId: string, jurorId: string) =>
    `JUROR#${programmeId}#${roundId}#${jurorId}`,
  panelSeat: (programmeId: string, roundId: string, jurorId: string) => ({
    pk: keys.jurorPartition(programmeId, roundId, jurorId),
    sk: "PANEL",
  }),
  assignment: (programmeId: string, roundId: string, jurorId: string, entryId: string) => ({
    pk: keys.jurorPartition(programmeId, roundId, jurorId),
    sk: `W#${entryId}`,
  }),
  /** Exists only while the juror has not scored the work: the juror's to-do list. */
  pending: (programmeId: string, roundId: string, jurorId: string, entryId: string) => ({
    pk: keys.jurorPartition(programmeId, roundId, jurorId),
    sk: `P#${entryId}`,
  }),
  result: (programmeId: string, award: string, entryId: string) => ({
    pk: `RESULTS#${programmeId}`,
    sk: `${award}#${entryId}`,
  }),
  certificate: (codeHash: string) => ({ pk: `CERT#${codeHash}`, sk: "CERT" }),
  entryCertificate: (entryId: string) => ({ pk: `ENTRY#${entryId}`, sk: "CERT" }),
};

/** A round's works, all districts (gsi1) or one district (gsi2), sorted by state then age. */
export const roundQueue = (programmeId: string, roundId: string) => `ROUNDQ#${programmeId}#${roundId}`;
export const roundDistrictQueue = (programmeId: string, roundId: string, district: string) =>
  `ROUNDQ#${programmeId}#${roundId}#D#${district}`;
const queueSort = (w: Work) => `${w.state}#${w.submittedAt}#${w.entryId}`;
export const scoresIndex = (programmeId: string, roundId: string) => `SCORES#${programmeId}#${roundId}`;

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, ...rest } = item;
  return rest as T;
}

async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return strip<T>(out.Item);
}

async function query<T>(input: {
  index?: "gsi1" | "gsi2";
  pkName: string;
  pk: string;
  skName: string;
  prefix?: string;
  limit: number;
  startKey?: Record<string, unknown> | undefined;
  projection?: string[];
  consistent?: boolean;
}): Promise<Page<T>> {
  const names: Record<string, string> = { "#p": input.pkName };
  const values: Record<string, unknown> = { ":p": input.pk };
  let condition = "#p = :p";
  if (input.prefix) {
    names["#s"] = input.skName;
    values[":s"] = input.prefix;
    condition += " AND begins_with(#s, :s)";
  }
  const projection = input.projection?.map((a, i) => {
    names[`#a${i}`] = a;
    return `#a${i}`;
  });
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      ...(input.index ? { IndexName: input.index } : {}),
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Limit: input.limit,
      ...(projection ? { ProjectionExpression: projection.join(", ") } : {}),
      ...(input.consistent ? { ConsistentRead: true } : {}),
      ...(input.startKey ? { ExclusiveStartKey: input.startKey } : {}),
    }),
  );
  return { items: (out.Items ?? []).map((i) => strip<T>(i) as T), nextKey: out.LastEvaluatedKey };
}

const put = (
  Item: Record<string, unknown>,
  ConditionExpression: string,
  values?: Record<string, unknown>,
) => ({
  Put: {
    TableName: table(),
    Item,
    ConditionExpression,
    ...(values ? { ExpressionAttributeValues: values } : {}),
  },
});

// ── rounds ───────────────────────────────────────────────────────────────────────────────────

export const getRoundState = (programmeId: string, roundId: string) =>
  get<RoundState>(keys.round(programmeId, roundId));

/** Writes the round's next status, only if it is still at `from` (absent means draft). */
export function putRoundStateItem(next: RoundState, from: RoundStatus, readVersion: number): TransactItem {
  const Item = { ...keys.round(next.programmeId, next.roundId), type: "judging-round", ...next };
  if (from === "draft") return put(Item, "attribute_not_exists(pk)");
  return {
    Put: {
      TableName: table(),
      Item,
      ConditionExpression: "#status = :from AND version = :v",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":from": from, ":v": readVersion },
    },
  };
}

/** Holds the transaction to the round being in one of `statuses` (the race guard). */
export function roundIsItem(programmeId: string, roundId: string, statuses: RoundStatus[]): TransactItem {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return {
    ConditionCheck: {
      TableName: table(),
      Key: keys.round(programmeId, roundId),
      ConditionExpression: `#status IN (${Object.keys(values).join(", ")})`,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: values,
    },
  };
}

// ── works ────────────────────────────────────────────────────────────────────────────────────

function workItem(w: Work): Record<string, unknown> {
  return {
    ...keys.work(w.entryId, w.roundId),
    type: "judging-work",
    gsi1pk: roundQueue(w.programmeId, w.roundId),
    gsi1sk: queueSort(w),
    gsi2pk: roundDistrictQueue(w.programmeId, w.roundId, w.district),
    gsi2sk: queueSort(w),
    ...w,
  };
}

export const createWorkItem = (w: Work): TransactItem => put(workItem(w), "attribute_not_exists(pk)");

export function replaceWorkItem(w: Work, readVersion: number): TransactItem {
  return put(workItem(w), "version = :v", { ":v": readVersion });
}

export const getWork = (entryId: string, roundId: string) => get<Work>(keys.work(entryId, roundId));

/** A page of a round's queue: one district (gsi2) or every district (gsi1), optionally one state. */
export function listWorks(
  programmeId: string,
  roundId: string,
  options: {
    district?: string | undefined;
    state?: WorkState | undefined;
    limit: number;
    startKey?: Record<string, unknown> | undefined;
    projection?: string[];
  },
): Promise<Page<Work>> {
  const byDistrict = options.district !== undefined;
  return query<Work>({
    index: byDistrict ? "gsi2" : "gsi1",
    pkName: byDistrict ? "gsi2pk" : "gsi1pk",
    pk: byDistrict
      ? roundDistrictQueue(programmeId, roundId, options.district as string)
      : roundQueue(programmeId, roundId),
    skName: byDistrict ? "gsi2sk" : "gsi1sk",
    ...(options.state ? { prefix: `${options.state}#` } : {}),
    limit: options.limit,
    startKey: options.startKey,
    ...(options.projection ? { projection: options.projection } : {}),
  });
}

/** A page of a programme's live entries in one district (festival's intake queue). */
export function listDistrictEntries(
  programmeId: string,
  district: string,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<Page<Entry>> {
  return query<Entry>({
    index: "gsi2",
    pkName: "gsi2pk",
    pk: districtQueueKey(programmeId, district),
    skName: "gsi2sk",
    limit,
    startKey,
  });
}

/** Moves an entry's status on, only from one of `from`. */
export function entryStatusItem(
  entryId: string,
  from: Entry["status"][],
  to: Entry["status"],
  at: string,
): TransactItem {
  const values: Record<string, unknown> = Object.fromEntries(from.map((s, i) => [`:f${i}`, s]));
  return {
    Update: {
      TableName: table(),
      Key: festivalKeys.entry(entryId),
      UpdateExpression: "SET #status = :to, updatedAt = :at ADD version :one",
      ConditionExpression: `#status IN (${Object.keys(values).join(", ")})`,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ...values, ":to": to, ":at": at, ":one": 1 },
    },
  };
}

/**
 * Entries by id: BatchGets of ≤ 100 distinct keys (DynamoDB's limit), so a decision's up to
 * 1,000 winners and mentions are read in 10 calls rather than refused.
 */
export async function getEntries(ids: string[]): Promise<Map<string, Entry>> {
  const found = new Map<string, Entry>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) await batchGetEntries(unique.slice(i, i + 100), found);
  return found;
}

async function batchGetEntries(ids: string[], found: Map<string, Entry>): Promise<void> {
  let pending: Record<string, unknown>[] = ids.map((id) => festivalKeys.entry(id));
  for (let attempt = 0; pending.length > 0 && attempt < 8; attempt++) {
    const out = await db().send(
      new BatchGetCommand({ RequestItems: { [table()]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[table()] ?? []) {
      const e = strip<Entry>(item) as Entry;
      found.set(e.id, e);
    }
    pending = (out.UnprocessedKeys?.[table()]?.Keys ?? []) as Record<string, unknown>[];
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
  }
}

// ── counters ─────────────────────────────────────────────────────────────────────────────────

export function progressItem(
  programmeId: string,
  roundId: string,
  district: string,
  delta: Partial<Record<Exclude<keyof Progress, "district">, number>>,
): TransactItem {
  const entries = Object.entries(delta).filter(([, n]) => n !== 0);
  return {
    Update: {
      TableName: table(),
      Key: keys.progress(programmeId, roundId, district),
      UpdateExpression: `SET district = :d, #t = :t ADD ${entries.map((_, i) => `#c${i} :n${i}`).join(", ")}`,
      ExpressionAttributeNames: {
        "#t": "type",
        ...Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
      },
      ExpressionAttributeValues: {
        ":d": district,
        ":t": "judging-progress",
        ...Object.fromEntries(entries.map(([, n], i) => [`:n${i}`, n])),
      },
    },
  };
}

export async function listProgress(programmeId: string, roundId: string): Promise<Progress[]> {
  const page = await query<Progress>({
    pkName: "pk",
    pk: `PROGRAMME#${programmeId}`,
    skName: "sk",
    prefix: `PROGRESS#${roundId}#`,
    limit: 100,
    consistent: true,
  });
  return page.items.map((p) => ({
    district: p.district,
    received: p.received ?? 0,
    screened: p.screened ?? 0,
    selected: p.selected ?? 0,
    rejected: p.rejected ?? 0,
  }));
}

/** Takes a quota place: refused (ConditionalCheckFailed) when the group is full. */
export function takeQuotaPlaceItem(programmeId: string, roundId: string, group: string, quota: number) {
  return {
    Update: {
      TableName: table(),
      Key: keys.quota(programmeId, roundId, group),
      UpdateExpression: "SET #t = :t ADD selected :one",
      ConditionExpression: "attribute_not_exists(selected) OR selected < :quota",
      ExpressionAttributeNames: { "#t": "type" },
      ExpressionAttributeValues: { ":t": "judging-quota", ":one": 1, ":quota": quota },
    },
  } satisfies TransactItem;
}

export function freeQuotaPlaceItem(programmeId: string, roundId: string, group: string): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: keys.quota(programmeId, roundId, group),
      UpdateExpression: "ADD selected :minus",
      ConditionExpression: "selected > :zero",
      ExpressionAttributeValues: { ":minus": -1, ":zero": 0 },
    },
  };
}

export async function quotaUsed(programmeId: string, roundId: string, group: string): Promise<number> {
  return (await get<{ selected?: number }>(keys.quota(programmeId, roundId, group)))?.selected ?? 0;
}

// ── votes ────────────────────────────────────────────────────────────────────────────────────

export const getVote = (entryId: string, roundId: string, reviewerId: string) =>
  get<Vote>(keys.vote(entryId, roundId, reviewerId));

/** A reviewer's vote; replacing one is conditional on the vote read, so the tally stays exact. */
export function putVoteItem(v: Vote, previous: ShortlistVote | undefined): TransactItem {
  const item = { ...keys.vote(v.entryId, v.roundId, v.reviewerId), type: "judging-vote", ...v };
  return previous ? put(item, "vote = :prev", { ":prev": previous }) : put(item, "attribute_not_exists(pk)");
}

// ── panel, assignments, scores ───────────────────────────────────────────────────────────────

export function putPanelSeatItem(programmeId: string, roundId: string, seat: PanelSeat): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.panelSeat(programmeId, roundId, seat.jurorId), type: "judging-panel-seat", ...seat },
    },
  };
}

export const getPanelSeat = (programmeId: string, roundId: string, jurorId: string) =>
  get<PanelSeat>(keys.panelSeat(programmeId, roundId, jurorId));

export function createAssignmentItems(a: Assignment): TransactItem[] {
  return [
    put(
      {
        ...keys.assignment(a.programmeId, a.roundId, a.jurorId, a.entryId),
        type: "judging-assignment",
        ...a,
      },
      "attribute_not_exists(pk)",
    ),
    put(
      {
        ...keys.pending(a.programmeId, a.roundId, a.jurorId, a.entryId),
        type: "judging-pending",
        entryId: a.entryId,
      },
      "attribute_not_exists(pk)",
    ),
  ];
}

export const getAssignment = (programmeId: string, roundId: string, jurorId: string, entryId: string) =>
  get<Assignment>(keys.assignment(programmeId, roundId, jurorId, entryId));

/** The juror's first unscored work (strongly consistent: a score removes its marker in the same transaction). */
export async function firstPending(
  programmeId: string,
  roundId: string,
  jurorId: string,
): Promise<string | undefined> {
  const page = await query<{ entryId: string }>({
    pkName: "pk",
    pk: keys.jurorPartition(programmeId, roundId, jurorId),
    skName: "sk",
    prefix: "P#",
    limit: 1,
    consistent: true,
  });
  return page.items[0]?.entryId;
}

export const getScore = (entryId: string, roundId: string, jurorId: string) =>
  get<Score>(keys.score(entryId, roundId, jurorId));

/** Where the work's tally sits in `scoreItems`' list (its version guard may need a retry). */
export const SCORE_TALLY_AT = 3;

/**
 * The score (new or replacing the version read), its assignment touched, the pending marker gone,
 * and the work's ranking tally (ranking-store.ts) replaced on the version read — all in one
 * transaction, so the tally never drifts from the scores.
 */
export function scoreItems(
  s: Score,
  readVersion: number | undefined,
  tally: { work: TallyWork; previous: Tally | undefined },
): TransactItem[] {
  const scoreItem = {
    ...keys.score(s.entryId, s.roundId, s.jurorId),
    type: "judging-score",
    gsi1pk: scoresIndex(s.programmeId, s.roundId),
    gsi1sk: `${s.entryId}#${s.jurorId}`,
    ...s,
  };
  return [
    readVersion === undefined
      ? put(scoreItem, "attribute_not_exists(pk)")
      : put(scoreItem, "version = :v", { ":v": readVersion }),
    {
      Update: {
        TableName: table(),
        Key: keys.assignment(s.programmeId, s.roundId, s.jurorId, s.entryId),
        UpdateExpression: "SET scoredAt = :at",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":at": s.at },
      },
    },
    { Delete: { TableName: table(), Key: keys.pending(s.programmeId, s.roundId, s.jurorId, s.entryId) } },
    putTallyItem(tallyWith(tally.previous, s, tally.work)),
  ];
}

/** A page of a round's scores, 1,000 at a time (the reference ranking read in ranking-read.ts). */
export function listScores(
  programmeId: string,
  roundId: string,
  startKey?: Record<string, unknown>,
): Promise<Page<Pick<Score, "entryId" | "jurorId" | "score">>> {
  return query({
    index: "gsi1",
    pkName: "gsi1pk",
    pk: scoresIndex(programmeId, roundId),
    skName: "gsi1sk",
    limit: 1000,
    startKey,
    projection: ["entryId", "jurorId", "score"],
  });
}

// ── decisions, results, certificates ─────────────────────────────────────────────────────────

export const getDecision = (programmeId: string, roundId: string) =>
  get<Decision>(keys.decision(programmeId, roundId));

export function createDecisionItem(d: Decision): TransactItem {
  return put(
    { ...keys.decision(d.programmeId, d.roundId), type: "judging-decision", ...d },
    "attribute_not_exists(pk)",
  );
}

export function putResultItem(r: ResultCard): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.result(r.programmeId, r.award, r.entryId), type: "judging-result", ...r },
    },
  };
}

/** One entry's published result card, whichever award it has, or undefined. */
export async function getResultOfEntry(
  programmeId: string,
  entryId: string,
): Promise<ResultCard | undefined> {
  const cards = await Promise.all(
    (["winner", "honourable_mention"] as const).map((award) =>
      db().send(new GetCommand({ TableName: table(), Key: keys.result(programmeId, award, entryId) })),
    ),
  );
  return cards.map((c) => c.Item as ResultCard | undefined).find(Boolean);
}

export async function listResults(programmeId: string, startKey?: Record<string, unknown>) {
  return query<ResultCard>({
    pkName: "pk",
    pk: `RESULTS#${programmeId}`,
    skName: "sk",
    limit: 500,
    startKey,
  });
}

export function createCertificateItems(codeHash: string, code: string, c: Certificate): TransactItem[] {
  return [
    put(
      { ...keys.entryCertificate(c.entryId), type: "certificate-of-entry", code, ...c },
      "attribute_not_exists(pk)",
    ),
    put({ ...keys.certificate(codeHash), type: "certificate", ...c }, "attribute_not_exists(pk)"),
  ];
}

export const getCertificate = (codeHash: string) => get<Certificate>(keys.certificate(codeHash));
export const getEntryCertificate = (entryId: string) =>
  get<Certificate & { code: string }>(keys.entryCertificate(entryId));

// ── exports ──────────────────────────────────────────────────────────────────────────────────

export type ScoreRow = Pick<Score, "entryId" | "jurorId" | "marks" | "score" | "at">;

/** A page of a round's scores with their marks, sorted by entry then juror (the scores export). */
export function listRoundScores(
  programmeId: string,
  roundId: string,
  startKey?: Record<string, unknown>,
): Promise<Page<ScoreRow>> {
  return query({
    index: "gsi1",
    pkName: "gsi1pk",
    pk: scoresIndex(programmeId, roundId),
    skName: "gsi1sk",
    limit: 1000,
    startKey,
    projection: ["entryId", "jurorId", "marks", "score", "at"],
  });
}
