/**
 * Helpers for identity's integration tests: fresh numbers and IPs per test (all test files share
 * one DynamoDB Local), the code a citizen would read from the dev outbox, and a controllable clock.
 */
import { randomInt } from "node:crypto";
import { expect } from "vitest";
import { isDomainError } from "../error";
import { listOutbox } from "../sms";
import { setClock } from "./clock";
import { requestOtp, verifyOtp } from "./index";

export const freshMobile = () => `09${String(randomInt(0, 1e9)).padStart(9, "0")}`;
export const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;
export const freshName = (prefix: string) => `${prefix}${randomInt(1e9).toString(36)}`;

/** The newest one-time code sent to `mobile`, as the person would read it from the SMS. */
export async function codeSentTo(mobile: string): Promise<string> {
  const [message] = await listOutbox(undefined, { to: mobile, limit: 1 });
  const code = message?.text.match(/\d{6}/)?.[0];
  if (!code) throw new Error("no code in the outbox");
  return code;
}

/** A clock tests move by hand. */
export function manualClock(start = Date.now()) {
  let t = start;
  setClock(() => t);
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
    restore: () => setClock(),
  };
}

/** Awaits `promise` and returns the DomainError code it rejects with. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  expect.fail("expected a DomainError");
}

/** A citizen signed in through the real OTP flow (fresh number and IP). */
export async function signInCitizen(userAgent = "vitest") {
  const mobile = freshMobile();
  const ctx = { ip: freshIp(), userAgent };
  const { challengeId } = await requestOtp({ mobile }, ctx);
  const { session, me } = await verifyOtp({ challengeId, code: await codeSentTo(mobile) }, ctx);
  return { mobile, ctx, session, me };
}

/** A random national id with a valid check digit. */
export function freshNationalId(): string {
  for (;;) {
    const body = String(randomInt(1e8, 1e9)).padStart(9, "0");
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const r = sum % 11;
    const id = `${body}${r < 2 ? r : 11 - r}`;
    if (!/^(\d)\1{9}$/.test(id)) return id;
  }
}
