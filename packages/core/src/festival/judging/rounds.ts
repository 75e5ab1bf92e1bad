/**
 * The round model. A programme's judging is a sequence of rounds, each configured, not coded:
 *  - "screening": reviewers vote yes/no/maybe; the round's managers shortlist and select, within a
 *    quota per group (the Hami district round: each district secretariat, up to N per category);
 *  - "review": the managing secretariat checks what earlier rounds sent, forwards it or returns it
 *    with a reason (the Hami central round);
 *  - "scoring": reviewers score with a weighted rubric; managers decide winners (the jury).
 *
 * Two state machines, both pure:
 *  - a round's status: draft → open → locked → published, never back (a locked round's scores are
 *    final; `assertScoresEditable` is what every score write asks);
 *  - each work's state within a round:
 *      pending → assigned → reviewed → shortlisted / rejected → selected → forwarded
 *    plus "returned" (a round with `canReturn` sends a work back with a reason) and "reopen"
 *    (the earlier round takes a returned work back: forwarded → shortlisted).
 * Who may trigger what is expressed as round roles (manager, reviewer, system), mapped from an
 * Actor's staff grants by `roundRolesOf` using the round's configured staff roles and scope.
 */
import { z } from "zod";
import { type Actor, hasRole, type StaffRole, scopedRoles, staffRoles } from "../../actor";
import { errors } from "../../error";
import { judgingErrors } from "./errors";
import { quotaRuleSchema } from "./quotas";
import { type Rubric, rubricSchema } from "./scoring";

// ---------------------------------------------------------------------------------------------
// Configuration

export const roundKinds = ["screening", "review", "scoring"] as const;
export type RoundKind = (typeof roundKinds)[number];

export const conflictRuleSchema = z.object({
  sameDistrict: z.boolean(),
  sameNeighbourhood: z.boolean(),
});

/**
 * A round's full configuration. The programme model stores rounds loosely (id, kind, titleFa);
 * this schema validates the rest when a programme is saved or a round opens.
 */
export const judgingRoundSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(roundKinds, { error: "نوع مرحله داوری درست نیست." }),
    titleFa: z.string().min(1, { error: "عنوان مرحله را بنویسید." }),
    /** "district": run separately in each district by that district's staff; "programme": once, centrally. */
    scope: z.enum(["district", "programme"]),
    /** Staff role that runs the round (assigns, shortlists, selects, forwards, returns). */
    manager: z.enum(staffRoles),
    /** Staff role whose members review or score. */
    panel: z.enum(staffRoles),
    reviewsPerWork: z
      .number()
      .int()
      .min(1, { error: "هر اثر دست‌کم یک داور لازم دارد." })
      .max(20, { error: "بیش از ۲۰ داور برای هر اثر پذیرفته نیست." }),
    quota: quotaRuleSchema.optional(),
    rubric: rubricSchema.optional(),
    conflicts: conflictRuleSchema,
    /** Whether this round may send a work back to the previous round, with a reason. */
    canReturn: z.boolean(),
    /**
     * When the round's work is due (ISO 8601); past it, unfinished districts are flagged on the
     * central dashboard. Without it the programme's judging end date is the due date.
     */
    dueAt: z.iso.datetime({ offset: true, error: "مهلت مرحله باید یک زمان درست باشد." }).optional(),
  })
  .refine((r) => r.kind !== "scoring" || r.rubric !== undefined, {
    error: "مرحله امتیازدهی به جدول معیارهای داوری نیاز دارد.",
    path: ["rubric"],
  });
export type JudgingRound = z.output<typeof judgingRoundSchema>;

export const judgingRoundsSchema = z
  .array(judgingRoundSchema)
  .min(1, { error: "دست‌کم یک مرحله داوری لازم است." })
  .superRefine((rounds, ctx) => {
    if (new Set(rounds.map((r) => r.id)).size !== rounds.length)
      ctx.addIssue({ code: "custom", message: "شناسه مرحله‌ها نباید تکراری باشد." });
    if (rounds[0]?.canReturn)
      ctx.addIssue({
        code: "custom",
        path: [0, "canReturn"],
        message: "مرحله نخست مرحله‌ای پیش از خود ندارد.",
      });
  });

