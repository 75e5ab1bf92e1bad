import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ballotTracker,
  chainGenesis,
  chainLinks,
  emptyChain,
  loadElectionKey,
  newNonce,
  sealBatch,
  signHead,
} from "./chain";
import type { SignedHead } from "./model";
import { type ElectionRecord, RECORD_FORMAT, type RecordBallot, recordNeighbourhood } from "./record";
import { ballotOrder, validateBallot, votingWindowOf } from "./rules";
import { neighbourhoodResult } from "./tally";
import { auditRecord, verifyRecord } from "./verify";

const ELECTION = "01J0ELECTION0000000000000";
const seats = { mainSeats: 3, alternateSeats: 2, maxChoices: 3 };
const key = loadElectionKey(randomBytes(32).toString("base64"));
const drawSeed = randomBytes(32).toString("hex");

/** One neighbourhood's ballots cast and sealed in batches, exactly as the sealer would. */
function neighbourhood(
  neighbourhoodId: string,
  candidateCount: number,
  batchSizes: number[],
  eligible: number,
) {
  const candidates = ballotOrder(
    drawSeed,
    Array.from({ length: candidateCount }, (_, i) => `${neighbourhoodId}c${i + 1}`),
  );
  let from = emptyChain(ELECTION, neighbourhoodId);
  const ballots: RecordBallot[] = [];
  const heads: SignedHead[] = [];
  let n = 0;
  batchSizes.forEach((size, b) => {
    const cast = Array.from({ length: size }, () => {
      n++;
      // a spread of votes with ties: ballot n names 1..3 candidates picked from n
      const picks = [
        ...new Set([n % candidateCount, (n * 3) % candidateCount, (n * 7) % 5].slice(0, 1 + (n % 3))),
      ];
      const check = validateBallot(
        picks.map((i) => candidates[i] as string),
        { approvedCandidateIds: candidates, maxChoices: seats.maxChoices },
      );
      if (!check.ok) throw new Error("fixture made an invalid ballot");
      const nonce = newNonce();
      const tracker = ballotTracker({ electionId: ELECTION, neighbourhoodId, choices: check.choices }, nonce);
      return { tracker, nonce, choices: check.choices };
    });
    const sealed = sealBatch({
      electionId: ELECTION,
      neighbourhoodId,
      from,
      trackers: cast.map((c) => c.tracker),
      sealedAt: new Date(Date.UTC(2025, 6, 26, 5, 10 * (b + 1))),
      key,
    });
    for (const entry of sealed.entries)
      ballots.push(cast.find((c) => c.tracker === entry.tracker) as RecordBallot);
    heads.push(sealed.signedHead);
    from = sealed.signedHead;
  });
  return recordNeighbourhood({
    electionId: ELECTION,
    neighbourhoodId,
    drawSeed,
    seats,
    eligible,
    participation: ballots.length,
    candidates,
    ballots,
    heads,
  });
}

function goodRecord(): ElectionRecord {
  return {
    format: RECORD_FORMAT,
    election: {
      id: ELECTION,
      title: "انتخابات شورایاری — دوره آزمایشی",
      seats,
      drawSeed,
      votingWindow: votingWindowOf({ day: "2025-07-26", opens: "08:00", closes: "16:00" }),
      publicKey: key.publicKeyBase64,
      status: "preliminary",
      generatedAt: "2025-07-26T12:31:00.000Z",
    },
    neighbourhoods: [
      neighbourhood("n101", 8, [7, 5, 9], 40),
      neighbourhood("n102", 5, [4, 0, 3], 9),
      neighbourhood("n103", 4, [0], 10),
    ],
  };
}

const GOOD = goodRecord();
const copy = (): ElectionRecord => structuredClone(GOOD);
const codes = (record: unknown) => [...new Set(verifyRecord(record).map((f) => f.code))].sort();
const n101 = (r: ElectionRecord) => r.neighbourhoods[0] as ElectionRecord["neighbourhoods"][number];

/** Recompute a neighbourhood's published counts and seats from its (tampered) ballots, as a careful forger would. */
function forgeResults(n: ElectionRecord["neighbourhoods"][number]) {
  n.participation = n.ballots.length;
  n.results = neighbourhoodResult({
    candidateIds: n.candidates,
    ballots: n.ballots,
    seats,
    tieBreakSeed: n.results.tieBreakSeed,
  });
}

