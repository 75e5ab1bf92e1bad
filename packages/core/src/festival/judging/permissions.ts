/**
 * Who may do what in judging. Round-bound actions resolve through the round model's
 * `roundRolesOf` (the round's configured manager and panel roles, scoped to the work's district
 * or the programme); festival-wide actions (status changes, intake, ranking, winners, results,
 * certificates, exports) are the central secretariat's. Reading district progress is also open
 * to a district secretariat, for its own district only.
 */
import { type Actor, hasRole } from "../../actor";
import { errors } from "../../error";
import { type JudgingRound, type RoundSubject, roundRolesOf } from "./rounds";

export type JudgingAction =
  /** Festival-wide, central secretariat. */
  | "judging.start"
  | "judging.settle"
  | "judging.rank"
  | "judging.decide"
  | "judging.certify"
  | "judging.export"
  /** Central secretariat (all districts) or a district secretariat (its own). */
  | "judging.progress"
  /** Central secretariat or any district secretariat: the programmes they judge. */
  | "judging.list"
  /** Round-bound. */
  | "round.queue"
  | "round.vote"
  | "round.decide"
  | "round.assign"
  | "round.score";

export interface JudgingSubject extends RoundSubject {
  round?: JudgingRound;
}

export function canJudge(actor: Actor, action: JudgingAction, subject?: JudgingSubject): boolean {
  if (actor.kind !== "staff") return false;
  switch (action) {
    case "judging.start":
    case "judging.settle":
    case "judging.rank":
    case "judging.decide":
    case "judging.certify":
    case "judging.export":
      return hasRole(actor, "central_secretariat");
    case "judging.list":
      return hasRole(actor, "central_secretariat") || hasRole(actor, "district_secretariat");
    case "judging.progress":
      return (
        hasRole(actor, "central_secretariat") ||
        (subject?.district !== undefined && hasRole(actor, "district_secretariat", subject.district))
      );
  }
  if (!subject?.round) return false;
  const roles = roundRolesOf(actor, subject.round, subject);
  switch (action) {
    case "round.queue":
      // Managers work from queues; the central secretariat oversees every queue, district
      // rounds included. Panel members who are not managers get their works one at a time
      // (nextWork), so a juror never lists works they are conflicted on.
      return roles.includes("manager") || hasRole(actor, "central_secretariat");
    case "round.vote":
    case "round.score":
      return roles.includes("reviewer");
    case "round.decide":
    case "round.assign":
      return roles.includes("manager");
  }
}

/** Throws unauthenticated for anonymous callers and forbidden for signed-in ones who may not. */
export function authorizeJudging(actor: Actor, action: JudgingAction, subject?: JudgingSubject): void {
  if (canJudge(actor, action, subject)) return;
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  throw errors.forbidden(`judging: ${action}`);
}
