import * as OTPAuth from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import {
  challengeVerdict,
  generateOtpCode,
  generateRecoveryCodes,
  hashOtpCode,
  hashRecoveryCode,
  isSessionLive,
  isTotpShaped,
  matchTotp,
  newTotpSecret,
  normaliseRecoveryCode,
  OTP_POLICY,
  SESSION_POLICY,
  sessionExpiresAt,
  shouldTouchSession,
  totpOf,
} from "./rules";

beforeAll(() => {
  process.env.HAMDEL_SECRET = "unit-test-secret-0123456789abcdef";
});

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("one-time codes", () => {
  it("are six ASCII digits, zero-padded, and spread over the whole range", () => {
    const codes = Array.from({ length: 2000 }, generateOtpCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("are stored as keyed hashes bound to their challenge", () => {
    const h = hashOtpCode("01CHALLENGE", "123456");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain("123456");
    expect(hashOtpCode("01CHALLENGE", "123456")).toBe(h);
    expect(hashOtpCode("01OTHER", "123456")).not.toBe(h);
    expect(hashOtpCode("01CHALLENGE", "123457")).not.toBe(h);
  });
});

describe("challenge verdict", () => {
  const t0 = Date.UTC(2025, 0, 1, 10, 0, 0);
  const open = { expiresAt: t0 / 1000 + OTP_POLICY.ttlSeconds, attempts: 0, status: "pending" as const };

  it("is open until two minutes have passed", () => {
    expect(challengeVerdict(open, t0)).toBe("open");
    expect(challengeVerdict(open, t0 + 2 * MIN - 1)).toBe("open");
    expect(challengeVerdict(open, t0 + 2 * MIN)).toBe("expired");
  });

  it("is exhausted after five attempts, even before it expires", () => {
    expect(challengeVerdict({ ...open, attempts: 4 }, t0)).toBe("open");
    expect(challengeVerdict({ ...open, attempts: 5 }, t0)).toBe("exhausted");
  });

  it("is spent once used", () => {
    expect(challengeVerdict({ ...open, status: "used" }, t0)).toBe("used");
  });
});

describe("session lifetime", () => {
  const t0 = Date.UTC(2025, 0, 1, 8, 0, 0);

  it("lasts 12 hours for citizens and 8 for staff", () => {
    expect(sessionExpiresAt("citizen", t0) - t0).toBe(12 * HOUR);
    expect(sessionExpiresAt("staff", t0) - t0).toBe(8 * HOUR);
  });

  it("ends at its lifetime even when active", () => {
    const s = {
      kind: "citizen" as const,
      expiresAtMs: sessionExpiresAt("citizen", t0),
      lastSeenAtMs: t0 + 12 * HOUR - MIN,
    };
    expect(isSessionLive(s, t0 + 12 * HOUR - 1)).toBe(true);
    expect(isSessionLive(s, t0 + 12 * HOUR)).toBe(false);
  });

  it("ends after idling: 2 hours for citizens, 30 minutes for staff", () => {
    const citizen = {
      kind: "citizen" as const,
      expiresAtMs: sessionExpiresAt("citizen", t0),
      lastSeenAtMs: t0,
    };
    expect(isSessionLive(citizen, t0 + 2 * HOUR - 1)).toBe(true);
    expect(isSessionLive(citizen, t0 + 2 * HOUR)).toBe(false);
    const staff = { kind: "staff" as const, expiresAtMs: sessionExpiresAt("staff", t0), lastSeenAtMs: t0 };
    expect(isSessionLive(staff, t0 + 30 * MIN - 1)).toBe(true);
    expect(isSessionLive(staff, t0 + 30 * MIN)).toBe(false);
  });

  it("writes lastSeen at most every five minutes", () => {
    expect(SESSION_POLICY.touchEverySeconds).toBe(300);
    expect(shouldTouchSession(t0, t0 + 5 * MIN - 1)).toBe(false);
    expect(shouldTouchSession(t0, t0 + 5 * MIN)).toBe(true);
  });
});

describe("TOTP", () => {
  const secret = newTotpSecret();
  const at = (ms: number) => totpOf(secret, "x").generate({ timestamp: ms });
  const t0 = Date.UTC(2025, 0, 1, 9, 0, 0); // a step boundary (divisible by 30 s)
  const step0 = t0 / 30_000;

  it("accepts the current code and returns its time step", () => {
    expect(matchTotp(secret, at(t0), t0)).toBe(step0);
  });

  it("accepts the neighbouring steps (window 1) and nothing further", () => {
    expect(matchTotp(secret, at(t0 - 30_000), t0)).toBe(step0 - 1);
    expect(matchTotp(secret, at(t0 + 30_000), t0)).toBe(step0 + 1);
    expect(matchTotp(secret, at(t0 - 60_000), t0)).toBeNull();
    expect(matchTotp(secret, at(t0 + 60_000), t0)).toBeNull();
  });

  it("rejects a code whose step was already used, and earlier steps", () => {
    expect(matchTotp(secret, at(t0), t0, step0 - 1)).toBe(step0);
    expect(matchTotp(secret, at(t0), t0, step0)).toBeNull();
    expect(matchTotp(secret, at(t0 - 30_000), t0, step0)).toBeNull();
    expect(matchTotp(secret, at(t0 + 30_000), t0, step0)).toBe(step0 + 1);
  });

  it("rejects wrong codes and other secrets, and reads Persian digits", () => {
    const code = at(t0);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(matchTotp(secret, wrong, t0)).toBeNull();
    expect(matchTotp(newTotpSecret(), code, t0)).toBeNull();
    expect(matchTotp(secret, "12345", t0)).toBeNull();
    const persian = code.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);
    expect(matchTotp(secret, persian, t0)).toBe(step0);
  });

  it("builds an otpauth URI that authenticator apps (and otpauth itself) read back", () => {
    const uri = totpOf(secret, "sara").toString();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Hamdel:sara\?/);
    const parsed = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    expect(parsed.secret.base32).toBe(secret);
    expect(parsed.period).toBe(30);
    expect(parsed.digits).toBe(6);
  });

  it("tells TOTP-shaped codes from recovery codes", () => {
    expect(isTotpShaped("123456")).toBe(true);
    expect(isTotpShaped("۱۲۳۴۵۶")).toBe(true);
    expect(isTotpShaped("abcde-fghjk")).toBe(false);
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes of the unambiguous alphabet", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("hash the same however they are typed, and per user", () => {
    const [code = ""] = generateRecoveryCodes(1);
    expect(normaliseRecoveryCode(` ${code.toUpperCase().replace("-", " ")} `)).toBe(code.replace("-", ""));
    expect(hashRecoveryCode("U1", code.toUpperCase())).toBe(hashRecoveryCode("U1", code));
    expect(hashRecoveryCode("U2", code)).not.toBe(hashRecoveryCode("U1", code));
  });
});
