import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startDynamoLocal } from "./dynamo";
import { freePort } from "./ports";
import { ensureTable } from "./provision";
import { startS3Local } from "./s3";

/** What the platform's code reads from the environment to find the embedded stores. */
export interface StackEnv {
  HAMDEL_STAGE: string;
  HAMDEL_TABLE: string;
  HAMDEL_BUCKET: string;
  HAMDEL_DYNAMODB_ENDPOINT: string;
  HAMDEL_S3_ENDPOINT: string;
  HAMDEL_SECRET: string;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  /** The SDK nags about Node 20 on every process; the embedded default runs on 20 knowingly. */
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: string;
}

export interface LocalStores {
  env: StackEnv;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local and the S3 emulator and provisions the table and bucket.
 * With `dataDir` the data persists there (npm start); without, everything is in memory or
 * temporary (tests, benchmarks). Ports default to free ones.
 */
export async function startStores(
  opts: { dataDir?: string; dynamoPort?: number; s3Port?: number; secret?: string } = {},
): Promise<LocalStores> {
  const dynamoPort = opts.dynamoPort ?? (await freePort());
  const s3Port = opts.s3Port ?? (await freePort());
  const table = "hamdel";
  const bucket = "hamdel-uploads";
  let dbPath: string | undefined;
  let s3Dir: string | undefined;
  if (opts.dataDir) {
    dbPath = join(opts.dataDir, "dynamodb");
    s3Dir = join(opts.dataDir, "s3");
    mkdirSync(dbPath, { recursive: true });
    mkdirSync(s3Dir, { recursive: true });
  }
  const dynamo = await startDynamoLocal({ port: dynamoPort, ...(dbPath ? { dbPath } : {}) });
  let s3: Awaited<ReturnType<typeof startS3Local>>;
  try {
    s3 = await startS3Local({ port: s3Port, bucket, ...(s3Dir ? { directory: s3Dir } : {}) });
    await ensureTable(dynamo.endpoint, table);
  } catch (e) {
    await dynamo.stop();
    throw e;
  }
  const env: StackEnv = {
    HAMDEL_STAGE: "local",
    HAMDEL_TABLE: table,
    HAMDEL_BUCKET: bucket,
    HAMDEL_DYNAMODB_ENDPOINT: dynamo.endpoint,
    HAMDEL_S3_ENDPOINT: s3.endpoint,
    HAMDEL_SECRET: opts.secret ?? "local-development-secret-not-for-production",
    AWS_REGION: "me-central-1",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  return {
    env,
    stop: async () => {
      await Promise.allSettled([s3.stop(), dynamo.stop()]);
    },
  };
}

export function applyEnv(env: StackEnv): void {
  Object.assign(process.env, env);
}
