import type { output, ZodError, ZodType } from "zod";
/**
 * Expected failures are DomainErrors with a stable machine code ("identity.otp_expired"),
 * a kind that the HTTP layer maps to a status, and a Persian message for people.
 * Everything else is a bug and is answered 500 by the API's error funnel.
 */
export type ErrorKind =
  | "input" // 400/422: the request is malformed or breaks a rule
  | "auth" // 401: not signed in, or bad credentials
  | "forbidden" // 403: signed in but not allowed
  | "not_found" // 404
  | "conflict" // 409: state does not allow it (duplicate, already done)
  | "rate_limited" // 429
  | "unavailable"; // 503: a dependency (SMS gateway …) failed

export const statusOfKind: Record<ErrorKind, number> = {
  input: 422,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export interface FieldIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  /** Persian, shown to people as it is. */
  readonly messageFa: string;
  readonly fields: FieldIssue[] | undefined;
  /** Seconds after which a rate-limited call may be retried. */
  readonly retryAfter: number | undefined;

  constructor(
    code: string,
    kind: ErrorKind,
    messageFa: string,
    options: { detail?: string; fields?: FieldIssue[]; retryAfter?: number } = {},
  ) {
    super(options.detail ?? code);
    this.name = "DomainError";
    this.code = code;
    this.kind = kind;
    this.messageFa = messageFa;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return statusOfKind[this.kind];
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Common errors shared by every domain. */
export const errors = {
  unauthenticated: () => new DomainError("auth.required", "auth", "برای این کار باید وارد حساب کاربری شوید."),
  forbidden: (detail?: string) =>
    new DomainError(
      "auth.forbidden",
      "forbidden",
      "شما اجازه انجام این کار را ندارید.",
      detail ? { detail } : {},
    ),
  notFound: (what: string) => new DomainError(`${what}.not_found`, "not_found", "مورد درخواستی پیدا نشد."),
  invalid: (fields: FieldIssue[]) =>
    new DomainError(
      "input.invalid",
      "input",
      "اطلاعات واردشده درست نیست. لطفاً موارد مشخص‌شده را اصلاح کنید.",
      {
        fields,
      },
    ),
};

/**
 * Parses a command's input with its zod schema; a mismatch becomes `errors.invalid` with one
 * field issue per problem (paths dotted, messages as the schema wrote them — Persian).
 */
export function parseInput<S extends ZodType>(schema: S, input: unknown): output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw errors.invalid(fieldIssuesOf(result.error));
}

/** Zod issues as field issues; also used by the HTTP layer for its route-schema validation. */
export function fieldIssuesOf(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}
