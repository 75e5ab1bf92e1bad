/**
 * Who may do what in identity. One table, asked by every command through `authorize`.
 * Signing in (OTP, staff sign-in, invitation acceptance) needs no actor: the secret in the
 * request (code, password, invitation token) is the authority, checked by the command itself.
 */
import { type Actor, hasRole } from "../actor";
import { errors } from "../error";

export type IdentityAction =
  | "me.read"
  | "profile.update"
  | "session.list"
  | "session.revoke"
  | "session.signOut"
  | "staff.list"
  | "staff.invite"
  | "staff.setRoles"
  | "audit.read";

/** The subject of a session action is its owner. */
export interface IdentitySubject {
  userId?: string;
}

export function can(actor: Actor, action: IdentityAction, subject?: IdentitySubject): boolean {
  switch (action) {
    case "me.read":
    case "session.list":
    case "session.signOut":
      return actor.kind !== "anonymous";
    case "session.revoke":
      return actor.kind !== "anonymous" && subject?.userId === actor.userId;
    case "profile.update":
      return actor.kind === "citizen";
    case "staff.list":
    case "staff.invite":
    case "staff.setRoles":
    case "audit.read":
      return hasRole(actor, "platform_admin");
  }
}

/** Throws unauthenticated for anonymous callers and forbidden for signed-in ones who may not. */
export function authorize(actor: Actor, action: IdentityAction, subject?: IdentitySubject): void {
  if (can(actor, action, subject)) return;
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  throw errors.forbidden(`identity: ${action}`);
}
