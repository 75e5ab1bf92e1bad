/**
 * The judging rows of the role × route test (roles.int.test.ts), with the programmes they need.
 *
 * A judging route is only valid in one state of a programme (a round open, a work selected, a
 * score given …), so each row builds its own small Hami programme up to that state through core
 * (the commands themselves, as the secretariats would call them): window already closed, one
 * entry of district 7 (the test's district secretariats are scoped to 7), one review per work.
 * Every caller of a row then calls the same programme, so only authorisation tells them apart.
 *
 * Jurors are scoped to one programme. The shared juror's scope is a fixed id no programme has,
 * so for the rows a juror may use, the juror caller is a juror of that row's programme (created
 * and signed in here); the int test of judging checks a juror of another programme is refused.
 */
import type { Actor } from "@hamdel/core";
import {
  assignmentIdOf,
  assignPanel,
  createHamiProgramme,
  createProgramme,
  decideSelection,
  decideWinners,
  forwardEntry,
  getMyCertificate,
  issueCertificates,
  lockRound,
  openRound,
  publishResults,
  recordScreening,
  startJudging,
  submitEntry,
  submitScore,
} from "@hamdel/core/festival";
import { hamiDefaultRounds } from "@hamdel/core/festival/judging";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { ulid } from "ulid";
import { app } from "../app";
import { Agent, createStaff, type StaffAccount, signInCitizen, signInStaff } from "../testing/agent";

export type JudgingAllowed =
  | "everyone"
  | "central secretariat"
  | "judging secretariats"
  | "district secretariats"
  | "programme jurors";

export interface JudgingRouteCase {
  allowed: JudgingAllowed;
  ok: number;
  call: (caller: Agent, kind: string) => Promise<Response>;
}

const DAY = 86_400_000;
type StaffActor = Extract<Actor, { kind: "staff" }>;
const staffActor = (roles: StaffActor["roles"], userId = ulid()): StaffActor => ({
  kind: "staff",
  userId,
  sessionId: ulid(),
  username: "role-cases",
  roles,
});
const central = staffActor([{ role: "central_secretariat" }]);
const district7 = staffActor([{ role: "district_secretariat", scope: "7" }]);

const stages = [
  "intaken",
  "district_open",
  "district_locked",
  "voted",
  "selected",
  "forwarded",
  "central_open",
  "jury_open",
  "assigned",
  "scored",
  "jury_locked",
  "decided",
  "published",
  "certified",
] as const;
type Stage = (typeof stages)[number];

interface Fixture {
  programmeId: string;
  entryId: string;
  juror?: StaffAccount;
  code?: string;
}

let citizen: Promise<Actor> | undefined;
/** One signed-in citizen submits every fixture's entry (signed in through the API, once). */
function theSubmitter(): Promise<Actor> {
  citizen ??= (async () => {
    const agent = new Agent(app);
    await signInCitizen(agent);
    const me = (await (await agent.call("GET", "/api/identity/me")).json()) as { id: string };
    return { kind: "citizen", userId: me.id, sessionId: ulid() };
  })();
  return citizen;
}

/** A Hami programme with one district-7 entry, taken through the rounds up to `stage`. */
async function build(stage: Stage): Promise<Fixture> {
  const reached = (s: Stage) => stages.indexOf(stage) >= stages.indexOf(s);
  const now = Date.now();
  const programme = await createProgramme(central, {
    ...createHamiProgramme({
      title: "حامی — جدول نقش‌ها",
      submissionOpensAt: new Date(now - 2 * DAY).toISOString(),
      submissionClosesAt: new Date(now - DAY).toISOString(),
    }),
    rounds: hamiDefaultRounds({ quotaPerCategory: 5, districtReviews: 1, juryReviews: 1 }),
  });
  const pid = programme.id;
  const submitter = await theSubmitter();
  const entry = await submitEntry(
    submitter,
    {
      programmeId: pid,
      entrantKind: "citizen",
      categoryId: "welfare",
      district: "7",
      neighbourhood: neighbourhoodsOf("7")[0]?.id,
      values: {
        title: "صندوق محله",
        summary: "قرض‌الحسنهٔ محلی",
        contact_name: "رابط",
        contact_phone: "09120000000",
      },
    },
    { now: new Date(now - 1.5 * DAY) },
  );
  const fixture: Fixture = { programmeId: pid, entryId: entry.id };
  await startJudging(central, pid);
  if (!reached("district_open")) return fixture;
  await openRound(central, pid, "district");
  if (stage === "district_locked") {
    await lockRound(central, pid, "district");
    return fixture;
  }
  if (!reached("voted")) return fixture;
  await recordScreening(district7, entry.id, "district", { vote: "yes" });
  if (!reached("selected")) return fixture;
  await decideSelection(district7, entry.id, "district", { decision: "select" });
  if (!reached("forwarded")) return fixture;
  await forwardEntry(district7, entry.id, "district");
  if (!reached("central_open")) return fixture;
  await openRound(central, pid, "central");
  if (!reached("jury_open")) return fixture;
  await forwardEntry(central, entry.id, "central");
  await openRound(central, pid, "jury");
  if (!reached("assigned")) return fixture;
  fixture.juror = await createStaff([{ role: "juror", scope: pid }]);
  await assignPanel(central, pid, "jury", { panel: [{ staffId: fixture.juror.id, district: "12" }] });
  if (!reached("scored")) return fixture;
  const jurorActor = staffActor([{ role: "juror", scope: pid }], fixture.juror.id);
  await submitScore(jurorActor, assignmentIdOf(pid, "jury", entry.id), {
    marks: { innovation: 7, impact: 7, participation: 7, sustainability: 7 },
  });
  if (!reached("jury_locked")) return fixture;
  await lockRound(central, pid, "jury");
  if (!reached("decided")) return fixture;
  await decideWinners(central, pid, "jury", { winners: [entry.id], honourableMentions: [] });
  if (!reached("published")) return fixture;
  await publishResults(central, pid);
  if (!reached("certified")) return fixture;
  await issueCertificates(central, pid);
  fixture.code = (await getMyCertificate(submitter, entry.id)).code;
  return fixture;
}

