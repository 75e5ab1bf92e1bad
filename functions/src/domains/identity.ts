/**
 * /api/identity: citizens' OTP sign-in, profile and sessions; staff sign-in, invitations and
 * roles. Each handler validates with core's schema, calls one core command with the actor and
 * maps the result; authorisation is core's (`can` in identity/permissions.ts), never decided here.
 */
import {
  acceptInvitation,
  confirmInvitation,
  getInvitation,
  getMe,
  inviteStaff,
  listSessions,
  listStaff,
  requestOtp,
  revokeSession,
  setStaffRoles,
  signOut,
  staffSignIn,
  updateProfile,
  verifyOtp,
} from "@hamdel/core/identity";
import {
  acceptInvitationInput,
  confirmInvitationInput,
  enrolmentOutput,
  invitationIssuedOutput,
  invitationViewOutput,
  inviteStaffInput,
  meOutput,
  otpChallengeOutput,
  otpRequestInput,
  otpVerifyInput,
  profileInput,
  recoveryCodesOutput,
  sessionViewOutput,
  setStaffRolesInput,
  staffSignInInput,
  staffViewOutput,
} from "@hamdel/core/identity/model";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { clearSessionCookies, setSessionCookies } from "../http/cookies";
import { csrfTokenExempt } from "../http/csrf";
import { domainApp, json, jsonBody, noContent, problems, sessionSecurity } from "../http/openapi";

const Me = meOutput.meta({ id: "Me", description: "The signed-in person: a citizen or a staff member." });
const StaffView = staffViewOutput.meta({ id: "Staff" });
const SessionView = sessionViewOutput.meta({ id: "Session" });

const sessionIdParam = z.object({
  id: z.string().min(1, { error: "شناسه نشست نامعتبر است." }).max(64, { error: "شناسه نشست نامعتبر است." }),
});
const staffIdParam = z.object({
  id: z
    .string()
    .min(1, { error: "شناسه کارمند نامعتبر است." })
    .max(64, { error: "شناسه کارمند نامعتبر است." }),
});
const invitationTokenParam = z.object({
  token: z.string().min(1, { error: "دعوت‌نامه نامعتبر است." }).max(200, { error: "دعوت‌نامه نامعتبر است." }),
});

/** What core's commands want to know about the caller besides the actor. */
function requestCtx(c: Context<AppEnv>) {
  const userAgent = c.req.header("user-agent");
  return { ip: c.var.clientIp, ...(userAgent ? { userAgent: userAgent.slice(0, 256) } : {}) };
}

const tags = ["identity"];

const otpRequestRoute = createRoute({
  method: "post",
  path: "/otp/request",
  tags,
  summary: "Send a one-time sign-in code by SMS",
  description:
    "Accepts 09xxxxxxxxx, +989…, 989… and Persian/Arabic digits. Rate-limited per number and per IP.",
  middleware: [csrfTokenExempt] as const,
  request: { body: jsonBody(otpRequestInput) },
  responses: {
    202: json(otpChallengeOutput, "The code was sent; verify it with the challenge id."),
    ...problems(400, 403, 422, 429, 503),
  },
});

const otpVerifyRoute = createRoute({
  method: "post",
  path: "/otp/verify",
  tags,
  summary: "Verify the code and sign in (sets the session and CSRF cookies)",
  description: "Codes expire after 2 minutes and allow 5 tries.",
  middleware: [csrfTokenExempt] as const,
  request: { body: jsonBody(otpVerifyInput) },
  responses: { 200: json(Me, "Signed in."), ...problems(400, 401, 403, 422, 429) },
});

const meRoute = createRoute({
  method: "get",
  path: "/me",
  tags,
  summary: "The signed-in person",
  security: sessionSecurity,
  responses: { 200: json(Me, "The signed-in person."), ...problems(401) },
});

const profileRoute = createRoute({
  method: "put",
  path: "/me/profile",
  tags,
  summary: "Complete or change a citizen's profile",
  description:
    "nationalId is checked with its check digit; birthDate is Jalali (۱۳۷۰/۰۵/۱۲, Persian or ASCII digits) or ISO; " +
    "district is 1..22 and the neighbourhood must belong to it.",
  security: sessionSecurity,
  request: { body: jsonBody(profileInput) },
  responses: { 200: json(Me, "The updated person."), ...problems(400, 401, 403, 409, 422) },
});

const signOutRoute = createRoute({
  method: "post",
  path: "/sign-out",
  tags,
  summary: "Sign out (revokes this session, clears the cookies)",
  security: sessionSecurity,
  responses: { 204: noContent, ...problems(401, 403) },
});

const sessionsRoute = createRoute({
  method: "get",
  path: "/sessions",
  tags,
  summary: "The signed-in person's sessions",
  security: sessionSecurity,
  responses: {
    200: json(z.object({ items: z.array(SessionView) }), "Sessions, current one marked."),
    ...problems(401),
  },
});

