/**
 * Upload records in the one table. An upload is read by its id alone (the id comes from the
 * owner's own earlier answer), so it is its own partition; ownership is checked on the item.
 * Pending uploads also sit in a sparse queue on gsi2, ordered by their deadline, so the
 * local sweep finds the overdue ones with a Query instead of a Scan; settling an upload
 * removes it from the queue. Every state change is conditional on the upload still being
 * pending, which makes finalise idempotent and lets only one of two concurrent calls act.
 * Key shapes are listed in ACCESS_PATTERNS.md ("Uploads").
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, table } from "../db";
import type { UploadPurpose, UploadStatus } from "./model";
import type { RejectionCode } from "./rules";

export interface UploadRecord {
  id: string;
  ownerId: string;
  purpose: UploadPurpose;
  fileName: string;
  declaredType: string;
  declaredSize: number;
  status: UploadStatus;
  /** Where the object is now: uploads/<owner>/<id> while pending, files/<owner>/<id> once ready. */
  objectKey: string;
  createdAt: string;
  /** Deadline for finalising (ISO); pending uploads past it are swept. */
  finaliseBy: string;
  /** Sniffed from the bytes; set when ready. */
  contentType?: string;
  size?: number;
  finalisedAt?: string;
  rejectedCode?: RejectionCode;
  settledAt?: string;
}

/** The single queue partition of pending uploads (upload volume is far below one partition's limits). */
const PENDING_QUEUE = "UPLOADS#pending";
/** Settled rejected/expired records stay this long (TTL) so repeated finalise calls get the same answer. */
const SETTLED_RETENTION_SECONDS = 30 * 24 * 3600;

const keyOf = (id: string) => ({ pk: `UPLOAD#${id}`, sk: `UPLOAD#${id}` });
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function isConditionFailure(e: unknown): boolean {
  return e instanceof ConditionalCheckFailedException;
}

function toRecord(item: Record<string, unknown>): UploadRecord {
  const { pk, sk, gsi2pk, gsi2sk, expiresAt, type, ...rest } = item;
  return rest as unknown as UploadRecord;
}

export async function putPendingUpload(record: UploadRecord): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keyOf(record.id),
        type: "upload",
        ...record,
        gsi2pk: PENDING_QUEUE,
        gsi2sk: `${record.finaliseBy}#${record.id}`,
        // The table's TTL removes the record of an upload nobody finalised (the bucket's
        // lifecycle rule removes its object).
        expiresAt: epochSeconds(record.finaliseBy),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export async function findUpload(id: string): Promise<UploadRecord | null> {
  const out = await db().send(new GetCommand({ TableName: table(), Key: keyOf(id), ConsistentRead: true }));
  return out.Item ? toRecord(out.Item) : null;
}

/**
 * pending → ready, only while the deadline has not passed. Returns false when another call
 * settled it first (or the deadline passed).
 */
export async function settleReady(
  id: string,
  fields: { objectKey: string; contentType: string; size: number },
  now: Date,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(id),
        UpdateExpression:
          "SET #status = :ready, objectKey = :key, contentType = :type, #size = :size, finalisedAt = :now, settledAt = :now REMOVE gsi2pk, gsi2sk, expiresAt",
        ConditionExpression: "#status = :pending AND finaliseBy >= :now",
        ExpressionAttributeNames: { "#status": "status", "#size": "size" },
        ExpressionAttributeValues: {
          ":ready": "ready",
          ":pending": "pending",
          ":key": fields.objectKey,
          ":type": fields.contentType,
          ":size": fields.size,
          ":now": now.toISOString(),
        },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** pending → rejected with the reason, kept for replays. Returns false when already settled. */
export async function settleRejected(id: string, code: RejectionCode, now: Date): Promise<boolean> {
  return settle(id, "rejected", now, { rejectedCode: code });
}

/** pending → expired, only once the deadline has passed. Returns false when already settled. */
export async function settleExpired(id: string, now: Date): Promise<boolean> {
  return settle(id, "expired", now, {}, "finaliseBy < :now");
}

async function settle(
  id: string,
  status: "rejected" | "expired",
  now: Date,
  extra: Record<string, string>,
  extraCondition?: string,
): Promise<boolean> {
  const names = Object.keys(extra);
  try {
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf(id),
        UpdateExpression: `SET #status = :status, settledAt = :now, expiresAt = :ttl${names
          .map((n) => `, ${n} = :${n}`)
          .join("")} REMOVE gsi2pk, gsi2sk`,
        ConditionExpression: `#status = :pending${extraCondition ? ` AND ${extraCondition}` : ""}`,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":status": status,
          ":pending": "pending",
          ":now": now.toISOString(),
          ":ttl": Math.floor(now.getTime() / 1000) + SETTLED_RETENTION_SECONDS,
          ...Object.fromEntries(names.map((n) => [`:${n}`, extra[n]])),
        },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Pending uploads whose deadline is before `now`, oldest first, one page at a time. */
export async function listPendingOverdue(
  now: Date,
  startKey?: Record<string, unknown>,
): Promise<{ items: UploadRecord[]; nextKey: Record<string, unknown> | undefined }> {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: "gsi2",
      // gsi2sk is `<finaliseBy ISO>#<id>`: every key sorting below the bare `now` ISO string
      // has a deadline strictly before now.
      KeyConditionExpression: "gsi2pk = :queue AND gsi2sk < :now",
      ExpressionAttributeValues: { ":queue": PENDING_QUEUE, ":now": now.toISOString() },
      Limit: 100,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return { items: (out.Items ?? []).map(toRecord), nextKey: out.LastEvaluatedKey };
}
