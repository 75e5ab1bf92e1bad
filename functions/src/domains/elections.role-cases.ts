/**
 * The elections rows of the role × route test (roles.int.test.ts), with the elections they need.
 *
 * The test runs on the real clock, and an election's rules depend on its days, so each phase gets
 * its own election: R in registration (voting in ten days), V about to vote, A and B closed (A's
 * complaints window open, B's over), C waiting to be closed. V, A, B and C vote a few minutes from
 * now in a two-minute window; a row that needs a later phase moves identity's clock (which
 * elections read) there for its one request and back, a few minutes at most, so every caller's
 * session stays valid. Staff are signed in with TOTP codes of the moment the clock shows.
 */
import { randomBytes } from "node:crypto";
import type { RoleGrant } from "@hamdel/core";
import { base32Encode } from "@hamdel/core/elections";
import { tehranDateIso, tehranWallTime } from "@hamdel/core/fa";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { setClock } from "@hamdel/core/identity";
import { app } from "../app";
import { Agent, createStaff, freshMobile, freshNationalId, signInCitizen } from "../testing/agent";
import { finalisedUpload } from "./elections.api-test-support";

export type ElectionAllowed =
  | "everyone"
  | "citizens"
  | "election admins"
  | "election staff"
  | "polling officers";

export interface ElectionRouteCase {
  allowed: ElectionAllowed;
  ok: number;
  call: (caller: Agent, kind: string) => Promise<Response>;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const hood = neighbourhoodsOf("7")[0]?.id as string;
const iso = (ms: number) => new Date(ms).toISOString();

/** Runs `fn` with the clock at `ms` (identity's clock, which sessions and elections read). */
async function atTime<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const offset = ms - Date.now();
  setClock(() => Date.now() + offset);
  try {
    return await fn();
  } finally {
    setClock();
  }
}

async function expectStatus(res: Response, status: number): Promise<Response> {
  if (res.status !== status) throw new Error(`${res.status} ≠ ${status}: ${await res.text()}`);
  return res;
}

const once = <T>(fn: () => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => {
    value ??= fn();
    return value;
  };
};

async function staff(...roles: RoleGrant[]): Promise<Agent> {
  const account = await createStaff(roles);
  const agent = new Agent(app);
  await expectStatus(
    await agent.call("POST", "/api/identity/staff/sign-in", {
      body: { username: account.username, password: account.password, code: account.totp.generate() },
    }),
    200,
  );
  return agent;
}
const electionAdmin = once(() => staff({ role: "election_admin" }));
const officer = once(() => staff({ role: "polling_officer", scope: "7" }));

/**
 * A voting window a few minutes from now, two minutes long, on a Tehran day and wall-clock
 * minute (the API's input form), never across Tehran midnight.
 */
function soonWindow() {
  let opens = Math.ceil((Date.now() + 3 * MINUTE) / MINUTE) * MINUTE;
  const minuteOfDay = (ms: number) =>
    (ms - tehranWallTime(tehranDateIso(new Date(ms)), "00:00").getTime()) / MINUTE;
  if (minuteOfDay(opens) > 24 * 60 - 3) opens += (24 * 60 - minuteOfDay(opens)) * MINUTE;
  const day = tehranDateIso(new Date(opens));
  const hhmm = (ms: number) => {
    const m = minuteOfDay(ms);
    return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  };
  return {
    opensAt: opens,
    closesAt: opens + 2 * MINUTE,
    voting: { day, opens: hhmm(opens), closes: hhmm(opens + 2 * MINUTE), maxExtensionMinutes: 0 },
  };
}

async function createElection(body: Record<string, unknown>): Promise<string> {
  const res = await expectStatus(
    await (await electionAdmin()).call("POST", "/api/elections", {
      body: {
        title: "انتخابات آزمون نقش‌ها",
        term: 6,
        neighbourhoods: [hood],
        seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
        ...body,
      },
    }),
    201,
  );
  return ((await res.json()) as { id: string }).id;
}

