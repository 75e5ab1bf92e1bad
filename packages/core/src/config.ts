/**
 * Configuration comes from the environment: SST binds it in AWS, @hamdel/local sets it for
 * the embedded default and the tests. Read lazily so tests can set env before first use.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing configuration: ${name}`);
  return value;
}

export const config = {
  get region() {
    return process.env.AWS_REGION ?? "me-central-1";
  },
  get tableName() {
    return required("HAMDEL_TABLE");
  },
  get bucketName() {
    return required("HAMDEL_BUCKET");
  },
  /** Set only for the embedded default and tests (DynamoDB Local). */
  get dynamoEndpoint() {
    return process.env.HAMDEL_DYNAMODB_ENDPOINT;
  },
  /** Set only for the embedded default and tests (S3 emulator). */
  get s3Endpoint() {
    return process.env.HAMDEL_S3_ENDPOINT;
  },
  /** Key for HMACs of national IDs and mobile numbers, and for signing sessions. */
  get secret() {
    return required("HAMDEL_SECRET");
  },
  /** "local" for the embedded default: SMS go to the dev outbox, cookies are not Secure-only over http. */
  get stage() {
    return process.env.HAMDEL_STAGE ?? "local";
  },
  get isLocal() {
    return (process.env.HAMDEL_STAGE ?? "local") === "local";
  },
};
