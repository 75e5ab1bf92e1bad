/**
 * Identity's commands: citizen sign-in by one-time SMS code, the citizen profile, sessions,
 * and staff accounts (invitation → password + TOTP enrolment → sign-in, roles).
 * Every command parses its own input and asks permissions.ts before it acts.
 */
import QRCode from "qrcode";
import { ulid } from "ulid";
import { type Actor, anonymous, type RoleGrant } from "../actor";
import { auditItem, type TransactItem, writeAudit } from "../audit";
import {
  decoyPasswordHash,
  decrypt,
  encrypt,
  hashPassword,
  keyedHash,
  randomToken,
  safeEqual,
  sha256,
  verifyPassword,
} from "../crypto";
import { cancellationCodes, transact } from "../db";
import { DomainError, errors, parseInput } from "../error";
import { maskMobile } from "../fa";
import { enforce, rateLimitedError } from "../ratelimit";
import { smsSender } from "../sms";
import { now } from "./clock";
import {
  acceptInvitationInput,
  confirmInvitationInput,
  type Enrolment,
  type InvitationIssued,
  type InvitationView,
  type IssuedSession,
  inviteStaffInput,
  type Me,
  type OtpChallenge,
  otpRequestInput,
  otpVerifyInput,
  type Profile,
  passwordSchema,
  profileInput,
  type RecoveryCodes,
  type SessionView,
  type StaffView,
  setStaffRolesInput,
  staffSignInInput,
} from "./model";
import { authorize } from "./permissions";
import {
  challengeVerdict,
  generateOtpCode,
  generateRecoveryCodes,
  hashOtpCode,
  hashRecoveryCode,
  INVITATION_TTL_SECONDS,
  isSessionLive,
  isTotpShaped,
  matchTotp,
  newTotpSecret,
  OTP_LIMITS,
  OTP_POLICY,
  type SessionKind,
  STAFF_SIGN_IN_LIMITS,
  sessionExpiresAt,
  shouldTouchSession,
  totpOf,
} from "./rules";
import * as store from "./store";

export { setClock } from "./clock";
export * from "./model";
export { authorize, can, type IdentityAction } from "./permissions";

/** Context the HTTP layer passes from the request. */
export interface RequestContext {
  ip: string;
  userAgent?: string;
}

export const identityErrors = {
  otpInvalid: () => new DomainError("identity.otp_invalid", "input", "کد واردشده درست نیست."),
  otpExpired: () =>
    new DomainError("identity.otp_expired", "input", "این کد منقضی شده است. لطفاً کد تازه‌ای درخواست کنید."),
  otpTooManyAttempts: () =>
    new DomainError(
      "identity.otp_too_many_attempts",
      "conflict",
      "تعداد تلاش‌های نادرست بیش از حد مجاز شد. لطفاً کد تازه‌ای درخواست کنید.",
    ),
  rateLimited: (retryAfter: number) => rateLimitedError("identity.rate_limited", retryAfter),
  invalidCredentials: () =>
    new DomainError("identity.invalid_credentials", "auth", "نام کاربری، گذرواژه یا کد درست نیست."),
  nationalIdTaken: () =>
    new DomainError(
      "identity.national_id_taken",
      "conflict",
      "این کد ملی پیش‌تر برای حساب دیگری ثبت شده است.",
      {
        fields: [{ path: "nationalId", message: "این کد ملی پیش‌تر برای حساب دیگری ثبت شده است." }],
      },
    ),
  usernameTaken: () =>
    new DomainError("identity.username_taken", "conflict", "این نام کاربری پیش‌تر گرفته شده است.", {
      fields: [{ path: "username", message: "این نام کاربری پیش‌تر گرفته شده است." }],
    }),
  invitationInvalid: () =>
    new DomainError("identity.invitation_invalid", "not_found", "این دعوت‌نامه معتبر نیست یا منقضی شده است."),
  totpInvalid: () =>
    new DomainError("identity.totp_invalid", "input", "کد برنامه احراز هویت درست نیست.", {
      fields: [{ path: "code", message: "کد برنامه احراز هویت درست نیست." }],
    }),
  cannotRemoveOwnAdmin: () =>
    new DomainError(
      "identity.cannot_remove_own_admin",
      "conflict",
      "نمی‌توانید نقش مدیر سامانه را از حساب خودتان بردارید.",
    ),
};

