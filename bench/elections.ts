/**
 * Elections benchmark on the embedded default (in-memory DynamoDB Local + the platform's real
 * HTTP server): an election over 352 neighbourhoods with 12 approved candidates each and a roll
 * of 200,000 voters imported through core's importRoll; then concurrent citizens, each signed in
 * by OTP through the API, cast ballots with POST /api/elections/:id/ballots. In the same run the
 * bare TransactWriteItems the vote is made of (participation Put with its condition + ballot Put
 * + tally-shard Update, built by the same store functions) is driven at the same concurrency, so
 * the ratio is the price of everything above the store. Then close (seal every chain, count,
 * three-way check), export the record and run the verifier over it; and assert the counts agree.
 *
 * Sizes can be lowered for a quick look: HAMDEL_BENCH_ROLL, HAMDEL_BENCH_VOTERS,
 * HAMDEL_BENCH_RAW, HAMDEL_BENCH_CONCURRENCY.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { cpus, loadavg } from "node:os";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "@hamdel/core";
import { keyedHash } from "@hamdel/core/crypto";
import { db, table } from "@hamdel/core/db";
import {
  ballotTracker,
  createElection,
  type ElectionResults,
  electionRecordSchema,
  importRoll,
  newNonce,
  TALLY_SHARDS,
  verifyRecord,
} from "@hamdel/core/elections";
import { isValidNationalId, tehranDateIso, tehranWallTime } from "@hamdel/core/fa";
import { neighbourhoods as cityNeighbourhoods } from "@hamdel/core/geo";
import { setClock } from "@hamdel/core/identity";
import { ulid } from "ulid";
import { startPlatform } from "../functions/src/local";
import { Agent, createStaff, signInCitizen } from "../functions/src/testing/agent";
import * as store from "../packages/core/src/elections/store";
import { describeRun, measure } from "./stats";

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const NEIGHBOURHOODS = 352;
const CANDIDATES_PER_NEIGHBOURHOOD = 12;
const SEATS = { mainSeats: 7, alternateSeats: 3, maxChoices: 7 };
const ROLL_CHUNK_ROWS = 25_000;
const VOTERS_PER_PHONE = 20;

/** A national id from a running number: 9 body digits, check digit chosen by core's validator. */
function nationalIdOf(n: number): string {
  const body = String(100_000_000 + n);
  for (let d = 0; d < 10; d++) if (isValidNationalId(`${body}${d}`)) return `${body}${d}`;
  throw new Error(`no check digit for ${body}`);
}
const mobileOf = (n: number) => `0912${String(n).padStart(7, "0")}`;
/** A distinct caller address per voter, so the per-IP OTP limit sees separate people. */
const ipOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** k distinct entries of `from`, in random order. */
function pick<T>(from: readonly T[], k: number): T[] {
  const pool = [...from];
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, k);
}

const electionAdmin: Actor = {
  kind: "staff",
  userId: ulid(),
  sessionId: ulid(),
  username: "bench-election-admin",
  roles: [{ role: "election_admin" }],
};

/** An item's size as DynamoDB bills it: attribute names plus values (numbers approximated). */
function itemBytes(item: Record<string, unknown>): number {
  const valueBytes = (v: unknown): number => {
    if (typeof v === "string") return Buffer.byteLength(v);
    if (typeof v === "number") return Math.ceil(String(Math.abs(v)).replace(/[.-]/g, "").length / 2) + 1;
    if (Array.isArray(v)) return 3 + v.reduce((sum: number, e) => sum + 1 + valueBytes(e), 0);
    if (v && typeof v === "object")
      return 3 + itemBytes(v as Record<string, unknown>) + Object.keys(v).length;
    return 1;
  };
  return Object.entries(item).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + valueBytes(v), 0);
}

/**
 * Agent's transport over node:http, one connection per request: with fetch's keep-alive pool,
 * client and server in one busy process race on idle sockets (the server's 5 s keep-alive
 * timeout) and a request now and then dies with ECONNRESET.
 */
function overHttp(base: string) {
  return {
    request: (input: string, init: RequestInit = {}) =>
      new Promise<Response>((resolve, reject) => {
        const req = httpRequest(
          new URL(input.replace("http://localhost", base)),
          { method: init.method ?? "GET", headers: init.headers as Record<string, string>, agent: false },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            res.on("end", () => {
              const headers = new Headers();
              for (const [name, value] of Object.entries(res.headers)) {
                for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
                  headers.append(name, one);
                }
              }
              const status = res.statusCode ?? 500;
              resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers }));
            });
          },
        );
        req.on("error", reject);
        if (typeof init.body === "string") req.write(init.body);
        req.end();
      }),
  };
}

