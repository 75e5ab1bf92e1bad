/**
 * Setting up an election: the election itself and its voting window, the electoral roll, and the
 * candidates. Every command parses its input, asks permissions.ts, and writes its audit entry in
 * the same TransactWriteItems as the change.
 */
import { randomBytes } from "node:crypto";
import { ulid } from "ulid";
import type { Actor } from "../actor";
import { type AuditEntry, auditItem, writeAudit } from "../audit";
import { presignRead, requireReadyUpload } from "../blob";
import { keyedHash } from "../crypto";
import { DomainError, errors, parseInput } from "../error";
import { normaliseMobile, normaliseNationalId } from "../fa";
import { now } from "../identity/clock";
import { getUser } from "../identity/store";
import {
  type ApplicationView,
  appealInput,
  applyCandidacyInput,
  type CandidateView,
  createElectionInput,
  decideCandidacyInput,
  extendVotingInput,
  importRollFileInput,
  type RollImportReport,
  type RollRejectionReason,
} from "./commands-model";
import { authorize } from "./permissions";
import { csvRollLines, type RollLine, xlsxRollLines } from "./roll-file";
import {
  ballotOrder,
  candidateIneligibility,
  extendVotingWindow,
  phaseOf,
  type RuleIssue,
  votingClosesAt,
  votingWindowOf,
} from "./rules";
import * as store from "./store";

const rule = (issue: RuleIssue, kind: DomainError["kind"] = "conflict") =>
  new DomainError(`election.${issue.code}`, kind, issue.messageFa);

export const electionErrors = {
  notOpen: () => new DomainError("election.not_open", "conflict", "رأی‌گیری هنوز آغاز نشده است."),
  closed: () => new DomainError("election.closed", "conflict", "زمان رأی‌گیری به پایان رسیده است."),
  rollLocked: () =>
    new DomainError(
      "election.roll_locked",
      "conflict",
      "رأی‌گیری آغاز شده است و فهرست رأی‌دهندگان دیگر تغییر نمی‌کند.",
    ),
  registrationClosed: () =>
    new DomainError("election.registration_closed", "conflict", "زمان ثبت‌نام نامزدها نیست."),
  ballotFixed: () =>
    new DomainError(
      "election.ballot_fixed",
      "conflict",
      "رأی‌گیری آغاز شده است و فهرست نامزدها دیگر تغییر نمی‌کند.",
    ),
  profileRequired: () =>
    new DomainError("election.profile_required", "conflict", "برای نامزدی، نخست نمایهٔ خود را کامل کنید."),
  notInElection: () =>
    new DomainError("election.neighbourhood_not_in_election", "conflict", "محلهٔ شما در این انتخابات نیست."),
  alreadyApplied: () =>
    new DomainError("election.already_applied", "conflict", "شما پیش‌تر در این انتخابات نامزد شده‌اید."),
  decisionNotAllowed: () =>
    new DomainError(
      "election.decision_not_allowed",
      "conflict",
      "این درخواست نامزدی در وضعیتی نیست که بتوان درباره‌اش تصمیم گرفت.",
    ),
  appealNotAllowed: () =>
    new DomainError(
      "election.appeal_not_allowed",
      "conflict",
      "اعتراض فقط یک بار و پس از رد نامزدی ممکن است.",
    ),
  ineligible: (issues: RuleIssue[]) =>
    new DomainError("election.candidate_ineligible", "input", issues.map((i) => i.messageFa).join(" "), {
      fields: issues.map((i) => ({
        path: i.code === "too_young" ? "birthDate" : "residenceSince",
        message: i.messageFa,
      })),
    }),
  badSchedule: (path: string, message: string) => errors.invalid([{ path, message }]),
  changedMeanwhile: () =>
    new DomainError("election.changed", "conflict", "انتخابات هم‌زمان تغییر کرد. لطفاً دوباره تلاش کنید."),
};

const iso = (ms: number) => new Date(ms).toISOString();
const subject = (electionId: string) => ({ type: "election", id: electionId });

