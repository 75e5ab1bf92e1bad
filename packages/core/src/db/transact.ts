/**
 * Transactions on the one table, shared by every domain's store.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../audit";
import { db } from "./client";

/** The per-item cancellation reasons of a cancelled transaction, or null for any other error. */
export function cancellationCodes(e: unknown): string[] | null {
  if (!(e instanceof TransactionCanceledException)) return null;
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? "None");
}

/**
 * TransactWriteItems, retried when DynamoDB cancels it only because another transaction touched
 * the same items at the same moment (TransactionConflict); a failed condition is an answer and is
 * thrown to the caller. With a client request token, DynamoDB answers a repeat of a transaction
 * that already succeeded (an SDK retry after a lost response) as a success for 10 minutes.
 */
export async function transact(
  items: TransactItem[],
  options: { clientRequestToken?: string } = {},
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: items,
          ...(options.clientRequestToken ? { ClientRequestToken: options.clientRequestToken } : {}),
        }),
      );
      return;
    } catch (e) {
      const codes = cancellationCodes(e);
      const conflictOnly =
        codes?.includes("TransactionConflict") && !codes.includes("ConditionalCheckFailed");
      if (!conflictOnly || attempt >= 6) throw e;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt * Math.random()));
    }
  }
}
