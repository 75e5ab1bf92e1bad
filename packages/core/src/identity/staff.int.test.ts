import * as OTPAuth from "otpauth";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { listAudit } from "../audit";
import { isDomainError } from "../error";
import {
  acceptInvitation,
  confirmInvitation,
  createStaffAccount,
  getInvitation,
  inviteStaff,
  listStaff,
  resolveSession,
  setClock,
  setStaffRoles,
  staffSignIn,
} from "./index";
import { newTotpSecret } from "./rules";
import { errorCode, freshIp, freshName, manualClock, signInCitizen } from "./test-support";

afterEach(() => setClock());

const STEP = 30_000;
const totpCode = (secret: string, at: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });
/** A time safely inside a TOTP step, in the future so that no earlier test used its steps. */
const stepStart = () => (Math.floor(Date.now() / STEP) + 10) * STEP + 1000;

const adminPassword = "admin-password-123";
const adminSecret = newTotpSecret();
let adminUsername: string;
let admin: Actor;

beforeAll(async () => {
  adminUsername = freshName("admin");
  await createStaffAccount({
    username: adminUsername,
    displayName: "مدیر سامانه",
    password: adminPassword,
    totpSecret: adminSecret,
    roles: [{ role: "platform_admin" }],
  });
  const t = stepStart();
  setClock(() => t);
  const { session } = await staffSignIn(
    { username: adminUsername, password: adminPassword, code: totpCode(adminSecret, t) },
    { ip: freshIp() },
  );
  setClock();
  const resolved = await resolveSession(session.token);
  if (!resolved) throw new Error("admin session did not resolve");
  admin = resolved.actor;
});

/** Invites, accepts and confirms a staff member; returns what they hold afterwards. */
async function enrol(roles: Array<{ role: "juror"; scope: string } | { role: "central_secretariat" }>) {
  const clock = manualClock(stepStart());
  const username = freshName("staff");
  const { token } = await inviteStaff(admin, { username, displayName: "رضا كاظمي", roles });
  const enrolment = await acceptInvitation(token, { password: "a-long-password" });
  const secret = (OTPAuth.URI.parse(enrolment.otpauthUri) as OTPAuth.TOTP).secret.base32;
  const { recoveryCodes } = await confirmInvitation(token, { code: totpCode(secret, clock.now()) });
  return { clock, username, token, secret, recoveryCodes, enrolment };
}

