import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { config } from "../config";

let doc: DynamoDBDocumentClient | undefined;

/** The shared document client; endpoint and credentials for DynamoDB Local come from config. */
export function db(): DynamoDBDocumentClient {
  if (!doc) {
    const endpoint = config.dynamoEndpoint;
    const client = new DynamoDBClient({
      region: config.region,
      ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      maxAttempts: 5,
    });
    doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return doc;
}

export function table(): string {
  return config.tableName;
}

/** For tests that switch endpoints between runs. */
export function resetDbClient(): void {
  doc = undefined;
}
