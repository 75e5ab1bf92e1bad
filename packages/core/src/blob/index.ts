/**
 * Uploads: the browser puts the bytes straight into S3 with a presigned URL, then asks us to
 * finalise. Finalise trusts nothing the browser said: it measures the stored object, sniffs
 * its type from the magic bytes, moves it out of the expiring `uploads/` prefix into
 * `files/` and records it. Objects nobody finalises expire (bucket lifecycle in AWS,
 * sweepUnfinalised in the embedded default).
 *
 *   createUpload(actor, input)      → UploadTicket (presigned PUT)
 *   finaliseUpload(actor, uploadId) → UploadView (status "ready") or a rejection
 *   getUpload(actor, uploadId)      → UploadView with a short-lived download URL
 *   requireReadyUpload(actor, id, purpose) → for domains attaching an upload to their items
 *   presignRead(key)                → for domains that grant reads by their own rules
 *   sweepUnfinalised(now)           → expire overdue pending uploads
 */
import { fileTypeFromBuffer } from "file-type";
import { ulid } from "ulid";
import { type Actor, requireSignedIn } from "../actor";
import { errors, parseInput } from "../error";
import { enforce, type RateLimit } from "../ratelimit";
import { bucketDefinition } from "./bucket";
import { processedPurposes, storeCleanImage, thumbnailKey } from "./images";
import { createUploadInput, type UploadPurpose, type UploadTicket, type UploadView } from "./model";
import { copyObject, deleteObject, presignPut, presignRead, readObjectStart, statObject } from "./objects";
import { can } from "./permissions";
import {
  checkDeclared,
  checkSniffedType,
  checkStoredSize,
  type RejectionCode,
  rejectionError,
  uploadErrors,
} from "./rules";
import {
  findUpload,
  listPendingOverdue,
  putPendingUpload,
  settleExpired,
  settleReady,
  settleRejected,
  type UploadRecord,
} from "./store";

export { bucketDefinition } from "./bucket";
export { bucket, s3Client } from "./client";
export { THUMBNAIL_SIZE, thumbnailKey } from "./images";
export { type PresignedUrl, presignRead, READ_URL_SECONDS, UPLOAD_URL_SECONDS } from "./objects";
export { can, type UploadAction } from "./permissions";
export { uploadErrors } from "./rules";
export type { UploadRecord } from "./store";

/** file-type's own advice for how many leading bytes detection may need. */
const SNIFF_BYTES = 4100;
const FINALISE_WINDOW_MS = bucketDefinition.unfinalisedExpiryDays * 24 * 3600 * 1000;
const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Each upload ticket is a record and up to one object, so tickets are limited per person:
 * far above what a person filling in forms needs, low enough to stop filling the bucket.
 */
export const uploadCreateLimit: RateLimit = { name: "upload-create", limit: 60, windowSeconds: 3600 };

/** Tests and jobs pass a clock; requests use the real one. */
export interface Clock {
  now?: Date;
}

export const uploadKey = (ownerId: string, uploadId: string) =>
  `${bucketDefinition.uploadPrefix}${ownerId}/${uploadId}`;
export const fileKey = (ownerId: string, uploadId: string) => `files/${ownerId}/${uploadId}`;

export async function createUpload(actor: Actor, input: unknown, clock: Clock = {}): Promise<UploadTicket> {
  requireSignedIn(actor);
  if (!can(actor, "create")) throw errors.forbidden();
  const { purpose, fileName, contentType, size } = parseInput(createUploadInput, input);
  const refused = checkDeclared(purpose, contentType, size);
  if (refused) throw refused;

  const now = clock.now ?? new Date();
  await enforce([[uploadCreateLimit, actor.userId]], "upload.rate_limited", now.getTime());
  const id = ulid(now.getTime());
  const record: UploadRecord = {
    id,
    ownerId: actor.userId,
    purpose,
    fileName,
    declaredType: contentType,
    declaredSize: size,
    status: "pending",
    objectKey: uploadKey(actor.userId, id),
    createdAt: now.toISOString(),
    finaliseBy: new Date(now.getTime() + FINALISE_WINDOW_MS).toISOString(),
  };
  await putPendingUpload(record);
  const put = await presignPut(record.objectKey, contentType, size, now);
  return {
    uploadId: id,
    method: "PUT",
    url: put.url,
    headers: { "content-type": contentType },
    expiresAt: put.expiresAt,
    finaliseBy: record.finaliseBy,
  };
}

