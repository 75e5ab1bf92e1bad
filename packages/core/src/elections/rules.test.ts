import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJalaliDate, tehranWallTime } from "../fa";
import type { VotingWindow } from "./model";
import {
  addJalaliMonths,
  ballotOrder,
  candidateIneligibility,
  declarationRefusal,
  extendVotingWindow,
  newBallotId,
  phaseOf,
  validateBallot,
  votingClosesAt,
  votingPhase,
  votingRefusal,
  votingWindowOf,
} from "./rules";

const jalali = (text: string) => {
  const d = parseJalaliDate(text);
  if (!d) throw new Error(`bad test date ${text}`);
  return d.iso;
};
const MIN = 60_000;

describe("Tehran time", () => {
  it("turns a Tehran wall clock into the instant, across the old daylight-saving rule", () => {
    // 26 July 2019 (the 5th term's voting day): Tehran was on +4:30 daylight time.
    expect(tehranWallTime("2019-07-26", "08:00").toISOString()).toBe("2019-07-26T03:30:00.000Z");
    // Iran dropped daylight time in 2022: +3:30 all year.
    expect(tehranWallTime("2024-07-26", "08:00").toISOString()).toBe("2024-07-26T04:30:00.000Z");
    expect(tehranWallTime("2019-01-10", "16:00").toISOString()).toBe("2019-01-10T12:30:00.000Z");
    expect(() => tehranWallTime("2019-13-40", "08:00")).toThrow();
    expect(() => tehranWallTime("2019-02-30", "08:00")).toThrow();
    expect(() => tehranWallTime("2019-02-10", "8:00")).toThrow();
  });
});

describe("the voting window", () => {
  const window: VotingWindow = votingWindowOf({ day: "2025-07-26", opens: "08:00", closes: "16:00" });
  const opens = Date.parse(window.opensAt);
  const closes = Date.parse(window.closesAt);

  it("is built from a Tehran day and times, with the legal 4-hour maximum extension by default", () => {
    expect(window).toEqual({
      opensAt: "2025-07-26T04:30:00.000Z",
      closesAt: "2025-07-26T12:30:00.000Z",
      maxExtensionMinutes: 240,
      extendedMinutes: 0,
    });
    expect(() => votingWindowOf({ day: "2025-07-26", opens: "16:00", closes: "08:00" })).toThrow();
    expect(() =>
      votingWindowOf({ day: "2025-07-26", opens: "08:00", closes: "16:00", maxExtensionMinutes: 241 }),
    ).toThrow();
  });

  it("takes ballots from the opening instant up to, not including, the close", () => {
    expect(votingPhase(window, new Date(opens - 1))).toBe("not_started");
    expect(votingPhase(window, new Date(opens))).toBe("open");
    expect(votingPhase(window, new Date(closes - 1))).toBe("open");
    expect(votingPhase(window, new Date(closes))).toBe("closed");
    expect(votingRefusal(window, new Date(opens - 1))?.code).toBe("not_started");
    expect(votingRefusal(window, new Date(closes))?.code).toBe("closed");
    expect(votingRefusal(window, new Date(opens))).toBeNull();
  });

  it("closes later by every extension granted", () => {
    const extended = { ...window, extendedMinutes: 90 };
    expect(votingClosesAt(extended).getTime()).toBe(closes + 90 * MIN);
    expect(votingPhase(extended, new Date(closes + 89 * MIN))).toBe("open");
    expect(votingPhase(extended, new Date(closes + 90 * MIN))).toBe("closed");
  });

  it("may be extended before and during voting, up to 4 hours in total", () => {
    const before = extendVotingWindow(window, 60, new Date(opens - 3600 * 1000));
    expect(before).toEqual({ ok: true, window: { ...window, extendedMinutes: 60 } });
    const during = extendVotingWindow({ ...window, extendedMinutes: 60 }, 180, new Date(closes - MIN));
    expect(during).toEqual({ ok: true, window: { ...window, extendedMinutes: 240 } });
    // in the first extension's extra time, the window is still open and can be extended again
    const inExtra = extendVotingWindow({ ...window, extendedMinutes: 60 }, 30, new Date(closes + 30 * MIN));
    expect(inExtra.ok).toBe(true);
  });

  it("refuses an extension past the maximum, once closed, or of no time", () => {
    const tooMuch = extendVotingWindow({ ...window, extendedMinutes: 200 }, 41, new Date(opens));
    expect(tooMuch.ok === false && tooMuch.issue.code).toBe("exceeds_max");
    const afterClose = extendVotingWindow(window, 30, new Date(closes));
    expect(afterClose.ok === false && afterClose.issue.code).toBe("closed");
    const afterExtendedClose = extendVotingWindow(
      { ...window, extendedMinutes: 60 },
      30,
      new Date(closes + 60 * MIN),
    );
    expect(afterExtendedClose.ok === false && afterExtendedClose.issue.code).toBe("closed");
    for (const minutes of [0, -10, 1.5]) {
      const r = extendVotingWindow(window, minutes, new Date(opens));
      expect(r.ok === false && r.issue.code).toBe("not_positive");
    }
    const none = extendVotingWindow({ ...window, maxExtensionMinutes: 0 }, 1, new Date(opens));
    expect(none.ok === false && none.issue.code).toBe("exceeds_max");
  });

  it("phaseOf serves any window (registration, complaints)", () => {
    const w = { opensAt: "2025-01-01T00:00:00Z", closesAt: "2025-01-02T00:00:00Z" };
    expect(phaseOf(w, new Date("2024-12-31T23:59:59Z"))).toBe("not_started");
    expect(phaseOf(w, new Date("2025-01-01T12:00:00Z"))).toBe("open");
    expect(phaseOf(w, new Date("2025-01-02T00:00:00Z"))).toBe("closed");
  });
});

