import { afterAll, describe, expect, it } from "vitest";
import writeExcelFile, { type SheetData } from "write-excel-file/node";
import type { Actor } from "../actor";
import { keyedHash } from "../crypto";
import { updateProfile } from "../identity";
import { errorCode, freshNationalId } from "../identity/test-support";
import {
  admin,
  clock,
  DURING_REGISTRATION,
  d7,
  d12,
  electionInput,
  newVoter,
  observer,
  onVotingDay,
  readyUpload,
  scanAll,
} from "./commands-test-support";
import {
  appealCandidacy,
  applyForCandidacy,
  ballotOrder,
  createElection,
  decideCandidacy,
  eligibleVoters,
  extendVoting,
  getElection,
  importRoll,
  listApplications,
  listBallotCandidates,
  listElectionAudit,
  myCandidacy,
} from "./index";

afterAll(() => clock.restore());

/** A valid national id with the given leading digits (Tehran's often start with 00). */
function nationalIdStartingWith(prefix: string): string {
  for (;;) {
    const id = freshNationalId();
    const body = `${prefix}${id.slice(prefix.length, 9)}`;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    const r = sum % 11;
    const candidate = `${body}${r < 2 ? r : 11 - r}`;
    if (!/^(\d)\1{9}$/.test(candidate)) return candidate;
  }
}

const [hoodA, hoodB] = d7 as [string, string];
const hoodC = d12[0] as string;

describe("the election", () => {
  it("is created by election administrators only, with a coherent schedule, and audited", async () => {
    clock.set(DURING_REGISTRATION);
    const citizen: Actor = { kind: "citizen", userId: "C1", sessionId: "S1" };
    expect(await errorCode(createElection(citizen, electionInput([hoodA])))).toBe("auth.forbidden");
    expect(await errorCode(createElection({ kind: "anonymous" }, electionInput([hoodA])))).toBe(
      "auth.required",
    );
    // Registration must end before voting; complaints only after the latest possible close.
    expect(
      await errorCode(
        createElection(
          admin,
          electionInput([hoodA], {
            registration: { opensAt: "2031-03-01T04:30:00.000Z", closesAt: "2031-03-10T06:00:00.000Z" },
          }),
        ),
      ),
    ).toBe("input.invalid");
    expect(
      await errorCode(
        createElection(
          admin,
          electionInput([hoodA], {
            complaints: { opensAt: "2031-03-10T14:00:00.000Z", closesAt: "2031-03-14T20:30:00.000Z" },
          }),
        ),
      ),
    ).toBe("input.invalid");

    const election = await createElection(admin, electionInput([hoodA, hoodB]));
    expect(election).toMatchObject({ status: "scheduled", neighbourhoods: [hoodA, hoodB], term: 6 });
    // 8:00–16:00 Tehran (UTC+3:30) on the voting day.
    expect(election.voting).toMatchObject({
      opensAt: "2031-03-10T04:30:00.000Z",
      closesAt: "2031-03-10T12:30:00.000Z",
      extendedMinutes: 0,
    });
    expect(election.drawSeed).toMatch(/^[0-9a-f]{64}$/);
    expect(await getElection(election.id)).toEqual(election);
    expect((await listElectionAudit(observer, election.id)).items.map((e) => e.action)).toEqual([
      "election.created",
    ]);
    expect(await errorCode(listElectionAudit(citizen, election.id))).toBe("auth.forbidden");
  });

  it("extends voting within the rules, audited, and never past the maximum", async () => {
    clock.set(DURING_REGISTRATION);
    const election = await createElection(admin, electionInput([hoodA]));
    clock.set(onVotingDay("15:30"));
    expect(await errorCode(extendVoting(observer, election.id, { minutes: 60, reason: "صف" }))).toBe(
      "auth.forbidden",
    );
    const once = await extendVoting(admin, election.id, { minutes: 180, reason: "صف طولانی" });
    expect(once.voting.extendedMinutes).toBe(180);
    expect(once.voting.effectiveClosesAt).toBe("2031-03-10T15:30:00.000Z");
    expect(await errorCode(extendVoting(admin, election.id, { minutes: 61, reason: "باز هم صف" }))).toBe(
      "election.extension_exceeds_max",
    );
    await extendVoting(admin, election.id, { minutes: 60, reason: "باز هم صف" });
    clock.set(onVotingDay("20:00"));
    expect(await errorCode(extendVoting(admin, election.id, { minutes: 1, reason: "دیر" }))).toBe(
      "election.extension_closed",
    );
    // Newest first, a page at a time.
    const first = await listElectionAudit(admin, election.id, { limit: 2 });
    expect(first.items.map((e) => [e.action, e.data?.minutes])).toEqual([
      ["election.voting_extended", 60],
      ["election.voting_extended", 180],
    ]);
    expect(first.next).toBeDefined();
    const second = await listElectionAudit(observer, election.id, { limit: 2, before: first.next });
    expect(second.items.map((e) => e.action)).toEqual(["election.created"]);
    expect(second.next).toBeUndefined();
    expect(await errorCode(listElectionAudit(observer, election.id, { before: "AT#not-a-cursor" }))).toBe(
      "input.invalid",
    );
  });
});

