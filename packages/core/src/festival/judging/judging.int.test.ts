/**
 * One small Hami programme judged end to end against DynamoDB Local and the S3 emulator:
 * intake, paginated district queues (blind), screening with quota, forwarding (SMS), a return,
 * a jury assigned with conflicts, scoring racing the lock, ranking, winners, results,
 * certificates and the export. The tests run in order and share the programme.
 */
import readExcelFile from "read-excel-file/node";
import sharp from "sharp";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../actor";
import { listAudit } from "../../audit";
import { createUpload, finaliseUpload } from "../../blob";
import { DomainError } from "../../error";
import { neighbourhoodsOf } from "../../geo/city";
import { updateProfile } from "../../identity";
import { freshNationalId, signInCitizen } from "../../identity/test-support";
import { listOutbox } from "../../sms";
import {
  assignmentIdOf,
  assignPanel,
  computeRanking,
  createHamiProgramme,
  createProgramme,
  decideSelection,
  decideWinners,
  districtProgress,
  exportEntriesCsv,
  exportEntriesXlsx,
  exportScoresCsv,
  exportScoresXlsx,
  forwardEntry,
  getEntryForJuror,
  getMyCertificate,
  issueCertificates,
  listQueue,
  listResults,
  lockRound,
  nextWork,
  openRound,
  type Programme,
  publishResults,
  recordScreening,
  returnEntry,
  settleRound,
  startJudging,
  submitEntry,
  submitScore,
  verifyCertificate,
} from "../index";
import { hamiDefaultRounds } from "./rounds";
import { aggregateByWork, normaliseByJuror } from "./scoring";
import * as store from "./store";

const DAY = 24 * 3600 * 1000;
const staff = (roles: Extract<Actor, { kind: "staff" }>["roles"]): Extract<Actor, { kind: "staff" }> => ({
  kind: "staff",
  userId: ulid(),
  sessionId: ulid(),
  username: "staff",
  roles,
});
const central = staff([{ role: "central_secretariat" }]);
const district5 = staff([{ role: "district_secretariat", scope: "5" }]);
const district7 = staff([{ role: "district_secretariat", scope: "7" }]);

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError, got success");
}

const hood = (district: string) => neighbourhoodsOf(district)[0]?.id ?? "";

async function citizen(district: string) {
  const { me, session, mobile } = await signInCitizen();
  const actor = { kind: "citizen" as const, userId: me.id, sessionId: session.id };
  await updateProfile(actor, {
    firstName: "رضا",
    lastName: "کریمی",
    nationalId: freshNationalId(),
    birthDate: "1360/01/01",
    district,
    neighbourhood: hood(district),
  });
  return { actor, mobile };
}

async function photo(owner: Actor): Promise<string> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c84" } })
    .png()
    .toBuffer();
  const ticket = await createUpload(owner, {
    purpose: "artwork",
    fileName: "photo.png",
    contentType: "image/png",
    size: png.length,
  });
  await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: png });
  await finaliseUpload(owner, ticket.uploadId);
  return ticket.uploadId;
}

let programme: Programme;
const later = () => ({ now: new Date(Date.now() + 2 * DAY) });
const ids: Record<"e1" | "e2" | "e3" | "e4" | "e5", string> = { e1: "", e2: "", e3: "", e4: "", e5: "" };
let owner5: { actor: Actor; mobile: string };
let owner7: { actor: Actor; mobile: string };
// Jurors of this programme: J1 lives in district 5, J2 in 7, J3 and J4 in 12 (J4 declared E3).
const jurors = () => [1, 2, 3, 4].map(() => staff([{ role: "juror", scope: programme.id }]));
let panel: ReturnType<typeof staff>[] = [];