describe("residence declarations", () => {
  it("are taken during the registration window only, so they can be verified before voting", () => {
    const election = {
      registration: { opensAt: "2031-03-01T04:30:00.000Z", closesAt: "2031-03-08T20:30:00.000Z" },
    };
    const at = (iso: string) => declarationRefusal(election, new Date(iso))?.code ?? null;
    expect(at("2031-03-01T04:29:59.999Z")).toBe("declarations_not_open");
    expect(at("2031-03-01T04:30:00.000Z")).toBeNull();
    expect(at("2031-03-08T20:29:59.999Z")).toBeNull();
    expect(at("2031-03-08T20:30:00.000Z")).toBe("declarations_closed");
    expect(declarationRefusal(election, new Date("2031-04-01"))?.messageFa).toMatch(/اعلام سکونت/);
  });
});

describe("candidate eligibility", () => {
  const born = jalali("1370/05/12");
  const resident = jalali("1390/01/01");

  it("needs 25 years on the registration day, counted by the Jalali birthday", () => {
    // 1395/05/12 is 2 August 2016: the Jalali birthday, a day before the Gregorian one.
    expect(
      candidateIneligibility({
        birthDate: born,
        residenceSince: resident,
        registeredOn: jalali("1395/05/12"),
      }),
    ).toEqual([]);
    const dayBefore = candidateIneligibility({
      birthDate: born,
      residenceSince: resident,
      registeredOn: jalali("1395/05/11"),
    });
    expect(dayBefore.map((i) => i.code)).toEqual(["too_young"]);
  });

  it("reads a registration instant as its Tehran day", () => {
    // 20:45 UTC on 1 August 2016 is already 2 August (1395/05/12) in Tehran.
    const late = new Date("2016-08-01T20:45:00Z");
    expect(candidateIneligibility({ birthDate: born, residenceSince: resident, registeredOn: late })).toEqual(
      [],
    );
    const early = new Date("2016-08-01T19:00:00Z");
    expect(
      candidateIneligibility({ birthDate: born, residenceSince: resident, registeredOn: early })[0]?.code,
    ).toBe("too_young");
  });

  it("needs 6 months' residence by the registration day", () => {
    const since = jalali("1402/01/15");
    const on = (d: string) =>
      candidateIneligibility({ birthDate: born, residenceSince: since, registeredOn: jalali(d) }).map(
        (i) => i.code,
      );
    expect(on("1402/07/15")).toEqual([]);
    expect(on("1402/07/14")).toEqual(["residence_too_short"]);
    expect(
      candidateIneligibility({
        birthDate: born,
        residenceSince: jalali("1402/08/01"),
        registeredOn: jalali("1402/07/15"),
      }).map((i) => i.code),
    ).toEqual(["residence_in_future"]);
  });

  it("reports every reason at once", () => {
    const young = jalali("1380/01/01");
    const codes = candidateIneligibility({
      birthDate: young,
      residenceSince: jalali("1402/05/01"),
      registeredOn: jalali("1402/07/01"),
    }).map((i) => i.code);
    expect(codes).toEqual(["too_young", "residence_too_short"]);
  });

  it("adds Jalali months, clamping to the end of shorter months", () => {
    expect(addJalaliMonths(jalali("1402/01/15"), 6)).toBe(jalali("1402/07/15"));
    expect(addJalaliMonths(jalali("1402/06/31"), 6)).toBe(jalali("1402/12/29")); // 1402 Esfand has 29 days
    expect(addJalaliMonths(jalali("1403/06/31"), 6)).toBe(jalali("1403/12/30")); // 1403 is a leap year
    expect(addJalaliMonths(jalali("1402/10/10"), 6)).toBe(jalali("1403/04/10"));
  });
});

