/**
 * Age groups for children's contests: configurable bands of whole years (the painting contest's
 * first round had 11 groups, one per age from 4 to 14). A child's age is counted on the programme's
 * reference date (usually the submission window's close), in the Jalali calendar, by `ageOn`.
 */
import { z } from "zod";
import { ageOn } from "../../fa/jalali";
import { toPersianDigits } from "../../fa/text";

export const ageGroupSchema = z
  .object({
    id: z.string().min(1),
    labelFa: z.string().min(1),
    /** Inclusive bounds, whole years. */
    minAge: z.number().int().min(0, { error: "سن نمی‌تواند منفی باشد." }),
    maxAge: z.number().int().max(120),
  })
  .refine((g) => g.maxAge >= g.minAge, { error: "بیشینه سن باید از کمینه کمتر نباشد.", path: ["maxAge"] });
export type AgeGroup = z.infer<typeof ageGroupSchema>;

/** Groups sorted by age, with unique ids and no overlap (gaps are allowed: those ages may not enter). */
export const ageGroupsSchema = z
  .array(ageGroupSchema)
  .min(1, { error: "دست‌کم یک گروه سنی لازم است." })
  .superRefine((groups, ctx) => {
    if (new Set(groups.map((g) => g.id)).size !== groups.length)
      ctx.addIssue({ code: "custom", message: "شناسه گروه‌های سنی نباید تکراری باشد." });
    const sorted = [...groups].sort((a, b) => a.minAge - b.minAge);
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i] as AgeGroup).minAge <= (sorted[i - 1] as AgeGroup).maxAge)
        ctx.addIssue({ code: "custom", message: "گروه‌های سنی نباید هم‌پوشانی داشته باشند." });
    }
  });

/**
 * Bands of `span` years from `minAge` to `maxAge`; the last band may be shorter.
 * The default is the painting contest's: 11 one-year groups, ages 4 to 14.
 */
export function ageBands(minAge = 4, maxAge = 14, span = 1): AgeGroup[] {
  if (!Number.isInteger(span) || span < 1 || maxAge < minAge) throw new RangeError("bad age bands");
  const groups: AgeGroup[] = [];
  for (let from = minAge; from <= maxAge; from += span) {
    const to = Math.min(maxAge, from + span - 1);
    groups.push({
      id: from === to ? String(from) : `${from}-${to}`,
      labelFa:
        from === to
          ? `${toPersianDigits(String(from))} ساله`
          : `${toPersianDigits(`${from}`)} تا ${toPersianDigits(`${to}`)} ساله`,
      minAge: from,
      maxAge: to,
    });
  }
  return groups;
}

/**
 * The child's age on `referenceIso` and the group it falls in; `group` is undefined when the
 * age is outside every group (the submission is then refused by the caller).
 */
export function ageGroupOn(
  birthIso: string,
  referenceIso: string,
  groups: readonly AgeGroup[],
): { age: number; group: AgeGroup | undefined } {
  const age = ageOn(birthIso, referenceIso);
  return { age, group: groups.find((g) => age >= g.minAge && age <= g.maxAge) };
}
