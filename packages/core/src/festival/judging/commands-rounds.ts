/**
 * Rounds and the screening/review flow: the round lifecycle, intake into round 1, the
 * secretariat's queues, yes/no/maybe votes, selection within quota, forwarding and returning,
 * and the district progress dashboard. Every command authorises through permissions.ts (the
 * round model's roles), writes its audit entry in the same transaction, and guards the round's
 * status with a ConditionCheck on the round item.
 */
import { z } from "zod";
import type { Actor } from "../../actor";
import { hasRole } from "../../actor";
import { auditItem, type TransactItem } from "../../audit";
import { randomToken } from "../../crypto";
import { table as tableName } from "../../db";
import { errors, parseInput } from "../../error";
import { districtIds } from "../../geo/city";
import type { Entry, Programme } from "../model";
import { listAllProgrammes } from "../store";
import {
  at,
  type BlindEntry,
  blindEntry,
  type Clock,
  failedAt,
  isUlid,
  judgingCommandErrors,
  liveStatuses,
  loadRound,
  notifySubmitter,
  programmeOrFail,
  type RoundContext,
  roundRefusal,
  smsTexts,
  statusOnEntering,
} from "./commands-shared";
import { judgingErrors } from "./errors";
import { authorizeJudging } from "./permissions";
import { districtQuota, type ProgressFlag, progressShortcomings } from "./progress";
import { hasRoomInQuota, quotaKey } from "./quotas";
import {
  applyWorkEvent,
  assertScoresEditable,
  changeRoundStatus,
  type JudgingRound,
  type RoundStatus,
  roundRolesOf,
  type WorkEvent,
  type WorkState,
  workStates,
} from "./rounds";
import { type ShortlistVote, shortlistVotes } from "./scoring";
import * as store from "./store";

// ── cursors ──────────────────────────────────────────────────────────────────────────────────

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as T;
  } catch {
    throw errors.invalid([{ path: "cursor", message: "نشانگر صفحه درست نیست." }]);
  }
}

const subjectOf = (programmeId: string, roundId: string) => ({
  type: "judging-round",
  id: `${programmeId}.${roundId}`,
});

// ── round lifecycle ──────────────────────────────────────────────────────────────────────────

async function stepRound(
  actor: Actor,
  programmeId: string,
  roundId: string,
  to: RoundStatus,
  clock: Clock,
  extraItems: TransactItem[] = [],
): Promise<store.RoundState> {
  const ctx = await loadRound(programmeId, roundId);
  changeRoundStatus(actor, ctx.status, to);
  const now = at(clock).toISOString();
  const next: store.RoundState = {
    programmeId: ctx.programme.id,
    roundId,
    status: to,
    version: (ctx.state?.version ?? 0) + 1,
    seed: ctx.state?.seed ?? randomToken(16),
    ...(ctx.state?.openedAt ? { openedAt: ctx.state.openedAt } : {}),
    ...(ctx.state?.lockedAt ? { lockedAt: ctx.state.lockedAt } : {}),
    ...(to === "open" ? { openedAt: now } : to === "locked" ? { lockedAt: now } : { publishedAt: now }),
  };
  try {
    await store.transact([
      store.putRoundStateItem(next, ctx.status, ctx.state?.version ?? 0),
      ...extraItems,
      auditItem({
        actor,
        action: `judging.round_${to === "open" ? "opened" : to}`,
        subject: subjectOf(ctx.programme.id, roundId),
        data: { programmeId: ctx.programme.id, roundId },
        at: new Date(now),
      }),
    ]);
  } catch (e) {
    if (failedAt(e, 0)) throw judgingCommandErrors.busy();
    throw e;
  }
  return next;
}

/** Opens a round (draft → open): votes, scores and decisions are taken from now on. */
export const openRound = (actor: Actor, programmeId: string, roundId: string, clock: Clock = {}) =>
  stepRound(actor, programmeId, roundId, "open", clock);

/**
 * Locks a round (open → locked): its votes and scores are final from the moment this commits;
 * a score transaction racing it either committed before or is refused (its ConditionCheck).
 */
export const lockRound = (actor: Actor, programmeId: string, roundId: string, clock: Clock = {}) =>
  stepRound(actor, programmeId, roundId, "locked", clock);

/** Work states that leave a work in the running (or, once returned, in the previous round's hands). */
const stillInTheRunning: WorkState[] = ["selected", "forwarded", "returned"];

