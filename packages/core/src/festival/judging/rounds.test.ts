import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Actor, RoleGrant } from "../../actor";
import { DomainError } from "../../error";
import {
  applyWorkEvent,
  assertScoresEditable,
  availableWorkEvents,
  changeRoundStatus,
  hamiDefaultRounds,
  type JudgingRound,
  judgingRoundSchema,
  judgingRoundsSchema,
  paintingDefaultRounds,
  type RoundRole,
  type RoundStatus,
  roundRolesOf,
  roundStatuses,
  type WorkEvent,
  type WorkState,
  workEvents,
  workStates,
  workTransitions,
} from "./rounds";
import { weightedScore } from "./scoring";

const staff = (...roles: RoleGrant[]): Actor => ({
  kind: "staff",
  userId: "u",
  sessionId: "s",
  username: "staff",
  roles,
});
const central = staff({ role: "central_secretariat" });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return "ok";
}

const [district, centralRound, jury] = hamiDefaultRounds() as [JudgingRound, JudgingRound, JudgingRound];

describe("default rounds", () => {
  it("Hami: district screening with a quota per category → central review that can return → jury", () => {
    const rounds = hamiDefaultRounds({ quotaPerCategory: 4 });
    expect(judgingRoundsSchema.safeParse(rounds).success).toBe(true);
    expect(rounds.map((r) => [r.id, r.kind, r.scope, r.canReturn])).toEqual([
      ["district", "screening", "district", false],
      ["central", "review", "programme", true],
      ["jury", "scoring", "programme", false],
    ]);
    expect(rounds[0]?.quota).toEqual({ perGroup: 4, groupBy: ["district", "category"] });
    expect(rounds[2]?.conflicts).toEqual({ sameDistrict: true, sameNeighbourhood: true });
  });

  it("painting: selection board → jury of five, with a rubric whose top marks score 100", () => {
    const rounds = paintingDefaultRounds({ selectPerAgeGroup: 13 });
    expect(judgingRoundsSchema.safeParse(rounds).success).toBe(true);
    expect(rounds.map((r) => r.id)).toEqual(["board", "jury"]);
    expect(rounds[0]?.quota).toEqual({ perGroup: 13, groupBy: ["ageGroup"] });
    expect(rounds[1]?.reviewsPerWork).toBe(5);
    const rubric = rounds[1]?.rubric;
    if (!rubric) throw new Error("painting jury has a rubric");
    expect(weightedScore(rubric, Object.fromEntries(rubric.criteria.map((c) => [c.id, 10])))).toBe(100);
    expect(paintingDefaultRounds()[0]?.quota).toBeUndefined();
  });

  it("the schema wants a rubric for scoring, unique ids, and no return from the first round", () => {
    const { rubric: _, ...noRubric } = jury;
    expect(judgingRoundSchema.safeParse(noRubric).success).toBe(false);
    expect(judgingRoundsSchema.safeParse([district, district]).success).toBe(false);
    expect(judgingRoundsSchema.safeParse([{ ...district, canReturn: true }]).success).toBe(false);
    expect(judgingRoundSchema.safeParse({ ...district, reviewsPerWork: 0 }).success).toBe(false);
  });
});

describe("roundRolesOf", () => {
  const subject = { programmeId: "P1", district: "7" };
  it("scopes district secretariats to their district and jurors to their programme", () => {
    expect(roundRolesOf(staff({ role: "district_secretariat", scope: "7" }), district, subject)).toEqual([
      "manager",
      "reviewer",
    ]);
    expect(roundRolesOf(staff({ role: "district_secretariat", scope: "8" }), district, subject)).toEqual([]);
    expect(roundRolesOf(staff({ role: "juror", scope: "P1" }), jury, subject)).toEqual(["reviewer"]);
    expect(roundRolesOf(staff({ role: "juror", scope: "P2" }), jury, subject)).toEqual([]);
    expect(roundRolesOf(central, jury, subject)).toEqual(["manager"]);
    expect(roundRolesOf({ kind: "citizen", userId: "c", sessionId: "s" }, centralRound, subject)).toEqual([]);
    expect(
      roundRolesOf(staff({ role: "district_secretariat", scope: "7" }), district, { programmeId: "P1" }),
    ).toEqual([]);
  });
});

describe("round status", () => {
  it("goes draft → open → locked → published, only forward, only by the central secretariat", () => {
    expect(changeRoundStatus(central, "draft", "open")).toBe("open");
    expect(changeRoundStatus(central, "open", "locked")).toBe("locked");
    expect(changeRoundStatus(central, "locked", "published")).toBe("published");
    expect(codeOf(() => changeRoundStatus(central, "locked", "open"))).toBe(
      "judging.round_transition_not_allowed",
    );
    expect(codeOf(() => changeRoundStatus(central, "draft", "locked"))).toBe(
      "judging.round_transition_not_allowed",
    );
    expect(codeOf(() => changeRoundStatus(central, "published", "draft"))).toBe(
      "judging.round_transition_not_allowed",
    );
    const districtStaff = staff({ role: "district_secretariat", scope: "7" });
    expect(codeOf(() => changeRoundStatus(districtStaff, "open", "locked"))).toBe("auth.forbidden");
  });

  it("scores change only while the round is open", () => {
    expect(codeOf(() => assertScoresEditable("open"))).toBe("ok");
    expect(codeOf(() => assertScoresEditable("draft"))).toBe("judging.round_not_open");
    expect(codeOf(() => assertScoresEditable("locked"))).toBe("judging.round_locked");
    expect(codeOf(() => assertScoresEditable("published"))).toBe("judging.round_locked");
  });
});

