import { describe, expect, it } from "vitest";
import { ApiProblem } from "./problem";
import {
  describeGrant,
  describeGrants,
  grantsFromForm,
  roleField,
  roleLabels,
  scopeField,
  staffRoles,
} from "./roles";

describe("role labels", () => {
  it("names every role in Persian, each differently", () => {
    const labels = staffRoles.map((r) => roleLabels[r]);
    expect(labels.every((l) => /[\u0600-\u06FF]/.test(l))).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("describes scoped grants with their scope in Persian digits", () => {
    expect(describeGrant({ role: "district_secretariat", scope: "12" })).toBe("دبیرخانهٔ منطقه ۱۲");
    expect(describeGrant({ role: "juror", scope: "painting-1400" })).toContain("painting-1400");
    expect(describeGrants([])).toBe("بدون نقش");
    expect(describeGrants([{ role: "platform_admin" }, { role: "ngo_hq" }])).toBe("مدیر سامانه، ستاد سمن‌ها");
  });
});

describe("grantsFromForm", () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };

  it("reads checked roles with their scopes, ignoring scopes of unchecked roles", () => {
    const grants = grantsFromForm(
      form([
        [roleField("platform_admin"), "on"],
        [roleField("district_secretariat"), "on"],
        [scopeField("district_secretariat"), "۷"],
        [scopeField("juror"), "p-1"],
      ]),
    );
    expect(grants).toEqual([{ role: "district_secretariat", scope: "7" }, { role: "platform_admin" }]);
  });

  it("refuses a scoped role without its scope, naming the scope input", () => {
    const attempt = () =>
      grantsFromForm(
        form([
          [roleField("juror"), "on"],
          [scopeField("juror"), "  "],
        ]),
      );
    expect(attempt).toThrow(ApiProblem);
    try {
      attempt();
    } catch (error) {
      expect((error as ApiProblem).fieldMessage(scopeField("juror"))).toBeTruthy();
    }
  });

  it("allows no roles at all (the API decides whether that is acceptable)", () => {
    expect(grantsFromForm(form([]))).toEqual([]);
  });
});
