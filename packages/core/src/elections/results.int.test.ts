/**
 * After voting, against DynamoDB Local: sealing (also two sealers at once), close with its
 * three-way count check, preliminary results, complaints, certification, and the record passing
 * the standalone verifier — and failing it once tampered with.
 */
import { afterAll, describe, expect, it } from "vitest";
import { errorCode } from "../identity/test-support";
import {
  AFTER_COMPLAINTS,
  admin,
  clock,
  DURING_COMPLAINTS,
  d7,
  electionWithVoters,
  newKey,
  observer,
  onVotingDay,
  staff,
  type Voter,
} from "./commands-test-support";
import {
  castAtKiosk,
  castOnline,
  certifyResults,
  closeElection,
  complaintCounts,
  exportRecord,
  extendVoting,
  fileComplaint,
  getResults,
  issueBallotCode,
  listComplaints,
  listElectionAudit,
  ruleComplaint,
  sealNeighbourhood,
  verifyRecord,
} from "./index";
import * as store from "./store";

afterAll(() => clock.restore());

const officer7 = staff({ role: "polling_officer", scope: "7" });
const [hoodA, hoodB, hoodC, hoodD] = d7 as [string, string, string, string];

describe("the bulletin board", () => {
  it("two sealers at once append every ballot exactly once, in signed batches", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 60,
    });
    const choices = (candidates[hoodA] ?? []).slice(0, 1);
    await Promise.all(
      voters.map((v) => castOnline(v.actor, election.id, { nationalId: v.nationalId, choices })),
    );
    const key = newKey();
    await Promise.all([
      sealNeighbourhood(election.id, hoodA, key),
      sealNeighbourhood(election.id, hoodA, key),
      sealNeighbourhood(election.id, hoodA, key),
    ]);
    const entries = await store.chainEntries(election.id, hoodA);
    expect(entries.map((e) => e.position)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.tracker)).size).toBe(60);
    const heads = await store.signedHeads(election.id, hoodA);
    expect(heads.at(-1)?.length).toBe(60);
    expect(await store.unchainedBallots(election.id, hoodA, 10)).toEqual([]);
  }, 60_000);
});

