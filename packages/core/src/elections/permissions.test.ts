import { describe, expect, it } from "vitest";
import { type Actor, type RoleGrant, staffRoles } from "../actor";
import { isDomainError } from "../error";
import { neighbourhoodsOf } from "../geo";
import { authorize, can, type ElectionAction } from "./permissions";

const anonymous: Actor = { kind: "anonymous" };
const citizen: Actor = { kind: "citizen", userId: "C1", sessionId: "S1" };
const staff = (...roles: RoleGrant[]): Actor => ({
  kind: "staff",
  userId: "A1",
  sessionId: "S2",
  username: "a",
  roles,
});
const admin = staff({ role: "election_admin" });
const observer = staff({ role: "election_observer" });

const adminOnly: ElectionAction[] = [
  "election.create",
  "election.extend",
  "election.close",
  "election.certify",
  "roll.import",
  "residence.decide",
  "candidate.decide",
  "complaint.rule",
];
const adminOrObserver: ElectionAction[] = [
  "candidate.readApplications",
  "residence.read",
  "complaint.list",
  "audit.read",
];
const citizensOnly: ElectionAction[] = [
  "candidate.apply",
  "residence.declare",
  "vote.online",
  "complaint.file",
];

describe("who may do what in elections", () => {
  it("administrative actions are the election administrators' only", () => {
    for (const action of adminOnly) {
      expect(can(admin, action), action).toBe(true);
      for (const role of staffRoles.filter((r) => r !== "election_admin")) {
        expect(can(staff({ role, scope: "7" }), action), `${role} ${action}`).toBe(false);
      }
      expect(can(citizen, action)).toBe(false);
      expect(can(anonymous, action)).toBe(false);
    }
  });

  it("observers read applications, complaints and the audit trail, and change nothing", () => {
    for (const action of adminOrObserver) {
      expect(can(admin, action)).toBe(true);
      expect(can(observer, action)).toBe(true);
      expect(can(citizen, action)).toBe(false);
    }
    for (const action of adminOnly) expect(can(observer, action)).toBe(false);
  });

  it("citizens stand, vote online and complain; staff do not", () => {
    for (const action of citizensOnly) {
      expect(can(citizen, action)).toBe(true);
      expect(can(admin, action)).toBe(false);
      expect(can(anonymous, action)).toBe(false);
    }
    expect(can(citizen, "candidate.appeal", { userId: "C1" })).toBe(true);
    expect(can(citizen, "candidate.appeal", { userId: "C2" })).toBe(false);
  });

  it("a polling officer issues ballot codes only for neighbourhoods of their own district", () => {
    const officer7 = staff({ role: "polling_officer", scope: "7" });
    const in7 = neighbourhoodsOf("7")[0]?.id;
    const in12 = neighbourhoodsOf("12")[0]?.id;
    expect(can(officer7, "ballotCode.issue", { neighbourhoodId: in7 })).toBe(true);
    expect(can(officer7, "ballotCode.issue", { neighbourhoodId: in12 })).toBe(false);
    expect(can(officer7, "ballotCode.issue", { neighbourhoodId: "nowhere" })).toBe(false);
    expect(can(officer7, "ballotCode.issue")).toBe(false);
    expect(can(admin, "ballotCode.issue", { neighbourhoodId: in7 })).toBe(false);
    expect(
      can(staff({ role: "district_secretariat", scope: "7" }), "ballotCode.issue", { neighbourhoodId: in7 }),
    ).toBe(false);
  });

  it("authorize says unauthenticated to anonymous callers and forbidden to others", () => {
    const codeOf = (actor: Actor) => {
      try {
        authorize(actor, "election.create");
        return "allowed";
      } catch (e) {
        return isDomainError(e) ? e.code : "bug";
      }
    };
    expect(codeOf(anonymous)).toBe("auth.required");
    expect(codeOf(citizen)).toBe("auth.forbidden");
    expect(codeOf(admin)).toBe("allowed");
  });
});
