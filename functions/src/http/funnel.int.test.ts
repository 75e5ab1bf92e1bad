/**
 * The error funnel and the common middleware, exercised through the real shell (apiApp) with a
 * small route set that fails in each way the funnel must handle. Domain routes' own failures
 * are covered by api.int.test.ts through the composed app.
 */
import { DomainError, errors } from "@hamdel/core";
import { createRoute, z } from "@hono/zod-openapi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readProblem } from "../testing/problem";
import { apiApp } from "./api-app";
import { clearSessionCookies, setSessionCookies } from "./cookies";
import { domainApp, json, jsonBody } from "./openapi";

const echo = createRoute({
  method: "post",
  path: "/echo",
  request: { body: jsonBody(z.object({ name: z.string().min(2, { error: "نام کوتاه است." }) })) },
  responses: { 200: json(z.object({ name: z.string() }), "echo") },
});

const probe = domainApp()
  .openapi(echo, (c) => c.json(c.req.valid("json"), 200))
  .get("/limited", () => {
    throw new DomainError("probe.too_many", "rate_limited", "کمی صبر کنید.", { retryAfter: 42.2 });
  })
  .get("/limited-without-hint", () => {
    throw new DomainError("probe.too_many", "rate_limited", "کمی صبر کنید.");
  })
  .get("/conflict", () => {
    throw new DomainError("probe.conflict", "conflict", "وضعیت اجازه نمی‌دهد.", { detail: "Already done." });
  })
  .get("/forbidden", () => {
    throw errors.forbidden();
  })
  .get("/cookies", async (c) => {
    await setSessionCookies(c, {
      token: "t".repeat(43),
      csrfToken: "csrf-token",
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    return c.body(null, 204);
  })
  .get("/no-cookies", (c) => {
    clearSessionCookies(c);
    return c.body(null, 204);
  })
  .get("/boom", () => {
    throw new TypeError("secret-ish internal detail");
  });

const app = apiApp().route("/t", probe);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("error funnel", () => {
  it("answers schema failures with 422 input.invalid, the failing fields and a Persian message", async () => {
    const res = await app.request("/t/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(res.status).toBe(422);
    const p = await readProblem(res);
    expect(p).toMatchObject({
      type: "https://hamdel.tehran.ir/problems/input.invalid",
      status: 422,
      code: "input.invalid",
      fields: [{ path: "name", message: "نام کوتاه است." }],
    });
    expect(p.messageFa).toMatch(/[\u0600-\u06FF]/);
    expect(p.title).toBeTypeOf("string");
    expect(p.detail).toBeTypeOf("string");
    expect(p.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("answers a body that is not JSON with 400 input.malformed_json", async () => {
    const res = await app.request("/t/echo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"name": "ab"',
    });
    expect(res.status).toBe(400);
    expect(await readProblem(res)).toMatchObject({ code: "input.malformed_json", status: 400 });
  });

  it("answers a non-JSON content type with 415", async () => {
    const res = await app.request("/t/echo", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "name=ab",
    });
    expect(res.status).toBe(415);
    expect(await readProblem(res)).toMatchObject({ code: "input.unsupported_media_type" });
  });

  it("answers unknown routes with a 404 problem", async () => {
    const res = await app.request("/t/nowhere");
    expect(res.status).toBe(404);
    expect(await readProblem(res)).toMatchObject({ code: "http.not_found", status: 404 });
  });

  it("maps DomainError kinds to statuses and carries Retry-After for rate limits", async () => {
    const limited = await app.request("/t/limited");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("43");
    expect(await readProblem(limited)).toMatchObject({ code: "probe.too_many", messageFa: "کمی صبر کنید." });

    const noHint = await app.request("/t/limited-without-hint");
    expect(noHint.status).toBe(429);
    expect(Number(noHint.headers.get("retry-after"))).toBeGreaterThan(0);

    const conflict = await app.request("/t/conflict");
    expect(conflict.status).toBe(409);
    expect(await readProblem(conflict)).toMatchObject({ code: "probe.conflict", detail: "Already done." });

    const forbidden = await app.request("/t/forbidden");
    expect(forbidden.status).toBe(403);
    expect(await readProblem(forbidden)).toMatchObject({ code: "auth.forbidden" });
  });

  it("answers unexpected errors with 500 internal, logs them with the request id and nothing of the request", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    const res = await app.request("/t/boom?mobile=09121234567", {
      headers: { "x-request-id": "req-test-12345", cookie: "hamdel_csrf=abc" },
    });
    expect(res.status).toBe(500);
    const p = await readProblem(res);
    expect(p).toMatchObject({ code: "internal", status: 500, requestId: "req-test-12345" });
    expect(JSON.stringify(p)).not.toContain("secret-ish");
    const entry = logged
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === "unhandled error");
    expect(entry).toMatchObject({
      level: "error",
      requestId: "req-test-12345",
      route: "/t/boom",
      error: "TypeError",
    });
    expect(logged.join("\n")).not.toContain("09121234567");
  });
});

describe("common middleware", () => {
  it("echoes a well-formed x-request-id and makes one up otherwise", async () => {
    const given = await app.request("/t/forbidden", { headers: { "x-request-id": "abc-123-def-456" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123-def-456");
    const forged = await app.request("/t/forbidden", { headers: { "x-request-id": "bad id <script>" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes one access-log line per request with the route pattern and no query string or IP", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    await app.request("/t/nowhere?mobile=09121234567", { headers: { "x-forwarded-for": "203.0.113.9" } });
    await app.request("/t/echo", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
      body: JSON.stringify({ name: "نام محرمانه" }),
    });
    const entries = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "request");
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ method: "POST", route: "/t/echo", status: 200 });
    expect(entries[1]?.ms).toBeTypeOf("number");
    const all = lines.join("\n");
    expect(all).not.toContain("09121234567");
    expect(all).not.toContain("203.0.113.9");
    expect(all).not.toContain("نام محرمانه");
  });

  it("sets security headers and no-store on API answers", async () => {
    const res = await app.request("/t/forbidden");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});

describe("session cookies", () => {
  afterEach(() => {
    process.env.HAMDEL_STAGE = "local";
  });

  it("are HttpOnly (session only), SameSite=Lax, signed and live as long as the session", async () => {
    const res = await app.request("/t/cookies");
    const [session, csrf] = res.headers.getSetCookie();
    expect(session).toMatch(/^hamdel_session=t{43}\.[^;]+;/);
    expect(session).toMatch(/Max-Age=(3599|3600);/);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    expect(csrf).toMatch(/^hamdel_csrf=csrf-token;/);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it("are Secure with the __Host- prefix outside the local stage", async () => {
    process.env.HAMDEL_STAGE = "prod";
    const res = await app.request("https://api.example/t/cookies");
    const [session, csrf] = res.headers.getSetCookie();
    expect(session).toMatch(/^__Host-hamdel_session=/);
    expect(session).toMatch(/Path=\//);
    expect(session).toMatch(/Secure/);
    expect(session).not.toMatch(/Domain=/);
    expect(csrf).toMatch(/^hamdel_csrf=.*Secure/);
    const cleared = await app.request("https://api.example/t/no-cookies");
    expect(cleared.headers.getSetCookie().every((c) => /Max-Age=0/.test(c))).toBe(true);
    expect(cleared.headers.getSetCookie()[0]).toMatch(/^__Host-hamdel_session=;/);
  });

  it("ignore and clear a session cookie that is forged or not signed at all", async () => {
    for (const value of [
      `${"t".repeat(43)}.${"A".repeat(43)}%3D`,
      `${"t".repeat(43)}.forged`,
      "t".repeat(43),
    ]) {
      const res = await app.request("/t/forbidden", { headers: { cookie: `hamdel_session=${value}` } });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "auth.forbidden" });
      expect(res.headers.getSetCookie().some((c) => /^hamdel_session=;.*Max-Age=0/.test(c))).toBe(true);
    }
  });
});
