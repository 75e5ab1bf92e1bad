/**
 * Programmes and entries on the one table (ACCESS_PATTERNS.md, "Festival"). Every "one per …"
 * rule is an item whose existence is the rule (a tracking code, a child in a programme), put
 * with attribute_not_exists in the same TransactWriteItems as the entry and its audit entry;
 * edits are conditional on the version read, so two tabs cannot overwrite each other.
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../audit";
import { db, table } from "../db";
import type { Entry, Programme } from "./model";

export { cancellationCodes, transact } from "../db";

export const keys = {
  programme: (id: string) => ({ pk: `PROGRAMME#${id}`, sk: "PROGRAMME" }),
  entry: (id: string) => ({ pk: `ENTRY#${id}`, sk: "ENTRY" }),
  tracking: (code: string) => ({ pk: `TRACK#${code}`, sk: "TRACK" }),
  child: (hash: string) => ({ pk: `CHILDENTRY#${hash}`, sk: "CHILDENTRY" }),
  request: (userId: string, requestId: string) => ({ pk: `ENTRYREQ#${userId}#${requestId}`, sk: "ENTRYREQ" }),
};

/** All programmes, by closing time: open and upcoming ones are the tail of one small partition. */
const PROGRAMME_INDEX = "PROGRAMMES";

function programmeIndexKeys(p: Programme) {
  return { gsi1pk: PROGRAMME_INDEX, gsi1sk: `${p.submissionClosesAt}#${p.id}` };
}

/** A programme's live entries per district, oldest first: the district secretariat's intake queue. */
export const districtQueueKey = (programmeId: string, district: string) =>
  `PROGRAMME#${programmeId}#DISTRICT#${district}`;

function entryIndexKeys(e: Entry) {
  return {
    gsi1pk: `USER#${e.submitterId}`,
    gsi1sk: `ENTRY#${e.submittedAt}#${e.id}`,
    ...(e.status === "withdrawn"
      ? {}
      : { gsi2pk: districtQueueKey(e.programmeId, e.district), gsi2sk: `${e.submittedAt}#${e.id}` }),
  };
}

function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, ...rest } = item;
  return rest as T;
}

// ── programmes ───────────────────────────────────────────────────────────────────────────────

export function createProgrammeItem(p: Programme): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.programme(p.id), type: "programme", ...programmeIndexKeys(p), ...p },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Replaces a programme only if nobody changed it since `readVersion`. */
export function replaceProgrammeItem(p: Programme, readVersion: number): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.programme(p.id), type: "programme", ...programmeIndexKeys(p), ...p },
      ConditionExpression: "attribute_exists(pk) AND version = :read",
      ExpressionAttributeValues: { ":read": readVersion },
    },
  };
}

export async function getProgramme(id: string): Promise<Programme | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: table(), Key: keys.programme(id), ConsistentRead: true }),
  );
  return strip<Programme>(out.Item);
}

/** Programmes closing at or after `from`, soonest first, one page at a time. */
export async function listProgrammesClosingFrom(
  from: string,
  startKey?: Record<string, unknown>,
): Promise<{ items: Programme[]; nextKey: Record<string, unknown> | undefined }> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p AND gsi1sk >= :from",
      ExpressionAttributeValues: { ":p": PROGRAMME_INDEX, ":from": from },
      Limit: 100,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => strip<Programme>(i) as Programme),
    nextKey: out.LastEvaluatedKey,
  };
}

/** Every programme, latest closing first (staff list), one page at a time. */
export async function listAllProgrammes(
  startKey?: Record<string, unknown>,
): Promise<{ items: Programme[]; nextKey: Record<string, unknown> | undefined }> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": PROGRAMME_INDEX },
      ScanIndexForward: false,
      Limit: 50,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => strip<Programme>(i) as Programme),
    nextKey: out.LastEvaluatedKey,
  };
}

// ── entries ──────────────────────────────────────────────────────────────────────────────────

/** A submission request the client named, kept a week so its retries find the entry made. */
const REQUEST_RETENTION_SECONDS = 7 * 24 * 3600;

function claim(
  key: { pk: string; sk: string },
  type: string,
  entry: Entry,
  extra: Record<string, unknown> = {},
): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...key, type, entryId: entry.id, programmeId: entry.programmeId, ...extra },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/**
 * The entry, its tracking-code claim, the client's request id (when given: a retried request
 * finds it taken) and, for a child, the child's claim on the programme. `at` says where each
 * claim sits, for reading the transaction's cancellation reasons.
 */
export function createEntryItems(
  entry: Entry,
  claims: { childHash?: string | undefined; requestId?: string | undefined },
): { items: TransactItem[]; at: { tracking: number; request?: number; child?: number } } {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: table(),
        Item: { ...keys.entry(entry.id), type: "entry", ...entryIndexKeys(entry), ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    claim(keys.tracking(entry.trackingCode), "tracking-code", entry),
  ];
  const at: { tracking: number; request?: number; child?: number } = { tracking: 1 };
  if (claims.requestId) {
    at.request = items.length;
    items.push(
      claim(keys.request(entry.submitterId, claims.requestId), "entry-request", entry, {
        expiresAt: Math.floor(Date.parse(entry.submittedAt) / 1000) + REQUEST_RETENTION_SECONDS,
      }),
    );
  }
  if (claims.childHash) {
    at.child = items.length;
    items.push(claim(keys.child(claims.childHash), "child-entry", entry));
  }
  return { items, at };
}

export async function entryIdOfRequest(userId: string, requestId: string): Promise<string | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: table(), Key: keys.request(userId, requestId), ConsistentRead: true }),
  );
  return out.Item?.entryId as string | undefined;
}

/** Replaces an entry only while it is still `submitted` at the version the submitter read. */
export function replaceEntryItem(entry: Entry, readVersion: number): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...keys.entry(entry.id), type: "entry", ...entryIndexKeys(entry), ...entry },
      ConditionExpression: "attribute_exists(pk) AND version = :read AND #status = :submitted",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":read": readVersion, ":submitted": "submitted" },
    },
  };
}

/** Frees the child's place in the programme (on withdrawal), only if it is this entry's. */
export function releaseChildItem(childHash: string, entryId: string): TransactItem {
  return {
    Delete: {
      TableName: table(),
      Key: keys.child(childHash),
      ConditionExpression: "entryId = :id",
      ExpressionAttributeValues: { ":id": entryId },
    },
  };
}

export async function getEntry(id: string): Promise<(Entry & { childHash?: string }) | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: table(), Key: keys.entry(id), ConsistentRead: true }),
  );
  return strip<Entry & { childHash?: string }>(out.Item);
}

/** A submitter's entries, newest first. */
export async function listEntriesOfUser(
  userId: string,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ items: Entry[]; nextKey: Record<string, unknown> | undefined }> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :u AND begins_with(gsi1sk, :e)",
      ExpressionAttributeValues: { ":u": `USER#${userId}`, ":e": "ENTRY#" },
      ScanIndexForward: false,
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return { items: (out.Items ?? []).map((i) => strip<Entry>(i) as Entry), nextKey: out.LastEvaluatedKey };
}
