/**
 * /api/judging: the rounds after a programme's window closes — intake, the secretariats' paginated
 * queues, screening votes and selection, forwarding and returns, the jury's panel and its blind
 * next-work/score loop, ranking, winners, publishing, public results, certificates (issued by the
 * secretariat, verified by anyone), the central dashboard's progress and the exports (entries and
 * scores, CSV streamed or XLSX, each with its data dictionary).
 * Each handler validates the path and query, passes the body to one core command (which parses it
 * with its own schema) and maps the result; who may do what is core's (festival/judging/permissions.ts).
 */
import {
  type AssignPanelInput,
  assignmentIdOf,
  assignPanel,
  type CertificateView,
  computeRanking,
  type DictionaryRow,
  type DistrictProgress,
  decideSelection,
  decideWinners,
  districtProgress,
  exportEntriesCsv,
  exportEntriesXlsx,
  exportScoresCsv,
  exportScoresXlsx,
  forwardEntry,
  galleryThumbnail,
  getEntryForJuror,
  issueCertificates,
  type JudgingProgramme,
  type JurorWork,
  listJudgingProgrammes,
  listQueue,
  listResults,
  lockRound,
  nextWork,
  openRound,
  type PublicResult,
  publishResults,
  publishRound,
  type QueueItem,
  type Ranking,
  type RoundState,
  recordScreening,
  returnEntry,
  type Score,
  settleRound,
  startJudging,
  submitScore,
  verifyCertificate,
  type Work,
  XLSX_CONTENT_TYPE,
} from "@hamdel/core/festival";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import QRCode from "qrcode";
import { domainApp, json, jsonBody, problems, sessionSecurity } from "../http/openapi";
import { forwardedSiteOrigin } from "../http/request-context";

/** Responses are core's types (festival/judging/*.ts documents every field). */
const object = <T>(name: string, description: string) =>
  z.custom<T>().openapi(name, { type: "object", description });
const RoundStateSchema = object<RoundState>(
  "RoundState",
  "A round's status (draft → open → locked → published).",
);
const WorkSchema = object<Work>(
  "Work",
  "An entry's place in a round: state, votes, district, return reason.",
);
const QueueItemSchema = object<QueueItem>("QueueItem", "A work in a queue with its entry shown blind.");
const JurorWorkSchema = object<JurorWork>(
  "JurorWork",
  "An assigned work, blind, with short-lived signed URLs of its files and the juror's own score so far.",
);
const ScoreSchema = object<Score>("Score", "A juror's marks, weighted score and comment.");
const RankingSchema = object<Ranking>("Ranking", "Ranked groups, per-juror statistics and agreement.");
const ResultCardSchema = object<PublicResult>(
  "ResultCard",
  "A published award: no surname, school or contact; a child's first name and thumbnail (a public " +
    "path under /results/{eid}/thumbnail) only with the guardian's gallery consent.",
);
const ProgressSchema = object<DistrictProgress>(
  "DistrictProgress",
  "A district's received/screened/selected/overdue/unscreened, quota, and flagged shortcomings " +
    "(no_entries, unscreened_overdue, undecided_overdue, under_quota) with Persian messages.",
);
const CertificateSchema = object<CertificateView & { code: string; verifyUrl: string; qrSvg: string }>(
  "CertificateVerification",
  "What a certificate's code stands for, with the verification URL and its QR code as SVG.",
);
const DictionarySchema = object<DictionaryRow>(
  "DictionaryRow",
  "An export column with its Persian and English descriptions.",
);
const AssignPanelBody = z
  .custom<AssignPanelInput>((v) => typeof v === "object" && v !== null)
  .openapi("AssignPanel", {
    type: "object",
    description:
      "`{ panel: [{ staffId, district?, neighbourhood?, conflicts?, capacity? }], reviewsPerWork?, conflicts? }` " +
      "— validated by core (assignPanelInput).",
  });

