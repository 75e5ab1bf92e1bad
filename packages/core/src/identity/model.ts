/**
 * Identity's inputs and outputs. Browser-safe (zod, fa and the actor types only): the HTTP
 * layer validates and documents with these schemas, the web reuses them for forms, and every
 * command parses its own input with them again.
 */
import { z } from "zod";
import { type RoleGrant, type StaffRole, scopedRoles, staffRoles } from "../actor";

/** The role catalogue, for the browser (the package root pulls in server configuration). */
export { scopedRoles, staffRoles };

import {
  normaliseMobile,
  normaliseNationalId,
  normaliseText,
  parseJalaliDate,
  tehranDateIso,
  toAsciiDigits,
} from "../fa";
import { isDistrictId, isNeighbourhoodOf } from "../geo/city";
import { districtIdSchema, neighbourhoodIdSchema } from "../geo/model";

export const mobileSchema = z.string({ error: "شماره موبایل را وارد کنید." }).transform((value, ctx) => {
  const mobile = normaliseMobile(value);
  if (!mobile) {
    ctx.addIssue({ code: "custom", message: "شماره موبایل درست نیست؛ مثلاً ۰۹۱۲۱۲۳۴۵۶۷." });
    return z.NEVER;
  }
  return mobile;
});

const digitsCode = (length: number) =>
  z
    .string({ error: "کد را وارد کنید." })
    .transform((s) => toAsciiDigits(s).replace(/\s/g, ""))
    .pipe(z.string().regex(new RegExp(`^\\d{${length}}$`), { error: `کد باید ${length} رقم باشد.` }));

export const otpRequestInput = z.object({ mobile: mobileSchema });
export type OtpRequestInput = z.input<typeof otpRequestInput>;

export const otpVerifyInput = z.object({
  challengeId: z.string({ error: "درخواست کد نامعتبر است." }).min(1).max(64),
  code: digitsCode(6),
});
export type OtpVerifyInput = z.input<typeof otpVerifyInput>;

export const otpChallengeOutput = z.object({
  challengeId: z.string(),
  expiresAt: z.string(),
  resendAfterSeconds: z.number().int(),
});
export type OtpChallenge = z.output<typeof otpChallengeOutput>;

const personName = (what: string) =>
  z
    .string({ error: `${what} را وارد کنید.` })
    .transform((s) => normaliseText(s))
    .pipe(
      z
        .string()
        .min(2, { error: `${what} دست‌کم ۲ حرف است.` })
        .max(50, { error: `${what} حداکثر ۵۰ حرف است.` }),
    );

/** "۵", "05" and "5" are the same district. */
const districtInput = z
  .string({ error: "منطقه را انتخاب کنید." })
  .transform((s) =>
    toAsciiDigits(s)
      .trim()
      .replace(/^0+(?=\d)/, ""),
  )
  .pipe(districtIdSchema);

export const profileInput = z
  .object({
    firstName: personName("نام"),
    lastName: personName("نام خانوادگی"),
    nationalId: z.string({ error: "کد ملی را وارد کنید." }).transform((value, ctx) => {
      const id = normaliseNationalId(value);
      if (!id) {
        ctx.addIssue({ code: "custom", message: "کد ملی درست نیست." });
        return z.NEVER;
      }
      return id;
    }),
    birthDate: z.string({ error: "تاریخ تولد را وارد کنید." }).transform((value, ctx) => {
      const date = parseJalaliDate(value);
      if (!date) {
        ctx.addIssue({ code: "custom", message: "تاریخ تولد درست نیست؛ مثلاً ۱۳۷۰/۰۵/۱۲." });
        return z.NEVER;
      }
      if (date.iso > tehranDateIso() || date.iso < "1900-01-01") {
        ctx.addIssue({ code: "custom", message: "تاریخ تولد پذیرفتنی نیست." });
        return z.NEVER;
      }
      return date.iso;
    }),
    district: districtInput,
    neighbourhood: neighbourhoodIdSchema,
  })
  .superRefine((p, ctx) => {
    if (!isNeighbourhoodOf(p.neighbourhood, p.district)) {
      ctx.addIssue({ code: "custom", path: ["neighbourhood"], message: "این محله در منطقهٔ انتخاب‌شده نیست." });
    }
  });
export type ProfileInput = z.input<typeof profileInput>;

/** A citizen's profile as shown back to them: the national id only by its last three digits. */
export const profileOutput = z.object({
  firstName: z.string(),
  lastName: z.string(),
  nationalIdLast3: z.string(),
  /** ISO calendar date; the web shows it in Jalali. */
  birthDate: z.string(),
  district: z.string(),
  neighbourhood: z.string(),
});
export type Profile = z.output<typeof profileOutput>;

export const roleGrantSchema = z.object({
  role: z.enum(staffRoles, { error: "نقش نامعتبر است." }),
  scope: z.string().trim().min(1).max(64).optional(),
});

