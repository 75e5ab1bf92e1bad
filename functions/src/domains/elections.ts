/**
 * /api/elections: council-assistant elections — setup, roll, candidates, voting (online and at a
 * kiosk), the public bulletin board, turnout, close, complaints, certification and the election
 * record. Each handler validates with core's schema, calls one core command with the actor and
 * maps the result; authorisation is core's (elections/permissions.ts), never decided here.
 *
 * Response shapes are written out as zod here (core's views are TypeScript interfaces); the
 * OpenAPI handlers are type-checked against them, so a view that changes in core fails `tsc`.
 */
import { type AuditEntry, config } from "@hamdel/core";
import {
  appealCandidacy,
  appealInput,
  applyCandidacyInput,
  applyForCandidacy,
  bulletinBoard,
  candidateStatuses,
  castAtKiosk,
  castAtKioskInput,
  castOnline,
  castOnlineInput,
  certifyResults,
  closeElection,
  complaintCounts,
  createElection,
  createElectionInput,
  decideCandidacy,
  decideCandidacyInput,
  decideResidence,
  decideResidenceInput,
  declareResidence,
  declareResidenceInput,
  type ElectionKey,
  electionIdSchema,
  electionRecordSchema,
  extendVoting,
  extendVotingInput,
  fileComplaint,
  fileComplaintInput,
  getElection,
  getResults,
  importRoll,
  importRollInput,
  issueBallotCode,
  issueBallotCodeInput,
  kioskBallot,
  kioskBallotInput,
  listApplications,
  listBallotCandidates,
  listComplaints,
  listElectionAudit,
  listElections,
  listResidenceDeclarations,
  loadElectionKey,
  lookupTracker,
  myCandidacy,
  myResidence,
  neighbourhoodCodeSchema,
  neighbourhoodResultSchema,
  ROLL_XLSX_MAX_BYTES,
  receiptSchema,
  recordLink,
  residencePageInput,
  residenceStatuses,
  rollRejectionReasons,
  ruleComplaint,
  ruleComplaintInput,
  seatsSchema,
  signedHeadSchema,
  turnout,
  voterBallot,
  voterBallotInput,
} from "@hamdel/core/elections";
import { enforce, type RateLimit } from "@hamdel/core/ratelimit";
import { createRoute, z } from "@hono/zod-openapi";
import { csrfTokenExempt } from "../http/csrf";
import { domainApp, json, jsonBody, problems, sessionSecurity } from "../http/openapi";

// ── shapes ───────────────────────────────────────────────────────────────────────────────────

const instantWindow = z.object({ opensAt: z.string(), closesAt: z.string() });

const ElectionView = z
  .object({
    id: z.string(),
    title: z.string(),
    term: z.number().int(),
    neighbourhoods: z.array(z.string()),
    seats: seatsSchema,
    registration: instantWindow,
    voting: z.object({
      opensAt: z.string(),
      closesAt: z.string(),
      maxExtensionMinutes: z.number().int(),
      extendedMinutes: z.number().int(),
      effectiveClosesAt: z.string().meta({ description: "closesAt plus the extensions granted so far." }),
    }),
    complaints: instantWindow,
    drawSeed: z.string().meta({ description: "Published at creation: ballot order and tie-break draws." }),
    status: z.enum(["scheduled", "preliminary", "final"]),
  })
  .meta({ id: "Election" });

const CandidateView = z
  .object({
    id: z.string(),
    electionId: z.string(),
    neighbourhoodId: z.string(),
    name: z.string(),
    statement: z.string(),
    status: z.enum(candidateStatuses),
    rejectionReason: z.string().optional(),
    appealUsed: z.boolean(),
  })
  .meta({ id: "Candidate" });

