/**
 * Who may do what in elections. One table, asked by every command through `authorize`.
 * Reading an election, its candidates, turnout, results, the bulletin board and the record is
 * public: the point of the election record is that anyone can check the count. Casting at a
 * kiosk needs no actor: the one-time ballot code a polling officer issued is the authority.
 */
import { type Actor, hasRole } from "../actor";
import { errors } from "../error";
import { findNeighbourhood } from "../geo";

export type ElectionAction =
  | "election.create"
  | "election.extend"
  | "election.close"
  | "election.certify"
  | "roll.import"
  | "residence.declare"
  | "residence.read"
  | "residence.decide"
  | "candidate.apply"
  | "candidate.appeal"
  | "candidate.decide"
  | "candidate.readApplications"
  | "vote.online"
  | "ballotCode.issue"
  | "complaint.file"
  | "complaint.rule"
  | "complaint.list"
  | "audit.read";

/** A neighbourhood, for actions scoped to its district (polling officers), or an owner. */
export interface ElectionSubject {
  neighbourhoodId?: string;
  userId?: string;
}

export function can(actor: Actor, action: ElectionAction, subject: ElectionSubject = {}): boolean {
  switch (action) {
    case "election.create":
    case "election.extend":
    case "election.close":
    case "election.certify":
    case "roll.import":
    case "residence.decide":
    case "candidate.decide":
    case "complaint.rule":
      return hasRole(actor, "election_admin");
    case "candidate.readApplications":
    case "residence.read":
    case "complaint.list":
    case "audit.read":
      return hasRole(actor, "election_admin") || hasRole(actor, "election_observer");
    case "candidate.apply":
    case "residence.declare":
    case "vote.online":
    case "complaint.file":
      return actor.kind === "citizen";
    case "candidate.appeal":
      return actor.kind === "citizen" && subject.userId === actor.userId;
    case "ballotCode.issue": {
      // A polling officer works at branches of one district and issues codes for its neighbourhoods only.
      const district = subject.neighbourhoodId
        ? findNeighbourhood(subject.neighbourhoodId)?.district
        : undefined;
      return district !== undefined && hasRole(actor, "polling_officer", district);
    }
  }
}

/** Throws unauthenticated for anonymous callers and forbidden for signed-in ones who may not. */
export function authorize(actor: Actor, action: ElectionAction, subject?: ElectionSubject): void {
  if (can(actor, action, subject)) return;
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  throw errors.forbidden(`elections: ${action}`);
}
