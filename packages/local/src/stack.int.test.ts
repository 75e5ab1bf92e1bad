import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { bucket, s3Client } from "@hamdel/core/blob";
import { tableDefinition } from "@hamdel/core/db";
import { describe, expect, it } from "vitest";

describe("embedded stores", () => {
  it("provisions the table from core's definition", async () => {
    const client = new DynamoDBClient({ endpoint: process.env.HAMDEL_DYNAMODB_ENDPOINT, region: "local" });
    const out = await client.send(new DescribeTableCommand({ TableName: process.env.HAMDEL_TABLE }));
    expect(out.Table?.KeySchema?.map((k) => k.AttributeName)).toEqual([
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
    ]);
    expect(out.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      tableDefinition.indexes.map((i) => i.name).sort(),
    );
  });

  it("stores and reads back an object in the uploads bucket", async () => {
    const Key = `test/${Date.now()}.txt`;
    await s3Client().send(new PutObjectCommand({ Bucket: bucket(), Key, Body: "سلام" }));
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key }));
    expect(await out.Body?.transformToString()).toBe("سلام");
  });
});
