/**
 * Election reads (named queries the router caches and revalidates) and the calls behind the
 * election forms, all through the typed client. Pages wrap the calls in actions.
 */
import type {
  CreateElectionInput,
  ElectionResults,
  ElectionView,
  Receipt,
  ResidenceStatus,
  SignedHead,
} from "@hamdel/core/elections";
import { query } from "@solidjs/router";
import { client, ok } from "./api";
import { ApiProblem } from "./problem";

export type { ElectionResults, ElectionView, Receipt, ResidenceStatus, SignedHead };

const el = client.api.elections;
const param = (id: string) => ({ param: { id } });

export const getElections = query(async () => (await ok(el.$get())).items, "elections");

export const getElection = query((id: string) => ok(el[":id"].$get(param(id))), "election");

export const getTurnout = query(
  async (id: string) => (await ok(el[":id"].turnout.$get(param(id)))).items,
  "election-turnout",
);

export const getBallot = query(
  async (id: string, neighbourhood: string) =>
    (await ok(el[":id"].neighbourhoods[":n"].candidates.$get({ param: { id, n: neighbourhood } }))).items,
  "election-ballot",
);

/** Results, or null before the election is closed (409 is an answer here, not an error). */
export const getResults = query(async (id: string) => {
  try {
    return await ok(el[":id"].results.$get(param(id)));
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 409) return null;
    throw error;
  }
}, "election-results");

/** Entries per page of the bulletin board: a neighbourhood's chain can hold ~100,000 trackers. */
export const BOARD_PAGE = 100;

/** A page of a neighbourhood's board: the entries after position `after` (and every signed head). */
export const getBoard = query(
  (id: string, neighbourhood: string, after = 0, limit = BOARD_PAGE) =>
    ok(
      el[":id"].board[":n"].$get({
        param: { id, n: neighbourhood },
        query: { after: String(after), limit: String(limit) },
      }),
    ),
  "election-board",
);

export const getMyCandidacy = query(
  async (id: string) => (await ok(el[":id"].candidacy.me.$get(param(id)))).candidate,
  "election-my-candidacy",
);

/** The citizen's residence declaration in an election (or null) and whether they are on its roll. */
export const getMyResidence = query(
  (id: string) => ok(el[":id"].residence.me.$get(param(id))),
  "election-my-residence",
);

/** Declarations in one status, oldest first, a page at a time (pass `next` as `after`). */
export const getResidenceDeclarations = query(
  (id: string, status: ResidenceStatus = "pending", after?: string) =>
    ok(
      el[":id"]["residence-declarations"].$get({
        ...param(id),
        query: { status, ...(after ? { after } : {}) },
      }),
    ),
  "election-residence-declarations",
);

export const getApplications = query(
  async (id: string, neighbourhood: string) =>
    (await ok(el[":id"].applications.$get({ ...param(id), query: { neighbourhood } }))).items,
  "election-applications",
);

export const getComplaints = query(
  async (id: string) => (await ok(el[":id"].complaints.$get(param(id)))).items,
  "election-complaints",
);

/** A page of one of the election's audit logs, newest first; pass `next` as `before` for older entries. */
export const getAudit = query(
  (id: string, log: "election" | "roll" = "election", before?: string) =>
    ok(el[":id"].audit.$get({ ...param(id), query: { log, ...(before ? { before } : {}) } })),
  "election-audit",
);

/** How many complaints were filed and how they stand (public). */
export const getComplaintCounts = query(
  (id: string) => ok(el[":id"]["complaint-counts"].$get(param(id))),
  "election-complaint-counts",
);

export const elections = {
  create: (json: CreateElectionInput) => ok(el.$post({ json })),
  /** CSV text, or an Excel workbook's bytes (sent base64 in JSON, like every other form). */
  importRoll: (id: string, file: { csv: string } | { xlsx: ArrayBuffer }) =>
    ok(
      el[":id"].roll.$post({
        ...param(id),
        json: "csv" in file ? { csv: file.csv } : { xlsx: toBase64(new Uint8Array(file.xlsx)) },
      }),
    ),
  extend: (id: string, minutes: number, reason: string) =>
    ok(el[":id"].extend.$post({ ...param(id), json: { minutes, reason } })),
  decide: (
    id: string,
    cid: string,
    decision: { decision: "approve" } | { decision: "reject"; reason: string },
  ) => ok(el[":id"].candidates[":cid"].decision.$post({ param: { id, cid }, json: decision })),
  declareResidence: (id: string, json: { neighbourhoodId: string; proofUploadId: string }) =>
    ok(el[":id"].residence.$post({ ...param(id), json })),
  decideResidence: (
    id: string,
    did: string,
    decision: { decision: "verify" } | { decision: "reject"; reason: string },
  ) => ok(el[":id"]["residence-declarations"][":did"].decision.$post({ param: { id, did }, json: decision })),
  apply: (
    id: string,
    json: { statement: string; residenceSince: string; photoUploadId: string; proofUploadId: string },
  ) => ok(el[":id"].candidacy.$post({ ...param(id), json })),
  appeal: (id: string, text: string) =>
    ok(el[":id"].candidacy.appeal.$post({ ...param(id), json: { text } })),
  castOnline: (id: string, nationalId: string, choices: string[]) =>
    ok(el[":id"].ballots.$post({ ...param(id), json: { nationalId, choices } })),
  /** The neighbourhood whose ballot this voter gets, from the roll (with the cast's own checks). */
  myBallot: (id: string, nationalId: string) =>
    ok(el[":id"]["my-ballot"].$post({ ...param(id), json: { nationalId } })),
  /** The neighbourhood whose ballot a kiosk code opens (the code is not spent). */
  kioskBallot: (id: string, code: string) =>
    ok(el[":id"]["kiosk-ballots"].ballot.$post({ ...param(id), json: { code } })),
  issueCode: (id: string, nationalId: string) =>
    ok(el[":id"]["ballot-codes"].$post({ ...param(id), json: { nationalId } })),
  castAtKiosk: (id: string, code: string, choices: string[]) =>
    ok(el[":id"]["kiosk-ballots"].$post({ ...param(id), json: { code, choices } })),
  lookupTracker: (id: string, tracker: string) =>
    ok(el[":id"].trackers[":tracker"].$get({ param: { id, tracker } })),
  close: (id: string) => ok(el[":id"].close.$post(param(id))),
  fileComplaint: (id: string, text: string, neighbourhoodId?: string) =>
    ok(
      el[":id"].complaints.$post({
        ...param(id),
        json: { text, ...(neighbourhoodId ? { neighbourhoodId } : {}) },
      }),
    ),
  rule: (id: string, complaintId: string, decision: "upheld" | "dismissed", reason: string) =>
    ok(
      el[":id"].complaints[":complaintId"].ruling.$post({
        param: { id, complaintId },
        json: { decision, reason },
      }),
    ),
  certify: (id: string) => ok(el[":id"].certify.$post(param(id))),
};

/** Base64 of bytes, in slices so large workbooks do not overflow String.fromCharCode's arguments. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Whether a chosen roll file is an Excel workbook (by its type, or its name where the type is unknown). */
export const isXlsxFile = (file: { name: string; type: string }) =>
  file.type === XLSX_TYPE || /\.xlsx$/i.test(file.name);

/**
 * Where the downloadable election record lives: a plain link; the API redirects to a short-lived
 * signed URL of the file in the bucket, which the browser saves as an attachment.
 */
export const recordUrl = (id: string) => `/api/elections/${encodeURIComponent(id)}/record`;
