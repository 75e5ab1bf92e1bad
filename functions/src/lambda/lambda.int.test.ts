/**
 * Domain Lambdas invoked the way API Gateway (HTTP API, payload 2.0) invokes them: the identity
 * handler through a whole sign-in (cookies travel in the event's `cookies` and the result's
 * `cookies`), and the geo handler, which runs without the signing secret.
 */
import type { APIGatewayProxyResult, LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { Agent, codeFromOutbox, freshMobile } from "../testing/agent";
import { handler as geoHandler } from "./geo";
import { handler as identityHandler } from "./identity";

const lambdaContext = {
  functionName: "hamdel-identity",
  awsRequestId: "aws-req-1",
  getRemainingTimeInMillis: () => 10_000,
} as unknown as LambdaContext;

function httpApiEvent(
  method: string,
  path: string,
  options: { body?: unknown; cookies?: string[]; requestId: string; sourceIp?: string },
): LambdaEvent {
  const body = options.body === undefined ? null : JSON.stringify(options.body);
  return {
    version: "2.0",
    routeKey: `ANY ${path.split("/").slice(0, 3).join("/")}/{proxy+}`,
    rawPath: path,
    rawQueryString: "",
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      host: "api.hamdel.example",
      "user-agent": "Mozilla/5.0 (test)",
      "x-forwarded-for": "203.0.113.7",
      "x-forwarded-proto": "https",
      ...(body
        ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
        : {}),
    },
    requestContext: {
      accountId: "123456789012",
      apiId: "api1",
      authentication: null,
      authorizer: {} as never,
      domainName: "api.hamdel.example",
      domainPrefix: "api",
      http: {
        method,
        path,
        protocol: "HTTP/1.1",
        sourceIp: options.sourceIp ?? "203.0.113.7",
        userAgent: "Mozilla/5.0 (test)",
      },
      requestId: options.requestId,
      routeKey: "ANY /api/identity/{proxy+}",
      stage: "$default",
      time: "22/Nov/2026:00:00:00 +0000",
      timeEpoch: Date.now(),
    },
    body,
    isBase64Encoded: false,
  };
}

async function invoke(h: typeof identityHandler, event: LambdaEvent) {
  return (await h(event, lambdaContext)) as APIGatewayProxyResult & { cookies?: string[] };
}

describe("identity Lambda", () => {
  it("signs a citizen in from API Gateway v2 events and reads /me with the returned cookies", async () => {
    const mobile = freshMobile();
    const requested = await invoke(
      identityHandler,
      httpApiEvent("POST", "/api/identity/otp/request", { body: { mobile }, requestId: "gw-req-0001" }),
    );
    expect(requested.statusCode).toBe(202);
    expect(requested.headers?.["x-request-id"]).toBe("gw-req-0001");
    const { challengeId } = JSON.parse(requested.body) as { challengeId: string };

    // The code is read from the local outbox (the Lambda in the local stage writes there too).
    const code = await codeFromOutbox(new Agent(app), mobile);
    const verified = await invoke(
      identityHandler,
      httpApiEvent("POST", "/api/identity/otp/verify", {
        body: { challengeId, code },
        requestId: "gw-req-0002",
      }),
    );
    expect(verified.statusCode).toBe(200);
    const cookies = (verified.cookies ?? []).map((c) => c.split(";")[0] as string);
    expect(cookies.some((c) => c.startsWith("hamdel_session="))).toBe(true);
    expect(cookies.some((c) => c.startsWith("hamdel_csrf="))).toBe(true);

    const me = await invoke(
      identityHandler,
      httpApiEvent("GET", "/api/identity/me", { cookies, requestId: "gw-req-0003" }),
    );
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({
      kind: "citizen",
      mobile: `${mobile.slice(0, 4)}***${mobile.slice(-4)}`,
    });
  });

  it("answers problem+json with the gateway's request id", async () => {
    const res = await invoke(
      identityHandler,
      httpApiEvent("GET", "/api/identity/me", { requestId: "gw-req-0004" }),
    );
    expect(res.statusCode).toBe(401);
    expect(res.headers?.["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(res.body)).toMatchObject({ code: "auth.required", requestId: "gw-req-0004" });
  });
});

describe("geo Lambda", () => {
  it("serves districts without the signing secret, even when the browser sends cookies", async () => {
    const secret = process.env.HAMDEL_SECRET;
    delete process.env.HAMDEL_SECRET;
    try {
      const res = await invoke(
        geoHandler,
        httpApiEvent("GET", "/api/geo/districts", {
          cookies: ["hamdel_session=whatever.sig"],
          requestId: "gw-req-0005",
        }),
      );
      expect(res.statusCode).toBe(200);
      const { items } = JSON.parse(res.body) as { items: { id: string }[] };
      expect(items.map((d) => d.id)).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1)));
    } finally {
      process.env.HAMDEL_SECRET = secret;
    }
  });
});
