/**
 * Helpers for describing routes with @hono/zod-openapi: the request/response schemas are core's
 * own zod schemas (from `@hamdel/core/<domain>/model`), so validation, the OpenAPI document and
 * the typed client cannot drift apart. Schemas carrying `.meta({ id })` become named components.
 */
import { OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { ProblemSchema, problemContentType, validationHook } from "./problem";

/** A domain's sub-app: validation failures go through the shared hook to problem+json. */
export function domainApp() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { "application/json": { schema } },
  } as const;
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

const problemDescriptions = {
  400: "Malformed JSON body (`input.malformed_json`).",
  401: "Not signed in, or bad credentials (`auth.required` …).",
  403: "Signed in but not allowed (`auth.forbidden`), or the CSRF check failed (`auth.csrf`).",
  404: "Not found.",
  409: "The current state does not allow it.",
  422: "Invalid input (`input.invalid`, with `fields`).",
  429: "Rate limited; see the Retry-After header.",
  503: "A dependency (the SMS gateway …) is unavailable.",
} as const;

type ProblemStatus = keyof typeof problemDescriptions;

/** The problem+json responses a route can give, for the document and the typed client (the funnel produces them). */
export function problems<S extends ProblemStatus>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } }
  >;
  for (const s of statuses) {
    out[s] = {
      description: problemDescriptions[s],
      content: { [problemContentType]: { schema: ProblemSchema } },
    };
  }
  return out;
}

/** Security requirement of routes that need a signed-in session. */
export const sessionSecurity = [{ sessionCookie: [] }];

export const noContent = { description: "Done; no body." } as const;
