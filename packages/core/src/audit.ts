/**
 * The audit trail: who did what to which subject, when. An entry is written in the same
 * TransactWriteItems as the change it records (auditItem returns the Put), so there is never a
 * change without its entry or an entry without its change.
 *
 * Entries hold ids and codes only, never personal data (no names, mobiles, national ids,
 * usernames typed at sign-in): the trail is kept for good and read by administrators.
 *
 * Keys: pk `AUDIT#<subjectType>#<subjectId>`, sk `AT#<ISO time>#<ULID>` → one subject's history
 * in time order with one Query.
 */
import { PutCommand, QueryCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Actor } from "./actor";
import { db, table } from "./db";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

type AuditValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyArray<string | number | AuditRecord>
  | AuditRecord;
interface AuditRecord {
  [key: string]: AuditValue;
}

export interface AuditSubject {
  type: string;
  id: string;
}

export interface AuditInput {
  actor: Actor;
  action: string;
  subject: AuditSubject;
  /** Ids and codes only. */
  data?: AuditRecord;
  at?: Date;
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actor: { kind: Actor["kind"]; userId?: string };
  subject: AuditSubject;
  data?: AuditRecord;
}

function actorRef(actor: Actor): AuditEntry["actor"] {
  return actor.kind === "anonymous" ? { kind: "anonymous" } : { kind: actor.kind, userId: actor.userId };
}

function toItem(input: AuditInput): Record<string, unknown> {
  const at = (input.at ?? new Date()).toISOString();
  const id = ulid();
  const entry: AuditEntry = {
    id,
    at,
    action: input.action,
    actor: actorRef(input.actor),
    subject: { type: input.subject.type, id: input.subject.id },
    ...(input.data ? { data: input.data } : {}),
  };
  return {
    pk: `AUDIT#${input.subject.type}#${input.subject.id}`,
    sk: `AT#${at}#${id}`,
    type: "audit",
    ...entry,
  };
}

/** The Put to include in the TransactWriteItems that makes the change. */
export function auditItem(input: AuditInput): TransactItem {
  return {
    Put: { TableName: table(), Item: toItem(input), ConditionExpression: "attribute_not_exists(pk)" },
  };
}

/** For events that change nothing else (e.g. a failed sign-in): the entry on its own. */
export async function writeAudit(input: AuditInput): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: toItem(input),
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

/** One subject's history, oldest first. Callers check who may read it. */
export async function listAudit(subjectType: string, subjectId: string, limit = 100): Promise<AuditEntry[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :at)",
      ExpressionAttributeValues: { ":pk": `AUDIT#${subjectType}#${subjectId}`, ":at": "AT#" },
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
