/**
 * The central dashboard's shortcomings: which districts need the secretariat's attention in round 1.
 * Pure: the counters come from the store (one item per district), the rules are here.
 *  - no_entries: nothing reached the round from the district;
 *  - unscreened_overdue: works still not screened after the round's due date;
 *  - undecided_overdue: works neither selected nor rejected after the due date;
 *  - under_quota: fewer works selected than the district's quota, once the due date has passed or
 *    the round is locked (before then an unfilled quota is work in progress, not a shortcoming).
 */
import { toPersianDigits } from "../../fa/text";
import type { QuotaRule } from "./quotas";

export const progressFlagCodes = [
  "no_entries",
  "unscreened_overdue",
  "undecided_overdue",
  "under_quota",
] as const;
export type ProgressFlagCode = (typeof progressFlagCodes)[number];

export interface ProgressFlag {
  code: ProgressFlagCode;
  /** A short Persian sentence for the dashboard, with the numbers in it. */
  messageFa: string;
}

export interface ProgressCounts {
  received: number;
  screened: number;
  selected: number;
  rejected: number;
}

const fa = (n: number) => toPersianDigits(String(n));

/**
 * The places a district may fill in a district-scoped quota: perGroup times the number of groups
 * within a district (its categories, its age groups, or both). Undefined when the round has no
 * quota or its quota is not per district (e.g. a board selecting per age group citywide).
 */
export function districtQuota(
  rule: QuotaRule | undefined,
  groups: { categories: number; ageGroups: number },
): number | undefined {
  if (!rule?.groupBy.includes("district")) return undefined;
  let places = rule.perGroup;
  if (rule.groupBy.includes("category")) places *= Math.max(1, groups.categories);
  if (rule.groupBy.includes("ageGroup")) places *= Math.max(1, groups.ageGroups);
  return places;
}

/** The shortcomings of one district, most serious first. */
export function progressShortcomings(
  counts: ProgressCounts,
  context: { late: boolean; roundClosed: boolean; quota: number | undefined },
): ProgressFlag[] {
  const flags: ProgressFlag[] = [];
  if (counts.received === 0) {
    flags.push({ code: "no_entries", messageFa: "هیچ اثری از این منطقه نرسیده است." });
    return flags;
  }
  const unscreened = Math.max(0, counts.received - counts.screened);
  const undecided = Math.max(0, counts.received - counts.selected - counts.rejected);
  if (context.late && unscreened > 0)
    flags.push({
      code: "unscreened_overdue",
      messageFa: `${fa(unscreened)} اثر پس از مهلت هنوز بررسی نشده است.`,
    });
  if (context.late && undecided > 0)
    flags.push({
      code: "undecided_overdue",
      messageFa: `${fa(undecided)} اثر پس از مهلت هنوز تعیین تکلیف نشده است.`,
    });
  if (context.quota !== undefined && (context.late || context.roundClosed) && counts.selected < context.quota)
    flags.push({
      code: "under_quota",
      messageFa: `${fa(counts.selected)} از ${fa(context.quota)} سهمیهٔ منطقه برگزیده شده است.`,
    });
  return flags;
}