const id = (what: string) =>
  z
    .string()
    .min(1, { error: `شناسهٔ ${what} نامعتبر است.` })
    .max(64, { error: `شناسهٔ ${what} نامعتبر است.` });
const pid = id("برنامه").meta({ example: "01JD3Y8QZ7T7F2K5V9W0XGQH3M" });
const rid = id("مرحله").meta({ example: "jury" });
const eid = id("اثر").meta({ example: "01JD3Y8QZ7T7F2K5V9W0XGQH3N" });
const programmeParam = z.object({ pid });
const roundParam = z.object({ pid, rid });
const workParam = z.object({ pid, eid, rid });
const assignmentParam = z.object({
  pid,
  // `${programmeId}.${roundId}.${entryId}`, as next-work answers it.
  aid: z.string().min(1).max(200, { error: "شناسهٔ تخصیص نامعتبر است." }),
});

const tags = ["judging"];
const staffOnly = { security: sessionSecurity, tags } as const;

const JudgingProgrammeSchema = object<JudgingProgramme>(
  "JudgingProgramme",
  "A programme a secretariat judges: id, title, kind, closing and judging dates, its rounds.",
);

const programmesRoute = createRoute({
  method: "get",
  path: "/programmes",
  ...staffOnly,
  summary: "The programmes the secretariats judge, newest first (central and district secretariats)",
  responses: {
    200: json(z.object({ items: z.array(JudgingProgrammeSchema) }), "The programmes."),
    ...problems(401, 403),
  },
});

function roundStep(step: "open" | "lock" | "publish", summary: string) {
  return createRoute({
    method: "post",
    path: `/programmes/{pid}/rounds/{rid}/${step}`,
    ...staffOnly,
    summary,
    request: { params: roundParam },
    responses: { 200: json(RoundStateSchema, "The round's new state."), ...problems(401, 403, 404, 409) },
  });
}

const openRoute = roundStep(
  "open",
  "Open a round: votes and scores are taken from now (central secretariat)",
);
const lockRoute = roundStep("lock", "Lock a round: its votes and scores are final (central secretariat)");
const publishRoundRoute = roundStep(
  "publish",
  "Publish a round; the last one publishes the results once winners are decided (central secretariat)",
);

const pageBody = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

const startRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/start",
  ...staffOnly,
  summary:
    "Move submitted entries into round 1 after the window closes, a page at a time (central secretariat)",
  description: "Call again with the returned `cursor` until it is null. Safe to repeat.",
  request: { params: programmeParam, body: { ...jsonBody(pageBody), required: false } },
  responses: {
    200: json(
      z.object({ moved: z.number(), cursor: z.string().nullable() }),
      "Entries moved and where to go on.",
    ),
    ...problems(401, 403, 404, 409, 422),
  },
});

const settleRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/rounds/{rid}/settle",
  ...staffOnly,
  summary:
    "Settle a locked round: the works that did not go on are marked not_selected for their entrants, a page at a time (central secretariat)",
  description:
    "Call again with the returned `cursor` until it is null. Safe to repeat. The last round needs its winners decided.",
  request: { params: roundParam, body: { ...jsonBody(pageBody), required: false } },
  responses: {
    200: json(
      z.object({ marked: z.number(), cursor: z.string().nullable() }),
      "Entries marked and where to go on.",
    ),
    ...problems(401, 403, 404, 409, 422),
  },
});

const queueRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/rounds/{rid}/queue",
  ...staffOnly,
  summary: "A page of a round's works, blind (round managers; the central secretariat sees every district)",
  request: {
    params: roundParam,
    query: z.object({
      district: z.string().max(4).optional(),
      status: z.string().max(40).optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(QueueItemSchema), cursor: z.string().nullable() }), "The page."),
    ...problems(401, 403, 404, 422),
  },
});

const workResponses = {
  200: json(WorkSchema, "The work after the change."),
  ...problems(400, 401, 403, 404, 409, 422),
};

