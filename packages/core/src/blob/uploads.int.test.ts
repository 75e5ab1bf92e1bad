/**
 * Uploads against the real stores: DynamoDB Local and the S3 emulator (which checks
 * signatures). Bytes go to S3 the way a browser sends them, with fetch to the presigned URL.
 */
import { crc32, deflateSync } from "node:zlib";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { DomainError } from "../error";
import {
  bucket,
  createUpload,
  fileKey,
  finaliseUpload,
  getUpload,
  requireReadyUpload,
  s3Client,
  sweepUnfinalised,
  uploadCreateLimit,
  uploadKey,
} from "./index";
import type { UploadTicket } from "./model";

function citizen(): Actor & { kind: "citizen" } {
  return { kind: "citizen", userId: ulid(), sessionId: ulid() };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid 2×2 RGB PNG built from its bytes: signature, IHDR, IDAT, IEND. */
function tinyPng(): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); // width
  ihdr.writeUInt32BE(2, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]); // filter byte + 2 pixels, twice
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(rows)),
      chunk("IEND", new Uint8Array()),
    ]),
  );
}

const minimalPdf = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

/** What a browser does with the ticket. */
function browserPut(ticket: UploadTicket, body: Uint8Array): Promise<Response> {
  return fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body });
}

/** Writes an object straight to a key, as a client that ignores the signed limits could. */
async function putDirectly(key: string, body: Uint8Array, contentType = "image/png"): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }),
  );
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3Client().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return true;
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError, got success");
}

describe("createUpload", () => {
  it("answers a presigned PUT for the owner's namespaced key, with the content type signed", async () => {
    const owner = citizen();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "نقاشی.png",
      contentType: "image/png",
      size: 10,
    });
    expect(ticket.method).toBe("PUT");
    expect(ticket.headers).toEqual({ "content-type": "image/png" });
    const url = new URL(ticket.url);
    expect(decodeURIComponent(url.pathname)).toContain(uploadKey(owner.userId, ticket.uploadId));
    expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toEqual(
      expect.arrayContaining(["content-type", "content-length", "host"]),
    );
    const minutes = (Date.parse(ticket.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9);
    expect(minutes).toBeLessThanOrEqual(10);
  });

  it("refuses anonymous callers", async () => {
    const e = await failure(
      createUpload(
        { kind: "anonymous" },
        { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: 10 },
      ),
    );
    expect(e.code).toBe("auth.required");
  });

  it("refuses a declared type or size the purpose does not allow, and malformed input", async () => {
    const owner = citizen();
    expect(
      (
        await failure(
          createUpload(owner, {
            purpose: "artwork",
            fileName: "a.pdf",
            contentType: "application/pdf",
            size: 10,
          }),
        )
      ).code,
    ).toBe("upload.type_not_allowed");
    expect(
      (
        await failure(
          createUpload(owner, {
            purpose: "profile-photo",
            fileName: "a.jpg",
            contentType: "image/jpeg",
            size: 6 * 1024 * 1024,
          }),
        )
      ).code,
    ).toBe("upload.too_large");
    const invalid = await failure(
      createUpload(owner, { purpose: "selfie", fileName: "", contentType: "image/png", size: 0 }),
    );
    expect(invalid.code).toBe("input.invalid");
    expect(invalid.fields?.map((f) => f.path).sort()).toEqual(["fileName", "purpose", "size"]);
  });

  it("limits how many uploads one person may start per hour", async () => {
    const owner = citizen();
    const now = new Date();
    const input = { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: 10 };
    for (let i = 0; i < uploadCreateLimit.limit; i++) await createUpload(owner, input, { now });
    const e = await failure(createUpload(owner, input, { now }));
    expect(e.code).toBe("upload.rate_limited");
    expect(e.retryAfter).toBeGreaterThan(0);
    // Someone else is not affected.
    await createUpload(citizen(), input, { now });
  });
});

