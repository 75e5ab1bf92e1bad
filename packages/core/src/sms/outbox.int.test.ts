import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { db, table } from "../db";
import { isDomainError } from "../error";
import { freshMobile } from "../identity/test-support";
import { listOutbox, OutboxSmsSender } from "./index";

describe("dev outbox", () => {
  const stage = process.env.HAMDEL_STAGE;
  afterEach(() => {
    process.env.HAMDEL_STAGE = stage;
  });

  it("stores messages with a 7-day TTL, prints a masked line, and lists newest first", async () => {
    const lines: string[] = [];
    const sender = new OutboxSmsSender({ print: (l) => lines.push(l) });
    const to = freshMobile();
    await sender.send(to, "کد ورود شما به همدل: 111111");
    await new Promise((r) => setTimeout(r, 5));
    await sender.send(to, "کد ورود شما به همدل: 222222");

    expect(lines).toEqual([
      `[sms → ${to.slice(0, 4)}***${to.slice(-4)}] کد ورود شما به همدل: 111111`,
      `[sms → ${to.slice(0, 4)}***${to.slice(-4)}] کد ورود شما به همدل: 222222`,
    ]);
    const mine = await listOutbox(undefined, { to });
    expect(mine.map((m) => m.text)).toEqual(["کد ورود شما به همدل: 222222", "کد ورود شما به همدل: 111111"]);
    expect(mine[0]).toMatchObject({ to, id: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    const stored = await db().send(
      new GetCommand({ TableName: table(), Key: { pk: `SMS#${mine[0]?.id}`, sk: "SMS" } }),
    );
    const created = Date.parse(mine[0]?.createdAt ?? "");
    expect(stored.Item?.expiresAt).toBe(Math.floor(created / 1000) + 7 * 24 * 3600);
    const newest = await listOutbox(undefined, { limit: 5 });
    expect(newest.length).toBeGreaterThan(0);
    expect([...newest].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(newest);
  });

  it("is closed outside the local stage", async () => {
    process.env.HAMDEL_STAGE = "prod";
    const e = await listOutbox().catch((x: unknown) => x);
    expect(isDomainError(e) && e.kind).toBe("forbidden");
  });
});
