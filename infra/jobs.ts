/**
 * Jobs: scheduled functions (SST `Cron`).
 *
 * - ElectionSealer, every minute: appends the ballots cast since its last run to every open
 *   election's bulletin boards and signs the new heads (functions/src/lambda/elections-sealer.ts),
 *   so a voter finds their tracker on the board within a minute or two and the published heads
 *   keep moving during the day. Overlapping runs are safe (each step is conditional on the head).
 *   Least privilege: item reads, queries and the two item writes a sealing transaction makes, on
 *   the table and its indexes, and the election key only (it hashes nothing, so no HAMDEL_SECRET).
 *
 * Expiring uploads nobody finalised needs no job in AWS: the uploads bucket's lifecycle rule
 * deletes objects under `uploads/` (storage.ts), and a pending upload record carries `expiresAt` =
 * its finalise deadline, so the table's TTL removes it. The embedded default has neither
 * lifecycle rules nor schedules, so functions/src/local.ts runs `sweepUnfinalised` and the sealer
 * itself (every 30 s).
 */
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Cron, type StackContext, use } from "sst/constructs";
import { Storage } from "./storage";

/** What sealing does with the table: list elections, read heads, query the queue, transact. */
export const sealerTableActions = [
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
] as const;

export function Jobs({ stack, app }: StackContext) {
  const { table, secrets } = use(Storage);
  const sealer = new Cron(stack, "ElectionSealer", {
    schedule: "rate(1 minute)",
    job: {
      function: {
        handler: "functions/src/lambda/elections-sealer.handler",
        environment: { HAMDEL_TABLE: table.tableName, HAMDEL_STAGE: app.stage },
        // A run that has not finished when the next starts just overlaps it safely.
        timeout: "55 seconds",
        permissions: [
          new PolicyStatement({
            actions: [...sealerTableActions],
            resources: [table.tableArn, `${table.tableArn}/index/*`],
          }),
        ],
        bind: [secrets.HAMDEL_ELECTION_KEY],
      },
    },
  });
  return { sealer };
}
