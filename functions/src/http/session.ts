/**
 * Resolves `c.var.actor` from the signed session cookie through core's resolveSession:
 * anonymous without one, or when core no longer knows the session (expired, revoked, staff
 * account disabled); a stale or tampered cookie is cleared. For a cookie-authenticated write it
 * also requires the CSRF header to be the token issued with this very session (csrf.ts has
 * already checked it against the cookie before any table read).
 */
import { anonymous, config } from "@hamdel/core";
import { resolveSession } from "@hamdel/core/identity";
import { getSignedCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { clearSessionCookies, hasSessionCookie, sessionCookieName } from "./cookies";
import { csrfFailed, csrfHeaderMatches, needsCsrfToken } from "./csrf";

export const session = createMiddleware<AppEnv>(async (c, next) => {
  c.set("actor", anonymous);
  const token = await getSignedCookie(c, config.secret, sessionCookieName());
  if (!token) {
    // false: the signature does not verify; undefined with a cookie present: not signed at all.
    if (token === false || hasSessionCookie(c)) clearSessionCookies(c);
  } else {
    const resolved = await resolveSession(token);
    if (resolved) {
      if (needsCsrfToken(c) && !csrfHeaderMatches(c, resolved.session.csrfToken)) {
        throw csrfFailed("x-csrf-token is not the token issued with this session.");
      }
      c.set("actor", resolved.actor);
    } else {
      clearSessionCookies(c);
    }
  }
  await next();
});
