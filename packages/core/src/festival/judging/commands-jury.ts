/**
 * Panels and jurors: assigning works to a panel (assignReviews, conflicts from the jurors' declared
 * home district/neighbourhood and declared conflicts), a juror's next unscored work, the blind
 * view of an assigned work with short-lived file URLs, and scoring with the round's rubric.
 */
import { z } from "zod";
import type { Actor } from "../../actor";
import { auditItem } from "../../audit";
import { presignRead } from "../../blob";
import { errors, parseInput } from "../../error";
import { districtIdSchema, neighbourhoodIdSchema } from "../../geo/model";
import { type AssignableWork, assignReviews, isConflicted, type PanelMember } from "./assignment";
import { transitionCtx } from "./commands-rounds";
import {
  at,
  type BlindEntry,
  blindEntry,
  type Clock,
  failedAt,
  isUlid,
  judgingCommandErrors,
  loadRound,
  roundRefusal,
} from "./commands-shared";
import { authorizeJudging } from "./permissions";
import { getTally } from "./ranking-store";
import { applyWorkEvent, assertScoresEditable } from "./rounds";
import { type Rubric, weightedScore } from "./scoring";
import * as store from "./store";

/** Signed file URLs handed to jurors live this long. */
export const JUROR_URL_SECONDS = 300;

const ulidSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: "شناسه درست نیست." });

export const assignPanelInput = z.object({
  panel: z
    .array(
      z.object({
        staffId: ulidSchema,
        /** The juror's declared home district and neighbourhood, for the round's conflict rule. */
        district: districtIdSchema.optional(),
        neighbourhood: neighbourhoodIdSchema.optional(),
        /** Entries the juror declared a conflict on (their own, a relative's, an organisation's …). */
        conflicts: z.array(ulidSchema).max(1000).default([]),
        capacity: z.number().int().min(1).optional(),
      }),
    )
    .min(1, { error: "دست‌کم یک داور لازم است." })
    .max(500),
  reviewsPerWork: z.number().int().min(1).max(20).optional(),
  /** Conflicts the secretariat records on a juror's behalf. */
  conflicts: z
    .array(z.object({ staffId: ulidSchema, entryId: ulidSchema }))
    .max(5000)
    .default([]),
});
export type AssignPanelInput = z.input<typeof assignPanelInput>;

/**
 * Assigns the round's pending works to the panel: each gets reviewsPerWork distinct, non-
 * conflicted jurors, loads even. Reads the pending works page by page (keys and place only),
 * runs assignReviews once, then writes per work: the work → assigned, and per juror the
 * assignment and its pending marker (one transaction per work, with audit). Works already
 * assigned are not touched, so running it again only assigns works that arrived since.
 */
export async function assignPanel(
  actor: Actor,
  programmeId: string,
  roundId: string,
  input: unknown,
  clock: Clock = {},
): Promise<{ assigned: number; shortfalls: { entryId: string; assigned: number; needed: number }[] }> {
  const data = parseInput(assignPanelInput, input);
  const ctx = await loadRound(programmeId, roundId);
  authorizeJudging(actor, "round.assign", { programmeId: ctx.programme.id, round: ctx.round });
  assertScoresEditable(ctx.status);
  const pid = ctx.programme.id;

  const works: (AssignableWork & { version: number })[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.listWorks(pid, roundId, {
      state: "pending",
      limit: 1000,
      startKey,
      projection: ["entryId", "district", "neighbourhood", "version"],
    });
    for (const w of page.items)
      works.push({ id: w.entryId, district: w.district, neighbourhood: w.neighbourhood, version: w.version });
    startKey = page.nextKey;
  } while (startKey);

  const panel: PanelMember[] = data.panel.map((p) => ({
    id: p.staffId,
    ...(p.district ? { district: p.district } : {}),
    ...(p.neighbourhood ? { neighbourhood: p.neighbourhood } : {}),
    ...(p.capacity ? { capacity: p.capacity } : {}),
  }));
  const declared = [
    ...data.panel.flatMap((p) => p.conflicts.map((workId) => ({ jurorId: p.staffId, workId }))),
    ...data.conflicts.map((c) => ({ jurorId: c.staffId, workId: c.entryId })),
  ];
  const result = assignReviews({
    works,
    panel,
    reviewsPerWork: data.reviewsPerWork ?? ctx.round.reviewsPerWork,
    conflicts: ctx.round.conflicts,
    declaredConflicts: declared,
    seed: ctx.state?.seed ?? pid,
  });

  const now = at(clock).toISOString();
  // The seats record what the conflict rule was checked against, for the read-time re-check.
  for (const p of data.panel) {
    const conflicts = declared.filter((d) => d.jurorId === p.staffId).map((d) => d.workId);
    await store.transact([
      store.putPanelSeatItem(pid, roundId, {
        jurorId: p.staffId,
        ...(p.district ? { district: p.district } : {}),
        ...(p.neighbourhood ? { neighbourhood: p.neighbourhood } : {}),
        conflicts,
      }),
    ]);
  }
  let assigned = 0;
  const byId = new Map(works.map((w) => [w.id, w]));
  for (const a of result.assignments) {
    if (a.jurorIds.length === 0) continue;
    const w = byId.get(a.workId) as AssignableWork & { version: number };
    const work = await store.getWork(w.id, roundId);
    if (work?.state !== "pending") continue;
    const state = applyWorkEvent(work.state, "assign", transitionCtx(ctx), ["manager"]);
    try {
      await store.transact([
        store.roundIsItem(pid, roundId, ["open"]),
        store.replaceWorkItem({ ...work, state, version: work.version + 1, updatedAt: now }, work.version),
        ...a.jurorIds.flatMap((jurorId) =>
          store.createAssignmentItems({ programmeId: pid, roundId, entryId: w.id, jurorId, assignedAt: now }),
        ),
        auditItem({
          actor,
          action: "judging.assigned",
          subject: { type: "entry", id: w.id },
          data: { programmeId: pid, roundId, jurors: a.jurorIds },
          at: new Date(now),
        }),
      ]);
      assigned++;
    } catch (e) {
      if (failedAt(e, 0)) throw await roundRefusal(pid, roundId);
      if (!store.cancellationCodes(e)) throw e;
    }
  }
  return {
    assigned,
    shortfalls: result.shortfalls.map((s) => ({ entryId: s.workId, assigned: s.assigned, needed: s.needed })),
  };
}

