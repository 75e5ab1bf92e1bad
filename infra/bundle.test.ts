/**
 * The functions as `sst deploy` would ship them: each one bundled by SST's own Node builder
 * (esbuild, ESM, the handler path from the stack), then the public ones invoked with an
 * API Gateway v2 event. This is the step synthesis skips (see test/synth.ts); running it here
 * proves the handler paths resolve, the code bundles for Lambda, and a bundle answers.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { useRuntimeHandlers } from "sst/runtime/handlers.js";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, resources, type Synthesised, synth } from "./test/synth";

let s: Synthesised;
const bundles = new Map<string, string>();

beforeAll(async () => {
  s = await synth("prod");
  const cwd = process.cwd();
  process.chdir(repoRoot); // handlers are resolved from the app's root, as under the SST CLI
  try {
    await Promise.all(
      s.functions.map(async ({ fn }) => {
        const result = await useRuntimeHandlers().build(fn.node.addr, "deploy");
        if (result.type === "error") throw new Error(`${fn.node.id}: ${result.errors.join("\n")}`);
        const [file, exported] = [result.handler.replace(/\.[^.]+$/, ""), result.handler.split(".").pop()];
        expect(exported).toBe("handler");
        bundles.set(fn.node.id, path.join(result.out, `${file}.mjs`));
      }),
    );
  } finally {
    process.chdir(cwd);
  }
}, 180_000);

function apiEvent(method: string, rawPath: string, headers: Record<string, string> = {}, cookies?: string[]) {
  return {
    version: "2.0",
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: "",
    headers: { host: "abc123.execute-api.me-central-1.amazonaws.com", ...headers },
    ...(cookies ? { cookies } : {}),
    requestContext: {
      http: { method, path: rawPath, sourceIp: "203.0.113.7", protocol: "HTTP/1.1", userAgent: "vitest" },
      requestId: "bundle-test-0001",
      domainName: "abc123.execute-api.me-central-1.amazonaws.com",
      stage: "$default",
    },
    isBase64Encoded: false,
  };
}

const execFileAsync = promisify(execFile);

/**
 * Invokes a bundle in a plain Node process (as Lambda's runtime would load it, not through
 * vitest's module loader), with only the environment the stack gives every function.
 */
