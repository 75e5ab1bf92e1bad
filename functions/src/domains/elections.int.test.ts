/**
 * The elections API through the composed app (app.request), against DynamoDB Local and the S3
 * emulator: an administrator sets up an election and its roll, citizens apply with real uploads
 * and are decided on, one voter votes online and another at a kiosk with an officer's code, the
 * sealer job puts the ballots on the board, the administrator closes, and the downloaded record
 * verifies. The clock (identity's, which elections read) is moved through the election's days;
 * people sign in again in each phase, as their sessions would have expired.
 */

import { type ElectionRecord, verifyRecord } from "@hamdel/core/elections";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { describe, expect, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { app } from "../app";
import { handler as sealer } from "../lambda/elections-sealer";
import { Agent, freshMobile, freshNationalId } from "../testing/agent";
import {
  applicant,
  at,
  citizen,
  DAY,
  electionDays,
  finalisedUpload,
  iso,
  ok,
  problem,
  staffAgent,
  useTestClock,
} from "./elections.api-test-support";

// The election's days relative to today (sessions are made again in each phase).
const {
  realNow: REAL_NOW,
  votingDay: VOTING_DAY,
  onVotingDay,
  duringRegistration: DURING_REGISTRATION,
} = electionDays(10);
const COMPLAINTS_OPEN = onVotingDay("08:00") + DAY;
const COMPLAINTS_CLOSE = COMPLAINTS_OPEN + 3 * DAY;
const DURING_COMPLAINTS = COMPLAINTS_OPEN + DAY;
const AFTER_COMPLAINTS = COMPLAINTS_CLOSE + DAY;

useTestClock(DURING_REGISTRATION);

const [n1, n2] = neighbourhoodsOf("7").map((n) => n.id) as [string, string];

interface Election {
  id: string;
  status: string;
  voting: { effectiveClosesAt: string };
}
interface Candidate {
  id: string;
  status: string;
  name: string;
}
interface Receipt {
  electionId: string;
  neighbourhoodId: string;
  tracker: string;
  nonce: string;
}

const electionBody = {
  title: "انتخابات شورایاری آزمایشی",
  term: 6,
  neighbourhoods: [n1, n2],
  seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
  registration: { opensAt: iso(REAL_NOW - DAY), closesAt: iso(onVotingDay("08:00") - 2 * DAY) },
  voting: { day: VOTING_DAY, opens: "08:00", closes: "16:00", maxExtensionMinutes: 240 },
  complaints: { opensAt: iso(COMPLAINTS_OPEN), closesAt: iso(COMPLAINTS_CLOSE) },
};

describe("an election through the API", () => {
  it("setup → candidates → online and kiosk votes → board → close → results → record that verifies", async () => {
    // ── registration: the election, the roll, the candidates ──
    at(DURING_REGISTRATION);
    const admin = await staffAgent({ role: "election_admin" });
    const election = await ok<Election>(admin.call("POST", "/api/elections", { body: electionBody }), 201);
    expect(election.status).toBe("scheduled");
    const listed = await ok<{ items: Election[] }>(new Agent(app).call("GET", "/api/elections"));
    expect(listed.items.map((e) => e.id)).toContain(election.id);
    const base = `/api/elections/${election.id}`;
    // Another election voting on the same day: a kiosk code of one is no good at the other.
    const neighbour = await ok<Election>(admin.call("POST", "/api/elections", { body: electionBody }), 201);

    const voters = Array.from({ length: 5 }, () => ({
      nationalId: freshNationalId(),
      mobile: freshMobile(),
    }));
    const [online, kiosk, late, tooLate, other] = voters as [
      (typeof voters)[0],
      (typeof voters)[0],
      (typeof voters)[0],
      (typeof voters)[0],
      (typeof voters)[0],
    ];
    const csv = [
      "national_id,mobile,neighbourhood",
      ...[online, kiosk, late, tooLate].map((v) => `${v.nationalId},${v.mobile},${n1}`),
      `${other.nationalId},${other.mobile},${n2}`,
      `1234567890,${freshMobile()},${n1}`,
      `${online.nationalId},${online.mobile},${n2}`,
    ].join("\n");
    const report = await ok<{
      rows: number;
      added: number;
      rejected: Array<{ line: number; reason: string }>;
    }>(admin.call("POST", `${base}/roll`, { rawBody: csv, headers: { "content-type": "text/csv" } }));
    expect(report).toMatchObject({ rows: 7, added: 5 });
    expect(report.rejected).toEqual([
      { line: 7, reason: "bad_national_id" },
      { line: 8, reason: "duplicate_in_file" },
    ]);
    // JSON {csv} works too; a re-import changes nothing.
    const again = await ok<{ added: number; alreadyListed: number }>(
      admin.call("POST", `${base}/roll`, { body: { csv: `${online.nationalId},${online.mobile},${n1}` } }),
    );
    expect(again).toMatchObject({ added: 0, alreadyListed: 1 });

    const applied: Candidate[] = [];
    for (const name of ["سارا", "رضا", "نگار"]) {
      const agent = await applicant(n1, name);
      const body = {
        statement: "برای محله‌ای پاک‌تر و امن‌تر نامزد شده‌ام و گزارش کار می‌دهم.",
        residenceSince: "2020-01-01",
        photoUploadId: await finalisedUpload(agent, "profile-photo"),
        proofUploadId: await finalisedUpload(agent, "document"),
      };
      const candidate = await ok<Candidate>(agent.call("POST", `${base}/candidacy`, { body }), 201);
      expect(candidate).toMatchObject({ status: "submitted", name: `${name} احمدی` });
      expect(await ok(agent.call("GET", `${base}/candidacy/me`))).toEqual({ candidate });
      await problem(agent.call("POST", `${base}/candidacy`, { body }), 409, "election.already_applied");
      applied.push(candidate);
      if (name === "نگار") {
        // Rejected, appeals once, then approved.
        await ok(
          admin.call("POST", `${base}/candidates/${candidate.id}/decision`, {
            body: { decision: "reject", reason: "مدرک سکونت خوانا نیست." },
          }),
        );
        const appealed = await ok<Candidate>(
          agent.call("POST", `${base}/candidacy/appeal`, { body: { text: "مدرک خوانا را دوباره فرستادم." } }),
        );
        expect(appealed.status).toBe("appealed");
        await problem(
          agent.call("POST", `${base}/candidacy/appeal`, {
            body: { text: "دوباره اعتراض می‌کنم به این رأی." },
          }),
          409,
          "election.appeal_not_allowed",
        );
      }
    }
    const observer = await staffAgent({ role: "election_observer" });
    const applications = await ok<{ items: Candidate[] }>(
      observer.call("GET", `${base}/applications?neighbourhood=${n1}`),
    );
    expect(applications.items.map((c) => c.status).sort()).toEqual(["appealed", "submitted", "submitted"]);
    for (const c of applied) {
      const decided = await ok<Candidate>(
        admin.call("POST", `${base}/candidates/${c.id}/decision`, { body: { decision: "approve" } }),
      );
      expect(decided.status).toBe("approved");
    }
    const ballot = await ok<{ items: Candidate[] }>(
      new Agent(app).call("GET", `${base}/neighbourhoods/${n1}/candidates`),
    );
    expect(ballot.items.map((c) => c.id).sort()).toEqual(applied.map((c) => c.id).sort());
    const [first, second, third] = ballot.items.map((c) => c.id) as [string, string, string];

    // Before the window: refused.
    const early = await citizen(online.mobile);
    await problem(
      early.call("POST", `${base}/ballots`, { body: { nationalId: online.nationalId, choices: [first] } }),
      409,
      "election.not_open",
    );

    // ── voting day ──
    at(onVotingDay("09:00"));
    const turnoutBefore = await ok<{
      items: Array<{ neighbourhoodId: string; eligible: number; ballots: number }>;
    }>(new Agent(app).call("GET", `${base}/turnout`));
    expect(turnoutBefore.items).toEqual([
      { neighbourhoodId: n1, eligible: 4, ballots: 0 },
      { neighbourhoodId: n2, eligible: 1, ballots: 0 },
    ]);

    const voter = await citizen(online.mobile);
    const receipt = await ok<Receipt>(
      voter.call("POST", `${base}/ballots`, {
        body: { nationalId: online.nationalId, choices: [first, second] },
      }),
      201,
    );
    expect(receipt).toMatchObject({ electionId: election.id, neighbourhoodId: n1 });
    await problem(
      voter.call("POST", `${base}/ballots`, { body: { nationalId: online.nationalId, choices: [third] } }),
      409,
      "election.already_voted",
    );
    // Someone else's national id with this mobile: refused without saying whether it is on the roll.
    await problem(
      voter.call("POST", `${base}/ballots`, { body: { nationalId: kiosk.nationalId, choices: [third] } }),
      403,
      "election.not_eligible",
    );

    // At a branch: the officer of district 7 issues a code, the kiosk casts with it (no session).
    const officer = await staffAgent({ role: "polling_officer", scope: "7" });
    await problem(
      officer.call("POST", `${base}/ballot-codes`, { body: { nationalId: online.nationalId } }),
      409,
      "election.already_voted",
    );
    const otherDistrict = await staffAgent({ role: "polling_officer", scope: "12" });
    await problem(
      otherDistrict.call("POST", `${base}/ballot-codes`, { body: { nationalId: kiosk.nationalId } }),
      403,
      "auth.forbidden",
    );
    const issued = await ok<{ code: string; neighbourhoodId: string }>(
      officer.call("POST", `${base}/ballot-codes`, { body: { nationalId: kiosk.nationalId } }),
      201,
    );
    expect(issued.neighbourhoodId).toBe(n1);
    const kioskDevice = new Agent(app);
    await problem(
      kioskDevice.call("POST", `/api/elections/${neighbour.id}/kiosk-ballots`, {
        body: { code: issued.code, choices: [third] },
      }),
      422,
      "election.code_invalid",
    );
    const kioskReceipt = await ok<Receipt>(
      kioskDevice.call("POST", `${base}/kiosk-ballots`, { body: { code: issued.code, choices: [third] } }),
      201,
    );
    expect(kioskReceipt.neighbourhoodId).toBe(n1);
    await problem(
      kioskDevice.call("POST", `${base}/kiosk-ballots`, { body: { code: issued.code, choices: [first] } }),
      422,
      "election.code_invalid",
    );
    // The kiosk voter cannot then vote online either.
    const kioskVoterOnline = await citizen(kiosk.mobile);
    await problem(
      kioskVoterOnline.call("POST", `${base}/ballots`, {
        body: { nationalId: kiosk.nationalId, choices: [first] },
      }),
      409,
      "election.already_voted",
    );

    // The receipt's tracker is found at once, and has a place on the board once the sealer ran.
    const tracker = `/api/elections/${election.id}/trackers/${receipt.tracker}`;
    expect(await ok(new Agent(app).call("GET", tracker))).toEqual({ found: true, neighbourhoodId: n1 });
    expect((await sealer()).sealed).toBeGreaterThanOrEqual(2);
    const found = await ok<{ found: boolean; position: number }>(new Agent(app).call("GET", tracker));
    expect(found).toMatchObject({ found: true, neighbourhoodId: n1 });
    expect([1, 2]).toContain(found.position);

    // ── the end of the day: extended by 30 minutes, audited; then too late ──
    at(onVotingDay("15:50"));
    const extended = await ok<Election>(
      (await staffAgent({ role: "election_admin" })).call("POST", `${base}/extend`, {
        body: { minutes: 30, reason: "صف رأی‌دهندگان در شعبه‌ها" },
      }),
    );
    expect(extended.voting.effectiveClosesAt).toBe(new Date(onVotingDay("16:30")).toISOString());
    at(onVotingDay("16:10"));
    const lateReceipt = await ok<Receipt>(
      (await citizen(late.mobile)).call("POST", `${base}/ballots`, {
        body: { nationalId: late.nationalId, choices: [second] },
      }),
      201,
    );
    at(onVotingDay("16:45"));
    await problem(
      (await citizen(tooLate.mobile)).call("POST", `${base}/ballots`, {
        body: { nationalId: tooLate.nationalId, choices: [second] },
      }),
      409,
      "election.closed",
    );
    await problem(new Agent(app).call("GET", `${base}/results`), 409, "election.not_closed");
    await problem(new Agent(app).call("GET", `${base}/record`), 409, "election.not_closed");

    // ── close: preliminary results, the board, the record ──
    const closer = await staffAgent({ role: "election_admin" });
    const closed = await ok<{ status: string; neighbourhoods: Array<Record<string, unknown>> }>(
      closer.call("POST", `${base}/close`),
    );
    expect(closed.status).toBe("preliminary");
    await problem(closer.call("POST", `${base}/close`), 409, "election.already_closed");
    const results = await ok<typeof closed>(new Agent(app).call("GET", `${base}/results`));
    expect(results).toEqual(closed);
    const hood1 = results.neighbourhoods.find((r) => r.neighbourhoodId === n1);
    expect(hood1).toMatchObject({
      eligible: 4,
      participation: 3,
      counts: { [first]: 1, [second]: 2, [third]: 1 },
      main: [second, expect.any(String)],
    });
    expect(results.neighbourhoods.find((r) => r.neighbourhoodId === n2)).toMatchObject({
      eligible: 1,
      participation: 0,
      main: [],
    });

    const board = await ok<{
      head: { length: number; signature: string };
      heads: unknown[];
      entries: Array<{ position: number; tracker: string }>;
      next?: number;
    }>(new Agent(app).call("GET", `${base}/board/${n1}?limit=2`));
    expect(board.head.length).toBe(3);
    expect(board.entries.map((e) => e.position)).toEqual([1, 2]);
    expect(board.next).toBe(2);
    const rest = await ok<typeof board>(new Agent(app).call("GET", `${base}/board/${n1}?after=2`));
    expect(rest.entries.map((e) => e.position)).toEqual([3]);
    expect(rest.next).toBeUndefined();
    expect([...board.entries, ...rest.entries].map((e) => e.tracker).sort()).toEqual(
      [receipt.tracker, kioskReceipt.tracker, lateReceipt.tracker].sort(),
    );

    // The record is a file in the bucket: the API redirects to a signed URL of the S3 emulator.
    const redirect = await new Agent(app).call("GET", `${base}/record`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("cache-control")).toBe("no-store");
    const download = await fetch(redirect.headers.get("location") ?? "");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="election-${election.id}.json"`,
    );
    const record = (await download.json()) as ElectionRecord;
    // The same file by its link as JSON, the version named.
    const link = await ok<{ url: string; version: string; bytes: number }>(
      new Agent(app).call("GET", `${base}/record/link`),
    );
    expect(link.version).toMatch(/^preliminary-v\d+$/);
    expect(await (await fetch(link.url)).json()).toEqual(record);
    expect(verifyRecord(record)).toEqual([]);
    expect(record.neighbourhoods.find((n) => n.neighbourhoodId === n1)?.ballots).toHaveLength(3);
    // The record is what was counted: change one choice and the verifier says so.
    const tampered = structuredClone(record);
    const altered = tampered.neighbourhoods.find((n) => n.neighbourhoodId === n1)?.ballots[0];
    if (altered) altered.choices = [first === altered.choices[0] ? second : first];
    expect(verifyRecord(tampered).length).toBeGreaterThan(0);

    // ── complaints, ruling, certification ──
    at(DURING_COMPLAINTS);
    const complainant = await citizen();
    const complaint = await ok<{ id: string; status: string }>(
      complainant.call("POST", `${base}/complaints`, {
        body: { neighbourhoodId: n1, text: "در شعبهٔ محله صف طولانی بود و برخی رأی ندادند." },
      }),
      201,
    );
    expect(complaint.status).toBe("open");
    const watcher = await staffAgent({ role: "election_observer" });
    const complaints = await ok<{ items: Array<Record<string, unknown>> }>(
      watcher.call("GET", `${base}/complaints`),
    );
    expect(complaints.items).toHaveLength(1);
    expect(complaints.items[0]).not.toHaveProperty("userId");
    // Anyone sees how many were filed and how they stand; not the complaints themselves.
    expect(await ok(new Agent(app).call("GET", `${base}/complaint-counts`))).toEqual({
      filed: 1,
      open: 1,
      upheld: 0,
      dismissed: 0,
    });
    await problem(new Agent(app).call("GET", `${base}/complaints`), 401, "auth.required");
    const ruler = await staffAgent({ role: "election_admin" });
    await problem(ruler.call("POST", `${base}/certify`), 409, "election.complaints_open");
    const ruled = await ok<{ status: string }>(
      ruler.call("POST", `${base}/complaints/${complaint.id}/ruling`, {
        body: { decision: "dismissed", reason: "تمدید زمان رأی‌گیری صف را پوشش داد." },
      }),
    );
    expect(ruled.status).toBe("dismissed");

    at(AFTER_COMPLAINTS);
    const certifier = await staffAgent({ role: "election_admin" });
    const final = await ok<{ status: string }>(certifier.call("POST", `${base}/certify`));
    expect(final.status).toBe("final");
    expect((await ok<Election>(new Agent(app).call("GET", base))).status).toBe("final");
    const finalLink = await ok<{ url: string; version: string }>(
      new Agent(app).call("GET", `${base}/record/link`),
    );
    expect(finalLink.version).toMatch(/^final-v\d+$/);
    const finalRecord = (await (await fetch(finalLink.url)).json()) as ElectionRecord;
    expect(finalRecord.election.status).toBe("final");
    expect(verifyRecord(finalRecord)).toEqual([]);

    // The observer reads the administrative history.
    const audit = await ok<{ items: Array<{ id: string; action: string }> }>(
      (await staffAgent({ role: "election_observer" })).call("GET", `${base}/audit`),
    );
    const actions = new Set(audit.items.map((e) => e.action));
    // Newest first: the certification is the latest administrative action.
    expect(audit.items[0]?.action).toBe("election.certified");
    const reader = await staffAgent({ role: "election_observer" });
    const page1 = await ok<{ items: Array<{ id: string }>; next?: string }>(
      reader.call("GET", `${base}/audit?limit=3`),
    );
    expect(page1.items.map((e) => e.id)).toEqual(audit.items.slice(0, 3).map((e) => e.id));
    const page2 = await ok<{ items: Array<{ id: string }> }>(
      reader.call("GET", `${base}/audit?limit=3&before=${encodeURIComponent(page1.next ?? "")}`),
    );
    expect(page2.items.map((e) => e.id)).toEqual(audit.items.slice(3, 6).map((e) => e.id));
    // Each imported chunk of the roll is in the roll log (both imports above: one chunk each).
    const roll = await ok<{ items: Array<{ action: string }> }>(reader.call("GET", `${base}/audit?log=roll`));
    expect(roll.items.map((e) => e.action)).toEqual(["election.roll_chunk_imported"]);
    for (const action of [
      "election.created",
      "election.roll_imported",
      "election.candidate_rejected",
      "election.candidate_appealed",
      "election.candidate_approved",
      "election.voting_extended",
      "election.closed",
      "election.complaint_ruled",
      "election.certified",
    ]) {
      expect(actions, action).toContain(action);
    }
  }, 120_000);

  it("imports the roll from an Excel workbook, as the .xlsx body or base64 in JSON", async () => {
    at(DURING_REGISTRATION);
    const admin = await staffAgent({ role: "election_admin" });
    const election = await ok<Election>(admin.call("POST", "/api/elections", { body: electionBody }), 201);
    const base = `/api/elections/${election.id}`;
    const [a, b, c] = Array.from({ length: 3 }, freshNationalId) as [string, string, string];
    const xlsx = await writeExcelFile([
      ["کد ملی", "موبایل", "محله"],
      [a, freshMobile(), n1],
      [Number(b), Number(freshMobile()), n2], // numbers, as Excel keeps them
      [a, freshMobile(), n2], // twice in the file
      ["1234567890", freshMobile(), n1], // bad check digit
    ]).toBuffer();
    const raw = await admin.app.request(`http://localhost${base}/roll`, {
      method: "POST",
      headers: {
        cookie: admin.cookieHeader(),
        "x-csrf-token": admin.cookies.get("hamdel_csrf") ?? "",
        "x-forwarded-for": admin.ip,
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      body: xlsx,
    });
    expect(await ok(raw)).toEqual({
      rows: 4,
      added: 2,
      alreadyListed: 0,
      rejected: [
        { line: 4, reason: "duplicate_in_file" },
        { line: 5, reason: "bad_national_id" },
      ],
    });
    // The same person in another neighbourhood's workbook, sent as base64 in JSON.
    const second = await writeExcelFile([
      [c, freshMobile(), n1],
      [b, freshMobile(), n1],
    ]).toBuffer();
    expect(
      await ok(admin.call("POST", `${base}/roll`, { body: { xlsx: second.toString("base64") } })),
    ).toEqual({
      rows: 2,
      added: 1,
      alreadyListed: 0,
      rejected: [{ line: 2, reason: "other_neighbourhood" }],
    });
    const turnout = await ok<{ items: Array<{ neighbourhoodId: string; eligible: number }> }>(
      new Agent(app).call("GET", `${base}/turnout`),
    );
    expect(Object.fromEntries(turnout.items.map((r) => [r.neighbourhoodId, r.eligible]))).toEqual({
      [n1]: 2,
      [n2]: 1,
    });
    await problem(
      admin.call("POST", `${base}/roll`, { body: { xlsx: Buffer.from("a,b,c").toString("base64") } }),
      422,
      "election.roll_unreadable",
    );
    await problem(
      admin.call("POST", `${base}/roll`, { body: { xlsx: "not base64!" } }),
      422,
      "input.invalid",
    );
    const observer = await staffAgent({ role: "election_observer" });
    await problem(
      observer.call("POST", `${base}/roll`, { body: { xlsx: second.toString("base64") } }),
      403,
      "auth.forbidden",
    );
  });

  it("limits kiosk casts per IP (the code is the only credential)", async () => {
    at(DURING_REGISTRATION);
    const admin = await staffAgent({ role: "election_admin" });
    const election = await ok<Election>(admin.call("POST", "/api/elections", { body: electionBody }), 201);
    at(onVotingDay("10:00"));
    const kiosk = new Agent(app);
    const statuses: number[] = [];
    let limited: Response | undefined;
    // 61 attempts: however the fixed one-minute windows fall, one of them sees more than 30.
    for (let i = 0; i < 61; i++) {
      const res = await kiosk.call("POST", `/api/elections/${election.id}/kiosk-ballots`, {
        body: { code: "aaaaaaaaaaaaaaaa", choices: [] },
      });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      else await res.body?.cancel();
    }
    expect(statuses.slice(0, 30).every((s) => s === 422)).toBe(true);
    expect(limited).toBeDefined();
    if (limited) {
      await problem(limited, 429, "election.kiosk_rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Another device (another IP) is not affected.
    await problem(
      new Agent(app).call("POST", `/api/elections/${election.id}/kiosk-ballots`, {
        body: { code: "aaaaaaaaaaaaaaaa", choices: [] },
      }),
      422,
      "election.code_invalid",
    );
  });

  it("is in the API document", async () => {
    const doc = await ok<{
      paths: Record<string, Record<string, unknown>>;
      components?: { schemas?: Record<string, unknown> };
    }>(new Agent(app).call("GET", "/api/openapi.json"));
    expect(Object.keys(doc.paths["/api/elections/{id}/ballots"] ?? {})).toEqual(["post"]);
    // The record: a redirect to the file, its link as JSON, and the file's format as a schema.
    expect(doc.paths["/api/elections/{id}/record"]?.get).toMatchObject({
      responses: { "302": { headers: { location: expect.anything() } } },
    });
    expect(Object.keys(doc.paths["/api/elections/{id}/record/link"] ?? {})).toEqual(["get"]);
    expect(doc.components?.schemas).toHaveProperty("ElectionRecord");
    expect(doc.paths["/api/elections/{id}/roll"]?.post).toMatchObject({
      requestBody: {
        content: {
          "application/json": expect.anything(),
          "text/csv": expect.anything(),
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": expect.anything(),
        },
      },
    });
  });
});
