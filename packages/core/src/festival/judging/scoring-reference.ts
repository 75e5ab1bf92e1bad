/**
 * The straightforward implementations of per-juror normalisation, per-work aggregation and the
 * agreement measure, as they stood before scoring.ts got its index-array fast paths: kept for the
 * property tests, which check the fast paths give bit-for-bit the same results (floating-point sums
 * included, hence the same order of additions). Not used by the application.
 */
import {
  type Agreement,
  icc21,
  type JurorScore,
  type JurorStats,
  type JurorTreatment,
  kendallsW,
  type Normalisation,
  type NormalisedScore,
  type WorkScore,
} from "./scoring";

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
export function referenceNormaliseByJuror(
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

function medianOf(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per-work mean, median and review count of normalised scores, in first-seen work order. O(N log k). */
export function referenceAggregateByWork(scores: readonly NormalisedScore[]): WorkScore[] {
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

function referenceIcc1(groups: readonly (readonly number[])[]): number | null {
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

export function referenceInterRaterAgreement(scores: readonly JurorScore[]): Agreement {
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
    value: referenceIcc1([...works.values()]),
    icc21: null,
    raters: jurors.size,
    works: workIds.length,
  };
}
