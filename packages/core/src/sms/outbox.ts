/**
 * The dev outbox: in the local stage every SMS is written to the table (7-day TTL) and printed
 * on the console, so a developer or the demo's staff screen can read one-time codes. It exists
 * only where nothing real is sent; outside the local stage listOutbox refuses.
 *
 * Keys: pk `SMS#<ULID>`, sk `SMS`; gsi2 `OUTBOX` / `<ISO time>#<ULID>` → newest first.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Actor } from "../actor";
import { config } from "../config";
import { db, table } from "../db";
import { errors } from "../error";
import { maskMobile } from "../fa";
import type { SmsSender } from "./port";

const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

export interface OutboxMessage {
  id: string;
  to: string;
  text: string;
  createdAt: string;
}

export class OutboxSmsSender implements SmsSender {
  readonly #print: (line: string) => void;

  constructor(options: { print?: (line: string) => void } = {}) {
    this.#print = options.print ?? ((line) => console.log(line));
  }

  async send(to: string, text: string): Promise<void> {
    const id = ulid();
    const now = new Date();
    const createdAt = now.toISOString();
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: {
          pk: `SMS#${id}`,
          sk: "SMS",
          type: "sms",
          gsi2pk: "OUTBOX",
          gsi2sk: `${createdAt}#${id}`,
          id,
          to,
          text,
          createdAt,
          expiresAt: Math.floor(now.getTime() / 1000) + OUTBOX_TTL_SECONDS,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    // The dev outbox may show the code (that is its purpose); the number stays masked.
    this.#print(`[sms → ${maskMobile(to)}] ${text}`);
  }
}

/**
 * The newest outbox messages (local stage only; any caller there, since the outbox is how a
 * developer signs in at all). `to` narrows to one number.
 */
export async function listOutbox(
  _actor?: Actor,
  options: { to?: string; limit?: number } = {},
): Promise<OutboxMessage[]> {
  if (!config.isLocal) throw errors.forbidden("The SMS outbox exists only in the local stage");
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :outbox",
      ExpressionAttributeValues: { ":outbox": "OUTBOX", ...(options.to ? { ":to": options.to } : {}) },
      ...(options.to ? { FilterExpression: "#to = :to", ExpressionAttributeNames: { "#to": "to" } } : {}),
      ScanIndexForward: false,
      Limit: options.to ? 500 : (options.limit ?? 50),
    }),
  );
  const items = (out.Items ?? []).map(
    ({ id, to, text, createdAt }) => ({ id, to, text, createdAt }) as OutboxMessage,
  );
  return options.to ? items.slice(0, options.limit ?? 50) : items;
}
