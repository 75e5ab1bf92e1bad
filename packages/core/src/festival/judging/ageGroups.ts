/**
 * Age groups for children's contests: configurable bands of whole years (the painting contest's
 * first round had 11 groups, one per age from 4 to 14). A child's age is counted on the programme's
 * reference date, in the Jalali calendar, by `ageOn`. The stored shape and its validation
 * (no overlap, ages 4–14) are the programme model's `ageGroupSchema` (festival/model.ts); these
 * functions take any object with inclusive `minAge`/`maxAge`.
 */
import { ageOn } from "../../fa/jalali";
import { toPersianDigits } from "../../fa/text";

export interface AgeBand {
  id: string;
  titleFa: string;
  /** Inclusive bounds, whole years. */
  minAge: number;
  maxAge: number;
}

/**
 * Bands of `span` years from `minAge` to `maxAge`, the last possibly shorter; ids "age-4" or
 * "age-4-6". The default is the painting contest's 11 one-year groups, ages 4 to 14.
 */
export function ageBands(minAge = 4, maxAge = 14, span = 1): AgeBand[] {
  if (!Number.isInteger(span) || span < 1 || maxAge < minAge) throw new RangeError("bad age bands");
  const bands: AgeBand[] = [];
  for (let from = minAge; from <= maxAge; from += span) {
    const to = Math.min(maxAge, from + span - 1);
    bands.push({
      id: from === to ? `age-${from}` : `age-${from}-${to}`,
      titleFa:
        from === to
          ? `${toPersianDigits(from)} ساله`
          : `${toPersianDigits(from)} تا ${toPersianDigits(to)} ساله`,
      minAge: from,
      maxAge: to,
    });
  }
  return bands;
}

/**
 * The child's age on `referenceIso` (ISO date or timestamp, read as its Tehran day) and the group
 * it falls in; `group` is undefined when the age is outside every group (the caller refuses the entry).
 */
export function ageGroupOn<G extends { minAge: number; maxAge: number }>(
  birthIso: string,
  referenceIso: string,
  groups: readonly G[],
): { age: number; group: G | undefined } {
  const age = ageOn(birthIso, referenceIso);
  return { age, group: groups.find((g) => age >= g.minAge && age <= g.maxAge) };
}
