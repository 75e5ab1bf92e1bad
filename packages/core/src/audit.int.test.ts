import { randomUUID } from "node:crypto";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { auditItem, listAudit, writeAudit } from "./audit";
import { db, table } from "./db";

const admin: Actor = {
  kind: "staff",
  userId: "01ADMIN",
  sessionId: "01SESSION",
  username: "admin",
  roles: [],
};

describe("audit trail", () => {
  it("is written atomically with the change it records, and read back in time order", async () => {
    const id = randomUUID();
    const t0 = new Date("2025-03-01T10:00:00.000Z");
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: `THING#${id}`, sk: "THING" },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          auditItem({
            actor: admin,
            action: "thing.created",
            subject: { type: "thing", id },
            data: { roles: ["a"] },
            at: t0,
          }),
        ],
      }),
    );
    await writeAudit({
      actor: { kind: "anonymous" },
      action: "thing.viewed",
      subject: { type: "thing", id },
      at: new Date(t0.getTime() + 1000),
    });

    const entries = await listAudit("thing", id);
    expect(entries.map((e) => [e.action, e.at, e.actor])).toEqual([
      ["thing.created", "2025-03-01T10:00:00.000Z", { kind: "staff", userId: "01ADMIN" }],
      ["thing.viewed", "2025-03-01T10:00:01.000Z", { kind: "anonymous" }],
    ]);
    expect(entries[0]?.data).toEqual({ roles: ["a"] });
    // The actor is recorded by id only (no username).
    expect(JSON.stringify(entries)).not.toContain('admin"');
  });

  it("is not written when the change fails", async () => {
    const id = randomUUID();
    await db().send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: table(), Item: { pk: `THING#${id}`, sk: "THING" } } }],
      }),
    );
    const failed = db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: `THING#${id}`, sk: "THING" },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          auditItem({ actor: admin, action: "thing.created", subject: { type: "thing", id } }),
        ],
      }),
    );
    await expect(failed).rejects.toThrow();
    expect(await listAudit("thing", id)).toEqual([]);
  });
});
