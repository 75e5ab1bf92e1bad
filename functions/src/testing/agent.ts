/**
 * Test support: a browser-like client for the real app (app.request). It keeps cookies like a
 * browser does, echoes the CSRF cookie in x-csrf-token like the web does, and calls from its own
 * IP (x-forwarded-for) so rate limits of one test do not spill into another.
 * Actors are made through the real sign-in paths (OTP via the dev outbox, staff password + TOTP),
 * never by forging sessions.
 */
import { randomBytes, randomInt } from "node:crypto";
import type { RoleGrant } from "@hamdel/core";
import { toAsciiDigits } from "@hamdel/core/fa";
import { createStaffAccount } from "@hamdel/core/identity";
import * as OTPAuth from "otpauth";

interface RequestApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (sent as application/json unless headers say otherwise). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Echo the CSRF cookie (default true, like the web). */
  csrf?: boolean;
  /** Store cookies the response sets (default true). */
  keepCookies?: boolean;
}

let ipCounter = 0;
/** A fresh documentation-range (TEST-NET) address per agent. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${(process.pid + ipCounter) % 250}.${randomInt(1, 254)}`;
}

/** A random, valid, never-repeating-in-practice mobile number. */
export function freshMobile(): string {
  return `0912${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
}

/** A random national id (کد ملی) with a correct check digit. */
export function freshNationalId(): string {
  const body = Array.from({ length: 9 }, () => randomInt(0, 10));
  // Avoid the all-same-digit ids that validators reject as placeholders.
  body[0] = randomInt(1, 10);
  const r = body.reduce((sum, d, i) => sum + d * (10 - i), 0) % 11;
  return [...body, r < 2 ? r : 11 - r].join("");
}

export function freshName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString("hex")}`;
}

export class Agent {
  readonly cookies = new Map<string, string>();
  readonly ip: string;

  constructor(
    readonly app: RequestApp,
    ip = freshIp(),
  ) {
    this.ip = ip;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { "x-forwarded-for": this.ip, "user-agent": "hamdel-tests/1.0" };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const csrf = this.cookies.get("hamdel_csrf");
    if (csrf && options.csrf !== false) headers["x-csrf-token"] = csrf;
    let body: string | undefined;
    if (options.body !== undefined || options.rawBody !== undefined) {
      headers["content-type"] = "application/json";
      body = options.rawBody ?? JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers);
    const res = await this.app.request(`http://localhost${path}`, {
      method,
      headers,
      ...(body ? { body } : {}),
    });
    if (options.keepCookies !== false) this.absorbCookies(res);
    return res;
  }

  private absorbCookies(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The latest one-time code sent to `mobile`, read through the dev outbox route. */
export async function codeFromOutbox(agent: Agent, mobile: string): Promise<string> {
  const res = await agent.call("GET", `/api/dev/outbox?to=${encodeURIComponent(mobile)}`);
  if (res.status !== 200) throw new Error(`outbox: ${res.status}`);
  const { items } = (await res.json()) as { items: Array<{ text: string }> };
  const match = /\d{6}/.exec(toAsciiDigits(items[0]?.text ?? ""));
  if (!match) throw new Error("no code in the outbox");
  return match[0];
}

/** Citizen sign-in through the API: request a code, read it from the outbox, verify. */
export async function signInCitizen(
  agent: Agent,
  mobile = freshMobile(),
): Promise<{ mobile: string; res: Response }> {
  const requested = await agent.call("POST", "/api/identity/otp/request", { body: { mobile } });
  if (requested.status !== 202) throw new Error(`otp/request: ${requested.status} ${await requested.text()}`);
  const { challengeId } = (await requested.json()) as { challengeId: string };
  const code = await codeFromOutbox(agent, mobile);
  const res = await agent.call("POST", "/api/identity/otp/verify", { body: { challengeId, code } });
  if (res.status !== 200) throw new Error(`otp/verify: ${res.status} ${await res.text()}`);
  return { mobile, res };
}

export interface StaffAccount {
  id: string;
  username: string;
  password: string;
  totp: OTPAuth.TOTP;
}

/** A staff account created by core (as an admin tool or the seed would), with a known TOTP secret. */
export async function createStaff(roles: RoleGrant[], displayName = "کارمند آزمایشی"): Promise<StaffAccount> {
  const username = freshName("t");
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const secret = new OTPAuth.Secret({ size: 20 });
  const created = await createStaffAccount({
    username,
    displayName,
    password,
    totpSecret: secret.base32,
    roles,
  });
  const totp = new OTPAuth.TOTP({ secret, digits: 6, period: 30, algorithm: "SHA1" });
  return { id: created.id, username, password, totp };
}

/** Staff sign-in through the API with password + the current TOTP code. */
export async function signInStaff(agent: Agent, account: StaffAccount): Promise<Response> {
  const res = await agent.call("POST", "/api/identity/staff/sign-in", {
    body: { username: account.username, password: account.password, code: account.totp.generate() },
  });
  if (res.status !== 200) throw new Error(`staff/sign-in: ${res.status} ${await res.text()}`);
  return res;
}

/** A 1×1 PNG, as a browser would upload it. */
export const onePixelPng = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);
