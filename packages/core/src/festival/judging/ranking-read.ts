/**
 * The two ways to read what a round's ranking needs: from the tallies (ranking-store.ts; what
 * computeRanking uses) and straight from the score items and the round's works (the reference the
 * tallies are checked against, in the tests and the benchmark). Both give the scores in the score
 * index's order — work id, then juror id — so the ranking's maths, whose floating-point sums depend
 * on order, gives bit-for-bit the same result from either.
 */
import { listTallies, type TallyWork } from "./ranking-store";
import type { JurorScore } from "./scoring";
import * as store from "./store";

export interface RankingInput {
  /** Sorted by work id, then juror id. */
  scores: JurorScore[];
  /** The facts of every work ranked. */
  works: Map<string, Omit<TallyWork, "entryId">>;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const facts = (w: Omit<TallyWork, "entryId">): Omit<TallyWork, "entryId"> => ({
  district: w.district,
  submittedAt: w.submittedAt,
  ...(w.categoryId ? { categoryId: w.categoryId } : {}),
  ...(w.ageGroup ? { ageGroup: w.ageGroup } : {}),
});

/** From the round's tallies: 25,000 works in ~1,000 bucket items over RANKING_PARTS partitions, queried at once. */
export async function readRankingInput(programmeId: string, roundId: string): Promise<RankingInput> {
  const tallies = (await listTallies(programmeId, roundId)).sort((a, b) => byId(a.entryId, b.entryId));
  const scores: JurorScore[] = [];
  const works: RankingInput["works"] = new Map();
  for (const t of tallies) {
    // The default sort orders strings by UTF-16 code units, as byId does.
    const jurors = Object.keys(t.scores);
    if (jurors.length > 1) jurors.sort();
    for (const jurorId of jurors)
      scores.push({ jurorId, workId: t.entryId, score: t.scores[jurorId] as number });
    works.set(t.entryId, facts(t));
  }
  return { scores, works };
}

/**
 * Straight from the score items (one index partition, 1,000 a page) and the round's works (the
 * round queue), one page after the other: slow at scale, kept as the reference.
 */
export async function readRankingInputFromScores(
  programmeId: string,
  roundId: string,
): Promise<RankingInput> {
  const scores: JurorScore[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.listScores(programmeId, roundId, startKey);
    for (const s of page.items) scores.push({ jurorId: s.jurorId, workId: s.entryId, score: s.score });
    startKey = page.nextKey;
  } while (startKey);
  const scored = new Set(scores.map((s) => s.workId));
  const works: RankingInput["works"] = new Map();
  do {
    const page = await store.listWorks(programmeId, roundId, {
      limit: 1000,
      startKey,
      projection: ["entryId", "district", "categoryId", "ageGroup", "submittedAt"],
    });
    for (const w of page.items) if (scored.has(w.entryId)) works.set(w.entryId, facts(w));
    startKey = page.nextKey;
  } while (startKey);
  return { scores, works };
}
