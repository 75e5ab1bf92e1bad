/**
 * The upload checks as pure functions, so each rule is unit-tested without I/O. The same
 * rule runs twice: on what the browser declares (createUpload) and on what S3 actually
 * stored (finaliseUpload), because the emulator does not enforce presigned policies and a
 * client can always lie.
 */
import { DomainError } from "../error";
import { maxBytesFor, type UploadPurpose, uploadPurposes } from "./model";

/** Rejections that settle an upload for good; finalising again answers the same error. */
export const rejectionCodes = [
  "upload.type_not_allowed",
  "upload.too_large",
  "upload.size_mismatch",
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

const MB = 1024 * 1024;

function megabytes(bytes: number): string {
  return new Intl.NumberFormat("fa-IR", { maximumFractionDigits: 1 }).format(bytes / MB);
}

function allowedList(purpose: UploadPurpose): string {
  const names: Record<string, string> = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "application/pdf": "PDF",
  };
  return Object.keys(uploadPurposes[purpose].accept)
    .map((t) => names[t] ?? t)
    .join("، ");
}

/** Every error of the uploads domain, each with its stable code and Persian message. */
export const uploadErrors = {
  typeNotAllowed: (purpose: UploadPurpose) =>
    new DomainError(
      "upload.type_not_allowed",
      "input",
      `نوع این فایل برای «${uploadPurposes[purpose].labelFa}» پذیرفته نیست. قالب‌های مجاز: ${allowedList(purpose)}.`,
    ),
  tooLarge: (maxBytes: number) =>
    new DomainError(
      "upload.too_large",
      "input",
      `حجم فایل بیش از حد مجاز است. بیشترین حجم: ${megabytes(maxBytes)} مگابایت.`,
    ),
  sizeMismatch: () =>
    new DomainError(
      "upload.size_mismatch",
      "input",
      "حجم فایل بارگذاری‌شده با حجم اعلام‌شده یکی نیست. لطفاً فایل را دوباره بارگذاری کنید.",
    ),
  notUploaded: () =>
    new DomainError(
      "upload.not_uploaded",
      "conflict",
      "فایل هنوز بارگذاری نشده است. پس از پایان بارگذاری دوباره تلاش کنید.",
    ),
  expired: () =>
    new DomainError(
      "upload.expired",
      "conflict",
      "مهلت تکمیل این بارگذاری گذشته است. لطفاً فایل را دوباره بارگذاری کنید.",
    ),
  wrongPurpose: () =>
    new DomainError("upload.wrong_purpose", "input", "این فایل برای این کار بارگذاری نشده است."),
  notReady: () =>
    new DomainError("upload.not_ready", "conflict", "بارگذاری این فایل هنوز تکمیل و بررسی نشده است."),
  notFound: () => new DomainError("upload.not_found", "not_found", "فایل موردنظر پیدا نشد."),
};

/** Rebuilds the error a settled rejection answered with, for idempotent replays. */
export function rejectionError(
  code: RejectionCode,
  purpose: UploadPurpose,
  contentType: string,
): DomainError {
  switch (code) {
    case "upload.type_not_allowed":
      return uploadErrors.typeNotAllowed(purpose);
    case "upload.too_large":
      return uploadErrors.tooLarge(maxBytesFor(purpose, contentType) ?? 0);
    case "upload.size_mismatch":
      return uploadErrors.sizeMismatch();
  }
}

/** What the browser declares, before it gets an upload URL. */
export function checkDeclared(purpose: UploadPurpose, contentType: string, size: number): DomainError | null {
  const max = maxBytesFor(purpose, contentType);
  if (max === undefined) return uploadErrors.typeNotAllowed(purpose);
  if (size > max) return uploadErrors.tooLarge(max);
  return null;
}

/** The stored object's size against the purpose's limit and the declared size. */
export function checkStoredSize(
  declared: { purpose: UploadPurpose; contentType: string; size: number },
  storedSize: number,
): RejectionCode | null {
  const max = maxBytesFor(declared.purpose, declared.contentType) ?? 0;
  if (storedSize > max) return "upload.too_large";
  if (storedSize !== declared.size) return "upload.size_mismatch";
  return null;
}

/**
 * The type sniffed from the bytes must be the declared one: the object is served with it,
 * and a file whose name or declared type lies about its content is refused, not corrected.
 */
export function checkSniffedType(
  declared: { purpose: UploadPurpose; contentType: string },
  sniffed: string | undefined,
): RejectionCode | null {
  if (!sniffed || sniffed !== declared.contentType) return "upload.type_not_allowed";
  if (maxBytesFor(declared.purpose, sniffed) === undefined) return "upload.type_not_allowed";
  return null;
}
