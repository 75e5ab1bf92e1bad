/**
 * The ranking's read model: a tally per scored work in a scoring round, carrying what ranking
 * needs of the work (district, category, age group, submission time) and every juror's current
 * score of it. It is written in the same transaction as the score it reflects (store.ts
 * `scoreItems`), conditional on the version read, so it never drifts from the score items, and
 * the round's lock freezes both at once.
 *
 * Why this shape (measured on DynamoDB Local; `npx tsx bench/run.ts judging` prints the reads):
 * ranking used to page 125,000 score items out of one index partition and then 25,000 works out
 * of another; then it read one tally item per work, 25,000 items from 16 index partitions at
 * once — still 1–3 s on the shared machine, because DynamoDB Local (and the SDK) pay per item.
 * Now the tallies are packed into RANKING_BUCKETS bucket items (a work's bucket: FNV-1a of its
 * id), spread over RANKING_PARTS partitions. A work is one attribute of its bucket, `w<entryId>`:
 * "<version>|" and a JSON string (district, category, age group, submittedAt, scores by juror;
 * one string rather than a map and a version attribute: DynamoDB Local and the SDK's
 * unmarshalling pay per attribute too). Ranking queries the partitions at once and reads ~1,000
 * bucket items (~8 KB each at 25,000 works), about 2.5× faster than 25,000 items; a bucket holds
 * ~1,000 works before DynamoDB's 400 KB limit, far beyond a round.
 *
 * A score sets only its work's attribute, conditional on the work's version it read (the
 * attribute `begins_with` "<version>|" — the bar ends the number, so no other version matches),
 * never on the bucket's, so jurors of different works in one bucket do not retry on each other.
 * On AWS a score's write is billed on its bucket's size (~8 KB rather than ~0.4 KB: 16 WCU a
 * transactional write; 16 partitions keep a round's ceiling near 1,000 scores/s), and two
 * transactions on one bucket at the same instant can be cancelled as a conflict (the juror is
 * told to try again) — rare at 1,024 buckets and human scoring rates. JSON numbers round-trip
 * doubles exactly, so the ranking's maths sees the very scores stored.
 *
 * The score items and their index stay as they were: the exports read them, and so does the
 * straightforward ranking read the tallies are checked against (ranking-read.ts).
 */
import { type AttributeValue, QueryCommand as RawQueryCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { TransactItem } from "../../audit";
import { db, table } from "../../db";
import type { Work } from "./store";

/** The bucket items' `type`. */
const TALLIES_TYPE = "judging-tallies";

/** Bucket items per round: 25,000 works make ~1,000 items of ~8 KB. */
export const RANKING_BUCKETS = 1024;
/** Partitions a round's buckets are spread over (64 buckets, ~0.5 MB each), all queried at once. */
export const RANKING_PARTS = 16;

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
  part: (programmeId: string, roundId: string, part: number) => `RANKING#${programmeId}#${roundId}#${part}`,
  bucket: (programmeId: string, roundId: string, bucket: number) => ({
    pk: rankingKeys.part(programmeId, roundId, Math.floor((bucket * RANKING_PARTS) / RANKING_BUCKETS)),
    sk: `B#${String(bucket).padStart(4, "0")}`,
  }),
  /** The work's attribute in its bucket: "<version>|<row>". */
  row: (entryId: string) => `w${entryId}`,
};

