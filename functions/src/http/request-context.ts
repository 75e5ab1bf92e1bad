/**
 * First middleware of every app: who asked (request id, client IP) and one access-log line
 * per request. The log holds the route *pattern* (`/api/identity/sessions/:id`), never the
 * concrete path or query string (they can carry tokens or personal data), and never the IP.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { AppEnv } from "../env";
import { logEvent } from "./log";

/** What the runtimes put in `c.env`: hono/aws-lambda passes the event's requestContext, @hono/node-server the socket. */
interface RuntimeBindings {
  requestContext?: { requestId?: string; http?: { sourceIp?: string } };
  incoming?: { socket?: { remoteAddress?: string } };
}

function bindings(c: Context): RuntimeBindings {
  return (c.env ?? {}) as RuntimeBindings;
}

// A client-supplied id is echoed and logged, so only a conservative alphabet is accepted.
const acceptableRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(c: Context): string {
  const gatewayId = bindings(c).requestContext?.requestId;
  if (gatewayId) return gatewayId;
  const incoming = c.req.header("x-request-id");
  if (incoming && acceptableRequestId.test(incoming)) return incoming;
  return crypto.randomUUID();
}

/**
 * The caller's IP, for rate limits only. In AWS the API Gateway's `sourceIp` is authoritative
 * (clients cannot forge it), so x-forwarded-for is consulted only when there is no gateway: the
 * embedded default behind a local proxy, and tests that simulate distinct callers. The last
 * x-forwarded-for entry is the one added by the nearest proxy.
 */
export function clientIpOf(c: Context): string {
  const b = bindings(c);
  const gatewayIp = b.requestContext?.http?.sourceIp;
  if (gatewayIp) return gatewayIp;
  const forwarded = c.req
    .header("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  if (forwarded) return forwarded;
  return b.incoming?.socket?.remoteAddress ?? "unknown";
}

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const requestId = requestIdOf(c);
  c.set("requestId", requestId);
  c.set("clientIp", clientIpOf(c));
  await next();
  c.header("x-request-id", requestId);
  // API answers are personal (sessions, profiles): never cached by browsers or proxies.
  if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
  logEvent("info", "request", {
    requestId,
    method: c.req.method,
    route: routePath(c, -1),
    status: c.res.status,
    ms: Math.round(performance.now() - started),
  });
});
