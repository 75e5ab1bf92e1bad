/**
 * The ranking read model against DynamoDB Local: 300 scores (60 works × 5 jurors) and 40
 * re-scores go in through the commands (assignPanel, submitScore), jurors scoring concurrently —
 * so jurors of one work race on its tally — and the ranking computeRanking reads from the tallies
 * must be exactly the one the score items and the round's works give. The lock freezes both.
 */
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor";
import { DomainError } from "../../error";
import { neighbourhoodsOf } from "../../geo/city";
import { createPaintingProgramme } from "../defaults";
import { assignmentIdOf, assignPanel, createProgramme, lockRound, openRound, submitScore } from "../index";
import type { Programme } from "../model";
import { computeRanking, defaultGrouping, rankRound } from "./commands-results";
import { readRankingInput, readRankingInputFromScores } from "./ranking-read";
import {
  getTally,
  listTallies,
  putTallyItem,
  RANKING_BUCKETS,
  rankingBucket,
  type Tally,
  tallyWith,
} from "./ranking-store";
import { paintingDefaultRounds } from "./rounds";
import * as store from "./store";

const DAY = 24 * 3600 * 1000;
type Staff = Extract<Actor, { kind: "staff" }>;
const staff = (roles: Staff["roles"]): Staff => ({
  kind: "staff",
  userId: ulid(),
  sessionId: ulid(),
  username: "staff",
  roles,
});
const central = staff([{ role: "central_secretariat" }]);
const WORKS = 60;
const JURORS = 12;
const REVIEWS = 5;

let programme: Programme;
let jurors: Staff[] = [];
const workIds: string[] = [];
/** The last score each juror gave each work, as submitScore returned it. */
const given = new Map<string, number>();
/** How many scores were written into each work (its tally's version counts them). */
const writes = new Map<string, number>();
const key = (jurorId: string, entryId: string) => `${jurorId}#${entryId}`;

/** Marks that differ by juror (leniency) and by work (quality), on the rubric's 1–10 scale. */
function marks(jurorIndex: number, entryId: string, round: number) {
  const quality = (entryId.charCodeAt(25) * 7 + entryId.charCodeAt(24) + round * 3) % 8;
  const m = (c: number) => Math.min(10, Math.max(1, 1 + quality + (jurorIndex % 3) - 1 + c));
  return { creativity: m(1), theme: m(0), technique: m(-1), composition: m((jurorIndex + round) % 2) };
}

async function score(j: number, entryId: string, round: number) {
  const juror = jurors[j] as Staff;
  const s = await submitScore(juror, assignmentIdOf(programme.id, "jury", entryId), {
    marks: marks(j, entryId, round),
  });
  given.set(key(juror.userId, entryId), s.score);
  writes.set(entryId, (writes.get(entryId) ?? 0) + 1);
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError, got success");
}

beforeAll(async () => {
  const now = Date.now();
  programme = await createProgramme(central, {
    ...createPaintingProgramme({
      submissionOpensAt: new Date(now - DAY).toISOString(),
      submissionClosesAt: new Date(now + DAY).toISOString(),
      judgingEndsAt: new Date(now + 3 * DAY).toISOString(),
    }),
    rounds: paintingDefaultRounds({ juryReviews: REVIEWS }),
  });
  const pid = programme.id;
  for (const r of ["board", "jury"]) await openRound(central, pid, r);
  // The jury's works, put with the store's own builder as the forwarding command writes them.
  const at = new Date(now).toISOString();
  const groups = programme.ageGroups.map((g) => g.id);
  for (let i = 0; i < WORKS; i++) {
    const district = String(1 + (i % 22));
    const id = ulid();
    workIds.push(id);
    await store.transact([
      store.createWorkItem({
        entryId: id,
        programmeId: pid,
        roundId: "jury",
        state: "pending",
        version: 1,
        district,
        neighbourhood: neighbourhoodsOf(district)[0]?.id as string,
        ageGroup: groups[i % groups.length] as string,
        submittedAt: new Date(now - DAY + i * 1000).toISOString(),
        votes: { yes: 0, maybe: 0, no: 0 },
        enteredAt: at,
        updatedAt: at,
      }),
    ]);
  }
  jurors = Array.from({ length: JURORS }, () => staff([{ role: "juror", scope: pid }]));
  const assigned = await assignPanel(central, pid, "jury", {
    panel: jurors.map((j) => ({ staffId: j.userId })),
  });
  expect(assigned.assigned).toBe(WORKS);

  // Every juror works through their own queue, all at once: a work's five jurors reach it together.
  await Promise.all(
    jurors.map(async (juror, j) => {
      for (;;) {
        const entryId = await store.firstPending(pid, "jury", juror.userId);
        if (!entryId) return;
        await score(j, entryId, 0);
      }
    }),
  );
  expect(given.size).toBe(WORKS * REVIEWS);
  // Forty re-scores, concurrently: a score is replaced, in the tally too.
  const rescores = [...given.keys()].slice(0, 40).map((k) => {
    const [jurorId, entryId] = k.split("#") as [string, string];
    return [jurors.findIndex((x) => x.userId === jurorId), entryId] as const;
  });
  await Promise.all(rescores.map(([j, entryId]) => score(j, entryId, 1)));
}, 120_000);

