/**
 * The deployed shape of Hamdel, synthesised offline for stage "prod" (what
 * `npx sst deploy --stage prod` assembles) and asserted resource by resource.
 * Expectations come from the contracts, not from the stack code: the table and bucket
 * definitions in @hamdel/core, the route list in the API contract, the IAM rules.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { bucketDefinition } from "@hamdel/core/blob";
import { tableDefinition } from "@hamdel/core/db";
import { beforeAll, describe, expect, it } from "vitest";
import { apiThrottle } from "./api";
import { lockedSharpVersion } from "./sharp";
import {
  asList,
  type FoundStatement,
  only,
  policyStatements,
  repoRoot,
  resources,
  roleOf,
  type Synthesised,
  synth,
} from "./test/synth";

let s: Synthesised;
beforeAll(async () => {
  s = await synth("prod");
}, 120_000);

type Domain = "identity" | "geo" | "uploads" | "festival" | "judging" | "elections" | "meta";

/** The API contract (notes/api.md): every route key and the domain function serving it. */
const expectedRoutes: Record<string, Domain> = {
  "ANY /api/identity": "identity",
  "ANY /api/identity/{proxy+}": "identity",
  "ANY /api/geo": "geo",
  "ANY /api/geo/{proxy+}": "geo",
  "ANY /api/uploads": "uploads",
  "ANY /api/uploads/{proxy+}": "uploads",
  "ANY /api/festival": "festival",
  "ANY /api/festival/{proxy+}": "festival",
  "ANY /api/judging": "judging",
  "ANY /api/judging/{proxy+}": "judging",
  "ANY /api/elections": "elections",
  "ANY /api/elections/{proxy+}": "elections",
  "GET /api/health": "meta",
  "GET /api/openapi.json": "meta",
  "GET /api/docs": "meta",
  "GET /api/docs/{proxy+}": "meta",
};
const domains: Domain[] = ["identity", "geo", "uploads", "festival", "judging", "elections", "meta"];
const handlerOf = (domain: Domain) => `functions/src/lambda/${domain}.handler`;

/** The app's function for a domain, found by the handler it is built from. */
function appFunction(domain: Domain) {
  const found = s.functions.filter((f) => f.fn.getConstructMetadata().data.handler === handlerOf(domain));
  expect(found, `one function for ${domain}`).toHaveLength(1);
  return found[0] as Synthesised["functions"][number];
}

function allStatements(): FoundStatement[] {
  return Object.entries(s.templates).flatMap(([name, t]) => policyStatements(name, t));
}

/** Fn::Join / Fn::ImportValue / Fn::GetAtt / Ref rendered as one string with readable markers. */
function render(value: unknown): string {
  if (typeof value === "string") return value;
  const v = value as Record<string, unknown>;
  if ("Fn::Join" in v) {
    const [sep, parts] = v["Fn::Join"] as [string, unknown[]];
    return parts.map(render).join(sep);
  }
  if ("Fn::ImportValue" in v) return `<import:${render(v["Fn::ImportValue"])}>`;
  if ("Fn::GetAtt" in v) return `<getatt:${(v["Fn::GetAtt"] as string[]).join(".")}>`;
  if ("Ref" in v) return `<ref:${v.Ref}>`;
  return JSON.stringify(value);
}

/** Storage's generated origin secret, as a deploy-time dynamic reference through the stack export. */
const originSecretReference =
  /^\{\{resolve:secretsmanager:<import:prod-hamdel-Storage:ExportsOutputRefOriginSecret\w+>:SecretString:::\}\}$/;

