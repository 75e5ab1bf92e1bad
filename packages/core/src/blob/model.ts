/**
 * Uploads: what people may upload, for what, and how big. Safe to import from the browser
 * (the web checks a file before asking for an upload URL; the server checks again, and the
 * finalise step checks the stored bytes themselves).
 */
import { z } from "zod";

const MB = 1024 * 1024;

/**
 * Raster images only. SVG is deliberately absent: it is a document that can carry script,
 * and the sniffed type is what the object is served with.
 */
export const imageTypes = ["image/jpeg", "image/png", "image/webp"] as const;
export const documentTypes = ["application/pdf"] as const;
export const uploadContentTypes = [...imageTypes, ...documentTypes] as const;
export type UploadContentType = (typeof uploadContentTypes)[number];

function limits(
  types: readonly UploadContentType[],
  maxBytes: number,
): Partial<Record<UploadContentType, number>> {
  return Object.fromEntries(types.map((t) => [t, maxBytes]));
}

/**
 * Each purpose says which content types it accepts and the largest size for each.
 * A purpose is the unit later domains ask for ("an artwork upload"), so rules live here once.
 */
export const uploadPurposes = {
  "profile-photo": { labelFa: "عکس نمایه", accept: limits(imageTypes, 5 * MB) },
  document: {
    labelFa: "مدرک",
    accept: { ...limits(imageTypes, 10 * MB), ...limits(documentTypes, 20 * MB) },
  },
  artwork: { labelFa: "اثر هنری", accept: limits(imageTypes, 10 * MB) },
} as const satisfies Record<string, { labelFa: string; accept: Partial<Record<UploadContentType, number>> }>;

export type UploadPurpose = keyof typeof uploadPurposes;
export const uploadPurposeIds = Object.keys(uploadPurposes) as [UploadPurpose, ...UploadPurpose[]];

/** The largest size accepted for this type under this purpose, or undefined when the type is not accepted. */
export function maxBytesFor(purpose: UploadPurpose, contentType: string): number | undefined {
  const accept: Partial<Record<string, number>> = uploadPurposes[purpose].accept;
  return accept[contentType];
}

export const uploadPurposeSchema = z.enum(uploadPurposeIds);

export const createUploadInput = z.object({
  purpose: uploadPurposeSchema,
  /** Kept only to name the file on download; never used to decide its type. */
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // Path separators and control characters have no place in a display name.
    .transform((s) => s.replace(/[\\/\p{Cc}]/gu, "_")),
  /** What the browser says (File.type); checked against the purpose now and against the bytes at finalise. */
  contentType: z.string().trim().toLowerCase().min(1).max(100),
  size: z
    .number()
    .int()
    .min(1)
    .max(1024 * MB),
});
export type CreateUploadInput = z.infer<typeof createUploadInput>;

export const uploadStatuses = ["pending", "ready", "rejected", "expired"] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

/** Answer to createUpload: where and how the browser sends the bytes. */
export const uploadTicket = z.object({
  uploadId: z.string(),
  method: z.literal("PUT"),
  url: z.string(),
  /** Send exactly these headers with the PUT (they are part of the signature). */
  headers: z.record(z.string(), z.string()),
  /** When the URL stops working (ISO). */
  expiresAt: z.string(),
  /** Until when the upload may be finalised (ISO); after that it is swept. */
  finaliseBy: z.string(),
});
export type UploadTicket = z.infer<typeof uploadTicket>;

/** An upload as its owner sees it. */
export const uploadView = z.object({
  id: z.string(),
  purpose: uploadPurposeSchema,
  fileName: z.string(),
  status: z.enum(uploadStatuses),
  /** Sniffed from the bytes once ready; the declared type before that. */
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  finalisedAt: z.string().nullable(),
  /** Short-lived link to the stored file; present only when ready. */
  downloadUrl: z.string().nullable(),
  downloadExpiresAt: z.string().nullable(),
});
export type UploadView = z.infer<typeof uploadView>;