function workAction<B extends z.ZodType>(path: string, summary: string, body: B) {
  return createRoute({
    method: "post",
    path: `/programmes/{pid}/entries/{eid}/rounds/{rid}/${path}`,
    ...staffOnly,
    summary,
    request: { params: workParam, body: jsonBody(body) },
    responses: workResponses,
  });
}

const screeningRoute = workAction(
  "screening",
  "A panel member's yes/no/maybe on a work (screening rounds)",
  z.object({ vote: z.string(), note: z.string().optional() }).openapi("ScreeningVote"),
);
const decisionRoute = workAction(
  "decision",
  "Shortlist, select, reject or deselect a work (round managers; quotas apply)",
  z.object({ decision: z.string() }).openapi("SelectionDecision"),
);
const forwardRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/entries/{eid}/rounds/{rid}/forward",
  ...staffOnly,
  summary: "Forward a selected work to the next round (round managers; SMS)",
  request: { params: workParam },
  responses: workResponses,
});
const returnRoute = workAction(
  "return",
  "Send a work back to the previous round with a reason (rounds that allow returns)",
  z.object({ reason: z.string() }).openapi("ReturnReason"),
);

const panelRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/rounds/{rid}/panel",
  ...staffOnly,
  summary: "Assign the round's pending works to a panel, evenly and around conflicts (round managers)",
  request: { params: roundParam, body: jsonBody(AssignPanelBody) },
  responses: {
    200: json(
      z.object({
        assigned: z.number(),
        shortfalls: z.array(z.object({ entryId: z.string(), assigned: z.number(), needed: z.number() })),
      }),
      "How many works were assigned, and those short of reviewers.",
    ),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const nextWorkRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/rounds/{rid}/next-work",
  ...staffOnly,
  summary: "The juror's next unscored work, blind (jurors of the programme); `work: null` when all are done",
  request: { params: roundParam },
  responses: {
    200: json(z.object({ work: JurorWorkSchema.nullable() }), "The next work or null."),
    ...problems(401, 403, 404),
  },
});

const assignmentRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/assignments/{aid}",
  ...staffOnly,
  summary: "One assigned work as its juror sees it (blind, signed file URLs)",
  request: { params: assignmentParam },
  responses: { 200: json(JurorWorkSchema, "The work."), ...problems(401, 403, 404) },
});

const scoreRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/assignments/{aid}/score",
  ...staffOnly,
  summary: "Score an assigned work with the round's rubric (changeable until the round is locked)",
  request: {
    params: assignmentParam,
    body: jsonBody(z.object({ marks: z.record(z.string(), z.number()), comment: z.string().optional() })),
  },
  responses: { 200: json(ScoreSchema, "The stored score."), ...problems(400, 401, 403, 404, 409, 422) },
});

const rankingRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/rounds/{rid}/ranking",
  ...staffOnly,
  summary: "Rank a scoring round: normalised per juror, grouped, with agreement (central secretariat)",
  description:
    "`by` is a comma-separated list of category, ageGroup, district; empty ranks everything together.",
  request: { params: roundParam, query: z.object({ by: z.string().max(60).optional() }) },
  responses: { 200: json(RankingSchema, "The ranking."), ...problems(401, 403, 404, 409, 422) },
});

const winnersRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/rounds/{rid}/winners",
  ...staffOnly,
  summary:
    "Decide and lock the winners and honourable mentions of the locked last round (central secretariat)",
  request: {
    params: roundParam,
    body: jsonBody(
      z.object({ winners: z.array(z.string()), honourableMentions: z.array(z.string()).optional() }),
    ),
  },
  responses: {
    200: json(object<unknown>("Decision", "The locked decision."), "The decision."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const publishRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/publish",
  ...staffOnly,
  summary: "Publish the programme's results (central secretariat; SMS to winners)",
  request: { params: programmeParam },
  responses: { 200: json(RoundStateSchema, "The last round, published."), ...problems(401, 403, 404, 409) },
});

const resultsRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/results",
  tags,
  summary: "Published results, public: winners and mentions by category, age group and district",
  request: {
    params: programmeParam,
    query: z.object({
      categoryId: z.string().max(40).optional(),
      ageGroup: z.string().max(40).optional(),
      district: z.string().max(4).optional(),
    }),
  },
  responses: {
    200: json(z.object({ programmeTitle: z.string(), items: z.array(ResultCardSchema) }), "The results."),
    ...problems(404, 409, 422),
  },
});

const galleryThumbnailRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/results/{eid}/thumbnail",
  tags,
  summary:
    "A winning work's gallery thumbnail (WebP), public once results are published and only with the guardian's gallery consent",
  request: { params: z.object({ pid, eid }) },
  responses: {
    200: { description: "The thumbnail.", content: { "image/webp": { schema: z.string() } } },
    ...problems(404, 422),
  },
});

const certificatesRoute = createRoute({
  method: "post",
  path: "/programmes/{pid}/certificates",
  ...staffOnly,
  summary: "Issue certificates to every participant once results are published, a page at a time (central)",
  request: { params: programmeParam, body: { ...jsonBody(pageBody), required: false } },
  responses: {
    200: json(z.object({ issued: z.number(), cursor: z.string().nullable() }), "Issued, and where to go on."),
    ...problems(401, 403, 404, 409, 422),
  },
});

const progressRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/progress",
  ...staffOnly,
  summary:
    "Per-district progress of round 1 with shortcomings flagged (central secretariat: all 22; a district secretariat: its own)",
  request: { params: programmeParam },
  responses: {
    200: json(
      z.object({
        roundId: z.string(),
        dueAt: z.string().optional(),
        flagged: z.number(),
        districts: z.array(ProgressSchema),
      }),
      "The dashboard's rows, each with its flagged shortcomings, and how many districts have any.",
    ),
    ...problems(401, 403, 404),
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/export.csv",
  ...staffOnly,
  summary:
    "The programme's entries as CSV (UTF-8 with BOM), streamed; no private field (central secretariat)",
  description: "Columns are described by `export/dictionary`.",
  request: { params: programmeParam },
  responses: {
    200: { description: "CSV rows, header first.", content: { "text/csv": { schema: z.string() } } },
    ...problems(401, 403, 404),
  },
});

const dictionaryRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/export/dictionary",
  ...staffOnly,
  summary: "The export's data dictionary: every column with its Persian description (central secretariat)",
  request: { params: programmeParam },
  responses: {
    200: json(z.object({ items: z.array(DictionarySchema) }), "The columns."),
    ...problems(401, 403, 404),
  },
});

const exportXlsxRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/export.xlsx",
  ...staffOnly,
  summary:
    "The programme's entries as XLSX: sheet `entries` and sheet `dictionary` (Persian and English); no private field (central secretariat)",
  request: { params: programmeParam },
  responses: {
    200: { description: "The workbook.", content: { [XLSX_CONTENT_TYPE]: { schema: z.string() } } },
    ...problems(401, 403, 404),
  },
});

const scoresCsvRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/rounds/{rid}/scores.csv",
  ...staffOnly,
  summary:
    "A scoring round's scores as CSV, streamed: entry, juror pseudonym, marks, total, normalised score (central secretariat)",
  description: "Columns are described by `rounds/{rid}/scores/dictionary`.",
  request: { params: roundParam },
  responses: {
    200: { description: "CSV rows, header first.", content: { "text/csv": { schema: z.string() } } },
    ...problems(401, 403, 404, 409),
  },
});

const scoresXlsxRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/rounds/{rid}/scores.xlsx",
  ...staffOnly,
  summary: "A scoring round's scores as XLSX: sheet `scores` and sheet `dictionary` (central secretariat)",
  request: { params: roundParam },
  responses: {
    200: { description: "The workbook.", content: { [XLSX_CONTENT_TYPE]: { schema: z.string() } } },
    ...problems(401, 403, 404, 409),
  },
});

