/**
 * Judging rules micro-benchmark: ranks 25,000 synthetic scored entries (the painting contest's
 * real size) overall and per age group × district, and assigns 25,000 works × 5 reviews across a
 * 120-juror panel with conflict rules, then normalises the 125,000 resulting scores per juror,
 * aggregates them per work and measures agreement. Pure functions only, no stores: the figure is the cost of
 * the rules themselves. Entries are generated from a fixed seed so runs are comparable.
 */
import {
  aggregateByWork,
  aggregateColumns,
  agreementOfColumns,
  assignReviews,
  interRaterAgreement,
  type JurorScore,
  normaliseByJuror,
  normaliseColumns,
  rankByGroup,
  rankEntries,
  scoreColumns,
  seededRandom,
} from "@hamdel/core/festival/judging";

export async function judgingRulesBench(count = 25_000): Promise<void> {
  console.log("\n== Judging rules: ranking and assignment (pure) ==");
  const random = seededRandom("bench");
  const entries = Array.from({ length: count }, (_, i) => {
    // Coarse scores (quarter points) so many ties reach the tie-breaks, as they do in real rounds.
    const score = Math.round(random() * 400) / 4;
    return {
      id: `E${String(i).padStart(6, "0")}`,
      score,
      median: Math.round((score + (random() - 0.5) * 10) * 4) / 4,
      reviews: 4 + Math.floor(random() * 2),
      submittedAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 30 * 86_400_000)).toISOString(),
      ageGroup: String(4 + Math.floor(random() * 11)),
      district: String(1 + Math.floor(random() * 22)),
    };
  });

  // Once to compile, then timed.
  rankEntries(entries, { seed: "bench-draw" });
  const t0 = performance.now();
  const ranked = rankEntries(entries, { seed: "bench-draw" });
  const t1 = performance.now();
  const groups = rankByGroup(entries, ["ageGroup", "district"], { seed: "bench-draw" });
  const t2 = performance.now();
  console.log(`rank ${ranked.length} entries overall: ${(t1 - t0).toFixed(1)} ms`);
  console.log(
    `rank ${entries.length} entries in ${groups.length} age-group × district groups: ${(t2 - t1).toFixed(1)} ms`,
  );

  const works = entries.map((e) => ({
    id: e.id,
    district: e.district,
    neighbourhood: `${e.district}-${e.ageGroup}`,
  }));
  const panel = Array.from({ length: 120 }, (_, j) => ({ id: `J${j}`, district: String(1 + (j % 22)) }));
  const t3 = performance.now();
  const assignment = assignReviews({
    works,
    panel,
    reviewsPerWork: 5,
    conflicts: { sameDistrict: true, sameNeighbourhood: true },
    seed: "bench-assign",
  });
  const t4 = performance.now();
  console.log(
    `assign ${works.length} works × 5 reviews to ${panel.length} jurors (same-district conflicts): ${(t4 - t3).toFixed(1)} ms, ${assignment.shortfalls.length} short`,
  );

  // Each juror has their own leniency, which normalisation should take out.
  const leniency = new Map(panel.map((p) => [p.id, (random() - 0.5) * 20]));
  const quality = new Map(entries.map((e) => [e.id, e.score]));
  const scores: JurorScore[] = assignment.assignments.flatMap((a) =>
    a.jurorIds.map((jurorId) => ({
      jurorId,
      workId: a.workId,
      score: Math.min(
        100,
        Math.max(
          0,
          (quality.get(a.workId) as number) + (leniency.get(jurorId) as number) + (random() - 0.5) * 10,
        ),
      ),
    })),
  );
  const scale = { min: 0, max: 100 };
  const t5 = performance.now();
  const normalised = normaliseByJuror(scores, scale);
  const perWork = aggregateByWork(normalised.scores);
  const t6 = performance.now();
  const agreement = interRaterAgreement(scores);
  const t7 = performance.now();
  console.log(
    `normalise ${scores.length} scores per juror and aggregate ${perWork.length} works (an object per score, as the exports use it): ${(t6 - t5).toFixed(1)} ms; ${agreement.measure} ${agreement.value?.toFixed(3)} in ${(t7 - t6).toFixed(1)} ms`,
  );
  // What rankRound runs: the scores as index columns once, then the three steps over typed arrays.
  for (let run = 1; run <= 3; run++) {
    const c0 = performance.now();
    const columns = scoreColumns(scores);
    const c1 = performance.now();
    const n = normaliseColumns(columns, scale);
    aggregateColumns(columns.work, columns.workIds.length, n.normalised);
    const c2 = performance.now();
    agreementOfColumns(columns);
    const c3 = performance.now();
    console.log(
      `  columns #${run} (rankRound's path): index ${(c1 - c0).toFixed(1)} ms, normalise+aggregate ${(c2 - c1).toFixed(1)} ms, agreement ${(c3 - c2).toFixed(1)} ms`,
    );
  }
}
