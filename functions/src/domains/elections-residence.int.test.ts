/**
 * Residence declared and verified, through the composed app against DynamoDB Local and the S3
 * emulator: citizens not on the roll declare with a real proof upload, administrators page
 * through pending declarations and open the proof by its signed link, verify or reject; who may
 * do which (a citizen cannot verify); the refusals as problem+json; and on voting day the
 * verified resident gets their neighbourhood's ballot.
 */
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { describe, expect, it } from "vitest";
import { app } from "../app";
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

const { realNow, votingDay, onVotingDay, duringRegistration } = electionDays(6);
const REGISTRATION_CLOSES = onVotingDay("08:00") - 2 * DAY;

useTestClock(duringRegistration);

const [n1, n2] = neighbourhoodsOf("7").map((n) => n.id) as [string, string];

interface Declaration {
  id: string;
  neighbourhoodId: string;
  status: string;
  reason?: string;
}
interface Review extends Declaration {
  name: string;
  nationalIdLast3: string;
  proof: { url: string; expiresAt: string };
}
interface Page {
  items: Review[];
  next?: string;
}

const electionBody = {
  title: "انتخابات شورایاری با اعلام سکونت",
  term: 6,
  neighbourhoods: [n1, n2],
  seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
  registration: { opensAt: iso(realNow - DAY), closesAt: iso(REGISTRATION_CLOSES) },
  voting: { day: votingDay, opens: "08:00", closes: "16:00", maxExtensionMinutes: 240 },
  complaints: { opensAt: iso(onVotingDay("08:00") + DAY), closesAt: iso(onVotingDay("08:00") + 3 * DAY) },
};

async function declare(agent: Agent, base: string, neighbourhoodId = n1) {
  return agent.call("POST", `${base}/residence`, {
    body: { neighbourhoodId, proofUploadId: await finalisedUpload(agent, "document") },
  });
}

