/**
 * Results: ranking a scoring round (its works' tallies read at once, per-juror normalisation,
 * agreement, ranking by group with the round's seed), the locked decision on winners and
 * honourable mentions, publishing, the public results and certificates with verification codes
 * (the exports are commands-export.ts).
 */
import { z } from "zod";
import type { Actor } from "../../actor";
import { auditItem } from "../../audit";
import { readObjectStart } from "../../blob/objects";
import { randomToken, sha256 } from "../../crypto";
import { errors, parseInput } from "../../error";
import { districtIds } from "../../geo/city";
import { getUser } from "../../identity/store";
import type { AttachedFile, Entry, Programme } from "../model";
import { decodeCursor, encodeCursor, publishFinal } from "./commands-rounds";
import {
  at,
  type Clock,
  failedAt,
  jalaliDay,
  judgingCommandErrors,
  loadRound,
  notifySubmitter,
  programmeOrFail,
  smsTexts,
} from "./commands-shared";
import { authorizeJudging } from "./permissions";
import { type RankedGroup, type RankGrouping, rankByGroup } from "./ranking";
import { type RankingInput, readRankingInput } from "./ranking-read";
import {
  type Agreement,
  aggregateColumns,
  agreementOfColumns,
  type JurorStats,
  normaliseColumns,
  scoreColumns,
} from "./scoring";
import * as store from "./store";

// ── ranking ──────────────────────────────────────────────────────────────────────────────────

export interface RankedWork {
  id: string;
  score: number;
  median: number;
  reviews: number;
  submittedAt: string;
  category?: string;
  ageGroup?: string;
  district?: string;
}

export interface Ranking {
  roundId: string;
  by: RankGrouping[];
  groups: RankedGroup<RankedWork>[];
  agreement: Agreement;
  jurors: JurorStats[];
  scores: number;
}

/** Children's contests rank per age group, others per category. */
export const defaultGrouping = (p: Programme): RankGrouping[] =>
  p.ageGroups.length > 0 ? ["ageGroup"] : p.categories.length > 0 ? ["category"] : [];

const rankInput = z.object({
  by: z
    .array(z.enum(["category", "ageGroup", "district"]))
    .max(3)
    .optional(),
});

/**
 * The ranking's maths over what was read: scores normalised per juror, averaged per work, ranked
 * within groups with the declared tie-breaks and the seed; the agreement measure alongside.
 * Pure — computeRanking runs it on the tallies, the tests and the benchmark on the score items too.
 */
export function rankRound(
  input: RankingInput,
  o: { roundId: string; scale: { min: number; max: number }; by: RankGrouping[]; seed: string },
): Ranking {
  // The scores as columns once, for the normalisation, the per-work aggregate and the agreement.
  const columns = scoreColumns(input.scores);
  const normalisation = normaliseColumns(columns, o.scale);
  const perWork = aggregateColumns(columns.work, columns.workIds.length, normalisation.normalised);
  const entries: RankedWork[] = [];
  columns.workIds.forEach((id, w) => {
    const facts = input.works.get(id);
    if (!facts) return;
    entries.push({
      id,
      score: perWork.mean[w] as number,
      median: perWork.median[w] as number,
      reviews: perWork.reviews[w] as number,
      submittedAt: facts.submittedAt,
      district: facts.district,
      ...(facts.categoryId ? { category: facts.categoryId } : {}),
      ...(facts.ageGroup ? { ageGroup: facts.ageGroup } : {}),
    });
  });
  return {
    roundId: o.roundId,
    by: o.by,
    groups: rankByGroup(entries, o.by, { seed: o.seed }),
    agreement: agreementOfColumns(columns),
    jurors: normalisation.jurors,
    scores: input.scores.length,
  };
}

/**
 * Ranks a scoring round from its works' tallies (ranking-store.ts: one item per scored work,
 * written with each score, read from all shards at once) with rankRound. Central secretariat.
 */
export async function computeRanking(
  actor: Actor,
  programmeId: string,
  roundId: string,
  input: unknown = {},
): Promise<Ranking> {
  authorizeJudging(actor, "judging.rank");
  const { by } = parseInput(rankInput, input);
  const ctx = await loadRound(programmeId, roundId);
  const rubric = ctx.round.rubric;
  if (ctx.round.kind !== "scoring" || !rubric) throw judgingCommandErrors.wrongRoundKind(ctx.round.kind);
  const pid = ctx.programme.id;
  return rankRound(await readRankingInput(pid, roundId), {
    roundId,
    scale: rubric.scale,
    by: by ?? defaultGrouping(ctx.programme),
    seed: ctx.state?.seed ?? pid,
  });
}

// ── decisions and results ────────────────────────────────────────────────────────────────────

const ulidSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const decideInput = z
  .object({
    winners: z.array(ulidSchema).max(500),
    honourableMentions: z.array(ulidSchema).max(500).default([]),
  })
  .refine(
    (d) =>
      new Set([...d.winners, ...d.honourableMentions]).size ===
      d.winners.length + d.honourableMentions.length,
    {
      path: ["honourableMentions"],
      error: "هر اثر فقط یک بار و در یک گروه می‌آید.",
    },
  );

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function titleOf(entry: Entry): string | undefined {
  const t = entry.values.title;
  return typeof t === "string" ? t : undefined;
}

/** A child's work reaches the gallery only with the guardian's gallery consent. */
const galleryAllowed = (entry: Entry) => !entry.child || entry.consent?.gallery === true;

/** Only a child's first name (with gallery consent) or an organisation's name is ever public. */
function publicName(entry: Entry): string | undefined {
  if (entry.child) return galleryAllowed(entry) ? entry.child.firstName : undefined;
  if (entry.organisation) return entry.organisation.name;
  return undefined;
}

function firstThumbnail(entry: Entry, programme: Programme): string | undefined {
  if (!galleryAllowed(entry)) return undefined;
  for (const f of programme.form.fields) {
    if (f.kind !== "files" || f.private) continue;
    const files = entry.values[f.id] as AttachedFile[] | undefined;
    const thumb = files?.find((x) => x.thumbnailKey)?.thumbnailKey;
    if (thumb) return thumb;
  }
  return undefined;
}

/**
 * Decides and locks the last round's winners and honourable mentions (the round must be locked:
 * scores are final). The decision item is created once; a repeat with the same lists resumes
 * applying it (entries' statuses, the public result cards), a different one is refused.
 */
export async function decideWinners(
  actor: Actor,
  programmeId: string,
  roundId: string,
  input: unknown,
  clock: Clock = {},
): Promise<store.Decision> {
  authorizeJudging(actor, "judging.decide");
  if (actor.kind !== "staff") throw errors.forbidden();
  const data = parseInput(decideInput, input);
  const ctx = await loadRound(programmeId, roundId);
  if (ctx.next || ctx.round.kind !== "scoring") throw judgingCommandErrors.wrongRoundKind(ctx.round.kind);
  if (ctx.status !== "locked") throw judgingCommandErrors.roundNotLocked();
  const pid = ctx.programme.id;
  const now = at(clock).toISOString();
  const all = [...data.winners, ...data.honourableMentions];
  for (const id of all)
    if (!(await store.getWork(id, roundId))) throw judgingCommandErrors.notADecidedEntry(id);

  let decision = await store.getDecision(pid, roundId);
  if (
    decision &&
    !(
      sameList(decision.winners, data.winners) &&
      sameList(decision.honourableMentions, data.honourableMentions)
    )
  )
    throw judgingCommandErrors.decisionsLocked();
  if (!decision) {
    decision = { programmeId: pid, roundId, ...data, decidedAt: now, decidedBy: actor.userId };
    try {
      await store.transact([
        store.roundIsItem(pid, roundId, ["locked"]),
        store.createDecisionItem(decision),
        auditItem({
          actor,
          action: "judging.decided",
          subject: { type: "programme", id: pid },
          data: { roundId, winners: data.winners, honourableMentions: data.honourableMentions },
          at: new Date(now),
        }),
      ]);
    } catch (e) {
      if (failedAt(e, 1)) throw judgingCommandErrors.decisionsLocked();
      if (failedAt(e, 0)) throw judgingCommandErrors.busy();
      throw e;
    }
  }
  const entries = await store.getEntries(all);
  for (const id of all) {
    const entry = entries.get(id);
    if (!entry) continue;
    const award = data.winners.includes(id) ? "winner" : "honourable_mention";
    const thumb = firstThumbnail(entry, ctx.programme);
    const name = publicName(entry);
    const title = titleOf(entry);
    try {
      await store.transact([
        store.entryStatusItem(id, ["in_judging"], award, now),
        store.putResultItem({
          programmeId: pid,
          entryId: id,
          award,
          district: entry.district,
          ...(entry.categoryId ? { categoryId: entry.categoryId } : {}),
          ...(entry.child ? { ageGroup: entry.child.ageGroup } : {}),
          ...(name ? { displayName: name } : {}),
          ...(title ? { title } : {}),
          ...(thumb ? { thumbnailKey: thumb } : {}),
        }),
        auditItem({
          actor,
          action: `judging.${award}`,
          subject: { type: "entry", id },
          data: { programmeId: pid, roundId },
          at: new Date(now),
        }),
      ]);
    } catch (e) {
      // Applied by an earlier run of the same decision.
      if (!failedAt(e, 0)) throw e;
    }
  }
  return decision;
}

