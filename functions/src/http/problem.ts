/**
 * The one error funnel: every failure leaves the API as RFC 9457 problem+json with a stable
 * `code` the web can switch on and a Persian `messageFa` it can show as it is.
 *
 * - DomainError (core's expected failures) → its kind's status, its code and message.
 * - Validation failures of route schemas → 422 `input.invalid` with `fields` (via `validationHook`).
 * - Unparseable JSON bodies → 400 `input.malformed_json`.
 * - Anything else is a bug: logged with the request id (no bodies, no personal data) → 500 `internal`.
 */
import {
  type DomainError,
  type ErrorKind,
  errors,
  type FieldIssue,
  fieldIssuesOf,
  isDomainError,
} from "@hamdel/core";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../env";
import { logEvent } from "./log";

export const problemTypeBase = "https://hamdel.tehran.ir/problems/";
export const problemContentType = "application/problem+json" as const;

export const FieldIssueSchema = z
  .object({
    path: z.string().meta({ description: "Dotted path of the offending field, e.g. `profile.nationalId`." }),
    message: z.string().meta({ description: "What is wrong with it, for people (Persian)." }),
  })
  .meta({ id: "FieldIssue" });

export const ProblemSchema = z
  .object({
    type: z.string().meta({ example: `${problemTypeBase}input.invalid` }),
    title: z.string().meta({ description: "Short English summary of the problem type." }),
    status: z.number().int(),
    code: z
      .string()
      .meta({ description: "Stable machine code, e.g. `identity.otp_expired`.", example: "input.invalid" }),
    detail: z.string().meta({ description: "English explanation of this occurrence, for developers." }),
    messageFa: z.string().meta({ description: "Persian message to show to people as it is." }),
    requestId: z
      .string()
      .meta({ description: "Quote it when reporting a problem; it is in the server logs." }),
    fields: z.array(FieldIssueSchema).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (content type application/problem+json)." });

export type Problem = z.infer<typeof ProblemSchema>;

const titleOfKind: Record<ErrorKind, string> = {
  input: "Invalid request",
  auth: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
};

interface ProblemInput {
  status: number;
  code: string;
  title: string;
  detail: string;
  messageFa: string;
  fields?: FieldIssue[] | undefined;
  retryAfter?: number | undefined;
}

export function problemResponse(c: Context<AppEnv>, p: ProblemInput): Response {
  const body: Problem = {
    type: problemTypeBase + p.code,
    title: p.title,
    status: p.status,
    code: p.code,
    detail: p.detail,
    messageFa: p.messageFa,
    requestId: c.get("requestId") ?? "unknown",
    ...(p.fields ? { fields: p.fields } : {}),
  };
  const headers: Record<string, string> = { "content-type": problemContentType };
  if (p.retryAfter !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(p.retryAfter)));
  return c.body(JSON.stringify(body), p.status as ContentfulStatusCode, headers);
}

function fromDomainError(c: Context<AppEnv>, e: DomainError): Response {
  const title = titleOfKind[e.kind];
  return problemResponse(c, {
    status: e.status,
    code: e.code,
    title,
    // A DomainError's message is its English detail when one was given, otherwise its code.
    detail: e.message && e.message !== e.code ? e.message : title,
    messageFa: e.messageFa,
    fields: e.fields,
    // Rate limits always carry a Retry-After so clients back off even if the command forgot one.
    retryAfter: e.kind === "rate_limited" ? (e.retryAfter ?? 60) : e.retryAfter,
  });
}

function fromHttpException(c: Context<AppEnv>, e: HTTPException): Response {
  // The validator throws 400 for a body that is not JSON; it is the only 400 Hono raises itself.
  if (e.status === 400) {
    return problemResponse(c, {
      status: 400,
      code: "input.malformed_json",
      title: "Malformed request body",
      detail: "The request body is not valid JSON.",
      messageFa: "بدنهٔ درخواست JSON معتبر نیست.",
    });
  }
  if (e.status === 415) {
    return problemResponse(c, {
      status: 415,
      code: "input.unsupported_media_type",
      title: "Unsupported media type",
      detail: "Send the body as application/json.",
      messageFa: "نوع محتوای درخواست پشتیبانی نمی‌شود.",
    });
  }
  return problemResponse(c, {
    status: e.status,
    code: `http.${e.status}`,
    title: e.message || "HTTP error",
    detail: e.message || "HTTP error",
    messageFa: "درخواست قابل پردازش نیست.",
  });
}

/** `app.onError`: the funnel. */
export function errorFunnel(err: Error, c: Context<AppEnv>): Response {
  if (isDomainError(err)) return fromDomainError(c, err);
  if (err instanceof HTTPException) return fromHttpException(c, err);
  // Only the error's own name, message and stack: never the request (body, query, cookies).
  logEvent("error", "unhandled error", {
    requestId: c.get("requestId"),
    method: c.req.method,
    route: routePath(c, -1),
    error: err?.name ?? "unknown",
    message: err?.message,
    stack: err?.stack,
  });
  return problemResponse(c, {
    status: 500,
    code: "internal",
    title: "Internal server error",
    detail: "An unexpected error occurred; it has been logged with the request id.",
    messageFa:
      "خطای غیرمنتظره‌ای رخ داد. لطفاً دوباره تلاش کنید و اگر تکرار شد شناسهٔ درخواست را به پشتیبانی بدهید.",
  });
}

/** `app.notFound`: unknown routes answer problem+json too. */
export function notFoundProblem(c: Context<AppEnv>): Response {
  return problemResponse(c, {
    status: 404,
    code: "http.not_found",
    title: "Not found",
    detail: `No route ${c.req.method} ${c.req.path}.`,
    messageFa: "نشانی درخواست‌شده وجود ندارد.",
  });
}

/**
 * `defaultHook` of every domain app: a failed route-schema validation becomes the same
 * DomainError core would throw for the same input, so both paths answer identically.
 */
export function validationHook(result: { success: boolean; error?: unknown }): void {
  if (!result.success && result.error instanceof z.ZodError)
    throw errors.invalid(fieldIssuesOf(result.error));
}