describe("finaliseUpload", () => {
  it("accepts a real PNG uploaded with the presigned URL and moves it to files/ byte for byte (documents are not re-encoded)", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "document",
      fileName: "طرح.png",
      contentType: "image/png",
      size: png.length,
    });
    const put = await browserPut(ticket, png);
    expect(put.status).toBe(200);

    const ready = await finaliseUpload(owner, ticket.uploadId);
    expect(ready).toMatchObject({
      id: ticket.uploadId,
      status: "ready",
      contentType: "image/png",
      size: png.length,
    });
    expect(await exists(fileKey(owner.userId, ticket.uploadId))).toBe(true);
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);

    const read = await getUpload(owner, ticket.uploadId);
    expect(read.status).toBe("ready");
    expect(read.downloadUrl).toBeTruthy();
    const download = await fetch(read.downloadUrl ?? "");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toBe(`inline; filename="${ticket.uploadId}.png"`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
  });

  it("accepts a PDF as a document", async () => {
    const owner = citizen();
    const ticket = await createUpload(owner, {
      purpose: "document",
      fileName: "مدرک.pdf",
      contentType: "application/pdf",
      size: minimalPdf.length,
    });
    expect((await browserPut(ticket, minimalPdf)).status).toBe(200);
    expect(await finaliseUpload(owner, ticket.uploadId)).toMatchObject({
      status: "ready",
      contentType: "application/pdf",
    });
  });

  it("rejects text renamed to .png, deletes it, and answers the same on a second finalise", async () => {
    const owner = citizen();
    const text = new TextEncoder().encode("this is not an image, whatever its name says\n".repeat(4));
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "photo.png",
      contentType: "image/png",
      size: text.length,
    });
    expect((await browserPut(ticket, text)).status).toBe(200);

    const e = await failure(finaliseUpload(owner, ticket.uploadId));
    expect(e.code).toBe("upload.type_not_allowed");
    expect(e.messageFa).toMatch(/[\u0600-\u06FF]/);
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
    expect(await exists(fileKey(owner.userId, ticket.uploadId))).toBe(false);
    expect((await getUpload(owner, ticket.uploadId)).status).toBe("rejected");
    expect((await failure(finaliseUpload(owner, ticket.uploadId))).code).toBe("upload.type_not_allowed");
  });

  it("rejects a real image whose bytes are not the declared type", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "a.jpg",
      contentType: "image/jpeg",
      size: png.length,
    });
    expect((await browserPut(ticket, png)).status).toBe(200);
    expect((await failure(finaliseUpload(owner, ticket.uploadId))).code).toBe("upload.type_not_allowed");
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
  });

  it("the signed URL refuses a body of another length", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    const bigger = new Uint8Array(png.length + 10);
    bigger.set(png);
    const put = await browserPut(ticket, bigger);
    expect(put.status).toBe(403);
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
  });

  it("rejects a stored object over the purpose's limit and deletes it", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "profile-photo",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    const huge = new Uint8Array(5 * 1024 * 1024 + 1);
    huge.set(png);
    await putDirectly(uploadKey(owner.userId, ticket.uploadId), huge);

    expect((await failure(finaliseUpload(owner, ticket.uploadId))).code).toBe("upload.too_large");
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
    expect((await getUpload(owner, ticket.uploadId)).status).toBe("rejected");
  });

  it("rejects a stored object whose size differs from the declared one", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length + 100,
    });
    await putDirectly(uploadKey(owner.userId, ticket.uploadId), png);

    expect((await failure(finaliseUpload(owner, ticket.uploadId))).code).toBe("upload.size_mismatch");
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
    expect((await failure(finaliseUpload(owner, ticket.uploadId))).code).toBe("upload.size_mismatch");
  });

  it("answers not_uploaded before the bytes arrive and leaves the upload pending", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    expect((await failure(finaliseUpload(owner, ticket.uploadId))).code).toBe("upload.not_uploaded");
    expect((await getUpload(owner, ticket.uploadId)).status).toBe("pending");
    await browserPut(ticket, png);
    expect((await finaliseUpload(owner, ticket.uploadId)).status).toBe("ready");
  });

  it("hides another person's upload: they can neither finalise nor read it", async () => {
    const owner = citizen();
    const other = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    await browserPut(ticket, png);

    expect((await failure(finaliseUpload(other, ticket.uploadId))).code).toBe("upload.not_found");
    expect((await failure(getUpload(other, ticket.uploadId))).code).toBe("upload.not_found");
    expect((await failure(getUpload(other, ulid()))).code).toBe("upload.not_found");
    expect((await failure(getUpload(owner, "../../etc"))).code).toBe("upload.not_found");
    expect((await failure(finaliseUpload({ kind: "anonymous" }, ticket.uploadId))).code).toBe(
      "auth.required",
    );
    // Their attempt changed nothing.
    expect((await getUpload(owner, ticket.uploadId)).status).toBe("pending");

    await finaliseUpload(owner, ticket.uploadId);
    expect((await failure(getUpload(other, ticket.uploadId))).code).toBe("upload.not_found");
    expect((await failure(requireReadyUpload(other, ticket.uploadId, "artwork"))).code).toBe(
      "upload.not_found",
    );
  });

  it("is idempotent: finalising again, or twice at once, gives the same ready upload", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "document",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    await browserPut(ticket, png);

    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => finaliseUpload(owner, ticket.uploadId)),
    );
    const again = await finaliseUpload(owner, ticket.uploadId);
    for (const result of [...concurrent, again]) {
      expect(result).toMatchObject({ status: "ready", contentType: "image/png", size: png.length });
    }
    expect(new Set([...concurrent, again].map((r) => r.finalisedAt)).size).toBe(1);
    expect(await exists(fileKey(owner.userId, ticket.uploadId))).toBe(true);
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
  });
});