describe("synthesis", () => {
  it("assembles the four stacks, named after the stage, within the time budget", () => {
    expect(Object.values(s.stacks).map((st) => st.stackName)).toEqual([
      "prod-hamdel-Storage",
      "prod-hamdel-Api",
      "prod-hamdel-Web",
      "prod-hamdel-Jobs",
    ]);
    expect(s.stacks.Storage.region).toBe("me-central-1");
    console.info(`synthesised 4 stacks in ${Math.round(s.ms)} ms`);
    expect(s.ms).toBeLessThan(30_000);
  });

  it("builds nothing during synthesis (no bundling, no site build): code is SST's placeholder", () => {
    const templateOf = (stack: unknown) =>
      Object.entries(s.stacks).find(([, st]) => st === stack)?.[0] as keyof Synthesised["templates"];
    for (const { logicalId, stack } of s.functions) {
      const template = s.templates[templateOf(stack)];
      const fn = resources(template, "AWS::Lambda::Function").find((r) => r.logicalId === logicalId);
      expect(fn?.Properties.Handler, logicalId).toBe("index.placeholder");
    }
  });
});

describe("Storage: the table", () => {
  const table = () => only(s.templates.Storage, "AWS::DynamoDB::Table");

  it("has the keys and indexes of tableDefinition, all string-typed, indexes projecting all", () => {
    const p = table().Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" },
      { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" },
    ]);
    const gsis = p.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[];
    expect(gsis).toHaveLength(tableDefinition.indexes.length);
    for (const index of tableDefinition.indexes) {
      expect(gsis.find((g) => g.IndexName === index.name)).toEqual({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      });
    }
    const keyNames = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...tableDefinition.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    const defs = p.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(defs.map((d) => d.AttributeName).sort()).toEqual([...keyNames].sort());
    expect(new Set(defs.map((d) => d.AttributeType))).toEqual(new Set([tableDefinition.attributeType]));
  });

  it("is on-demand, with point-in-time recovery and TTL on expiresAt", () => {
    const p = table().Properties;
    expect(p.BillingMode).toBe("PAY_PER_REQUEST");
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
    expect(tableDefinition.ttlAttribute).toBe("expiresAt");
  });

  it("is protected from deletion in prod and retained if its stack goes", () => {
    const t = table();
    expect(t.Properties.DeletionProtectionEnabled).toBe(true);
    expect(t.DeletionPolicy).toBe("Retain");
    expect(t.UpdateReplacePolicy).toBe("Retain");
  });
});

describe("Storage: the origin secret", () => {
  it("is generated by Secrets Manager (48 letters and digits), never written in a template", () => {
    const secret = only(s.templates.Storage, "AWS::SecretsManager::Secret", "OriginSecret").Properties;
    expect(secret.GenerateSecretString).toEqual({ PasswordLength: 48, ExcludePunctuation: true });
    expect(secret.SecretString).toBeUndefined();
  });
});

describe("Storage: the uploads bucket", () => {
  const bucket = () => only(s.templates.Storage, "AWS::S3::Bucket", "Uploads");

  it("blocks all public access and enforces bucket-owner object ownership (no ACLs)", () => {
    const p = bucket().Properties;
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
  });

  it("is encrypted at rest and refuses plain-HTTP access", () => {
    expect(bucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
    });
    const policy = only(s.templates.Storage, "AWS::S3::BucketPolicy", "Uploads").Properties;
    expect((policy.Bucket as { Ref: string }).Ref).toBe(bucket().logicalId);
    const statements = (policy.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });

  it("expires never-finalised objects under uploads/ and aborts incomplete multipart uploads", () => {
    const rules = (bucket().Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: bucketDefinition.uploadPrefix,
        ExpirationInDays: bucketDefinition.unfinalisedExpiryDays,
        Status: "Enabled",
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: "Enabled",
      }),
    );
    // Finalised files live under files/ and must not be touched by any expiry rule.
    for (const rule of rules) {
      if ("ExpirationInDays" in rule) expect(rule.Prefix).toBe(bucketDefinition.uploadPrefix);
    }
  });

  it("is retained in prod", () => {
    expect(bucket().DeletionPolicy).toBe("Retain");
  });

  it("gets one CORS rule, for the site's origin only, from the Web stack (none in its own template)", () => {
    expect(bucket().Properties.CorsConfiguration).toBeUndefined();
    const cors = only(s.templates.Web, "Custom::AWS", "UploadsBucketCors").Properties;
    const distribution = only(s.templates.Web, "AWS::CloudFront::Distribution").logicalId;
    for (const phase of ["Create", "Update"] as const) {
      const call = JSON.parse(render(cors[phase]));
      expect(call.service).toBe("S3");
      expect(call.action).toBe("putBucketCors");
      expect(call.parameters.Bucket).toMatch(/^<import:prod-hamdel-Storage:ExportsOutputRefUploadsBucket/);
      expect(call.parameters.CORSConfiguration.CORSRules).toEqual([
        {
          AllowedOrigins: [`https://<getatt:${distribution}.DomainName>`],
          AllowedMethods: [...bucketDefinition.cors.allowedMethods],
          AllowedHeaders: [...bucketDefinition.cors.allowedHeaders],
          ExposeHeaders: [...bucketDefinition.cors.exposedHeaders],
          MaxAgeSeconds: bucketDefinition.cors.maxAgeSeconds,
        },
      ]);
    }
  });
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: unknown;
}