/**
 * Settles a locked round for its entrants: every work that did not go on (not selected, not
 * forwarded) gets its entry marked `not_selected`, so the submitter sees the outcome. The last
 * round is settled once its winners are decided (theirs are winner/honourable_mention already).
 * A page of the round's works at a time (cursor; null when done); each entry changes only from
 * the status its round gave it, so running it again, or over a work that moved on, changes nothing.
 * Central secretariat.
 */
export async function settleRound(
  actor: Actor,
  programmeId: string,
  roundId: string,
  input: unknown = {},
  clock: Clock = {},
): Promise<{ marked: number; cursor: string | null }> {
  authorizeJudging(actor, "judging.settle");
  const { cursor, limit } = parseInput(startInput, input);
  const ctx = await loadRound(programmeId, roundId);
  if (ctx.status !== "locked" && ctx.status !== "published") throw judgingCommandErrors.roundNotLocked();
  const pid = ctx.programme.id;
  if (!ctx.next && !(await store.getDecision(pid, roundId))) throw judgingCommandErrors.notDecided();
  const now = at(clock);
  const page = await store.listWorks(pid, roundId, {
    limit,
    startKey: decodeCursor(cursor),
    projection: ["entryId", "state"],
  });
  const from: Entry["status"][] = [statusOnEntering(ctx.round.kind), "returned"];
  let marked = 0;
  for (const w of page.items) {
    if (stillInTheRunning.includes(w.state)) continue;
    try {
      await store.transact([
        store.entryStatusItem(w.entryId, from, "not_selected", now.toISOString()),
        auditItem({
          actor,
          action: "judging.not_selected",
          subject: { type: "entry", id: w.entryId },
          data: { programmeId: pid, roundId },
          at: now,
        }),
      ]);
      marked++;
    } catch (e) {
      // Already settled, decided otherwise, or moved on: nothing to do.
      if (!failedAt(e, 0)) throw e;
    }
  }
  return { marked, cursor: page.nextKey ? encodeCursor(page.nextKey) : null };
}

/**
 * Publishes a round (locked → published). The last round publishes the programme's results and
 * needs its winners decided first: use publishResults for it.
 */
export async function publishRound(actor: Actor, programmeId: string, roundId: string, clock: Clock = {}) {
  const ctx = await loadRound(programmeId, roundId);
  if (!ctx.next) return publishFinal(actor, ctx, clock);
  return stepRound(actor, programmeId, roundId, "published", clock);
}

/** Publishing the last round: its decision must exist (checked again inside the transaction). */
export async function publishFinal(actor: Actor, ctx: RoundContext, clock: Clock) {
  const decision = await store.getDecision(ctx.programme.id, ctx.round.id);
  if (!decision) throw judgingCommandErrors.notDecided();
  return stepRound(actor, ctx.programme.id, ctx.round.id, "published", clock, [
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: store.keys.decision(ctx.programme.id, ctx.round.id),
        ConditionExpression: "attribute_exists(pk)",
      },
    },
  ]);
}

// ── intake ───────────────────────────────────────────────────────────────────────────────────

function workFrom(entry: Entry, round: JudgingRound, now: string): store.Work {
  return {
    entryId: entry.id,
    programmeId: entry.programmeId,
    roundId: round.id,
    // A district round's panel is the district's whole staff: every work is theirs at once.
    state: round.scope === "district" ? "assigned" : "pending",
    version: 1,
    district: entry.district,
    neighbourhood: entry.neighbourhood,
    ...(entry.categoryId ? { categoryId: entry.categoryId } : {}),
    ...(entry.child ? { ageGroup: entry.child.ageGroup } : {}),
    submittedAt: entry.submittedAt,
    votes: { yes: 0, maybe: 0, no: 0 },
    enteredAt: now,
    updatedAt: now,
  };
}

const startInput = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

/**
 * Moves submitted entries into round 1 once the submission window has closed: each entry in its
 * own transaction (entry status conditional on `submitted`, the work item, the district's
 * received counter, audit). Works through the 22 district queues a page at a time and stops
 * after about `limit` entries, answering a cursor to continue with (null when done). Safe to run
 * again: an entry already moved fails its condition and is skipped.
 */
