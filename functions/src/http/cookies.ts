/**
 * Session cookies. The session token is a bearer secret: HttpOnly, SameSite=Lax, signed with
 * config.secret (a tampered cookie never reaches the table), and outside the local stage Secure
 * with the `__Host-` prefix (no Domain, Path=/: a sibling subdomain cannot plant one).
 * The CSRF cookie is deliberately readable by the web's JavaScript, which echoes it in
 * `x-csrf-token` (double submit; see csrf.ts). Its name stays `hamdel_csrf` in every stage so
 * the web reads one name.
 */
import { config } from "@hamdel/core";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie, setSignedCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";

export const csrfCookieName = "hamdel_csrf";

export function sessionCookieName(): string {
  return config.isLocal ? "hamdel_session" : "__Host-hamdel_session";
}

function baseOptions(): CookieOptions {
  // The local stage is served over plain http://localhost, where Secure cookies would be dropped.
  return { path: "/", sameSite: "Lax", secure: !config.isLocal };
}

/** What a signed-in response must carry (core's IssuedSession). */
export interface CookieSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function setSessionCookies(c: Context, session: CookieSession): Promise<void> {
  const maxAge = Math.max(0, Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000));
  await setSignedCookie(c, sessionCookieName(), session.token, config.secret, {
    ...baseOptions(),
    httpOnly: true,
    maxAge,
  });
  setCookie(c, csrfCookieName, session.csrfToken, { ...baseOptions(), httpOnly: false, maxAge });
}

export function clearSessionCookies(c: Context): void {
  deleteCookie(c, sessionCookieName(), { ...baseOptions(), httpOnly: true });
  deleteCookie(c, csrfCookieName, baseOptions());
}

/** True when the request carries a session cookie at all (signed or not): CSRF applies to it. */
export function hasSessionCookie(c: Context): boolean {
  return Boolean(getCookie(c, sessionCookieName()));
}