/** A work's bucket: FNV-1a of its id, so a work always lands in the same item. */
export function rankingBucket(entryId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < entryId.length; i++) {
    h ^= entryId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % RANKING_BUCKETS;
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

/** The row: d district, c category, a age group, t submittedAt, s scores by juror. */
interface Row {
  d: string;
  c?: string;
  a?: string;
  t: string;
  s: Record<string, number>;
}

/** A work's attribute: its version, "|", its row as JSON. */
const encodeRow = (t: Tally): string =>
  `${t.version}|${JSON.stringify({
    d: t.district,
    ...(t.categoryId ? { c: t.categoryId } : {}),
    ...(t.ageGroup ? { a: t.ageGroup } : {}),
    t: t.submittedAt,
    s: t.scores,
  } satisfies Row)}`;

function decodeRow(programmeId: string, roundId: string, entryId: string, value: string): Tally {
  const bar = value.indexOf("|");
  const r = JSON.parse(value.slice(bar + 1)) as Row;
  const tally: Tally = {
    programmeId,
    roundId,
    entryId,
    district: r.d,
    submittedAt: r.t,
    scores: r.s,
    version: Number(value.slice(0, bar)),
  };
  if (r.c) tally.categoryId = r.c;
  if (r.a) tally.ageGroup = r.a;
  return tally;
}

/**
 * Writes the tally into its bucket, created (version 1: none may exist) or replacing exactly the
 * version it was built on — a concurrent score of the same work by another juror makes one of the
 * two retry. Only the work's attribute is set; the rest of the bucket is untouched.
 */
export function putTallyItem(t: Tally): TransactItem {
  return {
    Update: {
      TableName: table(),
      Key: rankingKeys.bucket(t.programmeId, t.roundId, rankingBucket(t.entryId)),
      UpdateExpression: "SET #w = :row, #type = :type",
      ExpressionAttributeNames: { "#w": rankingKeys.row(t.entryId), "#type": "type" },
      ...(t.version === 1
        ? {
            ConditionExpression: "attribute_not_exists(#w)",
            ExpressionAttributeValues: { ":row": encodeRow(t), ":type": TALLIES_TYPE },
          }
        : {
            // "<version>|" cannot prefix another version's value: the bar ends the number.
            ConditionExpression: "begins_with(#w, :read)",
            ExpressionAttributeValues: {
              ":row": encodeRow(t),
              ":type": TALLIES_TYPE,
              ":read": `${t.version - 1}|`,
            },
          }),
    },
  };
}

/**
 * The bucket items holding `tallies`, whole (for seeding a round in bulk with BatchWriteItem, as
 * the benchmark does; a Put replaces the bucket, so it must hold every tally of that bucket).
 */
export function tallyBucketItems(tallies: readonly Tally[]): Record<string, unknown>[] {
  const buckets = new Map<string, Record<string, unknown>>();
  for (const t of tallies) {
    const key = rankingKeys.bucket(t.programmeId, t.roundId, rankingBucket(t.entryId));
    let item = buckets.get(key.sk);
    if (!item) {
      item = { ...key, type: TALLIES_TYPE };
      buckets.set(key.sk, item);
    }
    item[rankingKeys.row(t.entryId)] = encodeRow(t);
  }
  return [...buckets.values()];
}

/** A work's tally in a round (strongly consistent: it is read to be replaced). */
export async function getTally(programmeId: string, roundId: string, entryId: string) {
  const out = await db().send(
    new GetCommand({
      TableName: table(),
      Key: rankingKeys.bucket(programmeId, roundId, rankingBucket(entryId)),
      ConsistentRead: true,
      ProjectionExpression: "#w",
      ExpressionAttributeNames: { "#w": rankingKeys.row(entryId) },
    }),
  );
  const value = out.Item?.[rankingKeys.row(entryId)];
  return typeof value === "string" ? decodeRow(programmeId, roundId, entryId, value) : undefined;
}

/**
 * The tallies of one partition's buckets, every page (eventually consistent, like the old index
 * read). A low-level Query sent through the same client: the rows are plain strings, so the
 * document client's unmarshalling of every attribute — a third of the read's Node CPU at 25,000
 * works — is skipped.
 */
async function readPart(programmeId: string, roundId: string, part: number): Promise<Tally[]> {
  const out: Tally[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db().send(
      new RawQueryCommand({
        TableName: table(),
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": { S: rankingKeys.part(programmeId, roundId, part) } },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? [])
      for (const name in item) {
        const value = item[name]?.S;
        if (name.charCodeAt(0) === 119 /* w */ && value !== undefined)
          out.push(decodeRow(programmeId, roundId, name.slice(1), value));
      }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** Every tally of a round: its RANKING_PARTS partitions queried at once. In no order. */
export async function listTallies(programmeId: string, roundId: string): Promise<Tally[]> {
  const parts = await Promise.all(
    Array.from({ length: RANKING_PARTS }, (_, part) => readPart(programmeId, roundId, part)),
  );
  return parts.flat();
}