describe("requireReadyUpload", () => {
  it("gives other domains the owner's ready upload of the right purpose only", async () => {
    const owner = citizen();
    const png = tinyPng();
    const ticket = await createUpload(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    await browserPut(ticket, png);
    expect((await failure(requireReadyUpload(owner, ticket.uploadId, "artwork"))).code).toBe(
      "upload.not_ready",
    );
    await finaliseUpload(owner, ticket.uploadId);
    expect(await requireReadyUpload(owner, ticket.uploadId, ["artwork", "document"])).toMatchObject({
      id: ticket.uploadId,
      objectKey: fileKey(owner.userId, ticket.uploadId),
      contentType: "image/png",
    });
    expect((await failure(requireReadyUpload(owner, ticket.uploadId, "profile-photo"))).code).toBe(
      "upload.wrong_purpose",
    );
  });
});

describe("sweepUnfinalised", () => {
  it("deletes the object of an overdue pending upload and marks it expired, leaving fresh ones alone", async () => {
    const owner = citizen();
    const png = tinyPng();
    const dayAndAnHourAgo = new Date(Date.now() - 25 * 3600 * 1000);
    const stale = await createUpload(
      owner,
      { purpose: "artwork", fileName: "old.png", contentType: "image/png", size: png.length },
      { now: dayAndAnHourAgo },
    );
    // Its URL expired long ago; the bytes got there when it was fresh.
    await putDirectly(uploadKey(owner.userId, stale.uploadId), png);
    const fresh = await createUpload(owner, {
      purpose: "artwork",
      fileName: "new.png",
      contentType: "image/png",
      size: png.length,
    });
    await browserPut(fresh, png);

    const swept = await sweepUnfinalised(new Date());
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect(await exists(uploadKey(owner.userId, stale.uploadId))).toBe(false);
    expect((await getUpload(owner, stale.uploadId)).status).toBe("expired");
    expect((await failure(finaliseUpload(owner, stale.uploadId))).code).toBe("upload.expired");

    expect(await exists(uploadKey(owner.userId, fresh.uploadId))).toBe(true);
    expect((await getUpload(owner, fresh.uploadId)).status).toBe("pending");
    // A second sweep finds nothing more of these.
    await sweepUnfinalised(new Date());
    expect((await finaliseUpload(owner, fresh.uploadId)).status).toBe("ready");
  });

  it("refuses to finalise an overdue upload even before the sweep ran, and expires it", async () => {
    const owner = citizen();
    const png = tinyPng();
    const created = new Date(Date.now() - 2 * 3600 * 1000);
    const ticket = await createUpload(
      owner,
      { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: png.length },
      { now: created },
    );
    await putDirectly(uploadKey(owner.userId, ticket.uploadId), png);
    const e = await failure(
      finaliseUpload(owner, ticket.uploadId, { now: new Date(created.getTime() + 24 * 3600 * 1000 + 1) }),
    );
    expect(e.code).toBe("upload.expired");
    expect(await exists(uploadKey(owner.userId, ticket.uploadId))).toBe(false);
  });
});