/** The owner's upload, or not_found for everyone else (existence is not revealed). */
async function ownUpload(actor: Actor, action: "finalise" | "read", uploadId: string): Promise<UploadRecord> {
  requireSignedIn(actor);
  const record = ULID_PATTERN.test(uploadId) ? await findUpload(uploadId) : null;
  if (!record || !can(actor, action, record)) throw uploadErrors.notFound();
  return record;
}

const extensionOf: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
};

async function view(record: UploadRecord): Promise<UploadView> {
  const download =
    record.status === "ready"
      ? await presignRead(record.objectKey, {
          downloadName: `${record.id}.${extensionOf[record.contentType ?? ""] ?? "bin"}`,
        })
      : null;
  return {
    id: record.id,
    purpose: record.purpose,
    fileName: record.fileName,
    status: record.status,
    contentType: record.contentType ?? record.declaredType,
    size: record.size ?? record.declaredSize,
    createdAt: record.createdAt,
    finalisedAt: record.finalisedAt ?? null,
    downloadUrl: download?.url ?? null,
    downloadExpiresAt: download?.expiresAt ?? null,
  };
}

/** What a settled upload answers, every time: the view when ready, its error otherwise. */
async function settledOutcome(record: UploadRecord): Promise<UploadView> {
  switch (record.status) {
    case "ready":
      return view(record);
    case "rejected":
      throw rejectionError(
        record.rejectedCode ?? "upload.type_not_allowed",
        record.purpose,
        record.declaredType,
      );
    case "expired":
      throw uploadErrors.expired();
    case "pending":
      throw uploadErrors.notUploaded();
  }
}

/** Re-reads after losing a race: whoever settled the upload decided the answer. */
async function outcomeAfterRace(id: string, now: Date): Promise<UploadView> {
  const current = await findUpload(id);
  if (!current) throw uploadErrors.notFound();
  if (current.status === "pending" && current.finaliseBy < now.toISOString()) {
    await expire(current, now);
    throw uploadErrors.expired();
  }
  return settledOutcome(current);
}

/** Object first, then the record: a crash in between leaves it pending, so the next sweep retries. */
async function expire(record: UploadRecord, now: Date): Promise<boolean> {
  await deleteObject(record.objectKey);
  return settleExpired(record.id, now);
}

async function reject(record: UploadRecord, code: RejectionCode, now: Date): Promise<UploadView> {
  await deleteObject(record.objectKey);
  if (await settleRejected(record.id, code, now)) {
    throw rejectionError(code, record.purpose, record.declaredType);
  }
  return outcomeAfterRace(record.id, now);
}

function isPreconditionFailure(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "PreconditionFailed" || err?.$metadata?.httpStatusCode === 412;
}

