/** Shapes of the API's answers (docs: notes/api.md). Replaced by types inferred from AppType once it lands. */
import type { RoleGrant, StaffRole } from "@hamdel/core";

export type { RoleGrant, StaffRole };

export interface CitizenProfile {
  firstName: string;
  lastName: string;
  nationalId?: string;
  birthDate: string;
  district: string;
  neighbourhood: string;
}

export type Me =
  | { kind: "citizen"; id: string; mobile: string; profile: CitizenProfile | null; profileComplete: boolean }
  | { kind: "staff"; id: string; username: string; displayName: string; roles: RoleGrant[] };

export interface SessionItem {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent?: string | null;
}

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  status: string;
  createdAt: string;
}

export interface District {
  id: string;
  name: string;
  neighbourhoodCount: number;
}
export interface Neighbourhood {
  id: string;
  name: string;
  district: string;
}
export interface OutboxMessage {
  id: string;
  to: string;
  text: string;
  createdAt: string;
}
