/**
 * Identity reads (named queries, cached and revalidated by the router) and the calls behind the
 * identity forms. Pages wrap the calls in actions; the router revalidates the queries after each.
 */
import type {
  InviteStaffInput,
  OtpRequestInput,
  OtpVerifyInput,
  ProfileInput,
  RoleGrant,
  StaffSignInInput,
} from "@hamdel/core/identity/model";
import { query } from "@solidjs/router";
import { client, ok } from "./api";
import { ApiProblem } from "./problem";

const id = client.api.identity;

/** The signed-in person, or null when nobody is (401 is an answer here, not an error). */
export const getMe = query(async () => {
  try {
    return await ok(id.me.$get());
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) return null;
    throw error;
  }
}, "me");

/** For the header and other places that must not fail the page when the API is unreachable. */
export const getMeOrNull = () => getMe().catch(() => null);

export const getSessions = query(async () => (await ok(id.sessions.$get())).items, "sessions");

export const getStaff = query(async () => (await ok(id.staff.$get())).items, "staff");

export const getInvitation = query(
  (token: string) => ok(id.staff.invitations[":token"].$get({ param: { token } })),
  "invitation",
);

export const identity = {
  requestOtp: (json: OtpRequestInput) => ok(id.otp.request.$post({ json })),
  verifyOtp: (json: OtpVerifyInput) => ok(id.otp.verify.$post({ json })),
  updateProfile: (json: ProfileInput) => ok(id.me.profile.$put({ json })),
  signOut: () => ok(id["sign-out"].$post()),
  revokeSession: (sessionId: string) => ok(id.sessions[":id"].$delete({ param: { id: sessionId } })),
  staffSignIn: (json: StaffSignInInput) => ok(id.staff["sign-in"].$post({ json })),
  invite: (json: InviteStaffInput) => ok(id.staff.invitations.$post({ json })),
  acceptInvitation: (token: string, password: string) =>
    ok(id.staff.invitations[":token"].accept.$post({ param: { token }, json: { password } })),
  confirmInvitation: (token: string, code: string) =>
    ok(id.staff.invitations[":token"].confirm.$post({ param: { token }, json: { code } })),
  setRoles: (staffId: string, roles: RoleGrant[]) =>
    ok(id.staff[":id"].roles.$put({ param: { id: staffId }, json: { roles } })),
};