describe("verifyRecord on an honest record", () => {
  it("finds nothing, and reports what it checked", () => {
    expect(verifyRecord(GOOD)).toEqual([]);
    const report = auditRecord(GOOD);
    expect(report.electionId).toBe(ELECTION);
    expect(
      report.neighbourhoods.map((n) => [n.neighbourhoodId, n.ballots, n.chainLength, n.signaturesValid]),
    ).toEqual([
      ["n101", 21, 21, 3],
      ["n102", 7, 7, 3],
      ["n103", 0, 0, 1],
    ]);
  });

  it("survives a JSON round trip (what the CLI reads)", () => {
    expect(verifyRecord(JSON.parse(JSON.stringify(GOOD)))).toEqual([]);
  });

  it("but a neighbourhood without ballots still needs its head signed at close", () => {
    const r = copy();
    (r.neighbourhoods[2] as ElectionRecord["neighbourhoods"][number]).heads = [];
    expect(codes(r)).toEqual(["chain_unsigned"]);
  });
});

describe("verifyRecord catches tampering", () => {
  it("a removed ballot", () => {
    const r = copy();
    n101(r).ballots.splice(4, 1);
    expect(codes(r)).toEqual(
      expect.arrayContaining(["head_mismatch", "participation_mismatch", "count_mismatch"]),
    );
  });

  it("a removed ballot even when the counts and participation were forged to match", () => {
    const r = copy();
    n101(r).ballots.splice(4, 1);
    forgeResults(n101(r));
    expect(codes(r)).toContain("head_mismatch");
  });

  it("any single removed ballot, wherever it sat", () => {
    fc.assert(
      fc.property(fc.nat(20), (i) => {
        const r = copy();
        n101(r).ballots.splice(i, 1);
        forgeResults(n101(r));
        expect(verifyRecord(r).length).toBeGreaterThan(0);
      }),
      { numRuns: 21 },
    );
  });

  it("an altered choice", () => {
    const r = copy();
    const ballot = n101(r).ballots[2] as RecordBallot;
    const other = n101(r).candidates.find((c) => !ballot.choices.includes(c)) as string;
    ballot.choices = [...ballot.choices.slice(1), other].sort();
    expect(codes(r)).toEqual(expect.arrayContaining(["tracker_mismatch", "count_mismatch"]));
    forgeResults(n101(r)); // the forger also fixes the counts: the tracker still gives it away
    expect(codes(r)).toContain("tracker_mismatch");
  });

  it("a reordered chain", () => {
    const r = copy();
    const ballots = n101(r).ballots;
    [ballots[0], ballots[1]] = [ballots[1] as RecordBallot, ballots[0] as RecordBallot];
    expect(codes(r)).toEqual(expect.arrayContaining(["head_mismatch"]));
    // across batches too
    const s = copy();
    const b = n101(s).ballots;
    [b[3], b[15]] = [b[15] as RecordBallot, b[3] as RecordBallot];
    expect(codes(s)).toContain("head_mismatch");
  });

  it("a forged head signature", () => {
    const r = copy();
    const n = n101(r);
    const forger = loadElectionKey(randomBytes(32).toString("base64"));
    n.heads[1] = signHead(n.heads[1] as SignedHead, forger);
    expect(codes(r)).toEqual(["signature_invalid"]);

    const s = copy();
    const head = n101(s).heads[2] as SignedHead;
    const sig = Buffer.from(head.signature, "base64");
    sig[10] = (sig[10] ?? 0) ^ 1;
    head.signature = sig.toString("base64");
    expect(codes(s)).toEqual(["signature_invalid"]);
  });

  it("a head moved to another neighbourhood", () => {
    const r = copy();
    r.neighbourhoods[1]?.heads.push(n101(r).heads[2] as SignedHead);
    expect(codes(r)).toEqual(expect.arrayContaining(["head_misplaced"]));
  });

  it("signed heads that go back in length or time", () => {
    const r = copy();
    const heads = n101(r).heads;
    [heads[0], heads[1]] = [heads[1] as SignedHead, heads[0] as SignedHead];
    expect(codes(r)).toContain("head_out_of_order");
  });

  it("a changed count", () => {
    const r = copy();
    const counts = n101(r).results.counts;
    const first = Object.keys(counts)[0] as string;
    counts[first] = (counts[first] ?? 0) + 1;
    expect(codes(r)).toEqual(["count_mismatch"]);
  });

  it("changed seats or a changed tie-break seed", () => {
    const r = copy();
    n101(r).results.main.reverse();
    expect(codes(r)).toEqual(["seats_mismatch"]);
    const s = copy();
    n101(s).results.tieBreakSeed = "00".repeat(32);
    expect(codes(s)).toContain("tie_break_seed_mismatch");
  });

  it("participation that disagrees with the ballots or exceeds the roll", () => {
    const r = copy();
    n101(r).participation += 1;
    expect(codes(r)).toEqual(["participation_mismatch"]);
    const s = copy();
    n101(s).eligible = n101(s).participation - 1;
    expect(codes(s)).toEqual(["participation_exceeds_eligible"]);
  });

  it("a ballot added after the last signed head, or a ballot counted twice", () => {
    const r = copy();
    const n = n101(r);
    const choices = [n.candidates[0] as string];
    const nonce = newNonce();
    n.ballots.push({
      choices,
      nonce,
      tracker: ballotTracker({ electionId: ELECTION, neighbourhoodId: "n101", choices }, nonce),
    });
    forgeResults(n);
    expect(codes(r)).toContain("chain_unsigned");

    const s = copy();
    n101(s).ballots.push(structuredClone(n101(s).ballots[0] as RecordBallot));
    forgeResults(n101(s));
    expect(codes(s)).toEqual(expect.arrayContaining(["tracker_duplicate", "chain_unsigned"]));
  });

  it("a batch not in tracker order, even when correctly signed", () => {
    // A dishonest sealer keeps arrival order (here: reversed) and signs it properly.
    const r = copy();
    const n = n101(r);
    const reversed = [...n.ballots].reverse();
    const head = chainLinks(
      chainGenesis(ELECTION, "n101"),
      reversed.map((b) => b.tracker),
    ).at(-1) as string;
    r.neighbourhoods[0] = recordNeighbourhood({
      electionId: ELECTION,
      neighbourhoodId: "n101",
      drawSeed,
      seats,
      eligible: n.eligible,
      participation: n.participation,
      candidates: n.candidates,
      ballots: reversed,
      heads: [
        signHead(
          {
            electionId: ELECTION,
            neighbourhoodId: "n101",
            length: reversed.length,
            head,
            sealedAt: "2025-07-26T05:10:00.000Z",
          },
          key,
        ),
      ],
    });
    expect(codes(r)).toEqual(["batch_order"]);
  });

  it("candidates out of the published ballot order, and a malformed record", () => {
    const r = copy();
    n101(r).candidates.reverse();
    expect(codes(r)).toContain("ballot_order_mismatch");
    expect(codes({ ...copy(), format: "something-else" })).toEqual(["record_malformed"]);
    expect(codes(null)).toEqual(["record_malformed"]);
    const s = copy();
    (n101(s).ballots[0] as RecordBallot).tracker = "not a tracker";
    expect(verifyRecord(s)[0]?.message).toMatch(/record\.neighbourhoods\[0\]\.ballots\[0\]\.tracker/);
  });

  it("a public key that is not an Ed25519 key", () => {
    const r = copy();
    r.election.publicKey = Buffer.from("short").toString("base64");
    expect(codes(r)).toEqual(["public_key_invalid"]);
  });
});