/**
 * Publishes the programme's results (the last round: locked → published, its decision must
 * exist) and tells the winners and honourable mentions by SMS.
 */
export async function publishResults(actor: Actor, programmeId: string, clock: Clock = {}) {
  const programme = await programmeOrFail(programmeId);
  const last = programme.rounds[programme.rounds.length - 1];
  if (!last) throw judgingCommandErrors.roundNotFound();
  const ctx = await loadRound(programme, last.id);
  const state = await publishFinal(actor, ctx, clock);
  const decision = (await store.getDecision(programme.id, last.id)) as store.Decision;
  const entries = await store.getEntries([...decision.winners, ...decision.honourableMentions]);
  for (const entry of entries.values())
    await notifySubmitter(entry.submitterId, smsTexts.results(programme, entry.trackingCode));
  return state;
}

const resultsFilter = z.object({
  categoryId: z.string().max(40).optional(),
  ageGroup: z.string().max(40).optional(),
  district: z.enum(districtIds).optional(),
});

/**
 * How much of a gallery thumbnail is read: blob/images.ts makes them at a fixed small size
 * (~10–60 KB WebP), so the cap is a guard, never a cut.
 */
const GALLERY_IMAGE_MAX_BYTES = 1024 * 1024;

/**
 * The public address of a work's gallery thumbnail: an API path by programme and entry, served by
 * galleryThumbnail. Not a signed S3 URL, whose key (`thumbs/<owner>/…`) would show the guardian's
 * account id and tie a family's works together.
 */
export const galleryThumbnailPath = (programmeId: string, entryId: string) =>
  `/api/judging/programmes/${programmeId}/results/${entryId}/thumbnail`;

/** A result as the public sees it: the thumbnail by its public path, never its key. */
export interface PublicResult extends Omit<store.ResultCard, "thumbnailKey"> {
  categoryFa?: string;
  ageGroupFa?: string;
  thumbnailUrl?: string;
}

async function publishedProgramme(programmeId: string): Promise<Programme> {
  const programme = await programmeOrFail(programmeId);
  const last = programme.rounds[programme.rounds.length - 1];
  const state = last ? await store.getRoundState(programme.id, last.id) : undefined;
  if (state?.status !== "published") throw judgingCommandErrors.resultsNotPublished();
  return programme;
}

/**
 * A winning work's thumbnail (WebP bytes), public once the results are published and only where
 * the guardian agreed to the gallery (the result card holds a thumbnail only then).
 */
export async function galleryThumbnail(programmeId: string, entryId: string): Promise<Uint8Array> {
  await publishedProgramme(programmeId);
  const key = (await store.getResultOfEntry(programmeId, entryId))?.thumbnailKey;
  const bytes = key ? await readObjectStart(key, GALLERY_IMAGE_MAX_BYTES) : null;
  if (!bytes) throw judgingCommandErrors.galleryImageNotFound();
  return bytes;
}

/**
 * The published results, public: winners and honourable mentions with category, age group,
 * district, title and — only for a child whose guardian agreed to the gallery — the child's first
 * name and a thumbnail URL (an organisation's name; never a surname, school or contact). Filters by
 * category/age group/district.
 */
export async function listResults(
  programmeId: string,
  filter: unknown = {},
): Promise<{ programmeTitle: string; items: PublicResult[] }> {
  const f = parseInput(resultsFilter, filter);
  const programme = await publishedProgramme(programmeId);
  const items: store.ResultCard[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.listResults(programme.id, startKey);
    items.push(
      ...page.items.filter(
        (r) =>
          (!f.categoryId || r.categoryId === f.categoryId) &&
          (!f.ageGroup || r.ageGroup === f.ageGroup) &&
          (!f.district || r.district === f.district),
      ),
    );
    startKey = page.nextKey;
  } while (startKey);
  const categories = new Map(programme.categories.map((c) => [c.id, c.titleFa]));
  const ageGroups = new Map(programme.ageGroups.map((g) => [g.id, g.titleFa]));
  const shown = items.map(({ thumbnailKey, ...card }): PublicResult => {
    const categoryFa = card.categoryId ? categories.get(card.categoryId) : undefined;
    const ageGroupFa = card.ageGroup ? ageGroups.get(card.ageGroup) : undefined;
    return {
      ...card,
      ...(categoryFa ? { categoryFa } : {}),
      ...(ageGroupFa ? { ageGroupFa } : {}),
      ...(thumbnailKey ? { thumbnailUrl: galleryThumbnailPath(programme.id, card.entryId) } : {}),
    };
  });
  return { programmeTitle: programme.title, items: shown };
}

// ── certificates ─────────────────────────────────────────────────────────────────────────────

