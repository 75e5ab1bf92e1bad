/**
 * Api: one HTTP API (API Gateway v2) in front of one Lambda function per domain.
 *
 * Each domain's function gets exactly what that domain touches:
 *  - identity: the table (read/write), HAMDEL_SECRET (HMACs, sessions) and the SMS gateway's
 *              key and sender line (OTP)
 *  - uploads:  the table (read/write), the uploads bucket (objects only) and HAMDEL_SECRET
 *              (it resolves the session cookie); and the sharp layer (image re-encoding)
 *  - festival: the table (read/write), HAMDEL_SECRET (sessions; the child-uniqueness keyed
 *              hash), the SMS gateway ("entry received") and s3:GetObject on thumbs/* only (it
 *              presigns the short-lived thumbnail links of my entries)
 *  - elections: the table (read/write), HAMDEL_SECRET and HAMDEL_ELECTION_KEY (close signs heads),
 *              s3:GetObject on files/* (deciders' short-lived links to applicants' photos and
 *              proofs of residence), and s3:GetObject + s3:PutObject on records/* (the election
 *              record file it writes once per version and hands out by a signed link)
 *  - judging:  the table (read/write), HAMDEL_SECRET (sessions), the SMS gateway (entrants are
 *              told when a work advances and when results are out) and s3:GetObject on the
 *              finalised files and thumbnails only (it presigns short-lived GETs for jurors and
 *              serves the public gallery's thumbnails itself)
 *  - geo:      nothing; districts and neighbourhoods are code, and the routes are public
 *  - meta:     nothing; health, OpenAPI document and the reference page
 * Grants are explicit statements on the table's ARN (+ its indexes) and the bucket's ARN,
 * narrower than CDK's grantReadWriteData/grantReadWrite: item reads and writes only (no Scan,
 * no streams, no table or bucket administration). The table and bucket are NOT `bind`-ed,
 * because SST's binding grants `dynamodb:*` / `s3:*`; their names reach the functions as
 * plain environment variables.
 *
 * Every function also gets HAMDEL_ORIGIN_SECRET (Storage's generated secret, resolved by
 * CloudFormation at deploy time): the API refuses requests without it in x-hamdel-origin-secret,
 * which only the site's CloudFront distribution adds (web.ts), so the viewer headers CloudFront
 * sets cannot be forged by calling the API Gateway URL directly.
 *
 * The dev domain (/api/dev, the local SMS outbox) has no route here: in AWS it does not exist.
 */
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { ILayerVersion } from "aws-cdk-lib/aws-lambda";
import { Api as HttpApi, Function as SstFunction, type StackContext, use } from "sst/constructs";
import { sharpLayer } from "./sharp";
import { Storage } from "./storage";

/**
 * Everything core does with the table: single-item reads and writes (conditional ones
 * included), queries on the table and its indexes, batches, and transactions (which IAM
 * authorises through the same item actions plus ConditionCheckItem). Core never scans.
 */
export const tableDataActions = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

/**
 * Uploads: presigned PUTs and GETs are signed with the function's role, finalise reads,
 * copies (uploads/ → files/) and deletes objects. ListBucket (on the bucket, not its objects)
 * makes S3 answer 404 rather than 403 for an object that is not there yet, which is how
 * finalise tells "not uploaded" from an error.
 */
export const uploadObjectActions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] as const;

/**
 * Requests per second across the whole API (steady rate and burst), applied to the default
 * stage's default route settings. Abuse of single endpoints (OTP, sign-in) is limited in core
 * per number, username and IP; this is the ceiling that protects the account's Lambda
 * concurrency and the bill.
 */
export const apiThrottle = { rate: 200, burst: 400 } as const;

/**
 * Access-log line: no `$context.path` (invitation tokens travel in paths) and no caller
 * address or user agent (behind CloudFront they are the edge's, and they are personal data).
 */
const accessLogFormat = JSON.stringify({
  requestTime: "$context.requestTime",
  requestId: "$context.requestId",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  integrationError: "$context.integration.error",
});