describe("close, results, complaints, certification and the record", () => {
  it("runs an election end to end and the record verifies", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      // Nobody in hoodD votes: its chain is the signed empty one.
      neighbourhoods: [hoodA, hoodB, hoodC, hoodD],
      votersPerNeighbourhood: 5,
    });
    const key = newKey();
    // Online and kiosk votes; one neighbourhood's voters mostly agree, so its winners are known.
    const a = candidates[hoodA] as string[];
    let i = 0;
    for (const v of (voters as Voter[]).filter((v) => v.neighbourhoodId !== hoodD)) {
      const ballot =
        v.neighbourhoodId === hoodA
          ? [a[0], a[1]].filter((c): c is string => !!c)
          : (candidates[v.neighbourhoodId] ?? []).slice(0, 1);
      if (i++ % 2 === 0) {
        await castOnline(v.actor, election.id, { nationalId: v.nationalId, choices: ballot });
      } else {
        const { code } = await issueBallotCode(officer7, election.id, { nationalId: v.nationalId });
        await castAtKiosk({ code, choices: ballot });
      }
    }
    // A sealing during the day, then more votes are impossible after close.
    await sealNeighbourhood(election.id, hoodA, key);

    expect(await errorCode(closeElection(admin, election.id, key))).toBe("election.voting_not_over");
    expect(await errorCode(closeElection(observer, election.id, key))).toBe("auth.forbidden");
    clock.set(onVotingDay("16:00"));
    const preliminary = await closeElection(admin, election.id, key);
    expect(preliminary.status).toBe("preliminary");
    expect(await errorCode(closeElection(admin, election.id, key))).toBe("election.already_closed");
    expect(await errorCode(extendVoting(admin, election.id, { minutes: 10, reason: "دیر" }))).toBe(
      "election.closed",
    );

    const byHood = new Map(preliminary.neighbourhoods.map((n) => [n.neighbourhoodId, n]));
    const resultA = byHood.get(hoodA);
    expect(resultA).toMatchObject({ eligible: 5, participation: 5 });
    expect(resultA?.counts[a[0] as string]).toBe(5);
    expect(resultA?.main.slice(0, 2).sort()).toEqual([a[0], a[1]].sort());
    // tally = ballots = participations, everywhere.
    for (const n of [hoodA, hoodB, hoodC, hoodD]) {
      const ballots = (await store.ballotsOf(election.id, n)).length;
      expect((await store.readTally(election.id, n)).ballots).toBe(ballots);
      expect(await store.participationCount(election.id, n)).toBe(ballots);
      expect(byHood.get(n)?.participation).toBe(ballots);
      expect(ballots).toBe(n === hoodD ? 0 : 5);
    }

    const record = await exportRecord(election.id);
    expect(record.election.publicKey).toBe(key.publicKeyBase64);
    expect(record.neighbourhoods.map((n) => n.ballots.length)).toEqual([5, 5, 5, 0]);
    expect(verifyRecord(record)).toEqual([]);
    // The verifier notices a removed ballot.
    const tampered = structuredClone(record);
    tampered.neighbourhoods[0]?.ballots.pop();
    expect(verifyRecord(tampered).length).toBeGreaterThan(0);

    // Complaints: filed by citizens in their window, seen by observers without who filed them.
    const citizen = (voters[0] as Voter).actor;
    expect(
      await errorCode(fileComplaint(citizen, election.id, { text: "شمارش این محله را بازبینی کنید." })),
    ).toBe("election.complaints_closed");
    clock.set(DURING_COMPLAINTS);
    const complaint = await fileComplaint(citizen, election.id, {
      neighbourhoodId: hoodA,
      text: "شمارش این محله را بازبینی کنید.",
    });
    const seen = await listComplaints(observer, election.id);
    expect(seen).toEqual([complaint]);
    expect(JSON.stringify(seen)).not.toContain(citizen.userId);
    expect(await errorCode(listComplaints(citizen, election.id))).toBe("auth.forbidden");
    // The public sees how many were filed and how they stand, never the complaints.
    expect(await complaintCounts(election.id)).toEqual({ filed: 1, open: 1, upheld: 0, dismissed: 0 });

    clock.set(AFTER_COMPLAINTS);
    expect(await errorCode(certifyResults(admin, election.id))).toBe("election.complaints_pending");
    await ruleComplaint(admin, election.id, complaint.id, {
      decision: "dismissed",
      reason: "بازشماری همان نتیجه را داد.",
    });
    expect(
      await errorCode(
        ruleComplaint(admin, election.id, complaint.id, { decision: "upheld", reason: "دوباره" }),
      ),
    ).toBe("election.complaint_ruled");
    expect(await complaintCounts(election.id)).toEqual({ filed: 1, open: 0, upheld: 0, dismissed: 1 });
    const final = await certifyResults(admin, election.id);
    expect(final.status).toBe("final");
    expect((await getResults(election.id)).status).toBe("final");
    const finalRecord = await exportRecord(election.id);
    expect(finalRecord.election.status).toBe("final");
    expect(verifyRecord(finalRecord)).toEqual([]);

    // Observers read the administrative history.
    const actions = (await listElectionAudit(observer, election.id)).items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "election.created",
        "election.roll_imported",
        "election.closed",
        "election.complaint_ruled",
        "election.certified",
      ]),
    );
  }, 120_000);

  it("a damaged counter stops the close loudly and publishes nothing", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 2,
    });
    for (const v of voters) {
      await castOnline(v.actor, election.id, {
        nationalId: v.nationalId,
        choices: (candidates[hoodA] ?? []).slice(0, 1),
      });
    }
    // One vote too many on a shard, as if a counter had been tampered with.
    await store.transact([
      store.addToTallyItem(election.id, hoodA, (candidates[hoodA] ?? []).slice(0, 1), 0),
    ]);
    clock.set(onVotingDay("16:00"));
    await expect(closeElection(admin, election.id, newKey())).rejects.toThrow(/Tally counters say 3 ballots/);
    expect(await errorCode(getResults(election.id))).toBe("election.not_closed");
  }, 60_000);
});