describe("the electoral roll", () => {
  it("imports valid rows, reports rejected ones by line and reason, and stores only hashes", async () => {
    clock.set(DURING_REGISTRATION);
    const election = await createElection(admin, electionInput([hoodA, hoodB]));
    const ids = Array.from({ length: 4 }, freshNationalId);
    const badCheckDigit = `${(ids[0] as string).slice(0, 9)}${(Number((ids[0] as string)[9]) + 1) % 10}`;
    const csv = [
      "national_id,mobile,neighbourhood", // 1: header
      `${ids[0]},09121234567,${hoodA}`, // 2
      `${badCheckDigit},09121234567,${hoodA}`, // 3: bad check digit
      `${ids[1]},0912,${hoodA}`, // 4: bad mobile
      `${ids[1]},09351234567,${hoodC}`, // 5: neighbourhood not in the election
      `${ids[0]},09121234567,${hoodB}`, // 6: duplicate in file
      "", // blank lines are skipped
      `${ids[2]};+989121112233;${hoodB}`, // 8: semicolons and +98 are fine
      `${ids[3]},09121112234`, // 9: malformed
    ].join("\r\n");
    const report = await importRoll(admin, election.id, { csv });
    expect(report).toEqual({
      rows: 7,
      added: 2,
      alreadyListed: 0,
      rejected: [
        { line: 3, reason: "bad_national_id" },
        { line: 4, reason: "bad_mobile" },
        { line: 5, reason: "unknown_neighbourhood" },
        { line: 6, reason: "duplicate_in_file" },
        { line: 9, reason: "malformed" },
      ],
    });

    // A second file: one person already on this neighbourhood's roll, one on another's, one new.
    const again = await importRoll(admin, election.id, {
      csv: [
        `${ids[0]},09121234567,${hoodA}`,
        `${ids[2]},09121112233,${hoodA}`,
        `${ids[3]},09120000000,${hoodA}`,
      ].join("\n"),
    });
    expect(again).toEqual({
      rows: 3,
      added: 1,
      alreadyListed: 1,
      rejected: [{ line: 2, reason: "other_neighbourhood" }],
    });
    expect(await eligibleVoters(election.id)).toEqual({ [hoodA]: 2, [hoodB]: 1 });

    const stored = await scanAll({
      FilterExpression: "begins_with(pk, :roll)",
      ExpressionAttributeValues: { ":roll": `ROLL#${election.id}#` },
    });
    expect(stored).toHaveLength(3);
    const text = JSON.stringify(stored);
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain("09121234567");
    expect(text).toContain(keyedHash("national-id", ids[0] as string));

    expect(await errorCode(importRoll(observer, election.id, { csv }))).toBe("auth.forbidden");
    clock.set(onVotingDay("08:00"));
    expect(await errorCode(importRoll(admin, election.id, { csv }))).toBe("election.roll_locked");
  });

  it("imports an Excel workbook with the same checks and the same report by row", async () => {
    clock.set(DURING_REGISTRATION);
    const election = await createElection(admin, electionInput([hoodA, hoodB]));
    // Excel keeps ids typed without a text format as numbers: leading zeros are gone.
    const zeroLed = nationalIdStartingWith("00");
    const ids = Array.from({ length: 3 }, freshNationalId);
    const badCheckDigit = `${(ids[0] as string).slice(0, 9)}${(Number((ids[0] as string)[9]) + 1) % 10}`;
    const xlsx = await writeExcelFile([
      ["کد ملی", "موبایل", "محله"], // 1: header
      [Number(zeroLed), 9121234567, hoodA], // 2: numbers, zeros dropped by Excel
      [ids[0] as string, "۰۹۱۲۱۲۳۴۵۶۸", hoodB], // 3: Persian digits
      [badCheckDigit, "09121234567", hoodA], // 4: bad check digit
      [null, null, null], // an empty row is skipped
      [zeroLed, "09121234569", hoodB], // 6: the same person twice in the file
      [ids[1] as string, "09121234570", hoodC], // 7: neighbourhood not in the election
      [ids[2] as string, "09121234571"], // 8: a missing cell
    ] as SheetData).toBuffer();
    expect(await importRoll(admin, election.id, { xlsx })).toEqual({
      rows: 6,
      added: 2,
      alreadyListed: 0,
      rejected: [
        { line: 4, reason: "bad_national_id" },
        { line: 6, reason: "duplicate_in_file" },
        { line: 7, reason: "unknown_neighbourhood" },
        { line: 8, reason: "malformed" },
      ],
    });
    // The id stored is the full 10-digit one, so the voter's typed id finds the entry.
    expect(
      await scanAll({
        FilterExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `ROLL#${election.id}#${keyedHash("national-id", zeroLed)}` },
      }),
    ).toHaveLength(1);

    // A second workbook: a re-import of the same row, and a person already on another's roll.
    const second = await writeExcelFile([
      [zeroLed, "09121234567", hoodA],
      [ids[0] as string, "09121234568", hoodA],
    ] as SheetData).toBuffer();
    expect(await importRoll(admin, election.id, { xlsx: second })).toEqual({
      rows: 2,
      added: 0,
      alreadyListed: 1,
      rejected: [{ line: 2, reason: "other_neighbourhood" }],
    });
    expect(await eligibleVoters(election.id)).toEqual({ [hoodA]: 1, [hoodB]: 1 });

    // Not a workbook: refused, nothing imported.
    expect(
      await errorCode(importRoll(admin, election.id, { xlsx: new TextEncoder().encode("not,a,workbook") })),
    ).toBe("election.roll_unreadable");
    expect(await errorCode(importRoll(admin, election.id, { xlsx: new Uint8Array() }))).toBe("input.invalid");
    expect(await errorCode(importRoll(observer, election.id, { xlsx }))).toBe("auth.forbidden");
    expect(await eligibleVoters(election.id)).toEqual({ [hoodA]: 1, [hoodB]: 1 });
  });

  it("imports a larger roll in transactional chunks with exact counts", async () => {
    clock.set(DURING_REGISTRATION);
    const election = await createElection(admin, electionInput([hoodA, hoodB]));
    const rows = Array.from(
      { length: 450 },
      (_, i) => `${freshNationalId()},0912${String(i).padStart(7, "0")},${i % 3 === 0 ? hoodB : hoodA}`,
    );
    const unique = new Set(rows.map((r) => r.split(",")[0])).size;
    const report = await importRoll(admin, election.id, { csv: rows.join("\n") });
    expect(report.added + report.rejected.length).toBe(450);
    expect(report.added).toBe(unique);
    const counts = await eligibleVoters(election.id);
    expect((counts[hoodA] ?? 0) + (counts[hoodB] ?? 0)).toBe(unique);
    // The election's log has the import once, with its totals; each chunk's entry is in the roll log.
    const log = await listElectionAudit(observer, election.id);
    expect(log.items.map((e) => e.action)).toEqual(["election.roll_imported", "election.created"]);
    expect(log.items[0]?.data).toEqual({
      format: "csv",
      rows: 450,
      added: report.added,
      alreadyListed: 0,
      rejected: report.rejected.length,
    });
    const chunks = await listElectionAudit(observer, election.id, { log: "roll", limit: 200 });
    expect(chunks.items.length).toBeGreaterThanOrEqual(5); // ≤ 97 rows a chunk
    expect(chunks.items.every((e) => e.action === "election.roll_chunk_imported")).toBe(true);
    expect(chunks.items.reduce((n, e) => n + Number(e.data?.added), 0)).toBe(report.added);
  }, 60_000);
});

