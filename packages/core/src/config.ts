/**
 * Configuration comes from the environment: SST binds it in AWS, @hamdel/local sets it for
 * the embedded default and the tests. Read lazily so tests can set env before first use.
 */
import { hkdfSync } from "node:crypto";

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
  /**
   * The election signing key (Ed25519; chain heads and the election record are signed with it):
   * HAMDEL_ELECTION_KEY, a PKCS#8 PEM or a base64 32-byte seed (elections/chain.ts loadElectionKey).
   * In the local stage, when it is unset, a seed derived from HAMDEL_SECRET (HKDF, its own label)
   * stands in, so `npm start` and the tests sign with a stable key and no setup. Never in AWS:
   * there the secret must be set (SST Config secret), and a missing one fails loudly.
   */
  get electionKey() {
    const configured = process.env.HAMDEL_ELECTION_KEY;
    if (configured) return configured;
    if (!config.isLocal) return required("HAMDEL_ELECTION_KEY");
    return Buffer.from(hkdfSync("sha256", config.secret, "hamdel", "hamdel:election-key", 32)).toString(
      "base64",
    );
  },
  /** "local" for the embedded default: SMS go to the dev outbox, cookies are not Secure-only over http. */
  get stage() {
    return process.env.HAMDEL_STAGE ?? "local";
  },
  get isLocal() {
    return (process.env.HAMDEL_STAGE ?? "local") === "local";
  },
};