describe("Api: routes", () => {
  const routeTargets = () => {
    const integrations = new Map(
      resources(s.templates.Api, "AWS::ApiGatewayV2::Integration").map((i) => [i.logicalId, i.Properties]),
    );
    return resources(s.templates.Api, "AWS::ApiGatewayV2::Route").map((r) => {
      const target = render(r.Properties.Target);
      const integrationId = target.match(/^integrations\/<ref:(.+)>$/)?.[1] ?? "";
      const integration = integrations.get(integrationId);
      const fnLogicalId = (integration?.IntegrationUri as { "Fn::GetAtt"?: string[] })?.["Fn::GetAtt"]?.[0];
      const fn = s.functions.find((f) => f.logicalId === fnLogicalId);
      return {
        routeKey: r.Properties.RouteKey as string,
        integration,
        handler: fn?.fn.getConstructMetadata().data.handler,
      };
    });
  };

  it("has exactly the contract's routes, and no /api/dev route", () => {
    const keys = routeTargets().map((r) => r.routeKey);
    expect([...keys].sort()).toEqual(Object.keys(expectedRoutes).sort());
    expect(keys.filter((k) => k.includes("/api/dev"))).toEqual([]);
  });

  it("maps every route through a Lambda proxy integration to its domain's function handler", () => {
    for (const route of routeTargets()) {
      const domain = expectedRoutes[route.routeKey] as Domain;
      expect(route.integration, route.routeKey).toMatchObject({
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
      });
      expect(route.handler, route.routeKey).toBe(handlerOf(domain));
    }
  });

  it("builds each handler from a source file that exports `handler`", () => {
    for (const domain of domains) {
      const file = path.join(repoRoot, "functions/src/lambda", `${domain}.ts`);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8")).toMatch(
        /export\s+(const|let|async\s+function|function)\s+handler\b|export\s*\{[^}]*\bhandler\b[^}]*\}/,
      );
    }
  });

  it("throttles the default stage and writes access logs without paths or caller details", () => {
    const stage = only(s.templates.Api, "AWS::ApiGatewayV2::Stage").Properties;
    expect(stage.StageName).toBe("$default");
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: apiThrottle.burst,
      ThrottlingRateLimit: apiThrottle.rate,
    });
    expect(apiThrottle.rate).toBeGreaterThan(0);
    expect(apiThrottle.burst).toBeGreaterThanOrEqual(apiThrottle.rate);
    const logs = stage.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const logGroup = only(s.templates.Api, "AWS::Logs::LogGroup", "ApiLogGroup");
    expect(render(logs.DestinationArn)).toBe(`<getatt:${logGroup.logicalId}.Arn>`);
    expect(logGroup.Properties.RetentionInDays).toBe(30);
    const fields = Object.values(JSON.parse(logs.Format) as Record<string, string>);
    expect(fields).toContain("$context.routeKey");
    expect(fields).toContain("$context.status");
    for (const forbidden of ["$context.path", "$context.identity.sourceIp", "$context.identity.userAgent"]) {
      expect(fields).not.toContain(forbidden);
    }
  });

  it("configures no CORS on the API (browsers reach it same-origin through CloudFront)", () => {
    const api = only(s.templates.Api, "AWS::ApiGatewayV2::Api").Properties;
    expect(api.ProtocolType).toBe("HTTP");
    expect(api.CorsConfiguration).toBeUndefined();
  });
});