describe("a work's state in a round", () => {
  const open = { round: district, roundStatus: "open" as RoundStatus, hasNextRound: true };
  const manager: RoundRole[] = ["manager"];

  it("walks the district path: pending → assigned → reviewed → shortlisted → selected → forwarded", () => {
    let state: WorkState = "pending";
    state = applyWorkEvent(state, "assign", open, manager);
    state = applyWorkEvent(state, "complete_reviews", open, ["reviewer"]);
    state = applyWorkEvent(state, "shortlist", open, manager);
    state = applyWorkEvent(state, "select", open, manager);
    expect(state).toBe("selected");
    expect(applyWorkEvent(state, "deselect", open, manager)).toBe("shortlisted");
    // Forwarding is allowed after the round is locked too.
    expect(applyWorkEvent(state, "forward", { ...open, roundStatus: "locked" }, manager)).toBe("forwarded");
    expect(applyWorkEvent("forwarded", "reopen", open, ["system"])).toBe("shortlisted");
  });

  it("refuses illegal moves, the wrong role, and changes in a locked round", () => {
    expect(codeOf(() => applyWorkEvent("pending", "select", open, manager))).toBe(
      "judging.transition_not_allowed",
    );
    expect(codeOf(() => applyWorkEvent("rejected", "select", open, manager))).toBe(
      "judging.transition_not_allowed",
    );
    expect(codeOf(() => applyWorkEvent("reviewed", "select", open, ["reviewer"]))).toBe("auth.forbidden");
    expect(codeOf(() => applyWorkEvent("forwarded", "reopen", open, manager))).toBe("auth.forbidden");
    const locked = { ...open, roundStatus: "locked" as RoundStatus };
    expect(codeOf(() => applyWorkEvent("reviewed", "select", locked, manager))).toBe("judging.round_locked");
    expect(codeOf(() => applyWorkEvent("assigned", "complete_reviews", locked, ["reviewer"]))).toBe(
      "judging.round_locked",
    );
    const draft = { ...open, roundStatus: "draft" as RoundStatus };
    expect(codeOf(() => applyWorkEvent("pending", "assign", draft, manager))).toBe("judging.round_not_open");
    expect(
      codeOf(() => applyWorkEvent("selected", "forward", { ...open, hasNextRound: false }, manager)),
    ).toBe("judging.transition_not_allowed");
  });

  it("returns only where the round allows it, and only with a reason", () => {
    const centralOpen = { round: centralRound, roundStatus: "open" as RoundStatus, hasNextRound: true };
    expect(applyWorkEvent("pending", "return", centralOpen, manager, { reason: "مدارک ناقص است" })).toBe(
      "returned",
    );
    expect(codeOf(() => applyWorkEvent("pending", "return", centralOpen, manager, { reason: "  " }))).toBe(
      "judging.return_reason_required",
    );
    expect(codeOf(() => applyWorkEvent("pending", "return", open, manager, { reason: "x" }))).toBe(
      "judging.return_not_allowed",
    );
    expect(codeOf(() => applyWorkEvent("forwarded", "return", centralOpen, manager, { reason: "x" }))).toBe(
      "judging.transition_not_allowed",
    );
  });

  it("offers the UI exactly the events that would succeed", () => {
    expect(availableWorkEvents("reviewed", open, manager)).toEqual(["shortlist", "reject", "select"]);
    expect(availableWorkEvents("reviewed", { ...open, roundStatus: "locked" }, manager)).toEqual([]);
    expect(availableWorkEvents("selected", { ...open, roundStatus: "locked" }, manager)).toEqual(["forward"]);
  });

  it("property: every accepted event lands on its table state; rejected and returned are final; draft and published rounds take no work events", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...workStates),
        fc.constantFrom(...workEvents),
        fc.constantFrom(...roundStatuses),
        fc.subarray(["manager", "reviewer", "system"] as RoundRole[]),
        fc.constantFrom(district, centralRound, jury),
        fc.boolean(),
        (from: WorkState, event: WorkEvent, roundStatus, roles, round, hasNextRound) => {
          const ctx = { round, roundStatus, hasNextRound };
          let to: WorkState | undefined;
          try {
            to = applyWorkEvent(from, event, ctx, roles, { reason: "دلیل" });
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
            return;
          }
          expect(to).toBe(workTransitions[event].to);
          expect(workTransitions[event].from).toContain(from);
          expect(from === "rejected" || from === "returned").toBe(false);
          expect(roundStatus === "draft" || roundStatus === "published").toBe(false);
        },
      ),
    );
  });
});
