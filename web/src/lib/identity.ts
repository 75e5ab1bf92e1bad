/**
 * Identity reads (named queries, cached and revalidated by the router) and the calls behind the
 * identity forms. Pages wrap the calls in actions; the router revalidates the queries after each.
 */
import { query } from "@solidjs/router";
import { ApiProblem, request } from "./api";
import type { Me, RoleGrant, SessionItem, StaffMember } from "./types";

/** The signed-in person, or null when nobody is (401 is an answer here, not an error). */
export const getMe = query(async (): Promise<Me | null> => {
  try {
    return await request<Me>("GET", "/api/identity/me");
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) return null;
    throw error;
  }
}, "me");

export const getSessions = query(
  async () => (await request<{ items: SessionItem[] }>("GET", "/api/identity/sessions")).items,
  "sessions",
);

export const getStaff = query(
  async () => (await request<{ items: StaffMember[] }>("GET", "/api/identity/staff")).items,
  "staff",
);

export const getInvitation = query(
  (token: string) =>
    request<{ username: string; displayName: string; roles: RoleGrant[] }>(
      "GET",
      `/api/identity/staff/invitations/${encodeURIComponent(token)}`,
    ),
  "invitation",
);

export const identity = {
  requestOtp: (mobile: string) =>
    request<{ challengeId: string; expiresAt: string; resendAfterSeconds: number }>(
      "POST",
      "/api/identity/otp/request",
      { mobile },
    ),
  verifyOtp: (challengeId: string, code: string) =>
    request<Me>("POST", "/api/identity/otp/verify", { challengeId, code }),
  updateProfile: (profile: {
    firstName: string;
    lastName: string;
    nationalId: string;
    birthDate: string;
    district: string;
    neighbourhood: string;
  }) => request<Me>("PUT", "/api/identity/me/profile", profile),
  signOut: () => request<void>("POST", "/api/identity/sign-out"),
  revokeSession: (id: string) => request<void>("DELETE", `/api/identity/sessions/${encodeURIComponent(id)}`),
  staffSignIn: (username: string, password: string, code: string) =>
    request<Me>("POST", "/api/identity/staff/sign-in", { username, password, code }),
  invite: (input: { username: string; displayName: string; roles: RoleGrant[] }) =>
    request<{ token: string; expiresAt: string }>("POST", "/api/identity/staff/invitations", input),
  acceptInvitation: (token: string, password: string) =>
    request<{ otpauthUri: string; qrSvg: string }>(
      "POST",
      `/api/identity/staff/invitations/${encodeURIComponent(token)}/accept`,
      { password },
    ),
  confirmInvitation: (token: string, code: string) =>
    request<{ recoveryCodes: string[] }>(
      "POST",
      `/api/identity/staff/invitations/${encodeURIComponent(token)}/confirm`,
      { code },
    ),
  setRoles: (staffId: string, roles: RoleGrant[]) =>
    request<StaffMember>("PUT", `/api/identity/staff/${encodeURIComponent(staffId)}/roles`, { roles }),
};
