/**
 * Casting against DynamoDB Local: one ballot per voter under concurrency and across channels,
 * the transaction's all-or-nothing, the window, the kiosk codes and their officers' districts,
 * and ballot secrecy in storage.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { db, table } from "../db";
import { isDomainError } from "../error";
import { errorCode } from "../identity/test-support";
import {
  admin,
  clock,
  d7,
  d12,
  electionWithVoters,
  newKey,
  newVoter,
  onVotingDay,
  scanAll,
  staff,
  type Voter,
} from "./commands-test-support";
import {
  castAtKiosk,
  castOnline,
  extendVoting,
  issueBallotCode,
  kioskBallot,
  lookupTracker,
  sealNeighbourhood,
  setIdentityProvider,
  turnout,
  voterBallot,
} from "./index";
import * as store from "./store";

afterAll(() => {
  clock.restore();
  setIdentityProvider();
});

const officer7 = staff({ role: "polling_officer", scope: "7" });
const officer12 = staff({ role: "polling_officer", scope: "12" });
const hoodA = d7[0] as string;
const hoodB = d7[1] as string;
const hoodC = d12[0] as string;

async function counts(electionId: string, neighbourhoodId: string) {
  return {
    ballots: (await store.ballotsOf(electionId, neighbourhoodId)).length,
    tally: (await store.readTally(electionId, neighbourhoodId)).ballots,
    participation: await store.participationCount(electionId, neighbourhoodId),
  };
}

async function outcomes(attempts: Array<Promise<unknown>>) {
  const settled = await Promise.allSettled(attempts);
  const codes = settled.map((s) =>
    s.status === "fulfilled" ? "ok" : isDomainError(s.reason) ? s.reason.code : `bug: ${String(s.reason)}`,
  );
  return codes.reduce<Record<string, number>>((acc, c) => {
    acc[c] = (acc[c] ?? 0) + 1;
    return acc;
  }, {});
}

describe("casting online", () => {
  it("casts once, returns a receipt whose tracker is found, and refuses a second ballot", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 1,
    });
    const voter = voters[0] as Voter;
    const choices = (candidates[hoodA] ?? []).slice(0, 2);
    const receipt = await castOnline(voter.actor, election.id, { nationalId: voter.nationalId, choices });
    expect(receipt).toMatchObject({ electionId: election.id, neighbourhoodId: hoodA });
    expect(receipt.tracker).toMatch(/^[a-z2-7]{52}$/);
    expect(receipt.nonce).toMatch(/^[a-z2-7]{26}$/);

    expect(await lookupTracker(election.id, { tracker: receipt.tracker })).toEqual({
      found: true,
      neighbourhoodId: hoodA,
    });
    await sealNeighbourhood(election.id, hoodA, newKey());
    expect(await lookupTracker(election.id, { tracker: receipt.tracker })).toEqual({
      found: true,
      neighbourhoodId: hoodA,
      position: 1,
    });

    expect(
      await errorCode(castOnline(voter.actor, election.id, { nationalId: voter.nationalId, choices })),
    ).toBe("election.already_voted");
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 1, tally: 1, participation: 1 });
    expect(await turnout(election.id)).toEqual([{ neighbourhoodId: hoodA, eligible: 1, ballots: 1 }]);
  });

  it("refuses someone not on the roll, and a national id whose mobile is not the voter's", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 1,
    });
    const onRoll = voters[0] as Voter;
    const stranger = await newVoter(hoodA);
    const choices = (candidates[hoodA] ?? []).slice(0, 1);
    // Not on the roll at all.
    expect(
      await errorCode(castOnline(stranger.actor, election.id, { nationalId: stranger.nationalId, choices })),
    ).toBe("election.not_eligible");
    // On the roll, but the signed-in citizen's mobile is not the one the identity provider knows.
    expect(
      await errorCode(castOnline(stranger.actor, election.id, { nationalId: onRoll.nationalId, choices })),
    ).toBe("election.not_eligible");
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 0, tally: 0, participation: 0 });
  });

  it("shows the voter the ballot of their roll entry's neighbourhood, with the cast's checks", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA, hoodB],
      votersPerNeighbourhood: 1,
    });
    const [inA, inB] = voters as [Voter, Voter];
    const stranger = await newVoter(hoodA);
    // The roll decides, whatever the voter's profile says.
    expect(await voterBallot(inB.actor, election.id, { nationalId: inB.nationalId })).toEqual({
      neighbourhoodId: hoodB,
    });
    expect(await voterBallot(inA.actor, election.id, { nationalId: inA.nationalId })).toEqual({
      neighbourhoodId: hoodA,
    });
    // Someone else's national id, or one not on the roll: the one refusal, nothing learnt.
    expect(await errorCode(voterBallot(stranger.actor, election.id, { nationalId: inA.nationalId }))).toBe(
      "election.not_eligible",
    );
    expect(
      await errorCode(voterBallot(stranger.actor, election.id, { nationalId: stranger.nationalId })),
    ).toBe("election.not_eligible");
    expect(await errorCode(voterBallot(admin, election.id, { nationalId: inA.nationalId }))).toBe(
      "auth.forbidden",
    );
    expect(await errorCode(voterBallot(inA.actor, election.id, { nationalId: "123" }))).toBe("input.invalid");
    // Once voted, the ballot is not shown again.
    await castOnline(inA.actor, election.id, {
      nationalId: inA.nationalId,
      choices: (candidates[hoodA] ?? []).slice(0, 1),
    });
    expect(await errorCode(voterBallot(inA.actor, election.id, { nationalId: inA.nationalId }))).toBe(
      "election.already_voted",
    );
    clock.set(onVotingDay("17:00"));
    expect(await errorCode(voterBallot(inB.actor, election.id, { nationalId: inB.nationalId }))).toBe(
      "election.closed",
    );
  });

  it("checks ballots against the neighbourhood's approved candidates and the choice limit", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA, hoodB],
      votersPerNeighbourhood: 1,
    });
    const voter = voters[0] as Voter;
    const cast = (choices: string[]) =>
      castOnline(voter.actor, election.id, { nationalId: voter.nationalId, choices });
    expect(await errorCode(cast([]))).toBe("election.ballot_empty");
    expect(await errorCode(cast((candidates[hoodA] ?? []).slice(0, 4)))).toBe("election.ballot_too_many");
    expect(await errorCode(cast((candidates[hoodB] ?? []).slice(0, 1)))).toBe(
      "election.ballot_unknown_candidate",
    );
    const one = (candidates[hoodA] ?? [])[0] as string;
    expect(await errorCode(cast([one, one]))).toBe("election.ballot_duplicate");
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 0, tally: 0, participation: 0 });
  });

  it("1,000 concurrent attempts by the same voter make exactly one ballot", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 1,
    });
    const voter = voters[0] as Voter;
    const choices = (candidates[hoodA] ?? []).slice(0, 3);
    const result = await outcomes(
      Array.from({ length: 1000 }, () =>
        castOnline(voter.actor, election.id, { nationalId: voter.nationalId, choices }),
      ),
    );
    expect(result.ok).toBe(1);
    expect((result["election.already_voted"] ?? 0) + (result["election.busy"] ?? 0)).toBe(999);
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 1, tally: 1, participation: 1 });
    const tally = await store.readTally(election.id, hoodA);
    for (const c of choices) expect(tally.votes[c]).toBe(1);
  }, 120_000);
});

describe("casting at a kiosk", () => {
  it("a district's polling officer issues a one-time code bound to the voter's neighbourhood", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA, hoodC],
      votersPerNeighbourhood: 1,
    });
    const [inA, inC] = voters as [Voter, Voter];
    // Officers only serve their own district's neighbourhoods; citizens and admins issue nothing.
    expect(await errorCode(issueBallotCode(officer12, election.id, { nationalId: inA.nationalId }))).toBe(
      "auth.forbidden",
    );
    expect(await errorCode(issueBallotCode(admin, election.id, { nationalId: inA.nationalId }))).toBe(
      "auth.forbidden",
    );
    expect(await errorCode(issueBallotCode(inA.actor, election.id, { nationalId: inA.nationalId }))).toBe(
      "auth.forbidden",
    );

    const issued = await issueBallotCode(officer7, election.id, { nationalId: inA.nationalId });
    expect(issued.neighbourhoodId).toBe(hoodA);
    expect(issued.code).toMatch(/^[a-z2-7]{16}$/);
    // Only the code's hash is stored.
    expect(await store.getBallotCode(issued.code)).toBeUndefined();

    const choices = (candidates[hoodA] ?? []).slice(0, 1);
    // The kiosk learns the code's ballot (only at this election) without spending the code.
    expect(await kioskBallot({ code: issued.code }, election.id)).toEqual({ neighbourhoodId: hoodA });
    expect(await kioskBallot({ code: issued.code.toUpperCase() }, election.id)).toEqual({
      neighbourhoodId: hoodA,
    });
    expect(await errorCode(kioskBallot({ code: issued.code }, "01J000000000000000000000OT"))).toBe(
      "election.code_invalid",
    );
    const receipt = await castAtKiosk({ code: issued.code.toUpperCase(), choices });
    expect(await errorCode(kioskBallot({ code: issued.code }, election.id))).toBe("election.code_invalid");
    expect(receipt.neighbourhoodId).toBe(hoodA);
    expect(await errorCode(castAtKiosk({ code: issued.code, choices }))).toBe("election.code_invalid");
    // Voted at the branch: no code and no online ballot any more.
    expect(await errorCode(issueBallotCode(officer7, election.id, { nationalId: inA.nationalId }))).toBe(
      "election.already_voted",
    );
    expect(await errorCode(castOnline(inA.actor, election.id, { nationalId: inA.nationalId, choices }))).toBe(
      "election.already_voted",
    );
    // The other district's officer serves the other voter.
    const other = await issueBallotCode(officer12, election.id, { nationalId: inC.nationalId });
    expect(other.neighbourhoodId).toBe(hoodC);
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 1, tally: 1, participation: 1 });
  });

  it("an expired code is refused", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 1,
    });
    const issued = await issueBallotCode(officer7, election.id, {
      nationalId: (voters[0] as Voter).nationalId,
    });
    clock.advance(11 * 60_000);
    expect(
      await errorCode(castAtKiosk({ code: issued.code, choices: (candidates[hoodA] ?? []).slice(0, 1) })),
    ).toBe("election.code_invalid");
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 0, tally: 0, participation: 0 });
  });

  it("concurrent online and kiosk attempts by one person make one ballot", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 1,
    });
    const voter = voters[0] as Voter;
    const choices = (candidates[hoodA] ?? []).slice(0, 2);
    const codes = await Promise.all(
      Array.from({ length: 5 }, () =>
        issueBallotCode(officer7, election.id, { nationalId: voter.nationalId }),
      ),
    );
    const result = await outcomes([
      ...codes.map((c) => castAtKiosk({ code: c.code, choices })),
      ...Array.from({ length: 20 }, () =>
        castOnline(voter.actor, election.id, { nationalId: voter.nationalId, choices }),
      ),
    ]);
    expect(result.ok).toBe(1);
    expect((result["election.already_voted"] ?? 0) + (result["election.busy"] ?? 0)).toBe(24);
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 1, tally: 1, participation: 1 });
  }, 60_000);
});

describe("the transaction is all or nothing", () => {
  it("a participation that already exists leaves no ballot and no count", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 2,
    });
    const [first, second] = voters as [Voter, Voter];
    const choices = (candidates[hoodA] ?? []).slice(0, 1);
    await castOnline(first.actor, election.id, { nationalId: first.nationalId, choices });
    // The second voter's participation is already there (e.g. a ballot code's cast won the race).
    const { keyedHash } = await import("../crypto");
    await store.transact([
      store.putParticipationItem(
        election.id,
        keyedHash("national-id", second.nationalId),
        hoodA,
        "kiosk",
        new Date(clock.now()),
      ),
    ]);
    expect(
      await errorCode(castOnline(second.actor, election.id, { nationalId: second.nationalId, choices })),
    ).toBe("election.already_voted");
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 1, tally: 1, participation: 2 });
  });

  it("a counter that cannot be written leaves no ballot and no participation", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 1,
    });
    const voter = voters[0] as Voter;
    // Every shard's ballot count made a string: the ADD in the vote's transaction must fail.
    for (let shard = 0; shard < store.TALLY_SHARDS; shard++) {
      await db().send(
        new UpdateCommand({
          TableName: table(),
          Key: store.keys.tallyShard(election.id, hoodA, shard),
          UpdateExpression: "SET ballots = :broken",
          ExpressionAttributeValues: { ":broken": "broken" },
        }),
      );
    }
    await expect(
      castOnline(voter.actor, election.id, {
        nationalId: voter.nationalId,
        choices: (candidates[hoodA] ?? []).slice(0, 1),
      }),
    ).rejects.toThrow();
    expect((await store.ballotsOf(election.id, hoodA)).length).toBe(0);
    expect(await store.participationCount(election.id, hoodA)).toBe(0);
    const { keyedHash } = await import("../crypto");
    expect(
      await store.getParticipation(election.id, keyedHash("national-id", voter.nationalId)),
    ).toBeUndefined();
  });
});

describe("the voting window", () => {
  it("refuses ballots before it opens and after it closes, and an extension moves the close", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 2,
    });
    const [early, late] = voters as [Voter, Voter];
    const choices = (candidates[hoodA] ?? []).slice(0, 1);
    const cast = (v: Voter) => castOnline(v.actor, election.id, { nationalId: v.nationalId, choices });

    clock.set(onVotingDay("07:59"));
    expect(await errorCode(cast(early))).toBe("election.not_open");
    clock.set(onVotingDay("16:00"));
    expect(await errorCode(cast(early))).toBe("election.closed");
    expect(await errorCode(issueBallotCode(officer7, election.id, { nationalId: early.nationalId }))).toBe(
      "election.closed",
    );

    clock.set(onVotingDay("15:00"));
    await extendVoting(admin, election.id, { minutes: 60, reason: "صف طولانی در شعبه‌ها" });
    clock.set(onVotingDay("16:30"));
    await cast(late);
    clock.set(onVotingDay("17:00"));
    expect(await errorCode(cast(early))).toBe("election.closed");
    expect(await counts(election.id, hoodA)).toEqual({ ballots: 1, tally: 1, participation: 1 });
  });
});

describe("ballot secrecy in storage", () => {
  it("no stored item links a ballot to its voter", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA],
      votersPerNeighbourhood: 2,
    });
    const [online, atKiosk] = voters as [Voter, Voter];
    const choices = (candidates[hoodA] ?? []).slice(0, 2);
    const r1 = await castOnline(online.actor, election.id, { nationalId: online.nationalId, choices });
    const { code } = await issueBallotCode(officer7, election.id, { nationalId: atKiosk.nationalId });
    const r2 = await castAtKiosk({ code, choices });
    await sealNeighbourhood(election.id, hoodA, newKey());

    const items = await scanAll({
      FilterExpression: "contains(pk, :e) OR electionId = :e OR contains(#s.id, :e)",
      ExpressionAttributeNames: { "#s": "subject" },
      ExpressionAttributeValues: { ":e": election.id },
    });

    const { keyedHash } = await import("../crypto");
    const voterSecrets = [online, atKiosk].flatMap((v) => [
      v.nationalId,
      keyedHash("national-id", v.nationalId),
      v.mobile,
      keyedHash("mobile", v.mobile),
      v.actor.userId,
      v.actor.sessionId,
    ]);
    const ballotSecrets = [r1, r2].flatMap((r) => [r.tracker, r.nonce]);
    const ballots = items.filter((i) => i.type === "ballot");
    expect(ballots).toHaveLength(2);
    for (const ballot of ballots) {
      // Exactly these attributes: no voter, session, time or channel.
      expect(Object.keys(ballot).sort()).toEqual(
        [
          "pk",
          "sk",
          "type",
          "gsi1pk",
          "gsi1sk",
          "id",
          "electionId",
          "neighbourhoodId",
          "choices",
          "tracker",
          "nonce",
          "position",
        ].sort(),
      );
      expect(ballot.id).not.toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/); // not a ULID: no creation time
    }
    for (const item of items) {
      const text = JSON.stringify(item);
      const hasVoter = voterSecrets.some((s) => text.includes(s));
      const hasBallot =
        ballotSecrets.some((s) => text.includes(s)) || ballots.some((b) => text.includes(b.id as string));
      expect(
        hasVoter && hasBallot,
        `item ${String(item.pk)} ${String(item.sk)} links a voter to a ballot`,
      ).toBe(false);
      // National ids and mobiles never appear in clear.
      expect(text.includes(online.nationalId) || text.includes(online.mobile)).toBe(false);
    }
    const participations = items.filter((i) => i.type === "participation");
    expect(participations).toHaveLength(2);
    for (const p of participations) {
      expect(Object.keys(p).sort()).toEqual(
        ["pk", "sk", "type", "gsi1pk", "gsi1sk", "electionId", "neighbourhoodId", "channel", "hour"].sort(),
      );
      expect(p.hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d$/);
    }
  });
});
