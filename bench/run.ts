/**
 * `npm run bench`: benchmarks on the embedded default (in-memory DynamoDB Local + S3 emulator).
 * Figures, not pass/fail: speed goals live here, not in timed unit tests. Needs web/dist
 * (npm run build -w web) and Java 17+.
 */
import { electionsBench } from "./elections";
import { foundationBench } from "./foundation";
import { judgingBench } from "./judging";
import { judgingRulesBench } from "./judging-rules";

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  foundation: foundationBench,
  "judging-rules": () => judgingRulesBench(),
  judging: judgingBench,
  elections: electionsBench,
};

for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
process.exit(0);
