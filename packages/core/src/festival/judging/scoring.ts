/**
 * Scoring maths for judging rounds, all pure:
 *  - a weighted rubric turns one reviewer's marks into one score on the rubric's scale;
 *  - screening rounds tally yes/no/maybe votes into a verdict;
 *  - per-juror normalisation removes each juror's own leniency and spread (z-scores mapped back
 *    onto the scale with the pooled mean and sd), so a strict juror does not sink their works;
 *  - inter-rater agreement tells the secretariat how far the panel agreed: Kendall's W when every
 *    juror scored every work (a complete design, e.g. the five-illustrator jury over 140 finalists),
 *    ICC(1) otherwise (each work seen by a different subset of the panel, the usual case when
 *    25,000 works get 5 reviews each from a larger pool).
 * Standard deviations are population sds (divide by n) throughout, for the pool and for jurors alike.
 */
import { z } from "zod";
import type { FieldIssue } from "../../error";
import { judgingErrors } from "./errors";

// ---------------------------------------------------------------------------------------------
// Weighted rubric

export const rubricCriterionSchema = z
  .object({
    id: z.string().min(1, { error: "شناسه معیار را بنویسید." }),
    titleFa: z.string().min(1, { error: "عنوان معیار را بنویسید." }),
    min: z.number({ error: "کمینه امتیاز باید عدد باشد." }),
    max: z.number({ error: "بیشینه امتیاز باید عدد باشد." }),
    weight: z.number().positive({ error: "وزن معیار باید بزرگ‌تر از صفر باشد." }),
  })
  .refine((c) => c.max > c.min, { error: "بیشینه امتیاز باید از کمینه بزرگ‌تر باشد.", path: ["max"] });

export const rubricSchema = z
  .object({
    criteria: z.array(rubricCriterionSchema).min(1, { error: "دست‌کم یک معیار داوری لازم است." }),
    /** The scale the weighted score is reported on, e.g. 0–100. */
    scale: z
      .object({ min: z.number(), max: z.number() })
      .refine((s) => s.max > s.min, { error: "بیشینه مقیاس باید از کمینه بزرگ‌تر باشد.", path: ["max"] }),
  })
  .refine((r) => new Set(r.criteria.map((c) => c.id)).size === r.criteria.length, {
    error: "شناسه معیارها نباید تکراری باشد.",
    path: ["criteria"],
  });

export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;
export type Rubric = z.infer<typeof rubricSchema>;
/** One reviewer's marks: criterion id → mark on that criterion's own scale. */
export type Marks = Readonly<Record<string, number>>;

/** Problems with a set of marks (missing, out of range, unknown criterion); empty when valid. */
export function marksIssues(rubric: Rubric, marks: Marks): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set(rubric.criteria.map((c) => c.id));
  for (const c of rubric.criteria) {
    const mark = marks[c.id];
    if (mark === undefined) issues.push({ path: c.id, message: `امتیاز «${c.titleFa}» را وارد کنید.` });
    else if (!Number.isFinite(mark) || mark < c.min || mark > c.max)
      issues.push({ path: c.id, message: `امتیاز «${c.titleFa}» باید بین ${c.min} و ${c.max} باشد.` });
  }
  for (const id of Object.keys(marks)) {
    if (!known.has(id)) issues.push({ path: id, message: "این معیار در جدول داوری نیست." });
  }
  return issues;
}

/**
 * The weighted score of one reviewer's marks, on `rubric.scale`. Each mark is first placed on
 * [0, 1] within its own criterion's range (so a 1–5 criterion and a 0–20 criterion count by their
 * weights, not by their ranges), the weighted mean is taken, and the result is mapped onto the scale.
 * Throws `judging.marks_invalid` (listing every problem) when a mark is missing or out of range.
 */
export function weightedScore(rubric: Rubric, marks: Marks): number {
  const issues = marksIssues(rubric, marks);
  if (issues.length > 0) throw judgingErrors.invalidMarks(issues);
  let weighted = 0;
  let weights = 0;
  for (const c of rubric.criteria) {
    const mark = marks[c.id] as number;
    weighted += c.weight * ((mark - c.min) / (c.max - c.min));
    weights += c.weight;
  }
  return rubric.scale.min + (weighted / weights) * (rubric.scale.max - rubric.scale.min);
}

// ---------------------------------------------------------------------------------------------
// Yes/no/maybe shortlisting

export const shortlistVotes = ["yes", "maybe", "no"] as const;
export type ShortlistVote = (typeof shortlistVotes)[number];

