/**
 * Helpers for the elections' integration tests: staff actors, an election on a fixed day in
 * 2031 (so the clock can be put before, during and after voting), voters signed in through the
 * real OTP flow and put on the roll through the real import, and approved candidates.
 *
 * Candidates are written with the store's own creation items (status approved) instead of the
 * whole application flow, which candidates.int.test.ts covers with real uploads.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { ScanCommand, type ScanCommandInput } from "@aws-sdk/lib-dynamodb";
import QRCode from "qrcode";
import { ulid } from "ulid";
import type { Actor, RoleGrant } from "../actor";
import { createUpload, finaliseUpload } from "../blob";
import { db, table } from "../db";
import { tehranWallTime } from "../fa";
import { neighbourhoodsOf } from "../geo";
import { freshNationalId, manualClock, signInCitizen } from "../identity/test-support";
import { type ElectionKey, loadElectionKey } from "./chain";
import { createElection, type ElectionView, importRoll } from "./commands";
import * as store from "./store";

export const staff = (...roles: RoleGrant[]): Actor => ({
  kind: "staff",
  userId: ulid(),
  sessionId: ulid(),
  username: `staff${randomBytes(4).toString("hex")}`,
  roles,
});
export const admin = staff({ role: "election_admin" });
export const observer = staff({ role: "election_observer" });

export const VOTING_DAY = "2031-03-10";
/** An instant on the voting day, Tehran wall clock. */
export const onVotingDay = (hhmm: string) => tehranWallTime(VOTING_DAY, hhmm).getTime();
export const DURING_REGISTRATION = Date.parse("2031-03-05T10:00:00Z");
export const DURING_COMPLAINTS = Date.parse("2031-03-12T10:00:00Z");
export const AFTER_COMPLAINTS = Date.parse("2031-03-15T10:00:00Z");

/** Neighbourhoods of district 7 and one of district 12 (for polling officers' scopes). */
export const d7 = neighbourhoodsOf("7").map((n) => n.id);
export const d12 = neighbourhoodsOf("12").map((n) => n.id);

export function electionInput(neighbourhoods: string[], overrides: Record<string, unknown> = {}) {
  return {
    title: "انتخابات شورایاری دورهٔ ششم",
    term: 6,
    neighbourhoods,
    seats: { mainSeats: 3, alternateSeats: 1, maxChoices: 3 },
    registration: { opensAt: "2031-03-01T04:30:00.000Z", closesAt: "2031-03-08T20:30:00.000Z" },
    voting: { day: VOTING_DAY, opens: "08:00", closes: "16:00", maxExtensionMinutes: 240 },
    complaints: { opensAt: "2031-03-11T04:30:00.000Z", closesAt: "2031-03-14T20:30:00.000Z" },
    ...overrides,
  };
}

/** The test clock (identity's, which elections read too). Restore it in afterEach. */
export const clock = manualClock(DURING_REGISTRATION);

export function newKey(): ElectionKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  return loadElectionKey(privateKey.export({ format: "pem", type: "pkcs8" }).toString());
}

/** Approved candidates in each neighbourhood (ids returned per neighbourhood). */
export async function seedCandidates(electionId: string, neighbourhoods: string[], perNeighbourhood: number) {
  const out: Record<string, string[]> = {};
  for (const neighbourhoodId of neighbourhoods) {
    out[neighbourhoodId] = [];
    for (let i = 0; i < perNeighbourhood; i++) {
      const id = ulid();
      out[neighbourhoodId].push(id);
      await store.transact(
        store.createCandidateItems({
          id,
          electionId,
          neighbourhoodId,
          userId: ulid(),
          name: `نامزد ${i + 1}`,
          statement: "بیانیهٔ آزمایشی نامزد برای این محله.",
          residenceSince: "2020-01-01",
          photo: { uploadId: ulid(), objectKey: "files/x/photo" },
          proof: { uploadId: ulid(), objectKey: "files/x/proof" },
          status: "approved",
          appealUsed: false,
          createdAt: new Date(clock.now()).toISOString(),
        }),
      );
    }
  }
  return out;
}

export interface Voter {
  actor: Actor & { kind: "citizen" };
  mobile: string;
  nationalId: string;
  neighbourhoodId: string;
}

/** A citizen signed in by OTP, with a fresh national id, not yet on any roll. */
export async function newVoter(neighbourhoodId: string): Promise<Voter> {
  const { mobile, session, me } = await signInCitizen();
  return {
    actor: { kind: "citizen", userId: me.id, sessionId: session.id },
    mobile,
    nationalId: freshNationalId(),
    neighbourhoodId,
  };
}

export const rollCsv = (voters: Voter[]) =>
  [
    "national_id,mobile,neighbourhood",
    ...voters.map((v) => `${v.nationalId},${v.mobile},${v.neighbourhoodId}`),
  ].join("\n");

/**
 * An election with approved candidates and voters on its roll, the clock left during voting.
 */
export async function electionWithVoters(args: {
  neighbourhoods: string[];
  votersPerNeighbourhood: number;
  candidatesPerNeighbourhood?: number;
}): Promise<{ election: ElectionView; candidates: Record<string, string[]>; voters: Voter[] }> {
  clock.set(DURING_REGISTRATION);
  const election = await createElection(admin, electionInput(args.neighbourhoods));
  const candidates = await seedCandidates(
    election.id,
    args.neighbourhoods,
    args.candidatesPerNeighbourhood ?? 4,
  );
  const voters: Voter[] = [];
  for (const n of args.neighbourhoods) {
    for (let i = 0; i < args.votersPerNeighbourhood; i++) voters.push(await newVoter(n));
  }
  await importRoll(admin, election.id, { csv: rollCsv(voters) });
  clock.set(onVotingDay("09:00"));
  return { election, candidates, voters };
}

/** A finalised upload of the actor's own: a PNG photo, or a small PDF as a proof of residence. */
export async function readyUpload(actor: Actor, purpose: "profile-photo" | "document"): Promise<string> {
  const body =
    purpose === "profile-photo"
      ? new Uint8Array(await QRCode.toBuffer("hamdel", { type: "png" }))
      : new TextEncoder().encode(
          "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        );
  const ticket = await createUpload(actor, {
    purpose,
    fileName: purpose === "document" ? "proof.pdf" : "photo.png",
    contentType: purpose === "document" ? "application/pdf" : "image/png",
    size: body.byteLength,
  });
  const res = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body });
  if (!res.ok) throw new Error(`upload to the S3 emulator failed: ${res.status}`);
  await finaliseUpload(actor, ticket.uploadId);
  return ticket.uploadId;
}

/**
 * Every item of the shared test table matching a filter, over all Scan pages: DynamoDB applies a
 * filter per 1 MB page, so one page finds only what happens to lie in it once other files' data
 * is there. For tests that prove what is (not) stored; commands never scan.
 */
export async function scanAll(
  filter: Pick<
    ScanCommandInput,
    "FilterExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"
  >,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({ TableName: table(), ...filter, ExclusiveStartKey: startKey }),
    );
    items.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