/** 10 characters of Crockford base32 (50 bits), grouped for reading aloud: XXXXX-XXXXX. */
function newCertificateCode(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const bytes = Buffer.from(randomToken(16), "base64url");
  let code = "";
  for (let i = 0; i < 10; i++) code += alphabet[(bytes[i] as number) % 32];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export const normaliseCertificateCode = (code: string) =>
  code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");

const certificateHash = (code: string) => sha256(`certificate:${normaliseCertificateCode(code)}`);

async function nameOnCertificate(entry: Entry): Promise<string> {
  const shown = publicName(entry);
  if (shown) return shown;
  const user = await getUser(entry.submitterId);
  const profile = user?.kind === "citizen" ? user.profile : undefined;
  return profile ? `${profile.firstName} ${profile.lastName}` : "";
}

const certifyInput = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/**
 * Issues certificates once results are published: every work that entered round 1 gets one
 * (award: winner, honourable_mention or participant), a page at a time (cursor; null when done).
 * The code is random; its SHA-256 is the key verification looks up, the code itself sits on the
 * entry's side for its submitter. An entry already certified is skipped.
 */
export async function issueCertificates(
  actor: Actor,
  programmeId: string,
  input: unknown = {},
  clock: Clock = {},
): Promise<{ issued: number; cursor: string | null }> {
  authorizeJudging(actor, "judging.certify");
  const { cursor, limit } = parseInput(certifyInput, input);
  const programme = await programmeOrFail(programmeId);
  const first = programme.rounds[0];
  const last = programme.rounds[programme.rounds.length - 1];
  if (!first || !last) throw judgingCommandErrors.roundNotFound();
  if ((await store.getRoundState(programme.id, last.id))?.status !== "published")
    throw judgingCommandErrors.resultsNotPublished();
  const now = at(clock);
  const page = await store.listWorks(programme.id, first.id, {
    limit,
    startKey: decodeCursor(cursor),
    projection: ["entryId"],
  });
  const entries = await store.getEntries(page.items.map((w) => w.entryId));
  let issued = 0;
  for (const entry of entries.values()) {
    const award: store.Award =
      entry.status === "winner" || entry.status === "honourable_mention" ? entry.status : "participant";
    const code = newCertificateCode();
    try {
      await store.transact([
        ...store.createCertificateItems(certificateHash(code), code, {
          programmeId: programme.id,
          entryId: entry.id,
          programmeTitle: programme.title,
          name: await nameOnCertificate(entry),
          award,
          issuedAt: now.toISOString(),
        }),
        auditItem({
          actor,
          action: "judging.certificate_issued",
          subject: { type: "entry", id: entry.id },
          data: { programmeId: programme.id, award },
          at: now,
        }),
      ]);
      issued++;
    } catch (e) {
      if (!failedAt(e, 0)) throw e;
    }
  }
  return { issued, cursor: page.nextKey ? encodeCursor(page.nextKey) : null };
}

export const awardLabelsFa: Record<store.Award, string> = {
  winner: "برگزیده",
  honourable_mention: "شایستهٔ تقدیر",
  participant: "شرکت‌کننده",
};

export interface CertificateView {
  programmeTitle: string;
  name: string;
  award: store.Award;
  awardFa: string;
  /** The issue date in Jalali, e.g. «۱۲ اسفند ۱۴۰۳». */
  issuedOnFa: string;
  issuedAt: string;
}

/** Public: what a certificate's code stands for (the page the QR opens). */
export async function verifyCertificate(code: string): Promise<CertificateView> {
  const normalised = normaliseCertificateCode(code);
  if (normalised.length !== 10) throw judgingCommandErrors.certificateNotFound();
  const c = await store.getCertificate(certificateHash(normalised));
  if (!c) throw judgingCommandErrors.certificateNotFound();
  return {
    programmeTitle: c.programmeTitle,
    name: c.name,
    award: c.award,
    awardFa: awardLabelsFa[c.award],
    issuedOnFa: jalaliDay(c.issuedAt),
    issuedAt: c.issuedAt,
  };
}

/** The submitter's certificate for their entry, with its code (for the printable page). */
export async function getMyCertificate(
  actor: Actor,
  entryId: string,
): Promise<CertificateView & { code: string }> {
  if (actor.kind === "anonymous") throw errors.unauthenticated();
  const entry = (await store.getEntries([entryId])).get(entryId);
  if (!entry || actor.kind !== "citizen" || entry.submitterId !== actor.userId)
    throw judgingCommandErrors.certificateNotFound();
  const c = await store.getEntryCertificate(entryId);
  if (!c) throw judgingCommandErrors.certificateNotFound();
  return { ...(await verifyCertificate(c.code)), code: c.code };
}
