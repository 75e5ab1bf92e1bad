/**
 * Image processing at finalise, for uploads whose purpose asks for it (artworks: often
 * children's paintings photographed on a phone). The stored image is re-encoded from its pixels,
 * so nothing of the original file survives but the picture: no EXIF (GPS position, camera,
 * time), no XMP/IPTC, no comments, no trailing bytes. EXIF orientation is applied first, so the
 * picture still stands the right way up once its metadata is gone. A 480 px WebP thumbnail is
 * stored next to it for lists and galleries.
 *
 * A file whose magic bytes say "image" but which does not decode is refused like any other
 * file of the wrong type.
 */
import { createRequire } from "node:module";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type sharpFactory from "sharp";
import { bucket, s3Client } from "./client";
import type { UploadPurpose } from "./model";

/**
 * sharp is loaded on first use, by a specifier no bundler follows: it is a native module, and
 * SST's esbuild can neither bundle it nor parse its ES build. Whatever runs finalise needs the
 * package beside the code (node_modules locally) or on NODE_PATH: the deployed uploads function
 * gets it from a Lambda layer (infra/sharp.ts) at /opt/nodejs/node_modules, which the runtime
 * puts on NODE_PATH. ES `import` ignores NODE_PATH and CommonJS `require` honours it, so when
 * the import finds nothing sharp is required (its CommonJS build) instead.
 */
let loadedSharp: Promise<typeof sharpFactory> | undefined;
function loadSharp(): Promise<typeof sharpFactory> {
  const specifier: string = "sharp";
  loadedSharp ??= (import(specifier) as Promise<{ default: typeof sharpFactory }>).then(
    (m) => m.default,
    (e: unknown) => {
      if ((e as { code?: string })?.code !== "ERR_MODULE_NOT_FOUND") throw e;
      return createRequire(import.meta.url)(specifier) as typeof sharpFactory;
    },
  );
  return loadedSharp;
}

/** Purposes whose images are re-encoded and get a thumbnail. */
export const processedPurposes: readonly UploadPurpose[] = ["artwork"];

export const THUMBNAIL_SIZE = 480;
/**
 * Decoding cap: 40 megapixels is more than any phone photo of a painting, and stops a small
 * file that declares enormous dimensions from exhausting the function's memory.
 */
const MAX_INPUT_PIXELS = 40_000_000;

/** `files/<owner>/<id>` → `thumbs/<owner>/<id>.webp`. */
export function thumbnailKey(objectKey: string): string {
  return `${objectKey.replace(/^files\//, "thumbs/")}.webp`;
}

export interface CleanImage {
  image: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/** Re-encodes `bytes` in their own format without metadata and makes the thumbnail; null if undecodable. */
export async function cleanImage(bytes: Uint8Array, contentType: string): Promise<CleanImage | null> {
  const sharp = await loadSharp();
  try {
    const base = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).rotate();
    const encoded = base();
    // sharp writes no metadata unless asked (withMetadata/keepExif); the format is kept so the
    // sniffed type recorded for the upload stays true.
    if (contentType === "image/jpeg") encoded.jpeg({ quality: 90, mozjpeg: true });
    else if (contentType === "image/png") encoded.png({ compressionLevel: 9 });
    else if (contentType === "image/webp") encoded.webp({ quality: 90 });
    else return null;
    const { data: image, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await base()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { image, thumbnail, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NoSuchKey" || err?.$metadata?.httpStatusCode === 404;
}

/**
 * Reads the uploaded object (pinned to the measured version by its ETag), writes the clean
 * image to `to` and its thumbnail beside it. Answers the stored size, "gone" when the source
 * disappeared (a concurrent finalise settled it), or "undecodable".
 */
export async function storeCleanImage(
  from: string,
  to: string,
  contentType: string,
  etag?: string,
): Promise<{ size: number } | "gone" | "undecodable"> {
  let bytes: Uint8Array;
  try {
    const out = await s3Client().send(
      new GetObjectCommand({ Bucket: bucket(), Key: from, ...(etag ? { IfMatch: etag } : {}) }),
    );
    bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  } catch (e) {
    if (isMissing(e)) return "gone";
    throw e;
  }
  const clean = await cleanImage(bytes, contentType);
  if (!clean) return "undecodable";
  await s3Client().send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: thumbnailKey(to),
      Body: clean.thumbnail,
      ContentType: "image/webp",
    }),
  );
  await s3Client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: to, Body: clean.image, ContentType: contentType }),
  );
  return { size: clean.image.length };
}
