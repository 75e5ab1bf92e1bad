/**
 * THE ROLE × ROUTE TEST. Every route of the composed app is called by every kind of caller:
 * anonymous, a citizen, and a staff member of each role (scoped where the role is). Each route
 * says who may use it; the test asserts those callers get the route's 2xx and everybody else
 * 401 (anonymous) or 403 (signed in, not allowed). Callers are real sessions made through the
 * API's own sign-in routes. A route missing from the table fails the test, so every new route
 * must be classified here.
 */
import { randomBytes } from "node:crypto";
import type { RoleGrant, StaffRole } from "@hamdel/core";
import { scopedRoles, staffRoles } from "@hamdel/core";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import * as OTPAuth from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "./app";
import { type ElectionAllowed, electionRouteCases } from "./domains/elections.role-cases";
import { type JudgingAllowed, judgingRouteCases } from "./domains/judging.role-cases";
import {
  Agent,
  codeFromOutbox,
  createStaff,
  freshMobile,
  freshName,
  freshNationalId,
  onePixelPng,
  signInCitizen,
  signInStaff,
} from "./testing/agent";

type CallerKind = "anonymous" | "citizen" | StaffRole;
const callerKinds: CallerKind[] = ["anonymous", "citizen", ...staffRoles];

/** Scoped roles get a scope, as they must. */
function grantsOf(role: StaffRole): RoleGrant[] {
  if (scopedRoles[role] === "district") return [{ role, scope: "7" }];
  if (scopedRoles[role] === "programme") return [{ role, scope: "festival-1404" }];
  return [{ role }];
}

/** A new signed-in browser for the caller kind (anonymous: a browser without a session). */
async function signedIn(kind: CallerKind): Promise<Agent> {
  const agent = new Agent(app);
  if (kind === "citizen") await signInCitizen(agent);
  else if (kind !== "anonymous") await signInStaff(agent, await createStaff(grantsOf(kind)));
  return agent;
}

/** Who may call a route. */
type Allowed =
  | "everyone"
  | "signed-in"
  | "citizens"
  | "platform admins"
  | "central secretariat"
  | ElectionAllowed
  | JudgingAllowed;

function allows(allowed: Allowed, kind: CallerKind): boolean {
  switch (allowed) {
    case "everyone":
      return true;
    case "signed-in":
      return kind !== "anonymous";
    case "citizens":
      return kind === "citizen";
    case "platform admins":
      return kind === "platform_admin";
    case "central secretariat":
      return kind === "central_secretariat";
    case "election admins":
      return kind === "election_admin";
    case "election staff":
      return kind === "election_admin" || kind === "election_observer";
    case "polling officers":
      return kind === "polling_officer";
    case "judging secretariats":
      return kind === "central_secretariat" || kind === "district_secretariat";
    case "district secretariats":
      return kind === "district_secretariat";
    case "programme jurors":
      return kind === "juror";
  }
}

interface RouteCase {
  allowed: Allowed;
  /** The 2xx an allowed caller gets. */
  ok: number;
  /** Calls the route as `caller` with a valid request (so only authorisation can refuse it). */
  call: (caller: Agent, kind: CallerKind) => Promise<Response>;
}

let admin: Agent;
const shared = new Map<CallerKind, Agent>();

