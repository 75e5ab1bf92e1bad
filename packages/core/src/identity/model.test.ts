import { describe, expect, it } from "vitest";
import { neighbourhoodsOf } from "../geo";
import { inviteStaffInput, otpRequestInput, profileInput, roleGrantIssues, roleGrantsSchema } from "./model";

const [inDistrict1] = neighbourhoodsOf("1");
const [inDistrict2] = neighbourhoodsOf("2");

describe("role scope validation", () => {
  it("accepts unscoped roles without a scope and scoped roles with a valid one", () => {
    expect(
      roleGrantIssues([
        { role: "platform_admin" },
        { role: "central_secretariat" },
        { role: "district_secretariat", scope: "1" },
        { role: "district_secretariat", scope: "22" },
        { role: "juror", scope: "01JPROGRAMME" },
      ]),
    ).toEqual([]);
  });

  it("needs a district 1..22 for a district secretariat", () => {
    for (const scope of [undefined, "0", "23", "05", "x"]) {
      const issues = roleGrantIssues([{ role: "district_secretariat", ...(scope ? { scope } : {}) }]);
      expect(issues.map((i) => i.path)).toEqual([[0, "scope"]]);
    }
  });

  it("needs a programme id for a juror", () => {
    expect(roleGrantIssues([{ role: "juror" }]).map((i) => i.path)).toEqual([[0, "scope"]]);
    expect(roleGrantIssues([{ role: "juror", scope: "bad id!" }])).toHaveLength(1);
  });

  it("refuses a scope on unscoped roles and duplicate grants", () => {
    expect(roleGrantIssues([{ role: "platform_admin", scope: "1" }]).map((i) => i.path)).toEqual([
      [0, "scope"],
    ]);
    expect(
      roleGrantIssues([
        { role: "juror", scope: "p1" },
        { role: "juror", scope: "p1" },
      ]).map((i) => i.path),
    ).toEqual([[1]]);
    expect(
      roleGrantIssues([
        { role: "juror", scope: "p1" },
        { role: "juror", scope: "p2" },
      ]),
    ).toEqual([]);
  });

  it("is applied by the schema, with unknown roles refused", () => {
    expect(roleGrantsSchema.safeParse([{ role: "district_secretariat", scope: "7" }]).success).toBe(true);
    expect(roleGrantsSchema.safeParse([{ role: "district_secretariat" }]).success).toBe(false);
    expect(roleGrantsSchema.safeParse([{ role: "emperor" }]).success).toBe(false);
    const invite = inviteStaffInput.safeParse({ username: " Sara.K ", displayName: "سارا كريمي", roles: [] });
    expect(invite.success && invite.data).toEqual({
      username: "sara.k",
      displayName: "سارا کریمی",
      roles: [],
    });
  });
});

describe("OTP request input", () => {
  it("normalises every accepted mobile form to 09xxxxxxxxx", () => {
    for (const mobile of ["09121234567", "+989121234567", "989121234567", "۰۹۱۲۱۲۳۴۵۶۷"]) {
      expect(otpRequestInput.parse({ mobile })).toEqual({ mobile: "09121234567" });
    }
    expect(otpRequestInput.safeParse({ mobile: "0212345678" }).success).toBe(false);
  });
});

describe("profile input", () => {
  const valid = {
    firstName: "علي",
    lastName: "  رضايي  ",
    nationalId: "۰۰۱۲۳۴۵۶۷۹",
    birthDate: "۱۳۷۰/۰۵/۱۲",
    district: "۱",
    neighbourhood: inDistrict1?.id ?? "",
  };

  it("normalises text, digits and the Jalali birth date", () => {
    expect(profileInput.parse(valid)).toEqual({
      firstName: "علی",
      lastName: "رضایی",
      nationalId: "0012345679",
      birthDate: "1991-08-03",
      district: "1",
      neighbourhood: inDistrict1?.id,
    });
  });

  it("checks the national id's check digit", () => {
    const out = profileInput.safeParse({ ...valid, nationalId: "0012345671" });
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => i.path)).toEqual([["nationalId"]]);
  });

  it("refuses a neighbourhood of another district", () => {
    const out = profileInput.safeParse({ ...valid, neighbourhood: inDistrict2?.id });
    expect(out.error?.issues.map((i) => i.path)).toEqual([["neighbourhood"]]);
  });

  it("refuses impossible dates, future birth dates and unknown districts", () => {
    expect(profileInput.safeParse({ ...valid, birthDate: "1370/13/01" }).success).toBe(false);
    expect(profileInput.safeParse({ ...valid, birthDate: "1499/01/01" }).success).toBe(false);
    expect(profileInput.safeParse({ ...valid, district: "23" }).success).toBe(false);
  });
});
