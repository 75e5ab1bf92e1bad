import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { keyedHash } from "../crypto";
import { db, table } from "../db";
import { isDomainError } from "../error";
import { consume, enforce, type RateLimit, windowOf } from "./index";

const limit: RateLimit = { name: "test", limit: 3, windowSeconds: 60 };
const windowStart = () => Math.ceil(Date.now() / 60_000) * 60_000;

describe("fixed-window rate limiter", () => {
  it("allows `limit` hits per window, then says how long to wait", async () => {
    const subject = randomUUID();
    const t = windowStart() + 15_000;
    expect(await consume(limit, subject, t)).toEqual({ allowed: true, remaining: 2 });
    expect(await consume(limit, subject, t)).toEqual({ allowed: true, remaining: 1 });
    expect(await consume(limit, subject, t)).toEqual({ allowed: true, remaining: 0 });
    expect(await consume(limit, subject, t)).toEqual({ allowed: false, retryAfter: 45 });
    expect(await consume(limit, subject, t + 44_500)).toEqual({ allowed: false, retryAfter: 1 });
    // A new window starts afresh; other subjects were never affected.
    expect(await consume(limit, subject, t + 45_000)).toEqual({ allowed: true, remaining: 2 });
    expect(await consume(limit, randomUUID(), t)).toEqual({ allowed: true, remaining: 2 });
  });

  it("holds under concurrent hits", async () => {
    const subject = randomUUID();
    const t = windowStart();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => consume({ ...limit, limit: 7 }, subject, t)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });

  it("stores the subject only as a keyed hash, with a TTL after the window", async () => {
    const subject = `192.0.2.${Math.floor(Math.random() * 255)}-${randomUUID()}`;
    const t = windowStart() + 1000;
    await consume(limit, subject, t);
    const { start, end } = windowOf(limit, t);
    const out = await db().send(
      new GetCommand({
        TableName: table(),
        Key: { pk: `RATE#test#${keyedHash("rate-limit", subject)}`, sk: `WINDOW#${start}` },
      }),
    );
    expect(out.Item?.hits).toBe(1);
    expect(out.Item?.expiresAt).toBe(end / 1000 + 60);
    expect(JSON.stringify(out.Item)).not.toContain(subject);
  });

  it("enforce throws a rate_limited DomainError with the caller's code at the first full limit", async () => {
    const subject = randomUUID();
    const t = windowStart();
    const strict: RateLimit = { name: "strict", limit: 1, windowSeconds: 60 };
    await enforce([[strict, subject]], "test.too_many", t);
    const e = await enforce([[strict, subject]], "test.too_many", t).catch((x: unknown) => x);
    expect(isDomainError(e) && [e.code, e.kind, e.retryAfter, e.status]).toEqual([
      "test.too_many",
      "rate_limited",
      60,
      429,
    ]);
  });
});