/** Voting in ten days; registration open now. */
const registering = once(async () => {
  const day = tehranDateIso(new Date(Date.now() + 10 * DAY));
  return createElection({
    registration: { opensAt: iso(Date.now() - DAY), closesAt: iso(Date.now() + 5 * DAY) },
    voting: { day, opens: "08:00", closes: "16:00", maxExtensionMinutes: 240 },
    complaints: { opensAt: iso(Date.now() + 12 * DAY), closesAt: iso(Date.now() + 15 * DAY) },
  });
});

/** An election voting soon: its times, and the complaints window given. */
async function soonElection(complaints: (closesAt: number) => { opensAt: number; closesAt: number }) {
  const w = soonWindow();
  const c = complaints(w.closesAt);
  const id = await createElection({
    registration: { opensAt: iso(Date.now() - DAY), closesAt: iso(w.opensAt) },
    voting: w.voting,
    complaints: { opensAt: iso(c.opensAt), closesAt: iso(c.closesAt) },
  });
  return { id, ...w, complaintsOpen: c.opensAt, complaintsClose: c.closesAt };
}

/** A new citizen with a profile (a fresh national id) in the elections' neighbourhood. */
async function citizenWithProfile(): Promise<Agent> {
  const agent = new Agent(app);
  await signInCitizen(agent);
  await expectStatus(
    await agent.call("PUT", "/api/identity/me/profile", {
      body: {
        firstName: "نامزد",
        lastName: "آزمون",
        nationalId: freshNationalId(),
        birthDate: "1360/01/20",
        district: "7",
        neighbourhood: hood,
      },
    }),
    200,
  );
  return agent;
}

/** A new citizen with a profile in the elections' neighbourhood and a valid application body. */
async function applicant(): Promise<{ agent: Agent; body: Record<string, string> }> {
  const agent = await citizenWithProfile();
  return {
    agent,
    body: {
      statement: "برای محله‌ای پاک‌تر و امن‌تر نامزد شده‌ام و گزارش کار می‌دهم.",
      residenceSince: "2020-01-01",
      photoUploadId: await finalisedUpload(agent, "profile-photo"),
      proofUploadId: await finalisedUpload(agent, "document"),
    },
  };
}

/** Someone else's (well-formed) application body, for callers who must be refused anyway. */
const strangersApplication = {
  statement: "برای محله‌ای پاک‌تر و امن‌تر نامزد شده‌ام و گزارش کار می‌دهم.",
  residenceSince: "2020-01-01",
  photoUploadId: "01JD3Y8QZ7T7F2K5V9W0XGQH3M",
  proofUploadId: "01JD3Y8QZ7T7F2K5V9W0XGQH3N",
};

async function apply(electionId: string): Promise<{ agent: Agent; candidateId: string }> {
  const { agent, body } = await applicant();
  const res = await expectStatus(
    await agent.call("POST", `/api/elections/${electionId}/candidacy`, { body }),
    201,
  );
  return { agent, candidateId: ((await res.json()) as { id: string }).id };
}

/** A submitted application in R, for the one decision that gets through. */
const submitted = once(async () => (await apply(await registering())).candidateId);

/** A citizen not on R's roll declaring residence in its neighbourhood with a proof of their own. */
async function declareResidence(electionId: string): Promise<Response> {
  const agent = await citizenWithProfile();
  return agent.call("POST", `/api/elections/${electionId}/residence`, {
    body: { neighbourhoodId: hood, proofUploadId: await finalisedUpload(agent, "document") },
  });
}

/** A pending residence declaration in R, for the one decision that gets through. */
const declared = once(async () => {
  const res = await expectStatus(await declareResidence(await registering()), 201);
  return ((await res.json()) as { id: string }).id;
});

