/**
 * /api/uploads: presigned direct-to-S3 uploads. The bytes never pass through here: the
 * browser PUTs them to the URL it gets from POST /, then calls POST /:id/finalise, which is
 * where size and type (by magic bytes) are enforced. Ownership and all checks are core's.
 */
import { createUpload, finaliseUpload, getUpload } from "@hamdel/core/blob";
import { createUploadInput, uploadTicket, uploadView } from "@hamdel/core/blob/model";
import { createRoute, z } from "@hono/zod-openapi";
import { domainApp, json, jsonBody, problems, sessionSecurity } from "../http/openapi";

const UploadTicket = uploadTicket.meta({
  id: "UploadTicket",
  description:
    "Where to PUT the file: send exactly `headers` and a body of exactly the declared size before `expiresAt`.",
});
const UploadView = uploadView.meta({ id: "Upload" });

const uploadIdParam = z.object({
  id: z
    .string()
    .min(1, { error: "شناسه فایل نامعتبر است." })
    .max(64, { error: "شناسه فایل نامعتبر است." })
    .meta({ example: "01JD3Y8QZ7T7F2K5V9W0XGQH3M" }),
});

const tags = ["uploads"];

const createRouteDef = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Start an upload: get a presigned PUT URL",
  description:
    "The purpose decides the accepted types and sizes (profile-photo: JPEG/PNG/WebP ≤ 5 MB; artwork: images ≤ 10 MB; " +
    "document: images ≤ 10 MB or PDF ≤ 20 MB). The URL works for 10 minutes; the upload must be finalised within a day.",
  security: sessionSecurity,
  request: { body: jsonBody(createUploadInput) },
  responses: {
    201: json(UploadTicket, "Upload the bytes with this request, then finalise."),
    ...problems(400, 401, 403, 422),
  },
});

const finaliseRoute = createRoute({
  method: "post",
  path: "/{id}/finalise",
  tags,
  summary: "Check the uploaded file and record it",
  description:
    "Measures the stored object and detects its type from its bytes (not its name or declared type). " +
    "A rejected file (`upload.type_not_allowed`, `upload.too_large`, `upload.size_mismatch`) is deleted. " +
    "Idempotent: finalising again gives the same answer.",
  security: sessionSecurity,
  request: { params: uploadIdParam },
  responses: {
    200: json(UploadView, "The file is stored and ready."),
    ...problems(401, 403, 404, 409, 422),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "One of my uploads, with a short-lived download link when ready",
  security: sessionSecurity,
  request: { params: uploadIdParam },
  responses: {
    200: json(UploadView, "The upload."),
    ...problems(401, 404),
  },
});

export const uploads = domainApp()
  .openapi(createRouteDef, async (c) => c.json(await createUpload(c.var.actor, c.req.valid("json")), 201))
  .openapi(finaliseRoute, async (c) =>
    c.json(await finaliseUpload(c.var.actor, c.req.valid("param").id), 200),
  )
  .openapi(getRoute, async (c) => c.json(await getUpload(c.var.actor, c.req.valid("param").id), 200));