export interface ShortlistTally {
  yes: number;
  maybe: number;
  no: number;
  total: number;
  /**
   * "yes" when more than half voted yes, "no" when more than half voted no, "maybe" otherwise
   * (including split panels and no votes at all): a split panel leaves the call to the secretariat.
   */
  verdict: ShortlistVote;
  /** yes = 2, maybe = 1, no = 0, averaged over the votes (0 when none): the shortlist's ranking key. */
  score: number;
}

export function tallyShortlist(votes: readonly ShortlistVote[]): ShortlistTally {
  let yes = 0;
  let maybe = 0;
  let no = 0;
  for (const v of votes) {
    if (v === "yes") yes++;
    else if (v === "maybe") maybe++;
    else no++;
  }
  const total = votes.length;
  const verdict: ShortlistVote = yes * 2 > total ? "yes" : no * 2 > total ? "no" : "maybe";
  return { yes, maybe, no, total, verdict, score: total === 0 ? 0 : (2 * yes + maybe) / total };
}

// ---------------------------------------------------------------------------------------------
// Per-juror normalisation

export interface JurorScore {
  jurorId: string;
  workId: string;
  /** The juror's (weighted) score on the scale. */
  score: number;
}

export interface NormalisedScore extends JurorScore {
  normalised: number;
}

/**
 * How a juror's scores were treated:
 *  - "z": z-score within the juror, mapped back with the pooled mean and sd;
 *  - "single_score": one score tells nothing about the juror's habits, so it is kept as given;
 *  - "zero_variance": the juror gave every work the same score, which ranks nothing; each maps
 *    to the pooled mean (z = 0), so they neither lift nor sink the works they saw.
 */
export type JurorTreatment = "z" | "single_score" | "zero_variance";

export interface JurorStats {
  jurorId: string;
  count: number;
  mean: number;
  sd: number;
  treatment: JurorTreatment;
  /**
   * 1 normally. Below 1 when the juror's extreme z-score, mapped with the pooled sd, would fall
   * off the scale: that juror's mapped scores are pulled toward the pooled mean by this factor.
   * Shrinking the whole juror linearly (rather than clamping the extremes) keeps the scale's
   * bounds and the juror's strict order both intact.
   */
  shrink: number;
}

export interface Normalisation {
  scores: NormalisedScore[];
  jurors: JurorStats[];
  pooledMean: number;
  pooledSd: number;
}

function meanSd(values: readonly number[]): { mean: number; sd: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = values.length === 0 ? Number.NaN : sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, sd: values.length === 0 ? Number.NaN : Math.sqrt(ss / values.length) };
}

// Float noise in a sum of squares must not turn "all equal" into a tiny positive sd.
const ZERO_SD = 1e-12;

/**
 * Normalises every juror's scores: z = (x − juror mean) / juror sd, mapped back as
 * pooled mean + z × pooled sd × shrink, so all jurors share the pool's centre and spread.
 * Jurors with a single score or zero variance are handled as documented on `JurorTreatment`.
 * Guarantees (property-tested): each juror's order is kept (strictly, where their raw scores
 * differ) and every mapped score stays within [scale.min, scale.max]. O(N).
 */
export function normaliseByJuror(
  scores: readonly JurorScore[],
  scale: { min: number; max: number },
): Normalisation {
  const pooled = meanSd(scores.map((s) => s.score));
  const pooledSd = pooled.sd > ZERO_SD ? pooled.sd : 0;
  const byJuror = new Map<string, number[]>();
  for (const s of scores) {
    const list = byJuror.get(s.jurorId);
    if (list) list.push(s.score);
    else byJuror.set(s.jurorId, [s.score]);
  }
  const stats = new Map<string, JurorStats>();
  for (const [jurorId, values] of byJuror) {
    const { mean, sd } = meanSd(values);
    let treatment: JurorTreatment = "z";
    if (values.length === 1) treatment = "single_score";
    else if (sd <= ZERO_SD * Math.max(1, Math.abs(mean))) treatment = "zero_variance";
    let shrink = 1;
    if (treatment === "z" && pooledSd > 0) {
      let zMin = 0;
      let zMax = 0;
      for (const v of values) {
        const z = (v - mean) / sd;
        if (z < zMin) zMin = z;
        if (z > zMax) zMax = z;
      }
      // The pooled mean lies strictly inside the scale whenever pooledSd > 0, so both room values are > 0.
      const roomUp = (scale.max - pooled.mean) / (zMax * pooledSd);
      const roomDown = (pooled.mean - scale.min) / (-zMin * pooledSd);
      shrink = Math.min(1, zMax > 0 ? roomUp : 1, zMin < 0 ? roomDown : 1);
    }
    stats.set(jurorId, { jurorId, count: values.length, mean, sd, treatment, shrink });
  }
  const clampToScale = (v: number) => Math.min(scale.max, Math.max(scale.min, v));
  const normalised = scores.map((s): NormalisedScore => {
    const j = stats.get(s.jurorId) as JurorStats;
    let value: number;
    if (j.treatment === "single_score") value = s.score;
    else if (j.treatment === "zero_variance" || pooledSd === 0) value = pooled.mean;
    else value = pooled.mean + ((s.score - j.mean) / j.sd) * pooledSd * j.shrink;
    // The clamp only absorbs floating-point overshoot in the last bit; shrink already keeps values in.
    return { ...s, normalised: clampToScale(value) };
  });
  return { scores: normalised, jurors: [...stats.values()], pooledMean: pooled.mean, pooledSd };
}

