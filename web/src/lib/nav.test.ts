import { describe, expect, it } from "vitest";
import { displayName, isLocalHost, navFor, paths, safeNext } from "./nav";
import type { Me } from "./types";

const citizen: Me = {
  kind: "citizen",
  id: "c1",
  mobile: "0912***4567",
  profile: null,
  profileComplete: false,
};
const staff = (roles: Extract<Me, { kind: "staff" }>["roles"]): Me => ({
  kind: "staff",
  id: "s1",
  username: "admin",
  displayName: "مدیر",
  roles,
});
const hrefs = (me: Me | null, devOutbox = false) => navFor(me, { devOutbox }).map((i) => i.href);

describe("navFor", () => {
  it("offers sign-in doors to visitors and nothing that needs an account", () => {
    expect(hrefs(null)).toEqual([
      paths.home,
      paths.elections,
      paths.festival,
      paths.signIn,
      paths.staffSignIn,
    ]);
  });

  it("offers citizens their profile, never staff pages", () => {
    expect(hrefs(citizen)).toEqual([paths.home, paths.elections, paths.festival, paths.profile]);
  });

  it("shows staff administration only to platform admins", () => {
    expect(hrefs(staff([{ role: "juror", scope: "p1" }]))).toEqual([
      paths.home,
      paths.elections,
      paths.festival,
      paths.profile,
      paths.jurorWork("p1"),
    ]);
    expect(
      hrefs(staff([{ role: "district_secretariat", scope: "7" }, { role: "platform_admin" }])),
    ).toContain(paths.staffAdmin);
  });

  it("shows election administration to election staff only", () => {
    expect(hrefs(citizen)).not.toContain(paths.staffElections);
    expect(hrefs(staff([{ role: "juror", scope: "p1" }]))).not.toContain(paths.staffElections);
    for (const role of ["election_admin", "election_observer"] as const) {
      expect(hrefs(staff([{ role }]))).toContain(paths.staffElections);
    }
    expect(hrefs(staff([{ role: "polling_officer", scope: "7" }]))).toContain(paths.staffElections);
  });

  it("shows festival programme administration to the central secretariat only", () => {
    expect(hrefs(citizen)).not.toContain(paths.staffFestival);
    expect(hrefs(staff([{ role: "district_secretariat", scope: "7" }]))).not.toContain(paths.staffFestival);
    expect(hrefs(staff([{ role: "central_secretariat" }]))).toContain(paths.staffFestival);
  });

  it("leads each judging role to its pages: secretariats to their programmes, a juror to their works", () => {
    expect(hrefs(citizen)).not.toContain(paths.staffJudgingList);
    expect(hrefs(staff([{ role: "central_secretariat" }]))).toContain(paths.staffJudgingList);
    expect(hrefs(staff([{ role: "district_secretariat", scope: "7" }]))).toContain(paths.staffJudgingList);
    const juror = hrefs(staff([{ role: "juror", scope: "01JD3Y8QZ7T7F2K5V9W0XGQH3M" }]));
    expect(juror).toContain(paths.jurorWork("01JD3Y8QZ7T7F2K5V9W0XGQH3M"));
    expect(juror).not.toContain(paths.staffJudgingList);
    expect(hrefs(staff([{ role: "election_admin" }]))).not.toContain(paths.staffJudgingList);
  });

  it("adds the dev outbox only when asked", () => {
    expect(hrefs(null, true)).toContain(paths.devOutbox);
    expect(hrefs(citizen, false)).not.toContain(paths.devOutbox);
  });
});

describe("safeNext", () => {
  it("accepts same-site paths and refuses anything that leaves the site", () => {
    expect(safeNext("/profile?tab=1", "/")).toBe("/profile?tab=1");
    for (const bad of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "",
      null,
    ]) {
      expect(safeNext(bad, "/fallback")).toBe("/fallback");
    }
  });
});

describe("isLocalHost", () => {
  it("recognises loopback hosts only", () => {
    expect(["localhost", "127.0.0.1", "127.1.2.3", "[::1]"].every(isLocalHost)).toBe(true);
    expect(["hamdel.tehran.ir", "10.0.0.1", "localhost.evil.example"].some(isLocalHost)).toBe(false);
  });
});

describe("displayName", () => {
  it("uses the profile name, the staff display name, or a neutral word", () => {
    expect(displayName(citizen)).toBe("شهروند");
    expect(
      displayName({
        ...citizen,
        profile: {
          firstName: "سارا",
          lastName: "احمدی",
          nationalIdLast3: "123",
          birthDate: "1991-08-03",
          district: "7",
          neighbourhood: "n",
        },
      }),
    ).toBe("سارا احمدی");
    expect(displayName(staff([]))).toBe("مدیر");
  });
});