/** The election or election.not_found. */
export async function loadElection(electionId: string): Promise<store.ElectionItem> {
  const election =
    typeof electionId === "string" && electionId.length <= 64
      ? await store.getElection(electionId)
      : undefined;
  if (!election) throw errors.notFound("election");
  return election;
}

// ── the election ─────────────────────────────────────────────────────────────────────────────

export interface ElectionView {
  id: string;
  title: string;
  term: number;
  neighbourhoods: string[];
  seats: store.ElectionItem["seats"];
  registration: { opensAt: string; closesAt: string };
  voting: store.ElectionItem["voting"] & { effectiveClosesAt: string };
  complaints: { opensAt: string; closesAt: string };
  drawSeed: string;
  status: store.ElectionStatus;
}

export function toElectionView(e: store.ElectionItem): ElectionView {
  return {
    id: e.id,
    title: e.title,
    term: e.term,
    neighbourhoods: e.neighbourhoods,
    seats: e.seats,
    registration: e.registration,
    voting: { ...e.voting, effectiveClosesAt: votingClosesAt(e.voting).toISOString() },
    complaints: e.complaints,
    drawSeed: e.drawSeed,
    status: e.status,
  };
}

export async function createElection(actor: Actor, input: unknown): Promise<ElectionView> {
  authorize(actor, "election.create");
  const data = parseInput(createElectionInput, input);
  const voting = votingWindowOf(data.voting);
  if (Date.parse(data.registration.closesAt) > Date.parse(voting.opensAt)) {
    throw electionErrors.badSchedule(
      "registration.closesAt",
      "ثبت‌نام نامزدها باید پیش از آغاز رأی‌گیری تمام شود.",
    );
  }
  const latestClose = Date.parse(voting.closesAt) + voting.maxExtensionMinutes * 60_000;
  if (Date.parse(data.complaints.opensAt) < latestClose) {
    throw electionErrors.badSchedule(
      "complaints.opensAt",
      "مهلت شکایت باید پس از پایان رأی‌گیری (با بیشترین تمدید) آغاز شود.",
    );
  }
  const t = now();
  const election: store.ElectionItem = {
    id: ulid(t),
    title: data.title,
    term: data.term,
    neighbourhoods: data.neighbourhoods,
    seats: data.seats,
    registration: data.registration,
    voting,
    complaints: data.complaints,
    drawSeed: randomBytes(32).toString("hex"),
    status: "scheduled",
    createdAt: iso(t),
    version: 0,
  };
  await store.transact([
    store.putElectionItem(election),
    auditItem({
      actor,
      action: "election.created",
      subject: subject(election.id),
      data: {
        neighbourhoods: election.neighbourhoods.length,
        opensAt: voting.opensAt,
        closesAt: voting.closesAt,
      },
      at: new Date(t),
    }),
  ]);
  return toElectionView(election);
}

export async function getElection(electionId: string): Promise<ElectionView> {
  return toElectionView(await loadElection(electionId));
}

export async function listElections(): Promise<ElectionView[]> {
  return (await store.listElections()).map(toElectionView);
}

