/**
 * Quotas: a district round may send up at most N works per (district, category) — for the painting
 * contest the "category" can be the age group. Two uses: pick the top-ranked shortlisted works up to
 * the quota automatically, and check a secretariat's hand-made selection against it (over quota is
 * refused by the store with `judging.quota_exceeded`; under quota is reported as a shortcoming on
 * the central dashboard).
 */
import { z } from "zod";

export const quotaGroupings = ["district", "category", "ageGroup"] as const;
export type QuotaGrouping = (typeof quotaGroupings)[number];

export const quotaRuleSchema = z.object({
  perGroup: z.number().int().positive({ error: "سهمیه باید عددی بزرگ‌تر از صفر باشد." }),
  groupBy: z.array(z.enum(quotaGroupings)).min(1, { error: "سهمیه باید دست‌کم بر پایه یک ویژگی باشد." }),
});
export type QuotaRule = z.infer<typeof quotaRuleSchema>;

export interface QuotaSubject {
  id: string;
  district?: string;
  category?: string;
  ageGroup?: string;
}

export interface QuotaCandidate extends QuotaSubject {
  /** Position in the shortlist, 1 = best; compared within the quota group. */
  rank: number;
}

/** A group's key, e.g. "district=7|category=welfare"; a missing value counts as "". */
export function quotaKey(subject: QuotaSubject, rule: QuotaRule): string {
  return rule.groupBy.map((g) => `${g}=${subject[g] ?? ""}`).join("|");
}

function groupsOf<T extends QuotaSubject>(items: readonly T[], rule: QuotaRule): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = quotaKey(item, rule);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface QuotaSelectionGroup {
  key: string;
  quota: number;
  candidates: number;
  selected: string[];
  /** Places left empty because the group had fewer candidates than its quota. */
  shortfall: number;
  /** Candidates left out because the group had more than its quota. */
  excess: number;
  /**
   * The last place went between candidates of equal rank (settled by id). Ranks from
   * `rankEntries` are unique, so this only happens with hand-made ranks; the dashboard shows it.
   */
  tieAtCutoff: boolean;
}

export interface QuotaSelection {
  selected: string[];
  notSelected: string[];
  groups: QuotaSelectionGroup[];
}

/** Selects the best-ranked candidates, up to `rule.perGroup` in each group. O(n log n). */
export function selectWithinQuota(candidates: readonly QuotaCandidate[], rule: QuotaRule): QuotaSelection {
  const selected: string[] = [];
  const notSelected: string[] = [];
  const groups: QuotaSelectionGroup[] = [];
  for (const [key, members] of groupsOf(candidates, rule)) {
    members.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const chosen = members.slice(0, rule.perGroup);
    const last = chosen[chosen.length - 1];
    const next = members[rule.perGroup];
    selected.push(...chosen.map((c) => c.id));
    notSelected.push(...members.slice(rule.perGroup).map((c) => c.id));
    groups.push({
      key,
      quota: rule.perGroup,
      candidates: members.length,
      selected: chosen.map((c) => c.id),
      shortfall: Math.max(0, rule.perGroup - members.length),
      excess: Math.max(0, members.length - rule.perGroup),
      tieAtCutoff: last !== undefined && next !== undefined && last.rank === next.rank,
    });
  }
  return { selected, notSelected, groups };
}

export interface QuotaCheckGroup {
  key: string;
  quota: number;
  selected: number;
  status: "under" | "full" | "over";
}

/** A hand-made selection against the quota, per group (only groups with a selection appear). */
export function checkQuota(selected: readonly QuotaSubject[], rule: QuotaRule): QuotaCheckGroup[] {
  return [...groupsOf(selected, rule)].map(([key, members]) => ({
    key,
    quota: rule.perGroup,
    selected: members.length,
    status: members.length < rule.perGroup ? "under" : members.length === rule.perGroup ? "full" : "over",
  }));
}

/** Whether one more work may be selected in a group that already has `selectedInGroup`. */
export function hasRoomInQuota(selectedInGroup: number, rule: QuotaRule): boolean {
  return selectedInGroup < rule.perGroup;
}
