/**
 * The one way the web talks to the API. Cookies carry the session (HttpOnly, set by the API);
 * unsafe methods echo the readable `hamdel_csrf` cookie in `x-csrf-token` (double-submit), and
 * every failure becomes an ApiProblem carrying the server's Persian message.
 */
import { withCsrf } from "./cookie";
import { ApiProblem, toProblem } from "./problem";

export { ApiProblem, messageOf } from "./problem";

/** fetch with the session cookie, the CSRF header, and network failures turned into ApiProblem(0). */
export const apiFetch: typeof fetch = async (input, init) => {
  const request = withCsrf({ ...init, credentials: "include" }, document.cookie);
  try {
    return await fetch(input, request);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiProblem(0);
  }
};

/** A successful response's JSON body (undefined for 204), or the ApiProblem it carried. */
export async function readJson<T>(res: Response): Promise<T> {
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toProblem(res.status, body);
  return body as T;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return readJson<T>(await apiFetch(path, init));
}
