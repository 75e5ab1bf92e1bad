/**
 * The browser half of the uploads flow: ask the API for a presigned PUT (POST /api/uploads), send
 * the bytes straight to storage with XMLHttpRequest (fetch cannot report upload progress), then
 * finalise, where the API checks the real type and size. Resolves to the ready upload's id.
 */
import type { UploadPurpose } from "@hamdel/core/blob/model";
import { client, ok } from "./api";
import { ApiProblem } from "./problem";

export type { UploadPurpose };

/** Progress in [0, 1]. */
export type OnProgress = (fraction: number) => void;

const uploadFailed = () =>
  new ApiProblem(0, {
    code: "web.upload_failed",
    messageFa: "ارسال فایل کامل نشد. اتصال را بررسی کنید و دوباره تلاش کنید.",
  });

function put(url: string, headers: Record<string, string>, file: Blob, onProgress?: OnProgress) {
  return new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(uploadFailed()));
    xhr.onerror = () => reject(uploadFailed());
    xhr.onabort = () => reject(uploadFailed());
    xhr.send(file);
  });
}

export async function uploadFile(
  purpose: UploadPurpose,
  file: File,
  onProgress?: OnProgress,
): Promise<string> {
  const ticket = await ok(
    client.api.uploads.$post({
      json: {
        purpose,
        fileName: file.name || "file",
        contentType: file.type || "application/octet-stream",
        size: file.size,
      },
    }),
  );
  onProgress?.(0);
  await put(ticket.url, ticket.headers, file, onProgress);
  const ready = await ok(client.api.uploads[":id"].finalise.$post({ param: { id: ticket.uploadId } }));
  onProgress?.(1);
  return ready.id;
}
