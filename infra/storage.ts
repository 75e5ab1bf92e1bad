/**
 * Storage: the one DynamoDB table, the uploads bucket and the app's secrets (the SST Config ones
 * people set, and the generated origin secret CloudFront and the API share).
 *
 * The table and the bucket are built FROM the definitions in @hamdel/core (db/table.ts,
 * blob/bucket.ts), the same objects @hamdel/local uses for DynamoDB Local and the S3
 * emulator, so AWS and the embedded default cannot drift apart.
 *
 * The bucket's CORS rule is applied by the Web stack (see web.ts): it must name the site's
 * origin, and the CloudFront domain is only known once the distribution exists, which would
 * make Storage depend on Web and Web on Storage (a cycle). `uploadsCorsRule` lives here so
 * the rule itself is defined next to the bucket.
 */

import { bucketDefinition } from "@hamdel/core/blob";
import { tableDefinition } from "@hamdel/core/db";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { BillingMode } from "aws-cdk-lib/aws-dynamodb";
import { BlockPublicAccess, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Bucket, Config, type StackContext, Table } from "sst/constructs";

/** Stages whose data must survive a mistaken `sst remove` or stack deletion. */
export function isProtectedStage(stage: string): boolean {
  return stage === "prod";
}

/** The S3 CORS rule for direct browser uploads (presigned PUT) from the site's origin only. */
export function uploadsCorsRule(origin: string) {
  return {
    AllowedOrigins: [origin],
    AllowedMethods: [...bucketDefinition.cors.allowedMethods],
    AllowedHeaders: [...bucketDefinition.cors.allowedHeaders],
    ExposeHeaders: [...bucketDefinition.cors.exposedHeaders],
    MaxAgeSeconds: bucketDefinition.cors.maxAgeSeconds,
  };
}

/** Every key attribute of the table and its indexes, typed as tableDefinition says ("S"). */
function tableFields() {
  const type = ({ S: "string" } as const)[tableDefinition.attributeType];
  const names = [
    tableDefinition.partitionKey,
    tableDefinition.sortKey,
    ...tableDefinition.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return Object.fromEntries(names.map((n) => [n, type] as const));
}

export function Storage({ stack, app }: StackContext) {
  const protect = isProtectedStage(app.stage);
  const removalPolicy = protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

  const table = new Table(stack, "Table", {
    fields: tableFields(),
    primaryIndex: { partitionKey: tableDefinition.partitionKey, sortKey: tableDefinition.sortKey },
    globalIndexes: Object.fromEntries(
      tableDefinition.indexes.map((i) => [
        i.name,
        { partitionKey: i.partitionKey, sortKey: i.sortKey, projection: "all" as const },
      ]),
    ),
    timeToLiveAttribute: tableDefinition.ttlAttribute,
    // SST's Table already sets PAY_PER_REQUEST and point-in-time recovery; stated again so
    // the choice is visible here and a change in SST's defaults cannot silently drop them.
    cdk: {
      table: {
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecovery: true,
        deletionProtection: protect,
        removalPolicy,
      },
    },
  });
  const bucket = new Bucket(stack, "Uploads", {
    // CORS is applied by the Web stack with the site's origin (see the file comment).
    cors: false,
    blockPublicACLs: true,
    cdk: {
      bucket: {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: false,
        removalPolicy,
        lifecycleRules: [
          {
            id: "expire-unfinalised-uploads",
            prefix: bucketDefinition.uploadPrefix,
            expiration: Duration.days(bucketDefinition.unfinalisedExpiryDays),
          },
          {
            id: "abort-incomplete-multipart-uploads",
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
      },
    },
  });

  // Per-deployment settings kept out of the repository and out of env files: SSM parameters
  // (SecureString) managed by SST Config, set with `npx sst secrets set <NAME> <value>`.
  // HAMDEL_SMS_SENDER (the Kavenegar line number) is not secret, but is set the same way.
  // HAMDEL_ELECTION_KEY signs the elections' bulletin-board heads (Ed25519: a PKCS#8 PEM or a
  // base64 32-byte seed; `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`).
  const secrets = Config.Secret.create(
    stack,
    "HAMDEL_SECRET",
    "HAMDEL_SMS_API_KEY",
    "HAMDEL_SMS_SENDER",
    "HAMDEL_ELECTION_KEY",
  );

  // The shared secret between the site's CloudFront distribution and the API (see web.ts and
  // functions/src/http/request-context.ts): generated once per stage, never typed by anyone.
  // CloudFormation resolves it into the distribution's origin header and the functions'
  // environment at deploy time; the templates hold only a reference. Losing it costs nothing
  // (the next deploy generates and installs a new one on both sides), hence DESTROY.
  const originSecret = new Secret(stack, "OriginSecret", {
    description: `Hamdel ${app.stage}: proves a request to the API came through the site's CloudFront`,
    generateSecretString: { passwordLength: 48, excludePunctuation: true },
    removalPolicy: RemovalPolicy.DESTROY,
  });

  stack.addOutputs({
    TableName: table.tableName,
    UploadsBucketName: bucket.bucketName,
  });

  return { table, bucket, secrets, originSecret };
}