describe("ranking from the tallies", () => {
  it("reads exactly the scores and works the score items give, and ranks them identically", async () => {
    const pid = programme.id;
    const fromTallies = await readRankingInput(pid, "jury");
    const straight = await readRankingInputFromScores(pid, "jury");
    expect(fromTallies.scores).toHaveLength(WORKS * REVIEWS);
    expect(fromTallies.scores).toEqual(straight.scores);
    expect(fromTallies.works).toEqual(straight.works);
    // Each is the juror's last score, re-scores included.
    for (const s of fromTallies.scores) expect(s.score).toBe(given.get(key(s.jurorId, s.workId)));

    const seed = (await store.getRoundState(pid, "jury"))?.seed as string;
    const scale = { min: 0, max: 100 };
    for (const by of [undefined, ["district" as const], []]) {
      const ranking = await computeRanking(central, pid, "jury", by ? { by } : {});
      const grouping = by ?? defaultGrouping(programme);
      expect(ranking).toEqual(rankRound(straight, { roundId: "jury", scale, by: grouping, seed }));
      expect(ranking.scores).toBe(WORKS * REVIEWS);
      expect(ranking.groups.reduce((n, g) => n + g.ranked.length, 0)).toBe(WORKS);
    }
  });

  it("spreads the tallies over the buckets and keeps each work's version with its scores", async () => {
    const buckets = new Set(workIds.map(rankingBucket));
    expect(buckets.size).toBeGreaterThan(WORKS / 2);
    for (const b of buckets) expect(b).toBeLessThan(RANKING_BUCKETS);
    for (const id of workIds) {
      const tally = await getTally(programme.id, "jury", id);
      expect(Object.keys(tally?.scores ?? {})).toHaveLength(REVIEWS);
      // One version per score written into it: its five scores and its re-scores.
      expect(tally?.version).toBe(writes.get(id));
    }
    expect([...writes.values()].reduce((a, b) => a + b, 0)).toBe(WORKS * REVIEWS + 40);
  });

  it("a work's jurors scoring it at the same moment all land in its tally", async () => {
    const pid = programme.id;
    const entryId = workIds[7] as string;
    const own = jurors.flatMap((j, i) => (given.has(key(j.userId, entryId)) ? [i] : []));
    expect(own).toHaveLength(REVIEWS);
    const before = (await getTally(pid, "jury", entryId))?.version as number;
    await Promise.all(own.map((j) => score(j, entryId, 2)));
    const tally = await getTally(pid, "jury", entryId);
    expect(tally?.version).toBe(before + REVIEWS);
    for (const j of own) {
      const jurorId = (jurors[j] as Staff).userId;
      expect(tally?.scores[jurorId]).toBe(given.get(key(jurorId, entryId)));
      expect(tally?.scores[jurorId]).toBe((await store.getScore(entryId, "jury", jurorId))?.score);
    }
  });

  it("works sharing a bucket are scored at once without touching each other; a stale version is refused", async () => {
    // Its own programme id: only the tallies' writes, no round.
    const pid = ulid();
    const first = ulid();
    const ids = [first];
    while (ids.length < 4) {
      const id = ulid();
      if (rankingBucket(id) === rankingBucket(first)) ids.push(id);
    }
    const work = (entryId: string) => ({ entryId, district: "3", submittedAt: new Date().toISOString() });
    const last = new Map<string, Tally>();
    await Promise.all(
      ids.map(async (id, w) => {
        let tally: Tally | undefined;
        for (let k = 0; k < REVIEWS; k++) {
          tally = tallyWith(
            tally,
            { programmeId: pid, roundId: "jury", jurorId: `J${k}`, score: w * 10 + k / 4 },
            work(id),
          );
          await store.transact([putTallyItem(tally)]);
        }
        last.set(id, tally as Tally);
      }),
    );
    for (const id of ids) expect(await getTally(pid, "jury", id)).toEqual(last.get(id));
    expect((await listTallies(pid, "jury")).sort((a, b) => (a.entryId < b.entryId ? -1 : 1))).toEqual(
      [...ids].sort().map((id) => last.get(id)),
    );
    // A tally built on a version already replaced (another juror's score landed first) fails its guard.
    const stale = tallyWith(
      { ...(last.get(first) as Tally), version: REVIEWS - 1 },
      { programmeId: pid, roundId: "jury", jurorId: "J9", score: 1 },
      work(first),
    );
    const refused = await store.transact([putTallyItem(stale)]).then(
      () => "written",
      (e: unknown) => store.cancellationCodes(e),
    );
    expect(refused).toEqual(["ConditionalCheckFailed"]);
    expect(await getTally(pid, "jury", first)).toEqual(last.get(first));
  });

  it("the lock freezes the tallies with the scores", async () => {
    const pid = programme.id;
    await lockRound(central, pid, "jury");
    const before = await computeRanking(central, pid, "jury");
    const entryId = workIds[0] as string;
    const j = jurors.findIndex((x) => given.has(key(x.userId, entryId)));
    expect((await failure(score(j, entryId, 3))).code).toBe("judging.round_locked");
    expect(await computeRanking(central, pid, "jury")).toEqual(before);
    expect(await readRankingInput(pid, "jury")).toEqual(await readRankingInputFromScores(pid, "jury"));
  });
});