describe("candidates", () => {
  it("apply, are decided, appeal once, and the approved appear in the published ballot order", async () => {
    clock.set(DURING_REGISTRATION);
    const election = await createElection(admin, electionInput([hoodA]));
    const people = await Promise.all([newVoter(hoodA), newVoter(hoodA), newVoter(hoodA), newVoter(hoodA)]);
    const profile = (birthDate: string, neighbourhood = hoodA) => ({
      firstName: "زهرا",
      lastName: "احمدی",
      nationalId: freshNationalId(),
      birthDate,
      district: "7",
      neighbourhood,
    });
    const application = async (actor: Actor, residenceSince = "2025-01-01") => ({
      statement: "برای سرزندگی محله و رسیدگی به فضای سبز نامزد شده‌ام.",
      residenceSince,
      photoUploadId: await readyUpload(actor, "profile-photo"),
      proofUploadId: await readyUpload(actor, "document"),
    });
    const [p1, p2, p3, young] = people.map((p) => p.actor) as [Actor, Actor, Actor, Actor];
    for (const p of [p1, p2, p3]) await updateProfile(p, profile("1368/11/22"));
    await updateProfile(young, profile("1390/01/01"));

    const c1 = await applyForCandidacy(p1, election.id, await application(p1));
    expect(c1).toMatchObject({
      status: "submitted",
      neighbourhoodId: hoodA,
      name: "زهرا احمدی",
      appealUsed: false,
    });
    expect(JSON.stringify(c1)).not.toContain((p1 as { userId: string }).userId);
    expect(await errorCode(applyForCandidacy(p1, election.id, await application(p1)))).toBe(
      "election.already_applied",
    );
    expect(await errorCode(applyForCandidacy(young, election.id, await application(young)))).toBe(
      "election.candidate_ineligible",
    );
    expect(await errorCode(applyForCandidacy(p2, election.id, await application(p2, "2031-01-01")))).toBe(
      "election.candidate_ineligible",
    );
    const c2 = await applyForCandidacy(p2, election.id, await application(p2));
    const c3 = await applyForCandidacy(p3, election.id, await application(p3));
    expect(await errorCode(applyForCandidacy(admin, election.id, {}))).toBe("auth.forbidden");

    expect(await errorCode(decideCandidacy(observer, election.id, c1.id, { decision: "approve" }))).toBe(
      "auth.forbidden",
    );
    await decideCandidacy(admin, election.id, c1.id, { decision: "approve" });
    await decideCandidacy(admin, election.id, c3.id, { decision: "approve" });
    await decideCandidacy(admin, election.id, c2.id, {
      decision: "reject",
      reason: "مدرک سکونت خوانا نیست.",
    });
    expect(
      await errorCode(decideCandidacy(admin, election.id, c1.id, { decision: "reject", reason: "دوباره" })),
    ).toBe("election.decision_not_allowed");
    expect(await myCandidacy(p2, election.id)).toMatchObject({
      status: "rejected",
      rejectionReason: "مدرک سکونت خوانا نیست.",
    });
    // One appeal: back to the administrators, who may approve; no second appeal.
    expect(await errorCode(appealCandidacy(p1, election.id, { text: "نامزدی من پذیرفته شده است." }))).toBe(
      "election.appeal_not_allowed",
    );
    const appealed = await appealCandidacy(p2, election.id, { text: "مدرک خواناتر را بارگذاری کرده‌ام." });
    expect(appealed).toMatchObject({ status: "appealed", appealUsed: true });
    // The administrators deciding the appeal read it; the public ballot never carries it.
    const pending = (await listApplications(admin, election.id, hoodA)).find((c) => c.id === c2.id);
    expect(pending).toMatchObject({ status: "appealed", appealText: "مدرک خواناتر را بارگذاری کرده‌ام." });
    expect(pending?.residenceSince).toMatch(/^\d{4}-\d\d-\d\d$/);
    // The photo and the proof of residence open through short-lived signed links.
    for (const url of [pending?.files.photoUrl, pending?.files.proofUrl]) {
      const res = await fetch(url ?? "");
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect(Date.parse(pending?.files.expiresAt ?? "")).toBeGreaterThan(Date.now());
    expect(appealed).not.toHaveProperty("appealText");
    await decideCandidacy(admin, election.id, c2.id, { decision: "reject", reason: "همچنان ناخوانا." });
    expect(
      await errorCode(appealCandidacy(p2, election.id, { text: "دوباره اعتراض دارم به این تصمیم." })),
    ).toBe("election.appeal_not_allowed");

    const ballot = await listBallotCandidates(election.id, hoodA);
    expect(ballot.map((c) => c.id)).toEqual(ballotOrder(election.drawSeed, [c1.id, c3.id]));
    for (const c of ballot) expect(Object.keys(c)).not.toContain("residenceSince");
    expect((await listApplications(observer, election.id, hoodA)).map((c) => c.status).sort()).toEqual([
      "approved",
      "approved",
      "rejected",
    ]);
    expect(await errorCode(listApplications(p1, election.id, hoodA))).toBe("auth.forbidden");

    // The ballot is fixed once voting opens; registration is over long before.
    clock.set(onVotingDay("08:00"));
    expect(await errorCode(decideCandidacy(admin, election.id, c2.id, { decision: "approve" }))).toBe(
      "election.ballot_fixed",
    );
    expect(
      await errorCode(
        applyForCandidacy(people[3]?.actor as Actor, election.id, {
          statement: "برای سرزندگی محله و رسیدگی به فضای سبز نامزد شده‌ام.",
          residenceSince: "2025-01-01",
          photoUploadId: "x",
          proofUploadId: "y",
        }),
      ),
    ).toBe("election.registration_closed");
    const actions = (await listElectionAudit(observer, election.id)).items.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("election.candidate_"))).toHaveLength(8);
  }, 60_000);
});