describe("ballots", () => {
  const rules = { approvedCandidateIds: ["c1", "c2", "c3", "c4"], maxChoices: 3 };

  it("accepts up to the allowed number of approved candidates, sorted", () => {
    expect(validateBallot(["c3", "c1"], rules)).toEqual({ ok: true, choices: ["c1", "c3"] });
    expect(
      validateBallot(["c4", "c2", "c1"], {
        ...rules,
        approvedCandidateIds: new Set(rules.approvedCandidateIds),
      }),
    ).toEqual({
      ok: true,
      choices: ["c1", "c2", "c4"],
    });
  });

  it("refuses an empty ballot, too many choices, a candidate twice, or one not on the list", () => {
    const code = (choices: string[]) => {
      const r = validateBallot(choices, rules);
      return r.ok ? "ok" : r.issue.code;
    };
    expect(code([])).toBe("empty");
    expect(code(["c1", "c2", "c3", "c4"])).toBe("too_many");
    expect(code(["c1", "c1"])).toBe("duplicate");
    expect(code(["c1", "c9"])).toBe("unknown_candidate");
  });

  it("lists candidates in a published draw: a permutation, independent of input order, seed-dependent", () => {
    const candidates = Array.from({ length: 30 }, (_, i) => `c${i}`);
    fc.assert(
      fc.property(fc.string(), fc.shuffledSubarray(candidates, { minLength: 30 }), (seed, shuffled) => {
        const order = ballotOrder(seed, shuffled);
        expect([...order].sort()).toEqual([...candidates].sort());
        expect(order).toEqual(ballotOrder(seed, candidates));
      }),
      { numRuns: 50 },
    );
    expect(ballotOrder("seed-a", candidates)).not.toEqual(ballotOrder("seed-b", candidates));
  });

  it("gets a random id that carries no time", () => {
    const ballotIds = Array.from({ length: 1000 }, newBallotId);
    for (const id of ballotIds) expect(id).toMatch(/^[a-z2-7]{26}$/);
    expect(new Set(ballotIds).size).toBe(1000);
    // ULIDs made in the same millisecond share their first 10 characters; random ids do not.
    expect(new Set(ballotIds.map((id) => id.slice(0, 10))).size).toBe(1000);
  });
});
