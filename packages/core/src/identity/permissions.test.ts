import { describe, expect, it } from "vitest";
import { type Actor, staffRoles } from "../actor";
import { isDomainError } from "../error";
import { authorize, can, type IdentityAction } from "./permissions";

const anonymous: Actor = { kind: "anonymous" };
const citizen: Actor = { kind: "citizen", userId: "C1", sessionId: "S1" };
const staff = (...roles: Array<(typeof staffRoles)[number]>): Actor => ({
  kind: "staff",
  userId: "A1",
  sessionId: "S2",
  username: "a",
  roles: roles.map((role) =>
    role === "district_secretariat"
      ? { role, scope: "3" }
      : role === "juror"
        ? { role, scope: "p" }
        : { role },
  ),
});
const admin = staff("platform_admin");

/** The whole table: which kind of actor may do each action (own subject where there is one). */
const table: Record<
  IdentityAction,
  { anonymous: boolean; citizen: boolean; staff: boolean; admin: boolean }
> = {
  "me.read": { anonymous: false, citizen: true, staff: true, admin: true },
  "profile.update": { anonymous: false, citizen: true, staff: false, admin: false },
  "session.list": { anonymous: false, citizen: true, staff: true, admin: true },
  "session.revoke": { anonymous: false, citizen: true, staff: true, admin: true },
  "session.signOut": { anonymous: false, citizen: true, staff: true, admin: true },
  "staff.list": { anonymous: false, citizen: false, staff: false, admin: true },
  "staff.invite": { anonymous: false, citizen: false, staff: false, admin: true },
  "staff.setRoles": { anonymous: false, citizen: false, staff: false, admin: true },
  "audit.read": { anonymous: false, citizen: false, staff: false, admin: true },
};

describe("identity permissions", () => {
  for (const [action, who] of Object.entries(table) as Array<
    [IdentityAction, (typeof table)[IdentityAction]]
  >) {
    it(`${action}`, () => {
      const own = (a: Actor) => (a.kind === "anonymous" ? {} : { userId: a.userId });
      expect(can(anonymous, action, {})).toBe(who.anonymous);
      expect(can(citizen, action, own(citizen))).toBe(who.citizen);
      // Every non-admin staff role is the same as far as identity is concerned.
      for (const role of staffRoles.filter((r) => r !== "platform_admin")) {
        expect(can(staff(role), action, own(staff(role)))).toBe(who.staff);
      }
      expect(can(admin, action, own(admin))).toBe(who.admin);
    });
  }

  it("lets nobody revoke another person's session, admins included", () => {
    expect(can(citizen, "session.revoke", { userId: "C2" })).toBe(false);
    expect(can(admin, "session.revoke", { userId: "C1" })).toBe(false);
    expect(can(citizen, "session.revoke")).toBe(false);
  });

  it("authorize answers 401 to anonymous callers and 403 to signed-in ones", () => {
    const thrown = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return isDomainError(e) ? e.kind : "other";
      }
      return "none";
    };
    expect(thrown(() => authorize(anonymous, "staff.invite"))).toBe("auth");
    expect(thrown(() => authorize(citizen, "staff.invite"))).toBe("forbidden");
    expect(thrown(() => authorize(admin, "staff.invite"))).toBe("none");
  });
});
