/**
 * The roll's second source, beside the import: a citizen whose national id is not on the roll
 * declares residence in one of the election's neighbourhoods with a proof upload, during the
 * registration window; an administrator looks at the proof (a short-lived signed link) and
 * verifies — the voter joins that neighbourhood's roll with the import's own conditional writes
 * and counter, in one transaction with the decision and its audit entry — or rejects with a
 * reason, after which the citizen may declare again with another proof.
 *
 * Every step writes its entry to the election's roll log, where the imported chunks are too:
 * observers see each way a person got onto the roll.
 */
import type { Actor } from "../actor";
import { auditItem } from "../audit";
import { presignRead, requireReadyUpload } from "../blob";
import { DomainError, errors, parseInput } from "../error";
import { now } from "../identity/clock";
import { getUser } from "../identity/store";
import { electionErrors, loadElection } from "./commands";
import {
  decideResidenceInput,
  declareResidenceInput,
  type MyResidenceView,
  type ResidenceDeclarationView,
  type ResidenceReviewPage,
  residencePageInput,
} from "./commands-model";
import { authorize } from "./permissions";
import { declarationRefusal } from "./rules";
import * as store from "./store";

export const residenceErrors = {
  profileRequired: () =>
    new DomainError(
      "election.profile_required",
      "conflict",
      "برای اعلام سکونت، نخست نمایهٔ خود را با کد ملی کامل کنید.",
    ),
  alreadyOnRoll: () =>
    new DomainError(
      "election.already_on_roll",
      "conflict",
      "کد ملی شما در فهرست رأی‌دهندگان این انتخابات هست؛ اعلام سکونت لازم نیست.",
    ),
  declarationExists: () =>
    new DomainError(
      "election.declaration_exists",
      "conflict",
      "شما پیش‌تر در این انتخابات سکونت خود را اعلام کرده‌اید و هنوز رد نشده است.",
    ),
  declarationDecided: () =>
    new DomainError("election.declaration_decided", "conflict", "این اعلام سکونت پیش‌تر بررسی شده است."),
  /** The import's `other_neighbourhood`: one person is on one neighbourhood's roll only. */
  otherNeighbourhood: () =>
    new DomainError(
      "election.other_neighbourhood",
      "conflict",
      "این کد ملی در فهرست رأی‌دهندگان محلهٔ دیگری از همین انتخابات است و در دو محله ثبت نمی‌شود.",
    ),
};

const iso = (ms: number) => new Date(ms).toISOString();
const rollLog = (electionId: string) => ({ type: store.auditLogs.roll, id: electionId });
const declarationIdPattern = /^[0-9a-f]{32}$/;

function toView(d: store.ResidenceDeclarationItem): ResidenceDeclarationView {
  return {
    id: d.id,
    electionId: d.electionId,
    neighbourhoodId: d.neighbourhoodId,
    status: d.status,
    ...(d.reason ? { reason: d.reason } : {}),
    declaredAt: d.declaredAt,
    ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
  };
}

/** The signed-in citizen and their profile's national id (as the roll's keyed hash). */
async function declarant(actor: Actor) {
  if (actor.kind !== "citizen") throw errors.forbidden();
  const user = await getUser(actor.userId);
  if (user?.kind !== "citizen") throw errors.forbidden();
  return user;
}

/**
 * A citizen not on the roll declares residence in one of the election's neighbourhoods, with a
 * finalised `document` upload as proof. The national id is the profile's (one account per
 * national id, so nobody declares for another's), the mobile the signed-in one — the identity
 * check at voting compares with it. One declaration per national id per election, unless the
 * previous one was rejected.
 */