const scoresDictionaryRoute = createRoute({
  method: "get",
  path: "/programmes/{pid}/rounds/{rid}/scores/dictionary",
  ...staffOnly,
  summary: "The scores export's data dictionary: every column in Persian and English (central secretariat)",
  request: { params: roundParam },
  responses: {
    200: json(z.object({ items: z.array(DictionarySchema) }), "The columns."),
    ...problems(401, 403, 404, 409),
  },
});

const verifyRoute = createRoute({
  method: "get",
  path: "/certificates/{code}",
  tags,
  summary: "Verify a certificate by its code (public; the page its QR opens)",
  request: { params: z.object({ code: z.string().min(1).max(40, { error: "کد گواهی نامعتبر است." }) }) },
  responses: { 200: json(CertificateSchema, "The certificate."), ...problems(404, 422) },
});

/** The public page a certificate's QR opens: the site's own origin (CloudFront's host in AWS). */
function verifyUrlOf(c: Context, code: string): string {
  const origin = forwardedSiteOrigin(c) ?? new URL(c.req.url).origin;
  return `${origin}/certificates/${encodeURIComponent(code)}`;
}

/** An ASCII file name for Content-Disposition (ids are ULIDs and round ids slugs already). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`;

/** CSV lines pulled one at a time: an export is never held in memory whole. */
function csvResponse(c: Context, rows: AsyncGenerator<string>, fileName: string) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so spreadsheet programs read the Persian text as UTF-8.
      controller.enqueue(encoder.encode("\uFEFF"));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return c.body(body, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": attachment(fileName),
    "cache-control": "no-store",
  });
}

function xlsxResponse(c: Context, workbook: Buffer, fileName: string) {
  return c.body(new Uint8Array(workbook), 200, {
    "content-type": XLSX_CONTENT_TYPE,
    "content-disposition": attachment(fileName),
    "cache-control": "no-store",
  });
}

/** A body-optional POST: an absent body is `{}` for core's defaults. */
const bodyOf = async (c: Context) => ((await c.req.text()) ? await c.req.json() : {});