/** Roles as audit data: codes only, "district_secretariat:12". */
const grantLabels = (roles: RoleGrant[]) => roles.map((g) => (g.scope ? `${g.role}:${g.scope}` : g.role));
const seconds = (ms: number) => Math.floor(ms / 1000);
const iso = (ms: number) => new Date(ms).toISOString();

// ── citizens: one-time codes ─────────────────────────────────────────────────────────────────

/**
 * Sends a sign-in code. Order: the per-number resend cooldown first (so impatient clicks do not
 * eat the hourly quota), then the hourly limits per IP and per number, then the SMS.
 */
export async function requestOtp(input: unknown, ctx: RequestContext): Promise<OtpChallenge> {
  const { mobile } = parseInput(otpRequestInput, input);
  const t = now();
  const mobileHash = keyedHash("mobile", mobile);

  const waitMs = await store.claimOtpCooldown(mobileHash, t, OTP_POLICY.resendAfterSeconds);
  if (waitMs > 0) throw identityErrors.rateLimited(Math.ceil(waitMs / 1000));
  await enforce(
    [
      [OTP_LIMITS.perIp, ctx.ip],
      [OTP_LIMITS.perMobile, mobileHash],
    ],
    "identity.rate_limited",
    t,
  );

  const id = ulid();
  const code = generateOtpCode();
  const expiresAt = seconds(t) + OTP_POLICY.ttlSeconds;
  await store.putChallenge({
    id,
    mobile,
    mobileHash,
    codeHash: hashOtpCode(id, code),
    attempts: 0,
    status: "pending",
    createdAt: iso(t),
    expiresAt,
  });
  try {
    await smsSender().send(mobile, `کد ورود شما به همدل: ${code}`);
  } catch (e) {
    await store.releaseOtpCooldown(mobileHash);
    throw e;
  }
  return {
    challengeId: id,
    expiresAt: iso(expiresAt * 1000),
    resendAfterSeconds: OTP_POLICY.resendAfterSeconds,
  };
}

/** Checks a code; the first successful sign-in of a number creates the citizen's account. */
export async function verifyOtp(
  input: unknown,
  ctx: RequestContext,
): Promise<{ session: IssuedSession; me: Me }> {
  const { challengeId, code } = parseInput(otpVerifyInput, input);
  const t = now();

  const challenge = await store.spendAttempt(challengeId, seconds(t), OTP_POLICY.maxAttempts);
  if (!challenge) {
    const current = await store.getChallenge(challengeId);
    const verdict = current ? challengeVerdict(current, t) : "expired";
    if (verdict === "exhausted") throw identityErrors.otpTooManyAttempts();
    throw identityErrors.otpExpired();
  }
  if (!safeEqual(challenge.codeHash, hashOtpCode(challengeId, code))) {
    if (challenge.attempts >= OTP_POLICY.maxAttempts) throw identityErrors.otpTooManyAttempts();
    throw identityErrors.otpInvalid();
  }
  if (!(await store.useChallenge(challengeId))) throw identityErrors.otpExpired();

  const user = await findOrCreateCitizen(challenge.mobile, challenge.mobileHash, t);
  const session = await issueSession(user, ctx, t, [], "identity.citizen_signed_in");
  return { session, me: toMe(user) };
}

async function findOrCreateCitizen(
  mobile: string,
  mobileHash: string,
  t: number,
): Promise<store.CitizenItem> {
  const existingId = await store.userIdByMobile(mobileHash);
  if (existingId) return citizenOrFail(await store.getUser(existingId));

  const user: store.CitizenItem = {
    kind: "citizen",
    id: ulid(),
    mobile,
    mobileHash,
    createdAt: iso(t),
    profileVersion: 0,
  };
  try {
    await transact([
      ...store.createCitizenItems(user),
      auditItem({
        actor: anonymous,
        action: "identity.citizen_registered",
        subject: { type: "user", id: user.id },
        at: new Date(t),
      }),
    ]);
    return user;
  } catch (e) {
    // Two first sign-ins of the same number at once: the other one created the account.
    if (cancellationCodes(e)?.[0] !== "ConditionalCheckFailed") throw e;
    const winner = await store.userIdByMobile(mobileHash);
    return citizenOrFail(winner ? await store.getUser(winner) : undefined);
  }
}

