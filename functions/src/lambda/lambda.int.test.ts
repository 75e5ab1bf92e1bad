/**
 * Domain Lambdas invoked the way API Gateway (HTTP API, payload 2.0) invokes them: the identity
 * handler through a whole sign-in (cookies travel in the event's `cookies` and the result's
 * `cookies`), and the geo handler, which runs without the signing secret. Then the same
 * handlers behind CloudFront: the Lambda sees API Gateway's host and CloudFront's edge IP, and
 * learns the viewer's host and IP from the headers CloudFront's function sets (infra/web.ts).
 */
import { randomBytes } from "node:crypto";
import type { APIGatewayProxyResult, LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { originSecretHeader, viewerHostHeader, viewerIpHeader } from "../http/request-context";
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
  options: {
    body?: unknown;
    cookies?: string[];
    requestId: string;
    sourceIp?: string;
    headers?: Record<string, string>;
  },
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
      ...options.headers,
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

describe("behind CloudFront", () => {
  // What CloudFront's /api/* function and origin add; the Lambda's own host is API Gateway's.
  const site = "site.example";
  const viaSite = (viewerIp: string) => ({ [viewerHostHeader]: site, [viewerIpHeader]: viewerIp });
  const otpRequest = (n: number, headers: Record<string, string>, sourceIp = "130.176.0.1") =>
    httpApiEvent("POST", "/api/identity/otp/request", {
      body: { mobile: freshMobile() },
      requestId: `gw-cf-${n}-${randomBytes(4).toString("hex")}`,
      sourceIp,
      headers,
    });

  it("accepts a write whose Origin is the site CloudFront forwarded, and no other", async () => {
    const ok = await invoke(
      identityHandler,
      otpRequest(1, { ...viaSite("192.0.2.10"), origin: `https://${site}` }),
    );
    expect(ok.statusCode).toBe(202);

    const foreign = await invoke(
      identityHandler,
      otpRequest(2, { ...viaSite("192.0.2.10"), origin: "https://evil.example" }),
    );
    expect(foreign.statusCode).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ code: "auth.csrf" });

    // Without the forwarded host the site's Origin is foreign to the API Gateway host.
    const unforwarded = await invoke(identityHandler, otpRequest(3, { origin: `https://${site}` }));
    expect(unforwarded.statusCode).toBe(403);
    expect(JSON.parse(unforwarded.body)).toMatchObject({ code: "auth.csrf" });

    // A forwarded host only ever yields an https origin of that host.
    const plainHttp = await invoke(
      identityHandler,
      otpRequest(4, { ...viaSite("192.0.2.10"), origin: `http://${site}` }),
    );
    expect(plainHttp.statusCode).toBe(403);
  });

  it("rate-limits per viewer IP, not per CloudFront edge", async () => {
    const viewer = `2001:db8:${randomBytes(2).toString("hex")}::${randomBytes(2).toString("hex")}`;
    // Each request from another edge server: the limit must still count the one viewer. Keyed
    // on the edge's address, no limit would ever be reached.
    let accepted = 0;
    let limited: Awaited<ReturnType<typeof invoke>> | undefined;
    for (let i = 0; i < 100 && !limited; i++) {
      const res = await invoke(
        identityHandler,
        otpRequest(10 + i, viaSite(viewer), `130.176.${1 + (i >> 8)}.${i % 250}`),
      );
      if (res.statusCode === 429) limited = res;
      else {
        expect(res.statusCode, `request ${i + 1}`).toBe(202);
        accepted += 1;
      }
    }
    expect(accepted).toBeGreaterThan(1);
    expect(limited?.statusCode).toBe(429);
    expect(JSON.parse(limited?.body ?? "{}")).toMatchObject({ code: "identity.rate_limited" });

    // Another viewer through the very edge that was just refused is not limited.
    const other = await invoke(identityHandler, otpRequest(100, viaSite("192.0.2.200"), "130.176.2.1"));
    expect(other.statusCode).toBe(202);
  });

  it("refuses every request without the origin secret once one is configured", async () => {
    const configured = "origin-secret-for-tests-0123456789abcdefghijkl";
    const before = process.env.HAMDEL_ORIGIN_SECRET;
    process.env.HAMDEL_ORIGIN_SECRET = configured;
    try {
      const districts = (headers: Record<string, string>) =>
        invoke(geoHandler, httpApiEvent("GET", "/api/geo/districts", { requestId: "gw-cf-geo-01", headers }));
      const direct = await districts(viaSite("192.0.2.10"));
      expect(direct.statusCode).toBe(403);
      expect(JSON.parse(direct.body)).toMatchObject({
        code: "http.not_through_site",
        requestId: "gw-cf-geo-01",
      });
      expect((await districts({ [originSecretHeader]: "guess" })).statusCode).toBe(403);
      expect((await districts({ [originSecretHeader]: configured })).statusCode).toBe(200);

      // A direct write naming a spoofed viewer IP is refused before it reaches core.
      const spoofed = await invoke(identityHandler, otpRequest(200, viaSite("192.0.2.99")));
      expect(spoofed.statusCode).toBe(403);
      expect(JSON.parse(spoofed.body)).toMatchObject({ code: "http.not_through_site" });
      const through = await invoke(
        identityHandler,
        otpRequest(201, { ...viaSite("192.0.2.99"), [originSecretHeader]: configured }),
      );
      expect(through.statusCode).toBe(202);
    } finally {
      if (before === undefined) delete process.env.HAMDEL_ORIGIN_SECRET;
      else process.env.HAMDEL_ORIGIN_SECRET = before;
    }
  });
});
