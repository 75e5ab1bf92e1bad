/**
 * /api/judging through the composed app (app.request) with real sign-in, DynamoDB Local and the
 * S3 emulator: a Hami programme whose window closes seconds after a citizen of district 6 submits
 * a work with a real uploaded photo; the district secretariat screens, selects and forwards it;
 * the central secretariat forwards it to the jury and assigns a programme-scoped juror, who
 * scores it blind; the secretariat locks, ranks, decides, publishes and certifies; the public
 * reads the results and verifies the certificate. Refusals are problem+json with core's codes.
 * The tests run in order and share the programme.
 */
import { getMyCertificate } from "@hamdel/core/festival";
import { hamiDefaultRounds } from "@hamdel/core/festival/judging";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import readExcelFile from "read-excel-file/node";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../app";
import {
  Agent,
  createStaff,
  onePixelPng,
  type StaffAccount,
  signInCitizen,
  signInStaff,
} from "../testing/agent";
import { readProblem } from "../testing/problem";

const base = "/api/judging/programmes";
const PHONE = "09121234567";
let programmeId = "";
let entryId = "";
let central: Agent;
let district6: Agent;
let district7: Agent;
let citizen: Agent;
let jurorAccount: StaffAccount;
let juror: Agent;
let assignmentId = "";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const staffAgent = async (roles: Parameters<typeof createStaff>[0]) => {
  const agent = new Agent(app);
  await signInStaff(agent, await createStaff(roles));
  return agent;
};

async function ok<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  central = await staffAgent([{ role: "central_secretariat" }]);
  district6 = await staffAgent([{ role: "district_secretariat", scope: "6" }]);
  district7 = await staffAgent([{ role: "district_secretariat", scope: "7" }]);
  citizen = new Agent(app);
  await signInCitizen(citizen);

  const closesAt = Date.now() + 5_000;
  const programme = await ok<{ id: string; version: number }>(
    central.call("POST", "/api/festival/programmes?template=hami", {
      body: {
        title: "حامی — داوری آزمایشی",
        submissionOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
        submissionClosesAt: new Date(closesAt).toISOString(),
      },
    }),
    201,
  );
  programmeId = programme.id;
  // One review per work in each round, so a single secretariat and a single juror can finish them.
  await ok(
    central.call("PUT", `/api/festival/programmes/${programmeId}`, {
      body: {
        version: programme.version,
        changes: { rounds: hamiDefaultRounds({ quotaPerCategory: 1, districtReviews: 1, juryReviews: 1 }) },
      },
    }),
  );

  const ticket = await ok<{ uploadId: string; url: string; headers: Record<string, string> }>(
    citizen.call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "عکس.png", contentType: "image/png", size: onePixelPng.length },
    }),
    201,
  );
  expect(
    (await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: onePixelPng })).status,
  ).toBe(200);
  await ok(citizen.call("POST", `/api/uploads/${ticket.uploadId}/finalise`));
  const entry = await ok<{ id: string }>(
    citizen.call("POST", `/api/festival/programmes/${programmeId}/entries`, {
      body: {
        entrantKind: "citizen",
        categoryId: "welfare",
        district: "6",
        neighbourhood: neighbourhoodsOf("6")[0]?.id,
        values: {
          title: "صندوق محله",
          summary: "قرض‌الحسنهٔ محلی",
          contact_name: "رابط محرمانه",
          contact_phone: PHONE,
          photos: [ticket.uploadId],
        },
      },
    }),
    201,
  );
  entryId = entry.id;
  jurorAccount = await createStaff([{ role: "juror", scope: programmeId }]);
  juror = new Agent(app);
  await signInStaff(juror, jurorAccount);
  await sleep(Math.max(0, closesAt - Date.now() + 200));
}, 60_000);