const VOTERS = 90;
/** V: an approved candidate and VOTERS voters on its roll, voting a few minutes from now. */
const voting = once(async () => {
  const election = await soonElection((closesAt) => ({
    opensAt: closesAt + MINUTE,
    closesAt: closesAt + DAY,
  }));
  const { candidateId } = await apply(election.id);
  const admin = await electionAdmin();
  await expectStatus(
    await admin.call("POST", `/api/elections/${election.id}/candidates/${candidateId}/decision`, {
      body: { decision: "approve" },
    }),
    200,
  );
  const voters = Array.from({ length: VOTERS }, () => ({
    nationalId: freshNationalId(),
    mobile: freshMobile(),
  }));
  await expectStatus(
    await admin.call("POST", `/api/elections/${election.id}/roll`, {
      body: { csv: voters.map((v) => `${v.nationalId},${v.mobile},${hood}`).join("\n") },
    }),
    200,
  );
  return { ...election, candidateId, voters };
});
let nextVoter = 0;
async function voter() {
  const v = await voting();
  const person = v.voters[nextVoter++];
  if (!person) throw new Error("out of voters on the roll");
  return { v, person };
}

/** A closed election (its window passed with no ballots); `complaintsMinutes` long complaints window. */
async function closed(complaintsMinutes: number) {
  const election = await soonElection((closesAt) => ({
    opensAt: closesAt + MINUTE,
    closesAt: closesAt + MINUTE + complaintsMinutes * MINUTE,
  }));
  const admin = await electionAdmin();
  await atTime(election.closesAt + 10_000, async () =>
    expectStatus(await admin.call("POST", `/api/elections/${election.id}/close`), 200),
  );
  return election;
}
/** A: closed, complaints open for a day, with one complaint filed. */
const closedA = once(async () => {
  const election = await closed(24 * 60);
  const complainant = new Agent(app);
  await signInCitizen(complainant);
  const complaintId = await atTime(election.complaintsOpen + 10_000, async () => {
    const res = await expectStatus(
      await complainant.call("POST", `/api/elections/${election.id}/complaints`, {
        body: { text: "در شعبهٔ محله صف طولانی بود و برخی رأی ندادند." },
      }),
      201,
    );
    return ((await res.json()) as { id: string }).id;
  });
  return { ...election, complaintId };
});
/** B: closed, its one-minute complaints window over by the time it is certified. */
const closedB = once(() => closed(1));
/** C: to be closed by the row. */
const closing = once(() =>
  soonElection((closesAt) => ({ opensAt: closesAt + MINUTE, closesAt: closesAt + DAY })),
);

const anyTracker = base32Encode(randomBytes(32));