export interface JurorWork {
  assignmentId: string;
  roundId: string;
  entry: BlindEntry;
  /** Signed GET URLs of the entry's visible files, valid JUROR_URL_SECONDS. */
  files: { fieldId: string; contentType: string; url: string; thumbnailUrl?: string; expiresAt: string }[];
  /** The round's rubric (criteria with their weights and scales), for the scoring form. */
  rubric?: Rubric;
  /** The juror's own score so far, if any. */
  score?: { marks: Record<string, number>; score: number; comment?: string; version: number };
}

export const assignmentIdOf = (programmeId: string, roundId: string, entryId: string) =>
  `${programmeId}.${roundId}.${entryId}`;

function parseAssignmentId(id: string) {
  const [programmeId, roundId, entryId, ...rest] = id.split(".");
  if (!programmeId || !roundId || !entryId || rest.length > 0 || !isUlid(programmeId) || !isUlid(entryId))
    throw judgingCommandErrors.workNotFound();
  return { programmeId, roundId, entryId };
}

/**
 * An assigned work as its juror sees it: blind (no submitter, organisation, child, place or
 * private field) with short-lived signed URLs of its visible files. Refused (forbidden) to anyone
 * not assigned — a conflicted juror is never assigned, and the seat's declared place and
 * conflicts are checked again here in case the assignment was made before a conflict was known.
 */
export async function getEntryForJuror(actor: Actor, assignmentId: string): Promise<JurorWork> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "staff") throw errors.forbidden();
  const { programmeId, roundId, entryId } = parseAssignmentId(assignmentId);
  const ctx = await loadRound(programmeId, roundId);
  const work = await store.getWork(entryId, roundId);
  if (!work) throw judgingCommandErrors.workNotFound();
  authorizeJudging(actor, "round.score", { programmeId, district: work.district, round: ctx.round });
  const [assignment, seat] = await Promise.all([
    store.getAssignment(programmeId, roundId, actor.userId, entryId),
    store.getPanelSeat(programmeId, roundId, actor.userId),
  ]);
  if (!assignment) throw errors.forbidden("not assigned");
  if (
    seat &&
    isConflicted(
      {
        id: actor.userId,
        ...(seat.district ? { district: seat.district } : {}),
        ...(seat.neighbourhood ? { neighbourhood: seat.neighbourhood } : {}),
      },
      { id: entryId, district: work.district, neighbourhood: work.neighbourhood },
      ctx.round.conflicts,
      seat.conflicts.map((workId) => ({ jurorId: actor.userId, workId })),
    )
  )
    throw errors.forbidden("conflicted");
  const entry = (await store.getEntries([entryId])).get(entryId);
  if (!entry) throw judgingCommandErrors.workNotFound();
  const blind = blindEntry(ctx.programme, entry);
  const files = await Promise.all(
    blind.files.map(async (f) => {
      const signed = await presignRead(f.objectKey, { expiresInSeconds: JUROR_URL_SECONDS });
      const thumb = f.thumbnailKey
        ? await presignRead(f.thumbnailKey, { expiresInSeconds: JUROR_URL_SECONDS })
        : undefined;
      return {
        fieldId: f.fieldId,
        contentType: f.contentType,
        url: signed.url,
        ...(thumb ? { thumbnailUrl: thumb.url } : {}),
        expiresAt: signed.expiresAt,
      };
    }),
  );
  const score = await store.getScore(entryId, roundId, actor.userId);
  // Object keys are storage paths that carry the uploader's id: jurors get URLs, not keys.
  const { files: _keys, ...rest } = blind;
  return {
    assignmentId,
    roundId,
    entry: { ...rest, files: [] },
    files,
    ...(ctx.round.rubric ? { rubric: ctx.round.rubric } : {}),
    ...(score
      ? {
          score: {
            marks: score.marks,
            score: score.score,
            ...(score.comment ? { comment: score.comment } : {}),
            version: score.version,
          },
        }
      : {}),
  };
}

