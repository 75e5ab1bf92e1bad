import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "../audit";
import { isDomainError } from "../error";
import { KavenegarSmsSender, setSmsSender } from "../sms";
import { getMe, requestOtp, resolveSession, setClock, verifyOtp } from "./index";
import { codeSentTo, errorCode, freshIp, freshMobile, manualClock } from "./test-support";

afterEach(() => setClock());

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("citizen OTP sign-in", () => {
  it("sends a code to the outbox, and the first verify creates the account and a session", async () => {
    const mobile = freshMobile();
    const ctx = { ip: freshIp(), userAgent: "vitest" };
    const international = `+98${mobile.slice(1)}`.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);
    const challenge = await requestOtp({ mobile: international }, ctx);
    expect(challenge.resendAfterSeconds).toBe(60);
    expect(Date.parse(challenge.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);

    const code = await codeSentTo(mobile);
    const { session, me } = await verifyOtp({ challengeId: challenge.challengeId, code }, ctx);
    expect(me).toMatchObject({
      kind: "citizen",
      mobile: `${mobile.slice(0, 4)}***${mobile.slice(-4)}`,
      profile: null,
    });
    expect(me.kind === "citizen" && me.profileComplete).toBe(false);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).not.toBe(session.token);

    const resolved = await resolveSession(session.token);
    expect(resolved?.actor).toEqual({ kind: "citizen", userId: me.id, sessionId: session.id });
    expect(resolved?.session.csrfToken).toBe(session.csrfToken);
    expect(await getMe(resolved?.actor ?? { kind: "anonymous" })).toEqual(me);

    // The code is spent.
    expect(await errorCode(verifyOtp({ challengeId: challenge.challengeId, code }, ctx))).toBe(
      "identity.otp_expired",
    );

    // Signing in again with the same number (a minute later) finds the same account.
    const clock = manualClock(Date.now() + 61_000);
    const again = await requestOtp({ mobile }, ctx);
    const second = await verifyOtp({ challengeId: again.challengeId, code: await codeSentTo(mobile) }, ctx);
    expect(second.me.id).toBe(me.id);
    clock.restore();

    const history = await listAudit("user", me.id);
    expect(history.map((e) => e.action)).toEqual([
      "identity.citizen_registered",
      "identity.citizen_signed_in",
      "identity.citizen_signed_in",
    ]);
    expect(JSON.stringify(history)).not.toContain(mobile);
  });

  it("kills a challenge after five wrong codes, even for the right code", async () => {
    const mobile = freshMobile();
    const ctx = { ip: freshIp() };
    const { challengeId } = await requestOtp({ mobile }, ctx);
    const code = await codeSentTo(mobile);
    for (let i = 0; i < 4; i++) {
      expect(await errorCode(verifyOtp({ challengeId, code: wrong(code) }, ctx))).toBe(
        "identity.otp_invalid",
      );
    }
    expect(await errorCode(verifyOtp({ challengeId, code: wrong(code) }, ctx))).toBe(
      "identity.otp_too_many_attempts",
    );
    expect(await errorCode(verifyOtp({ challengeId, code }, ctx))).toBe("identity.otp_too_many_attempts");
  });

  it("allows exactly five guesses when they arrive all at once", async () => {
    const mobile = freshMobile();
    const ctx = { ip: freshIp() };
    const { challengeId } = await requestOtp({ mobile }, ctx);
    const code = await codeSentTo(mobile);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => errorCode(verifyOtp({ challengeId, code: wrong(code) }, ctx))),
    );
    expect(results.filter((r) => r === "identity.otp_invalid")).toHaveLength(4);
    expect(results.filter((r) => r === "identity.otp_too_many_attempts")).toHaveLength(8);
  });

  it("expires a code after two minutes", async () => {
    const clock = manualClock();
    const mobile = freshMobile();
    const ctx = { ip: freshIp() };
    const { challengeId } = await requestOtp({ mobile }, ctx);
    const code = await codeSentTo(mobile);
    clock.advance(120_000);
    expect(await errorCode(verifyOtp({ challengeId, code }, ctx))).toBe("identity.otp_expired");

    // Just inside the two minutes it still works.
    clock.advance(61_000);
    const next = await requestOtp({ mobile }, ctx);
    const nextCode = await codeSentTo(mobile);
    clock.advance(119_000);
    const { me } = await verifyOtp({ challengeId: next.challengeId, code: nextCode }, ctx);
    expect(me.kind).toBe("citizen");
  });

  it("answers an unknown challenge like an expired one", async () => {
    expect(
      await errorCode(verifyOtp({ challengeId: "01NOSUCHCHALLENGE", code: "123456" }, { ip: freshIp() })),
    ).toBe("identity.otp_expired");
  });

  it("refuses malformed input with field errors and sends nothing", async () => {
    const mobile = freshMobile();
    const e = await requestOtp({ mobile: "12345" }, { ip: freshIp() }).catch((x: unknown) => x);
    expect(isDomainError(e) && e.code).toBe("input.invalid");
    expect(isDomainError(e) && e.fields?.map((f) => f.path)).toEqual(["mobile"]);
    expect(await errorCode(verifyOtp({ challengeId: "x", code: "12ab56" }, { ip: freshIp() }))).toBe(
      "input.invalid",
    );
    await expect(codeSentTo(mobile)).rejects.toThrow("no code");
  });
});