describe("Api: functions", () => {
  it("has one function per domain, nodejs22.x or newer, on arm64", () => {
    const apiFunctions = s.functions.filter((f) => f.stack === s.stacks.Api);
    expect(apiFunctions.map((f) => f.fn.getConstructMetadata().data.handler).sort()).toEqual(
      domains.map(handlerOf).sort(),
    );
    for (const { fn, logicalId } of apiFunctions) {
      // The runtime SST builds and writes into the template once the code is bundled.
      const runtime = fn.getConstructMetadata().data.runtime ?? "";
      expect(
        Number(runtime.match(/^nodejs(\d+)\.x$/)?.[1]),
        `${logicalId} ${runtime}`,
      ).toBeGreaterThanOrEqual(22);
      const cfn = resources(s.templates.Api, "AWS::Lambda::Function").find((r) => r.logicalId === logicalId);
      expect(cfn?.Properties.Architectures, logicalId).toEqual(["arm64"]);
    }
  });

  it("gives only the uploads function a layer: sharp at the locked version, for its runtime and arm64", () => {
    const layer = only(s.templates.Api, "AWS::Lambda::LayerVersion");
    const version = lockedSharpVersion();
    expect(layer.Properties.Description).toBe(`sharp ${version} (linux-arm64, glibc)`);
    expect(layer.Properties.CompatibleArchitectures).toEqual(["arm64"]);
    const uploads = appFunction("uploads");
    expect(layer.Properties.CompatibleRuntimes).toEqual([uploads.fn.getConstructMetadata().data.runtime]);
    for (const domain of domains) {
      const { logicalId } = appFunction(domain);
      const cfn = resources(s.templates.Api, "AWS::Lambda::Function").find((r) => r.logicalId === logicalId);
      expect(cfn?.Properties.Layers, domain).toEqual(
        domain === "uploads" ? [{ Ref: layer.logicalId }] : undefined,
      );
    }
    for (const [name, t] of Object.entries(s.templates)) {
      if (name !== "Api") expect(resources(t, "AWS::Lambda::LayerVersion"), name).toEqual([]);
    }
  });

  it("runs every Lambda in every stack (SST's and CDK's helpers too) on nodejs22.x or newer", () => {
    for (const [name, t] of Object.entries(s.templates)) {
      for (const fn of resources(t, "AWS::Lambda::Function")) {
        const runtime = String(fn.Properties.Runtime);
        expect(
          Number(runtime.match(/^nodejs(\d+)\.x$/)?.[1]),
          `${name}/${fn.logicalId} ${runtime}`,
        ).toBeGreaterThanOrEqual(22);
      }
    }
  });

  it("gives every function the table, bucket and stage by environment, and secrets only where needed", () => {
    const secrets: Record<Domain, string[]> = {
      identity: ["HAMDEL_SECRET", "HAMDEL_SMS_API_KEY", "HAMDEL_SMS_SENDER"],
      uploads: ["HAMDEL_SECRET"],
      festival: ["HAMDEL_SECRET", "HAMDEL_SMS_API_KEY", "HAMDEL_SMS_SENDER"],
      judging: ["HAMDEL_SECRET", "HAMDEL_SMS_API_KEY", "HAMDEL_SMS_SENDER"],
      elections: ["HAMDEL_ELECTION_KEY", "HAMDEL_SECRET"],
      geo: [],
      meta: [],
    };
    for (const domain of domains) {
      const { logicalId, fn } = appFunction(domain);
      const cfn = resources(s.templates.Api, "AWS::Lambda::Function").find((r) => r.logicalId === logicalId);
      const env =
        (cfn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
      expect(render(env.HAMDEL_TABLE)).toMatch(/^<import:prod-hamdel-Storage:ExportsOutputRefTable/);
      expect(render(env.HAMDEL_BUCKET)).toMatch(/^<import:prod-hamdel-Storage:ExportsOutputRefUploadsBucket/);
      expect(env.HAMDEL_STAGE).toBe("prod");
      // The origin secret: a reference CloudFormation resolves at deploy time, never the value.
      expect(render(env.HAMDEL_ORIGIN_SECRET)).toMatch(originSecretReference);
      // Never the embedded default's endpoints, never a secret in plain text.
      for (const name of [
        "HAMDEL_DYNAMODB_ENDPOINT",
        "HAMDEL_S3_ENDPOINT",
        "HAMDEL_SECRET",
        "HAMDEL_SMS_API_KEY",
      ]) {
        expect(env[name], `${domain} ${name}`).toBeUndefined();
      }
      const bound = Object.keys(env)
        .filter((k) => k.startsWith("SST_Secret_value_"))
        .map((k) => k.slice("SST_Secret_value_".length))
        .sort();
      expect(bound, domain).toEqual(secrets[domain]);
      for (const name of bound) expect(env[`SST_Secret_value_${name}`]).toBe("__FETCH_FROM_SSM__");
      expect(fn.getConstructMetadata().data.secrets.sort()).toEqual(secrets[domain]);
    }
  });
});

describe("IAM", () => {
  const actionsOf = (st: Statement) => asList(st.Action).map(String);
  const resourcesOf = (st: Statement) => asList(st.Resource);

  it("has no statement anywhere granting '*' actions on '*' resources", () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(5);
    for (const { stack, holder, statement } of statements) {
      if (statement.Effect !== "Allow") continue;
      const where = `${stack}/${holder}: ${JSON.stringify(statement)}`;
      expect(actionsOf(statement), where).not.toContain("*");
      expect(statement, where).not.toHaveProperty("NotAction");
      // Where the resource is "*", the actions must be named ones, not service wildcards.
      if (resourcesOf(statement).includes("*")) {
        for (const action of actionsOf(statement)) expect(action, where).not.toMatch(/\*/);
      }
    }
  });

  const statementsOfDomain = (domain: Domain) => {
    const role = roleOf(s.templates.Api, appFunction(domain).logicalId);
    return policyStatements("Api", s.templates.Api).filter((f) => f.roles.includes(role));
  };

  it("gives each function only the services its domain uses", () => {
    const services: Record<Domain, string[]> = {
      identity: ["dynamodb", "ssm", "xray"],
      uploads: ["dynamodb", "s3", "ssm", "xray"],
      festival: ["dynamodb", "s3", "ssm", "xray"],
      judging: ["dynamodb", "s3", "ssm", "xray"],
      elections: ["dynamodb", "s3", "ssm", "xray"],
      geo: ["xray"],
      meta: ["xray"],
    };
    for (const domain of domains) {
      const used = new Set(
        statementsOfDomain(domain).flatMap((f) => actionsOf(f.statement).map((a) => a.split(":")[0])),
      );
      expect([...used].sort(), domain).toEqual(services[domain]);
    }
  });

  /**
   * Besides uploads (which writes uploads/ and files/), each function that touches the bucket and
   * exactly what it may do where: reads to presign GETs, and elections' record files.
   */
  const objectGrants: Partial<Record<Domain, Array<{ actions: string[]; prefixes: string[] }>>> = {
    festival: [{ actions: ["s3:GetObject"], prefixes: ["<bucket>/thumbs/*"] }],
    judging: [{ actions: ["s3:GetObject"], prefixes: ["<bucket>/files/*", "<bucket>/thumbs/*"] }],
    elections: [
      { actions: ["s3:GetObject"], prefixes: ["<bucket>/files/*", "<bucket>/records/*"] },
      { actions: ["s3:PutObject"], prefixes: ["<bucket>/records/*"] },
    ],
  };
  const grantedRoles = () =>
    Object.entries(objectGrants).map(([domain, grants]) => ({
      domain,
      grants,
      role: roleOf(s.templates.Api, appFunction(domain as Domain).logicalId),
    }));

  it("lets only uploads write S3 at large; festival, judging and elections get named actions on named prefixes; only the uploads bucket", () => {
    const seen: Record<string, Array<{ actions: string[]; prefixes: string[] }>> = {};
    for (const { stack, holder, roles, statement } of allStatements()) {
      const s3 = actionsOf(statement).filter((a) => a.startsWith("s3:"));
      if (statement.Effect !== "Allow" || s3.length === 0) continue;
      const appRoles = s.functions
        .filter((f) => f.stack === s.stacks.Api)
        .map((f) => roleOf(s.templates.Api, f.logicalId));
      const uploadsRole = roleOf(s.templates.Api, appFunction("uploads").logicalId);
      const granted = grantedRoles().find((r) => roles.includes(r.role));
      if (stack === "Api" && granted) {
        expect(roles, `${holder}`).toEqual([granted.role]);
        seen[granted.domain] ??= [];
        seen[granted.domain]?.push({
          actions: actionsOf(statement),
          prefixes: resourcesOf(statement)
            .map((r) => render(r).replace(/^<[^>]+>/, "<bucket>"))
            .sort(),
        });
      } else if (stack === "Api" && roles.some((r) => appRoles.includes(r))) {
        expect(roles, `${holder}`).toEqual([uploadsRole]);
        for (const r of resourcesOf(statement)) {
          expect(render(r)).toMatch(
            /^<import:prod-hamdel-Storage:ExportsOutputFnGetAttUploadsBucket\w+>(\/\*)?$/,
          );
        }
      }
    }
    expect(seen).toEqual(objectGrants);
    const uploads = statementsOfDomain("uploads").flatMap((f) => actionsOf(f.statement));
    expect(uploads).toEqual(
      expect.arrayContaining(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]),
    );
    // Object actions on objects, ListBucket on the bucket; no bucket administration.
    expect(uploads.filter((a) => a.startsWith("s3:")).sort()).toEqual(
      ["s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"].sort(),
    );
  });

  it("lets nothing else near the uploads bucket except those grants and the CORS setter (PutBucketCORS only)", () => {
    const uploadsRole = roleOf(s.templates.Api, appFunction("uploads").logicalId);
    for (const { stack, holder, roles, statement } of allStatements()) {
      const touchesUploads = resourcesOf(statement).some((r) => /UploadsBucket/.test(render(r)));
      if (!touchesUploads || statement.Effect !== "Allow") continue;
      const granted = grantedRoles().find((r) => roles.includes(r.role));
      if (stack === "Api" && granted)
        expect(granted.grants.map((g) => g.actions)).toContainEqual(actionsOf(statement));
      else if (stack === "Api") expect(roles, holder).toEqual([uploadsRole]);
      else {
        expect(`${stack}/${holder}`).toMatch(/^Web\/UploadsBucketCors/);
        expect(actionsOf(statement)).toEqual(["s3:PutBucketCORS"]);
      }
    }
  });

  it("scopes table access to the table and its indexes, item operations only (no Scan)", () => {
    for (const domain of ["identity", "uploads", "judging", "elections"] as const) {
      const dynamo = statementsOfDomain(domain).filter((f) =>
        actionsOf(f.statement).some((a) => a.startsWith("dynamodb:")),
      );
      expect(dynamo.length, domain).toBeGreaterThan(0);
      for (const { statement } of dynamo) {
        expect(actionsOf(statement)).not.toContain("dynamodb:Scan");
        expect(actionsOf(statement).every((a) => /^dynamodb:[A-Z]\w+$/.test(a))).toBe(true);
        expect(resourcesOf(statement).map(render).sort()).toEqual(
          [
            "<import:prod-hamdel-Storage:ExportsOutputFnGetAttTable710B521BArn570AFAD4>",
            "<import:prod-hamdel-Storage:ExportsOutputFnGetAttTable710B521BArn570AFAD4>/index/*",
          ].sort(),
        );
      }
    }
  });

  it("lets functions read only their own bound secrets from SSM", () => {
    for (const domain of domains) {
      const ssm = statementsOfDomain(domain).filter((f) =>
        actionsOf(f.statement).some((a) => a.startsWith("ssm:")),
      );
      for (const { statement } of ssm) {
        expect(actionsOf(statement)).toEqual(["ssm:GetParameters"]);
        const names = resourcesOf(statement).map((r) => render(r).match(/\/Secret\/(\w+)\/value$/)?.[1]);
        for (const name of names)
          expect(appFunction(domain).fn.getConstructMetadata().data.secrets).toContain(name);
      }
    }
  });
});

