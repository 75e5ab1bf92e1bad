/**
 * The functions as `sst deploy` would ship them: each one bundled by SST's own Node builder
 * (esbuild, ESM, the handler path from the stack), then the public ones invoked with an
 * API Gateway v2 event. This is the step synthesis skips (see test/synth.ts); running it here
 * proves the handler paths resolve, the code bundles for Lambda, and a bundle answers.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { useRuntimeHandlers } from "sst/runtime/handlers.js";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, type Synthesised, synth } from "./test/synth";

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

function apiEvent(method: string, rawPath: string) {
  return {
    version: "2.0",
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: "",
    headers: { host: "abc123.execute-api.me-central-1.amazonaws.com" },
    requestContext: {
      http: { method, path: rawPath, sourceIp: "203.0.113.7", protocol: "HTTP/1.1", userAgent: "vitest" },
      requestId: "bundle-test-0001",
      domainName: "abc123.execute-api.me-central-1.amazonaws.com",
      stage: "$default",
    },
    isBase64Encoded: false,
  };
}

/**
 * Invokes a bundle in a plain Node process (as Lambda's runtime would load it, not through
 * vitest's module loader), with only the environment the stack gives every function.
 */
async function invoke(id: string, events: unknown[]): Promise<{ statusCode: number; body: string }[]> {
  const file = bundles.get(id);
  if (!file) throw new Error(`no bundle for ${id}`);
  const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
const out = [];
for (const event of ${JSON.stringify(events)}) out.push(await handler(event, {}));
process.stdout.write("@@result@@" + JSON.stringify(out));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    env: {
      PATH: process.env.PATH,
      HAMDEL_STAGE: "prod",
      HAMDEL_TABLE: "prod-hamdel-Table",
      HAMDEL_BUCKET: "uploads",
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.slice(stdout.lastIndexOf("@@result@@") + "@@result@@".length));
}

describe("deployable bundles", () => {
  it("bundles every domain function as an ES module exporting `handler`", () => {
    expect([...bundles.keys()].sort()).toEqual(["Geo", "Identity", "Meta", "Uploads"]);
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