export async function startJudging(
  actor: Actor,
  programmeId: string,
  input: unknown = {},
  clock: Clock = {},
): Promise<{ moved: number; cursor: string | null }> {
  authorizeJudging(actor, "judging.start");
  const { cursor, limit } = parseInput(startInput, input);
  const programme = await programmeOrFail(programmeId);
  const now = at(clock);
  if (now.toISOString() < programme.submissionClosesAt) throw judgingCommandErrors.windowStillOpen();
  const round = programme.rounds[0];
  if (!round) throw judgingCommandErrors.roundNotFound();

  let position = decodeCursor<{ d: number; k?: Record<string, unknown> }>(cursor) ?? { d: 0 };
  let moved = 0;
  let seen = 0;
  while (position.d < districtIds.length && seen < limit) {
    const district = districtIds[position.d] as string;
    const page = await store.listDistrictEntries(programme.id, district, Math.min(100, limit), position.k);
    for (const entry of page.items) {
      if (entry.status !== "submitted") continue;
      try {
        await store.transact([
          store.entryStatusItem(entry.id, ["submitted"], statusOnEntering(round.kind), now.toISOString()),
          store.createWorkItem(workFrom(entry, round, now.toISOString())),
          store.progressItem(programme.id, round.id, entry.district, { received: 1 }),
          auditItem({
            actor,
            action: "judging.entered_round",
            subject: { type: "entry", id: entry.id },
            data: { programmeId: programme.id, roundId: round.id },
            at: now,
          }),
        ]);
        moved++;
      } catch (e) {
        // Moved already (an earlier run, or withdrawn meanwhile): nothing to do.
        if (!failedAt(e, 0) && !failedAt(e, 1)) throw e;
      }
    }
    seen += page.items.length;
    position = page.nextKey ? { d: position.d, k: page.nextKey } : { d: position.d + 1 };
  }
  return { moved, cursor: position.d < districtIds.length ? encodeCursor(position) : null };
}

// ── queues ───────────────────────────────────────────────────────────────────────────────────

export interface QueueItem {
  entryId: string;
  state: WorkState;
  district: string;
  categoryId?: string;
  ageGroup?: string;
  votes: Record<ShortlistVote, number>;
  returnReason?: string;
  /** The entry as a panel sees it: no submitter, organisation, child or private fields. */
  entry: BlindEntry;
}

