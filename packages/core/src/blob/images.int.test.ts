/**
 * Artwork uploads are re-encoded at finalise: against the S3 emulator, the stored image has
 * no EXIF (GPS included) and a WebP thumbnail sits beside it; a file that only pretends to be
 * an image is refused.
 */
import { GetObjectCommand } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { DomainError } from "../error";
import {
  bucket,
  createUpload,
  fileKey,
  finaliseUpload,
  s3Client,
  THUMBNAIL_SIZE,
  thumbnailKey,
} from "./index";

const citizen = (): Actor & { kind: "citizen" } => ({ kind: "citizen", userId: ulid(), sessionId: ulid() });

async function stored(key: string): Promise<{ bytes: Buffer; contentType: string | undefined } | null> {
  try {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    return {
      bytes: Buffer.from(await (out.Body?.transformToByteArray() ?? new Uint8Array())),
      contentType: out.ContentType,
    };
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw e;
  }
}

/** Uploads `bytes` as the browser would and finalises it. */
async function upload(owner: Actor, bytes: Uint8Array, contentType: string, fileName: string) {
  const ticket = await createUpload(owner, { purpose: "artwork", fileName, contentType, size: bytes.length });
  const put = await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: bytes });
  expect(put.status).toBe(200);
  return { ticket, result: finaliseUpload(owner, ticket.uploadId) };
}

const MARKER = "hamdel-child-home-marker";

/** A photo of a painting as a phone makes it: JPEG with a description and a GPS position. */
async function phoneJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#2a7" } })
    .jpeg()
    .withExif({
      IFD0: { ImageDescription: MARKER, Make: "PhoneMaker" },
      IFD3: { GPSMapDatum: "WGS-84", GPSLatitudeRef: "N", GPSLatitude: "35/1 41/1 21/1" },
    })
    .toBuffer();
}

describe("artwork images at finalise", () => {
  it("stores the image without EXIF or GPS and makes a 480 px WebP thumbnail", async () => {
    const owner = citizen();
    const original = await phoneJpeg(1200, 800);
    // The fixture really carries what must go.
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(MARKER)).toBe(true);
    expect(original.includes("WGS-84")).toBe(true);

    const { ticket, result } = await upload(owner, original, "image/jpeg", "painting.jpg");
    const ready = await result;
    const key = fileKey(owner.userId, ticket.uploadId);

    const image = await stored(key);
    expect(image?.contentType).toBe("image/jpeg");
    const bytes = image?.bytes ?? Buffer.alloc(0);
    expect(ready.size).toBe(bytes.length);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([1200, 800]);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(bytes.includes(MARKER)).toBe(false);
    expect(bytes.includes("WGS-84")).toBe(false);
    expect(bytes.includes("PhoneMaker")).toBe(false);

    const thumb = await stored(thumbnailKey(key));
    expect(thumb?.contentType).toBe("image/webp");
    const thumbMeta = await sharp(thumb?.bytes).metadata();
    expect(thumbMeta.format).toBe("webp");
    expect([thumbMeta.width, thumbMeta.height]).toEqual([THUMBNAIL_SIZE, 320]);
    expect(thumbMeta.exif).toBeUndefined();
  });

  it("does not enlarge a small image for its thumbnail", async () => {
    const owner = citizen();
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const { ticket, result } = await upload(owner, png, "image/png", "small.png");
    expect((await result).contentType).toBe("image/png");
    const key = fileKey(owner.userId, ticket.uploadId);
    const thumbMeta = await sharp((await stored(thumbnailKey(key)))?.bytes).metadata();
    expect([thumbMeta.width, thumbMeta.height]).toEqual([40, 30]);
  });

  it("refuses a renamed non-image and a file with image magic bytes that does not decode, storing nothing", async () => {
    const owner = citizen();
    const text = new TextEncoder().encode("this is a letter, not a painting ".repeat(20));
    const renamed = await upload(owner, text, "image/png", "painting.png");
    await expect(renamed.result).rejects.toMatchObject({ code: "upload.type_not_allowed" });

    // A PNG signature and header followed by garbage: the sniffer says PNG, the decoder says no.
    const good = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const broken = Buffer.concat([good.subarray(0, 33), Buffer.alloc(200, 7)]);
    const fake = await upload(owner, broken, "image/png", "broken.png");
    const error = await fake.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("upload.type_not_allowed");
    expect((error as DomainError).messageFa).toContain("اثر هنری");

    for (const { ticket } of [renamed, fake]) {
      const key = fileKey(owner.userId, ticket.uploadId);
      expect(await stored(key)).toBeNull();
      expect(await stored(thumbnailKey(key))).toBeNull();
    }
  });
});
