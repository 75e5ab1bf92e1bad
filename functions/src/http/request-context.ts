/**
 * First middleware of every app: who asked (request id, client IP) and one access-log line
 * per request. The log holds the route *pattern* (`/api/identity/sessions/:id`), never the
 * concrete path or query string (they can carry tokens or personal data), and never the IP.
 *
 * Behind CloudFront (AWS): browsers reach the API through the site's distribution, which
 * forwards /api/* to API Gateway. What the Lambda sees of the connection is CloudFront's (the
 * Host is API Gateway's, `sourceIp` is an edge server's), so CloudFront's viewer-request
 * function (infra/web.ts) passes on the viewer's host and IP in headers it overwrites, and the
 * distribution's origin adds a per-deployment secret header. With HAMDEL_ORIGIN_SECRET set
 * (infra/api.ts) a request without that secret is refused: otherwise a direct call to the API
 * Gateway URL could state any viewer IP and dodge the per-IP rate limits.
 */
import { DomainError } from "@hamdel/core";
import { safeEqual } from "@hamdel/core/crypto";
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

/** Set by CloudFront's /api/* viewer-request function (infra/web.ts): the host the browser addressed. */
export const viewerHostHeader = "x-forwarded-host";
/** Set by the same function: the viewer's IP as CloudFront saw it. */
export const viewerIpHeader = "x-hamdel-viewer-ip";
/** Added by the distribution's API origin (infra/web.ts) with the value of HAMDEL_ORIGIN_SECRET. */
export const originSecretHeader = "x-hamdel-origin-secret";

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

// A hostname or IPv4 address with an optional port; anything else is not a host CloudFront set.
const plausibleHost = /^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$/;

/**
 * The site's origin as the browser addressed it, `https://<x-forwarded-host>`, when the request
 * states one (behind CloudFront it always does, and CloudFront overwrites any client value).
 * Trusting it for the CSRF Origin check is safe even where no CloudFront is in front: a page on
 * another site can only add a custom header through a CORS preflight, which this API never grants.
 */
export function forwardedSiteOrigin(c: Context): string | undefined {
  const host = c.req.header(viewerHostHeader)?.trim();
  return host && plausibleHost.test(host) ? `https://${host.toLowerCase()}` : undefined;
}

/**
 * The caller's IP, for rate limits only. In AWS the viewer IP header set by CloudFront comes
 * first (the gateway's `sourceIp` is CloudFront's edge); it is trusted because requests that
 * did not come through the distribution are refused (`fromOwnDistribution`). Without that
 * header the API Gateway's `sourceIp` is authoritative (clients cannot forge it), so
 * x-forwarded-for is consulted only when there is no gateway: the embedded default behind a
 * local proxy, and tests that simulate distinct callers. The last x-forwarded-for entry is
 * the one added by the nearest proxy.
 */
export function clientIpOf(c: Context): string {
  const b = bindings(c);
  const gatewayIp = b.requestContext?.http?.sourceIp;
  if (gatewayIp) return c.req.header(viewerIpHeader)?.trim() || gatewayIp;
  const forwarded = c.req
    .header("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  if (forwarded) return forwarded;
  return b.incoming?.socket?.remoteAddress ?? "unknown";
}

/**
 * Whether the request came through the site's CloudFront distribution: true when no origin
 * secret is configured (the embedded default, tests), else the header must match it.
 */
export function fromOwnDistribution(c: Context): boolean {
  const expected = process.env.HAMDEL_ORIGIN_SECRET;
  if (!expected) return true;
  const given = c.req.header(originSecretHeader);
  return Boolean(given && safeEqual(expected, given));
}

export const notThroughSite = () =>
  new DomainError(
    "http.not_through_site",
    "forbidden",
    "این نشانی را فقط از راه وب‌سایت همدل می‌توان به کار برد.",
    { detail: "Requests must reach the API through the site's CloudFront distribution." },
  );

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const requestId = requestIdOf(c);
  c.set("requestId", requestId);
  c.set("clientIp", clientIpOf(c));
  if (!fromOwnDistribution(c)) throw notThroughSite();
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