export const judging = domainApp()
  .openapi(programmesRoute, async (c) => c.json(await listJudgingProgrammes(c.var.actor), 200))
  .openapi(openRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await openRound(c.var.actor, p.pid, p.rid), 200);
  })
  .openapi(lockRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await lockRound(c.var.actor, p.pid, p.rid), 200);
  })
  .openapi(publishRoundRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await publishRound(c.var.actor, p.pid, p.rid), 200);
  })
  .openapi(startRoute, async (c) =>
    c.json(await startJudging(c.var.actor, c.req.valid("param").pid, await bodyOf(c)), 200),
  )
  .openapi(settleRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await settleRound(c.var.actor, p.pid, p.rid, await bodyOf(c)), 200);
  })
  .openapi(queueRoute, async (c) => {
    const p = c.req.valid("param");
    const q = c.req.valid("query");
    // Empty filters (an unset <select>) mean "any".
    const input = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ""));
    return c.json(await listQueue(c.var.actor, p.pid, p.rid, input), 200);
  })
  .openapi(screeningRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await recordScreening(c.var.actor, p.eid, p.rid, c.req.valid("json")), 200);
  })
  .openapi(decisionRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await decideSelection(c.var.actor, p.eid, p.rid, c.req.valid("json")), 200);
  })
  .openapi(forwardRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await forwardEntry(c.var.actor, p.eid, p.rid), 200);
  })
  .openapi(returnRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await returnEntry(c.var.actor, p.eid, p.rid, c.req.valid("json")), 200);
  })
  .openapi(panelRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await assignPanel(c.var.actor, p.pid, p.rid, c.req.valid("json")), 200);
  })
  .openapi(nextWorkRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json({ work: await nextWork(c.var.actor, p.pid, p.rid) }, 200);
  })
  .openapi(assignmentRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await getEntryForJuror(c.var.actor, sameProgramme(p.pid, p.aid)), 200);
  })
  .openapi(scoreRoute, async (c) => {
    const p = c.req.valid("param");
    return c.json(await submitScore(c.var.actor, sameProgramme(p.pid, p.aid), c.req.valid("json")), 200);
  })
  .openapi(rankingRoute, async (c) => {
    const p = c.req.valid("param");
    const { by } = c.req.valid("query");
    const input = by === undefined ? {} : { by: by.split(",").filter(Boolean) };
    return c.json(await computeRanking(c.var.actor, p.pid, p.rid, input), 200);
  })
  .openapi(winnersRoute, async (c) => {
    const p = c.req.valid("param");
    const body = c.req.valid("json");
    const input = { honourableMentions: [], ...body };
    return c.json(await decideWinners(c.var.actor, p.pid, p.rid, input), 200);
  })
  .openapi(publishRoute, async (c) =>
    c.json(await publishResults(c.var.actor, c.req.valid("param").pid), 200),
  )
  .openapi(resultsRoute, async (c) => {
    const q = Object.fromEntries(Object.entries(c.req.valid("query")).filter(([, v]) => v));
    return c.json(await listResults(c.req.valid("param").pid, q), 200);
  })
  .openapi(galleryThumbnailRoute, async (c) => {
    const { pid, eid } = c.req.valid("param");
    const image = await galleryThumbnail(pid, eid);
    // A published result's thumbnail does not change: browsers and CloudFront may keep it.
    return c.body(new Uint8Array(image), 200, {
      "content-type": "image/webp",
      "cache-control": "public, max-age=86400",
      "x-content-type-options": "nosniff",
    });
  })
  .openapi(certificatesRoute, async (c) =>
    c.json(await issueCertificates(c.var.actor, c.req.valid("param").pid, await bodyOf(c)), 200),
  )
  .openapi(progressRoute, async (c) =>
    c.json(await districtProgress(c.var.actor, c.req.valid("param").pid), 200),
  )
  .openapi(exportRoute, async (c) => {
    const { pid } = c.req.valid("param");
    return csvResponse(c, (await exportEntriesCsv(c.var.actor, pid)).rows, `entries-${pid}.csv`);
  })
  .openapi(exportXlsxRoute, async (c) => {
    const { pid } = c.req.valid("param");
    return xlsxResponse(c, await exportEntriesXlsx(c.var.actor, pid), `entries-${pid}.xlsx`);
  })
  .openapi(scoresCsvRoute, async (c) => {
    const { pid, rid } = c.req.valid("param");
    const { rows } = await exportScoresCsv(c.var.actor, pid, rid);
    return csvResponse(c, rows, `scores-${pid}-${rid}.csv`);
  })
  .openapi(scoresXlsxRoute, async (c) => {
    const { pid, rid } = c.req.valid("param");
    return xlsxResponse(c, await exportScoresXlsx(c.var.actor, pid, rid), `scores-${pid}-${rid}.xlsx`);
  })
  .openapi(scoresDictionaryRoute, async (c) => {
    const { pid, rid } = c.req.valid("param");
    const { dictionary, rows } = await exportScoresCsv(c.var.actor, pid, rid);
    await rows.return(undefined);
    return c.json({ items: dictionary }, 200);
  })
  .openapi(dictionaryRoute, async (c) => {
    const { dictionary, rows } = await exportEntriesCsv(c.var.actor, c.req.valid("param").pid);
    await rows.return(undefined);
    return c.json({ items: dictionary }, 200);
  })
  .openapi(verifyRoute, async (c) => {
    const { code } = c.req.valid("param");
    const view = await verifyCertificate(code);
    const verifyUrl = verifyUrlOf(c, code);
    const qrSvg = await QRCode.toString(verifyUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return c.json({ ...view, code, verifyUrl, qrSvg }, 200);
  });

/**
 * An assignment id names its programme; one under another programme's path is not found rather
 * than silently served, so a URL cannot claim one programme and act on another.
 */
function sameProgramme(programmeId: string, assignmentId: string): string {
  const [inId] = assignmentId.split(".");
  return inId === programmeId ? assignmentId : assignmentIdOf(programmeId, "", "");
}
