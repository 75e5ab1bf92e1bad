/**
 * Jobs: scheduled functions (SST `Cron`). Empty for now, on purpose.
 *
 * The one periodic chore the foundation has, expiring uploads nobody finalised, needs no job
 * in AWS: the uploads bucket's lifecycle rule deletes objects under `uploads/` (storage.ts),
 * and a pending upload record carries `expiresAt` = its finalise deadline, so the table's TTL
 * removes it (a finalise call after the deadline settles it as expired first). The embedded default has no
 * lifecycle rules, so it runs `sweepUnfinalised` itself (functions/src/local.ts).
 *
 * A job added here is a `new Cron(stack, id, { schedule, job: "functions/src/jobs/<name>.handler" })`
 * with the same least-privilege grants as the API's functions (see api.ts).
 */
import type { StackContext } from "sst/constructs";

export function Jobs(_ctx: StackContext) {
  return {};
}
