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

/**
 * Scores as columns: each score's value, and its juror and work as small integers (in first-seen
 * order), so the maths below runs over typed arrays instead of a Map of lists per juror and per
 * work. 125,000 scores normalise, aggregate and measure agreement in tens of milliseconds.
 */
export interface ScoreColumns {
  values: Float64Array;
  juror: Int32Array;
  work: Int32Array;
  jurorIds: string[];
  workIds: string[];
}

/** The small integer standing for `id`: the next one, in first-seen order, when `id` is new. */
function numberOf(index: Map<string, number>, ids: string[], id: string): number {
  let k = index.get(id);
  if (k === undefined) {
    k = ids.length;
    index.set(id, k);
    ids.push(id);
  }
  return k;
}

/** The columns of `scores`; works listed together (as the ranking reads them) cost no lookup. */
export function scoreColumns(scores: readonly JurorScore[]): ScoreColumns {
  const n = scores.length;
  const values = new Float64Array(n);
  const juror = new Int32Array(n);
  const work = new Int32Array(n);
  const jurorIndex = new Map<string, number>();
  const workIndex = new Map<string, number>();
  const jurorIds: string[] = [];
  const workIds: string[] = [];
  let lastWorkId: string | undefined;
  let lastWork = -1;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as JurorScore;
    values[i] = s.score;
    juror[i] = numberOf(jurorIndex, jurorIds, s.jurorId);
    if (s.workId !== lastWorkId) {
      lastWorkId = s.workId;
      lastWork = numberOf(workIndex, workIds, s.workId);
    }
    work[i] = lastWork;
  }
  return { values, juror, work, jurorIds, workIds };
}

// Float noise in a sum of squares must not turn "all equal" into a tiny positive sd.
const ZERO_SD = 1e-12;

const TREATMENTS: readonly JurorTreatment[] = ["z", "single_score", "zero_variance"];

/**
 * normaliseByJuror over columns: `normalised[i]` is score i mapped. Three passes over the scores
 * (per-juror sums and extremes, per-juror squared deviations, the mapping), each adding in input
 * order, so every sum — and so every result — is bit-for-bit the one a list per juror gives.
 */
export function normaliseColumns(
  c: ScoreColumns,
  scale: { min: number; max: number },
): Omit<Normalisation, "scores"> & { normalised: Float64Array } {
  const { values, juror } = c;
  const n = values.length;
  const jurors = c.jurorIds.length;
  let pooledSum = 0;
  const sum = new Float64Array(jurors);
  const count = new Int32Array(jurors);
  const low = new Float64Array(jurors).fill(Number.POSITIVE_INFINITY);
  const high = new Float64Array(jurors).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const j = juror[i] as number;
    pooledSum += v;
    sum[j] = (sum[j] as number) + v;
    count[j] = (count[j] as number) + 1;
    if (v < (low[j] as number)) low[j] = v;
    if (v > (high[j] as number)) high[j] = v;
  }
  const pooledMean = n === 0 ? Number.NaN : pooledSum / n;
  const mean = new Float64Array(jurors);
  for (let j = 0; j < jurors; j++) mean[j] = (sum[j] as number) / (count[j] as number);
  let pooledSs = 0;
  const ss = new Float64Array(jurors);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const j = juror[i] as number;
    pooledSs += (v - pooledMean) ** 2;
    ss[j] = (ss[j] as number) + (v - (mean[j] as number)) ** 2;
  }
  const pooledSdRaw = n === 0 ? Number.NaN : Math.sqrt(pooledSs / n);
  const pooledSd = pooledSdRaw > ZERO_SD ? pooledSdRaw : 0;
  const treatment = new Uint8Array(jurors);
  const sd = new Float64Array(jurors);
  const shrink = new Float64Array(jurors);
  const stats: JurorStats[] = new Array(jurors);
  for (let j = 0; j < jurors; j++) {
    const k = count[j] as number;
    const m = mean[j] as number;
    const d = Math.sqrt((ss[j] as number) / k);
    let t = 0;
    if (k === 1) t = 1;
    else if (d <= ZERO_SD * Math.max(1, Math.abs(m))) t = 2;
    let s = 1;
    if (t === 0 && pooledSd > 0) {
      // x ↦ (x − mean) / sd is monotonic in floating point too, so the extreme z-scores are those
      // of the juror's lowest and highest scores.
      const zLow = (low[j] as number) < Number.POSITIVE_INFINITY ? ((low[j] as number) - m) / d : 0;
      const zHigh = (high[j] as number) > Number.NEGATIVE_INFINITY ? ((high[j] as number) - m) / d : 0;
      const zMin = zLow < 0 ? zLow : 0;
      const zMax = zHigh > 0 ? zHigh : 0;
      // The pooled mean lies strictly inside the scale whenever pooledSd > 0, so both room values are > 0.
      const roomUp = (scale.max - pooledMean) / (zMax * pooledSd);
      const roomDown = (pooledMean - scale.min) / (-zMin * pooledSd);
      s = Math.min(1, zMax > 0 ? roomUp : 1, zMin < 0 ? roomDown : 1);
    }
    treatment[j] = t;
    sd[j] = d;
    shrink[j] = s;
    stats[j] = {
      jurorId: c.jurorIds[j] as string,
      count: k,
      mean: m,
      sd: d,
      treatment: TREATMENTS[t] as JurorTreatment,
      shrink: s,
    };
  }
  const normalised = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const j = juror[i] as number;
    const t = treatment[j];
    let value: number;
    if (t === 1) value = v;
    else if (t === 2 || pooledSd === 0) value = pooledMean;
    else
      value = pooledMean + ((v - (mean[j] as number)) / (sd[j] as number)) * pooledSd * (shrink[j] as number);
    // The clamp only absorbs floating-point overshoot in the last bit; shrink already keeps values in.
    normalised[i] = Math.min(scale.max, Math.max(scale.min, value));
  }
  return { normalised, jurors: stats, pooledMean, pooledSd };
}

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
  const { normalised, ...rest } = normaliseColumns(scoreColumns(scores), scale);
  return {
    scores: scores.map((s, i): NormalisedScore => ({ ...s, normalised: normalised[i] as number })),
    ...rest,
  };
}

