/**
 * The API answers every failure as RFC 9457 problem+json with a Persian `messageFa`. The web turns
 * it into one error type so pages show the server's Persian message and can point at the fields
 * it names. Pure (no DOM, no fetch) so it is unit-tested under node.
 */

export interface ProblemField {
  path: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  messageFa?: string;
  requestId?: string;
  fields?: ProblemField[];
}

/** Messages for failures that arrive without a problem body (network down, proxy errors, HTML 502s). */
const fallbackByStatus: Record<number, string> = {
  0: "ارتباط با سرور برقرار نشد. اتصال اینترنت را بررسی کنید و دوباره تلاش کنید.",
  400: "درخواست نامعتبر است.",
  401: "ابتدا وارد حساب خود شوید.",
  403: "اجازهٔ این کار را ندارید.",
  404: "موردی که خواستید پیدا نشد.",
  409: "این کار با وضعیت فعلی سازگار نیست.",
  413: "حجم داده بیش از حد مجاز است.",
  422: "اطلاعات واردشده درست نیست. خانه‌های مشخص‌شده را بررسی کنید.",
  429: "تعداد درخواست‌ها زیاد است. کمی بعد دوباره تلاش کنید.",
};
const fallbackServer = "خطایی در سرور رخ داد. کمی بعد دوباره تلاش کنید.";

export function fallbackMessage(status: number): string {
  return fallbackByStatus[status] ?? (status >= 500 ? fallbackServer : (fallbackByStatus[400] as string));
}

export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  readonly status: number;
  readonly code: string;
  /** The Persian sentence to show people. */
  readonly messageFa: string;
  readonly requestId: string | undefined;
  readonly fields: ProblemField[];

  constructor(status: number, body: ProblemBody = {}) {
    const messageFa = nonEmpty(body.messageFa) ?? fallbackMessage(status);
    super(nonEmpty(body.detail) ?? nonEmpty(body.title) ?? messageFa);
    this.status = status;
    this.code = nonEmpty(body.code) ?? `http.${status}`;
    this.messageFa = messageFa;
    this.requestId = nonEmpty(body.requestId);
    this.fields = Array.isArray(body.fields) ? body.fields.filter(isField) : [];
  }

  /** The message for one input, matched on the first segment of the field path ("birthDate", "roles.0.scope" → "roles"). */
  fieldMessage(name: string): string | undefined {
    return this.fields.find((f) => f.path === name || f.path.split(".")[0] === name)?.message;
  }
}

/** Builds the error from whatever a failed response carried; tolerant of non-JSON bodies. */
export function toProblem(status: number, body: unknown): ApiProblem {
  return new ApiProblem(status, isObject(body) ? (body as ProblemBody) : {});
}

/** Any thrown value → the Persian sentence to show. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return error.messageFa;
  return fallbackMessage(error instanceof TypeError ? 0 : 500);
}

function nonEmpty(s: unknown): string | undefined {
  return typeof s === "string" && s.trim() !== "" ? s : undefined;
}
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isField(v: unknown): v is ProblemField {
  return isObject(v) && typeof v.path === "string" && typeof v.message === "string";
}

/** The message for one input from any thrown value, for an input's error slot. */
export function fieldError(error: unknown, name: string): string | undefined {
  return error instanceof ApiProblem ? error.fieldMessage(name) : undefined;
}