export async function declareResidence(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<ResidenceDeclarationView> {
  authorize(actor, "residence.declare");
  const data = parseInput(declareResidenceInput, input);
  const election = await loadElection(electionId);
  const t = now();
  const refusal = declarationRefusal(election, new Date(t));
  if (refusal) throw new DomainError(`election.${refusal.code}`, "conflict", refusal.messageFa);
  if (!election.neighbourhoods.includes(data.neighbourhoodId)) throw electionErrors.notInElection();
  const user = await declarant(actor);
  if (!user.profile || !user.nationalIdHash) throw residenceErrors.profileRequired();
  const nidHash = user.nationalIdHash;
  const id = store.residenceDeclarationId(electionId, nidHash);
  const [entry, existing] = await Promise.all([
    store.getRollEntry(electionId, nidHash),
    store.getResidenceDeclaration(electionId, id),
  ]);
  if (entry) throw residenceErrors.alreadyOnRoll();
  if (existing && existing.status !== "rejected") throw residenceErrors.declarationExists();
  const proof = await requireReadyUpload(actor, data.proofUploadId, "document");
  const declaration: store.ResidenceDeclarationItem = {
    id,
    electionId,
    nidHash,
    mobileHash: user.mobileHash,
    userId: user.id,
    neighbourhoodId: data.neighbourhoodId,
    name: `${user.profile.firstName} ${user.profile.lastName}`,
    nationalIdLast3: user.profile.nationalIdLast3,
    proof: { uploadId: proof.id, objectKey: proof.objectKey },
    status: "pending",
    declaredAt: iso(t),
  };
  try {
    await store.transact([
      store.putResidenceDeclarationItem(declaration),
      auditItem({
        actor,
        action: "election.residence_declared",
        subject: rollLog(electionId),
        data: { declarationId: id, neighbourhoodId: data.neighbourhoodId },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    // A concurrent declaration by the same person got there first.
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed")
      throw residenceErrors.declarationExists();
    throw e;
  }
  return toView(declaration);
}

/** The citizen's declaration in this election (or null), and whether they are on its roll. */
export async function myResidence(actor: Actor, electionId: string): Promise<MyResidenceView> {
  authorize(actor, "residence.declare");
  await loadElection(electionId);
  const nidHash = (await declarant(actor)).nationalIdHash;
  if (!nidHash) return { declaration: null, onRoll: false };
  const [entry, declaration] = await Promise.all([
    store.getRollEntry(electionId, nidHash),
    store.getResidenceDeclaration(electionId, store.residenceDeclarationId(electionId, nidHash)),
  ]);
  return { declaration: declaration ? toView(declaration) : null, onRoll: entry !== undefined };
}

/**
 * A page of the election's declarations in one status (pending by default), oldest first, for
 * administrators and observers — with the declared name, the national id's last three digits and
 * a short-lived signed link to the proof, which must not outlive the page that shows it.
 */
export async function listResidenceDeclarations(
  actor: Actor,
  electionId: string,
  page: unknown = {},
): Promise<ResidenceReviewPage> {
  authorize(actor, "residence.read");
  const { status, after, limit } = parseInput(residencePageInput, page);
  await loadElection(electionId);
  const items = await store.residenceDeclarationsPage(electionId, status, limit, after);
  const last = items.at(-1);
  return {
    items: await Promise.all(
      items.map(async (d) => {
        const proof = await presignRead(d.proof.objectKey, { downloadName: `residence-${d.id}` });
        return { ...toView(d), name: d.name, nationalIdLast3: d.nationalIdLast3, proof };
      }),
    ),
    ...(last && items.length === limit ? { next: store.residenceCursorOf(last) } : {}),
  };
}

/**
 * Verify or reject (with a reason) a pending declaration, until voting opens (when the roll
 * locks, as for the import). Verifying puts the voter on the declared neighbourhood's roll with
 * the import's writes — the roll entry (`attribute_not_exists`) and the eligible counter — in the
 * decision's own transaction. Someone imported meanwhile is, as in the import, harmless in the
 * same neighbourhood (verified, counted once) and refused in another (`election.other_neighbourhood`;
 * the declaration stays pending for a rejection with that reason).
 */
export async function decideResidence(
  actor: Actor,
  electionId: string,
  declarationId: string,
  input: unknown,
): Promise<ResidenceDeclarationView> {
  authorize(actor, "residence.decide");
  const decision = parseInput(decideResidenceInput, input);
  const election = await loadElection(electionId);
  const t = now();
  if (t >= Date.parse(election.voting.opensAt)) throw electionErrors.rollLocked();
  const declaration = declarationIdPattern.test(declarationId)
    ? await store.getResidenceDeclaration(electionId, declarationId)
    : undefined;
  if (!declaration) throw errors.notFound("election.residence_declaration");
  if (declaration.status !== "pending") throw residenceErrors.declarationDecided();
  const at = iso(t);
  const { neighbourhoodId } = declaration;
  const decided = async (items: Parameters<typeof store.transact>[0]) => {
    try {
      await store.transact(items);
    } catch (e) {
      if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed")
        throw residenceErrors.declarationDecided();
      throw e;
    }
  };
  const audit = (action: string, extra: Record<string, number> = {}) =>
    auditItem({
      actor,
      action,
      subject: rollLog(electionId),
      data: { declarationId, neighbourhoodId, ...extra },
      at: new Date(t),
    });

  if (decision.decision === "reject") {
    await decided([
      store.decideResidenceDeclarationItem(declaration, "rejected", at, decision.reason),
      audit("election.residence_rejected"),
    ]);
    return toView({ ...declaration, status: "rejected", reason: decision.reason, decidedAt: at });
  }
  try {
    await decided([
      store.decideResidenceDeclarationItem(declaration, "verified", at),
      store.putRollEntryItem(electionId, declaration.nidHash, {
        neighbourhoodId,
        mobileHash: declaration.mobileHash,
      }),
      store.addEligibleItem(electionId, neighbourhoodId, 1),
      audit("election.residence_verified", { added: 1 }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[1] !== "ConditionalCheckFailed") throw e;
    // On the roll already (imported after the declaration).
    const entry = await store.getRollEntry(electionId, declaration.nidHash);
    if (entry?.neighbourhoodId !== neighbourhoodId) throw residenceErrors.otherNeighbourhood();
    await decided([
      store.decideResidenceDeclarationItem(declaration, "verified", at),
      audit("election.residence_verified", { added: 0 }),
    ]);
  }
  return toView({ ...declaration, status: "verified", decidedAt: at });
}
