/**
 * Who may do what with programmes and entries. The central secretariat shapes programmes;
 * anyone reads open ones; a signed-in citizen submits, and only the submitter touches an entry
 * through these commands (the judging rounds grant staff their own reads).
 */
import { type Actor, hasRole } from "../actor";
import { errors } from "../error";

export type FestivalAction =
  | "programme.create"
  | "programme.update"
  | "programme.listAll"
  | "programme.readAny"
  | "programme.listOpen"
  | "entry.submit"
  | "entry.edit"
  | "entry.withdraw"
  | "entry.read"
  | "entry.listMine";

export interface EntrySubject {
  submitterId: string;
}

export function can(actor: Actor, action: FestivalAction, subject?: EntrySubject): boolean {
  switch (action) {
    case "programme.listOpen":
      return true;
    case "programme.create":
    case "programme.update":
    case "programme.listAll":
    case "programme.readAny":
      return hasRole(actor, "central_secretariat");
    case "entry.submit":
    case "entry.listMine":
      return actor.kind === "citizen";
    case "entry.edit":
    case "entry.withdraw":
    case "entry.read":
      return actor.kind === "citizen" && subject?.submitterId === actor.userId;
  }
}

/** Throws unauthenticated for anonymous callers and forbidden for signed-in ones who may not. */
export function authorize(actor: Actor, action: FestivalAction, subject?: EntrySubject): void {
  if (can(actor, action, subject)) return;
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  throw errors.forbidden(`festival: ${action}`);
}