beforeAll(async () => {
  const now = Date.now();
  programme = await createProgramme(central, {
    ...createHamiProgramme({
      submissionOpensAt: new Date(now - DAY).toISOString(),
      submissionClosesAt: new Date(now + DAY).toISOString(),
      judgingEndsAt: new Date(now + 3 * DAY).toISOString(),
    }),
    rounds: hamiDefaultRounds({ quotaPerCategory: 1, districtReviews: 1, juryReviews: 2 }),
  });
  owner5 = await citizen("5");
  owner7 = await citizen("7");
  const submit = async (who: Actor, categoryId: string, title: string, photos: string[] = []) =>
    (
      await submitEntry(who, {
        programmeId: programme.id,
        entrantKind: "citizen",
        categoryId,
        values: {
          title,
          summary: "شرح فعالیت در محله",
          contact_name: "رضا کریمی",
          contact_phone: "09120000000",
          ...(photos.length ? { photos } : {}),
        },
      })
    ).id;
  ids.e1 = await submit(owner5.actor, "welfare", "اثر یک");
  ids.e2 = await submit(owner5.actor, "welfare", "اثر دو");
  ids.e5 = await submit(owner5.actor, "entrepreneurship", "اثر پنج");
  ids.e3 = await submit(owner7.actor, "participation", "اثر سه", [await photo(owner7.actor)]);
  ids.e4 = await submit(owner7.actor, "participation", "اثر چهار");
  panel = jurors();
});