export interface WorkScore {
  workId: string;
  /** Mean of the work's normalised scores: the ranking key. */
  mean: number;
  median: number;
  reviews: number;
}

/** Per-work mean, median and review count, by work index (columns of aggregateColumns). */
export interface WorkColumns {
  mean: Float64Array;
  median: Float64Array;
  reviews: Int32Array;
}

const byValue = (a: number, b: number) => a - b;

/**
 * Per-work mean, median and review count of `normalised[i]` by `work[i]` (0 ≤ work < works). Each
 * work's values are sorted ascending (stable, as Array#sort by a − b sorts them) and summed in
 * that order, so the results are bit-for-bit those of sorting a list per work. O(N log k).
 */
export function aggregateColumns(work: Int32Array, works: number, normalised: Float64Array): WorkColumns {
  const n = work.length;
  const start = new Int32Array(works + 1);
  for (let i = 0; i < n; i++) start[(work[i] as number) + 1] = (start[(work[i] as number) + 1] as number) + 1;
  for (let w = 0; w < works; w++) start[w + 1] = (start[w + 1] as number) + (start[w] as number);
  const next = start.slice(0, works);
  const grouped = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = work[i] as number;
    grouped[next[w] as number] = normalised[i] as number;
    next[w] = (next[w] as number) + 1;
  }
  const mean = new Float64Array(works);
  const median = new Float64Array(works);
  const reviews = new Int32Array(works);
  for (let w = 0; w < works; w++) {
    const from = start[w] as number;
    const to = start[w + 1] as number;
    let finite = true;
    for (let k = from; k < to; k++) if (!Number.isFinite(grouped[k] as number)) finite = false;
    if (finite) {
      // Insertion sort: stable, and a work has a handful of reviews.
      for (let k = from + 1; k < to; k++) {
        const v = grouped[k] as number;
        let m = k - 1;
        while (m >= from && (grouped[m] as number) > v) {
          grouped[m + 1] = grouped[m] as number;
          m--;
        }
        grouped[m + 1] = v;
      }
    } else {
      // a − b is no consistent order once NaN or infinities meet: leave those to Array#sort itself.
      grouped.set(Array.from(grouped.subarray(from, to)).sort(byValue), from);
    }
    let sum = 0;
    for (let k = from; k < to; k++) sum += grouped[k] as number;
    const size = to - from;
    const mid = from + (size >> 1);
    mean[w] = sum / size;
    median[w] =
      size % 2 === 1
        ? (grouped[mid] as number)
        : ((grouped[mid - 1] as number) + (grouped[mid] as number)) / 2;
    reviews[w] = size;
  }
  return { mean, median, reviews };
}

/** Per-work mean, median and review count of normalised scores, in first-seen work order. O(N log k). */
export function aggregateByWork(scores: readonly NormalisedScore[]): WorkScore[] {
  const index = new Map<string, number>();
  const workIds: string[] = [];
  const work = new Int32Array(scores.length);
  const normalised = new Float64Array(scores.length);
  scores.forEach((s, i) => {
    work[i] = numberOf(index, workIds, s.workId);
    normalised[i] = s.normalised;
  });
  const { mean, median, reviews } = aggregateColumns(work, workIds.length, normalised);
  return workIds.map((workId, w) => ({
    workId,
    mean: mean[w] as number,
    median: median[w] as number,
    reviews: reviews[w] as number,
  }));
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
  const start = new Int32Array(groups.length + 1);
  groups.forEach((g, k) => {
    start[k + 1] = (start[k] as number) + g.length;
  });
  return icc1Grouped(start, Float64Array.from(groups.flat()));
}