async function invite(): Promise<string> {
  const res = await admin.call("POST", "/api/identity/staff/invitations", {
    body: { username: freshName("inv"), displayName: "دعوت‌شده", roles: [{ role: "ngo_hq" }] },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function acceptedInvitation(): Promise<{ token: string; totp: OTPAuth.TOTP }> {
  const token = await invite();
  const res = await new Agent(app).call("POST", `/api/identity/staff/invitations/${token}/accept`, {
    body: { password: "a-long-password-1" },
  });
  expect(res.status).toBe(200);
  const { otpauthUri } = (await res.json()) as { otpauthUri: string };
  return { token, totp: OTPAuth.URI.parse(otpauthUri) as OTPAuth.TOTP };
}

const png = onePixelPng;
const photo = { purpose: "profile-photo", fileName: "photo.png", contentType: "image/png", size: png.length };

/**
 * An upload id the caller may finalise: their own, with its bytes in the bucket. Anonymous
 * callers cannot own one, so they are handed someone else's (they must still be refused).
 */
async function uploadOf(caller: Agent, kind: CallerKind): Promise<string> {
  const owner = kind === "anonymous" ? admin : caller;
  const res = await owner.call("POST", "/api/uploads", { body: photo });
  expect(res.status).toBe(201);
  const ticket = (await res.json()) as { uploadId: string; url: string; headers: Record<string, string> };
  const put = await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: png });
  expect(put.status).toBe(200);
  return ticket.uploadId;
}

const anySessionId = "01JD3Y8QZ7T7F2K5V9W0XGQH3M";

/** A Hami programme open now, made once by the shared central secretariat. */
let hamiProgramme: Promise<{ id: string }> | undefined;
function openHami(): Promise<{ id: string }> {
  hamiProgramme ??= (async () => {
    const central = shared.get("central_secretariat");
    if (!central) throw new Error("no central secretariat caller");
    const res = await central.call("POST", "/api/festival/programmes?template=hami", {
      body: {
        submissionOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
        submissionClosesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  })();
  return hamiProgramme;
}

/** A valid Hami entry for a citizen (the place given, so no profile is needed). */
const hamiEntry = () => ({
  entrantKind: "citizen",
  categoryId: "welfare",
  district: "7",
  neighbourhood: neighbourhoodsOf("7")[0]?.id,
  values: {
    title: "صندوق محله",
    summary: "قرض‌الحسنهٔ محلی",
    contact_name: "رابط",
    contact_phone: "09120000000",
  },
});

/**
 * An entry id the caller may read: a citizen's own, new one. Others are handed the shared
 * citizen's entry (they must still be refused).
 */
async function entryOf(caller: Agent, kind: CallerKind): Promise<string> {
  const owner = kind === "citizen" ? caller : shared.get("citizen");
  if (!owner) throw new Error("no citizen caller");
  const { id } = await openHami();
  const res = await owner.call("POST", `/api/festival/programmes/${id}/entries`, { body: hamiEntry() });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The expectation table, keyed by the app's own route patterns. */
const routes: Record<string, RouteCase> = {
  "POST /api/identity/otp/request": {
    allowed: "everyone",
    ok: 202,
    call: (a) => a.call("POST", "/api/identity/otp/request", { body: { mobile: freshMobile() } }),
  },
  "POST /api/identity/otp/verify": {
    allowed: "everyone",
    ok: 200,
    call: async (a) => {
      const mobile = freshMobile();
      const req = await a.call("POST", "/api/identity/otp/request", { body: { mobile } });
      const { challengeId } = (await req.json()) as { challengeId: string };
      const code = await codeFromOutbox(a, mobile);
      return a.call("POST", "/api/identity/otp/verify", { body: { challengeId, code }, keepCookies: false });
    },
  },
  "GET /api/identity/me": { allowed: "signed-in", ok: 200, call: (a) => a.call("GET", "/api/identity/me") },
  "PUT /api/identity/me/profile": {
    allowed: "citizens",
    ok: 200,
    call: (a) =>
      a.call("PUT", "/api/identity/me/profile", {
        body: {
          firstName: "مریم",
          lastName: "رضایی",
          nationalId: freshNationalId(),
          birthDate: "1375/01/20",
          district: "7",
          neighbourhood: neighbourhoodsOf("7")[0]?.id,
        },
      }),
  },
  "POST /api/identity/sign-out": {
    allowed: "signed-in",
    ok: 204,
    // Destructive: a session of its own.
    call: async (_a, kind) => (await signedIn(kind)).call("POST", "/api/identity/sign-out"),
  },
  "GET /api/identity/sessions": {
    allowed: "signed-in",
    ok: 200,
    call: (a) => a.call("GET", "/api/identity/sessions"),
  },
  "DELETE /api/identity/sessions/:id": {
    allowed: "signed-in",
    ok: 204,
    call: async (_a, kind) => {
      const own = await signedIn(kind);
      const listed = await own.call("GET", "/api/identity/sessions");
      const id =
        listed.status === 200
          ? ((await listed.json()) as { items: { id: string }[] }).items[0]?.id
          : anySessionId;
      return own.call("DELETE", `/api/identity/sessions/${id ?? anySessionId}`);
    },
  },
  "POST /api/identity/staff/sign-in": {
    allowed: "everyone",
    ok: 200,
    call: async (a) => {
      const staff = await createStaff([{ role: "election_observer" }]);
      return a.call("POST", "/api/identity/staff/sign-in", {
        body: { username: staff.username, password: staff.password, code: staff.totp.generate() },
        keepCookies: false,
      });
    },
  },
  "GET /api/identity/staff": {
    allowed: "platform admins",
    ok: 200,
    call: (a) => a.call("GET", "/api/identity/staff"),
  },
  "POST /api/identity/staff/invitations": {
    allowed: "platform admins",
    ok: 201,
    call: (a) =>
      a.call("POST", "/api/identity/staff/invitations", {
        body: {
          username: freshName("inv"),
          displayName: "کارمند تازه",
          roles: [{ role: "district_secretariat", scope: "3" }],
        },
      }),
  },
  "GET /api/identity/staff/invitations/:token": {
    allowed: "everyone",
    ok: 200,
    call: async (a) => a.call("GET", `/api/identity/staff/invitations/${await invite()}`),
  },
  "POST /api/identity/staff/invitations/:token/accept": {
    allowed: "everyone",
    ok: 200,
    call: async (a) =>
      a.call("POST", `/api/identity/staff/invitations/${await invite()}/accept`, {
        body: { password: `pw-${randomBytes(6).toString("hex")}` },
      }),
  },
  "POST /api/identity/staff/invitations/:token/confirm": {
    allowed: "everyone",
    ok: 200,
    call: async (a) => {
      const { token, totp } = await acceptedInvitation();
      return a.call("POST", `/api/identity/staff/invitations/${token}/confirm`, {
        body: { code: totp.generate() },
      });
    },
  },
  "PUT /api/identity/staff/:id/roles": {
    allowed: "platform admins",
    ok: 200,
    call: async (a) => {
      const target = await createStaff([{ role: "mosque_operator" }]);
      return a.call("PUT", `/api/identity/staff/${target.id}/roles`, {
        body: { roles: [{ role: "mosque_operator" }, { role: "district_secretariat", scope: "12" }] },
      });
    },
  },
  "GET /api/geo/districts": {
    allowed: "everyone",
    ok: 200,
    call: (a) => a.call("GET", "/api/geo/districts"),
  },
  "GET /api/geo/districts/:id/neighbourhoods": {
    allowed: "everyone",
    ok: 200,
    call: (a) => a.call("GET", "/api/geo/districts/7/neighbourhoods"),
  },
  "POST /api/uploads": {
    allowed: "signed-in",
    ok: 201,
    call: (a) => a.call("POST", "/api/uploads", { body: photo }),
  },
  "POST /api/uploads/:id/finalise": {
    allowed: "signed-in",
    ok: 200,
    call: async (a, kind) => a.call("POST", `/api/uploads/${await uploadOf(a, kind)}/finalise`),
  },
  "GET /api/uploads/:id": {
    allowed: "signed-in",
    ok: 200,
    call: async (a, kind) => a.call("GET", `/api/uploads/${await uploadOf(a, kind)}`),
  },
  "GET /api/festival/programmes": {
    allowed: "everyone",
    ok: 200,
    call: (a) => a.call("GET", "/api/festival/programmes"),
  },
  "POST /api/festival/programmes": {
    allowed: "central secretariat",
    ok: 201,
    call: (a) =>
      a.call("POST", "/api/festival/programmes?template=painting", {
        body: {
          submissionOpensAt: new Date(Date.now() + 86_400_000).toISOString(),
          submissionClosesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      }),
  },
  "GET /api/festival/programmes/:id": {
    allowed: "everyone",
    ok: 200,
    call: async (a) => a.call("GET", `/api/festival/programmes/${(await openHami()).id}`),
  },
  "PUT /api/festival/programmes/:id": {
    allowed: "central secretariat",
    ok: 200,
    call: async (a) => {
      const { id } = await openHami();
      const central = shared.get("central_secretariat");
      if (!central) throw new Error("no central secretariat caller");
      const read = await central.call("GET", `/api/festival/programmes/${id}`);
      const { version } = (await read.json()) as { version: number };
      return a.call("PUT", `/api/festival/programmes/${id}`, {
        body: { version, changes: { title: "جشنواره حامی — آزمون نقش‌ها" } },
      });
    },
  },
  "POST /api/festival/programmes/:id/entries": {
    allowed: "citizens",
    ok: 201,
    call: async (a) =>
      a.call("POST", `/api/festival/programmes/${(await openHami()).id}/entries`, { body: hamiEntry() }),
  },
  "GET /api/festival/entries/mine": {
    allowed: "citizens",
    ok: 200,
    call: (a) => a.call("GET", "/api/festival/entries/mine"),
  },
  "GET /api/festival/entries/:id": {
    allowed: "citizens",
    ok: 200,
    call: async (a, kind) => a.call("GET", `/api/festival/entries/${await entryOf(a, kind)}`),
  },
  "PUT /api/festival/entries/:id": {
    allowed: "citizens",
    ok: 200,
    call: async (a, kind) =>
      a.call("PUT", `/api/festival/entries/${await entryOf(a, kind)}`, {
        body: { version: 1, categoryId: "participation", values: hamiEntry().values },
      }),
  },
  "POST /api/festival/entries/:id/withdraw": {
    allowed: "citizens",
    ok: 200,
    call: async (a, kind) => a.call("POST", `/api/festival/entries/${await entryOf(a, kind)}/withdraw`),
  },
  "GET /api/health": { allowed: "everyone", ok: 200, call: (a) => a.call("GET", "/api/health") },
  "GET /api/openapi.json": { allowed: "everyone", ok: 200, call: (a) => a.call("GET", "/api/openapi.json") },
  "GET /api/docs": { allowed: "everyone", ok: 200, call: (a) => a.call("GET", "/api/docs") },
  // Local stage only (the test stage is local): the outbox is how anyone signs in there.
  "GET /api/dev/outbox": {
    allowed: "everyone",
    ok: 200,
    call: (a) => a.call("GET", "/api/dev/outbox?limit=1"),
  },
  ...electionRouteCases(),
  ...judgingRouteCases(),
};

function appRoutes(): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];
}

beforeAll(async () => {
  admin = await signedIn("platform_admin");
  for (const kind of callerKinds) shared.set(kind, await signedIn(kind));
}, 120_000);

describe("role × route", () => {
  it("classifies every route of the app, and only routes that exist", () => {
    const actual = appRoutes().sort();
    expect(
      actual.filter((r) => !(r in routes)),
      "routes missing from the expectation table",
    ).toEqual([]);
    expect(
      Object.keys(routes).filter((r) => !actual.includes(r)),
      "table entries with no route",
    ).toEqual([]);
  });

  for (const [route, c] of Object.entries(routes)) {
    it(`${route}: ${c.allowed} → ${c.ok}, others 401/403`, async () => {
      const outcomes: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const kind of callerKinds) {
        const caller = shared.get(kind);
        if (!caller) throw new Error(`no caller for ${kind}`);
        const res = await c.call(caller, kind);
        outcomes[kind] = res.status;
        expected[kind] = allows(c.allowed, kind) ? c.ok : kind === "anonymous" ? 401 : 403;
        if (res.status >= 400) {
          // Refusals are problem+json with the auth codes, not some other failure that happens to
          // match; an allowed caller's expected 4xx (a public route answering 404) is not one.
          const problem = (await res.json()) as { code: string };
          outcomes[`${kind}.code`] =
            problem.code === "auth.required" || problem.code === "auth.forbidden" ? 1 : 0;
          expected[`${kind}.code`] = allows(c.allowed, kind) ? 0 : 1;
        }
      }
      expect(outcomes).toEqual(expected);
    }, 120_000);
  }
});