export function electionRouteCases(): Record<string, ElectionRouteCase> {
  return {
    "GET /api/elections": { allowed: "everyone", ok: 200, call: (a) => a.call("GET", "/api/elections") },
    "POST /api/elections": {
      allowed: "election admins",
      ok: 201,
      call: (a) =>
        a.call("POST", "/api/elections", {
          body: {
            title: "انتخابات آزمون نقش‌ها",
            term: 6,
            neighbourhoods: [hood],
            seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
            registration: { opensAt: iso(Date.now() - DAY), closesAt: iso(Date.now() + 5 * DAY) },
            voting: { day: tehranDateIso(new Date(Date.now() + 10 * DAY)), opens: "08:00", closes: "16:00" },
            complaints: { opensAt: iso(Date.now() + 12 * DAY), closesAt: iso(Date.now() + 15 * DAY) },
          },
        }),
    },
    "GET /api/elections/:id": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${await registering()}`),
    },
    "POST /api/elections/:id/roll": {
      allowed: "election admins",
      ok: 200,
      call: async (a) =>
        a.call("POST", `/api/elections/${await registering()}/roll`, {
          rawBody: `${freshNationalId()},${freshMobile()},${hood}`,
          headers: { "content-type": "text/csv" },
        }),
    },
    "POST /api/elections/:id/residence": {
      allowed: "citizens",
      ok: 201,
      call: async (a, kind) => {
        const id = await registering();
        // Once per person: a citizen of their own, with a national id on their profile.
        if (kind === "citizen") return declareResidence(id);
        return a.call("POST", `/api/elections/${id}/residence`, {
          body: { neighbourhoodId: hood, proofUploadId: strangersApplication.proofUploadId },
        });
      },
    },
    "GET /api/elections/:id/residence/me": {
      allowed: "citizens",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${await registering()}/residence/me`),
    },
    "GET /api/elections/:id/residence-declarations": {
      allowed: "election staff",
      ok: 200,
      call: async (a) =>
        a.call("GET", `/api/elections/${await registering()}/residence-declarations?limit=5`),
    },
    "POST /api/elections/:id/residence-declarations/:did/decision": {
      allowed: "election admins",
      ok: 200,
      call: async (a) =>
        a.call(
          "POST",
          `/api/elections/${await registering()}/residence-declarations/${await declared()}/decision`,
          { body: { decision: "verify" } },
        ),
    },
    "POST /api/elections/:id/extend": {
      allowed: "election admins",
      ok: 200,
      call: async (a) =>
        a.call("POST", `/api/elections/${await registering()}/extend`, {
          body: { minutes: 1, reason: "آزمون نقش‌ها" },
        }),
    },
    "GET /api/elections/:id/applications": {
      allowed: "election staff",
      ok: 200,
      call: async (a) =>
        a.call("GET", `/api/elections/${await registering()}/applications?neighbourhood=${hood}`),
    },
    "POST /api/elections/:id/candidates/:cid/decision": {
      allowed: "election admins",
      ok: 200,
      call: async (a) =>
        a.call("POST", `/api/elections/${await registering()}/candidates/${await submitted()}/decision`, {
          body: { decision: "approve" },
        }),
    },
    "POST /api/elections/:id/candidacy": {
      allowed: "citizens",
      ok: 201,
      call: async (a, kind) => {
        const id = await registering();
        if (kind !== "citizen")
          return a.call("POST", `/api/elections/${id}/candidacy`, { body: strangersApplication });
        // Once per person: a citizen of their own.
        const { agent, body } = await applicant();
        return agent.call("POST", `/api/elections/${id}/candidacy`, { body });
      },
    },
    "GET /api/elections/:id/candidacy/me": {
      allowed: "citizens",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${await registering()}/candidacy/me`),
    },
    "POST /api/elections/:id/candidacy/appeal": {
      allowed: "citizens",
      ok: 200,
      call: async (a, kind) => {
        const id = await registering();
        const body = { text: "مدرک خوانا را دوباره فرستادم." };
        if (kind !== "citizen") return a.call("POST", `/api/elections/${id}/candidacy/appeal`, { body });
        const { agent, candidateId } = await apply(id);
        await expectStatus(
          await (await electionAdmin()).call(
            "POST",
            `/api/elections/${id}/candidates/${candidateId}/decision`,
            {
              body: { decision: "reject", reason: "مدرک سکونت خوانا نیست." },
            },
          ),
          200,
        );
        return agent.call("POST", `/api/elections/${id}/candidacy/appeal`, { body });
      },
    },
    "GET /api/elections/:id/neighbourhoods/:n/candidates": {
      allowed: "everyone",
      ok: 200,
      call: async (a) =>
        a.call("GET", `/api/elections/${await registering()}/neighbourhoods/${hood}/candidates`),
    },
    "POST /api/elections/:id/ballots": {
      allowed: "citizens",
      ok: 201,
      call: async (a, kind) => {
        const { v, person } = await voter();
        const body = { nationalId: person.nationalId, choices: [v.candidateId] };
        let caller = a;
        if (kind === "citizen") {
          // The voter's own session: the national id must belong to the signed-in mobile.
          caller = new Agent(app);
          await signInCitizen(caller, person.mobile);
        }
        return atTime(v.opensAt + 10_000, () =>
          caller.call("POST", `/api/elections/${v.id}/ballots`, { body }),
        );
      },
    },
    "POST /api/elections/:id/my-ballot": {
      allowed: "citizens",
      ok: 200,
      call: async (a, kind) => {
        const { v, person } = await voter();
        let caller = a;
        if (kind === "citizen") {
          caller = new Agent(app);
          await signInCitizen(caller, person.mobile);
        }
        return atTime(v.opensAt + 10_000, () =>
          caller.call("POST", `/api/elections/${v.id}/my-ballot`, {
            body: { nationalId: person.nationalId },
          }),
        );
      },
    },
    "POST /api/elections/:id/kiosk-ballots/ballot": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => {
        const { v, person } = await voter();
        const issuer = await officer();
        return atTime(v.opensAt + 10_000, async () => {
          const res = await expectStatus(
            await issuer.call("POST", `/api/elections/${v.id}/ballot-codes`, {
              body: { nationalId: person.nationalId },
            }),
            201,
          );
          const { code } = (await res.json()) as { code: string };
          return a.call("POST", `/api/elections/${v.id}/kiosk-ballots/ballot`, { body: { code } });
        });
      },
    },
    "POST /api/elections/:id/ballot-codes": {
      allowed: "polling officers",
      ok: 201,
      call: async (a) => {
        const { v, person } = await voter();
        return atTime(v.opensAt + 10_000, () =>
          a.call("POST", `/api/elections/${v.id}/ballot-codes`, { body: { nationalId: person.nationalId } }),
        );
      },
    },
    "POST /api/elections/:id/kiosk-ballots": {
      allowed: "everyone",
      ok: 201,
      call: async (a) => {
        const { v, person } = await voter();
        const issuer = await officer();
        return atTime(v.opensAt + 10_000, async () => {
          const res = await expectStatus(
            await issuer.call("POST", `/api/elections/${v.id}/ballot-codes`, {
              body: { nationalId: person.nationalId },
            }),
            201,
          );
          const { code } = (await res.json()) as { code: string };
          return a.call("POST", `/api/elections/${v.id}/kiosk-ballots`, {
            body: { code, choices: [v.candidateId] },
          });
        });
      },
    },
    "GET /api/elections/:id/turnout": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${await registering()}/turnout`),
    },
    "GET /api/elections/:id/board/:n": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${(await closedA()).id}/board/${hood}`),
    },
    "GET /api/elections/:id/trackers/:tracker": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${await registering()}/trackers/${anyTracker}`),
    },
    "POST /api/elections/:id/close": {
      allowed: "election admins",
      ok: 200,
      call: async (a) => {
        const c = await closing();
        return atTime(c.closesAt + 10_000, () => a.call("POST", `/api/elections/${c.id}/close`));
      },
    },
    "GET /api/elections/:id/results": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${(await closedA()).id}/results`),
    },
    "POST /api/elections/:id/complaints": {
      allowed: "citizens",
      ok: 201,
      call: async (a) => {
        const election = await closedA();
        return atTime(election.complaintsOpen + 10_000, () =>
          a.call("POST", `/api/elections/${election.id}/complaints`, {
            body: { text: "شمارش آرای محله باید دوباره بررسی شود." },
          }),
        );
      },
    },
    "GET /api/elections/:id/complaints": {
      allowed: "election staff",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${(await closedA()).id}/complaints`),
    },
    "POST /api/elections/:id/complaints/:complaintId/ruling": {
      allowed: "election admins",
      ok: 200,
      call: async (a) => {
        const election = await closedA();
        return a.call("POST", `/api/elections/${election.id}/complaints/${election.complaintId}/ruling`, {
          body: { decision: "dismissed", reason: "شواهدی ارائه نشد." },
        });
      },
    },
    "POST /api/elections/:id/certify": {
      allowed: "election admins",
      ok: 200,
      call: async (a) => {
        const election = await closedB();
        return atTime(election.complaintsClose + 10_000, () =>
          a.call("POST", `/api/elections/${election.id}/certify`),
        );
      },
    },
    "GET /api/elections/:id/audit": {
      allowed: "election staff",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${await registering()}/audit?log=roll&limit=5`),
    },
    "GET /api/elections/:id/complaint-counts": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${(await closedA()).id}/complaint-counts`),
    },
    "GET /api/elections/:id/record": {
      allowed: "everyone",
      ok: 302,
      call: async (a) => a.call("GET", `/api/elections/${(await closedA()).id}/record`),
    },
    "GET /api/elections/:id/record/link": {
      allowed: "everyone",
      ok: 200,
      call: async (a) => a.call("GET", `/api/elections/${(await closedA()).id}/record/link`),
    },
  };
}