const noConflicts = { sameDistrict: false, sameNeighbourhood: false };

/** A rubric of 1–10 criteria reported on 0–100: the shape both default rubrics share. */
function tenPointRubric(criteria: readonly [id: string, titleFa: string, weight: number][]): Rubric {
  return {
    scale: { min: 0, max: 100 },
    criteria: criteria.map(([id, titleFa, weight]) => ({ id, titleFa, min: 1, max: 10, weight })),
  };
}

/** The Hami festival's rubric. */
export function hamiRubric(): Rubric {
  return tenPointRubric([
    ["innovation", "نوآوری و خلاقیت", 3],
    ["impact", "اثرگذاری اجتماعی", 3],
    ["participation", "مشارکت مردم و محله", 2],
    ["sustainability", "پایداری و قابلیت تعمیم", 2],
  ]);
}

/** The painting contest's rubric. */
export function paintingRubric(): Rubric {
  return tenPointRubric([
    ["creativity", "خلاقیت", 3],
    ["theme", "ارتباط با موضوع", 2],
    ["technique", "مهارت اجرا", 2],
    ["composition", "ترکیب‌بندی و رنگ", 1],
  ]);
}

/**
 * The Hami default: (1) each district secretariat screens its district's works (yes/no/maybe) and
 * selects up to `quotaPerCategory` per category — district staff are by nature from the work's
 * district, so only a same-neighbourhood conflict applies; (2) the central secretariat checks the
 * selections and forwards them, or returns a work with a reason; (3) the jury scores with the rubric,
 * never a juror from the work's district or neighbourhood.
 */
export function hamiDefaultRounds(
  options: { quotaPerCategory?: number; districtReviews?: number; juryReviews?: number } = {},
): JudgingRound[] {
  return [
    {
      id: "district",
      kind: "screening",
      titleFa: "ارزیابی اولیه دبیرخانه منطقه",
      scope: "district",
      manager: "district_secretariat",
      panel: "district_secretariat",
      reviewsPerWork: options.districtReviews ?? 3,
      quota: { perGroup: options.quotaPerCategory ?? 3, groupBy: ["district", "category"] },
      conflicts: { sameDistrict: false, sameNeighbourhood: true },
      canReturn: false,
    },
    {
      id: "central",
      kind: "review",
      titleFa: "بررسی دبیرخانه مرکزی",
      scope: "programme",
      manager: "central_secretariat",
      panel: "central_secretariat",
      reviewsPerWork: 1,
      conflicts: noConflicts,
      canReturn: true,
    },
    {
      id: "jury",
      kind: "scoring",
      titleFa: "داوری نهایی",
      scope: "programme",
      manager: "central_secretariat",
      panel: "juror",
      reviewsPerWork: options.juryReviews ?? 5,
      rubric: hamiRubric(),
      conflicts: { sameDistrict: true, sameNeighbourhood: true },
      canReturn: false,
    },
  ];
}

/**
 * The painting default: (1) a selection board screens every painting (optionally up to a number
 * per age group); (2) a jury (five illustrators) scores the board's selection with the rubric.
 * Jurors judging children's works from their own neighbourhood are conflicted.
 */