const revokeSessionRoute = createRoute({
  method: "delete",
  path: "/sessions/{id}",
  tags,
  summary: "Revoke one of the signed-in person's sessions",
  security: sessionSecurity,
  request: { params: sessionIdParam },
  responses: { 204: noContent, ...problems(401, 403, 404, 422) },
});

const staffSignInRoute = createRoute({
  method: "post",
  path: "/staff/sign-in",
  tags,
  summary: "Staff sign-in with password and TOTP (or a recovery code)",
  description: "Rate-limited per username and per IP; every failure has the same message.",
  middleware: [csrfTokenExempt] as const,
  request: { body: jsonBody(staffSignInInput) },
  responses: { 200: json(Me, "Signed in."), ...problems(400, 401, 403, 422, 429) },
});

const listStaffRoute = createRoute({
  method: "get",
  path: "/staff",
  tags,
  summary: "All staff accounts (platform admin)",
  security: sessionSecurity,
  responses: { 200: json(z.object({ items: z.array(StaffView) }), "Staff accounts."), ...problems(401, 403) },
});

const inviteStaffRoute = createRoute({
  method: "post",
  path: "/staff/invitations",
  tags,
  summary: "Invite a staff member with roles (platform admin)",
  security: sessionSecurity,
  request: { body: jsonBody(inviteStaffInput) },
  responses: {
    201: json(invitationIssuedOutput, "The invitation; the token goes into the link given to the person."),
    ...problems(400, 401, 403, 409, 422),
  },
});

const getInvitationRoute = createRoute({
  method: "get",
  path: "/staff/invitations/{token}",
  tags,
  summary: "Read an invitation (the token is the secret)",
  request: { params: invitationTokenParam },
  responses: {
    200: json(invitationViewOutput, "Who is invited, with which roles."),
    ...problems(404, 409, 422),
  },
});

const acceptInvitationRoute = createRoute({
  method: "post",
  path: "/staff/invitations/{token}/accept",
  tags,
  summary: "Choose a password; returns the TOTP enrolment",
  request: { params: invitationTokenParam, body: jsonBody(acceptInvitationInput) },
  responses: {
    200: json(enrolmentOutput, "otpauth:// URI and its QR code (SVG)."),
    ...problems(400, 403, 404, 409, 422),
  },
});

const confirmInvitationRoute = createRoute({
  method: "post",
  path: "/staff/invitations/{token}/confirm",
  tags,
  summary: "Confirm the authenticator with a code; activates the account",
  request: { params: invitationTokenParam, body: jsonBody(confirmInvitationInput) },
  responses: {
    200: json(recoveryCodesOutput, "Ten recovery codes, shown once."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const setStaffRolesRoute = createRoute({
  method: "put",
  path: "/staff/{id}/roles",
  tags,
  summary: "Replace a staff member's roles (platform admin)",
  security: sessionSecurity,
  request: { params: staffIdParam, body: jsonBody(setStaffRolesInput) },
  responses: {
    200: json(StaffView, "The staff member with the new roles."),
    ...problems(400, 401, 403, 404, 422),
  },
});

export const identity = domainApp()
  .openapi(otpRequestRoute, async (c) => {
    const challenge = await requestOtp(c.req.valid("json"), requestCtx(c));
    return c.json(challenge, 202);
  })
  .openapi(otpVerifyRoute, async (c) => {
    const { session, me } = await verifyOtp(c.req.valid("json"), requestCtx(c));
    await setSessionCookies(c, session);
    return c.json(me, 200);
  })
  .openapi(meRoute, async (c) => c.json(await getMe(c.var.actor), 200))
  .openapi(profileRoute, async (c) => c.json(await updateProfile(c.var.actor, c.req.valid("json")), 200))
  .openapi(signOutRoute, async (c) => {
    await signOut(c.var.actor);
    clearSessionCookies(c);
    return c.body(null, 204);
  })
  .openapi(sessionsRoute, async (c) => c.json(await listSessions(c.var.actor), 200))
  .openapi(revokeSessionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const actor = c.var.actor;
    await revokeSession(actor, id);
    if (actor.kind !== "anonymous" && actor.sessionId === id) clearSessionCookies(c);
    return c.body(null, 204);
  })
  .openapi(staffSignInRoute, async (c) => {
    const { session, me } = await staffSignIn(c.req.valid("json"), requestCtx(c));
    await setSessionCookies(c, session);
    return c.json(me, 200);
  })
  .openapi(listStaffRoute, async (c) => c.json(await listStaff(c.var.actor), 200))
  .openapi(inviteStaffRoute, async (c) => c.json(await inviteStaff(c.var.actor, c.req.valid("json")), 201))
  .openapi(getInvitationRoute, async (c) => c.json(await getInvitation(c.req.valid("param").token), 200))
  .openapi(acceptInvitationRoute, async (c) =>
    c.json(await acceptInvitation(c.req.valid("param").token, c.req.valid("json")), 200),
  )
  .openapi(confirmInvitationRoute, async (c) =>
    c.json(await confirmInvitation(c.req.valid("param").token, c.req.valid("json")), 200),
  )
  .openapi(setStaffRolesRoute, async (c) =>
    c.json(await setStaffRoles(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 200),
  );