/** Extends the voting window within the rules (never after close, at most 4 hours in total). */
export async function extendVoting(actor: Actor, electionId: string, input: unknown): Promise<ElectionView> {
  authorize(actor, "election.extend");
  const { minutes, reason } = parseInput(extendVotingInput, input);
  const election = await loadElection(electionId);
  const t = now();
  if (election.status !== "scheduled")
    throw rule({ code: "closed", messageFa: "رأی‌گیری بسته شده است و دیگر تمدید نمی‌شود." });
  const extended = extendVotingWindow(election.voting, minutes, new Date(t));
  if (!extended.ok) throw rule({ ...extended.issue, code: `extension_${extended.issue.code}` });
  try {
    await store.transact([
      store.updateElectionItem(election, { voting: extended.window }),
      auditItem({
        actor,
        action: "election.voting_extended",
        subject: subject(electionId),
        data: {
          minutes,
          extendedMinutes: extended.window.extendedMinutes,
          closesAt: votingClosesAt(extended.window).toISOString(),
          reason,
        },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw electionErrors.changedMeanwhile();
    throw e;
  }
  return toElectionView({ ...election, voting: extended.window, version: election.version + 1 });
}

export interface AuditPage {
  /** Newest first. */
  items: AuditEntry[];
  /** Pass as `before` for the older entries; absent on the last page. */
  next?: string;
}

const auditCursor = /^AT#\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * A page of the election's administrative history (`log` "election": creation, window changes,
 * roll imports, candidate decisions, close, rulings, certification) or of its roll log (`log`
 * "roll": each imported chunk, each residence declaration and its verification or rejection),
 * newest first; for administrators and observers.
 */
export async function listElectionAudit(
  actor: Actor,
  electionId: string,
  page: { log?: store.AuditLog; before?: string; limit?: number } = {},
): Promise<AuditPage> {
  authorize(actor, "audit.read");
  if (page.before !== undefined && !auditCursor.test(page.before)) {
    throw errors.invalid([{ path: "before", message: "نشانی صفحهٔ گزارش درست نیست." }]);
  }
  await loadElection(electionId);
  const limit = Math.min(200, Math.max(1, Math.floor(page.limit ?? 50)));
  const items = await store.auditPage(page.log ?? "election", electionId, limit, page.before);
  const last = items.at(-1);
  return { items, ...(last && items.length === limit ? { next: store.auditCursorOf(last) } : {}) };
}

// ── the electoral roll ───────────────────────────────────────────────────────────────────────

interface RollRow {
  line: number;
  nidHash: string;
  neighbourhoodId: string;
  mobileHash: string;
}

/**
 * Checks the lines of a roll file (CSV or the first sheet of an XLSX, see roll-file.ts) into rows
 * to import and rejections by line; a first line that is not data is a header.
 */
export function parseRollLines(
  lines: readonly RollLine[],
  neighbourhoods: ReadonlySet<string>,
): {
  rows: number;
  accepted: RollRow[];
  rejected: RollImportReport["rejected"];
} {
  const accepted: RollRow[] = [];
  const rejected: RollImportReport["rejected"] = [];
  const seen = new Set<string>();
  let rows = 0;
  for (const { line, cells } of lines) {
    if (cells.every((c) => c === "")) continue;
    if (line === 1 && !/\d/.test(cells[0] ?? "")) continue; // header
    rows++;
    const row = checkRollRow(cells, neighbourhoods, seen);
    if (typeof row === "string") {
      rejected.push({ line, reason: row });
      continue;
    }
    seen.add(row.nationalId);
    accepted.push({
      line,
      nidHash: keyedHash("national-id", row.nationalId),
      neighbourhoodId: row.neighbourhoodId,
      mobileHash: keyedHash("mobile", row.mobile),
    });
  }
  return { rows, accepted, rejected };
}

function checkRollRow(
  cells: string[],
  neighbourhoods: ReadonlySet<string>,
  seen: ReadonlySet<string>,
): RollRejectionReason | { nationalId: string; mobile: string; neighbourhoodId: string } {
  if (cells.length !== 3) return "malformed";
  const [rawId = "", rawMobile = "", neighbourhoodId = ""] = cells;
  const nationalId = normaliseNationalId(rawId);
  if (!nationalId) return "bad_national_id";
  const mobile = normaliseMobile(rawMobile);
  if (!mobile) return "bad_mobile";
  if (!neighbourhoods.has(neighbourhoodId)) return "unknown_neighbourhood";
  if (seen.has(nationalId)) return "duplicate_in_file";
  return { nationalId, mobile, neighbourhoodId };
}

/** Rows per transaction: each chunk is its roll puts + one counter per neighbourhood + one audit ≤ 100. */
const ROLL_CHUNK_ITEMS = 100;
const ROLL_CONCURRENCY = 4;

function chunkRows(rows: RollRow[]): RollRow[][] {
  const chunks: RollRow[][] = [];
  let current: RollRow[] = [];
  let hoods = new Set<string>();
  for (const row of rows) {
    const extraHood = hoods.has(row.neighbourhoodId) ? 0 : 1;
    // The chunk with this row: its rows, its neighbourhoods' counters and the audit entry.
    if (current.length + 1 + hoods.size + extraHood + 1 > ROLL_CHUNK_ITEMS) {
      chunks.push(current);
      current = [];
      hoods = new Set();
    }
    current.push(row);
    hoods.add(row.neighbourhoodId);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * Imports voters from a CSV text (`{csv}`) or an Excel workbook (`{xlsx}`: its bytes; the first
 * sheet is read), each row national id, mobile, neighbourhood id. Only keyed hashes are stored.
 * Each chunk of rows is one transaction with the neighbourhood counters it moves and its audit
 * entry, so the published eligible counts always equal the entries. A row whose person is already
 * on the roll (conditional put failed) is taken out of its chunk and the chunk retried: in the
 * same neighbourhood it is a harmless re-import, in another it is rejected. Each chunk's audit
 * entry goes to the roll log; the election's own log gets one entry with the import's totals.
 */
export async function importRoll(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<RollImportReport> {
  authorize(actor, "roll.import");
  const file = parseInput(importRollFileInput, input);
  const election = await loadElection(electionId);
  if (now() >= Date.parse(election.voting.opensAt)) throw electionErrors.rollLocked();

  const lines = "csv" in file ? csvRollLines(file.csv) : await xlsxRollLines(file.xlsx);
  const parsed = parseRollLines(lines, new Set(election.neighbourhoods));
  const report: RollImportReport = {
    rows: parsed.rows,
    added: 0,
    alreadyListed: 0,
    rejected: parsed.rejected,
  };
  const queue = chunkRows(parsed.accepted);

  const importChunk = async (chunk: RollRow[]) => {
    let rows = chunk;
    while (rows.length > 0) {
      const perHood = new Map<string, number>();
      for (const r of rows) perHood.set(r.neighbourhoodId, (perHood.get(r.neighbourhoodId) ?? 0) + 1);
      try {
        await store.transact([
          ...rows.map((r) =>
            store.putRollEntryItem(electionId, r.nidHash, {
              neighbourhoodId: r.neighbourhoodId,
              mobileHash: r.mobileHash,
            }),
          ),
          ...[...perHood].map(([hood, n]) => store.addEligibleItem(electionId, hood, n)),
          auditItem({
            actor,
            action: "election.roll_chunk_imported",
            subject: { type: store.auditLogs.roll, id: electionId },
            data: { added: rows.length, neighbourhoods: [...perHood.keys()] },
            at: new Date(now()),
          }),
        ]);
        report.added += rows.length;
        return;
      } catch (e) {
        const codes = store.cancellationCodes(e);
        if (!codes?.includes("ConditionalCheckFailed")) throw e;
        const listed = rows.filter((_, i) => codes[i] === "ConditionalCheckFailed");
        const existing = await Promise.all(listed.map((r) => store.getRollEntry(electionId, r.nidHash)));
        listed.forEach((r, i) => {
          if (existing[i]?.neighbourhoodId === r.neighbourhoodId) report.alreadyListed++;
          else report.rejected.push({ line: r.line, reason: "other_neighbourhood" });
        });
        const failed = new Set(listed);
        rows = rows.filter((r) => !failed.has(r));
      }
    }
  };
  const workers = Array.from({ length: ROLL_CONCURRENCY }, async () => {
    for (let chunk = queue.shift(); chunk; chunk = queue.shift()) await importChunk(chunk);
  });
  await Promise.all(workers);
  report.rejected.sort((a, b) => a.line - b.line);
  // One entry in the election's log for the whole import (the chunks' own are in the roll log).
  await writeAudit({
    actor,
    action: "election.roll_imported",
    subject: subject(electionId),
    data: {
      format: "csv" in file ? "csv" : "xlsx",
      rows: report.rows,
      added: report.added,
      alreadyListed: report.alreadyListed,
      rejected: report.rejected.length,
    },
    at: new Date(now()),
  });
  return report;
}

/** Eligible voters per neighbourhood of the election (0 where nobody is on the roll); public. */
export async function eligibleVoters(electionId: string): Promise<Record<string, number>> {
  const election = await loadElection(electionId);
  const counts = await store.eligibleCounts(electionId);
  return Object.fromEntries(election.neighbourhoods.map((n) => [n, counts[n] ?? 0]));
}

// ── candidates ───────────────────────────────────────────────────────────────────────────────

function toCandidateView(c: store.CandidateItem): CandidateView {
  return {
    id: c.id,
    electionId: c.electionId,
    neighbourhoodId: c.neighbourhoodId,
    name: c.name,
    statement: c.statement,
    status: c.status,
    ...(c.rejectionReason ? { rejectionReason: c.rejectionReason } : {}),
    appealUsed: c.appealUsed,
  };
}

/**
 * A citizen stands for their own neighbourhood (the one on their profile), during registration,
 * with a statement, a photo and proof of residence; age and residence are checked on the day.
 */
export async function applyForCandidacy(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<CandidateView> {
  authorize(actor, "candidate.apply");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const data = parseInput(applyCandidacyInput, input);
  const election = await loadElection(electionId);
  const t = now();
  if (phaseOf(election.registration, new Date(t)) !== "open") throw electionErrors.registrationClosed();
  const user = await getUser(actor.userId);
  if (user?.kind !== "citizen" || !user.profile) throw electionErrors.profileRequired();
  const { profile } = user;
  if (!election.neighbourhoods.includes(profile.neighbourhood)) throw electionErrors.notInElection();
  const issues = candidateIneligibility({
    birthDate: profile.birthDate,
    residenceSince: data.residenceSince,
    registeredOn: new Date(t),
  });
  if (issues.length) throw electionErrors.ineligible(issues);
  const [photo, proof] = await Promise.all([
    requireReadyUpload(actor, data.photoUploadId, "profile-photo"),
    requireReadyUpload(actor, data.proofUploadId, "document"),
  ]);
  const candidate: store.CandidateItem = {
    id: ulid(t),
    electionId,
    neighbourhoodId: profile.neighbourhood,
    userId: actor.userId,
    name: `${profile.firstName} ${profile.lastName}`,
    statement: data.statement,
    residenceSince: data.residenceSince,
    photo: { uploadId: photo.id, objectKey: photo.objectKey },
    proof: { uploadId: proof.id, objectKey: proof.objectKey },
    status: "submitted",
    appealUsed: false,
    createdAt: iso(t),
  };
  try {
    await store.transact([
      ...store.createCandidateItems(candidate),
      auditItem({
        actor,
        action: "election.candidate_applied",
        subject: subject(electionId),
        data: { candidateId: candidate.id, neighbourhoodId: candidate.neighbourhoodId },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw electionErrors.alreadyApplied();
    throw e;
  }
  return toCandidateView(candidate);
}

/** The citizen's own application in an election, or null. */
export async function myCandidacy(actor: Actor, electionId: string): Promise<CandidateView | null> {
  authorize(actor, "candidate.apply");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const id = await store.candidateIdOfUser(electionId, actor.userId);
  const candidate = id ? await store.getCandidate(electionId, id) : undefined;
  return candidate ? toCandidateView(candidate) : null;
}

/** Approve, or reject with a reason; allowed until voting opens (then the ballot is fixed). */
export async function decideCandidacy(
  actor: Actor,
  electionId: string,
  candidateId: string,
  input: unknown,
): Promise<CandidateView> {
  authorize(actor, "candidate.decide");
  const decision = parseInput(decideCandidacyInput, input);
  const election = await loadElection(electionId);
  const t = now();
  if (t >= Date.parse(election.voting.opensAt)) throw electionErrors.ballotFixed();
  const candidate = await store.getCandidate(electionId, candidateId);
  if (!candidate) throw errors.notFound("election.candidate");
  const to = decision.decision === "approve" ? "approved" : "rejected";
  const extra = decision.decision === "reject" ? { rejectionReason: decision.reason } : {};
  try {
    await store.transact([
      store.setCandidateStatusItem(electionId, candidateId, ["submitted", "appealed"], to, extra),
      auditItem({
        actor,
        action: `election.candidate_${to}`,
        subject: subject(electionId),
        data: { candidateId, neighbourhoodId: candidate.neighbourhoodId },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed")
      throw electionErrors.decisionNotAllowed();
    throw e;
  }
  return toCandidateView({ ...candidate, status: to, ...extra });
}

/** A rejected applicant appeals, once; the appeal goes back to the administrators' decision. */
export async function appealCandidacy(
  actor: Actor,
  electionId: string,
  input: unknown,
): Promise<CandidateView> {
  authorize(actor, "candidate.apply");
  if (actor.kind !== "citizen") throw errors.forbidden();
  const { text } = parseInput(appealInput, input);
  const election = await loadElection(electionId);
  const id = await store.candidateIdOfUser(electionId, actor.userId);
  const candidate = id ? await store.getCandidate(electionId, id) : undefined;
  if (!candidate) throw errors.notFound("election.candidate");
  authorize(actor, "candidate.appeal", { userId: candidate.userId });
  const t = now();
  if (t >= Date.parse(election.voting.opensAt)) throw electionErrors.ballotFixed();
  if (candidate.status !== "rejected" || candidate.appealUsed) throw electionErrors.appealNotAllowed();
  try {
    await store.transact([
      store.setCandidateStatusItem(electionId, candidate.id, ["rejected"], "appealed", {
        appealText: text,
        appealUsed: true,
      }),
      auditItem({
        actor,
        action: "election.candidate_appealed",
        subject: subject(electionId),
        data: { candidateId: candidate.id },
        at: new Date(t),
      }),
    ]);
  } catch (e) {
    if (store.cancellationCodes(e)?.[0] === "ConditionalCheckFailed") throw electionErrors.appealNotAllowed();
    throw e;
  }
  return toCandidateView({ ...candidate, status: "appealed", appealUsed: true });
}

/**
 * Applications of a neighbourhood in every status, for administrators and observers — with what
 * the decision rests on: the photo and the proof of residence (signed links), the declared
 * residence date and, once appealed, the appeal's text (none of it is on the public ballot).
 */
export async function listApplications(
  actor: Actor,
  electionId: string,
  neighbourhoodId: string,
): Promise<ApplicationView[]> {
  authorize(actor, "candidate.readApplications");
  const candidates = await store.candidatesOf(electionId, neighbourhoodId);
  return Promise.all(
    candidates.map(async (c) => {
      // Short-lived signed reads: the decision needs the photo and the proof of residence, and
      // the links must not outlive the page that shows them.
      const [photo, proof] = await Promise.all([
        presignRead(c.photo.objectKey),
        presignRead(c.proof.objectKey, { downloadName: `proof-${c.id}` }),
      ]);
      return {
        ...toCandidateView(c),
        residenceSince: c.residenceSince,
        ...(c.appealText ? { appealText: c.appealText } : {}),
        files: { photoUrl: photo.url, proofUrl: proof.url, expiresAt: photo.expiresAt },
      };
    }),
  );
}

/** The approved candidates of a neighbourhood's ballot, in the published ballot order; public. */
export async function listBallotCandidates(
  electionId: string,
  neighbourhoodId: string,
): Promise<CandidateView[]> {
  const election = await loadElection(electionId);
  if (!election.neighbourhoods.includes(neighbourhoodId)) throw errors.notFound("election.neighbourhood");
  const approved = (await store.candidatesOf(electionId, neighbourhoodId)).filter(
    (c) => c.status === "approved",
  );
  const byId = new Map(approved.map((c) => [c.id, c]));
  return ballotOrder(election.drawSeed, [...byId.keys()]).map((id) =>
    toCandidateView(byId.get(id) as store.CandidateItem),
  );
}