/**
 * The juror's next unscored work in the round, or null when all are done: one consistent Query
 * (Limit 1) on the juror's partition for the first pending marker.
 */
export async function nextWork(
  actor: Actor,
  programmeId: string,
  roundId: string,
): Promise<JurorWork | null> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "staff") throw errors.forbidden();
  const ctx = await loadRound(programmeId, roundId);
  authorizeJudging(actor, "round.score", { programmeId: ctx.programme.id, round: ctx.round });
  const entryId = await store.firstPending(ctx.programme.id, roundId, actor.userId);
  return entryId ? getEntryForJuror(actor, assignmentIdOf(ctx.programme.id, roundId, entryId)) : null;
}

const scoreInput = z.object({
  marks: z.record(z.string().max(40), z.number()),
  comment: z.string().trim().max(4000).optional(),
});

/**
 * The juror's score of an assigned work with the round's rubric (weightedScore). Changeable while
 * the round is open; the transaction holds a ConditionCheck on the round's status, so a score
 * racing lockRound either committed before the lock or is refused with judging.round_locked.
 */
export async function submitScore(
  actor: Actor,
  assignmentId: string,
  input: unknown,
  clock: Clock = {},
): Promise<store.Score> {
  const data = parseInput(scoreInput, input);
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (actor.kind !== "staff") throw errors.forbidden();
  const { programmeId, roundId, entryId } = parseAssignmentId(assignmentId);
  const ctx = await loadRound(programmeId, roundId);
  if (ctx.round.kind !== "scoring" || !ctx.round.rubric)
    throw judgingCommandErrors.wrongRoundKind(ctx.round.kind);
  const work = await store.getWork(entryId, roundId);
  if (!work) throw judgingCommandErrors.workNotFound();
  authorizeJudging(actor, "round.score", { programmeId, district: work.district, round: ctx.round });
  assertScoresEditable(ctx.status);
  const assignment = await store.getAssignment(programmeId, roundId, actor.userId, entryId);
  if (!assignment) throw errors.forbidden("not assigned");
  const score = weightedScore(ctx.round.rubric, data.marks);
  const previous = await store.getScore(entryId, roundId, actor.userId);
  const now = at(clock).toISOString();
  const next: store.Score = {
    programmeId,
    roundId,
    entryId,
    jurorId: actor.userId,
    marks: data.marks,
    score,
    ...(data.comment ? { comment: data.comment } : {}),
    version: (previous?.version ?? 0) + 1,
    at: now,
  };
  // The work's ranking tally is replaced on the version read: when another juror's score of the
  // same work lands in between, the tally is read again and the transaction retried.
  for (let attempt = 1; ; attempt++) {
    const tally = await getTally(programmeId, roundId, entryId);
    try {
      await store.transact([
        store.roundIsItem(programmeId, roundId, ["open"]),
        ...store.scoreItems(next, previous?.version, { work, previous: tally }),
        auditItem({
          actor,
          action: "judging.scored",
          subject: { type: "entry", id: entryId },
          data: { programmeId, roundId, score, version: next.version },
          at: new Date(now),
        }),
      ]);
      return next;
    } catch (e) {
      if (failedAt(e, 0)) throw await roundRefusal(programmeId, roundId);
      if (failedAt(e, 1 + store.SCORE_TALLY_AT) && attempt < 10) continue;
      if (store.cancellationCodes(e)) throw judgingCommandErrors.busy();
      throw e;
    }
  }
}