export function paintingDefaultRounds(
  options: { boardReviews?: number; juryReviews?: number; selectPerAgeGroup?: number } = {},
): JudgingRound[] {
  return [
    {
      id: "board",
      kind: "screening",
      titleFa: "هیئت انتخاب",
      scope: "programme",
      manager: "central_secretariat",
      panel: "juror",
      reviewsPerWork: options.boardReviews ?? 3,
      ...(options.selectPerAgeGroup !== undefined
        ? { quota: { perGroup: options.selectPerAgeGroup, groupBy: ["ageGroup" as const] } }
        : {}),
      conflicts: { sameDistrict: false, sameNeighbourhood: true },
      canReturn: false,
    },
    {
      id: "jury",
      kind: "scoring",
      titleFa: "هیئت داوران",
      scope: "programme",
      manager: "central_secretariat",
      panel: "juror",
      reviewsPerWork: options.juryReviews ?? 5,
      rubric: paintingRubric(),
      conflicts: { sameDistrict: false, sameNeighbourhood: true },
      canReturn: false,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Who, in a round

export const roundRoles = ["manager", "reviewer", "system"] as const;
/** "system": consequences the store applies itself (e.g. reopening a returned work), never a person. */
export type RoundRole = (typeof roundRoles)[number];

/** Where the work sits, to resolve scoped grants (district secretariat: district; juror: programme). */
export interface RoundSubject {
  programmeId: string;
  district?: string;
}

function holds(actor: Actor, role: StaffRole, subject: RoundSubject): boolean {
  const scope = scopedRoles[role];
  if (scope === "district") return subject.district !== undefined && hasRole(actor, role, subject.district);
  if (scope === "programme") return hasRole(actor, role, subject.programmeId);
  return hasRole(actor, role);
}

/** The round roles an actor holds for a work in `round` (a person can be both manager and reviewer). */
export function roundRolesOf(actor: Actor, round: JudgingRound, subject: RoundSubject): RoundRole[] {
  const roles: RoundRole[] = [];
  if (holds(actor, round.manager, subject)) roles.push("manager");
  if (holds(actor, round.panel, subject)) roles.push("reviewer");
  return roles;
}

// ---------------------------------------------------------------------------------------------
// Round status

export const roundStatuses = ["draft", "open", "locked", "published"] as const;
export type RoundStatus = (typeof roundStatuses)[number];

const nextStatus: Record<RoundStatus, RoundStatus | undefined> = {
  draft: "open",
  open: "locked",
  locked: "published",
  published: undefined,
};

/**
 * Moves a round's status one step forward. Only the central secretariat opens, locks and publishes
 * rounds — district rounds too, since locking one is a festival-wide decision. No step goes back:
 * once locked, the scores and decisions are the record.
 */
export function changeRoundStatus(actor: Actor, from: RoundStatus, to: RoundStatus): RoundStatus {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  if (!hasRole(actor, "central_secretariat"))
    throw errors.forbidden("round status is the central secretariat's");
  if (nextStatus[from] !== to) throw judgingErrors.roundTransitionNotAllowed(from, to);
  return to;
}

/** Every score or vote write asks this first: only an open round takes changes. */
export function assertScoresEditable(status: RoundStatus): void {
  if (status === "open") return;
  if (status === "draft") throw judgingErrors.roundNotOpen(status);
  throw judgingErrors.roundLocked();
}

// ---------------------------------------------------------------------------------------------
// A work's state within a round

export const workStates = [
  "pending",
  "assigned",
  "reviewed",
  "shortlisted",
  "rejected",
  "selected",
  "returned",
  "forwarded",
] as const;
export type WorkState = (typeof workStates)[number];

export const workEvents = [
  "assign",
  "complete_reviews",
  "shortlist",
  "reject",
  "select",
  "deselect",
  "return",
  "forward",
  "reopen",
] as const;
export type WorkEvent = (typeof workEvents)[number];

interface WorkTransitionRule {
  from: readonly WorkState[];
  to: WorkState;
  by: readonly RoundRole[];
  /** Round statuses in which the event may happen. */
  when: readonly RoundStatus[];
}

/**
 * The table of legal moves. Decisions happen while the round is open; forwarding the selection is
 * also allowed once it is locked (lock, check, then send on). Returning is possible until the work
 * has been forwarded. Reopening puts a work an later round returned back on the shortlist, so the
 * district can reconsider it or select another in its place (its quota place is free again).
 */
export const workTransitions: Readonly<Record<WorkEvent, WorkTransitionRule>> = {
  assign: { from: ["pending"], to: "assigned", by: ["manager"], when: ["open"] },
  complete_reviews: { from: ["assigned"], to: "reviewed", by: ["reviewer", "manager"], when: ["open"] },
  shortlist: { from: ["reviewed"], to: "shortlisted", by: ["manager"], when: ["open"] },
  reject: { from: ["reviewed", "shortlisted"], to: "rejected", by: ["manager"], when: ["open"] },
  select: { from: ["reviewed", "shortlisted"], to: "selected", by: ["manager"], when: ["open"] },
  deselect: { from: ["selected"], to: "shortlisted", by: ["manager"], when: ["open"] },
  return: {
    from: ["pending", "assigned", "reviewed", "shortlisted", "selected"],
    to: "returned",
    by: ["manager"],
    when: ["open"],
  },
  forward: { from: ["selected"], to: "forwarded", by: ["manager"], when: ["open", "locked"] },
  reopen: { from: ["forwarded"], to: "shortlisted", by: ["system"], when: ["open"] },
};

export interface WorkTransitionContext {
  round: JudgingRound;
  roundStatus: RoundStatus;
  /** False for the last round: its selection is final (winners), there is nowhere to forward to. */
  hasNextRound: boolean;
}

/** Why an event is refused, or null when it is allowed. Checked in this order. */
export type WorkTransitionRefusal =
  | "forbidden"
  | "round_not_open"
  | "round_locked"
  | "not_allowed"
  | "return_not_allowed"
  | "reason_required";

export function workTransitionRefusal(
  from: WorkState,
  event: WorkEvent,
  ctx: WorkTransitionContext,
  roles: readonly RoundRole[],
  input: { reason?: string } = {},
): WorkTransitionRefusal | null {
  const rule = workTransitions[event];
  if (!rule.by.some((r) => roles.includes(r))) return "forbidden";
  if (!rule.when.includes(ctx.roundStatus))
    return ctx.roundStatus === "draft" ? "round_not_open" : "round_locked";
  if (!rule.from.includes(from)) return "not_allowed";
  if (event === "forward" && !ctx.hasNextRound) return "not_allowed";
  if (event === "return") {
    if (!ctx.round.canReturn) return "return_not_allowed";
    if (!input.reason?.trim()) return "reason_required";
  }
  return null;
}

/**
 * The state after `event`, or a DomainError: forbidden (role), judging.round_not_open /
 * judging.round_locked (status), judging.transition_not_allowed (state), judging.return_not_allowed,
 * judging.return_reason_required.
 */
export function applyWorkEvent(
  from: WorkState,
  event: WorkEvent,
  ctx: WorkTransitionContext,
  roles: readonly RoundRole[],
  input: { reason?: string } = {},
): WorkState {
  switch (workTransitionRefusal(from, event, ctx, roles, input)) {
    case null:
      return workTransitions[event].to;
    case "forbidden":
      throw errors.forbidden(`${event} needs ${workTransitions[event].by.join("/")}`);
    case "round_not_open":
      throw judgingErrors.roundNotOpen(ctx.roundStatus);
    case "round_locked":
      throw judgingErrors.roundLocked();
    case "not_allowed":
      throw judgingErrors.transitionNotAllowed(from, event);
    case "return_not_allowed":
      throw judgingErrors.returnNotAllowed();
    case "reason_required":
      throw judgingErrors.returnReasonRequired();
  }
}

/** Events these roles may trigger now (a reason is assumed for "return"): what the UI offers. */
export function availableWorkEvents(
  from: WorkState,
  ctx: WorkTransitionContext,
  roles: readonly RoundRole[],
): WorkEvent[] {
  return workEvents.filter((e) => workTransitionRefusal(from, e, ctx, roles, { reason: "x" }) === null);
}
