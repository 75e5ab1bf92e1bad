/**
 * The record as a file in the bucket (the S3 emulator): written on the first request for its
 * version, handed out by a signed URL that downloads it as an attachment, never rewritten for the
 * same version, a new file once the results are certified — and what is downloaded verifies.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { statObject } from "../blob/objects";
import { errorCode } from "../identity/test-support";
import {
  AFTER_COMPLAINTS,
  admin,
  clock,
  d7,
  electionWithVoters,
  newKey,
  onVotingDay,
} from "./commands-test-support";
import {
  castOnline,
  certifyResults,
  closeElection,
  type ElectionRecord,
  recordFileKey,
  recordLink,
  verifyRecord,
} from "./index";

afterAll(() => clock.restore());

const [hoodA, hoodB] = d7 as [string, string];

async function download(
  url: string,
): Promise<{ record: ElectionRecord; text: string; disposition: string | null }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const text = await res.text();
  return {
    disposition: res.headers.get("content-disposition"),
    text,
    record: JSON.parse(text) as ElectionRecord,
  };
}

/** The standalone verifier (npm run verify-election) on the bytes as downloaded. */
function verifierOn(text: string) {
  const root = resolve(import.meta.dirname, "../../../..");
  const file = join(mkdtempSync(join(tmpdir(), "hamdel-record-")), "election.json");
  writeFileSync(file, text);
  return spawnSync(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/hamdel-verify.ts", file],
    { cwd: root, encoding: "utf8" },
  );
}

describe("the record file", () => {
  it("is written once per version to the bucket and downloaded by a signed URL; it verifies", async () => {
    const { election, candidates, voters } = await electionWithVoters({
      neighbourhoods: [hoodA, hoodB],
      votersPerNeighbourhood: 3,
    });
    for (const v of voters) {
      await castOnline(v.actor, election.id, {
        nationalId: v.nationalId,
        choices: (candidates[v.neighbourhoodId] ?? []).slice(0, 1),
      });
    }
    expect(await errorCode(recordLink(election.id))).toBe("election.not_closed");
    clock.set(onVotingDay("16:00"));
    await closeElection(admin, election.id, newKey());

    const first = await recordLink(election.id);
    expect(first.version).toMatch(/^preliminary-v\d+$/);
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
    const key = recordFileKey(election.id, first.version);
    const stored = await statObject(key);
    expect(stored?.size).toBe(first.bytes);

    const { record, text, disposition } = await download(first.url);
    expect(disposition).toBe(`attachment; filename="election-${election.id}.json"`);
    expect(record.election).toMatchObject({ id: election.id, status: "preliminary" });
    expect(record.neighbourhoods.map((n) => n.ballots.length)).toEqual([3, 3]);
    expect(verifyRecord(record)).toEqual([]);
    const cli = verifierOn(text);
    expect(cli.stderr).toBe("");
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("✓ The record verifies");

    // Asked again: the same file (not rewritten), a fresh link.
    const again = await recordLink(election.id);
    expect(again.version).toBe(first.version);
    expect((await statObject(key))?.etag).toBe(stored?.etag);
    expect((await download(again.url)).record).toEqual(record);

    // Certified: a new version, a new file; the preliminary one stays as it was.
    clock.set(AFTER_COMPLAINTS);
    await certifyResults(admin, election.id);
    const final = await recordLink(election.id);
    expect(final.version).toMatch(/^final-v\d+$/);
    expect(final.version).not.toBe(first.version);
    const finalRecord = (await download(final.url)).record;
    expect(finalRecord.election.status).toBe("final");
    expect(verifyRecord(finalRecord)).toEqual([]);
    expect((await statObject(key))?.etag).toBe(stored?.etag);
  }, 60_000);
});
