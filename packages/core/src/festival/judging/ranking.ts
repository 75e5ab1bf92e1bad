/**
 * Ranking with declared tie-breaks. Entries are ordered by their normalised mean score; ties go
 * through the tie-breaks the programme declared, in order, and finally through a seeded draw keyed
 * on (seed, entry id) — so every rank is unique, the same seed always gives the same result, and
 * the result does not depend on the order entries were read in. Each ranked entry says what
 * separated it from the entry above it, so the secretariat can explain a close call.
 */
import { drawKey } from "./random";

export const tieBreaks = ["higher_median", "more_reviews", "earlier_submission"] as const;
/**
 *  - higher_median: the median normalised score, less swayed by one outlying juror;
 *  - more_reviews: the score that rests on more reviews first;
 *  - earlier_submission: the earlier-submitted work first.
 * The seeded draw always comes last and need not be declared.
 */
export type TieBreak = (typeof tieBreaks)[number];

export const defaultTieBreaks: readonly TieBreak[] = ["higher_median", "more_reviews", "earlier_submission"];

export interface RankableEntry {
  id: string;
  /** Normalised mean score: higher ranks first. */
  score: number;
  median: number;
  reviews: number;
  /** ISO timestamp; ISO strings compare correctly as text. */
  submittedAt: string;
  category?: string;
  ageGroup?: string;
  district?: string;
}

/** What put an entry below the one above it; "first" for rank 1. */
export type RankDecidedBy = "first" | "score" | TieBreak | "draw";

export interface RankedEntry<E extends RankableEntry = RankableEntry> {
  entry: E;
  /** 1-based, unique within its group. */
  rank: number;
  decidedBy: RankDecidedBy;
}

export interface RankOptions {
  /** Tie-breaks in the order declared; defaults to `defaultTieBreaks`. */
  tieBreaks?: readonly TieBreak[];
  /** The round's recorded draw seed. */
  seed: string;
}

type Key = { score: number; median: number; reviews: number; submittedAt: string; draw: number; id: string };

function compareOn(a: Key, b: Key, criterion: "score" | TieBreak | "draw"): number {
  switch (criterion) {
    case "score":
      return b.score - a.score;
    case "higher_median":
      return b.median - a.median;
    case "more_reviews":
      return b.reviews - a.reviews;
    case "earlier_submission":
      return a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0;
    case "draw":
      // Two ids colliding in 32 bits fall back to the id itself, so the order stays total.
      return a.draw - b.draw || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }
}

/**
 * Ranks entries: score, then the declared tie-breaks, then the seeded draw. Returns a new array
 * best-first with ranks 1..n. O(n log n): 25,000 entries rank in a few tens of milliseconds.
 */
export function rankEntries<E extends RankableEntry>(
  entries: readonly E[],
  options: RankOptions,
): RankedEntry<E>[] {
  const criteria: ("score" | TieBreak | "draw")[] = [
    "score",
    ...(options.tieBreaks ?? defaultTieBreaks),
    "draw",
  ];
  const keys: Key[] = entries.map((e) => ({
    score: e.score,
    median: e.median,
    reviews: e.reviews,
    submittedAt: e.submittedAt,
    draw: drawKey(options.seed, e.id),
    id: e.id,
  }));
  const order = keys.map((_, i) => i);
  order.sort((i, j) => {
    const a = keys[i] as Key;
    const b = keys[j] as Key;
    for (const c of criteria) {
      const d = compareOn(a, b, c);
      if (d !== 0) return d;
    }
    return 0;
  });
  return order.map((index, position) => {
    let decidedBy: RankDecidedBy = "first";
    if (position > 0) {
      const above = keys[order[position - 1] as number] as Key;
      const here = keys[index] as Key;
      decidedBy = criteria.find((c) => compareOn(above, here, c) !== 0) ?? "draw";
    }
    return { entry: entries[index] as E, rank: position + 1, decidedBy };
  });
}

export type RankGrouping = "category" | "ageGroup" | "district";

export interface RankedGroup<E extends RankableEntry = RankableEntry> {
  /** The grouping values, e.g. { category: "welfare", district: "7" }; "" where an entry has none. */
  group: Partial<Record<RankGrouping, string>>;
  /** Stable text key of the group, e.g. "category=welfare|district=7". */
  key: string;
  ranked: RankedEntry<E>[];
}

/**
 * Ranks within each group of `by` (e.g. ["category"], ["ageGroup"], ["district", "category"]);
 * an empty `by` ranks everything as one group. Groups come out sorted by key.
 */
export function rankByGroup<E extends RankableEntry>(
  entries: readonly E[],
  by: readonly RankGrouping[],
  options: RankOptions,
): RankedGroup<E>[] {
  const groups = new Map<string, { group: Partial<Record<RankGrouping, string>>; members: E[] }>();
  for (const e of entries) {
    const group: Partial<Record<RankGrouping, string>> = {};
    for (const g of by) group[g] = e[g] ?? "";
    const key = by.map((g) => `${g}=${group[g]}`).join("|");
    const found = groups.get(key);
    if (found) found.members.push(e);
    else groups.set(key, { group, members: [e] });
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { group, members }]) => ({ group, key, ranked: rankEntries(members, options) }));
}