function citizenOrFail(user: store.UserItem | undefined): store.CitizenItem {
  if (user?.kind !== "citizen") throw new Error("Mobile index points to a missing or non-citizen user");
  return user;
}

// ── sessions ─────────────────────────────────────────────────────────────────────────────────

function actorOf(user: store.UserItem, sessionId: string): Actor {
  return user.kind === "staff"
    ? { kind: "staff", userId: user.id, sessionId, username: user.username, roles: user.roles }
    : { kind: "citizen", userId: user.id, sessionId };
}

/**
 * Creates a session in the same transaction as `preconditions` (e.g. "this TOTP step was not used
 * yet") and the sign-in's audit entry. Only the token's SHA-256 is stored.
 */
async function issueSession(
  user: store.UserItem,
  ctx: RequestContext,
  t: number,
  preconditions: TransactItem[],
  action: string,
  data?: { method: string },
): Promise<IssuedSession> {
  const token = randomToken(32);
  const kind: SessionKind = user.kind;
  const session: store.SessionItem = {
    id: ulid(),
    userId: user.id,
    kind,
    csrfToken: randomToken(32),
    createdAt: iso(t),
    lastSeenAtMs: t,
    expiresAtMs: sessionExpiresAt(kind, t),
    ...(ctx.userAgent ? { userAgent: ctx.userAgent.slice(0, 200) } : {}),
  };
  await transact([
    ...preconditions,
    store.putSessionItem(sha256(token), session),
    auditItem({
      actor: actorOf(user, session.id),
      action,
      subject: { type: "user", id: user.id },
      at: new Date(t),
      ...(data ? { data } : {}),
    }),
  ]);
  return { id: session.id, token, csrfToken: session.csrfToken, expiresAt: iso(session.expiresAtMs) };
}

export interface ResolvedSession {
  id: string;
  kind: SessionKind;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/**
 * The actor behind a session token, or null when the token is unknown, expired (lifetime or
 * idle), revoked, or its staff account is no longer active. Staff roles are read fresh from the
 * account, so a role change takes effect on the next request.
 */
export async function resolveSession(
  token: string,
): Promise<{ actor: Actor; session: ResolvedSession } | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = sha256(token);
  const session = await store.getSession(tokenHash);
  if (!session) return null;
  const t = now();
  if (!isSessionLive(session, t)) return null;

  let actor: Actor;
  if (session.kind === "staff") {
    const user = await store.getUser(session.userId);
    if (user?.kind !== "staff" || user.status !== "active") return null;
    actor = actorOf(user, session.id);
  } else {
    actor = { kind: "citizen", userId: session.userId, sessionId: session.id };
  }
  if (shouldTouchSession(session.lastSeenAtMs, t)) await store.touchSession(tokenHash, t);
  return {
    actor,
    session: {
      id: session.id,
      kind: session.kind,
      userId: session.userId,
      csrfToken: session.csrfToken,
      createdAt: session.createdAt,
      lastSeenAt: iso(Math.max(session.lastSeenAtMs, t)),
      expiresAt: iso(session.expiresAtMs),
    },
  };
}

export async function listSessions(actor: Actor): Promise<{ items: SessionView[] }> {
  authorize(actor, "session.list");
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const t = now();
  const items = (await store.listSessionsOfUser(actor.userId))
    .filter((s) => isSessionLive(s, t))
    .map((s) => ({
      id: s.id,
      current: s.id === actor.sessionId,
      createdAt: s.createdAt,
      lastSeenAt: iso(s.lastSeenAtMs),
      expiresAt: iso(s.expiresAtMs),
      ...(s.userAgent ? { userAgent: s.userAgent } : {}),
    }));
  return { items };
}

/** Ends one of the actor's own sessions. Another person's session id is simply not found. */
export async function revokeSession(actor: Actor, sessionId: string): Promise<void> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const own = (await store.listSessionsOfUser(actor.userId)).find((s) => s.id === sessionId);
  if (!own) throw errors.notFound("identity.session");
  authorize(actor, "session.revoke", { userId: own.userId });
  if (!(await store.deleteSession(own.pk, actor.userId))) throw errors.notFound("identity.session");
}

