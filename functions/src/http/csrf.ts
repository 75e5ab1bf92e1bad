/**
 * CSRF protection for cookie-authenticated writes, two independent checks:
 *  1. Origin: an unsafe request that states an Origin must come from the API's own origin, the
 *     site's as CloudFront forwards it (`https://<x-forwarded-host>`, see request-context.ts:
 *     behind CloudFront the request's own origin is API Gateway's) or the web's
 *     (HAMDEL_WEB_ORIGIN, comma-separated, for a web served from another host).
 *  2. Double submit: an unsafe request carrying a session cookie must echo the `hamdel_csrf`
 *     cookie in `x-csrf-token`; another site can make the browser send cookies but cannot read
 *     them. Routes that start a session (OTP request/verify, staff sign-in) have no token yet and
 *     declare `csrfTokenExempt` in their route middleware; they still get the Origin check.
 *     The session middleware then also requires the token to be the one issued with the session,
 *     so a cookie planted by a sibling subdomain does not pass.
 * SameSite=Lax on the session cookie is a third layer, not relied on alone.
 */
import { DomainError } from "@hamdel/core";
import { safeEqual } from "@hamdel/core/crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../env";
import { csrfCookieName, hasSessionCookie } from "./cookies";
import { forwardedSiteOrigin } from "./request-context";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export const csrfFailed = (detail: string) =>
  new DomainError(
    "auth.csrf",
    "forbidden",
    "درخواست از سوی این برنامه تأیید نشد. صفحه را دوباره بارگذاری کنید و دوباره تلاش کنید.",
    { detail },
  );

/** Marker put in a route's `middleware` to waive the token check (not the Origin check). */
export const csrfTokenExempt: MiddlewareHandler = async (_c, next) => {
  await next();
};

function allowedOrigins(c: Context): Set<string> {
  const own = new URL(c.req.url).origin;
  const web = (process.env.HAMDEL_WEB_ORIGIN ?? "")
    .split(",")
    .map((s) => s.trim().replace(/\/$/, ""))
    .filter(Boolean);
  const site = forwardedSiteOrigin(c);
  return new Set([own, ...(site ? [site] : []), ...web]);
}

/** An unsafe, cookie-authenticated request to a route that does not start a session. */
export function needsCsrfToken(c: Context): boolean {
  return (
    !safeMethods.has(c.req.method) &&
    hasSessionCookie(c) &&
    !matchedRoutes(c).some((r) => r.handler === csrfTokenExempt)
  );
}

/** The header, compared in constant time with `expected` (the cookie, or the session's own token). */
export function csrfHeaderMatches(c: Context, expected: string | undefined): boolean {
  const given = c.req.header("x-csrf-token");
  return Boolean(expected && given && safeEqual(expected, given));
}

export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  if (safeMethods.has(c.req.method)) return next();
  const origin = c.req.header("origin");
  // Browsers send "null" from sandboxed or privacy-sensitive contexts: never one of ours.
  if (origin !== undefined && !allowedOrigins(c).has(origin)) {
    throw csrfFailed("The request's Origin is not this application's.");
  }
  if (needsCsrfToken(c)) {
    if (!csrfHeaderMatches(c, getCookie(c, csrfCookieName))) {
      throw csrfFailed("Missing or wrong x-csrf-token for a cookie-authenticated write.");
    }
  }
  await next();
});
