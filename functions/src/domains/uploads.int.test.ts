/**
 * /api/uploads through the composed app (app.request) with real sign-in, DynamoDB Local and
 * the S3 emulator: the browser's whole path (ticket → PUT to S3 → finalise → read), the
 * problem+json answers, ownership, and CSRF on the writes.
 */
import type { LambdaEvent } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { handler } from "../lambda/uploads";
import { Agent, signInCitizen } from "../testing/agent";
import { readProblem } from "../testing/problem";

/** A 1×1 PNG, as a browser would send it. */
const png = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

interface Ticket {
  uploadId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

async function signedIn(): Promise<Agent> {
  const agent = new Agent(app);
  await signInCitizen(agent);
  return agent;
}

async function ticketFor(agent: Agent, body: Record<string, unknown>): Promise<Ticket> {
  const res = await agent.call("POST", "/api/uploads", { body });
  expect(res.status).toBe(201);
  return (await res.json()) as Ticket;
}

describe("uploads through the API", () => {
  it("tickets, uploads to S3, finalises by the bytes and reads back, for the owner only", async () => {
    const owner = await signedIn();
    const ticket = await ticketFor(owner, {
      purpose: "profile-photo",
      fileName: "من.png",
      contentType: "image/png",
      size: png.length,
    });
    expect(ticket.method).toBe("PUT");

    const put = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body: png });
    expect(put.status).toBe(200);

    const finalised = await owner.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(finalised.status).toBe(200);
    expect(await finalised.json()).toMatchObject({
      id: ticket.uploadId,
      status: "ready",
      contentType: "image/png",
      size: png.length,
    });

    const read = await owner.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(read.status).toBe(200);
    const view = (await read.json()) as { downloadUrl: string; fileName: string };
    expect(view.fileName).toBe("من.png");
    const download = await fetch(view.downloadUrl);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);

    const stranger = await signedIn();
    const peek = await stranger.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(peek.status).toBe(404);
    expect((await readProblem(peek)).code).toBe("upload.not_found");
    const steal = await stranger.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(steal.status).toBe(404);
    expect((await readProblem(steal)).code).toBe("upload.not_found");

    const anonymous = new Agent(app);
    const anon = await anonymous.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(anon.status).toBe(401);
    expect((await readProblem(anon)).code).toBe("auth.required");
  });

  it("rejects a renamed text file with 422 upload.type_not_allowed and a Persian message", async () => {
    const owner = await signedIn();
    const text = new TextEncoder().encode("not a picture at all");
    const ticket = await ticketFor(owner, {
      purpose: "artwork",
      fileName: "art.png",
      contentType: "image/png",
      size: text.length,
    });
    expect((await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: text })).status).toBe(
      200,
    );

    const res = await owner.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(res.status).toBe(422);
    const body = await readProblem(res);
    expect(body.code).toBe("upload.type_not_allowed");
    expect(body.messageFa).toMatch(/[\u0600-\u06FF]/);
    const after = await owner.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(await after.json()).toMatchObject({ status: "rejected", downloadUrl: null });
  });

  it("answers 409 before the bytes arrive, 422 for bad or disallowed input, 401 when anonymous", async () => {
    const owner = await signedIn();
    const ticket = await ticketFor(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    const early = await owner.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(early.status).toBe(409);
    expect((await readProblem(early)).code).toBe("upload.not_uploaded");

    const invalid = await owner.call("POST", "/api/uploads", {
      body: { purpose: "selfie", fileName: "a.png", size: -1 },
    });
    expect(invalid.status).toBe(422);
    const fields = (await readProblem(invalid)).fields?.map((f) => f.path).sort();
    expect(fields).toEqual(["contentType", "purpose", "size"]);

    const pdfAsArt = await owner.call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "a.pdf", contentType: "application/pdf", size: 100 },
    });
    expect(pdfAsArt.status).toBe(422);
    expect((await readProblem(pdfAsArt)).code).toBe("upload.type_not_allowed");

    const tooBig = await owner.call("POST", "/api/uploads", {
      body: {
        purpose: "document",
        fileName: "a.pdf",
        contentType: "application/pdf",
        size: 20 * 1024 * 1024 + 1,
      },
    });
    expect((await readProblem(tooBig)).code).toBe("upload.too_large");

    const anonymous = await new Agent(app).call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: 10 },
    });
    expect(anonymous.status).toBe(401);
  });

  it("refuses cookie-authenticated writes without the CSRF token", async () => {
    const owner = await signedIn();
    const res = await owner.call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: 10 },
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect((await readProblem(res)).code).toBe("auth.csrf");
  });
});

/** An API Gateway (HTTP API, payload v2) event, as the uploads route would deliver it. */
function gatewayEvent(
  method: string,
  path: string,
  options: { body?: unknown; cookies?: string[]; csrf?: string },
) {
  const event = {
    version: "2.0",
    routeKey: "ANY /api/uploads/{proxy+}",
    rawPath: path,
    rawQueryString: "",
    cookies: options.cookies ?? [],
    headers: {
      host: "api.hamdel.test",
      "content-type": "application/json",
      ...(options.csrf ? { "x-csrf-token": options.csrf } : {}),
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      authentication: null,
      authorizer: {},
      domainName: "api.hamdel.test",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "lambda-test" },
      requestId: "gateway-request-0001",
      routeKey: "ANY /api/uploads/{proxy+}",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
  return event as unknown as LambdaEvent;
}

describe("the uploads Lambda", () => {
  it("answers an API Gateway v2 event with the same shell: 401 anonymous, 201 with a session", async () => {
    const body = { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: png.length };
    const anonymous = await handler(gatewayEvent("POST", "/api/uploads", { body }));
    expect(anonymous.statusCode).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({
      code: "auth.required",
      requestId: "gateway-request-0001",
    });

    const owner = await signedIn();
    const cookies = [...owner.cookies].map(([k, v]) => `${k}=${v}`);
    const created = await handler(
      gatewayEvent("POST", "/api/uploads", {
        body,
        cookies,
        csrf: owner.cookies.get("hamdel_csrf") ?? "",
      }),
    );
    expect(created.statusCode).toBe(201);
    const ticket = JSON.parse(created.body) as Ticket;
    expect(ticket.method).toBe("PUT");
    // The same upload is visible through the composed app: one table, one bucket.
    const viaApp = await owner.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(await viaApp.json()).toMatchObject({ id: ticket.uploadId, status: "pending" });
  });
});

describe("uploads in the API document", () => {
  it("describes the three routes with core's schemas", async () => {
    const res = await app.request("/api/openapi.json");
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths["/api/uploads"] ?? {})).toContain("post");
    expect(Object.keys(doc.paths["/api/uploads/{id}/finalise"] ?? {})).toContain("post");
    expect(Object.keys(doc.paths["/api/uploads/{id}"] ?? {})).toContain("get");
    expect(doc.components.schemas).toHaveProperty("UploadTicket");
    expect(doc.components.schemas).toHaveProperty("Upload");
  });
});
