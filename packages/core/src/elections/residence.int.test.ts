import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { updateProfile } from "../identity";
import { errorCode } from "../identity/test-support";
import {
  admin,
  clock,
  DURING_REGISTRATION,
  d7,
  d12,
  electionInput,
  newVoter,
  observer,
  onVotingDay,
  readyUpload,
  rollCsv,
  scanAll,
  seedCandidates,
  type Voter,
} from "./commands-test-support";
import {
  castOnline,
  createElection,
  decideResidence,
  declareResidence,
  eligibleVoters,
  importRoll,
  listElectionAudit,
  listResidenceDeclarations,
  myResidence,
} from "./index";

afterAll(() => clock.restore());

const [hoodA, hoodB] = d7 as [string, string];
const hoodC = d12[0] as string;
const AFTER_REGISTRATION = Date.parse("2031-03-09T10:00:00Z");

/** A signed-in citizen with a complete profile (their national id on it), not on any roll. */
async function resident(neighbourhood = hoodA): Promise<Voter> {
  const voter = await newVoter(neighbourhood);
  await updateProfile(voter.actor, {
    firstName: "مریم",
    lastName: "رضایی",
    nationalId: voter.nationalId,
    birthDate: "1370/01/01",
    district: "7",
    neighbourhood,
  });
  return voter;
}

async function declare(voter: Voter, electionId: string, neighbourhoodId = voter.neighbourhoodId) {
  return declareResidence(voter.actor, electionId, {
    neighbourhoodId,
    proofUploadId: await readyUpload(voter.actor, "document"),
  });
}

const verify = { decision: "verify" } as const;
const reject = (reason: string) => ({ decision: "reject", reason }) as const;

async function election(neighbourhoods = [hoodA, hoodB]) {
  clock.set(DURING_REGISTRATION);
  return createElection(admin, electionInput(neighbourhoods));
}

