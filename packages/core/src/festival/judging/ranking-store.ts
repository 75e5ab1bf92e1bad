/**
 * The ranking's read model: one tally item per scored work in a scoring round, carrying what
 * ranking needs of the work (district, category, age group, submission time) and every juror's
 * current score of it. It is written in the same transaction as the score it reflects (store.ts
 * `scoreItems`), conditional on the version read, so it never drifts from the score items, and
 * the round's lock freezes both at once.
 *
 * Why this shape (measured on DynamoDB Local; `npm run bench judging` prints both reads): ranking
 * used to page 125,000 score items out of one index partition and then 25,000 works out of
 * another, one 1,000-item page after the other. Now it reads 25,000 tallies from RANKING_SHARDS index partitions at once, in full 1 MB
 * pages. The tally's content is one JSON string attribute (`row`) rather than a map and several
 * attributes: DynamoDB Local and the SDK's unmarshalling both pay per attribute, and one string
 * read 2–3× faster than a five-entry map in the measurement; on AWS it halves the Lambda's
 * unmarshalling CPU and keeps the item small (~400 bytes: 16 shards of 25,000 are a page each).
 * JSON numbers round-trip doubles exactly, so the ranking's maths sees the very scores stored.
 *
 * The score items and their index stay as they were: the exports read them, and so does the
 * straightforward ranking read the tallies are checked against (ranking-read.ts).
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../../audit";
import { db, table } from "../../db";
import type { Work } from "./store";

/** Index partitions per round: 25,000 tallies are ~10 MB, so each shard fits one 1 MB page. */
export const RANKING_SHARDS = 16;

/** What ranking needs of one scored work in a round. */
export interface Tally {
  programmeId: string;
  roundId: string;
  entryId: string;
  district: string;
  categoryId?: string;
  ageGroup?: string;
  submittedAt: string;
  /** Every juror's current (weighted) score of the work, by juror id. */
  scores: Record<string, number>;
  /** 1 when created, +1 with every score written into it. */
  version: number;
}

/** The facts of a work a tally copies (fixed once the work is in the round). */
export type TallyWork = Pick<Work, "entryId" | "district" | "categoryId" | "ageGroup" | "submittedAt">;

export const rankingKeys = {
  tally: (entryId: string, roundId: string) => ({ pk: `ENTRY#${entryId}`, sk: `TALLY#${roundId}` }),
  shard: (programmeId: string, roundId: string, shard: number) =>
    `RANKING#${programmeId}#${roundId}#${shard}`,
};

/** A work's shard: FNV-1a of its id, so a work always lands in the same partition. */
export function rankingShard(entryId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < entryId.length; i++) {
    h ^= entryId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % RANKING_SHARDS;
}

/** The tally once `jurorId`'s score is in it (a re-score replaces the juror's earlier one). */
export function tallyWith(
  previous: Tally | undefined,
  score: { programmeId: string; roundId: string; jurorId: string; score: number },
  work: TallyWork,
): Tally {
  const base: Tally = previous ?? {
    programmeId: score.programmeId,
    roundId: score.roundId,
    entryId: work.entryId,
    district: work.district,
    ...(work.categoryId ? { categoryId: work.categoryId } : {}),
    ...(work.ageGroup ? { ageGroup: work.ageGroup } : {}),
    submittedAt: work.submittedAt,
    scores: {},
    version: 0,
  };
  return { ...base, scores: { ...base.scores, [score.jurorId]: score.score }, version: base.version + 1 };
}

/** The `row` attribute: d district, c category, a age group, t submittedAt, s scores by juror. */
interface Row {
  d: string;
  c?: string;
  a?: string;
  t: string;
  s: Record<string, number>;
}

const encodeRow = (t: Tally): string =>
  JSON.stringify({
    d: t.district,
    ...(t.categoryId ? { c: t.categoryId } : {}),
    ...(t.ageGroup ? { a: t.ageGroup } : {}),
    t: t.submittedAt,
    s: t.scores,
  } satisfies Row);

function decodeRow(
  programmeId: string,
  roundId: string,
  entryId: string,
  row: string,
  version: number,
): Tally {
  const r = JSON.parse(row) as Row;
  return {
    programmeId,
    roundId,
    entryId,
    district: r.d,
    ...(r.c ? { categoryId: r.c } : {}),
    ...(r.a ? { ageGroup: r.a } : {}),
    submittedAt: r.t,
    scores: r.s,
    version,
  };
}

/**
 * Puts the tally, created (version 1: none may exist) or replacing exactly the version it was
 * built on — a concurrent score of the same work by another juror makes one of the two retry.
 */
export function putTallyItem(t: Tally): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: {
        ...rankingKeys.tally(t.entryId, t.roundId),
        type: "judging-tally",
        gsi1pk: rankingKeys.shard(t.programmeId, t.roundId, rankingShard(t.entryId)),
        gsi1sk: t.entryId,
        version: t.version,
        row: encodeRow(t),
      },
      ...(t.version === 1
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": t.version - 1 } }),
    },
  };
}

/** A work's tally in a round (strongly consistent: it is read to be replaced). */
export async function getTally(programmeId: string, roundId: string, entryId: string) {
  const out = await db().send(
    new GetCommand({
      TableName: table(),
      Key: rankingKeys.tally(entryId, roundId),
      ConsistentRead: true,
      ProjectionExpression: "version, #row",
      ExpressionAttributeNames: { "#row": "row" },
    }),
  );
  if (!out.Item) return undefined;
  return decodeRow(programmeId, roundId, entryId, out.Item.row as string, out.Item.version as number);
}

/** One shard's tallies, every page of it (an index read: eventually consistent, like the old one). */
async function readShard(programmeId: string, roundId: string, shard: number): Promise<Tally[]> {
  const out: Tally[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: table(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": rankingKeys.shard(programmeId, roundId, shard) },
        ExpressionAttributeNames: { "#row": "row" },
        ProjectionExpression: "gsi1sk, version, #row",
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? [])
      out.push(
        decodeRow(programmeId, roundId, item.gsi1sk as string, item.row as string, item.version as number),
      );
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** Every tally of a round: all shards queried at once, each read to its end. In no order. */
export async function listTallies(programmeId: string, roundId: string): Promise<Tally[]> {
  const shards = await Promise.all(
    Array.from({ length: RANKING_SHARDS }, (_, s) => readShard(programmeId, roundId, s)),
  );
  return shards.flat();
}
