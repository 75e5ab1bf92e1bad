/**
 * Kavenegar (kavenegar.com) REST adapter: POST {baseUrl}/v1/{apiKey}/sms/send.json with form fields
 * receptor, message, sender. Kavenegar answers JSON `{ return: { status, message }, entries }` and
 * reports success only as `return.status == 200`; any other status, a non-JSON body, a network
 * error or a timeout is the gateway being unavailable to us. The API key is part of the URL, so
 * neither the URL nor the number appears in errors.
 */
import { DomainError } from "../error";
import type { SmsSender } from "./port";

export interface KavenegarOptions {
  apiKey: string;
  sender: string;
  baseUrl?: string;
  /** Milliseconds before giving up on the gateway. */
  timeoutMs?: number;
}

export function smsUnavailable(detail: string): DomainError {
  return new DomainError(
    "sms.unavailable",
    "unavailable",
    "ارسال پیامک در حال حاضر ممکن نیست. لطفاً چند دقیقه بعد دوباره تلاش کنید.",
    {
      detail,
    },
  );
}

export class KavenegarSmsSender implements SmsSender {
  readonly #url: string;
  readonly #sender: string;
  readonly #timeoutMs: number;

  constructor(options: KavenegarOptions) {
    const base = (options.baseUrl ?? "https://api.kavenegar.com").replace(/\/+$/, "");
    this.#url = `${base}/v1/${encodeURIComponent(options.apiKey)}/sms/send.json`;
    this.#sender = options.sender;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(to: string, text: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded; charset=utf-8",
          accept: "application/json",
        },
        body: new URLSearchParams({ receptor: to, message: text, sender: this.#sender }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      const reason = e instanceof Error && e.name === "TimeoutError" ? "timeout" : "network error";
      throw smsUnavailable(`Kavenegar: ${reason}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw smsUnavailable(`Kavenegar: HTTP ${response.status}, body is not JSON`);
    }
    const status = (body as { return?: { status?: unknown } } | null)?.return?.status;
    if (Number(status) !== 200) {
      throw smsUnavailable(`Kavenegar: HTTP ${response.status}, return.status ${String(status)}`);
    }
  }
}
