/**
 * The S3 operations uploads need: presigned URLs for the browser (bytes never pass through
 * Lambda), and the server-side reads, copies and deletes of the finalise step.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { bucket, s3Client } from "./client";

/** Presigned upload URLs are short-lived: the browser uses one right away. */
export const UPLOAD_URL_SECONDS = 10 * 60;
/** Presigned read URLs are shorter still: they are fetched again whenever a page needs them. */
export const READ_URL_SECONDS = 5 * 60;

export interface PresignedUrl {
  url: string;
  /** ISO time after which the URL no longer works. */
  expiresAt: string;
}

function expiry(signedAt: Date, seconds: number): string {
  return new Date(signedAt.getTime() + seconds * 1000).toISOString();
}

/**
 * A PUT URL whose signature covers Content-Type and Content-Length, so S3 refuses a body of
 * another size or type. (The presigner leaves Content-Type unsigned by default; naming both
 * as signable headers puts them into the signature.) The emulator may not enforce all of
 * this, so finalise checks the stored object regardless.
 */
export async function presignPut(
  key: string,
  contentType: string,
  size: number,
  signedAt = new Date(),
): Promise<PresignedUrl> {
  const url = await getSignedUrl(
    s3Client(),
    new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: size }),
    {
      expiresIn: UPLOAD_URL_SECONDS,
      signingDate: signedAt,
      signableHeaders: new Set(["content-type", "content-length"]),
    },
  );
  return { url, expiresAt: expiry(signedAt, UPLOAD_URL_SECONDS) };
}

/**
 * Downloads are named by an ASCII name chosen by the caller (e.g. `<uploadId>.png`), not the
 * person's file name: the URL's query string ends up in access logs, and file names can carry
 * personal data. (It also keeps `'` and `*` out of the query, which the emulator mis-signs.)
 */
function contentDisposition(downloadName: string, attachment = false): string {
  return `${attachment ? "attachment" : "inline"}; filename="${downloadName.replace(/[^A-Za-z0-9._-]/g, "_")}"`;
}

/**
 * A short-lived GET URL for a stored object. Domains that show uploads to other people
 * (a jury seeing artworks) call this after their own permission check.
 */
export async function presignRead(
  key: string,
  options: { downloadName?: string; attachment?: boolean; expiresInSeconds?: number } = {},
): Promise<PresignedUrl> {
  const seconds = options.expiresInSeconds ?? READ_URL_SECONDS;
  const signedAt = new Date();
  const url = await getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: key,
      ...(options.downloadName
        ? { ResponseContentDisposition: contentDisposition(options.downloadName, options.attachment) }
        : {}),
    }),
    { expiresIn: seconds, signingDate: signedAt },
  );
  return { url, expiresAt: expiry(signedAt, seconds) };
}

function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NotFound" || err?.name === "NoSuchKey" || err?.$metadata?.httpStatusCode === 404;
}

/** Size and ETag of an object, or null when there is none. */
export async function statObject(key: string): Promise<{ size: number; etag: string | undefined } | null> {
  try {
    const out = await s3Client().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { size: out.ContentLength ?? 0, etag: out.ETag };
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/**
 * The first bytes of an object (a ranged GET), enough for magic-byte detection, or null when
 * it is gone. `etag` pins the version that was measured, so a PUT racing the check cannot
 * swap the content (S3 answers 412, which the caller treats as "not uploaded yet").
 */
export async function readObjectStart(key: string, bytes: number, etag?: string): Promise<Uint8Array | null> {
  try {
    const out = await s3Client().send(
      new GetObjectCommand({
        Bucket: bucket(),
        Key: key,
        Range: `bytes=0-${bytes - 1}`,
        ...(etag ? { IfMatch: etag } : {}),
      }),
    );
    return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/**
 * Copies an object to its final key with the sniffed Content-Type (the declared one is
 * replaced), pinned to the checked version by its ETag. False when the source is gone.
 */
export async function copyObject(
  from: string,
  to: string,
  contentType: string,
  etag?: string,
): Promise<boolean> {
  try {
    await s3Client().send(
      new CopyObjectCommand({
        Bucket: bucket(),
        Key: to,
        CopySource: `${bucket()}/${from.split("/").map(encodeURIComponent).join("/")}`,
        MetadataDirective: "REPLACE",
        ContentType: contentType,
        ...(etag ? { CopySourceIfMatch: etag } : {}),
      }),
    );
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}

/** Deleting a missing object succeeds (S3 semantics), so retries are safe. */
export async function deleteObject(key: string): Promise<void> {
  await s3Client().send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
}