describe("the verifier CLI (npm run verify-election)", () => {
  const root = resolve(import.meta.dirname, "../../../..");
  const dir = mkdtempSync(join(tmpdir(), "hamdel-verify-"));
  const run = (record: unknown) => {
    const file = join(dir, `${randomBytes(4).toString("hex")}.json`);
    writeFileSync(file, JSON.stringify(record));
    return spawnSync(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/hamdel-verify.ts", file],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
  };

  it("exits 0 on an honest record and prints what it checked", { timeout: 30_000 }, () => {
    const out = run(GOOD);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("n101: eligible 40, voted 21, ballots 21");
    expect(out.stdout).toContain("chain length 21");
    expect(out.stdout).toContain("signed heads 3 (3 valid signatures)");
    expect(out.stdout).toContain("Checked 3 neighbourhoods, 28 ballots, 7 signatures");
    expect(out.stdout).toContain("✓ The record verifies");
  });

  it("exits 1 loudly on a tampered record", { timeout: 30_000 }, () => {
    const r = copy();
    n101(r).ballots.splice(0, 1);
    const out = run(r);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("THE RECORD DOES NOT VERIFY");
    expect(out.stderr).toContain("[head_mismatch] n101:");
    expect(out.stdout).not.toContain("✓");
  });

  it("exits 1 on a file that is not JSON", { timeout: 30_000 }, () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ not json");
    const out = spawnSync(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/hamdel-verify.ts", file],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("cannot read");
  });
});