describe("intake, queues and the district round", () => {
  it("starts judging once the window has closed; a second run moves nothing", async () => {
    const first = await ok<{ moved: number; cursor: string | null }>(
      central.call("POST", `${base}/${programmeId}/start`, { body: {} }),
    );
    expect(first.moved).toBe(1);
    expect(first.cursor).toBeNull();
    // No body at all is the same as {}.
    expect((await ok<{ moved: number }>(central.call("POST", `${base}/${programmeId}/start`))).moved).toBe(0);
    const refused = await district6.call("POST", `${base}/${programmeId}/start`, { body: {} });
    expect(refused.status).toBe(403);
    expect((await readProblem(refused)).code).toBe("auth.forbidden");
  });

  it("pages the district's queue blind; other districts, jurors and anonymous callers are refused", async () => {
    const page = await ok<{ items: { entryId: string; entry: { values: Record<string, unknown> } }[] }>(
      district6.call("GET", `${base}/${programmeId}/rounds/district/queue?district=6&limit=10`),
    );
    expect(page.items.map((i) => i.entryId)).toEqual([entryId]);
    expect(page.items[0]?.entry.values).toMatchObject({ title: "صندوق محله" });
    expect(JSON.stringify(page)).not.toContain(PHONE);
    expect(JSON.stringify(page)).not.toContain("رابط محرمانه");
    expect(
      (await district7.call("GET", `${base}/${programmeId}/rounds/district/queue?district=6`)).status,
    ).toBe(403);
    expect((await juror.call("GET", `${base}/${programmeId}/rounds/district/queue?district=6`)).status).toBe(
      403,
    );
    const anonymous = await new Agent(app).call("GET", `${base}/${programmeId}/rounds/district/queue`);
    expect(anonymous.status).toBe(401);
    const bad = await district6.call(
      "GET",
      `${base}/${programmeId}/rounds/district/queue?district=6&limit=0`,
    );
    expect(bad.status).toBe(422);
  });

  it("screens, selects and forwards in district 6; the dashboard counts it", async () => {
    const work = `${base}/${programmeId}/entries/${entryId}/rounds/district`;
    const closed = await district6.call("POST", `${work}/screening`, { body: { vote: "yes" } });
    expect(closed.status).toBe(409);
    expect((await readProblem(closed)).code).toBe("judging.round_not_open");
    expect((await district6.call("POST", `${base}/${programmeId}/rounds/district/open`)).status).toBe(403);
    await ok(central.call("POST", `${base}/${programmeId}/rounds/district/open`));

    const badVote = await district6.call("POST", `${work}/screening`, { body: { vote: "perhaps" } });
    expect(badVote.status).toBe(422);
    expect((await readProblem(badVote)).messageFa).toMatch(/[\u0600-\u06FF]/);
    expect(
      (await ok<{ state: string }>(district6.call("POST", `${work}/screening`, { body: { vote: "yes" } })))
        .state,
    ).toBe("reviewed");
    expect((await district7.call("POST", `${work}/decision`, { body: { decision: "select" } })).status).toBe(
      403,
    );
    expect(
      (
        await ok<{ state: string }>(
          district6.call("POST", `${work}/decision`, { body: { decision: "select" } }),
        )
      ).state,
    ).toBe("selected");
    await ok(district6.call("POST", `${work}/forward`));

    const mine = await ok<{ districts: { district: string; received: number; selected: number }[] }>(
      district6.call("GET", `${base}/${programmeId}/progress`),
    );
    expect(mine.districts).toEqual([expect.objectContaining({ district: "6", received: 1, selected: 1 })]);
    const all = await ok<{
      flagged: number;
      districts: { district: string; flags: { code: string; messageFa: string }[] }[];
    }>(central.call("GET", `${base}/${programmeId}/progress`));
    // All 22 districts; the 21 without entries are flagged as such, district 6 is not.
    expect(all.districts).toHaveLength(22);
    expect(all.districts.find((d) => d.district === "6")?.flags).toEqual([]);
    expect(all.districts.find((d) => d.district === "7")?.flags).toEqual([
      { code: "no_entries", messageFa: expect.stringMatching(/[\u0600-\u06FF]/) },
    ]);
    expect(all.flagged).toBe(21);
  });

  it("the central round needs a reason to return, then forwards to the jury", async () => {
    await ok(central.call("POST", `${base}/${programmeId}/rounds/central/open`));
    const work = `${base}/${programmeId}/entries/${entryId}/rounds/central`;
    const noReason = await central.call("POST", `${work}/return`, { body: { reason: " " } });
    expect((await readProblem(noReason)).code).toBe("judging.return_reason_required");
    expect((await ok<{ state: string }>(central.call("POST", `${work}/forward`))).state).toBe("forwarded");
  });
});

