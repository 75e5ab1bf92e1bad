/** Persian names of staff roles and how their grants read on screen. */

import { toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import { type RoleGrant, type StaffRole, scopedRoles, staffRoles } from "@hamdel/core/identity/model";
import { ApiProblem } from "./problem";

export { scopedRoles, staffRoles };

export const roleLabels: Record<StaffRole, string> = {
  district_secretariat: "دبیرخانهٔ منطقه",
  central_secretariat: "دبیرخانهٔ مرکزی",
  juror: "داور",
  election_admin: "مجری انتخابات",
  election_observer: "ناظر انتخابات",
  polling_officer: "مأمور شعبهٔ اخذ رأی",
  mosque_operator: "اپراتور مساجد (۱۳۷)",
  ngo_hq: "ستاد سمن‌ها",
  donor_club_manager: "مدیر باشگاه خیّرین",
  platform_admin: "مدیر سامانه",
};

/** "دبیرخانهٔ منطقه ۷", "داور (برنامه painting-1400)", "مدیر سامانه". */
export function describeGrant(grant: RoleGrant): string {
  const label = roleLabels[grant.role];
  if (!grant.scope) return label;
  return scopedRoles[grant.role] === "district"
    ? `${label} ${toPersianDigits(grant.scope)}`
    : `${label} (برنامهٔ ${grant.scope})`;
}

export function describeGrants(grants: readonly RoleGrant[]): string {
  return grants.length ? grants.map(describeGrant).join("، ") : "بدون نقش";
}

/**
 * Grants from a role picker's raw choices: unchecked roles dropped, scopes trimmed, digits made
 * ASCII. Returns the problems in Persian keyed by role, so the form can say what is missing
 * before the API is asked.
 */
export function grantsFromChoices(
  choices: Partial<Record<StaffRole, { checked: boolean; scope?: string }>>,
): { grants: RoleGrant[]; problems: Partial<Record<StaffRole, string>> } {
  const grants: RoleGrant[] = [];
  const problems: Partial<Record<StaffRole, string>> = {};
  for (const role of staffRoles) {
    const choice = choices[role];
    if (!choice?.checked) continue;
    const kind = scopedRoles[role];
    if (!kind) {
      grants.push({ role });
      continue;
    }
    const scope = toAsciiDigits(choice.scope ?? "").trim();
    if (!scope) {
      problems[role] = kind === "district" ? "منطقه را انتخاب کنید." : "شناسهٔ برنامه را وارد کنید.";
      continue;
    }
    grants.push({ role, scope });
  }
  return { grants, problems };
}

/** Field names the role picker uses, shared by the component and the form parser. */
export const roleField = (role: StaffRole) => `role:${role}`;
export const scopeField = (role: StaffRole) => `scope:${role}`;

/**
 * A submitted role picker → grants; a missing scope throws an ApiProblem whose field paths are
 * the scope inputs' names, so the picker shows each message next to its role.
 */
export function grantsFromForm(form: FormData): RoleGrant[] {
  const choices: Partial<Record<StaffRole, { checked: boolean; scope?: string }>> = {};
  for (const role of staffRoles) {
    const scope = form.get(scopeField(role));
    choices[role] = {
      checked: form.get(roleField(role)) !== null,
      ...(typeof scope === "string" ? { scope } : {}),
    };
  }
  const { grants, problems } = grantsFromChoices(choices);
  const fields = Object.entries(problems).map(([role, message]) => ({
    path: scopeField(role as StaffRole),
    message: message as string,
  }));
  if (fields.length) {
    throw new ApiProblem(422, {
      code: "web.role_scope_required",
      messageFa: "برای نقش‌های منطقه‌ای و داوری، دامنهٔ نقش را مشخص کنید.",
      fields,
    });
  }
  return grants;
}