describe("OTP when the SMS gateway is down", () => {
  it("fails as unavailable and lets the number retry at once", async () => {
    const mobile = freshMobile();
    setSmsSender(new KavenegarSmsSender({ apiKey: "k", sender: "s", baseUrl: "http://127.0.0.1:1" }));
    try {
      expect(await errorCode(requestOtp({ mobile }, { ip: freshIp() }))).toBe("sms.unavailable");
    } finally {
      setSmsSender(undefined);
    }
    await expect(requestOtp({ mobile }, { ip: freshIp() })).resolves.toHaveProperty("challengeId");
  });
});

describe("OTP sending limits", () => {
  it("makes a number wait a minute between codes", async () => {
    const clock = manualClock();
    const mobile = freshMobile();
    await requestOtp({ mobile }, { ip: freshIp() });
    clock.advance(20_000);
    const e = await requestOtp({ mobile }, { ip: freshIp() }).catch((x: unknown) => x);
    expect(isDomainError(e) && [e.code, e.kind, e.retryAfter]).toEqual([
      "identity.rate_limited",
      "rate_limited",
      40,
    ]);
    clock.advance(40_000);
    await expect(requestOtp({ mobile }, { ip: freshIp() })).resolves.toHaveProperty("challengeId");
  });

  it("sends one code when the same number asks many times at once", async () => {
    const mobile = freshMobile();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => requestOtp({ mobile }, { ip: freshIp() })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("sends at most five codes per number per hour, from any IP", async () => {
    const hour = 3_600_000;
    const clock = manualClock(Math.ceil(Date.now() / hour) * hour + 1000);
    const mobile = freshMobile();
    for (let i = 0; i < 5; i++) {
      await requestOtp({ mobile }, { ip: freshIp() });
      clock.advance(61_000);
    }
    const e = await requestOtp({ mobile }, { ip: freshIp() }).catch((x: unknown) => x);
    expect(isDomainError(e) && e.code).toBe("identity.rate_limited");
    // Retry when the hour's window ends.
    expect(isDomainError(e) && e.retryAfter).toBe(Math.ceil((hour - 5 * 61_000 - 1000) / 1000));
    clock.advance(hour);
    await expect(requestOtp({ mobile }, { ip: freshIp() })).resolves.toHaveProperty("challengeId");
  });

  it("sends at most twenty codes per IP per hour, even when they are asked for at once", async () => {
    const ip = freshIp();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => requestOtp({ mobile: freshMobile() }, { ip })),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    expect(
      refused.every((e) => isDomainError(e) && e.code === "identity.rate_limited" && (e.retryAfter ?? 0) > 0),
    ).toBe(true);
  });
});
