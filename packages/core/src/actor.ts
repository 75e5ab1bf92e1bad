/**
 * Who is calling. The HTTP layer resolves it from the session cookie and hands it to every
 * command; commands never take user ids from request bodies to decide what is allowed.
 */
import { errors } from "./error";

/** Staff roles. Some are scoped: a district secretariat to one district, a juror to one programme. */
export const staffRoles = [
  "district_secretariat",
  "central_secretariat",
  "juror",
  "election_admin",
  "election_observer",
  "polling_officer",
  "mosque_operator",
  "ngo_hq",
  "donor_club_manager",
  "platform_admin",
] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Roles that must carry a scope, and what kind of scope. */
export const scopedRoles: Partial<Record<StaffRole, "district" | "programme">> = {
  district_secretariat: "district",
  juror: "programme",
  polling_officer: "district",
};

export interface RoleGrant {
  role: StaffRole;
  /** District number ("1".."22") for district_secretariat and polling_officer, programme id for juror. */
  scope?: string;
}

export type Actor =
  | { kind: "anonymous" }
  | { kind: "citizen"; userId: string; sessionId: string }
  | { kind: "staff"; userId: string; sessionId: string; username: string; roles: RoleGrant[] };

export const anonymous: Actor = { kind: "anonymous" };

export function hasRole(actor: Actor, role: StaffRole, scope?: string): boolean {
  if (actor.kind !== "staff") return false;
  return actor.roles.some((g) => g.role === role && (scope === undefined || g.scope === scope));
}

export function requireSignedIn(actor: Actor): asserts actor is Exclude<Actor, { kind: "anonymous" }> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
}
