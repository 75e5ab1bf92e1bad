import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import type { Actor, RoleGrant } from "../actor";
import { authorize, can } from "./permissions";

const staff = (...roles: RoleGrant[]): Actor => ({
  kind: "staff",
  userId: ulid(),
  sessionId: ulid(),
  username: "s",
  roles,
});
const citizen: Actor = { kind: "citizen", userId: "U1", sessionId: "S1" };
const anonymous: Actor = { kind: "anonymous" };

describe("festival permissions", () => {
  it("programmes: the central secretariat shapes them, anyone lists the open ones", () => {
    const central = staff({ role: "central_secretariat" });
    for (const action of [
      "programme.create",
      "programme.update",
      "programme.listAll",
      "programme.readAny",
    ] as const) {
      expect(can(central, action)).toBe(true);
      expect(can(staff({ role: "district_secretariat", scope: "5" }), action)).toBe(false);
      expect(can(staff({ role: "platform_admin" }), action)).toBe(false);
      expect(can(citizen, action)).toBe(false);
    }
    expect(can(anonymous, "programme.listOpen")).toBe(true);
  });

  it("entries: citizens submit; only the submitter edits, withdraws or reads through these commands", () => {
    expect(can(citizen, "entry.submit")).toBe(true);
    expect(can(staff({ role: "central_secretariat" }), "entry.submit")).toBe(false);
    for (const action of ["entry.edit", "entry.withdraw", "entry.read"] as const) {
      expect(can(citizen, action, { submitterId: "U1" })).toBe(true);
      expect(can(citizen, action, { submitterId: "U2" })).toBe(false);
      expect(can({ ...citizen, kind: "citizen" }, action)).toBe(false);
    }
  });

  it("authorize tells the anonymous to sign in and refuses the rest", () => {
    expect(() => authorize(anonymous, "entry.submit")).toThrow(
      expect.objectContaining({ code: "auth.required" }),
    );
    expect(() => authorize(staff(), "programme.create")).toThrow(
      expect.objectContaining({ code: "auth.forbidden" }),
    );
    expect(() => authorize(anonymous, "programme.listOpen")).not.toThrow();
  });
});
