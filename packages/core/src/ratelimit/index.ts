/**
 * A fixed-window rate limiter on the one table, reusable by every domain.
 *
 * One item per (limit, subject, window): `RATE#<name>#<hash of subject>` / `WINDOW#<start>`.
 * Each hit is a single conditional UpdateItem (`ADD hits 1` only while `hits < limit`), so the
 * limit holds under any concurrency without read-then-write; the item carries `expiresAt` so
 * DynamoDB's TTL sweeps old windows. Subjects (mobile numbers, IPs, usernames) are stored only
 * as keyed hashes. A fixed window allows up to 2× the limit across a window boundary; that is
 * acceptable for abuse limits and keeps every check to one write.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keyedHash } from "../crypto";
import { db, table } from "../db";
import { DomainError } from "../error";

export interface RateLimit {
  /** Stable name, part of the key: "otp-mobile", "otp-ip" … */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfter: number };

export function windowOf(limit: RateLimit, nowMs: number): { start: number; end: number } {
  const size = limit.windowSeconds * 1000;
  const start = Math.floor(nowMs / size) * size;
  return { start, end: start + size };
}

/** Counts one hit against `limit` for `subject`; refuses (without counting) once the window is full. */
export async function consume(
  limit: RateLimit,
  subject: string,
  nowMs = Date.now(),
): Promise<RateLimitResult> {
  const { start, end } = windowOf(limit, nowMs);
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `RATE#${limit.name}#${keyedHash("rate-limit", subject)}`, sk: `WINDOW#${start}` },
        UpdateExpression: "ADD hits :one SET expiresAt = :expiresAt",
        ConditionExpression: "attribute_not_exists(hits) OR hits < :limit",
        ExpressionAttributeValues: {
          ":one": 1,
          ":limit": limit.limit,
          ":expiresAt": Math.ceil(end / 1000) + 60,
        },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    const hits = Number(out.Attributes?.hits ?? limit.limit);
    return { allowed: true, remaining: Math.max(0, limit.limit - hits) };
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) {
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((end - nowMs) / 1000)) };
    }
    throw e;
  }
}

/**
 * Consumes every (limit, subject) pair in order and throws a `rate_limited` DomainError with
 * `code` and the retry delay at the first one that is full.
 */
export async function enforce(
  checks: ReadonlyArray<readonly [RateLimit, string]>,
  code: string,
  nowMs = Date.now(),
): Promise<void> {
  for (const [limit, subject] of checks) {
    const result = await consume(limit, subject, nowMs);
    if (!result.allowed) throw rateLimitedError(code, result.retryAfter);
  }
}

export function rateLimitedError(code: string, retryAfter: number): DomainError {
  return new DomainError(
    code,
    "rate_limited",
    "تعداد درخواست‌ها بیش از حد مجاز است. لطفاً کمی بعد دوباره تلاش کنید.",
    {
      retryAfter,
    },
  );
}