describe("Web", () => {
  const distribution = () =>
    only(s.templates.Web, "AWS::CloudFront::Distribution").Properties.DistributionConfig as Record<
      string,
      unknown
    >;
  const cfFunction = (prefix: string) => only(s.templates.Web, "AWS::CloudFront::Function", prefix).logicalId;

  it("serves the SPA from a private S3 origin with the SPA fallback function, and keeps API errors intact", () => {
    const d = distribution();
    expect(d.DefaultRootObject).toBe("index.html");
    // No distribution-wide error pages: they would turn the API's 403/404 into index.html.
    expect(d.CustomErrorResponses ?? []).toEqual([]);
    const def = d.DefaultCacheBehavior as Record<string, unknown>;
    expect(def.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(def.FunctionAssociations).toEqual([
      {
        EventType: "viewer-request",
        FunctionARN: { "Fn::GetAtt": [cfFunction("SpaFallback"), "FunctionARN"] },
      },
    ]);
    const origins = d.Origins as Record<string, unknown>[];
    const s3 = origins.find((o) => o.Id === def.TargetOriginId);
    expect(s3).toHaveProperty("S3OriginConfig");
    const siteBucket = only(s.templates.Web, "AWS::S3::Bucket", "SiteS3Bucket").Properties;
    expect(siteBucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it("forwards /api/* uncached, with all methods, cookies and headers but Host, to the HTTP API", () => {
    const d = distribution();
    const behaviours = d.CacheBehaviors as Record<string, unknown>[];
    expect(behaviours.map((b) => b.PathPattern)).toEqual(["/api/*"]);
    const api = behaviours[0] as Record<string, unknown>;
    expect(api.AllowedMethods).toEqual(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]);
    expect(api.CachePolicyId).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // Managed-CachingDisabled
    expect(api.OriginRequestPolicyId).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac"); // Managed-AllViewerExceptHostHeader
    expect(api.ViewerProtocolPolicy).toBe("https-only");
    expect(api.FunctionAssociations).toEqual([
      {
        EventType: "viewer-request",
        FunctionARN: { "Fn::GetAtt": [cfFunction("ApiViewerHeaders"), "FunctionARN"] },
      },
    ]);
    const origin = (d.Origins as Record<string, unknown>[]).find((o) => o.Id === api.TargetOriginId);
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: "https-only" });
    // The API refuses requests without this header (functions/src/http/request-context.ts).
    const custom = origin?.OriginCustomHeaders as { HeaderName: string; HeaderValue: unknown }[];
    expect(custom.map((h) => h.HeaderName)).toEqual(["x-hamdel-origin-secret"]);
    expect(render(custom[0]?.HeaderValue)).toMatch(originSecretReference);
    const domain = origin?.DomainName as { "Fn::Select": [number, { "Fn::Split": [string, unknown] }] };
    expect(domain["Fn::Select"][0]).toBe(2);
    expect(domain["Fn::Select"][1]["Fn::Split"][0]).toBe("/");
    expect(render(domain["Fn::Select"][1]["Fn::Split"][1])).toMatch(
      /^<import:prod-hamdel-Api:ExportsOutputFnGetAttApi\w+ApiEndpoint\w+>$/,
    );
  });

  it("outputs the site URL and the same-origin API URL", () => {
    const outputs = s.templates.Web.toJSON().Outputs as Record<string, { Value: unknown }>;
    const d = only(s.templates.Web, "AWS::CloudFront::Distribution").logicalId;
    expect(render(outputs.SiteUrl?.Value)).toBe(`https://<getatt:${d}.DomainName>`);
    expect(render(outputs.ApiUrl?.Value)).toBe(`https://<getatt:${d}.DomainName>/api`);
  });
});

describe("Jobs", () => {
  const sealer = () => {
    const found = s.functions.filter((f) => f.stack === s.stacks.Jobs);
    expect(found.map((f) => f.fn.getConstructMetadata().data.handler)).toEqual([
      "functions/src/lambda/elections-sealer.handler",
    ]);
    return found[0] as Synthesised["functions"][number];
  };

  it("runs the election sealer, and only it, every minute (the bucket lifecycle rule does the uploads expiry)", () => {
    const rule = only(s.templates.Jobs, "AWS::Events::Rule");
    expect(rule.Properties.ScheduleExpression).toBe("rate(1 minute)");
    expect(rule.Properties.State).toBe("ENABLED");
    const targets = rule.Properties.Targets as Array<{ Arn: unknown }>;
    expect(targets.map((t) => render(t.Arn))).toEqual([`<getatt:${sealer().logicalId}.Arn>`]);
    const cfn = resources(s.templates.Jobs, "AWS::Lambda::Function").find(
      (r) => r.logicalId === sealer().logicalId,
    );
    expect(cfn?.Properties.Architectures).toEqual(["arm64"]);
    expect(cfn?.Properties.Timeout).toBeLessThan(60);
  });

  it("gives the sealer the table and its election key only: no HAMDEL_SECRET, no bucket, no other secret", () => {
    const { fn, logicalId } = sealer();
    const cfn = resources(s.templates.Jobs, "AWS::Lambda::Function").find((r) => r.logicalId === logicalId);
    const env =
      (cfn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
    expect(render(env.HAMDEL_TABLE)).toMatch(/^<import:prod-hamdel-Storage:ExportsOutputRefTable/);
    expect(env.HAMDEL_STAGE).toBe("prod");
    expect(env.HAMDEL_BUCKET).toBeUndefined();
    expect(env.HAMDEL_ELECTION_KEY).toBeUndefined();
    expect(env.SST_Secret_value_HAMDEL_ELECTION_KEY).toBe("__FETCH_FROM_SSM__");
    expect(Object.keys(env).filter((k) => k.startsWith("SST_Secret_value_"))).toEqual([
      "SST_Secret_value_HAMDEL_ELECTION_KEY",
    ]);
    expect(fn.getConstructMetadata().data.secrets).toEqual(["HAMDEL_ELECTION_KEY"]);
  });

  it("lets the sealer read and write table items (no Scan, no Delete, no batches) and read its one secret", () => {
    const role = roleOf(s.templates.Jobs, sealer().logicalId);
    const statements = policyStatements("Jobs", s.templates.Jobs).filter((f) => f.roles.includes(role));
    const actions = statements.flatMap((f) => asList(f.statement.Action).map(String));
    expect(new Set(actions.map((a) => a.split(":")[0]))).toEqual(new Set(["dynamodb", "ssm", "xray"]));
    expect(actions.filter((a) => a.startsWith("dynamodb:")).sort()).toEqual(
      ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"].sort(),
    );
    for (const { statement } of statements) {
      const list = asList(statement.Action).map(String);
      if (list.some((a) => a.startsWith("dynamodb:"))) {
        expect(asList(statement.Resource).map(render).sort()).toEqual(
          [
            "<import:prod-hamdel-Storage:ExportsOutputFnGetAttTable710B521BArn570AFAD4>",
            "<import:prod-hamdel-Storage:ExportsOutputFnGetAttTable710B521BArn570AFAD4>/index/*",
          ].sort(),
        );
      }
      if (list.some((a) => a.startsWith("ssm:"))) {
        expect(list).toEqual(["ssm:GetParameters"]);
        // SST grants the parameter and its stage fallback: both are the election key.
        const names = asList(statement.Resource).map((r) => render(r).match(/\/Secret\/(\w+)\/value$/)?.[1]);
        expect(new Set(names)).toEqual(new Set(["HAMDEL_ELECTION_KEY"]));
      }
    }
  });
});