function fail(message: string): never {
  throw new Error(`ELECTION BENCH ASSERTION FAILED: ${message}`);
}

export async function electionsBench(): Promise<void> {
  const rollSize = size("HAMDEL_BENCH_ROLL", 200_000);
  const voterCount = size("HAMDEL_BENCH_VOTERS", 20_000);
  const rawCount = size("HAMDEL_BENCH_RAW", 6_000);
  const concurrency = size("HAMDEL_BENCH_CONCURRENCY", 64);
  if (voterCount > rollSize) fail("more voters than the roll holds");
  console.log("\n== Elections: roll import, voting through the API vs raw transactions, close, verify ==");
  // Everything here shares the machine's cores with DynamoDB Local: say how busy it was.
  const load = () => loadavg()[0]?.toFixed(1);
  console.log(`${cpus().length} cores, load average ${load()} at start`);

  // Voting is tomorrow (Tehran). Setup runs on the real clock; then the clock (identity's, which
  // elections read) is moved to 08:30 and to 16:01 of that day and keeps running from there, so
  // sessions, windows and TTLs behave as on the day (and cookie lifetimes stay sane).
  const votingDay = tehranDateIso(new Date(Date.now() + 86_400_000));
  let offset = 0;
  setClock(() => Date.now() + offset);
  const moveClockTo = (ms: number) => {
    offset = ms - Date.now();
  };
  // The platform's per-request access lines and dev-outbox SMS lines (tens of thousands here) are
  // still produced, only not printed; warnings and errors are.
  const print = console.log;
  console.log = (...args: unknown[]) => {
    const first = String(args[0]);
    if (first.startsWith('{"level":"info","msg":"request"') || first.startsWith("[sms ")) return;
    print(...args);
  };
  const bench = await startPlatform({ port: 0, seed: false });
  // The real HTTP server; Agent keeps each voter's cookies and CSRF token.
  const http = overHttp(bench.url);
  try {
    // ── setup ──────────────────────────────────────────────────────────────────────────────
    const hoods = cityNeighbourhoods.slice(0, NEIGHBOURHOODS).map((n) => n.id);
    const election = await createElection(electionAdmin, {
      title: "انتخابات شورایاری (آزمون بار)",
      term: 6,
      neighbourhoods: hoods,
      seats: SEATS,
      registration: {
        opensAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
        closesAt: tehranWallTime(votingDay, "07:00").toISOString(),
      },
      voting: { day: votingDay, opens: "08:00", closes: "16:00", maxExtensionMinutes: 240 },
      complaints: {
        opensAt: tehranWallTime(votingDay, "21:00").toISOString(),
        closesAt: new Date(tehranWallTime(votingDay, "21:00").getTime() + 3 * 86_400_000).toISOString(),
      },
    });

    // Approved candidates straight through the store's creation items (the application flow with
    // uploads is the candidates' integration tests' business): one transaction per neighbourhood.
    const candidatesOf = new Map<string, string[]>();
    const tCandidates = performance.now();
    await measure(hoods.length, 8, async (i) => {
      const neighbourhoodId = hoods[i] as string;
      const ids = Array.from({ length: CANDIDATES_PER_NEIGHBOURHOOD }, () => ulid());
      candidatesOf.set(neighbourhoodId, ids);
      await store.transact(
        ids.flatMap((id, k) =>
          store.createCandidateItems({
            id,
            electionId: election.id,
            neighbourhoodId,
            userId: ulid(),
            name: `نامزد ${k + 1}`,
            statement: "بیانیهٔ نامزد برای آزمون بار.",
            residenceSince: "2020-01-01",
            photo: { uploadId: ulid(), objectKey: "files/bench/photo" },
            proof: { uploadId: ulid(), objectKey: "files/bench/proof" },
            status: "approved",
            appealUsed: false,
            createdAt: new Date().toISOString(),
          }),
        ),
      );
    });
    console.log(
      `election: ${hoods.length} neighbourhoods × ${CANDIDATES_PER_NEIGHBOURHOOD} approved candidates ` +
        `(${hoods.length * CANDIDATES_PER_NEIGHBOURHOOD}) in ${((performance.now() - tCandidates) / 1000).toFixed(1)} s`,
    );

    // The roll, neighbourhood by neighbourhood (as the offices export it); every k-th entry votes.
    const hoodOfRow = (row: number) => hoods[Math.floor((row * hoods.length) / rollSize)] as string;
    const stride = Math.floor(rollSize / voterCount);
    // An OTP sign-in costs about eleven store operations, two of them transactions — on DynamoDB
    // Local as much as three votes — so voters share signed-in phones: the roll gives each group of
    // VOTERS_PER_PHONE neighbouring voters one mobile (a household's phone). The local identity
    // provider accepts a national id whose roll entry carries the session's mobile, and each cast
    // does exactly the work of any other: session, election, roll and user reads + the transaction.
    const phoneCount = Math.ceil(voterCount / VOTERS_PER_PHONE);
    const phoneOfVoter = (v: number) => Math.floor(v / VOTERS_PER_PHONE);
    const tImport = performance.now();
    let added = 0;
    for (let from = 0; from < rollSize; from += ROLL_CHUNK_ROWS) {
      const lines = ["national_id,mobile,neighbourhood"];
      for (let row = from; row < Math.min(rollSize, from + ROLL_CHUNK_ROWS); row++) {
        const mobile =
          row % stride === 0 && row / stride < voterCount
            ? mobileOf(rollSize + phoneOfVoter(row / stride))
            : mobileOf(row);
        lines.push(`${nationalIdOf(row)},${mobile},${hoodOfRow(row)}`);
      }
      const report = await importRoll(electionAdmin, election.id, { csv: lines.join("\n") });
      if (report.rejected.length) fail(`roll import rejected ${report.rejected.length} rows`);
      added += report.added;
    }
    const importSeconds = (performance.now() - tImport) / 1000;
    if (added !== rollSize) fail(`roll import added ${added} of ${rollSize}`);
    console.log(
      `roll import (core importRoll, CSV chunks of ${ROLL_CHUNK_ROWS.toLocaleString("en")}): ` +
        `${added.toLocaleString("en")} voters in ${importSeconds.toFixed(1)} s = ${(added / importSeconds).toFixed(0)} rows/s`,
    );

    // ── voting day ─────────────────────────────────────────────────────────────────────────
    moveClockTo(tehranWallTime(votingDay, "08:30").getTime());
    const phones = Array.from({ length: phoneCount }, (_, p) => new Agent(http, ipOf(p)));
    const signIns = await measure(phoneCount, 32, async (p) => {
      await signInCitizen(phones[p] as Agent, mobileOf(rollSize + p));
    });
    console.log(describeRun("citizen sign-in via API (OTP request+verify)", signIns));
    const voters = Array.from({ length: voterCount }, (_, v) => {
      const row = v * stride;
      return { row, neighbourhoodId: hoodOfRow(row), agent: phones[phoneOfVoter(v)] as Agent };
    });

    // Raw: the vote's own TransactWriteItems on the same DynamoDB Local, same item shapes and
    // request token, under another election id (so it leaves the real election's counts alone).
    const rawElection = ulid();
    const raw = await measure(rawCount, concurrency, async () => {
      const neighbourhoodId = hoods[randomInt(hoods.length)] as string;
      const choices = pick(
        candidatesOf.get(neighbourhoodId) as string[],
        1 + randomInt(SEATS.maxChoices),
      ).sort();
      const nonce = newNonce();
      await db().send(
        new TransactWriteCommand({
          ClientRequestToken: randomUUID(),
          TransactItems: [
            store.putParticipationItem(
              rawElection,
              randomBytes(32).toString("base64url"),
              neighbourhoodId,
              "online",
              new Date(),
            ),
            store.putBallotItem({
              id: randomBytes(16).toString("hex"),
              electionId: rawElection,
              neighbourhoodId,
              choices,
              tracker: ballotTracker({ electionId: rawElection, neighbourhoodId, choices }, nonce),
              nonce,
            }),
            store.addToTallyItem(rawElection, neighbourhoodId, choices, randomInt(TALLY_SHARDS)),
          ],
        }),
      );
    });
    console.log(describeRun(`raw TransactWriteItems (3 items), ${concurrency} workers`, raw));

    const trackers = new Set<string>();
    let choicesCast = 0;
    const votes = await measure(voterCount, concurrency, async (v) => {
      const voter = voters[v] as (typeof voters)[number];
      const choices = pick(
        candidatesOf.get(voter.neighbourhoodId) as string[],
        1 + randomInt(SEATS.maxChoices),
      );
      const res = await voter.agent.call("POST", `/api/elections/${election.id}/ballots`, {
        body: { nationalId: nationalIdOf(voter.row), choices },
      });
      if (res.status !== 201 && res.status !== 200) fail(`cast → ${res.status} ${await res.text()}`);
      const receipt = (await res.json()) as { tracker: string; neighbourhoodId: string };
      if (receipt.neighbourhoodId !== voter.neighbourhoodId) fail("receipt names another neighbourhood");
      trackers.add(receipt.tracker);
      choicesCast += choices.length;
    });
    console.log(describeRun(`API votes POST …/ballots, ${concurrency} workers`, votes));
    console.log(
      `ratio: the API casts ${(votes.perSecond / raw.perSecond).toFixed(2)}× the raw transaction rate ` +
        `(${votes.perSecond.toFixed(0)} votes/s ÷ ${raw.perSecond.toFixed(0)} tx/s); p50 ${(votes.p50 / raw.p50).toFixed(1)}× raw. ` +
        "A vote also resolves the session and reads the election, the roll entry (twice: eligibility " +
        "and the identity-provider fake) and the user.",
    );

    // A second attempt by voters who already voted (same session, same national id) is refused.
    const again = voters.slice(0, Math.min(500, voters.length));
    await measure(again.length, concurrency, async (v) => {
      const voter = again[v] as (typeof voters)[number];
      const res = await voter.agent.call("POST", `/api/elections/${election.id}/ballots`, {
        body: {
          nationalId: nationalIdOf(voter.row),
          choices: (candidatesOf.get(voter.neighbourhoodId) as string[]).slice(0, 1),
        },
      });
      const body = (await res.json()) as { code?: string };
      if (res.status !== 409 || body.code !== "election.already_voted") {
        fail(`second ballot by the same voter → ${res.status} ${body.code}`);
      }
    });
    console.log(`second ballots refused: ${again.length} of ${again.length} (409 election.already_voted)`);

    // What one vote stored, sized as DynamoDB bills it (the capacity model in ARCHITECTURE.md).
    const sample = voters[0] as (typeof voters)[number];
    const participation = await db().send(
      new GetCommand({
        TableName: table(),
        Key: store.keys.participation(election.id, keyedHash("national-id", nationalIdOf(sample.row))),
      }),
    );
    const sampleBallots = await store.ballotsOf(election.id, sample.neighbourhoodId);
    const fullest = sampleBallots.reduce((a, b) => (b.choices.length > a.choices.length ? b : a));
    const ballotItem = await db().send(
      new GetCommand({
        TableName: table(),
        Key: store.keys.ballot(election.id, sample.neighbourhoodId, fullest.id),
      }),
    );
    let shardBytes = 0;
    for (let shard = 0; shard < TALLY_SHARDS; shard++) {
      const out = await db().send(
        new GetCommand({
          TableName: table(),
          Key: store.keys.tallyShard(election.id, sample.neighbourhoodId, shard),
        }),
      );
      if (out.Item) shardBytes = Math.max(shardBytes, itemBytes(out.Item));
    }
    console.log(
      `item sizes as billed: participation ${itemBytes(participation.Item ?? {})} B, ballot with ${fullest.choices.length} choices ` +
        `${itemBytes(ballotItem.Item ?? {})} B, largest tally shard (of ${CANDIDATES_PER_NEIGHBOURHOOD} candidates) ${shardBytes} B: ` +
        "each under 1 KB, so a cast is 3 transactional writes = 6 WRU, plus 3 index writes (gsi1 ×2, gsi2)",
    );

    // ── close, record, verify ──────────────────────────────────────────────────────────────
    moveClockTo(tehranWallTime(votingDay, "16:01").getTime());
    const adminAgent = new Agent(http, ipOf(rollSize + 1));
    const account = await createStaff([{ role: "election_admin" }]);
    const signedIn = await adminAgent.call("POST", "/api/identity/staff/sign-in", {
      // The server checks the code against its (moved) clock.
      body: {
        username: account.username,
        password: account.password,
        code: account.totp.generate({ timestamp: Date.now() + offset }),
      },
    });
    if (signedIn.status !== 200) fail(`staff sign-in → ${signedIn.status}`);
    const tClose = performance.now();
    const closed = await adminAgent.call("POST", `/api/elections/${election.id}/close`);
    const closeSeconds = (performance.now() - tClose) / 1000;
    if (closed.status !== 200) fail(`close → ${closed.status} ${await closed.text()}`);
    const results = (await closed.json()) as ElectionResults;
    console.log(
      `close via API (seal ${voterCount.toLocaleString("en")} ballots onto ${hoods.length} chains, count, three-way check, rank): ${closeSeconds.toFixed(1)} s`,
    );

    const tExport = performance.now();
    // The record is a file in the bucket (written on the first request), reached by a signed link.
    const linked = await http.request(`http://localhost/api/elections/${election.id}/record/link`);
    if (linked.status !== 200) fail(`record/link → ${linked.status}`);
    const download = await fetch(((await linked.json()) as { url: string }).url);
    if (download.status !== 200) fail(`record file → ${download.status}`);
    const recordText = await download.text();
    const exportSeconds = (performance.now() - tExport) / 1000;
    const tVerify = performance.now();
    const findings = verifyRecord(JSON.parse(recordText));
    const verifySeconds = (performance.now() - tVerify) / 1000;
    const record = electionRecordSchema.parse(JSON.parse(recordText));
    console.log(
      `record (write to the bucket + signed link + download): ${exportSeconds.toFixed(1)} s (${(recordText.length / 1e6).toFixed(1)} MB); ` +
        `verifyRecord: ${verifySeconds.toFixed(2)} s, ${findings.length} findings`,
    );

    // ── assertions ─────────────────────────────────────────────────────────────────────────
    if (findings.length) fail(`verifier findings: ${JSON.stringify(findings.slice(0, 5))}`);
    if (trackers.size !== voterCount) fail(`${trackers.size} distinct receipts for ${voterCount} voters`);
    let ballots = 0;
    let participations = 0;
    let counted = 0;
    let tallied = 0;
    const perHoodVoters = new Map<string, number>();
    for (const v of voters)
      perHoodVoters.set(v.neighbourhoodId, (perHoodVoters.get(v.neighbourhoodId) ?? 0) + 1);
    for (const n of record.neighbourhoods) {
      const counters = await store.readTally(election.id, n.neighbourhoodId);
      const parts = await store.participationCount(election.id, n.neighbourhoodId);
      const votesCounted = Object.values(n.results.counts).reduce((s, c) => s + c, 0);
      const votesInBallots = n.ballots.reduce((s, b) => s + b.choices.length, 0);
      const expected = perHoodVoters.get(n.neighbourhoodId) ?? 0;
      if (
        n.ballots.length !== parts ||
        parts !== counters.ballots ||
        n.participation !== parts ||
        parts !== expected
      ) {
        fail(
          `${n.neighbourhoodId}: ballots ${n.ballots.length}, participations ${parts}, tally ${counters.ballots}, voters ${expected}`,
        );
      }
      if (votesCounted !== votesInBallots)
        fail(`${n.neighbourhoodId}: result counts ${votesCounted} ≠ choices ${votesInBallots}`);
      for (const b of n.ballots)
        if (!trackers.delete(b.tracker)) fail(`${n.neighbourhoodId}: a ballot nobody got a receipt for`);
      ballots += n.ballots.length;
      participations += parts;
      counted += counters.ballots;
      tallied += votesCounted;
    }
    if (trackers.size) fail(`${trackers.size} receipts with no ballot in the record`);
    if (ballots !== voterCount || participations !== voterCount || counted !== voterCount) {
      fail(`ballots ${ballots}, participations ${participations}, tally ${counted}, voters ${voterCount}`);
    }
    if (tallied !== choicesCast) fail(`tallied votes ${tallied} ≠ choices cast ${choicesCast}`);
    if (results.neighbourhoods.reduce((s, n) => s + n.participation, 0) !== voterCount)
      fail("published participation");
    console.log(
      `checked: ballots = participations = tally shards = ${voterCount.toLocaleString("en")} (per neighbourhood too); ` +
        `${tallied.toLocaleString("en")} choices counted; every receipt on the board once; no voter twice; verifier clean`,
    );
    console.log(`load average ${load()} at the end`);
  } finally {
    setClock();
    console.log = print;
    await bench.stop();
  }
}
