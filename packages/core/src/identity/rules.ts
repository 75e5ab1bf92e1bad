/**
 * Identity's rules as pure functions: one-time codes, challenge and session lifetimes, TOTP
 * matching with reuse protection, recovery codes. No I/O; the commands in index.ts apply them.
 */
import { randomInt } from "node:crypto";
import * as OTPAuth from "otpauth";
import { keyedHash } from "../crypto";
import { toAsciiDigits } from "../fa";
import type { RateLimit } from "../ratelimit";

export const OTP_POLICY = {
  digits: 6,
  ttlSeconds: 120,
  maxAttempts: 5,
  /** How long before the same number may ask for another code. */
  resendAfterSeconds: 60,
} as const;

export const OTP_LIMITS = {
  perMobile: { name: "otp-mobile", limit: 5, windowSeconds: 3600 },
  perIp: { name: "otp-ip", limit: 20, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimit>;

export const STAFF_SIGN_IN_LIMITS = {
  perUsername: { name: "staff-sign-in-username", limit: 10, windowSeconds: 900 },
  perIp: { name: "staff-sign-in-ip", limit: 50, windowSeconds: 900 },
} as const satisfies Record<string, RateLimit>;

/** A uniformly random 6-digit code (crypto.randomInt, so no modulo bias). */
export function generateOtpCode(): string {
  return String(randomInt(0, 10 ** OTP_POLICY.digits)).padStart(OTP_POLICY.digits, "0");
}

/**
 * Codes are stored only as keyed hashes, bound to their challenge: a six-digit code has so little
 * entropy that an unkeyed hash would be reversed by trying all million values.
 */
export function hashOtpCode(challengeId: string, code: string): string {
  return keyedHash("otp-code", `${challengeId}:${code}`);
}

export interface ChallengeState {
  /** Epoch seconds; also the item's TTL. */
  expiresAt: number;
  attempts: number;
  status: "pending" | "used";
}

export type ChallengeVerdict = "open" | "expired" | "exhausted" | "used";

/** Whether a challenge may still take a guess. */
export function challengeVerdict(challenge: ChallengeState, nowMs: number): ChallengeVerdict {
  if (challenge.status === "used") return "used";
  if (challenge.attempts >= OTP_POLICY.maxAttempts) return "exhausted";
  if (nowMs >= challenge.expiresAt * 1000) return "expired";
  return "open";
}

/**
 * Sessions end at a fixed lifetime from sign-in, or earlier after a stretch of inactivity. Staff
 * sessions are shorter: they carry powers over other people's data.
 */
export const SESSION_POLICY = {
  citizen: { lifetimeSeconds: 12 * 3600, idleSeconds: 2 * 3600 },
  staff: { lifetimeSeconds: 8 * 3600, idleSeconds: 30 * 60 },
  /** lastSeen is written at most this often, so resolving a session is usually a read only. */
  touchEverySeconds: 5 * 60,
} as const;

export type SessionKind = "citizen" | "staff";

export function sessionExpiresAt(kind: SessionKind, createdAtMs: number): number {
  return createdAtMs + SESSION_POLICY[kind].lifetimeSeconds * 1000;
}

export function isSessionLive(
  session: { kind: SessionKind; expiresAtMs: number; lastSeenAtMs: number },
  nowMs: number,
): boolean {
  return (
    nowMs < session.expiresAtMs &&
    nowMs - session.lastSeenAtMs < SESSION_POLICY[session.kind].idleSeconds * 1000
  );
}

export function shouldTouchSession(lastSeenAtMs: number, nowMs: number): boolean {
  return nowMs - lastSeenAtMs >= SESSION_POLICY.touchEverySeconds * 1000;
}

/** Invitations to staff accounts are valid for a week. */
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;

export const TOTP_POLICY = { issuer: "Hamdel", period: 30, digits: 6, algorithm: "SHA1", window: 1 } as const;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpOf(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: TOTP_POLICY.issuer,
    label,
    algorithm: TOTP_POLICY.algorithm,
    digits: TOTP_POLICY.digits,
    period: TOTP_POLICY.period,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/**
 * The time step a TOTP code belongs to (±1 step of clock drift), or null when it is wrong or its
 * step is not later than `lastStep` — a code, once used, cannot be replayed within its window.
 * otpauth's validate() returns the step delta (0 for the current step), so null is the only failure.
 */
export function matchTotp(
  secretBase32: string,
  code: string,
  nowMs: number,
  lastStep?: number,
): number | null {
  const token = toAsciiDigits(code).replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpOf(secretBase32, "verify");
  const delta = totp.validate({ token, timestamp: nowMs, window: TOTP_POLICY.window });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: nowMs }) + delta;
  if (lastStep !== undefined && step <= lastStep) return null;
  return step;
}

export function isTotpShaped(code: string): boolean {
  return /^\d{6}$/.test(toAsciiDigits(code).replace(/\s/g, ""));
}

/** Recovery codes: 10 codes of 10 characters from an unambiguous alphabet, shown as "xxxxx-xxxxx". */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(
      { length: 10 },
      () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
    ).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What people type back: any case, with or without the dash and spaces. */
export function normaliseRecoveryCode(input: string): string {
  return toAsciiDigits(input).toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(userId: string, code: string): string {
  return keyedHash("recovery-code", `${userId}:${normaliseRecoveryCode(code)}`);
}
