/**
 * The one DynamoDB table (single-table design). This object is THE definition: infra
 * (infra/storage.ts) builds the CDK table from it and the embedded default
 * (@hamdel/local) creates DynamoDB Local's table from it, so the two cannot drift.
 *
 * Keys are generic; each entity documents its key shapes in ACCESS_PATTERNS.md.
 * Indexes are named after the access patterns they serve:
 *  - gsi1 "byOwner/byParent": items looked up by a second natural key
 *    (user by mobile hash, sessions of a user, staff by username …)
 *  - gsi2 "queues": work lists ordered by time/state (secretariat queues, outbox …)
 * Items that must disappear on their own (OTP challenges, rate-limit windows, unfinalised
 * uploads, sessions) carry `expiresAt` (epoch seconds), the table's TTL attribute.
 */
export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  indexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  ],
  /** All key attributes are strings. */
  attributeType: "S",
} as const;

export type IndexName = (typeof tableDefinition.indexes)[number]["name"];
