/** Reads one cookie's value from a `document.cookie`-style string; undefined when absent. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** The methods the API guards with the CSRF token (anything that can change state). */
export function isUnsafeMethod(method: string | undefined): boolean {
  const m = (method ?? "GET").toUpperCase();
  return m !== "GET" && m !== "HEAD" && m !== "OPTIONS";
}

export const csrfCookie = "hamdel_csrf";
export const csrfHeader = "x-csrf-token";

/**
 * Adds the CSRF header to unsafe requests. Takes the cookie string rather than reading
 * `document.cookie` itself so it stays testable without a DOM.
 */
export function withCsrf(init: RequestInit | undefined, cookies: string): RequestInit {
  if (!isUnsafeMethod(init?.method)) return init ?? {};
  const token = readCookie(cookies, csrfCookie);
  if (!token) return init ?? {};
  const headers = new Headers(init?.headers);
  headers.set(csrfHeader, token);
  return { ...init, headers };
}