export async function signOut(actor: Actor): Promise<void> {
  authorize(actor, "session.signOut");
  if (actor.kind === "anonymous") return;
  const own = (await store.listSessionsOfUser(actor.userId)).find((s) => s.id === actor.sessionId);
  if (own) await store.deleteSession(own.pk, actor.userId);
}

// ── me and the citizen profile ───────────────────────────────────────────────────────────────

function toMe(user: store.UserItem): Me {
  if (user.kind === "staff") {
    return {
      kind: "staff",
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
    };
  }
  return {
    kind: "citizen",
    id: user.id,
    mobile: maskMobile(user.mobile),
    profile: user.profile ?? null,
    profileComplete: user.profile !== undefined,
  };
}

export async function getMe(actor: Actor): Promise<Me> {
  authorize(actor, "me.read");
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const user = await store.getUser(actor.userId);
  if (!user) throw errors.unauthenticated();
  return toMe(user);
}

/**
 * Sets the citizen's profile. One account per national id: the id's uniqueness item is written
 * in the same transaction, so of two accounts claiming the same id at once exactly one wins.
 */
export async function updateProfile(actor: Actor, input: unknown): Promise<Me> {
  authorize(actor, "profile.update");
  if (actor.kind !== "citizen") throw errors.forbidden();
  // The schema also checks that the neighbourhood lies in the district (geo).
  const data = parseInput(profileInput, input);
  const profile: Profile = {
    firstName: data.firstName,
    lastName: data.lastName,
    nationalIdLast3: data.nationalId.slice(-3),
    birthDate: data.birthDate,
    district: data.district,
    neighbourhood: data.neighbourhood,
  };
  const nationalIdHash = keyedHash("national-id", data.nationalId);

  for (let attempt = 0; ; attempt++) {
    const user = citizenOrFail(await store.getUser(actor.userId));
    try {
      await transact([
        ...store.updateProfileItems(user, profile, nationalIdHash),
        auditItem({
          actor,
          action: "identity.profile_updated",
          subject: { type: "user", id: user.id },
          at: new Date(now()),
        }),
      ]);
      return toMe({ ...user, profile, nationalIdHash, profileVersion: user.profileVersion + 1 });
    } catch (e) {
      const codes = cancellationCodes(e);
      if (codes?.[1] === "ConditionalCheckFailed") throw identityErrors.nationalIdTaken();
      // The profile changed between our read and write (another tab): read again and retry.
      if (codes?.[0] === "ConditionalCheckFailed" && attempt < 3) continue;
      throw e;
    }
  }
}

// ── staff ────────────────────────────────────────────────────────────────────────────────────

function toStaffView(user: store.StaffItem): StaffView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    status: user.status,
    createdAt: user.createdAt,
  };
}

/**
 * Staff sign-in: password and a second factor (TOTP code, or a single-use recovery code). Every
 * failure is the same `identity.invalid_credentials`, and an unknown username costs the same
 * scrypt time as a wrong password, so neither the message nor the timing tells which was wrong.
 */