describe("intake and queues", () => {
  it("starts only after the window closes, a page at a time, and a second run moves nothing", async () => {
    expect((await failure(startJudging(central, programme.id))).code).toBe("judging.window_still_open");
    expect((await failure(startJudging(district5, programme.id, {}, later()))).code).toBe("auth.forbidden");
    let moved = 0;
    let cursor: string | null | undefined;
    let calls = 0;
    do {
      const out = await startJudging(
        central,
        programme.id,
        { limit: 2, ...(cursor ? { cursor } : {}) },
        later(),
      );
      moved += out.moved;
      cursor = out.cursor;
      calls++;
    } while (cursor);
    expect(moved).toBe(5);
    expect(calls).toBeGreaterThan(1);
    expect((await startJudging(central, programme.id, {}, later())).moved).toBe(0);
    expect((await listAudit("entry", ids.e1)).map((a) => a.action)).toContain("judging.entered_round");
  });

  it("pages a district's queue blind; other districts and jurors are refused", async () => {
    const first = await listQueue(district5, programme.id, "district", { district: "5", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.cursor).not.toBeNull();
    const second = await listQueue(district5, programme.id, "district", {
      district: "5",
      limit: 2,
      cursor: first.cursor,
    });
    expect(second.items).toHaveLength(1);
    expect(second.cursor).toBeNull();
    const seen = [...first.items, ...second.items];
    expect(seen.map((i) => i.entryId).sort()).toEqual([ids.e1, ids.e2, ids.e5].sort());
    for (const item of seen) {
      expect(item.entry.values).not.toHaveProperty("contact_name");
      expect(item.entry.values).not.toHaveProperty("contact_phone");
      expect(JSON.stringify(item)).not.toContain("09120000000");
      expect(item.entry).not.toHaveProperty("submitterId");
    }
    expect((await failure(listQueue(district7, programme.id, "district", { district: "5" }))).code).toBe(
      "auth.forbidden",
    );
    expect(
      (await failure(listQueue(panel[0] as Actor, programme.id, "district", { district: "5" }))).code,
    ).toBe("auth.forbidden");
    // The central secretariat sees every district.
    const all = await listQueue(central, programme.id, "district", { limit: 10 });
    expect(all.items).toHaveLength(5);
  });
});

describe("screening and selection", () => {
  it("votes need an open round; selection stops at the quota per district and category", async () => {
    expect((await failure(recordScreening(district5, ids.e1, "district", { vote: "yes" }))).code).toBe(
      "judging.round_not_open",
    );
    expect((await failure(openRound(district5, programme.id, "district"))).code).toBe("auth.forbidden");
    await openRound(central, programme.id, "district");
    for (const id of [ids.e1, ids.e2, ids.e5])
      expect((await recordScreening(district5, id, "district", { vote: "yes" })).state).toBe("reviewed");
    expect((await failure(recordScreening(district7, ids.e1, "district", { vote: "no" }))).code).toBe(
      "auth.forbidden",
    );
    for (const id of [ids.e3, ids.e4]) await recordScreening(district7, id, "district", { vote: "maybe" });

    expect((await decideSelection(district5, ids.e1, "district", { decision: "select" })).state).toBe(
      "selected",
    );
    // Same district and category: the quota of one is used.
    expect((await failure(decideSelection(district5, ids.e2, "district", { decision: "select" }))).code).toBe(
      "judging.quota_exceeded",
    );
    await decideSelection(district5, ids.e5, "district", { decision: "select" });
    await decideSelection(district5, ids.e2, "district", { decision: "reject" });
    // Two selections racing for district 7's one participation place: exactly one wins.
    const race = await Promise.allSettled([
      decideSelection(district7, ids.e3, "district", { decision: "select" }),
      decideSelection(district7, ids.e4, "district", { decision: "select" }),
    ]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const winner7 = race[0]?.status === "fulfilled" ? ids.e3 : ids.e4;
    if (winner7 !== ids.e3) {
      await decideSelection(district7, ids.e4, "district", { decision: "deselect" });
      await decideSelection(district7, ids.e3, "district", { decision: "select" });
    }
    expect((await store.getWork(ids.e3, "district"))?.state).toBe("selected");

    const progress = await districtProgress(central, programme.id);
    const d5 = progress.districts.find((d) => d.district === "5");
    expect(d5).toMatchObject({ received: 3, screened: 3, selected: 2, rejected: 1, overdue: 0 });
    expect(progress.districts.find((d) => d.district === "7")).toMatchObject({ received: 2, selected: 1 });
    // Past the judging end date, undecided works count as overdue; a district sees its own row only.
    const late = await districtProgress(district7, programme.id, { now: new Date(Date.now() + 4 * DAY) });
    expect(late.districts).toEqual([expect.objectContaining({ district: "7", overdue: 1 })]);
    // Shortcomings: every district is listed; one without entries is flagged at once, the rest
    // only past the due date (Hami: a quota of 1 per category, so 3 places per district).
    expect(progress.districts).toHaveLength(22);
    expect(progress.districts.find((d) => d.district === "1")?.flags.map((f) => f.code)).toEqual([
      "no_entries",
    ]);
    expect(d5).toMatchObject({ quota: 3, flags: [] });
    expect(progress.flagged).toBe(20);
    const d7late = late.districts[0];
    expect(d7late?.flags.map((f) => f.code)).toEqual(
      expect.arrayContaining(["undecided_overdue", "under_quota"]),
    );
    expect(d7late?.flags.find((f) => f.code === "under_quota")?.messageFa).toMatch(/۱ از ۳/);
  });

  it("forwarding advances the entry and texts its submitter; central returns one with a reason", async () => {
    for (const id of [ids.e1, ids.e5]) await forwardEntry(district5, id, "district");
    await forwardEntry(district7, ids.e3, "district");
    const texts = await listOutbox(undefined, { to: owner7.mobile, limit: 5 });
    expect(texts.some((m) => m.text.includes("راه یافت"))).toBe(true);

    await openRound(central, programme.id, "central");
    expect((await failure(returnEntry(central, ids.e5, "central", { reason: " " }))).code).toBe(
      "judging.return_reason_required",
    );
    await returnEntry(central, ids.e5, "central", { reason: "مستندات کافی نیست" });
    expect((await store.getWork(ids.e5, "district"))?.state).toBe("shortlisted");
    const d5 = (await districtProgress(district5, programme.id)).districts[0];
    expect(d5?.selected).toBe(1);
    for (const id of [ids.e1, ids.e3])
      expect((await forwardEntry(central, id, "central")).state).toBe("forwarded");
    expect((await store.getWork(ids.e1, "jury"))?.state).toBe("pending");
  });
});

describe("jury", () => {
  it("assigns around conflicts; a juror never sees a conflicted or unassigned work, nor a private field", async () => {
    await openRound(central, programme.id, "jury");
    const [j1, j2, j3, j4] = panel as [
      Actor & { userId: string },
      Actor & { userId: string },
      Actor & { userId: string },
      Actor & { userId: string },
    ];
    const out = await assignPanel(central, programme.id, "jury", {
      panel: [
        { staffId: j1.userId, district: "5", neighbourhood: hood("5") },
        { staffId: j2.userId, district: "7", neighbourhood: hood("7") },
        { staffId: j3.userId, district: "12" },
        { staffId: j4.userId, district: "12", conflicts: [ids.e3] },
      ],
    });
    expect(out).toEqual({ assigned: 2, shortfalls: [] });
    // J1 (district 5) is conflicted on E1; J4 declared E3; J2 (district 7) is conflicted on E3.
    expect((await failure(getEntryForJuror(j1, assignmentIdOf(programme.id, "jury", ids.e1)))).code).toBe(
      "auth.forbidden",
    );
    expect((await failure(getEntryForJuror(j4, assignmentIdOf(programme.id, "jury", ids.e3)))).code).toBe(
      "auth.forbidden",
    );
    expect((await failure(getEntryForJuror(j2, assignmentIdOf(programme.id, "jury", ids.e3)))).code).toBe(
      "auth.forbidden",
    );
    expect(
      (await failure(getEntryForJuror(district5, assignmentIdOf(programme.id, "jury", ids.e1)))).code,
    ).toBe("auth.forbidden");

    const work = await nextWork(j1, programme.id, "jury");
    expect(work?.entry.id).toBe(ids.e3);
    expect(work?.entry.values).toMatchObject({ title: "اثر سه" });
    expect(work?.entry.values).not.toHaveProperty("contact_name");
    expect(work?.entry.values).not.toHaveProperty("contact_phone");
    expect(JSON.stringify(work)).not.toContain("09120000000");
    expect(work?.files).toHaveLength(1);
    const image = await fetch(work?.files[0]?.url as string);
    expect(image.status).toBe(200);
  });

  it("scores with the rubric; unassigned jurors are refused; a score racing the lock lands before it or is refused", async () => {
    const marks = (n: number) => ({ innovation: n, impact: n, participation: n, sustainability: n });
    const assignedTo = async (entryId: string) => {
      const out: (Actor & { userId: string })[] = [];
      for (const j of panel)
        if (await store.getAssignment(programme.id, "jury", j.userId, entryId)) out.push(j);
      return out;
    };
    const e1Jurors = await assignedTo(ids.e1);
    const e3Jurors = await assignedTo(ids.e3);
    expect(e1Jurors).toHaveLength(2);
    expect(e3Jurors.map((j) => j.userId).sort()).toEqual([panel[0]?.userId, panel[2]?.userId].sort());
    expect(
      (
        await failure(
          submitScore(panel[0] as Actor, assignmentIdOf(programme.id, "jury", ids.e1), { marks: marks(5) }),
        )
      ).code,
    ).toBe("auth.forbidden");
    expect(
      (
        await failure(
          submitScore(panel[0] as Actor, assignmentIdOf(programme.id, "jury", ids.e3), {
            marks: { innovation: 11 },
          }),
        )
      ).code,
    ).toBe("judging.marks_invalid");

    // Raw scores: E3 is liked by both its jurors more than E1 by its.
    const given: { jurorId: string; workId: string; score: number }[] = [];
    const score = async (j: Actor & { userId: string }, entryId: string, n: number) => {
      const s = await submitScore(j, assignmentIdOf(programme.id, "jury", entryId), {
        marks: marks(n),
        comment: "خوب",
      });
      given.push({ jurorId: j.userId, workId: entryId, score: s.score });
      return s;
    };
    for (const j of e3Jurors) await score(j, ids.e3, 9);
    for (const [i, j] of e1Jurors.entries()) await score(j, ids.e1, 4 + i);
    expect(await nextWork(panel[0] as Actor, programme.id, "jury")).toBeNull();

    // The race: every juror re-scores while the lock commits.
    const attempts = [
      ...e3Jurors.map((j) => [j, ids.e3] as const),
      ...e1Jurors.map((j) => [j, ids.e1] as const),
    ];
    const settled = await Promise.allSettled([
      lockRound(central, programme.id, "jury"),
      ...attempts.map(([j, id]) =>
        submitScore(j, assignmentIdOf(programme.id, "jury", id), { marks: marks(10) }),
      ),
    ]);
    expect(settled[0]?.status).toBe("fulfilled");
    for (const [i, [j, id]] of attempts.entries()) {
      const result = settled[i + 1];
      const stored = await store.getScore(id, "jury", j.userId);
      if (result?.status === "fulfilled") {
        expect(stored?.version).toBe(2);
        expect(stored?.score).toBe(100);
        const g = given.find((x) => x.jurorId === j.userId && x.workId === id);
        if (g) g.score = 100;
      } else {
        expect(result?.status === "rejected" && (result.reason as DomainError).code).toBe(
          "judging.round_locked",
        );
        expect(stored?.version).toBe(1);
      }
    }
    const e = await failure(
      submitScore(e3Jurors[0] as Actor, assignmentIdOf(programme.id, "jury", ids.e3), { marks: marks(1) }),
    );
    expect(e.code).toBe("judging.round_locked");

    const ranking = await computeRanking(central, programme.id, "jury", { by: [] });
    expect(ranking.scores).toBe(4);
    const expected = aggregateByWork(normaliseByJuror(given, { min: 0, max: 100 }).scores).sort(
      (a, b) => b.mean - a.mean,
    );
    const ranked = ranking.groups[0]?.ranked ?? [];
    expect(ranked.map((r) => r.entry.id)).toEqual(expected.map((x) => x.workId));
    for (const [i, r] of ranked.entries()) expect(r.entry.score).toBeCloseTo(expected[i]?.mean as number, 9);
    expect(ranking.agreement.raters).toBe(4);
    expect(ranking.jurors).toHaveLength(4);
    // By category (the default for Hami): E1 welfare, E3 participation, each first in its group.
    const byCategory = await computeRanking(central, programme.id, "jury");
    expect(byCategory.groups.map((g) => g.key)).toEqual(["category=participation", "category=welfare"]);
  });
});

describe("results and certificates", () => {
  it("winners are decided once, published with an SMS, shown publicly without private data", async () => {
    expect((await failure(listResults(programme.id))).code).toBe("judging.results_not_published");
    const decision = { winners: [ids.e3], honourableMentions: [ids.e1] };
    await decideWinners(central, programme.id, "jury", decision);
    expect(
      (
        await failure(
          decideWinners(central, programme.id, "jury", { winners: [ids.e1], honourableMentions: [] }),
        )
      ).code,
    ).toBe("judging.decisions_locked");
    await publishResults(central, programme.id);
    const texts = await listOutbox(undefined, { to: owner7.mobile, limit: 5 });
    expect(texts.some((m) => m.text.includes("نتایج"))).toBe(true);

    const results = await listResults(programme.id);
    expect(results.items.map((r) => [r.entryId, r.award]).sort()).toEqual(
      [
        [ids.e1, "honourable_mention"],
        [ids.e3, "winner"],
      ].sort(),
    );
    expect(JSON.stringify(results)).not.toMatch(/09120000000|کریمی/);
    expect((await listResults(programme.id, { district: "7" })).items.map((r) => r.entryId)).toEqual([
      ids.e3,
    ]);
  });

  it("certificates for every participant verify publicly by code; the export streams rows with a dictionary", async () => {
    let issued = 0;
    let cursor: string | null | undefined;
    do {
      const out = await issueCertificates(central, programme.id, { limit: 2, ...(cursor ? { cursor } : {}) });
      issued += out.issued;
      cursor = out.cursor;
    } while (cursor);
    expect(issued).toBe(5);
    expect((await issueCertificates(central, programme.id, { limit: 10 })).issued).toBe(0);

    const mine = await getMyCertificate(owner7.actor, ids.e3);
    const shown = await verifyCertificate(mine.code.toLowerCase());
    expect(shown).toMatchObject({ programmeTitle: programme.title, award: "winner", name: "رضا کریمی" });
    expect(shown.issuedOnFa).toMatch(/^[۰-۹]+ \S+ [۰-۹]{4}$/);
    expect((await failure(verifyCertificate("AAAAA-AAAAA"))).code).toBe("judging.certificate_not_found");
    expect((await failure(getMyCertificate(owner5.actor, ids.e3))).code).toBe(
      "judging.certificate_not_found",
    );

    const { dictionary, rows } = await exportEntriesCsv(central, programme.id);
    const lines: string[] = [];
    for await (const line of rows) lines.push(line);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(`${dictionary.map((d) => d.column).join(",")}\r\n`);
    expect(dictionary.map((d) => d.column)).not.toContain("field_contact_phone");
    expect(lines.join("")).not.toContain("09120000000");
    expect((await failure(exportEntriesCsv(district5, programme.id))).code).toBe("auth.forbidden");
  });
});

describe("XLSX exports", () => {
  it("the entries workbook has the CSV's rows and columns and a bilingual dictionary sheet, no private data", async () => {
    const { dictionary, rows } = await exportEntriesCsv(central, programme.id);
    const csv: string[] = [];
    for await (const line of rows) csv.push(line);
    const book = await readExcelFile(await exportEntriesXlsx(central, programme.id));
    expect(book.map((s) => s.sheet)).toEqual(["entries", "dictionary"]);
    const [entries, dict] = book.map((s) => s.data);
    expect(entries?.[0]).toEqual(dictionary.map((d) => d.column));
    expect(entries).toHaveLength(csv.length);
    const col = (name: string) => dictionary.findIndex((d) => d.column === name);
    expect(
      entries
        ?.slice(1)
        .map((r) => r[col("entry_id")])
        .sort(),
    ).toEqual(Object.values(ids).sort());
    const e3 = entries?.find((r) => r[col("entry_id")] === ids.e3);
    expect(e3?.[col("field_title")]).toBe("اثر سه");
    expect(e3?.[col("field_photos")]).toBe(1);
    expect(e3?.[col("district")]).toBe("7");
    expect(e3?.[col("status")]).toBe("winner");
    expect(JSON.stringify(entries)).not.toMatch(/09120000000|کریمی/);
    expect(dictionary.map((d) => d.column)).not.toContain("field_contact_name");
    expect(dict?.[0]).toEqual(["column", "description_fa", "description_en"]);
    expect(dict?.slice(1).map((r) => r[0])).toEqual(dictionary.map((d) => d.column));
    for (const r of dict?.slice(1) ?? []) {
      expect(r[1]).toMatch(/[\u0600-\u06FF]/);
      expect(r[2]).toMatch(/^[\x20-\x7E–…]+$/);
    }
    expect((await failure(exportEntriesXlsx(district7, programme.id))).code).toBe("auth.forbidden");
  });

  it("the scores export (CSV and XLSX): entry, juror pseudonym, marks, total and normalised score", async () => {
    const stored = [] as store.Score[];
    for (const id of [ids.e1, ids.e3])
      for (const j of panel) {
        const s = await store.getScore(id, "jury", j.userId);
        if (s) stored.push(s);
      }
    expect(stored).toHaveLength(4);
    const normalised = normaliseByJuror(
      stored.map((s) => ({ jurorId: s.jurorId, workId: s.entryId, score: s.score })),
      { min: 0, max: 100 },
    ).scores;

    const book = await readExcelFile(await exportScoresXlsx(central, programme.id, "jury"));
    expect(book.map((s) => s.sheet)).toEqual(["scores", "dictionary"]);
    const [scores, dict] = book.map((s) => s.data);
    const header = scores?.[0] as string[];
    expect(header).toEqual([
      "entry_id",
      "tracking_code",
      "district",
      "category",
      "age_group",
      "juror",
      "criterion_innovation",
      "criterion_impact",
      "criterion_participation",
      "criterion_sustainability",
      "total",
      "normalised",
      "scored_at",
    ]);
    expect(dict?.slice(1).map((r) => r[0])).toEqual(header);
    const body = scores?.slice(1) ?? [];
    expect(body).toHaveLength(4);
    const at = (row: unknown[], name: string) => row[header.indexOf(name)];
    // Pseudonyms follow the jurors' ids in order: J01 is the smallest id.
    const order = [...new Set(stored.map((s) => s.jurorId))].sort();
    for (const s of stored) {
      const juror = `J0${order.indexOf(s.jurorId) + 1}`;
      const row = body.find((r) => at(r, "entry_id") === s.entryId && at(r, "juror") === juror) ?? [];
      for (const c of ["innovation", "impact", "participation", "sustainability"])
        expect(at(row, `criterion_${c}`)).toBe(s.marks[c]);
      expect(at(row, "total")).toBeCloseTo(s.score, 2);
      const n = normalised.find((x) => x.jurorId === s.jurorId && x.workId === s.entryId)?.normalised;
      expect(at(row, "normalised")).toBeCloseTo(n as number, 2);
      expect(at(row, "scored_at")).toBe(s.at);
    }
    const entry3 = body.find((r) => at(r, "entry_id") === ids.e3) ?? [];
    expect(at(entry3, "district")).toBe("7");
    expect(at(entry3, "category")).toBe("participation");
    expect(String(at(entry3, "tracking_code"))).toMatch(/\S/);
    // Jurors are pseudonyms only: no staff id appears in either format.
    const { rows } = await exportScoresCsv(central, programme.id, "jury");
    const csv: string[] = [];
    for await (const line of rows) csv.push(line);
    expect(csv).toHaveLength(5);
    expect(csv[0]).toBe(`${header.join(",")}\r\n`);
    for (const j of panel) {
      expect(JSON.stringify(book)).not.toContain(j.userId);
      expect(csv.join("")).not.toContain(j.userId);
    }
    expect((await failure(exportScoresXlsx(district7, programme.id, "jury"))).code).toBe("auth.forbidden");
    expect((await failure(exportScoresCsv(central, programme.id, "district"))).code).toBe(
      "judging.wrong_round_kind",
    );
  });
});

describe("settling rounds", () => {
  it("a locked round marks the works that did not go on as not_selected, a page at a time, once", async () => {
    expect((await failure(settleRound(central, programme.id, "district"))).code).toBe(
      "judging.round_not_locked",
    );
    await lockRound(central, programme.id, "district");
    expect((await failure(settleRound(district5, programme.id, "district"))).code).toBe("auth.forbidden");
    const before = await store.getEntries(Object.values(ids));
    let marked = 0;
    let cursor: string | null | undefined;
    do {
      const out = await settleRound(central, programme.id, "district", {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      marked += out.marked;
      cursor = out.cursor;
    } while (cursor);
    const after = await store.getEntries(Object.values(ids));
    // Left behind in district 7's race or shortlisted again after the central return: not selected now.
    const leftBehind = Object.values(ids).filter((id) =>
      ["in_screening", "returned"].includes(before.get(id)?.status as string),
    );
    expect(leftBehind.length).toBeGreaterThan(0);
    expect(marked).toBe(leftBehind.length);
    for (const id of leftBehind) expect(after.get(id)?.status).toBe("not_selected");
    // Winners and the rejected keep their status; a second run changes nothing.
    expect(after.get(ids.e3)?.status).toBe("winner");
    expect(after.get(ids.e1)?.status).toBe("honourable_mention");
    expect(after.get(ids.e2)?.status).toBe("not_selected");
    expect((await settleRound(central, programme.id, "district", { limit: 100 })).marked).toBe(0);
    expect((await listAudit("entry", leftBehind[0] as string)).map((a) => a.action)).toContain(
      "judging.not_selected",
    );
    // The jury's decided round: its winners are decided already, nothing else is left in it.
    expect((await settleRound(central, programme.id, "jury")).marked).toBe(0);
  });
});

describe("reading entries in bulk", () => {
  it("reads more than one BatchGet's 100 keys, duplicates included, and finds the ones that exist", async () => {
    const absent = Array.from({ length: 240 }, () => ulid());
    const asked = [...absent.slice(0, 120), ...Object.values(ids), ...absent.slice(120), ids.e1, ids.e3];
    const found = await store.getEntries(asked);
    expect([...found.keys()].sort()).toEqual(Object.values(ids).sort());
    expect(found.get(ids.e3)?.values.title).toBe("اثر سه");
  });
});