describe("staff enrolment by invitation", () => {
  it("invite → accept (QR) → confirm (first TOTP) → sign in with password + TOTP", async () => {
    const clock = manualClock(stepStart());
    const username = freshName("Sara.");
    const issued = await inviteStaff(admin, {
      username: ` ${username.toUpperCase()} `,
      displayName: "سارا كريمي",
      roles: [{ role: "district_secretariat", scope: "12" }],
    });
    expect(new Date(issued.expiresAt).getTime() - clock.now()).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
    expect(await getInvitation(issued.token)).toEqual({
      username: username.toLowerCase(),
      displayName: "سارا کریمی",
      roles: [{ role: "district_secretariat", scope: "12" }],
    });

    expect(await errorCode(acceptInvitation(issued.token, { password: "short" }))).toBe("input.invalid");
    const enrolment = await acceptInvitation(issued.token, { password: "a-long-password" });
    expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const totp = OTPAuth.URI.parse(enrolment.otpauthUri) as OTPAuth.TOTP;
    expect(totp.issuer).toBe("Hamdel");
    expect(totp.label).toBe(username.toLowerCase());
    const secret = totp.secret.base32;

    // Not active yet: no sign-in before the first code is confirmed.
    expect(
      await errorCode(
        staffSignIn(
          { username, password: "a-long-password", code: totpCode(secret, clock.now()) },
          { ip: freshIp() },
        ),
      ),
    ).toBe("identity.invalid_credentials");

    expect(await errorCode(confirmInvitation(issued.token, { code: "000000" }))).toBe(
      "identity.totp_invalid",
    );
    const { recoveryCodes } = await confirmInvitation(issued.token, { code: totpCode(secret, clock.now()) });
    expect(recoveryCodes).toHaveLength(10);

    // The invitation is used up.
    expect(await errorCode(getInvitation(issued.token))).toBe("identity.invitation_invalid");
    expect(await errorCode(confirmInvitation(issued.token, { code: totpCode(secret, clock.now()) }))).toBe(
      "identity.invitation_invalid",
    );

    // The code that confirmed enrolment cannot be replayed to sign in; the next step's can.
    const ctx = { ip: freshIp(), userAgent: "vitest" };
    const same = { username, password: "a-long-password", code: totpCode(secret, clock.now()) };
    expect(await errorCode(staffSignIn(same, ctx))).toBe("identity.invalid_credentials");
    clock.advance(STEP);
    const { session, me } = await staffSignIn({ ...same, code: totpCode(secret, clock.now()) }, ctx);
    expect(me).toMatchObject({
      kind: "staff",
      username: username.toLowerCase(),
      displayName: "سارا کریمی",
      roles: [{ role: "district_secretariat", scope: "12" }],
    });
    const resolved = await resolveSession(session.token);
    expect(resolved?.actor).toMatchObject({
      kind: "staff",
      userId: me.id,
      roles: [{ role: "district_secretariat", scope: "12" }],
    });

    // And that code, too, works once.
    expect(await errorCode(staffSignIn({ ...same, code: totpCode(secret, clock.now()) }, ctx))).toBe(
      "identity.invalid_credentials",
    );

    const history = (await listAudit("user", me.id)).map((e) => e.action);
    expect(history).toEqual([
      "identity.staff_invited",
      "identity.staff_enrolled",
      "identity.staff_sign_in_failed",
      "identity.staff_signed_in",
      "identity.staff_sign_in_failed",
    ]);
  });

  it("lets an invitation be accepted again (new secret) until confirmed, and expire after seven days", async () => {
    const clock = manualClock(stepStart());
    const { token } = await inviteStaff(admin, {
      username: freshName("u"),
      displayName: "کاربر آزمایشی",
      roles: [{ role: "central_secretariat" }],
    });
    const first = await acceptInvitation(token, { password: "a-long-password" });
    const second = await acceptInvitation(token, { password: "a-long-password" });
    expect(second.otpauthUri).not.toBe(first.otpauthUri);
    const oldSecret = (OTPAuth.URI.parse(first.otpauthUri) as OTPAuth.TOTP).secret.base32;
    expect(await errorCode(confirmInvitation(token, { code: totpCode(oldSecret, clock.now()) }))).toBe(
      "identity.totp_invalid",
    );
    clock.advance(7 * 24 * 3600 * 1000);
    expect(await errorCode(getInvitation(token))).toBe("identity.invitation_invalid");
    expect(await errorCode(acceptInvitation(token, { password: "a-long-password" }))).toBe(
      "identity.invitation_invalid",
    );
    expect(await errorCode(getInvitation("x".repeat(43)))).toBe("identity.invitation_invalid");
  });

  it("refuses a taken username and badly scoped roles", async () => {
    expect(
      await errorCode(inviteStaff(admin, { username: adminUsername, displayName: "دیگری", roles: [] })),
    ).toBe("identity.username_taken");
    const e = await inviteStaff(admin, {
      username: freshName("u"),
      displayName: "داور",
      roles: [{ role: "juror" }, { role: "district_secretariat", scope: "23" }],
    }).catch((x: unknown) => x);
    expect(isDomainError(e) && e.fields?.map((f) => f.path)).toEqual(["roles.0.scope", "roles.1.scope"]);
  });

  it("is for platform admins only", async () => {
    const input = { username: freshName("u"), displayName: "کسی", roles: [] };
    const citizen = await resolveSession((await signInCitizen()).session.token);
    const { username, secret, clock } = await enrol([{ role: "central_secretariat" }]);
    clock.advance(STEP);
    const other = await staffSignIn(
      { username, password: "a-long-password", code: totpCode(secret, clock.now()) },
      { ip: freshIp() },
    );
    const secretariat = await resolveSession(other.session.token);

    expect(await errorCode(inviteStaff({ kind: "anonymous" }, input))).toBe("auth.required");
    expect(await errorCode(inviteStaff(citizen?.actor ?? admin, input))).toBe("auth.forbidden");
    expect(await errorCode(inviteStaff(secretariat?.actor ?? admin, input))).toBe("auth.forbidden");
    expect(await errorCode(listStaff(secretariat?.actor ?? admin))).toBe("auth.forbidden");
    expect(await errorCode(setStaffRoles(secretariat?.actor ?? admin, other.me.id, { roles: [] }))).toBe(
      "auth.forbidden",
    );
  });
});

