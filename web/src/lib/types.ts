/** The shapes the pages use, from core's browser-safe model files (types only, nothing bundled). */
export type { DistrictSummary as District, Neighbourhood } from "@hamdel/core/geo/model";
export type {
  Me,
  Profile as CitizenProfile,
  RoleGrant,
  SessionView as SessionItem,
  StaffRole,
  StaffView as StaffMember,
} from "@hamdel/core/identity/model";