const ApplicationView = CandidateView.extend({
  residenceSince: z.string().meta({ description: "Declared start of residence (YYYY-MM-DD)." }),
  appealText: z.string().optional().meta({ description: "The applicant's appeal, once appealed." }),
  files: z
    .object({ photoUrl: z.string(), proofUrl: z.string(), expiresAt: z.string() })
    .meta({ description: "Signed links to the photo and the proof of residence, valid for minutes." }),
}).meta({ id: "CandidateApplication" });

const ResidenceDeclarationView = z
  .object({
    id: z.string(),
    electionId: z.string(),
    neighbourhoodId: z.string(),
    status: z.enum(residenceStatuses),
    reason: z.string().optional().meta({ description: "Why it was rejected." }),
    declaredAt: z.string(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: "ResidenceDeclaration" });

const ResidenceReviewView = ResidenceDeclarationView.extend({
  name: z.string().meta({ description: "The declarant's name, from their profile." }),
  nationalIdLast3: z.string(),
  proof: z
    .object({ url: z.string(), expiresAt: z.string() })
    .meta({ description: "A signed link to the proof of residence, valid for minutes." }),
}).meta({ id: "ResidenceDeclarationReview" });

const RollImportReport = z
  .object({
    rows: z.number().int(),
    added: z.number().int(),
    alreadyListed: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.enum(rollRejectionReasons) })),
  })
  .meta({ id: "RollImportReport" });

const Receipt = receiptSchema.meta({
  id: "BallotReceipt",
  description: "Keep it: the tracker is looked up on the bulletin board; the nonce opens it.",
});

const IssuedBallotCode = z
  .object({ code: z.string(), neighbourhoodId: z.string(), expiresAt: z.string() })
  .meta({ id: "BallotCode" });

const SignedHead = signedHeadSchema.meta({ id: "SignedChainHead" });

const BulletinBoard = z
  .object({
    neighbourhoodId: z.string(),
    head: SignedHead.nullable(),
    heads: z.array(SignedHead),
    entries: z.array(z.object({ position: z.number().int(), tracker: z.string(), link: z.string() })),
    next: z.number().int().optional(),
  })
  .meta({ id: "BulletinBoardPage" });

const TrackerLookup = z
  .object({
    found: z.boolean(),
    neighbourhoodId: z.string().optional(),
    position: z.number().int().optional(),
  })
  .meta({ id: "TrackerLookup" });

const Turnout = z.object({
  items: z.array(
    z.object({ neighbourhoodId: z.string(), eligible: z.number().int(), ballots: z.number().int() }),
  ),
});

const Results = z
  .object({
    electionId: z.string(),
    status: z.enum(["scheduled", "preliminary", "final"]),
    neighbourhoods: z.array(
      neighbourhoodResultSchema.extend({
        neighbourhoodId: z.string(),
        eligible: z.number().int(),
        participation: z.number().int(),
      }),
    ),
  })
  .meta({ id: "ElectionResults" });

const ComplaintView = z
  .object({
    id: z.string(),
    neighbourhoodId: z.string().optional(),
    text: z.string(),
    status: z.enum(["open", "upheld", "dismissed"]),
    ruling: z.string().optional(),
    createdAt: z.string(),
    ruledAt: z.string().optional(),
  })
  .meta({ id: "ElectionComplaint" });

const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  actor: z.object({ kind: z.enum(["anonymous", "citizen", "staff"]), userId: z.string().optional() }),
  subject: z.object({ type: z.string(), id: z.string() }),
  data: z.record(z.string(), z.any()).optional(),
}) satisfies z.ZodType<AuditEntry>;

const ElectionRecord = electionRecordSchema.meta({
  id: "ElectionRecord",
  description: "Everything needed to recount and verify: `npm run verify-election <file>`.",
});

// ── parameters ───────────────────────────────────────────────────────────────────────────────