describe("residence declared and verified", () => {
  it("declare → reviewed with its proof → verified: on the roll, counted, audited, and the voter votes", async () => {
    const e = await election();
    const candidates = await seedCandidates(e.id, [hoodA], 2);
    const voter = await resident();
    expect(await myResidence(voter.actor, e.id)).toEqual({ declaration: null, onRoll: false });

    const declared = await declare(voter, e.id);
    expect(declared).toMatchObject({ electionId: e.id, neighbourhoodId: hoodA, status: "pending" });
    expect(declared.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await myResidence(voter.actor, e.id)).toEqual({ declaration: declared, onRoll: false });
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 0, [hoodB]: 0 });

    // The administrator sees who declared (name, last digits) and opens the proof.
    const pending = await listResidenceDeclarations(admin, e.id);
    expect(pending.items).toHaveLength(1);
    expect(pending.next).toBeUndefined();
    const review = pending.items[0];
    expect(review).toMatchObject({
      id: declared.id,
      name: "مریم رضایی",
      nationalIdLast3: voter.nationalId.slice(-3),
      status: "pending",
    });
    const proof = await fetch(review?.proof.url ?? "");
    expect(proof.status).toBe(200);
    expect(new TextDecoder().decode(await proof.arrayBuffer())).toMatch(/^%PDF-/);
    expect(Date.parse(review?.proof.expiresAt ?? "")).toBeGreaterThan(Date.now());

    const verified = await decideResidence(admin, e.id, declared.id, verify);
    expect(verified).toMatchObject({ id: declared.id, status: "verified", decidedAt: expect.any(String) });
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 1, [hoodB]: 0 });
    expect(await myResidence(voter.actor, e.id)).toMatchObject({
      declaration: { status: "verified" },
      onRoll: true,
    });
    expect((await listResidenceDeclarations(admin, e.id)).items).toEqual([]);
    expect(
      (await listResidenceDeclarations(observer, e.id, { status: "verified" })).items.map((d) => d.id),
    ).toEqual([declared.id]);
    // Decided once: a second verification changes nothing.
    expect(await errorCode(decideResidence(admin, e.id, declared.id, verify))).toBe(
      "election.declaration_decided",
    );
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 1, [hoodB]: 0 });

    // The roll log shows the declaration and its verification, by whom, with ids only.
    const log = await listElectionAudit(observer, e.id, { log: "roll" });
    expect(log.items.map((a) => [a.action, a.actor.kind])).toEqual([
      ["election.residence_verified", "staff"],
      ["election.residence_declared", "citizen"],
    ]);
    expect(log.items[0]?.data).toEqual({ declarationId: declared.id, neighbourhoodId: hoodA, added: 1 });

    // Only keyed hashes are stored: neither the national id nor the mobile appears.
    const stored = await scanAll({
      FilterExpression: "begins_with(pk, :d) OR begins_with(pk, :r)",
      ExpressionAttributeValues: { ":d": `RESDECL#${e.id}#`, ":r": `ROLL#${e.id}#` },
    });
    expect(stored).toHaveLength(2);
    const text = JSON.stringify(stored);
    expect(text).not.toContain(voter.nationalId);
    expect(text).not.toContain(voter.mobile.slice(1));

    // On voting day the verified resident votes online like anyone imported.
    clock.set(onVotingDay("09:00"));
    const receipt = await castOnline(voter.actor, e.id, {
      nationalId: voter.nationalId,
      choices: [candidates[hoodA]?.[0]],
    });
    expect(receipt).toMatchObject({ electionId: e.id, neighbourhoodId: hoodA });
  }, 60_000);

  it("a rejection carries its reason to the citizen, who may declare again; one open declaration at a time", async () => {
    const e = await election();
    const voter = await resident();
    const first = await declare(voter, e.id);
    expect(await errorCode(declare(voter, e.id))).toBe("election.declaration_exists");
    expect(await errorCode(declare(voter, e.id, hoodB))).toBe("election.declaration_exists");
    expect(await errorCode(decideResidence(admin, e.id, first.id, { decision: "reject" }))).toBe(
      "input.invalid",
    );
    const rejected = await decideResidence(admin, e.id, first.id, reject("نام روی قبض با نمایه یکی نیست."));
    expect(rejected).toMatchObject({ status: "rejected", reason: "نام روی قبض با نمایه یکی نیست." });
    expect(await myResidence(voter.actor, e.id)).toMatchObject({
      declaration: { status: "rejected", reason: "نام روی قبض با نمایه یکی نیست." },
      onRoll: false,
    });
    expect(await errorCode(decideResidence(admin, e.id, first.id, verify))).toBe(
      "election.declaration_decided",
    );
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 0, [hoodB]: 0 });

    // Declared again with another proof (and another neighbourhood): pending again, no old reason.
    clock.advance(60_000);
    const second = await declare(voter, e.id, hoodB);
    expect(second).toEqual({
      id: first.id,
      electionId: e.id,
      neighbourhoodId: hoodB,
      status: "pending",
      declaredAt: new Date(clock.now()).toISOString(),
    });
    expect((await listResidenceDeclarations(admin, e.id, { status: "rejected" })).items).toEqual([]);
    await decideResidence(admin, e.id, second.id, verify);
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 0, [hoodB]: 1 });
    // Now on the roll: nothing more to declare.
    expect(await errorCode(declare(voter, e.id))).toBe("election.already_on_roll");
    const actions = (await listElectionAudit(admin, e.id, { log: "roll" })).items.map((a) => a.action);
    expect(actions).toEqual([
      "election.residence_verified",
      "election.residence_declared",
      "election.residence_rejected",
      "election.residence_declared",
    ]);
  }, 60_000);

  it("one declaration of concurrent ones is stored, and concurrent verifications count the voter once", async () => {
    const e = await election();
    const voter = await resident();
    const proofs = await Promise.all(Array.from({ length: 5 }, () => readyUpload(voter.actor, "document")));
    const outcomes = await Promise.allSettled(
      proofs.map((proofUploadId) =>
        declareResidence(voter.actor, e.id, { neighbourhoodId: hoodA, proofUploadId }),
      ),
    );
    const stored = outcomes.filter((o) => o.status === "fulfilled");
    expect(stored).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === "rejected")
        expect((o.reason as { code: string }).code).toBe("election.declaration_exists");
    }
    const { id } = (await listResidenceDeclarations(admin, e.id)).items[0] ?? { id: "" };
    const decisions = await Promise.allSettled(
      Array.from({ length: 5 }, () => decideResidence(admin, e.id, id, verify)),
    );
    expect(decisions.filter((d) => d.status === "fulfilled")).toHaveLength(1);
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 1, [hoodB]: 0 });
    const log = await listElectionAudit(admin, e.id, { log: "roll" });
    expect(log.items.filter((a) => a.action === "election.residence_verified")).toHaveLength(1);
  }, 60_000);

  it("refuses people on the roll, and verifying keeps the import's rules: never twice, never in two neighbourhoods", async () => {
    const e = await election();
    const [listed, importedSame, importedOther] = await Promise.all([resident(), resident(), resident()]);
    await importRoll(admin, e.id, { csv: rollCsv([listed]) });
    expect(await errorCode(declare(listed, e.id))).toBe("election.already_on_roll");
    expect(await myResidence(listed.actor, e.id)).toEqual({ declaration: null, onRoll: true });

    const same = await declare(importedSame, e.id);
    const other = await declare(importedOther, e.id);
    // Imported after declaring: one into the declared neighbourhood, one into another.
    await importRoll(admin, e.id, {
      csv: rollCsv([importedSame, { ...importedOther, neighbourhoodId: hoodB }]),
    });
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 2, [hoodB]: 1 });
    // The same neighbourhood: harmless, as a re-import is — verified, counted once.
    expect(await decideResidence(admin, e.id, same.id, verify)).toMatchObject({ status: "verified" });
    // Another: refused as the import refuses it, the declaration left for a rejection.
    expect(await errorCode(decideResidence(admin, e.id, other.id, verify))).toBe(
      "election.other_neighbourhood",
    );
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 2, [hoodB]: 1 });
    expect((await listResidenceDeclarations(admin, e.id)).items.map((d) => d.id)).toEqual([other.id]);
    await decideResidence(admin, e.id, other.id, reject("در فهرست محلهٔ دیگری است."));
    const verifiedEntry = (await listElectionAudit(admin, e.id, { log: "roll" })).items.find(
      (a) => a.action === "election.residence_verified",
    );
    expect(verifiedEntry?.data).toEqual({ declarationId: same.id, neighbourhoodId: hoodA, added: 0 });

    // A neighbourhood the election does not hold, and a citizen without a national id on file.
    const outsider = await resident();
    expect(await errorCode(declare(outsider, e.id, hoodC))).toBe("election.neighbourhood_not_in_election");
    const noProfile = await newVoter(hoodA);
    expect(await errorCode(declare(noProfile, e.id))).toBe("election.profile_required");
    expect(await myResidence(noProfile.actor, e.id)).toEqual({ declaration: null, onRoll: false });
    // Someone else's upload is no proof.
    expect(
      await errorCode(
        declareResidence(outsider.actor, e.id, {
          neighbourhoodId: hoodA,
          proofUploadId: await readyUpload(noProfile.actor, "document"),
        }),
      ),
    ).toMatch(/^upload\./);
    expect(await errorCode(decideResidence(admin, e.id, "0".repeat(32), verify))).toBe(
      "election.residence_declaration.not_found",
    );
  }, 60_000);

  it("declarations are taken during registration; decisions until voting opens", async () => {
    const e = await election();
    const [early, late, waiting] = await Promise.all([resident(), resident(), resident()]);
    clock.set(Date.parse("2031-03-01T04:00:00Z"));
    expect(await errorCode(declare(early, e.id))).toBe("election.declarations_not_open");
    clock.set(DURING_REGISTRATION);
    const pending = await declare(waiting, e.id);
    clock.set(AFTER_REGISTRATION);
    expect(await errorCode(declare(late, e.id))).toBe("election.declarations_closed");
    // Between registration and voting, administrators still verify.
    await decideResidence(admin, e.id, pending.id, verify);
    const leftOver = await (async () => {
      clock.set(DURING_REGISTRATION);
      return declare(late, e.id);
    })();
    clock.set(onVotingDay("08:00"));
    expect(await errorCode(decideResidence(admin, e.id, leftOver.id, verify))).toBe("election.roll_locked");
    expect(await errorCode(declare(early, e.id))).toBe("election.declarations_closed");
    expect(await eligibleVoters(e.id)).toEqual({ [hoodA]: 1, [hoodB]: 0 });
    expect(await myResidence(late.actor, e.id)).toMatchObject({
      declaration: { status: "pending" },
      onRoll: false,
    });
  }, 60_000);

  it("citizens declare, administrators decide, observers read", async () => {
    const e = await election();
    const voter = await resident();
    const declared = await declare(voter, e.id);
    const citizen: Actor = voter.actor;
    const anonymous: Actor = { kind: "anonymous" };
    expect(await errorCode(decideResidence(citizen, e.id, declared.id, verify))).toBe("auth.forbidden");
    expect(await errorCode(decideResidence(observer, e.id, declared.id, verify))).toBe("auth.forbidden");
    expect(await errorCode(decideResidence(anonymous, e.id, declared.id, verify))).toBe("auth.required");
    expect(await errorCode(listResidenceDeclarations(citizen, e.id))).toBe("auth.forbidden");
    expect(
      await errorCode(declareResidence(admin, e.id, { neighbourhoodId: hoodA, proofUploadId: "x" })),
    ).toBe("auth.forbidden");
    expect(await errorCode(myResidence(observer, e.id))).toBe("auth.forbidden");
    expect(await errorCode(listResidenceDeclarations(admin, e.id, { after: "not-a-cursor" }))).toBe(
      "input.invalid",
    );
    expect(await errorCode(listResidenceDeclarations(admin, e.id, { status: "unknown" }))).toBe(
      "input.invalid",
    );
    expect((await listResidenceDeclarations(observer, e.id)).items.map((d) => d.status)).toEqual(["pending"]);
  }, 60_000);

  it("pages through pending declarations, oldest first", async () => {
    const e = await election();
    const people = await Promise.all(Array.from({ length: 5 }, () => resident()));
    const ids: string[] = [];
    for (const p of people) {
      clock.advance(1000);
      ids.push((await declare(p, e.id)).id);
    }
    const seen: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listResidenceDeclarations(admin, e.id, { limit: 2, ...(after ? { after } : {}) });
      sizes.push(page.items.length);
      seen.push(...page.items.map((d) => d.id));
      after = page.next;
    } while (after);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(ids);
  }, 60_000);
});
