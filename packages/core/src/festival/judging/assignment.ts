/**
 * Assigning works to a panel: each work gets `reviewsPerWork` distinct reviewers, loads stay even,
 * and a reviewer never gets a work they are conflicted on — by rule (same neighbourhood, or same
 * district, when the round's conflict rule says so) or by a declared conflict (the reviewer named
 * it, or the secretariat recorded one, e.g. the reviewer's own or a relative's entry).
 *
 * Algorithm: greedy least-loaded with a min-heap keyed on (load, random tie). Works are taken in
 * order of fewest eligible reviewers first (those are the ones that can run out of options), ties
 * in a seeded draw; each work pops reviewers off the heap until it has k non-conflicted ones, then
 * every popped reviewer goes back with its new load and a fresh random tie (so co-reviewer groups
 * mix instead of the same five always sitting together). Deterministic for a given seed.
 *
 * Complexity: O(W log W) to order the works, plus O((W·k + C) log J) heap work, where C is the number
 * of conflicted reviewers popped and pushed back. With district conflicts C is about W·k/22 in
 * practice; in the worst case (almost everyone conflicted) it approaches W·J. 25,000 works × 5
 * reviews over 120 jurors takes tens of milliseconds (bench/judging-rules.ts).
 *
 * With no conflicts and no capacities, loads end within 1 of each other: picking the k least
 * loaded keeps every load in {m, m+1} (property-tested).
 */
import { MinHeap } from "./heap";
import { drawKey, seededRandom } from "./random";

export interface AssignableWork {
  id: string;
  district?: string;
  neighbourhood?: string;
}

export interface PanelMember {
  id: string;
  /** Where the reviewer lives or works; compared with the work's when the rule asks. */
  district?: string;
  neighbourhood?: string;
  /** Most works this reviewer may take; unlimited when absent. */
  capacity?: number;
}

/** The round's automatic conflict rule. Neighbourhood ids are city-wide unique (geo model). */
export interface ConflictRule {
  sameDistrict: boolean;
  sameNeighbourhood: boolean;
}

export interface DeclaredConflict {
  jurorId: string;
  workId: string;
}

export interface AssignmentInput {
  works: readonly AssignableWork[];
  panel: readonly PanelMember[];
  reviewsPerWork: number;
  conflicts: ConflictRule;
  declaredConflicts?: readonly DeclaredConflict[];
  /** Recorded with the round so the assignment can be reproduced. */
  seed: string;
}

export interface WorkAssignment {
  workId: string;
  jurorIds: string[];
}

export interface AssignmentShortfall {
  workId: string;
  assigned: number;
  needed: number;
  /** Panel members not conflicted on this work (some may have been at capacity). */
  eligible: number;
}

export interface AssignmentResult {
  /** One per work, in the input's order. */
  assignments: WorkAssignment[];
  /** Works assigned to each panel member (every member listed, zeros included). */
  loads: Map<string, number>;
  /** Works that could not get `reviewsPerWork` reviewers, with how many they got. */
  shortfalls: AssignmentShortfall[];
}

const pairKey = (jurorId: string, workId: string) => `${jurorId}\u0000${workId}`;

/** Whether `juror` may not review `work` under `rule` or a declared conflict. */
export function isConflicted(
  juror: PanelMember,
  work: AssignableWork,
  rule: ConflictRule,
  declared?: ReadonlySet<string> | readonly DeclaredConflict[],
): boolean {
  if (rule.sameDistrict && juror.district !== undefined && juror.district === work.district) return true;
  if (
    rule.sameNeighbourhood &&
    juror.neighbourhood !== undefined &&
    juror.neighbourhood === work.neighbourhood
  )
    return true;
  if (!declared) return false;
  if (Array.isArray(declared))
    return (declared as readonly DeclaredConflict[]).some(
      (d) => d.jurorId === juror.id && d.workId === work.id,
    );
  return (declared as ReadonlySet<string>).has(pairKey(juror.id, work.id));
}

function countBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function assertUniqueIds(items: readonly { id: string }[], what: string): void {
  const seen = new Set<string>();
  for (const { id } of items) {
    if (seen.has(id)) throw new RangeError(`duplicate ${what} id ${id}`);
    seen.add(id);
  }
}

interface Slot {
  index: number;
  load: number;
  tie: number;
}