const badId = { error: "شناسهٔ نامعتبر است." };
const idParam = z.object({ id: electionIdSchema.meta({ example: "01JD3Y8QZ7T7F2K5V9W0XGQH3M" }) });
const hoodParam = idParam.extend({ n: neighbourhoodCodeSchema });
const candidateParam = idParam.extend({ cid: z.string().min(1, badId).max(64, badId) });
const declarationParam = idParam.extend({ did: z.string().min(1, badId).max(64, badId) });
const complaintParam = idParam.extend({ complaintId: z.string().min(1, badId).max(64, badId) });
const trackerParam = idParam.extend({ tracker: z.string().min(1, badId).max(200, badId) });

const tags = ["elections"];
const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });

// ── routes ───────────────────────────────────────────────────────────────────────────────────

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "Elections, newest first, with their status (public)",
  responses: { 200: json(items(ElectionView), "Elections.") },
});

const createElectionRoute = createRoute({
  method: "post",
  path: "/",
  tags,
  summary: "Create an election (election admin)",
  description:
    "The voting window is one Tehran day with wall-clock times; registration must end before voting " +
    "opens and the complaints window must open after voting can have closed (with the longest extension).",
  security: sessionSecurity,
  request: { body: jsonBody(createElectionInput) },
  responses: { 201: json(ElectionView, "The election."), ...problems(400, 401, 403, 422) },
});

const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "One election (public)",
  request: { params: idParam },
  responses: { 200: json(ElectionView, "The election."), ...problems(404, 422) },
});

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** JSON bodies of a roll import: the CSV text, or the workbook's bytes in base64. */
const rollJson = z.union([
  importRollInput,
  z.object({
    xlsx: z
      .base64({ error: "فایل اکسل (base64) خوانده نشد." })
      .max(Math.ceil(ROLL_XLSX_MAX_BYTES / 3) * 4, { error: "فایل اکسل بزرگ‌تر از ۱۶ مگابایت است." })
      .meta({ description: "The .xlsx file, base64." }),
  }),
]);

const rollRoute = createRoute({
  method: "post",
  path: "/{id}/roll",
  tags,
  summary: "Import voters onto the roll from CSV or Excel (election admin)",
  description:
    "Rows `national id, mobile, neighbourhood id` (an optional header row): CSV sent as `text/csv` or " +
    "JSON `{csv}`; an Excel workbook (.xlsx, first sheet) sent as its bytes with the .xlsx media type " +
    "or as JSON `{xlsx}` in base64. National ids and mobiles are stored only as keyed hashes. " +
    "Re-importing is harmless; the report lists every rejected line (the spreadsheet's row number) " +
    "with its reason. Refused once voting has opened; an unreadable workbook is `election.roll_unreadable`.",
  security: sessionSecurity,
  request: {
    params: idParam,
    body: {
      required: false,
      content: {
        "application/json": { schema: rollJson },
        "text/csv": { schema: z.string() },
        [XLSX_TYPE]: { schema: z.string().meta({ format: "binary" }) },
      },
    },
  },
  responses: { 200: json(RollImportReport, "What was imported."), ...problems(400, 401, 403, 404, 409, 422) },
});