export function Api({ stack, app }: StackContext) {
  if (app.stage === "local") {
    // HAMDEL_STAGE=local switches on the dev routes and the SMS outbox: never in AWS.
    throw new Error(
      'The stage name "local" is reserved for the embedded default; deploy with another stage.',
    );
  }
  const { table, bucket, secrets, originSecret } = use(Storage);

  const environment = {
    HAMDEL_TABLE: table.tableName,
    HAMDEL_BUCKET: bucket.bucketName,
    HAMDEL_STAGE: app.stage,
    HAMDEL_ORIGIN_SECRET: originSecret.secretValue.unsafeUnwrap(),
  };
  const domainFunction = (
    id: string,
    domain: string,
    extra: Record<string, string> = {},
    layers: ILayerVersion[] = [],
  ) =>
    new SstFunction(stack, id, {
      handler: `functions/src/lambda/${domain}.handler`,
      environment: { ...environment, ...extra },
      ...(layers.length ? { layers } : {}),
    });

  const tableData = new PolicyStatement({
    actions: [...tableDataActions],
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });

  const identity = domainFunction("Identity", "identity", { HAMDEL_SMS_PROVIDER: "kavenegar" });
  identity.attachPermissions([tableData]);
  identity.bind([secrets.HAMDEL_SECRET, secrets.HAMDEL_SMS_API_KEY, secrets.HAMDEL_SMS_SENDER]);

  // Only uploads decodes images (artwork finalise), so only it carries sharp (infra/sharp.ts).
  const uploads = domainFunction("Uploads", "uploads", {}, [sharpLayer(stack, "SharpLayer")]);
  uploads.attachPermissions([
    tableData,
    new PolicyStatement({ actions: [...uploadObjectActions], resources: [`${bucket.bucketArn}/*`] }),
    new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
  ]);
  uploads.bind([secrets.HAMDEL_SECRET]);

  /** Read-only access to finalised objects under these prefixes: presigning GETs needs no more. */
  const readObjects = (...prefixes: string[]) =>
    new PolicyStatement({
      actions: ["s3:GetObject"],
      resources: prefixes.map((prefix) => `${bucket.bucketArn}/${prefix}/*`),
    });

  const festival = domainFunction("Festival", "festival", { HAMDEL_SMS_PROVIDER: "kavenegar" });
  festival.attachPermissions([tableData, readObjects("thumbs")]);
  festival.bind([secrets.HAMDEL_SECRET, secrets.HAMDEL_SMS_API_KEY, secrets.HAMDEL_SMS_SENDER]);

  // Judging presigns jurors' GETs of finalised artwork and its thumbnails: read-only, those
  // prefixes only (never uploads/ in flight), no listing.
  const judging = domainFunction("Judging", "judging", { HAMDEL_SMS_PROVIDER: "kavenegar" });
  judging.attachPermissions([tableData, readObjects("files", "thumbs")]);
  judging.bind([secrets.HAMDEL_SECRET, secrets.HAMDEL_SMS_API_KEY, secrets.HAMDEL_SMS_SENDER]);

  // Elections: sessions and roll hashes (HAMDEL_SECRET), and the election key, which close uses
  // to sign the final chain heads. Close seals and counts every neighbourhood in one request, so
  // it gets API Gateway's whole 30 s (the capacity model in ARCHITECTURE.md).
  const elections = new SstFunction(stack, "Elections", {
    handler: "functions/src/lambda/elections.handler",
    environment,
    timeout: "29 seconds",
  });
  elections.attachPermissions([
    tableData,
    readObjects("files", "records"),
    new PolicyStatement({ actions: ["s3:PutObject"], resources: [`${bucket.bucketArn}/records/*`] }),
  ]);
  elections.bind([secrets.HAMDEL_SECRET, secrets.HAMDEL_ELECTION_KEY]);

  const geo = domainFunction("Geo", "geo");
  const meta = domainFunction("Meta", "meta");

  const api = new HttpApi(stack, "Api", {
    // Browsers reach the API through the site's CloudFront distribution (same origin), so
    // no CORS is configured: a cross-origin browser call is not something we serve.
    cors: false,
    accessLog: { format: accessLogFormat, retention: "one_month" },
    defaults: { throttle: apiThrottle },
    routes: {
      // The plain prefixes are routes of their own: `{proxy+}` needs at least one segment,
      // and POST /api/uploads creates an upload.
      "ANY /api/identity": identity,
      "ANY /api/identity/{proxy+}": identity,
      "ANY /api/geo": geo,
      "ANY /api/geo/{proxy+}": geo,
      "ANY /api/uploads": uploads,
      "ANY /api/uploads/{proxy+}": uploads,
      "ANY /api/festival": festival,
      "ANY /api/festival/{proxy+}": festival,
      "ANY /api/judging": judging,
      "ANY /api/judging/{proxy+}": judging,
      "ANY /api/elections": elections,
      "ANY /api/elections/{proxy+}": elections,
      "GET /api/health": meta,
      "GET /api/openapi.json": meta,
      "GET /api/docs": meta,
      "GET /api/docs/{proxy+}": meta,
    },
  });

  stack.addOutputs({ ApiGatewayUrl: api.url });

  const functions: Record<
    "identity" | "geo" | "uploads" | "festival" | "judging" | "elections" | "meta",
    SstFunction
  > = {
    identity,
    geo,
    uploads,
    festival,
    judging,
    elections,
    meta,
  };
  return { api, functions };
}