export function assignReviews(input: AssignmentInput): AssignmentResult {
  const { works, panel, reviewsPerWork: k, conflicts: rule, seed } = input;
  if (!Number.isInteger(k) || k < 1) throw new RangeError("reviewsPerWork must be a positive integer");
  assertUniqueIds(works, "work");
  assertUniqueIds(panel, "panel member");

  const panelIndex = new Map(panel.map((p, i) => [p.id, i]));
  const worksById = new Map(works.map((w) => [w.id, w]));
  const declared = new Set<string>();
  // Per work: declared conflicts the rule does not already cover, so none is counted twice.
  const declaredOnly = new Map<string, number>();
  for (const d of input.declaredConflicts ?? []) {
    const key = pairKey(d.jurorId, d.workId);
    if (declared.has(key)) continue;
    declared.add(key);
    const juror = panel[panelIndex.get(d.jurorId) ?? -1];
    const work = worksById.get(d.workId);
    if (juror && work && !isConflicted(juror, work, rule))
      declaredOnly.set(d.workId, (declaredOnly.get(d.workId) ?? 0) + 1);
  }

  // Exact count of conflicted members per work, without scanning the panel for every work.
  const byDistrict = rule.sameDistrict ? countBy(panel, (p) => p.district) : new Map<string, number>();
  const byNeighbourhood = rule.sameNeighbourhood
    ? countBy(panel, (p) => p.neighbourhood)
    : new Map<string, number>();
  const byBoth =
    rule.sameDistrict && rule.sameNeighbourhood
      ? countBy(panel, (p) =>
          p.district !== undefined && p.neighbourhood !== undefined
            ? pairKey(p.district, p.neighbourhood)
            : undefined,
        )
      : new Map<string, number>();
  const eligibleOf = (w: AssignableWork): number => {
    const d = w.district !== undefined ? (byDistrict.get(w.district) ?? 0) : 0;
    const n = w.neighbourhood !== undefined ? (byNeighbourhood.get(w.neighbourhood) ?? 0) : 0;
    const both =
      w.district !== undefined && w.neighbourhood !== undefined
        ? (byBoth.get(pairKey(w.district, w.neighbourhood)) ?? 0)
        : 0;
    return panel.length - (d + n - both) - (declaredOnly.get(w.id) ?? 0);
  };

  const eligible = works.map(eligibleOf);
  const draws = works.map((w) => drawKey(seed, w.id));
  const order = works.map((_, i) => i);
  order.sort(
    (a, b) =>
      (eligible[a] as number) - (eligible[b] as number) ||
      (draws[a] as number) - (draws[b] as number) ||
      ((works[a] as AssignableWork).id < (works[b] as AssignableWork).id ? -1 : 1),
  );

  const random = seededRandom(seed);
  const heap = new MinHeap<Slot>((a, b) => a.load < b.load || (a.load === b.load && a.tie < b.tie));
  const loads = panel.map(() => 0);
  for (let i = 0; i < panel.length; i++) {
    if ((panel[i]?.capacity ?? Number.POSITIVE_INFINITY) > 0) heap.push({ index: i, load: 0, tie: random() });
  }

  const picked: string[][] = works.map(() => []);
  const shortfalls: AssignmentShortfall[] = [];
  const popped: Slot[] = [];
  const chosen: Slot[] = [];
  for (const w of order) {
    const work = works[w] as AssignableWork;
    popped.length = 0;
    chosen.length = 0;
    while (chosen.length < k && heap.size > 0) {
      const slot = heap.pop() as Slot;
      const member = panel[slot.index] as PanelMember;
      if (isConflicted(member, work, rule, declared)) popped.push(slot);
      else chosen.push(slot);
    }
    for (const slot of popped) heap.push(slot);
    for (const slot of chosen) {
      const member = panel[slot.index] as PanelMember;
      (picked[w] as string[]).push(member.id);
      const load = (loads[slot.index] as number) + 1;
      loads[slot.index] = load;
      if (load < (member.capacity ?? Number.POSITIVE_INFINITY))
        heap.push({ index: slot.index, load, tie: random() });
    }
    if (chosen.length < k)
      shortfalls.push({
        workId: work.id,
        assigned: chosen.length,
        needed: k,
        eligible: eligible[w] as number,
      });
  }

  return {
    assignments: works.map((work, i) => ({ workId: work.id, jurorIds: picked[i] as string[] })),
    loads: new Map(panel.map((p, i) => [p.id, loads[i] as number])),
    shortfalls: shortfalls.sort((a, b) => (a.workId < b.workId ? -1 : a.workId > b.workId ? 1 : 0)),
  };
}
