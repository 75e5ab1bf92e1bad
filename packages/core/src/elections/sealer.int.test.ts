/**
 * The sealer's run (sealOpenElections) against DynamoDB Local: it chains the ballots of elections
 * being voted, leaves elections whose voting has not opened alone, and its board pages
 * (bulletinBoard) show what it sealed. Other test files' elections share the table, so the
 * assertions are about these elections' boards, not about how many neighbourhoods were sealed.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  admin,
  clock,
  DURING_REGISTRATION,
  d7,
  electionInput,
  electionWithVoters,
  newKey,
  onVotingDay,
} from "./commands-test-support";
import { bulletinBoard, castOnline, createElection, sealOpenElections, verifyHeadSignature } from "./index";

afterAll(() => clock.restore());

const hood = d7[2] as string;

describe("sealOpenElections", () => {
  it("seals elections being voted, not those still to open, and the board pages show the chain", async () => {
    const key = newKey();
    clock.set(DURING_REGISTRATION);
    const later = await createElection(
      admin,
      electionInput([hood], {
        registration: { opensAt: "2031-03-01T04:30:00.000Z", closesAt: "2031-04-01T20:30:00.000Z" },
        voting: { day: "2031-04-10", opens: "08:00", closes: "16:00", maxExtensionMinutes: 240 },
        complaints: { opensAt: "2031-04-11T04:30:00.000Z", closesAt: "2031-04-14T20:30:00.000Z" },
      }),
    );
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hood],
      votersPerNeighbourhood: 5,
    });
    clock.set(onVotingDay("10:00"));
    const choice = candidates[hood]?.[0] as string;
    const receipts = [];
    for (const v of voters) {
      receipts.push(await castOnline(v.actor, election.id, { nationalId: v.nationalId, choices: [choice] }));
    }

    expect(await sealOpenElections(key)).toBeGreaterThanOrEqual(1);

    const board = await bulletinBoard(election.id, hood, { limit: 3 });
    expect(board.head?.length).toBe(5);
    expect(board.head && verifyHeadSignature(board.head, key.publicKey)).toBe(true);
    expect(board.entries.map((e) => e.position)).toEqual([1, 2, 3]);
    expect(board.next).toBe(3);
    const rest = await bulletinBoard(election.id, hood, { after: board.next, limit: 3 });
    expect(rest.entries.map((e) => e.position)).toEqual([4, 5]);
    expect(rest.next).toBeUndefined();
    expect([...board.entries, ...rest.entries].map((e) => e.tracker).sort()).toEqual(
      receipts.map((r) => r.tracker).sort(),
    );

    // Voting in April has not opened: nothing sealed, not even an empty head.
    const untouched = await bulletinBoard(later.id, hood);
    expect(untouched).toMatchObject({ head: null, heads: [], entries: [] });
  });
});