/** Scope rules live here so the admin form and the command agree: see validateRoleGrants. */
export const roleGrantsSchema = z
  .array(roleGrantSchema, { error: "نقش‌ها را مشخص کنید." })
  .max(20)
  .superRefine((grants, ctx) => {
    for (const issue of roleGrantIssues(grants)) ctx.addIssue({ code: "custom", ...issue });
  });

/**
 * Scoped roles need their scope (district 1..22, a programme id for jurors); unscoped roles must
 * not carry one; the same grant twice is a mistake.
 */
export function roleGrantIssues(
  grants: ReadonlyArray<RoleGrant>,
): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const seen = new Set<string>();
  grants.forEach((grant, i) => {
    const kind = scopedRoles[grant.role];
    if (kind === "district" && !isDistrictId(grant.scope)) {
      issues.push({ path: [i, "scope"], message: "برای دبیرخانه منطقه، شماره منطقه (۱ تا ۲۲) لازم است." });
    } else if (kind === "programme" && !/^[A-Za-z0-9_-]{1,64}$/.test(grant.scope ?? "")) {
      issues.push({ path: [i, "scope"], message: "برای داور، شناسه برنامه لازم است." });
    } else if (!kind && grant.scope !== undefined) {
      issues.push({ path: [i, "scope"], message: "این نقش محدوده ندارد." });
    }
    const key = `${grant.role}#${grant.scope ?? ""}`;
    if (seen.has(key)) issues.push({ path: [i], message: "این نقش تکراری است." });
    seen.add(key);
  });
  return issues;
}

export const usernameSchema = z
  .string({ error: "نام کاربری را وارد کنید." })
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/, {
      error: "نام کاربری ۳ تا ۳۲ نویسه لاتین است و با حرف شروع می‌شود (حروف، رقم، نقطه، خط تیره).",
    }),
  );

export const PASSWORD_MIN_LENGTH = 10;
export const passwordSchema = z
  .string({ error: "گذرواژه را وارد کنید." })
  .min(PASSWORD_MIN_LENGTH, { error: "گذرواژه باید دست‌کم ۱۰ نویسه باشد." })
  .max(200, { error: "گذرواژه بیش از حد بلند است." });

export const staffSignInInput = z.object({
  // Sign-in accepts anything string-shaped: a malformed username is just a failed sign-in.
  username: z.string({ error: "نام کاربری را وارد کنید." }).min(1).max(100),
  password: z.string({ error: "گذرواژه را وارد کنید." }).min(1).max(200),
  /** A 6-digit TOTP code or a recovery code. */
  code: z.string({ error: "کد را وارد کنید." }).min(1).max(40),
});
export type StaffSignInInput = z.input<typeof staffSignInInput>;

export const inviteStaffInput = z.object({
  username: usernameSchema,
  displayName: personName("نام نمایشی"),
  roles: roleGrantsSchema,
});
export type InviteStaffInput = z.input<typeof inviteStaffInput>;

export const acceptInvitationInput = z.object({ password: passwordSchema });
export type AcceptInvitationInput = z.input<typeof acceptInvitationInput>;

export const confirmInvitationInput = z.object({ code: digitsCode(6) });
export type ConfirmInvitationInput = z.input<typeof confirmInvitationInput>;

export const setStaffRolesInput = z.object({ roles: roleGrantsSchema });
export type SetStaffRolesInput = z.input<typeof setStaffRolesInput>;

export const roleGrantOutput = z.object({ role: z.enum(staffRoles), scope: z.string().optional() });

export const meOutput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("citizen"),
    id: z.string(),
    /** Masked, e.g. "0912***4567". */
    mobile: z.string(),
    profile: profileOutput.nullable(),
    profileComplete: z.boolean(),
  }),
  z.object({
    kind: z.literal("staff"),
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleGrantOutput),
  }),
]);
export type Me = z.output<typeof meOutput>;

export const issuedSessionOutput = z.object({
  id: z.string(),
  /** The secret for the session cookie. */
  token: z.string(),
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type IssuedSession = z.output<typeof issuedSessionOutput>;

export const sessionViewOutput = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().optional(),
});
export type SessionView = z.output<typeof sessionViewOutput>;

export const staffStatuses = ["invited", "enrolling", "active"] as const;
export type StaffStatus = (typeof staffStatuses)[number];

export const staffViewOutput = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleGrantOutput),
  status: z.enum(staffStatuses),
  createdAt: z.string(),
});
export type StaffView = z.output<typeof staffViewOutput>;

export const invitationViewOutput = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleGrantOutput),
});
export type InvitationView = z.output<typeof invitationViewOutput>;

export const invitationIssuedOutput = z.object({ token: z.string(), expiresAt: z.string() });
export type InvitationIssued = z.output<typeof invitationIssuedOutput>;

export const enrolmentOutput = z.object({ otpauthUri: z.string(), qrSvg: z.string() });
export type Enrolment = z.output<typeof enrolmentOutput>;

export const recoveryCodesOutput = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.output<typeof recoveryCodesOutput>;

export type { RoleGrant, StaffRole };
