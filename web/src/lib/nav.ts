/**
 * Which links the header shows. Pure so the role rules are unit-tested; the API still checks
 * every request, this only keeps people from being shown doors they cannot open.
 */
import type { Me } from "./types";

export interface NavItem {
  href: string;
  label: string;
}

export const paths = {
  home: "/",
  signIn: "/sign-in",
  profile: "/profile",
  staffSignIn: "/staff/sign-in",
  staffAdmin: "/staff/admin",
  staffInvite: (token: string) => `/staff/invite/${encodeURIComponent(token)}`,
  devOutbox: "/dev/outbox",
  elections: "/elections",
  staffElections: "/staff/elections",
  festival: "/festival",
  festivalSubmit: (programmeId: string) => `/festival/${encodeURIComponent(programmeId)}/submit`,
  festivalEntries: "/festival/entries",
  staffFestival: "/staff/festival",
  staffProgrammeEdit: (programmeId: string) => `/staff/festival/${encodeURIComponent(programmeId)}/edit`,
  staffJudgingList: "/staff/judging",
  staffJudging: (programmeId: string) => `/staff/judging/${encodeURIComponent(programmeId)}`,
  jurorWork: (programmeId: string) => `/judging/${encodeURIComponent(programmeId)}/juror`,
  festivalResults: (programmeId: string) => `/festival/${encodeURIComponent(programmeId)}/results`,
  certificate: (code: string) => `/certificates/${encodeURIComponent(code)}`,
} as const;

/** Election staff: administrators run elections, observers watch them (read-only), officers issue ballot codes. */
export function hasElectionRole(me: Me | null | undefined): boolean {
  return (
    me?.kind === "staff" &&
    me.roles.some(
      (g) => g.role === "election_admin" || g.role === "election_observer" || g.role === "polling_officer",
    )
  );
}

/** The central secretariat configures festival programmes. */
export function isCentralSecretariat(me: Me | null | undefined): boolean {
  return me?.kind === "staff" && me.roles.some((g) => g.role === "central_secretariat");
}

/** The secretariats that judge: the central one and the districts'. */
export function isJudgingSecretariat(me: Me | null | undefined): boolean {
  return (
    me?.kind === "staff" &&
    me.roles.some((g) => g.role === "central_secretariat" || g.role === "district_secretariat")
  );
}

export function isPlatformAdmin(me: Me | null | undefined): boolean {
  return me?.kind === "staff" && me.roles.some((g) => g.role === "platform_admin");
}

export function navFor(me: Me | null | undefined, options: { devOutbox: boolean }): NavItem[] {
  const items: NavItem[] = [
    { href: paths.home, label: "خانه" },
    { href: paths.elections, label: "انتخابات" },
    { href: paths.festival, label: "جشنواره‌ها" },
  ];
  if (!me) {
    items.push(
      { href: paths.signIn, label: "ورود شهروندان" },
      { href: paths.staffSignIn, label: "ورود کارکنان" },
    );
  } else if (me.kind === "citizen") {
    items.push({ href: paths.profile, label: "پروفایل من" });
  } else {
    items.push({ href: paths.profile, label: "حساب من" });
    if (isPlatformAdmin(me)) items.push({ href: paths.staffAdmin, label: "مدیریت کارکنان" });
    if (hasElectionRole(me)) items.push({ href: paths.staffElections, label: "ادارهٔ انتخابات" });
    if (isCentralSecretariat(me)) items.push({ href: paths.staffFestival, label: "برنامه‌های جشنواره" });
    if (isJudgingSecretariat(me)) items.push({ href: paths.staffJudgingList, label: "داوری جشنواره" });
    // A juror's grant is scoped to one programme: straight to its works.
    for (const g of me.roles)
      if (g.role === "juror" && g.scope) items.push({ href: paths.jurorWork(g.scope), label: "داوری آثار" });
  }
  if (options.devOutbox) items.push({ href: paths.devOutbox, label: "صندوق پیامک آزمایشی" });
  return items;
}

/** The dev outbox exists only on the embedded local stack, which is always served from a loopback host. */
export function isLocalHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "::1" || hostname === "[::1]" || /^127\./.test(hostname);
}

/**
 * Where to go after signing in: only a path on this site ("/profile"), never another origin
 * ("//evil.example", "https://…") — the `next` parameter comes from the address bar.
 */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  return next;
}

export type Citizen = Extract<Me, { kind: "citizen" }>;
export type Staff = Extract<Me, { kind: "staff" }>;
export const citizenOf = (me: Me | null | undefined): Citizen | undefined =>
  me?.kind === "citizen" ? me : undefined;
export const staffOf = (me: Me | null | undefined): Staff | undefined =>
  me?.kind === "staff" ? me : undefined;

/** What the header calls the signed-in person. */
export function displayName(me: Me): string {
  if (me.kind === "staff") return me.displayName;
  return me.profile ? `${me.profile.firstName} ${me.profile.lastName}` : "شهروند";
}
