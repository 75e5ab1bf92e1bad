export { bucketDefinition } from "./bucket";
export { bucket, s3Client } from "./client";
