// The standalone verifier of an election record:
//   npm run verify-election -- <record.json>
// Recomputes every tally, rebuilds every hash chain, checks every signed head against the record's
// public key, prints what it checked per neighbourhood, and exits 1 on any finding.
import { readFileSync } from "node:fs";
import { auditRecord } from "../packages/core/src/elections/verify";

const path = process.argv[2];
if (!path) {
  console.error("usage: npm run verify-election -- <record.json>");
  process.exit(2);
}

let record: unknown;
try {
  record = JSON.parse(readFileSync(path, "utf8"));
} catch (e) {
  console.error(`✗ cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

const started = performance.now();
const report = auditRecord(record);
const ms = performance.now() - started;

console.log(`Election ${report.electionId ?? "(unreadable)"} — ${path}`);
let ballots = 0;
let signatures = 0;
for (const n of report.neighbourhoods) {
  ballots += n.ballots;
  signatures += n.signaturesValid;
  const counts = Object.entries(n.counts)
    .map(([id, votes]) => `${id}=${votes}`)
    .join(" ");
  console.log(
    [
      `  ${n.neighbourhoodId}: eligible ${n.eligible}, voted ${n.participation}, ballots ${n.ballots}`,
      `    chain length ${n.chainLength}, head ${n.finalHead.slice(0, 16)}…, signed heads ${n.signedHeads} (${n.signaturesValid} valid signatures)`,
      `    recomputed counts ${counts || "(no candidates)"}`,
      `    recomputed main [${n.main.join(", ")}] alternates [${n.alternates.join(", ")}]`,
    ].join("\n"),
  );
}
console.log(
  `Checked ${report.neighbourhoods.length} neighbourhoods, ${ballots} ballots, ${signatures} signatures in ${ms.toFixed(0)} ms.`,
);

if (report.findings.length > 0) {
  console.error(`\n✗ THE RECORD DOES NOT VERIFY — ${report.findings.length} finding(s):`);
  for (const f of report.findings) {
    console.error(`  ✗ [${f.code}]${f.neighbourhoodId ? ` ${f.neighbourhoodId}:` : ""} ${f.message}`);
  }
  process.exit(1);
}
console.log("✓ The record verifies: every tally, chain link and signature checks out.");