export interface WorkScore {
  workId: string;
  /** Mean of the work's normalised scores: the ranking key. */
  mean: number;
  median: number;
  reviews: number;
}

function medianOf(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per-work mean, median and review count of normalised scores, in first-seen work order. O(N log k). */
export function aggregateByWork(scores: readonly NormalisedScore[]): WorkScore[] {
  const byWork = new Map<string, number[]>();
  for (const s of scores) {
    const list = byWork.get(s.workId);
    if (list) list.push(s.normalised);
    else byWork.set(s.workId, [s.normalised]);
  }
  return [...byWork].map(([workId, values]) => {
    values.sort((a, b) => a - b);
    let sum = 0;
    for (const v of values) sum += v;
    return { workId, mean: sum / values.length, median: medianOf(values), reviews: values.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Inter-rater agreement

/** Average ranks (1-based) of `values`, ties sharing their mean rank; also Σ(t³ − t) over tie groups. */
function averageRanks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    const t = j - i + 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/**
 * Kendall's coefficient of concordance W with the correction for ties, for a complete design:
 * `matrix[rater][work]` is every rater's score of every work (m raters × n works).
 * W = 12 S / (m²(n³ − n) − m Σ T), S = Σ (Rᵢ − R̄)², T = Σ(t³ − t) per rater's tie groups.
 * 0 = no agreement, 1 = identical rankings. Null when undefined: fewer than 2 raters or 2 works,
 * or every rater tied every work. Ragged rows throw: W is only defined for complete designs.
 */
export function kendallsW(matrix: readonly (readonly number[])[]): number | null {
  const m = matrix.length;
  const n = matrix[0]?.length ?? 0;
  if (matrix.some((row) => row.length !== n)) throw new RangeError("Kendall's W needs a complete design");
  if (m < 2 || n < 2) return null;
  const rankSums = new Array<number>(n).fill(0);
  let tieSum = 0;
  for (const row of matrix) {
    const { ranks, tieTerm } = averageRanks(row);
    for (let i = 0; i < n; i++) rankSums[i] = (rankSums[i] as number) + (ranks[i] as number);
    tieSum += tieTerm;
  }
  const meanRankSum = (m * (n + 1)) / 2;
  let s = 0;
  for (const r of rankSums) s += (r - meanRankSum) ** 2;
  const denominator = m * m * (n ** 3 - n) - m * tieSum;
  if (denominator <= 0) return null;
  // Cauchy–Schwarz bounds S by denominator / 12; clamp only float noise.
  return Math.min(1, Math.max(0, (12 * s) / denominator));
}

/**
 * ICC(1) — one-way random effects, single rater (Shrout & Fleiss 1979), for incomplete designs
 * where each work is scored by its own subset of raters. `groups[i]` holds work i's scores; unequal
 * group sizes use the effective group size k₀ = (N − Σnᵢ²/N)/(a − 1).
 * ICC(1) = (MSB − MSW) / (MSB + (k₀ − 1) MSW). Can be negative (worse than chance agreement).
 * Null when undefined: fewer than 2 works, no work with 2+ scores, or no variance at all.
 */
export function icc1(groups: readonly (readonly number[])[]): number | null {
  const used = groups.filter((g) => g.length > 0);
  const a = used.length;
  let total = 0;
  let sum = 0;
  let sumSquaredSizes = 0;
  for (const g of used) {
    total += g.length;
    sumSquaredSizes += g.length ** 2;
    for (const v of g) sum += v;
  }
  if (a < 2 || total - a < 1) return null;
  const grand = sum / total;
  let ssb = 0;
  let ssw = 0;
  for (const g of used) {
    let gs = 0;
    for (const v of g) gs += v;
    const gm = gs / g.length;
    ssb += g.length * (gm - grand) ** 2;
    for (const v of g) ssw += (v - gm) ** 2;
  }
  const msb = ssb / (a - 1);
  const msw = ssw / (total - a);
  const k0 = (total - sumSquaredSizes / total) / (a - 1);
  const denominator = msb + (k0 - 1) * msw;
  if (!(denominator > 0)) return null;
  return (msb - msw) / denominator;
}

/**
 * ICC(2,1) — two-way random effects, absolute agreement, single rater (Shrout & Fleiss), for a
 * complete design `matrix[rater][work]`. Unlike W it sees a juror who is uniformly harsher as
 * disagreement. Null when undefined (fewer than 2 raters or works, or no variance).
 */
export function icc21(matrix: readonly (readonly number[])[]): number | null {
  const k = matrix.length;
  const n = matrix[0]?.length ?? 0;
  if (matrix.some((row) => row.length !== n)) throw new RangeError("ICC(2,1) needs a complete design");
  if (k < 2 || n < 2) return null;
  let grand = 0;
  const workMeans = new Array<number>(n).fill(0);
  const raterMeans = matrix.map((row) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += row[i] as number;
      workMeans[i] = (workMeans[i] as number) + (row[i] as number) / k;
    }
    grand += s;
    return s / n;
  });
  grand /= k * n;
  let ssr = 0; // between works (rows in Shrout & Fleiss' notation, targets)
  for (const wm of workMeans) ssr += k * (wm - grand) ** 2;
  let ssc = 0; // between raters
  for (const rm of raterMeans) ssc += n * (rm - grand) ** 2;
  let sst = 0;
  for (const row of matrix) for (const v of row) sst += (v - grand) ** 2;
  const sse = Math.max(0, sst - ssr - ssc);
  const msr = ssr / (n - 1);
  const msc = ssc / (k - 1);
  const mse = sse / ((n - 1) * (k - 1));
  const denominator = msr + (k - 1) * mse + (k * (msc - mse)) / n;
  if (!(denominator > 0)) return null;
  return (msr - mse) / denominator;
}

export interface Agreement {
  /** "complete" when every rater scored every work that any rater scored. */
  design: "complete" | "incomplete";
  /** The figure the secretariat is shown: Kendall's W for complete designs, ICC(1) otherwise. */
  measure: "kendall_w" | "icc1";
  value: number | null;
  /** ICC(2,1) alongside W for complete designs (sensitive to a uniformly harsh juror); null otherwise. */
  icc21: number | null;
  raters: number;
  works: number;
}

/**
 * Inter-rater agreement of a round's raw scores, choosing the measure by design: a complete
 * design (every juror scored every work) shows Kendall's W, the concordance of the jurors'
 * rankings — which is what decides winners — and also reports ICC(2,1); an incomplete design
 * shows ICC(1), the only one of these defined when each work has its own subset of raters.
 * A juror who scored the same work twice counts once (the last score).
 */
export function interRaterAgreement(scores: readonly JurorScore[]): Agreement {
  const jurors = new Map<string, Map<string, number>>();
  const works = new Map<string, number[]>();
  for (const s of scores) {
    let row = jurors.get(s.jurorId);
    if (!row) {
      row = new Map();
      jurors.set(s.jurorId, row);
    }
    row.set(s.workId, s.score);
  }
  for (const row of jurors.values()) {
    for (const [workId, score] of row) {
      const list = works.get(workId);
      if (list) list.push(score);
      else works.set(workId, [score]);
    }
  }
  const workIds = [...works.keys()];
  const complete = [...jurors.values()].every((row) => row.size === workIds.length);
  if (complete && jurors.size > 0) {
    const matrix = [...jurors.values()].map((row) => workIds.map((w) => row.get(w) as number));
    return {
      design: "complete",
      measure: "kendall_w",
      value: kendallsW(matrix),
      icc21: icc21(matrix),
      raters: jurors.size,
      works: workIds.length,
    };
  }
  return {
    design: "incomplete",
    measure: "icc1",
    value: icc1([...works.values()]),
    icc21: null,
    raters: jurors.size,
    works: workIds.length,
  };
}