describe("the jury, blind", () => {
  it("assigns the programme's juror, who gets the work without private fields and with a signed image URL", async () => {
    await ok(central.call("POST", `${base}/${programmeId}/rounds/jury/open`));
    const assigned = await ok<{ assigned: number }>(
      central.call("POST", `${base}/${programmeId}/rounds/jury/panel`, {
        body: { panel: [{ staffId: jurorAccount.id, district: "12" }] },
      }),
    );
    expect(assigned.assigned).toBe(1);

    const { work } = await ok<{
      work: {
        assignmentId: string;
        entry: { values: Record<string, unknown> };
        files: { url: string }[];
        rubric?: { criteria: { id: string; weight: number }[] };
      } | null;
    }>(juror.call("GET", `${base}/${programmeId}/rounds/jury/next-work`));
    expect(work?.entry.values).toMatchObject({ title: "صندوق محله" });
    expect(JSON.stringify(work)).not.toContain(PHONE);
    expect(JSON.stringify(work)).not.toContain("رابط محرمانه");
    expect(work?.files).toHaveLength(1);
    const image = await fetch(work?.files[0]?.url as string);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toMatch(/^image\//);
    assignmentId = work?.assignmentId as string;
    // The scoring form's rubric comes with the work: criteria with their weights and scales.
    expect(work?.rubric?.criteria.map((c) => [c.id, c.weight])).toEqual(
      expect.arrayContaining([["innovation", expect.any(Number)]]),
    );

    // Another programme's juror, and the same id under another programme's path, are refused.
    const stranger = await staffAgent([{ role: "juror", scope: "someone-else" }]);
    expect((await stranger.call("GET", `${base}/${programmeId}/assignments/${assignmentId}`)).status).toBe(
      403,
    );
    expect((await stranger.call("GET", `${base}/${programmeId}/rounds/jury/next-work`)).status).toBe(403);
    const elsewhere = await juror.call(
      "GET",
      `${base}/01JD3Y8QZ7T7F2K5V9W0XGQH3M/assignments/${assignmentId}`,
    );
    expect(elsewhere.status).toBe(404);
  });

  it("scores with the rubric, then next-work is empty; the locked round refuses a change", async () => {
    const marks = { innovation: 8, impact: 7, participation: 9, sustainability: 6 };
    const bad = await juror.call("POST", `${base}/${programmeId}/assignments/${assignmentId}/score`, {
      body: { marks: { innovation: 11 } },
    });
    expect((await readProblem(bad)).code).toBe("judging.marks_invalid");
    const score = await ok<{ score: number; version: number }>(
      juror.call("POST", `${base}/${programmeId}/assignments/${assignmentId}/score`, {
        body: { marks, comment: "منسجم" },
      }),
    );
    expect(score.version).toBe(1);
    expect(score.score).toBeGreaterThan(0);
    expect(
      (await ok<{ work: unknown }>(juror.call("GET", `${base}/${programmeId}/rounds/jury/next-work`))).work,
    ).toBeNull();

    await ok(central.call("POST", `${base}/${programmeId}/rounds/jury/lock`));
    // The last round settles only once its winners are decided.
    const undecided = await central.call("POST", `${base}/${programmeId}/rounds/jury/settle`);
    expect(undecided.status).toBe(409);
    expect((await readProblem(undecided)).code).toBe("judging.not_decided");
    const late = await juror.call("POST", `${base}/${programmeId}/assignments/${assignmentId}/score`, {
      body: { marks },
    });
    expect(late.status).toBe(409);
    expect((await readProblem(late)).code).toBe("judging.round_locked");
  });
});

describe("results, certificates and the export", () => {
  it("ranks, decides, publishes; the public reads results without private data", async () => {
    const ranking = await ok<{ groups: { ranked: { entry: { id: string } }[] }[]; scores: number }>(
      central.call("GET", `${base}/${programmeId}/rounds/jury/ranking?by=category`),
    );
    expect(ranking.scores).toBe(1);
    expect(ranking.groups[0]?.ranked[0]?.entry.id).toBe(entryId);
    expect((await district6.call("GET", `${base}/${programmeId}/rounds/jury/ranking`)).status).toBe(403);

    const anonymous = new Agent(app);
    const early = await anonymous.call("GET", `${base}/${programmeId}/results`);
    expect((await readProblem(early)).code).toBe("judging.results_not_published");
    await ok(
      central.call("POST", `${base}/${programmeId}/rounds/jury/winners`, { body: { winners: [entryId] } }),
    );
    await ok(central.call("POST", `${base}/${programmeId}/publish`));
    // Settling the decided round leaves the winner as it is.
    expect(
      await ok(central.call("POST", `${base}/${programmeId}/rounds/jury/settle`, { body: { limit: 10 } })),
    ).toEqual({ marked: 0, cursor: null });

    const results = await ok<{ items: { entryId: string; award: string }[] }>(
      anonymous.call("GET", `${base}/${programmeId}/results?district=6`),
    );
    expect(results.items).toEqual([expect.objectContaining({ entryId, award: "winner" })]);
    expect(JSON.stringify(results)).not.toContain(PHONE);
    const none = await ok<{ items: unknown[] }>(
      anonymous.call("GET", `${base}/${programmeId}/results?district=7`),
    );
    expect(none.items).toEqual([]);
  });

  it("issues certificates; the submitter reads the code; anyone verifies it with a QR of the page", async () => {
    expect((await citizen.call("POST", `${base}/${programmeId}/certificates`, { body: {} })).status).toBe(
      403,
    );
    const issued = await ok<{ issued: number; cursor: string | null }>(
      central.call("POST", `${base}/${programmeId}/certificates`, { body: { limit: 50 } }),
    );
    expect(issued).toEqual({ issued: 1, cursor: null });
    // The submitter's code, as the festival pages hand it to them.
    const me = await ok<{ id: string }>(citizen.call("GET", "/api/identity/me"));
    const mine = await getMyCertificate({ kind: "citizen", userId: me.id, sessionId: "test" }, entryId);
    expect(mine.award).toBe("winner");

    const shown = await ok<{
      award: string;
      awardFa: string;
      verifyUrl: string;
      qrSvg: string;
      programmeTitle: string;
    }>(
      new Agent(app).call("GET", `/api/judging/certificates/${mine.code}`, {
        headers: { "x-forwarded-host": "hamdel.example" },
      }),
    );
    expect(shown).toMatchObject({
      award: "winner",
      awardFa: "برگزیده",
      programmeTitle: "حامی — داوری آزمایشی",
    });
    expect(shown.verifyUrl).toBe(`https://hamdel.example/certificates/${mine.code}`);
    expect(shown.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const unknown = await new Agent(app).call("GET", "/api/judging/certificates/AAAAA-AAAAA");
    expect(unknown.status).toBe(404);
    expect((await readProblem(unknown)).code).toBe("judging.certificate_not_found");
  });

  it("streams the CSV export with a BOM and no private field; the dictionary describes its columns", async () => {
    const res = await central.call("GET", `${base}/${programmeId}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(entryId);
    expect(text).not.toContain(PHONE);

    const { items } = await ok<{ items: { column: string; descriptionFa: string }[] }>(
      central.call("GET", `${base}/${programmeId}/export/dictionary`),
    );
    expect(items.map((d) => d.column).join(",")).toBe(lines[0]);
    expect(items.map((d) => d.column)).not.toContain("field_contact_phone");
    expect((await district6.call("GET", `${base}/${programmeId}/export.csv`)).status).toBe(403);
  });

  it("downloads the entries and the scores as XLSX with a dictionary sheet; CSV scores too; central only", async () => {
    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const entries = await central.call("GET", `${base}/${programmeId}/export.xlsx`);
    expect(entries.status).toBe(200);
    expect(entries.headers.get("content-type")).toBe(xlsx);
    expect(entries.headers.get("content-disposition")).toBe(
      `attachment; filename="entries-${programmeId}.xlsx"`,
    );
    const book = await readExcelFile(Buffer.from(await entries.arrayBuffer()));
    expect(book.map((s) => s.sheet)).toEqual(["entries", "dictionary"]);
    const rows = book[0]?.data ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[0]).toBe(entryId);
    expect(JSON.stringify(book)).not.toContain(PHONE);
    expect(JSON.stringify(book)).not.toContain("رابط محرمانه");
    expect(book[1]?.data.slice(1).map((r) => r[0])).toEqual(rows[0]);

    const scores = await central.call("GET", `${base}/${programmeId}/rounds/jury/scores.xlsx`);
    expect(scores.status).toBe(200);
    const scoreBook = await readExcelFile(Buffer.from(await scores.arrayBuffer()));
    const [header, row] = scoreBook[0]?.data ?? [];
    const cell = (name: string) => row?.[(header ?? []).indexOf(name)];
    expect(cell("entry_id")).toBe(entryId);
    expect(cell("juror")).toBe("J01");
    expect(cell("criterion_participation")).toBe(9);
    expect(JSON.stringify(scoreBook)).not.toContain(jurorAccount.id);

    const csv = await central.call("GET", `${base}/${programmeId}/rounds/jury/scores.csv`);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe((header ?? []).join(","));
    expect(lines).toHaveLength(2);
    const { items } = await ok<{ items: { column: string; descriptionFa: string; descriptionEn: string }[] }>(
      central.call("GET", `${base}/${programmeId}/rounds/jury/scores/dictionary`),
    );
    expect(items.map((d) => d.column)).toEqual(header);
    expect(items.every((d) => d.descriptionFa && d.descriptionEn)).toBe(true);

    expect((await district6.call("GET", `${base}/${programmeId}/export.xlsx`)).status).toBe(403);
    expect((await juror.call("GET", `${base}/${programmeId}/rounds/jury/scores.xlsx`)).status).toBe(403);
    const wrong = await central.call("GET", `${base}/${programmeId}/rounds/district/scores.csv`);
    expect(wrong.status).toBe(409);
    expect((await readProblem(wrong)).code).toBe("judging.wrong_round_kind");
  });
});