async function invoke(
  id: string,
  events: unknown[],
  extraEnv: Record<string, string> = {},
): Promise<{ statusCode: number; body: string }[]> {
  const file = bundles.get(id);
  if (!file) throw new Error(`no bundle for ${id}`);
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
const out = [];
for (const event of ${JSON.stringify(events)}) out.push(await handler(event, {}));
process.stdout.write("@@result@@" + JSON.stringify(out));`;
  const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", script], {
    env: {
      PATH: process.env.PATH,
      HAMDEL_STAGE: "prod",
      HAMDEL_TABLE: "prod-hamdel-Table",
      HAMDEL_BUCKET: "uploads",
      ...extraEnv,
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.slice(stdout.lastIndexOf("@@result@@") + "@@result@@".length));
}

describe("deployable bundles", () => {
  it("bundles every domain function as an ES module exporting `handler`", () => {
    expect([...bundles.keys()].sort()).toEqual(
      ["Elections", "Festival", "Geo", "Identity", "Job_ElectionSealer", "Judging", "Meta", "Uploads"].sort(),
    );
  });

  it("meta's bundle answers /api/health and serves the OpenAPI document", async () => {
    const [health, openapi] = await invoke("Meta", [
      apiEvent("GET", "/api/health"),
      apiEvent("GET", "/api/openapi.json"),
    ]);
    expect(health?.statusCode).toBe(200);
    expect(JSON.parse(health?.body ?? "")).toEqual({ ok: true });
    expect(openapi?.statusCode).toBe(200);
    expect(JSON.parse(openapi?.body ?? "").openapi).toMatch(/^3\.1/);
  });

  it("geo's bundle lists the 22 districts without touching any store", async () => {
    const [res] = await invoke("Geo", [apiEvent("GET", "/api/geo/districts")]);
    expect(res?.statusCode).toBe(200);
    expect(JSON.parse(res?.body ?? "").items).toHaveLength(22);
  });
});

/**
 * A stand-in for SSM's GetParameters (JSON 1.1 protocol) that the bundled SDK reaches through
 * AWS_ENDPOINT_URL_SSM: it answers from `values` by parameter name and records what was asked.
 */
async function fakeSsm(values: Record<string, string>) {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const { Names } = JSON.parse(body) as { Names: string[] };
      asked.push(...Names);
      res.setHeader("content-type", "application/x-amz-json-1.1");
      res.end(
        JSON.stringify({
          Parameters: Names.filter((n) => n in values).map((n) => ({
            Name: n,
            Type: "SecureString",
            Value: values[n],
          })),
          InvalidParameters: Names.filter((n) => !(n in values)),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, asked, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("bound secrets in a deployed bundle", () => {
  /** The function's environment from the template: SST's own variables, as Lambda will set them. */
  function sstEnvironmentOf(id: string): Record<string, string> {
    const { logicalId } = s.functions.find((f) => f.fn.node.id === id) ?? {};
    const fn = resources(s.templates.Api, "AWS::Lambda::Function").find((r) => r.logicalId === logicalId);
    const vars =
      (fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    return Object.fromEntries(
      Object.entries(vars).filter(
        (e): e is [string, string] => e[0].startsWith("SST_") && typeof e[1] === "string",
      ),
    );
  }

  it("identity fetches its three secrets from SSM at cold start and signs with HAMDEL_SECRET", async () => {
    const env = sstEnvironmentOf("Identity");
    expect(env.SST_Secret_value_HAMDEL_SECRET).toBe("__FETCH_FROM_SSM__");
    const prefix = env.SST_SSM_PREFIX as string;
    const ssm = await fakeSsm({
      [`${prefix}Secret/HAMDEL_SECRET/value`]: "bundle-test-secret-0123456789abcdef0123456789",
      [`${prefix}Secret/HAMDEL_SMS_API_KEY/value`]: "kavenegar-key",
      [`${prefix}Secret/HAMDEL_SMS_SENDER/value`]: "10004346",
    });
    try {
      const awsEnv = {
        ...env,
        AWS_REGION: "me-central-1",
        AWS_ACCESS_KEY_ID: "AKIDBUNDLETEST",
        AWS_SECRET_ACCESS_KEY: "bundle-test",
        AWS_ENDPOINT_URL_SSM: ssm.url,
      };
      // A session cookie with a wrong signature is checked against HAMDEL_SECRET before any
      // table read: 401 proves the secret arrived (without it the function answers 500).
      const [me] = await invoke(
        "Identity",
        [apiEvent("GET", "/api/identity/me", {}, ["hamdel_session=forged.c2lnbmF0dXJl"])],
        awsEnv,
      );
      expect(me?.statusCode, me?.body).toBe(401);
      expect(JSON.parse(me?.body ?? "").code).toBe("auth.required");
      expect([...ssm.asked].sort()).toEqual(
        ["HAMDEL_SECRET", "HAMDEL_SMS_API_KEY", "HAMDEL_SMS_SENDER"].map((n) => `${prefix}Secret/${n}/value`),
      );

      const [withoutSecrets] = await invoke("Identity", [
        apiEvent("GET", "/api/identity/me", {}, ["hamdel_session=forged.c2lnbmF0dXJl"]),
      ]);
      expect(withoutSecrets?.statusCode).toBe(500);
    } finally {
      await ssm.close();
    }
  });

  it("refuses requests without the origin secret when one is configured", async () => {
    const origin = { HAMDEL_ORIGIN_SECRET: "origin-secret-0123456789abcdefghijklmnopqrstuv" };
    const [direct, forged, viaCloudFront] = await invoke(
      "Geo",
      [
        apiEvent("GET", "/api/geo/districts"),
        apiEvent("GET", "/api/geo/districts", { "x-hamdel-origin-secret": "guess" }),
        apiEvent("GET", "/api/geo/districts", { "x-hamdel-origin-secret": origin.HAMDEL_ORIGIN_SECRET }),
      ],
      origin,
    );
    expect(direct?.statusCode).toBe(403);
    expect(JSON.parse(direct?.body ?? "").code).toBe("http.not_through_site");
    expect(forged?.statusCode).toBe(403);
    expect(viaCloudFront?.statusCode).toBe(200);
  });
});