describe("staff sign-in", () => {
  it("fails the same way for an unknown user, a wrong password and a wrong code", async () => {
    const t = stepStart();
    setClock(() => t);
    const ctx = { ip: freshIp() };
    const code = totpCode(adminSecret, t);
    const wrongCode = String((Number(code) + 1) % 1e6).padStart(6, "0");
    const attempts = [
      { username: freshName("nobody"), password: adminPassword, code },
      { username: adminUsername, password: "wrong-password-1", code },
      { username: adminUsername, password: adminPassword, code: wrongCode },
      { username: adminUsername, password: adminPassword, code: "aaaaa-bbbbb" },
    ];
    for (const attempt of attempts) {
      const e = await staffSignIn(attempt, ctx).catch((x: unknown) => x);
      expect(isDomainError(e) && [e.code, e.kind, e.messageFa]).toEqual([
        "identity.invalid_credentials",
        "auth",
        "نام کاربری، گذرواژه یا کد درست نیست.",
      ]);
    }
  });

  it("takes each recovery code once", async () => {
    const { username, recoveryCodes } = await enrol([{ role: "juror", scope: "prog-1" }]);
    const [first = "", second = ""] = recoveryCodes;
    const signIn = (code: string) =>
      staffSignIn({ username, password: "a-long-password", code }, { ip: freshIp() });
    const { me } = await signIn(first.toUpperCase().replace("-", " "));
    expect(me.kind).toBe("staff");
    expect(await errorCode(signIn(first))).toBe("identity.invalid_credentials");
    // Two sign-ins racing with the same code: one wins.
    const race = await Promise.allSettled([signIn(second), signIn(second)]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("is limited to ten attempts per username per quarter hour", async () => {
    const { username } = await enrol([{ role: "central_secretariat" }]);
    const attempt = () =>
      staffSignIn({ username, password: "wrong-password-1", code: "123456" }, { ip: freshIp() }).catch(
        (e: unknown) => e,
      );
    const results = await Promise.all(Array.from({ length: 12 }, attempt));
    const codes = results.map((e) => (isDomainError(e) ? e.code : "none"));
    expect(codes.filter((c) => c === "identity.invalid_credentials")).toHaveLength(10);
    expect(codes.filter((c) => c === "identity.rate_limited")).toHaveLength(2);
  });

  it("ends a staff session after thirty idle minutes", async () => {
    const { username, secret, clock } = await enrol([{ role: "central_secretariat" }]);
    clock.advance(STEP);
    const { session } = await staffSignIn(
      { username, password: "a-long-password", code: totpCode(secret, clock.now()) },
      { ip: freshIp() },
    );
    clock.advance(29 * 60_000);
    expect(await resolveSession(session.token)).not.toBeNull();
    clock.advance(30 * 60_000);
    expect(await resolveSession(session.token)).toBeNull();
  });
});

describe("staff administration", () => {
  it("lists staff and changes roles, effective on the next request", async () => {
    const { username, secret, clock } = await enrol([{ role: "central_secretariat" }]);
    clock.advance(STEP);
    const { session, me } = await staffSignIn(
      { username, password: "a-long-password", code: totpCode(secret, clock.now()) },
      { ip: freshIp() },
    );
    const listed = (await listStaff(admin)).items.find((s) => s.id === me.id);
    expect(listed).toMatchObject({ username, status: "active", roles: [{ role: "central_secretariat" }] });

    const updated = await setStaffRoles(admin, me.id, {
      roles: [{ role: "election_observer" }, { role: "district_secretariat", scope: "3" }],
    });
    expect(updated.roles).toEqual([
      { role: "election_observer" },
      { role: "district_secretariat", scope: "3" },
    ]);
    const resolved = await resolveSession(session.token);
    expect(resolved?.actor.kind === "staff" && resolved.actor.roles).toEqual(updated.roles);

    const audit = (await listAudit("user", me.id)).find((e) => e.action === "identity.staff_roles_changed");
    expect(audit).toMatchObject({
      actor: { kind: "staff", userId: admin.kind === "staff" ? admin.userId : "" },
      data: { from: ["central_secretariat"], to: ["election_observer", "district_secretariat:3"] },
    });

    expect(await errorCode(setStaffRoles(admin, me.id, { roles: [{ role: "district_secretariat" }] }))).toBe(
      "input.invalid",
    );
    expect(await errorCode(setStaffRoles(admin, "01NOSUCHSTAFF", { roles: [] }))).toBe(
      "identity.staff.not_found",
    );
  });

  it("does not let an admin remove their own platform_admin role", async () => {
    const adminId = admin.kind === "staff" ? admin.userId : "";
    expect(await errorCode(setStaffRoles(admin, adminId, { roles: [{ role: "central_secretariat" }] }))).toBe(
      "identity.cannot_remove_own_admin",
    );
    const kept = await setStaffRoles(admin, adminId, {
      roles: [{ role: "platform_admin" }, { role: "central_secretariat" }],
    });
    expect(kept.roles).toHaveLength(2);
  });

  it("creates seed accounts idempotently", async () => {
    const seed = {
      username: freshName("seed"),
      displayName: "حساب نمونه",
      password: "seed-password-1",
      totpSecret: newTotpSecret(),
      roles: [{ role: "ngo_hq" as const }],
    };
    const [a, b] = await Promise.all([createStaffAccount(seed), createStaffAccount(seed)]);
    const c = await createStaffAccount({ ...seed, displayName: "دیگر" });
    expect(b.id).toBe(a.id);
    expect(c).toEqual(a);
    expect(a.status).toBe("active");
    const t = stepStart();
    setClock(() => t);
    const { me } = await staffSignIn(
      { username: seed.username, password: seed.password, code: totpCode(seed.totpSecret, t) },
      { ip: freshIp() },
    );
    expect(me.id).toBe(a.id);
  });
});
