/**
 * The one uploads bucket's definition, shared by infra (infra/storage.ts) and the embedded
 * default (@hamdel/local), like db/table.ts for the table.
 *
 * Objects live under `uploads/<ownerId>/<uploadId>` until finalised; the finalise step
 * checks and records them. Unfinalised objects expire: a lifecycle rule on the `uploads/`
 * prefix in AWS, a sweep in the embedded default.
 */
export const bucketDefinition = {
  uploadPrefix: "uploads/",
  /** Days after which an object still under uploads/ (never finalised) is deleted. */
  unfinalisedExpiryDays: 1,
  cors: {
    allowedMethods: ["GET", "PUT", "POST", "HEAD"] as const,
    allowedHeaders: ["*"],
    exposedHeaders: ["ETag"],
    maxAgeSeconds: 3000,
  },
} as const;