/** The fixture of one row, built on first use and shared by all its callers. */
function once(stage: Stage): () => Promise<Fixture> {
  let made: Promise<Fixture> | undefined;
  return () => {
    made ??= build(stage);
    return made;
  };
}

/** The caller, or for the juror kind a signed-in juror of this programme (see the header). */
async function jurorOr(caller: Agent, kind: string, f: Fixture): Promise<Agent> {
  if (kind !== "juror") return caller;
  const agent = new Agent(app);
  await signInStaff(agent, f.juror ?? (await createStaff([{ role: "juror", scope: f.programmeId }])));
  return agent;
}

const base = "/api/judging/programmes";

export function judgingRouteCases(): Record<string, JudgingRouteCase> {
  const row = (
    route: string,
    allowed: JudgingAllowed,
    stage: Stage,
    call: (caller: Agent, f: Fixture, kind: string) => Promise<Response>,
  ): [string, JudgingRouteCase] => {
    const fixture = once(stage);
    return [route, { allowed, ok: 200, call: async (caller, kind) => call(caller, await fixture(), kind) }];
  };
  const work = (f: Fixture, round: string) => `${base}/${f.programmeId}/entries/${f.entryId}/rounds/${round}`;
  return Object.fromEntries([
    row("GET /api/judging/programmes", "judging secretariats", "intaken", (a, f) =>
      a.call("GET", base).then(async (res) => {
        // The fixture's programme (its submissions opened two days ago) is listed for them.
        if (res.status === 200) {
          const { items } = (await res.clone().json()) as { items: { id: string }[] };
          if (!items.some((p) => p.id === f.programmeId)) return new Response(null, { status: 500 });
        }
        return res;
      }),
    ),
    row("POST /api/judging/programmes/:pid/rounds/:rid/open", "central secretariat", "intaken", (a, f) =>
      a.call("POST", `${base}/${f.programmeId}/rounds/district/open`),
    ),
    row(
      "POST /api/judging/programmes/:pid/rounds/:rid/lock",
      "central secretariat",
      "district_open",
      (a, f) => a.call("POST", `${base}/${f.programmeId}/rounds/district/lock`),
    ),
    row(
      "POST /api/judging/programmes/:pid/rounds/:rid/publish",
      "central secretariat",
      "district_locked",
      (a, f) => a.call("POST", `${base}/${f.programmeId}/rounds/district/publish`),
    ),
    row("POST /api/judging/programmes/:pid/start", "central secretariat", "intaken", (a, f) =>
      a.call("POST", `${base}/${f.programmeId}/start`, { body: {} }),
    ),
    row(
      "POST /api/judging/programmes/:pid/rounds/:rid/settle",
      "central secretariat",
      "district_locked",
      (a, f) => a.call("POST", `${base}/${f.programmeId}/rounds/district/settle`, { body: {} }),
    ),
    row("GET /api/judging/programmes/:pid/rounds/:rid/queue", "judging secretariats", "intaken", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/rounds/district/queue?district=7&limit=5`),
    ),
    row(
      "POST /api/judging/programmes/:pid/entries/:eid/rounds/:rid/screening",
      "district secretariats",
      "district_open",
      (a, f) => a.call("POST", `${work(f, "district")}/screening`, { body: { vote: "yes" } }),
    ),
    row(
      "POST /api/judging/programmes/:pid/entries/:eid/rounds/:rid/decision",
      "district secretariats",
      "voted",
      (a, f) => a.call("POST", `${work(f, "district")}/decision`, { body: { decision: "select" } }),
    ),
    row(
      "POST /api/judging/programmes/:pid/entries/:eid/rounds/:rid/forward",
      "district secretariats",
      "selected",
      (a, f) => a.call("POST", `${work(f, "district")}/forward`),
    ),
    row(
      "POST /api/judging/programmes/:pid/entries/:eid/rounds/:rid/return",
      "central secretariat",
      "central_open",
      (a, f) => a.call("POST", `${work(f, "central")}/return`, { body: { reason: "مستندات کافی نیست" } }),
    ),
    row("POST /api/judging/programmes/:pid/rounds/:rid/panel", "central secretariat", "jury_open", (a, f) =>
      a.call("POST", `${base}/${f.programmeId}/rounds/jury/panel`, {
        body: { panel: [{ staffId: ulid(), district: "12" }] },
      }),
    ),
    row(
      "GET /api/judging/programmes/:pid/rounds/:rid/next-work",
      "programme jurors",
      "jury_open",
      async (a, f, kind) =>
        (await jurorOr(a, kind, f)).call("GET", `${base}/${f.programmeId}/rounds/jury/next-work`),
    ),
    row(
      "GET /api/judging/programmes/:pid/assignments/:aid",
      "programme jurors",
      "assigned",
      async (a, f, kind) =>
        (await jurorOr(a, kind, f)).call(
          "GET",
          `${base}/${f.programmeId}/assignments/${assignmentIdOf(f.programmeId, "jury", f.entryId)}`,
        ),
    ),
    row(
      "POST /api/judging/programmes/:pid/assignments/:aid/score",
      "programme jurors",
      "assigned",
      async (a, f, kind) =>
        (await jurorOr(a, kind, f)).call(
          "POST",
          `${base}/${f.programmeId}/assignments/${assignmentIdOf(f.programmeId, "jury", f.entryId)}/score`,
          { body: { marks: { innovation: 8, impact: 8, participation: 8, sustainability: 8 } } },
        ),
    ),
    row(
      "GET /api/judging/programmes/:pid/rounds/:rid/ranking",
      "central secretariat",
      "jury_locked",
      (a, f) => a.call("GET", `${base}/${f.programmeId}/rounds/jury/ranking`),
    ),
    row(
      "POST /api/judging/programmes/:pid/rounds/:rid/winners",
      "central secretariat",
      "jury_locked",
      (a, f) =>
        a.call("POST", `${base}/${f.programmeId}/rounds/jury/winners`, { body: { winners: [f.entryId] } }),
    ),
    row("POST /api/judging/programmes/:pid/publish", "central secretariat", "decided", (a, f) =>
      a.call("POST", `${base}/${f.programmeId}/publish`),
    ),
    row("GET /api/judging/programmes/:pid/results", "everyone", "published", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/results`),
    ),
    // Public: everyone reaches the command. The fixture's Hami entry has no image, so the answer
    // is 404 judging.gallery_image_not_found for all; judging-gallery.int.test.ts serves a real one.
    [
      "GET /api/judging/programmes/:pid/results/:eid/thumbnail",
      {
        ...row("GET /api/judging/programmes/:pid/results/:eid/thumbnail", "everyone", "published", (a, f) =>
          a.call("GET", `${base}/${f.programmeId}/results/${f.entryId}/thumbnail`),
        )[1],
        ok: 404,
      },
    ],
    row("POST /api/judging/programmes/:pid/certificates", "central secretariat", "published", (a, f) =>
      a.call("POST", `${base}/${f.programmeId}/certificates`, { body: {} }),
    ),
    row("GET /api/judging/programmes/:pid/progress", "judging secretariats", "intaken", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/progress`),
    ),
    row("GET /api/judging/programmes/:pid/export.csv", "central secretariat", "intaken", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/export.csv`),
    ),
    row("GET /api/judging/programmes/:pid/export/dictionary", "central secretariat", "intaken", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/export/dictionary`),
    ),
    row("GET /api/judging/programmes/:pid/export.xlsx", "central secretariat", "intaken", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/export.xlsx`),
    ),
    row("GET /api/judging/programmes/:pid/rounds/:rid/scores.csv", "central secretariat", "scored", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/rounds/jury/scores.csv`),
    ),
    row("GET /api/judging/programmes/:pid/rounds/:rid/scores.xlsx", "central secretariat", "scored", (a, f) =>
      a.call("GET", `${base}/${f.programmeId}/rounds/jury/scores.xlsx`),
    ),
    row(
      "GET /api/judging/programmes/:pid/rounds/:rid/scores/dictionary",
      "central secretariat",
      "scored",
      (a, f) => a.call("GET", `${base}/${f.programmeId}/rounds/jury/scores/dictionary`),
    ),
    row("GET /api/judging/certificates/:code", "everyone", "certified", (a, f) =>
      a.call("GET", `/api/judging/certificates/${f.code}`),
    ),
  ]);
}
