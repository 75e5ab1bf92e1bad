/**
 * The API's self-description: the OpenAPI 3.1 document lists exactly the deployed routes, its
 * schemas are valid JSON Schema 2020-12, and real answers validate against them (the document
 * is generated from the schemas that validate requests, so this checks the responses too).
 */
import { Ajv2020 } from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { Agent, signInCitizen } from "../testing/agent";

type Json = Record<string, unknown>;
const methods = ["get", "post", "put", "patch", "delete"];

async function fetchDocument(): Promise<Json> {
  const res = await app.request("/api/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  return (await res.json()) as Json;
}

/** The app's routes as "METHOD /path/{param}", middleware and local-only dev routes left out. */
function deployedRoutes(): string[] {
  return app.routes
    .filter((r) => r.method !== "ALL" && !r.path.startsWith("/api/dev/"))
    .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, "{$1}")}`);
}

function documentedRoutes(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    methods.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`),
  );
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** An Ajv that knows the document's components, so `$ref`s to them resolve. */
function validatorFor(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const rewritten = JSON.parse(
    JSON.stringify(doc.components).replaceAll('"#/components/', '"doc#/components/'),
  );
  ajv.addSchema({ $id: "doc", components: rewritten });
  return (schema: unknown) =>
    ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Json);
}

function responseSchema(
  doc: Json,
  path: string,
  method: string,
  status: string,
  mediaType = "application/json",
) {
  const op = (doc.paths as Record<string, Record<string, Json>>)[path]?.[method];
  const response = (op?.responses as Record<string, Json> | undefined)?.[status];
  const content = response?.content as Record<string, { schema: unknown }> | undefined;
  const schema = content?.[mediaType]?.schema;
  if (!schema) throw new Error(`no ${status} ${mediaType} schema for ${method} ${path}`);
  return schema;
}

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document with every deployed route and no route that does not exist", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: "Hamdel API", version: expect.any(String) });
    const routes = deployedRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(documentedRoutes(doc).sort()).toEqual([...new Set(routes)].sort());
  });

  it("has responses and a tag for every operation, and every $ref resolves", async () => {
    const doc = await fetchDocument();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const m of methods.filter((x) => x in item)) {
        const op = item[m] as Json;
        expect(Object.keys(op.responses as Json).length, `${m} ${path}`).toBeGreaterThan(0);
        expect(op.tags, `${m} ${path}`).toHaveLength(1);
      }
    }
    const schemas = (doc.components as { schemas: Json }).schemas;
    for (const ref of refsIn(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas, ref).toHaveProperty(ref.split("/").at(-1) as string);
    }
    expect(schemas).toHaveProperty("Problem");
    expect(schemas).toHaveProperty("Me");
  });

  it("has schemas that are valid JSON Schema 2020-12", async () => {
    const doc = await fetchDocument();
    const compile = validatorFor(doc);
    let compiled = 0;
    for (const item of Object.values(doc.paths as Record<string, Record<string, Json>>)) {
      for (const op of Object.values(item)) {
        const contents = [
          (op.requestBody as Json | undefined)?.content,
          ...Object.values((op.responses as Record<string, Json>) ?? {}).map((r) => r.content),
        ];
        for (const content of contents) {
          for (const media of Object.values((content as Record<string, { schema?: unknown }>) ?? {})) {
            if (media.schema) {
              compile(media.schema);
              compiled += 1;
            }
          }
        }
      }
    }
    expect(compiled).toBeGreaterThan(40);
  });

  it("describes what the routes really answer", async () => {
    const doc = await fetchDocument();
    const compile = validatorFor(doc);

    const districts = await app.request("/api/geo/districts");
    const validDistricts = compile(responseSchema(doc, "/api/geo/districts", "get", "200"));
    expect(validDistricts(await districts.json()), JSON.stringify(validDistricts.errors)).toBe(true);

    const citizen = new Agent(app);
    await signInCitizen(citizen);
    const me = await citizen.call("GET", "/api/identity/me");
    const validMe = compile(responseSchema(doc, "/api/identity/me", "get", "200"));
    expect(validMe(await me.json()), JSON.stringify(validMe.errors)).toBe(true);

    const sessions = await citizen.call("GET", "/api/identity/sessions");
    const validSessions = compile(responseSchema(doc, "/api/identity/sessions", "get", "200"));
    expect(validSessions(await sessions.json()), JSON.stringify(validSessions.errors)).toBe(true);

    const invalid = await citizen.call("PUT", "/api/identity/me/profile", { body: { firstName: "" } });
    expect(invalid.status).toBe(422);
    const validProblem = compile(
      responseSchema(doc, "/api/identity/me/profile", "put", "422", "application/problem+json"),
    );
    expect(validProblem(await invalid.json()), JSON.stringify(validProblem.errors)).toBe(true);
  });
});

describe("GET /api/docs", () => {
  it("is a self-contained HTML reference listing every documented operation", async () => {
    const res = await app.request("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).not.toMatch(/<script|https?:\/\/(?!hamdel)[^"']*\.(js|css)/);
    const doc = await fetchDocument();
    for (const route of documentedRoutes(doc)) {
      const [method, path] = route.split(" ") as [string, string];
      expect(page, route).toContain(`id="${method.toLowerCase()}-${path}"`);
    }
    expect(page).toContain("Problem");
  });

  it("answers the health check", async () => {
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