const extendRoute = createRoute({
  method: "post",
  path: "/{id}/extend",
  tags,
  summary: "Extend the voting window within the rules (election admin; audited)",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(extendVotingInput) },
  responses: {
    200: json(ElectionView, "The election with its new window."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const declareResidenceRoute = createRoute({
  method: "post",
  path: "/{id}/residence",
  tags,
  summary: "Declare residence in one of the election's neighbourhoods, to be put on its roll (citizen)",
  description:
    "For a citizen whose national id (the profile's) is not on the roll, during the registration " +
    "window; proofUploadId is a finalised `document` upload. One declaration per national id " +
    "(`election.declaration_exists`) unless the last was rejected; `election.already_on_roll` for " +
    "someone listed; `election.declarations_not_open` / `election.declarations_closed` outside the window.",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(declareResidenceInput) },
  responses: {
    201: json(ResidenceDeclarationView, "The declaration, pending."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const myResidenceRoute = createRoute({
  method: "get",
  path: "/{id}/residence/me",
  tags,
  summary: "My residence declaration in this election, and whether I am on its roll (citizen)",
  security: sessionSecurity,
  request: { params: idParam },
  responses: {
    200: json(
      z.object({ declaration: ResidenceDeclarationView.nullable(), onRoll: z.boolean() }),
      "The declaration (or null) and whether the profile's national id is on the roll.",
    ),
    ...problems(401, 403, 404, 422),
  },
});

const residenceDeclarationsRoute = createRoute({
  method: "get",
  path: "/{id}/residence-declarations",
  tags,
  summary: "Residence declarations by status, oldest first, a page at a time (election admin, observer)",
  description: "`status` defaults to pending; pass the page's `next` as `after` for the following page.",
  security: sessionSecurity,
  request: { params: idParam, query: residencePageInput },
  responses: {
    200: json(
      z.object({ items: z.array(ResidenceReviewView), next: z.string().optional() }),
      "A page of declarations; `next` when more remain.",
    ),
    ...problems(401, 403, 404, 422),
  },
});

const decideResidenceRoute = createRoute({
  method: "post",
  path: "/{id}/residence-declarations/{did}/decision",
  tags,
  summary: "Verify (onto the roll) or reject with a reason a residence declaration (election admin; audited)",
  description:
    "Until voting opens (`election.roll_locked`). Verifying writes the roll entry and the eligible " +
    "count with the import's conditions: someone already on the same neighbourhood's roll is verified " +
    "without counting twice, someone on another's is refused (`election.other_neighbourhood`). A " +
    "declaration is decided once (`election.declaration_decided`).",
  security: sessionSecurity,
  request: { params: declarationParam, body: jsonBody(decideResidenceInput) },
  responses: {
    200: json(ResidenceDeclarationView, "The declaration, decided."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const applicationsRoute = createRoute({
  method: "get",
  path: "/{id}/applications",
  tags,
  summary: "Candidate applications of a neighbourhood, every status (election admin, observer)",
  security: sessionSecurity,
  request: { params: idParam, query: z.object({ neighbourhood: neighbourhoodCodeSchema }) },
  responses: { 200: json(items(ApplicationView), "Applications."), ...problems(401, 403, 422) },
});

const decisionRoute = createRoute({
  method: "post",
  path: "/{id}/candidates/{cid}/decision",
  tags,
  summary: "Approve or reject (with a reason) a candidate application (election admin; audited)",
  security: sessionSecurity,
  request: { params: candidateParam, body: jsonBody(decideCandidacyInput) },
  responses: { 200: json(CandidateView, "The application."), ...problems(400, 401, 403, 404, 409, 422) },
});

const applyRoute = createRoute({
  method: "post",
  path: "/{id}/candidacy",
  tags,
  summary: "Stand as a candidate in one's own neighbourhood (citizen)",
  description:
    "During registration, with a complete profile; age ≥ 25 and residence ≥ 6 months are checked. " +
    "photoUploadId is a finalised `profile-photo` upload, proofUploadId a finalised `document` upload.",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(applyCandidacyInput) },
  responses: { 201: json(CandidateView, "The application."), ...problems(400, 401, 403, 404, 409, 422) },
});

const myCandidacyRoute = createRoute({
  method: "get",
  path: "/{id}/candidacy/me",
  tags,
  summary: "My application in this election, or null (citizen)",
  security: sessionSecurity,
  request: { params: idParam },
  responses: {
    200: json(z.object({ candidate: CandidateView.nullable() }), "The application, if any."),
    ...problems(401, 403, 422),
  },
});

const appealRoute = createRoute({
  method: "post",
  path: "/{id}/candidacy/appeal",
  tags,
  summary: "Appeal a rejection, once (citizen)",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(appealInput) },
  responses: {
    200: json(CandidateView, "The application, appealed."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const ballotCandidatesRoute = createRoute({
  method: "get",
  path: "/{id}/neighbourhoods/{n}/candidates",
  tags,
  summary: "A neighbourhood's ballot: approved candidates in the published order (public)",
  request: { params: hoodParam },
  responses: { 200: json(items(CandidateView), "The ballot."), ...problems(404, 422) },
});

const castRoute = createRoute({
  method: "post",
  path: "/{id}/ballots",
  tags,
  summary: "Cast one's ballot online (citizen)",
  description:
    "The national id must be on the roll and belong to the signed-in mobile number. One ballot per " +
    "voter across online and kiosk (`election.already_voted`, 409); refused outside the voting window.",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(castOnlineInput) },
  responses: { 201: json(Receipt, "The receipt."), ...problems(400, 401, 403, 404, 409, 422, 503) },
});

const BallotOf = z.object({ neighbourhoodId: z.string() }).meta({
  id: "VoterBallot",
  description: "The neighbourhood whose ballot this voter gets (from the roll).",
});

const voterBallotRoute = createRoute({
  method: "post",
  path: "/{id}/my-ballot",
  tags,
  summary: "Which neighbourhood's ballot is mine (citizen, during voting)",
  description:
    "The same checks as casting (on the roll, the national id owns the signed-in mobile; one refusal " +
    "for both), and 409 `election.already_voted` for someone who voted. The ballot shown is the roll's, " +
    "never one the voter picks.",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(voterBallotInput) },
  responses: { 200: json(BallotOf, "The voter's neighbourhood."), ...problems(400, 401, 403, 404, 409, 422) },
});

const kioskBallotRoute = createRoute({
  method: "post",
  path: "/{id}/kiosk-ballots/ballot",
  tags,
  summary: "Which neighbourhood's ballot a one-time code opens (kiosk, no session; the code is not spent)",
  description: "Rate-limited per IP together with kiosk casts.",
  middleware: [csrfTokenExempt] as const,
  request: { params: idParam, body: jsonBody(kioskBallotInput) },
  responses: { 200: json(BallotOf, "The code's neighbourhood."), ...problems(400, 404, 409, 422, 429) },
});

const ballotCodeRoute = createRoute({
  method: "post",
  path: "/{id}/ballot-codes",
  tags,
  summary: "Issue a one-time kiosk ballot code for a voter whose ID was checked (polling officer)",
  description:
    "Only for voters of the officer's district who have not voted; the code expires in 10 minutes.",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(issueBallotCodeInput) },
  responses: {
    201: json(IssuedBallotCode, "The code, shown once."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const kioskCastRoute = createRoute({
  method: "post",
  path: "/{id}/kiosk-ballots",
  tags,
  summary: "Cast a ballot at a polling-branch kiosk with a one-time code (no session)",
  description: "The code is the credential and is spent by the vote. Rate-limited per IP.",
  middleware: [csrfTokenExempt] as const,
  request: { params: idParam, body: jsonBody(castAtKioskInput) },
  responses: { 201: json(Receipt, "The receipt."), ...problems(400, 403, 404, 409, 422, 429, 503) },
});

const turnoutRoute = createRoute({
  method: "get",
  path: "/{id}/turnout",
  tags,
  summary: "Eligible voters and ballots cast so far, per neighbourhood (public, live)",
  request: { params: idParam },
  responses: { 200: json(Turnout, "Counts only."), ...problems(404, 422) },
});

const boardRoute = createRoute({
  method: "get",
  path: "/{id}/board/{n}",
  tags,
  summary: "A neighbourhood's bulletin board: signed chain heads and a page of entries (public)",
  request: {
    params: hoodParam,
    query: z.object({
      after: z.coerce.number().int().min(0).optional().meta({ description: "Entries after this position." }),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: { 200: json(BulletinBoard, "The board page."), ...problems(404, 422) },
});

const trackerRoute = createRoute({
  method: "get",
  path: "/{id}/trackers/{tracker}",
  tags,
  summary: "Is this ballot tracker on the bulletin board, and where (public)",
  request: { params: trackerParam },
  responses: {
    200: json(TrackerLookup, "Where the tracker is, never what it chose."),
    ...problems(404, 422),
  },
});

const closeRoute = createRoute({
  method: "post",
  path: "/{id}/close",
  tags,
  summary: "Close voting: seal every chain, count, cross-check, publish preliminary results (election admin)",
  security: sessionSecurity,
  request: { params: idParam },
  responses: { 200: json(Results, "Preliminary results."), ...problems(401, 403, 404, 409, 422) },
});

const resultsRoute = createRoute({
  method: "get",
  path: "/{id}/results",
  tags,
  summary: "Results, preliminary or final (public, after close)",
  request: { params: idParam },
  responses: { 200: json(Results, "The results."), ...problems(404, 409, 422) },
});

const fileComplaintRoute = createRoute({
  method: "post",
  path: "/{id}/complaints",
  tags,
  summary: "File a complaint about the preliminary results (citizen, complaints window)",
  security: sessionSecurity,
  request: { params: idParam, body: jsonBody(fileComplaintInput) },
  responses: { 201: json(ComplaintView, "The complaint."), ...problems(400, 401, 403, 404, 409, 422) },
});

const listComplaintsRoute = createRoute({
  method: "get",
  path: "/{id}/complaints",
  tags,
  summary: "Complaints, without who filed them (election admin, observer)",
  security: sessionSecurity,
  request: { params: idParam },
  responses: {
    200: json(items(ComplaintView), "Complaints, oldest first."),
    ...problems(401, 403, 404, 422),
  },
});

const ruleComplaintRoute = createRoute({
  method: "post",
  path: "/{id}/complaints/{complaintId}/ruling",
  tags,
  summary: "Rule on a complaint (election admin; audited)",
  security: sessionSecurity,
  request: { params: complaintParam, body: jsonBody(ruleComplaintInput) },
  responses: { 200: json(ComplaintView, "The complaint, ruled."), ...problems(400, 401, 403, 404, 409, 422) },
});

const certifyRoute = createRoute({
  method: "post",
  path: "/{id}/certify",
  tags,
  summary: "Certify the final results after the complaints window (election admin)",
  security: sessionSecurity,
  request: { params: idParam },
  responses: { 200: json(Results, "Final results."), ...problems(401, 403, 404, 409, 422) },
});

const auditRoute = createRoute({
  method: "get",
  path: "/{id}/audit",
  tags,
  summary: "The election's audit logs, newest first, a page at a time (election admin, observer)",
  description:
    "`log=election` (default): creation, voting window changes, roll imports (one entry per import " +
    "with its totals), candidate decisions and appeals, close, complaint rulings, certification. " +
    "`log=roll`: one entry per imported chunk of the roll, written in the chunk's own transaction.",
  security: sessionSecurity,
  request: {
    params: idParam,
    query: z.object({
      log: z.enum(["election", "roll"]).optional(),
      before: z.string().max(80).optional().meta({ description: "The `next` of the previous page." }),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(AuditEntryView), next: z.string().optional() }),
      "Audit entries, newest first; `next` when older ones remain.",
    ),
    ...problems(401, 403, 404, 422),
  },
});

const complaintCountsRoute = createRoute({
  method: "get",
  path: "/{id}/complaint-counts",
  tags,
  summary: "How many complaints were filed, and how they were ruled (public)",
  request: { params: idParam },
  responses: {
    200: json(
      z
        .object({
          filed: z.number().int(),
          open: z.number().int(),
          upheld: z.number().int(),
          dismissed: z.number().int(),
        })
        .meta({ id: "ElectionComplaintCounts" }),
      "Counts only.",
    ),
    ...problems(404, 422),
  },
});

const RecordLink = z
  .object({
    url: z.string().meta({ description: "Signed GET URL of the record file (ElectionRecord JSON)." }),
    expiresAt: z.string(),
    version: z.string().meta({ description: "`preliminary-v<n>`, then `final-v<n>` once certified." }),
    bytes: z.number().int(),
  })
  .meta({ id: "ElectionRecordLink" });

const recordDescription =
  "The record is a file in the platform's private bucket (written on the first request for its " +
  "version: preliminary, then final), never the API's own response — a real election's record is " +
  "far larger than a Lambda may answer. Its content is the `ElectionRecord` schema; check it with " +
  "`npm run verify-election <file>`.";

const recordRoute = createRoute({
  method: "get",
  path: "/{id}/record",
  tags,
  summary: "Download the election record for independent verification (public, after close)",
  description: `${recordDescription} Answers 302 to a signed URL valid for minutes, which downloads the file as \`election-<id>.json\`.`,
  request: { params: idParam },
  responses: {
    302: {
      description: "To the record file (a short-lived signed URL).",
      headers: z.object({ location: z.string().meta({ description: "The signed URL of the file." }) }),
    },
    ...problems(404, 409, 422),
  },
});

const recordLinkRoute = createRoute({
  method: "get",
  path: "/{id}/record/link",
  tags,
  summary: "The election record's signed download URL, as JSON (public, after close)",
  description: recordDescription,
  request: { params: idParam },
  responses: { 200: json(RecordLink, "Where to download the record."), ...problems(404, 409, 422) },
});

// ── handlers ─────────────────────────────────────────────────────────────────────────────────

/**
 * Kiosk casts carry no session, so the IP is what is limited: a branch's kiosks share an address
 * and serve a voter a minute or so each; 30 a minute leaves room for a busy branch and none for
 * guessing codes (80 random bits each anyway).
 */
export const kioskIpLimit: RateLimit = { name: "kiosk-ip", limit: 30, windowSeconds: 60 };

let electionKey: { configured: string; key: ElectionKey } | undefined;
/** The signing key, loaded once per configured value (a bad key fails the close loudly). */
function signingKey(): ElectionKey {
  const configured = config.electionKey;
  if (electionKey?.configured !== configured) electionKey = { configured, key: loadElectionKey(configured) };
  return electionKey.key;
}

export const elections = domainApp()
  .openapi(listRoute, async (c) => c.json({ items: await listElections() }, 200))
  .openapi(createElectionRoute, async (c) =>
    c.json(await createElection(c.var.actor, c.req.valid("json")), 201),
  )
  .openapi(getRoute, async (c) => c.json(await getElection(c.req.valid("param").id), 200))
  .openapi(rollRoute, async (c) => {
    const { id } = c.req.valid("param");
    // CSV as text or the workbook's bytes, or either in JSON; core parses and checks every form.
    const type = c.req.header("content-type") ?? "";
    let input: unknown;
    if (/^text\//i.test(type)) input = { csv: await c.req.text() };
    else if (type.toLowerCase().startsWith(XLSX_TYPE))
      input = { xlsx: new Uint8Array(await c.req.arrayBuffer()) };
    else {
      const body = c.req.valid("json");
      input = typeof body === "object" && "xlsx" in body ? { xlsx: Buffer.from(body.xlsx, "base64") } : body;
    }
    return c.json(await importRoll(c.var.actor, id, input), 200);
  })
  .openapi(extendRoute, async (c) =>
    c.json(await extendVoting(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(declareResidenceRoute, async (c) =>
    c.json(await declareResidence(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(myResidenceRoute, async (c) =>
    c.json(await myResidence(c.var.actor, c.req.valid("param").id), 200),
  )
  .openapi(residenceDeclarationsRoute, async (c) =>
    c.json(await listResidenceDeclarations(c.var.actor, c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .openapi(decideResidenceRoute, async (c) => {
    const { id, did } = c.req.valid("param");
    return c.json(await decideResidence(c.var.actor, id, did, c.req.valid("json")), 200);
  })
  .openapi(applicationsRoute, async (c) => {
    const items = await listApplications(
      c.var.actor,
      c.req.valid("param").id,
      c.req.valid("query").neighbourhood,
    );
    return c.json({ items }, 200);
  })
  .openapi(decisionRoute, async (c) => {
    const { id, cid } = c.req.valid("param");
    return c.json(await decideCandidacy(c.var.actor, id, cid, c.req.valid("json")), 200);
  })
  .openapi(applyRoute, async (c) =>
    c.json(await applyForCandidacy(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(myCandidacyRoute, async (c) =>
    c.json({ candidate: await myCandidacy(c.var.actor, c.req.valid("param").id) }, 200),
  )
  .openapi(appealRoute, async (c) =>
    c.json(await appealCandidacy(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(ballotCandidatesRoute, async (c) => {
    const { id, n } = c.req.valid("param");
    return c.json({ items: await listBallotCandidates(id, n) }, 200);
  })
  .openapi(castRoute, async (c) =>
    c.json(await castOnline(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(voterBallotRoute, async (c) =>
    c.json(await voterBallot(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(kioskBallotRoute, async (c) => {
    // One budget with the casts: asking about codes is no way around the limit on guessing them.
    await enforce([[kioskIpLimit, c.var.clientIp]], "election.kiosk_rate_limited");
    return c.json(await kioskBallot(c.req.valid("json"), c.req.valid("param").id), 200);
  })
  .openapi(ballotCodeRoute, async (c) =>
    c.json(await issueBallotCode(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(kioskCastRoute, async (c) => {
    await enforce([[kioskIpLimit, c.var.clientIp]], "election.kiosk_rate_limited");
    return c.json(await castAtKiosk(c.req.valid("json"), c.req.valid("param").id), 201);
  })
  .openapi(turnoutRoute, async (c) => c.json({ items: await turnout(c.req.valid("param").id) }, 200))
  .openapi(boardRoute, async (c) => {
    const { id, n } = c.req.valid("param");
    return c.json(await bulletinBoard(id, n, c.req.valid("query")), 200);
  })
  .openapi(trackerRoute, async (c) => {
    const { id, tracker } = c.req.valid("param");
    return c.json(await lookupTracker(id, { tracker }), 200);
  })
  .openapi(closeRoute, async (c) =>
    c.json(await closeElection(c.var.actor, c.req.valid("param").id, signingKey()), 200),
  )
  .openapi(resultsRoute, async (c) => c.json(await getResults(c.req.valid("param").id), 200))
  .openapi(fileComplaintRoute, async (c) =>
    c.json(await fileComplaint(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(listComplaintsRoute, async (c) =>
    c.json({ items: await listComplaints(c.var.actor, c.req.valid("param").id) }, 200),
  )
  .openapi(ruleComplaintRoute, async (c) => {
    const { id, complaintId } = c.req.valid("param");
    return c.json(await ruleComplaint(c.var.actor, id, complaintId, c.req.valid("json")), 200);
  })
  .openapi(certifyRoute, async (c) => c.json(await certifyResults(c.var.actor, c.req.valid("param").id), 200))
  .openapi(auditRoute, async (c) =>
    c.json(await listElectionAudit(c.var.actor, c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .openapi(complaintCountsRoute, async (c) => c.json(await complaintCounts(c.req.valid("param").id), 200))
  .openapi(recordRoute, async (c) => {
    const link = await recordLink(c.req.valid("param").id);
    // The link expires in minutes: no cache may keep the redirect longer.
    c.header("cache-control", "no-store");
    return c.redirect(link.url, 302);
  })
  .openapi(recordLinkRoute, async (c) => {
    c.header("cache-control", "no-store");
    return c.json(await recordLink(c.req.valid("param").id), 200);
  });

// The record file's format stays in the API document although no response carries it inline.
elections.openAPIRegistry.register("ElectionRecord", ElectionRecord);
