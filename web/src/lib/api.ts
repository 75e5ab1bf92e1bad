/**
 * The one way the web talks to the API: `hc<AppType>` from hono/client, typed by the composed
 * app (a type-only import, so no server code is bundled). Cookies carry the session (HttpOnly,
 * set by the API); unsafe methods echo the readable `hamdel_csrf` cookie in `x-csrf-token`
 * (double-submit), and every failure becomes an ApiProblem carrying the server's Persian message.
 */
import type { AppType } from "@hamdel/functions/app";
import { type ClientResponse, hc } from "hono/client";
import type { ResponseFormat } from "hono/types";
import type { SuccessStatusCode } from "hono/utils/http-status";
import { withCsrf } from "./cookie";
import { ApiProblem, toProblem } from "./problem";

/** fetch with the session cookie, the CSRF header, and network failures turned into ApiProblem(0). */
const apiFetch: typeof fetch = async (input, init) => {
  const request = withCsrf({ ...init, credentials: "include" }, document.cookie);
  try {
    return await fetch(input, request);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiProblem(0);
  }
};

/** Same origin: in development Vite proxies /api, locally and in AWS the API sits under /api. */
export const client = hc<AppType>("/", { fetch: apiFetch });

/**
 * The JSON body of a response's success variants (undefined for 204). Distributes over the
 * variants. Routes with validated input also list an untyped `Response` variant (the validation
 * hook's answer, which is a problem, never a success body), so it is dropped.
 */
export type OkBody<R> =
  R extends ClientResponse<unknown, infer S, infer F>
    ? S extends SuccessStatusCode
      ? F extends "json"
        ? Exclude<Awaited<ReturnType<R["json"]>>, Response>
        : undefined
      : never
    : never;

/** Awaits a client call: its success body, or the ApiProblem its failure carried. */
export async function ok<R extends ClientResponse<unknown, number, ResponseFormat>>(
  call: Promise<R>,
): Promise<OkBody<R>> {
  const res = await call;
  const body: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) throw toProblem(res.status, body);
  return body as OkBody<R>;
}