/** ICC(1) of groups laid end to end: group k is `values[start[k] … start[k + 1])`; empty groups skipped. */
function icc1Grouped(start: Int32Array, values: Float64Array): number | null {
  const groups = start.length - 1;
  let a = 0;
  let total = 0;
  let sum = 0;
  let sumSquaredSizes = 0;
  for (let k = 0; k < groups; k++) {
    const size = (start[k + 1] as number) - (start[k] as number);
    if (size === 0) continue;
    a++;
    total += size;
    sumSquaredSizes += size ** 2;
    for (let i = start[k] as number; i < (start[k + 1] as number); i++) sum += values[i] as number;
  }
  if (a < 2 || total - a < 1) return null;
  const grand = sum / total;
  let ssb = 0;
  let ssw = 0;
  for (let k = 0; k < groups; k++) {
    const from = start[k] as number;
    const to = start[k + 1] as number;
    if (to === from) continue;
    let gs = 0;
    for (let i = from; i < to; i++) gs += values[i] as number;
    const gm = gs / (to - from);
    ssb += (to - from) * (gm - grand) ** 2;
    for (let i = from; i < to; i++) ssw += ((values[i] as number) - gm) ** 2;
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
  return agreementOfColumns(scoreColumns(scores));
}

/**
 * interRaterAgreement over columns, bit-for-bit: each juror's row holds the works in the order the
 * juror first scored them (a repeat replaces the value in place), the works are taken in the order
 * the jurors' rows first reach them, and each work's scores in juror order.
 */
export function agreementOfColumns(c: ScoreColumns): Agreement {
  const { values, juror, work } = c;
  const n = values.length;
  const jurors = c.jurorIds.length;
  const works = c.workIds.length;
  // The scores juror by juror, each juror's in input order.
  const byJuror = new Int32Array(n);
  const jurorStart = new Int32Array(jurors + 1);
  for (let i = 0; i < n; i++)
    jurorStart[(juror[i] as number) + 1] = (jurorStart[(juror[i] as number) + 1] as number) + 1;
  for (let j = 0; j < jurors; j++)
    jurorStart[j + 1] = (jurorStart[j + 1] as number) + (jurorStart[j] as number);
  const fill = jurorStart.slice(0, jurors);
  for (let i = 0; i < n; i++) {
    const j = juror[i] as number;
    byJuror[fill[j] as number] = i;
    fill[j] = (fill[j] as number) + 1;
  }
  // Rows: one cell per (juror, work), the last score winning.
  const rowStart = new Int32Array(jurors + 1);
  const cellWork = new Int32Array(n);
  const cellValue = new Float64Array(n);
  const seenBy = new Int32Array(works).fill(-1);
  const cellOf = new Int32Array(works);
  let cells = 0;
  for (let j = 0; j < jurors; j++) {
    rowStart[j] = cells;
    for (let k = jurorStart[j] as number; k < (jurorStart[j + 1] as number); k++) {
      const i = byJuror[k] as number;
      const w = work[i] as number;
      if (seenBy[w] === j) cellValue[cellOf[w] as number] = values[i] as number;
      else {
        seenBy[w] = j;
        cellOf[w] = cells;
        cellWork[cells] = w;
        cellValue[cells] = values[i] as number;
        cells++;
      }
    }
  }
  rowStart[jurors] = cells;
  // Works in the order the rows reach them.
  const position = new Int32Array(works).fill(-1);
  const groupSize = new Int32Array(works);
  let placed = 0;
  for (let k = 0; k < cells; k++) {
    const w = cellWork[k] as number;
    if (position[w] === -1) position[w] = placed++;
    const p = position[w] as number;
    groupSize[p] = (groupSize[p] as number) + 1;
  }
  let complete = true;
  for (let j = 0; j < jurors; j++)
    if ((rowStart[j + 1] as number) - (rowStart[j] as number) !== works) complete = false;
  if (complete && jurors > 0) {
    const matrix = Array.from({ length: jurors }, (_, j) => {
      const row = new Array<number>(works);
      for (let k = rowStart[j] as number; k < (rowStart[j + 1] as number); k++)
        row[position[cellWork[k] as number] as number] = cellValue[k] as number;
      return row;
    });
    return {
      design: "complete",
      measure: "kendall_w",
      value: kendallsW(matrix),
      icc21: icc21(matrix),
      raters: jurors,
      works,
    };
  }
  const groupStart = new Int32Array(works + 1);
  for (let p = 0; p < works; p++) groupStart[p + 1] = (groupStart[p] as number) + (groupSize[p] as number);
  const next = groupStart.slice(0, works);
  const grouped = new Float64Array(cells);
  for (let k = 0; k < cells; k++) {
    const p = position[cellWork[k] as number] as number;
    grouped[next[p] as number] = cellValue[k] as number;
    next[p] = (next[p] as number) + 1;
  }
  return {
    design: "incomplete",
    measure: "icc1",
    value: icc1Grouped(groupStart, grouped),
    icc21: null,
    raters: jurors,
    works,
  };
}