export async function finaliseUpload(actor: Actor, uploadId: string, clock: Clock = {}): Promise<UploadView> {
  const record = await ownUpload(actor, "finalise", uploadId);
  if (record.status !== "pending") return settledOutcome(record);
  const now = clock.now ?? new Date();
  if (record.finaliseBy < now.toISOString()) return outcomeAfterRace(record.id, now);

  const stored = await statObject(record.objectKey);
  // Still pending with no object: not uploaded yet (settledOutcome says so); settled meanwhile: its answer.
  if (!stored) return outcomeAfterRace(record.id, now);
  const declared = { purpose: record.purpose, contentType: record.declaredType, size: record.declaredSize };
  const sizeRefused = checkStoredSize(declared, stored.size);
  if (sizeRefused) return reject(record, sizeRefused, now);

  const finalKey = fileKey(record.ownerId, record.id);
  let sniffed: string | undefined;
  let size = stored.size;
  try {
    const head = await readObjectStart(record.objectKey, SNIFF_BYTES, stored.etag);
    // Gone since we measured it: a concurrent finalise settled it, and its outcome is ours.
    if (!head) return outcomeAfterRace(record.id, now);
    sniffed = (await fileTypeFromBuffer(head))?.mime;
    const typeRefused = checkSniffedType(declared, sniffed);
    if (typeRefused || !sniffed) return reject(record, typeRefused ?? "upload.type_not_allowed", now);
    if (processedPurposes.includes(record.purpose)) {
      // Images are re-encoded without metadata (images.ts); the clean file's size is what is kept.
      const clean = await storeCleanImage(record.objectKey, finalKey, sniffed, stored.etag);
      if (clean === "gone") return outcomeAfterRace(record.id, now);
      if (clean === "undecodable") return reject(record, "upload.type_not_allowed", now);
      size = clean.size;
    } else if (!(await copyObject(record.objectKey, finalKey, sniffed, stored.etag)))
      return outcomeAfterRace(record.id, now);
  } catch (e) {
    // The object changed (a second PUT with the same URL) between measuring and reading it.
    if (isPreconditionFailure(e)) throw uploadErrors.notUploaded();
    throw e;
  }

  if (await settleReady(record.id, { objectKey: finalKey, contentType: sniffed, size }, now)) {
    await deleteObject(record.objectKey);
    return view({
      ...record,
      status: "ready",
      objectKey: finalKey,
      contentType: sniffed,
      size,
      finalisedAt: now.toISOString(),
    });
  }
  // Lost the race: if the winner made it ready, our copy is the same key and stays;
  // otherwise the copy is an orphan.
  const current = await findUpload(record.id);
  if (current?.status !== "ready") {
    await deleteObject(finalKey);
    await deleteObject(thumbnailKey(finalKey));
  }
  return outcomeAfterRace(record.id, now);
}

export async function getUpload(actor: Actor, uploadId: string): Promise<UploadView> {
  return view(await ownUpload(actor, "read", uploadId));
}

/**
 * For domains attaching an upload to their own item (a profile photo, an artwork): the
 * actor's own, finalised upload of one of the given purposes. Returns what they store.
 */
export async function requireReadyUpload(
  actor: Actor,
  uploadId: string,
  purposes: UploadPurpose | readonly UploadPurpose[],
): Promise<
  Pick<UploadRecord, "id" | "objectKey" | "purpose" | "fileName"> & { contentType: string; size: number }
> {
  const record = await ownUpload(actor, "read", uploadId);
  if (record.status !== "ready" || !record.contentType || record.size === undefined)
    throw uploadErrors.notReady();
  const allowed: readonly UploadPurpose[] = typeof purposes === "string" ? [purposes] : purposes;
  if (!allowed.includes(record.purpose)) throw uploadErrors.wrongPurpose();
  return {
    id: record.id,
    objectKey: record.objectKey,
    purpose: record.purpose,
    fileName: record.fileName,
    contentType: record.contentType,
    size: record.size,
  };
}

/**
 * Expires pending uploads whose finalise deadline has passed: deletes their objects and
 * marks them expired. The embedded default's stand-in for the bucket lifecycle rule on
 * `uploads/`; it reads the pending queue on gsi2, never scans.
 */
export async function sweepUnfinalised(now: Date = new Date()): Promise<{ expired: number }> {
  let expired = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await listPendingOverdue(now, startKey);
    for (const record of page.items) {
      if (await expire(record, now)) expired += 1;
    }
    startKey = page.nextKey;
  } while (startKey);
  return { expired };
}