describe("residence declared and verified, through the API", () => {
  it("declare → pending list with the proof → verify → on the roll and counted → the voter's ballot", async () => {
    at(duringRegistration);
    const admin = await staffAgent({ role: "election_admin" });
    const election = await ok<{ id: string }>(
      admin.call("POST", "/api/elections", { body: electionBody }),
      201,
    );
    const base = `/api/elections/${election.id}`;

    const nationalId = freshNationalId();
    const mobile = freshMobile();
    const resident = await applicant(n1, "سارا", nationalId, mobile);
    expect(await ok(resident.call("GET", `${base}/residence/me`))).toEqual({
      declaration: null,
      onRoll: false,
    });
    const declared = await ok<Declaration>(declare(resident, base), 201);
    expect(declared).toMatchObject({ neighbourhoodId: n1, status: "pending" });
    await problem(declare(resident, base), 409, "election.declaration_exists");
    expect(await ok(resident.call("GET", `${base}/residence/me`))).toMatchObject({
      declaration: { id: declared.id, status: "pending" },
      onRoll: false,
    });

    // Bad input changes nothing.
    await problem(
      resident.call("POST", `${base}/residence`, { body: { neighbourhoodId: n1 } }),
      422,
      "input.invalid",
    );

    // A citizen cannot verify, an observer only reads, the anonymous are asked to sign in.
    const verify = { body: { decision: "verify" } };
    const decision = `${base}/residence-declarations/${declared.id}/decision`;
    await problem(resident.call("POST", decision, verify), 403, "auth.forbidden");
    await problem(resident.call("GET", `${base}/residence-declarations`), 403, "auth.forbidden");
    const observer = await staffAgent({ role: "election_observer" });
    await problem(observer.call("POST", decision, verify), 403, "auth.forbidden");
    await problem(new Agent(app).call("POST", decision, verify), 401, "auth.required");
    await problem(
      admin.call("POST", `${base}/residence`, { body: { neighbourhoodId: n1, proofUploadId: "x" } }),
      403,
      "auth.forbidden",
    );

    const pending = await ok<Page>(observer.call("GET", `${base}/residence-declarations`));
    expect(pending.items.map((d) => [d.id, d.name, d.nationalIdLast3])).toEqual([
      [declared.id, "سارا احمدی", nationalId.slice(-3)],
    ]);
    const proof = await fetch(pending.items[0]?.proof.url ?? "");
    expect(proof.status).toBe(200);
    expect((await proof.arrayBuffer()).byteLength).toBeGreaterThan(0);
    await problem(admin.call("GET", `${base}/residence-declarations?after=nope`), 422, "input.invalid");
    await problem(admin.call("POST", decision, { body: { decision: "reject" } }), 422, "input.invalid");
    await problem(
      admin.call("POST", `${base}/residence-declarations/${"0".repeat(32)}/decision`, verify),
      404,
      "election.residence_declaration.not_found",
    );

    expect(await ok<Declaration>(admin.call("POST", decision, verify))).toMatchObject({ status: "verified" });
    await problem(admin.call("POST", decision, verify), 409, "election.declaration_decided");
    const turnout = await ok<{ items: Array<{ neighbourhoodId: string; eligible: number }> }>(
      new Agent(app).call("GET", `${base}/turnout`),
    );
    expect(Object.fromEntries(turnout.items.map((r) => [r.neighbourhoodId, r.eligible]))).toEqual({
      [n1]: 1,
      [n2]: 0,
    });
    expect(await ok(resident.call("GET", `${base}/residence/me`))).toMatchObject({
      declaration: { status: "verified" },
      onRoll: true,
    });
    const rollLog = await ok<{ items: Array<{ action: string; actor: { kind: string } }> }>(
      observer.call("GET", `${base}/audit?log=roll`),
    );
    expect(rollLog.items.map((e) => `${e.actor.kind} ${e.action}`)).toEqual([
      "staff election.residence_verified",
      "citizen election.residence_declared",
    ]);

    // A rejection with its reason reaches the citizen, who may declare again.
    const refused = await applicant(n2, "رضا");
    const second = await ok<Declaration>(declare(refused, base, n2), 201);
    const reason = "مدرک به نام شخص دیگری است.";
    expect(
      await ok<Declaration>(
        admin.call("POST", `${base}/residence-declarations/${second.id}/decision`, {
          body: { decision: "reject", reason },
        }),
      ),
    ).toMatchObject({ status: "rejected", reason });
    expect(await ok(refused.call("GET", `${base}/residence/me`))).toMatchObject({
      declaration: { status: "rejected", reason },
    });
    const rejectedPage = await ok<Page>(
      admin.call("GET", `${base}/residence-declarations?status=rejected&limit=1`),
    );
    expect(rejectedPage.items.map((d) => d.id)).toEqual([second.id]);
    expect(rejectedPage.next).toEqual(expect.any(String));
    expect(
      (
        await ok<Page>(
          admin.call(
            "GET",
            `${base}/residence-declarations?status=rejected&after=${encodeURIComponent(rejectedPage.next ?? "")}`,
          ),
        )
      ).items,
    ).toEqual([]);
    expect(await ok<Declaration>(declare(refused, base, n2), 201)).toMatchObject({ status: "pending" });

    // Someone on the imported roll has nothing to declare.
    const listedId = freshNationalId();
    await ok(admin.call("POST", `${base}/roll`, { body: { csv: `${listedId},${freshMobile()},${n2}` } }));
    await problem(declare(await applicant(n2, "لیلا", listedId), base, n2), 409, "election.already_on_roll");

    // After registration: no more declarations; administrators still decide until voting opens.
    at(REGISTRATION_CLOSES + 3600 * 1000);
    const late = await applicant(n1, "نادر");
    await problem(declare(late, base), 409, "election.declarations_closed");
    at(onVotingDay("08:30"));
    const onTheDay = await staffAgent({ role: "election_admin" });
    await problem(
      onTheDay.call("POST", `${base}/residence-declarations/${second.id}/decision`, verify),
      409,
      "election.roll_locked",
    );
    // The verified resident signs in on voting day and gets their neighbourhood's ballot.
    const voter = await citizen(mobile);
    expect(await ok(voter.call("POST", `${base}/my-ballot`, { body: { nationalId } }))).toEqual({
      neighbourhoodId: n1,
    });
  }, 120_000);

  it("is in the API document", async () => {
    const doc = await ok<{ paths: Record<string, Record<string, unknown>> }>(
      new Agent(app).call("GET", "/api/openapi.json"),
    );
    expect(Object.keys(doc.paths["/api/elections/{id}/residence"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/elections/{id}/residence/me"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/elections/{id}/residence-declarations"] ?? {})).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/elections/{id}/residence-declarations/{did}/decision"] ?? {})).toEqual(
      ["post"],
    );
  });
});