export async function staffSignIn(
  input: unknown,
  ctx: RequestContext,
): Promise<{ session: IssuedSession; me: Me }> {
  const { username: rawUsername, password, code } = parseInput(staffSignInInput, input);
  const username = rawUsername.trim().toLowerCase();
  const t = now();
  await enforce(
    [
      [STAFF_SIGN_IN_LIMITS.perIp, ctx.ip],
      [STAFF_SIGN_IN_LIMITS.perUsername, username],
    ],
    "identity.rate_limited",
    t,
  );

  const userId = await store.userIdByUsername(username);
  const user = userId ? await store.getUser(userId) : undefined;
  const staff = user?.kind === "staff" && user.status === "active" && user.passwordHash ? user : undefined;
  const passwordOk = await verifyPassword(password, staff?.passwordHash ?? (await decoyPasswordHash()));

  const fail = async (reason: string) => {
    if (staff) {
      await writeAudit({
        actor: anonymous,
        action: "identity.staff_sign_in_failed",
        subject: { type: "user", id: staff.id },
        data: { reason },
        at: new Date(t),
      });
    }
    return identityErrors.invalidCredentials();
  };
  if (!staff?.totpSecret) throw identityErrors.invalidCredentials();
  if (!passwordOk) throw await fail("password");

  let precondition: TransactItem;
  let method: string;
  if (isTotpShaped(code)) {
    const step = matchTotp(decrypt("totp-secret", staff.totpSecret), code, t, staff.lastTotpStep);
    if (step === null) throw await fail("totp");
    precondition = store.useTotpStepItem(staff.id, step, "active");
    method = "totp";
  } else {
    precondition = store.useRecoveryCodeItem(staff.id, hashRecoveryCode(staff.id, code));
    method = "recovery_code";
  }
  try {
    const session = await issueSession(staff, ctx, t, [precondition], "identity.staff_signed_in", { method });
    return { session, me: toMe(staff) };
  } catch (e) {
    // The code was already used (same TOTP step, spent recovery code) or the account changed.
    if (cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw await fail(method);
    throw e;
  }
}

export async function listStaff(actor: Actor): Promise<{ items: StaffView[] }> {
  authorize(actor, "staff.list");
  const items = await store.listStaffItems();
  return { items: items.map(toStaffView) };
}

/**
 * Invites a staff member: reserves the username, creates the account (status "invited") and a
 * one-week invitation whose token is returned once and stored only hashed.
 */
export async function inviteStaff(actor: Actor, input: unknown): Promise<InvitationIssued> {
  authorize(actor, "staff.invite");
  const data = parseInput(inviteStaffInput, input);
  const t = now();
  const token = randomToken(32);
  const staff: store.StaffItem = {
    kind: "staff",
    id: ulid(),
    username: data.username,
    displayName: data.displayName,
    roles: data.roles,
    status: "invited",
    createdAt: iso(t),
  };
  const expiresAt = seconds(t) + INVITATION_TTL_SECONDS;
  try {
    await transact([
      ...store.createStaffItems(staff),
      store.putInvitationItem(sha256(token), {
        staffId: staff.id,
        username: staff.username,
        displayName: staff.displayName,
        roles: staff.roles,
        status: "pending",
        createdAt: staff.createdAt,
        expiresAt,
      }),
      auditItem({
        actor,
        action: "identity.staff_invited",
        subject: { type: "user", id: staff.id },
        data: { roles: grantLabels(staff.roles) },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw identityErrors.usernameTaken();
    throw e;
  }
  return { token, expiresAt: iso(expiresAt * 1000) };
}

async function openInvitation(token: string, statuses: ReadonlyArray<store.InvitationItem["status"]>) {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token))
    throw identityErrors.invitationInvalid();
  const tokenHash = sha256(token);
  const invitation = await store.getInvitationItem(tokenHash);
  if (!invitation || !statuses.includes(invitation.status) || now() >= invitation.expiresAt * 1000) {
    throw identityErrors.invitationInvalid();
  }
  return { tokenHash, invitation };
}

export async function getInvitation(token: string): Promise<InvitationView> {
  const { invitation } = await openInvitation(token, ["pending", "accepted"]);
  return { username: invitation.username, displayName: invitation.displayName, roles: invitation.roles };
}

/**
 * Sets the password and a fresh TOTP secret, returned as an otpauth:// URI and its QR code.
 * May be repeated until the first code is confirmed (a lost QR code just means accepting again).
 */
export async function acceptInvitation(token: string, input: unknown): Promise<Enrolment> {
  const { tokenHash, invitation } = await openInvitation(token, ["pending", "accepted"]);
  const { password } = parseInput(acceptInvitationInput, input);
  const secret = newTotpSecret();
  try {
    await transact([
      store.enrolStaffItem(invitation.staffId, await hashPassword(password), encrypt("totp-secret", secret)),
      store.advanceInvitationItem(tokenHash, ["pending", "accepted"], "accepted", seconds(now())),
    ]);
  } catch (e) {
    if (cancellationCodes(e)?.includes("ConditionalCheckFailed")) throw identityErrors.invitationInvalid();
    throw e;
  }
  const otpauthUri = totpOf(secret, invitation.username).toString();
  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { otpauthUri, qrSvg };
}

/** The first TOTP code proves the authenticator works: the account becomes active, with 10 recovery codes. */
export async function confirmInvitation(token: string, input: unknown): Promise<RecoveryCodes> {
  const { tokenHash, invitation } = await openInvitation(token, ["accepted"]);
  const { code } = parseInput(confirmInvitationInput, input);
  const user = await store.getUser(invitation.staffId);
  if (user?.kind !== "staff" || user.status !== "enrolling" || !user.totpSecret) {
    throw identityErrors.invitationInvalid();
  }
  const t = now();
  const step = matchTotp(decrypt("totp-secret", user.totpSecret), code, t, user.lastTotpStep);
  if (step === null) throw identityErrors.totpInvalid();

  const recoveryCodes = generateRecoveryCodes();
  try {
    await transact([
      store.activateStaffItem(user.id, step),
      store.advanceInvitationItem(tokenHash, ["accepted"], "confirmed", seconds(t)),
      ...recoveryCodes.map((c) => store.putRecoveryCodeItem(user.id, hashRecoveryCode(user.id, c), iso(t))),
      auditItem({
        actor: anonymous,
        action: "identity.staff_enrolled",
        subject: { type: "user", id: user.id },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (cancellationCodes(e)?.includes("ConditionalCheckFailed")) throw identityErrors.invitationInvalid();
    throw e;
  }
  return { recoveryCodes };
}

/** Replaces a staff member's roles. An admin cannot take platform_admin from themself (no lock-out). */
export async function setStaffRoles(actor: Actor, staffId: string, input: unknown): Promise<StaffView> {
  authorize(actor, "staff.setRoles");
  const { roles } = parseInput(setStaffRolesInput, input);
  if (actor.kind === "staff" && actor.userId === staffId && !roles.some((g) => g.role === "platform_admin")) {
    throw identityErrors.cannotRemoveOwnAdmin();
  }
  const user = await store.getUser(staffId);
  if (user?.kind !== "staff") throw errors.notFound("identity.staff");
  try {
    await transact([
      store.setRolesItem(staffId, roles),
      auditItem({
        actor,
        action: "identity.staff_roles_changed",
        subject: { type: "user", id: staffId },
        data: {
          from: grantLabels(user.roles),
          to: grantLabels(roles),
        },
        at: new Date(now()),
      }),
    ]);
  } catch (e) {
    if (cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw errors.notFound("identity.staff");
    throw e;
  }
  return toStaffView({ ...user, roles });
}

export interface StaffAccountSeed {
  username: string;
  displayName: string;
  password: string;
  /** Base32 TOTP secret, so the demo's authenticator codes are reproducible. */
  totpSecret: string;
  roles: RoleGrant[];
}

/**
 * Creates an active staff account directly (the local seed's demo accounts). Idempotent: when the
 * username exists, the existing account is returned unchanged.
 */
export async function createStaffAccount(seed: StaffAccountSeed): Promise<StaffView> {
  const { username, displayName, roles } = parseInput(inviteStaffInput, seed);
  parseInput(passwordSchema, seed.password);
  const totpSecret = seed.totpSecret.replace(/\s/g, "").toUpperCase();
  totpOf(totpSecret, username); // throws on a secret that is not base32
  const existing = await existingStaff(username);
  if (existing) return existing;

  const t = now();
  const staff: store.StaffItem = {
    kind: "staff",
    id: ulid(),
    username,
    displayName,
    roles,
    status: "active",
    createdAt: iso(t),
    passwordHash: await hashPassword(seed.password),
    totpSecret: encrypt("totp-secret", totpSecret),
  };
  try {
    await transact([
      ...store.createStaffItems(staff),
      auditItem({
        actor: anonymous,
        action: "identity.staff_seeded",
        subject: { type: "user", id: staff.id },
        at: new Date(t),
      }),
    ]);
    return toStaffView(staff);
  } catch (e) {
    if (cancellationCodes(e)?.[0] !== "ConditionalCheckFailed") throw e;
    const raced = await existingStaff(username);
    if (!raced) throw e;
    return raced;
  }
}

async function existingStaff(username: string): Promise<StaffView | undefined> {
  const id = await store.userIdByUsername(username);
  const user = id ? await store.getUser(id) : undefined;
  return user?.kind === "staff" ? toStaffView(user) : undefined;
}