const queueInput = z.object({
  district: z.enum(districtIds).optional(),
  status: z.enum(workStates).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

/**
 * A page of a round's works, oldest first within a state: one district (gsi2) or all (gsi1),
 * optionally one state. A district secretariat names its district; the central secretariat may
 * leave it out. Entries are read for the page only (BatchGet) and shown blind.
 */
export async function listQueue(
  actor: Actor,
  programmeId: string,
  roundId: string,
  input: unknown = {},
): Promise<{ items: QueueItem[]; cursor: string | null }> {
  const { district, status, cursor, limit } = parseInput(queueInput, input);
  const ctx = await loadRound(programmeId, roundId);
  authorizeJudging(actor, "round.queue", {
    programmeId: ctx.programme.id,
    round: ctx.round,
    ...(district ? { district } : {}),
  });
  const page = await store.listWorks(ctx.programme.id, roundId, {
    district,
    state: status,
    limit,
    startKey: decodeCursor(cursor),
  });
  const entries = await store.getEntries(page.items.map((w) => w.entryId));
  return {
    items: page.items.flatMap((w) => {
      const entry = entries.get(w.entryId);
      if (!entry) return [];
      return [
        {
          entryId: w.entryId,
          state: w.state,
          district: w.district,
          ...(w.categoryId ? { categoryId: w.categoryId } : {}),
          ...(w.ageGroup ? { ageGroup: w.ageGroup } : {}),
          votes: w.votes,
          ...(w.returnReason ? { returnReason: w.returnReason } : {}),
          entry: blindEntry(ctx.programme, entry),
        },
      ];
    }),
    cursor: page.nextKey ? encodeCursor(page.nextKey) : null,
  };
}

// ── screening ────────────────────────────────────────────────────────────────────────────────

async function workContext(entryId: string, roundId: string) {
  const entry = isUlid(entryId) ? await store.getWork(entryId, roundId) : undefined;
  const programmeId = entry?.programmeId;
  if (!entry || !programmeId) throw judgingCommandErrors.workNotFound();
  return { work: entry, ctx: await loadRound(programmeId, roundId) };
}

const voteInput = z.object({
  vote: z.enum(shortlistVotes, { error: "رأی باید «بله»، «خیر» یا «شاید» باشد." }),
  note: z.string().trim().max(2000).optional(),
});

/**
 * A panel member's yes/no/maybe on a work in a screening round (replacing their own earlier
 * vote). In a programme-wide round only an assigned reviewer votes. When the work has as many
 * voters as the round's reviewsPerWork it becomes "reviewed" (counted as screened).
 */
export async function recordScreening(
  actor: Actor,
  entryId: string,
  roundId: string,
  input: unknown,
  clock: Clock = {},
): Promise<store.Work> {
  const data = parseInput(voteInput, input);
  const { work, ctx } = await workContext(entryId, roundId);
  const subject = { programmeId: ctx.programme.id, district: work.district, round: ctx.round };
  authorizeJudging(actor, "round.vote", subject);
  if (actor.kind !== "staff") throw errors.forbidden();
  if (ctx.round.kind !== "screening") throw judgingCommandErrors.wrongRoundKind(ctx.round.kind);
  assertScoresEditable(ctx.status);
  const assigned =
    ctx.round.scope === "programme"
      ? await store.getAssignment(ctx.programme.id, roundId, actor.userId, entryId)
      : undefined;
  if (ctx.round.scope === "programme" && !assigned) throw errors.forbidden("not assigned");
  if (!["assigned", "reviewed", "shortlisted"].includes(work.state))
    throw judgingErrors.transitionNotAllowed(work.state, "vote");

  const previous = await store.getVote(entryId, roundId, actor.userId);
  const now = at(clock).toISOString();
  const votes = { ...work.votes };
  if (previous) votes[previous.vote]--;
  votes[data.vote]++;
  const voters = votes.yes + votes.maybe + votes.no;
  let state = work.state;
  const completes = state === "assigned" && voters >= ctx.round.reviewsPerWork;
  if (completes)
    state = applyWorkEvent(
      state,
      "complete_reviews",
      transitionCtx(ctx),
      roundRolesOf(actor, ctx.round, subject),
    );
  const next: store.Work = { ...work, votes, state, version: work.version + 1, updatedAt: now };
  try {
    await store.transact([
      store.roundIsItem(ctx.programme.id, roundId, ["open"]),
      store.putVoteItem(
        {
          entryId,
          roundId,
          reviewerId: actor.userId,
          vote: data.vote,
          ...(data.note ? { note: data.note } : {}),
          at: now,
        },
        previous?.vote,
      ),
      store.replaceWorkItem(next, work.version),
      ...(completes ? [store.progressItem(ctx.programme.id, roundId, work.district, { screened: 1 })] : []),
      ...(assigned
        ? [
            {
              Delete: {
                TableName: tableName(),
                Key: store.keys.pending(ctx.programme.id, roundId, actor.userId, entryId),
              },
            },
          ]
        : []),
      auditItem({
        actor,
        action: "judging.screened",
        subject: { type: "entry", id: entryId },
        data: { programmeId: ctx.programme.id, roundId, vote: data.vote },
        at: new Date(now),
      }),
    ]);
  } catch (e) {
    if (failedAt(e, 0)) throw await roundRefusal(ctx.programme.id, roundId);
    if (failedAt(e, 1) || failedAt(e, 2)) throw judgingCommandErrors.busy();
    throw e;
  }
  return next;
}

export function transitionCtx(ctx: RoundContext, status: RoundStatus = ctx.status) {
  return { round: ctx.round, roundStatus: status, hasNextRound: ctx.next !== undefined };
}

// ── selection, forwarding, returning ─────────────────────────────────────────────────────────

export const selectionDecisions = ["shortlist", "select", "reject", "deselect"] as const;
const decisionInput = z.object({ decision: z.enum(selectionDecisions) });

/**
 * In a review round the managing secretariat checks works itself: a pending work is taken on and
 * reviewed by the manager on the way to the decision (both legal manager events).
 */
function eventsTo(state: WorkState, event: WorkEvent, round: JudgingRound): WorkEvent[] {
  const prefix: WorkEvent[] = [];
  if (round.kind === "review" && ["select", "shortlist", "reject", "forward"].includes(event)) {
    if (state === "pending") prefix.push("assign");
    if (state === "pending" || state === "assigned") prefix.push("complete_reviews");
    if (event === "forward" && state !== "selected") prefix.push("select");
  }
  return [...prefix, event];
}

function walk(
  from: WorkState,
  events: WorkEvent[],
  ctx: RoundContext,
  roles: ReturnType<typeof roundRolesOf>,
) {
  let state = from;
  for (const e of events) state = applyWorkEvent(state, e, transitionCtx(ctx), roles);
  return state;
}

/**
 * The round manager's decision on a reviewed work: shortlist, select (within the round's quota
 * per group — refused with judging.quota_exceeded when the group is full, enforced by a
 * conditional counter in the same transaction), reject, or deselect (frees the place).
 */
export async function decideSelection(
  actor: Actor,
  entryId: string,
  roundId: string,
  input: unknown,
  clock: Clock = {},
): Promise<store.Work> {
  const { decision } = parseInput(decisionInput, input);
  const { work, ctx } = await workContext(entryId, roundId);
  const subject = { programmeId: ctx.programme.id, district: work.district, round: ctx.round };
  authorizeJudging(actor, "round.decide", subject);
  if (ctx.round.kind === "scoring") throw judgingCommandErrors.wrongRoundKind(ctx.round.kind);
  const roles = roundRolesOf(actor, ctx.round, subject);
  const state = walk(work.state, eventsTo(work.state, decision, ctx.round), ctx, roles);
  const now = at(clock).toISOString();
  const rule = ctx.round.quota;
  const group = rule
    ? quotaKey(
        { id: entryId, district: work.district, category: work.categoryId, ageGroup: work.ageGroup },
        rule,
      )
    : undefined;
  if (decision === "select" && rule && group) {
    if (!hasRoomInQuota(await store.quotaUsed(ctx.programme.id, roundId, group), rule))
      throw judgingCommandErrors.quotaExceeded();
  }
  const next: store.Work = { ...work, state, version: work.version + 1, updatedAt: now };
  const screening = ctx.round.kind === "screening";
  const items: TransactItem[] = [
    store.roundIsItem(ctx.programme.id, roundId, ["open"]),
    store.replaceWorkItem(next, work.version),
  ];
  const quotaAt = items.length;
  if (rule && group && decision === "select")
    items.push(store.takeQuotaPlaceItem(ctx.programme.id, roundId, group, rule.perGroup));
  if (rule && group && decision === "deselect")
    items.push(store.freeQuotaPlaceItem(ctx.programme.id, roundId, group));
  const counted = {
    select: { selected: 1 },
    deselect: { selected: -1 },
    reject: { rejected: 1 },
    shortlist: {},
  }[decision];
  if (screening && Object.keys(counted).length > 0)
    items.push(store.progressItem(ctx.programme.id, roundId, work.district, counted));
  if (screening && decision !== "shortlist")
    items.push(
      store.entryStatusItem(
        entryId,
        decision === "deselect" ? ["selected"] : liveStatuses,
        decision === "select"
          ? "selected"
          : decision === "reject"
            ? "not_selected"
            : statusOnEntering(ctx.round.kind),
        now,
      ),
    );
  items.push(
    auditItem({
      actor,
      action: `judging.${decision === "select" ? "selected" : decision === "reject" ? "rejected" : decision === "shortlist" ? "shortlisted" : "deselected"}`,
      subject: { type: "entry", id: entryId },
      data: { programmeId: ctx.programme.id, roundId },
      at: new Date(now),
    }),
  );
  try {
    await store.transact(items);
  } catch (e) {
    if (failedAt(e, 0)) throw await roundRefusal(ctx.programme.id, roundId);
    if (decision === "select" && rule && failedAt(e, quotaAt)) throw judgingCommandErrors.quotaExceeded();
    if (store.cancellationCodes(e)) throw judgingCommandErrors.busy();
    throw e;
  }
  return next;
}

/**
 * Sends a selected work to the next round (district → central, central → jury): the work here
 * becomes "forwarded", the next round gets it (again, if it was returned before), the entry's
 * status follows, and the submitter gets an SMS. Allowed while the round is open or locked.
 */
export async function forwardEntry(
  actor: Actor,
  entryId: string,
  roundId: string,
  clock: Clock = {},
): Promise<store.Work> {
  const { work, ctx } = await workContext(entryId, roundId);
  const subject = { programmeId: ctx.programme.id, district: work.district, round: ctx.round };
  authorizeJudging(actor, "round.decide", subject);
  const roles = roundRolesOf(actor, ctx.round, subject);
  const state = walk(work.state, eventsTo(work.state, "forward", ctx.round), ctx, roles);
  const nextRound = ctx.next as JudgingRound;
  const now = at(clock).toISOString();
  const entry = (await store.getEntries([entryId])).get(entryId);
  if (!entry) throw judgingCommandErrors.workNotFound();
  const already = await store.getWork(entryId, nextRound.id);
  const arriving = {
    ...workFrom(entry, nextRound, now),
    ...(already ? { version: already.version + 1 } : {}),
  };
  const next: store.Work = { ...work, state, version: work.version + 1, updatedAt: now };
  try {
    await store.transact([
      store.roundIsItem(ctx.programme.id, roundId, ["open", "locked"]),
      store.replaceWorkItem(next, work.version),
      already ? store.replaceWorkItem(arriving, already.version) : store.createWorkItem(arriving),
      store.entryStatusItem(entryId, liveStatuses, statusOnEntering(nextRound.kind), now),
      auditItem({
        actor,
        action: "judging.forwarded",
        subject: { type: "entry", id: entryId },
        data: { programmeId: ctx.programme.id, roundId, to: nextRound.id },
        at: new Date(now),
      }),
    ]);
  } catch (e) {
    if (failedAt(e, 0)) throw await roundRefusal(ctx.programme.id, roundId);
    if (store.cancellationCodes(e)) throw judgingCommandErrors.busy();
    throw e;
  }
  await notifySubmitter(entry.submitterId, smsTexts.advanced(ctx.programme, entry.trackingCode));
  return next;
}

const returnInput = z.object({ reason: z.string().max(2000) });

/**
 * Sends a work back to the previous round with a reason (rounds with canReturn: the central
 * secretariat). The previous round takes it back onto its shortlist (the "reopen" its round
 * must still be open for) and its quota place is free again.
 */
export async function returnEntry(
  actor: Actor,
  entryId: string,
  roundId: string,
  input: unknown,
  clock: Clock = {},
): Promise<store.Work> {
  const { reason } = parseInput(returnInput, input);
  const { work, ctx } = await workContext(entryId, roundId);
  const subject = { programmeId: ctx.programme.id, district: work.district, round: ctx.round };
  authorizeJudging(actor, "round.decide", subject);
  const state = applyWorkEvent(
    work.state,
    "return",
    transitionCtx(ctx),
    roundRolesOf(actor, ctx.round, subject),
    {
      reason,
    },
  );
  const previousRound = ctx.previous as JudgingRound;
  const prevCtx = await loadRound(ctx.programme, previousRound.id);
  const before = await store.getWork(entryId, previousRound.id);
  if (!before) throw judgingCommandErrors.workNotFound();
  const reopened = applyWorkEvent(before.state, "reopen", transitionCtx(prevCtx), ["system"]);
  const now = at(clock).toISOString();
  const next: store.Work = {
    ...work,
    state,
    returnReason: reason.trim(),
    version: work.version + 1,
    updatedAt: now,
  };
  const back: store.Work = {
    ...before,
    state: reopened,
    returnReason: reason.trim(),
    version: before.version + 1,
    updatedAt: now,
  };
  const rule = previousRound.quota;
  const items: TransactItem[] = [
    store.roundIsItem(ctx.programme.id, roundId, ["open"]),
    store.roundIsItem(ctx.programme.id, previousRound.id, ["open"]),
    store.replaceWorkItem(next, work.version),
    store.replaceWorkItem(back, before.version),
    store.entryStatusItem(entryId, liveStatuses, "returned", now),
    ...(rule
      ? [
          store.freeQuotaPlaceItem(
            ctx.programme.id,
            previousRound.id,
            quotaKey(
              {
                id: entryId,
                district: before.district,
                category: before.categoryId,
                ageGroup: before.ageGroup,
              },
              rule,
            ),
          ),
        ]
      : []),
    ...(previousRound.kind === "screening"
      ? [store.progressItem(ctx.programme.id, previousRound.id, before.district, { selected: -1 })]
      : []),
    auditItem({
      actor,
      action: "judging.returned",
      subject: { type: "entry", id: entryId },
      data: { programmeId: ctx.programme.id, roundId, to: previousRound.id },
      at: new Date(now),
    }),
  ];
  try {
    await store.transact(items);
  } catch (e) {
    if (failedAt(e, 0)) throw await roundRefusal(ctx.programme.id, roundId);
    if (failedAt(e, 1)) throw await roundRefusal(ctx.programme.id, previousRound.id);
    if (store.cancellationCodes(e)) throw judgingCommandErrors.busy();
    throw e;
  }
  return next;
}

// ── the secretariats' programmes ─────────────────────────────────────────────────────────────

/** What a secretariat needs to pick a programme to judge: no form, no consent text, no configuration. */
export interface JudgingProgramme {
  id: string;
  title: string;
  kind: Programme["kind"];
  submissionClosesAt: string;
  judgingEndsAt?: string;
  rounds: { id: string; titleFa: string; kind: JudgingRound["kind"]; scope: JudgingRound["scope"] }[];
}

/**
 * The programmes a secretariat judges: every programme whose submissions have opened, newest
 * first (a page of 50 — programmes are a few a year). The central secretariat and the district
 * secretariats; jurors reach their own programme from their grant's scope.
 */
export async function listJudgingProgrammes(
  actor: Actor,
  clock: Clock = {},
): Promise<{ items: JudgingProgramme[] }> {
  authorizeJudging(actor, "judging.list");
  const now = at(clock).toISOString();
  const { items } = await listAllProgrammes();
  return {
    items: items
      .filter((p) => p.submissionOpensAt <= now)
      .map((p) => ({
        id: p.id,
        title: p.title,
        kind: p.kind,
        submissionClosesAt: p.submissionClosesAt,
        ...(p.judgingEndsAt ? { judgingEndsAt: p.judgingEndsAt } : {}),
        rounds: p.rounds.map((r) => ({ id: r.id, titleFa: r.titleFa, kind: r.kind, scope: r.scope })),
      })),
  };
}

// ── dashboard ────────────────────────────────────────────────────────────────────────────────

export interface DistrictProgress extends store.Progress {
  /** Works still undecided after the round's due date (0 before it). */
  overdue: number;
  /** Works whose screening is not complete yet. */
  unscreened: number;
  /** The places the district may fill, when round 1's quota is per district. */
  quota?: number;
  /** Shortcomings for the secretariat's attention (progress.ts), most serious first. */
  flags: ProgressFlag[];
}

const noProgress = (district: string): store.Progress => ({
  district,
  received: 0,
  screened: 0,
  selected: 0,
  rejected: 0,
});

/**
 * Round 1's progress per district from its counters (one Query of ≤ 22 items, no scan), with
 * each district's shortcomings flagged. The central secretariat sees all 22 districts — one
 * with no counter yet is a district with no entries; a district secretariat sees its own.
 * The due date is the round's `dueAt`, else the programme's judging end date.
 */
export async function districtProgress(
  actor: Actor,
  programmeId: string,
  clock: Clock = {},
): Promise<{ roundId: string; dueAt?: string; flagged: number; districts: DistrictProgress[] }> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const central = hasRole(actor, "central_secretariat");
  const own =
    actor.kind === "staff"
      ? actor.roles.flatMap((g) => (g.role === "district_secretariat" && g.scope ? [g.scope] : []))
      : [];
  if (!central)
    for (const d of own.length ? own : ["-"])
      authorizeJudging(actor, "judging.progress", { programmeId, district: d });
  const programme = await programmeOrFail(programmeId);
  const round = programme.rounds[0];
  if (!round) throw judgingCommandErrors.roundNotFound();
  const now = at(clock).toISOString();
  const dueAt = round.dueAt ?? programme.judgingEndsAt;
  const late = dueAt !== undefined && now > dueAt;
  const [counters, state] = await Promise.all([
    store.listProgress(programme.id, round.id),
    store.getRoundState(programme.id, round.id),
  ]);
  const byDistrict = new Map(counters.map((p) => [p.district, p]));
  const roundClosed = state?.status === "locked" || state?.status === "published";
  const quota = districtQuota(round.quota, {
    categories: programme.categories.length,
    ageGroups: programme.ageGroups.length,
  });
  const districts = (central ? [...districtIds] : districtIds.filter((d) => own.includes(d))).map(
    (district): DistrictProgress => {
      const p = byDistrict.get(district) ?? noProgress(district);
      return {
        ...p,
        overdue: late ? Math.max(0, p.received - p.selected - p.rejected) : 0,
        unscreened: Math.max(0, p.received - p.screened),
        ...(quota !== undefined ? { quota } : {}),
        flags: progressShortcomings(p, { late, roundClosed, quota }),
      };
    },
  );
  return {
    roundId: round.id,
    ...(dueAt ? { dueAt } : {}),
    flagged: districts.filter((d) => d.flags.length > 0).length,
    districts,
  };
}
