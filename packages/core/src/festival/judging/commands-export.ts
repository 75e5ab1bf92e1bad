/**
 * The central secretariat's exports: a programme's entries, and a scoring round's scores, each as
 * CSV (streamed) or XLSX (a data sheet and a "dictionary" sheet describing every column in Persian
 * and English). One table definition per export feeds both formats, so the columns of a CSV and
 * of its XLSX are always the same.
 *
 * What is exported is what the central secretariat may see in its queues: no submitter identity,
 * organisation, child, contact or private form field; jurors appear under a pseudonym (J01, J02 …
 * in the order of their ids), never by name or id.
 */
import writeExcelFile from "write-excel-file/node";
import type { Actor } from "../../actor";
import { districtIds } from "../../geo/city";
import type { Programme } from "../model";
import { judgingCommandErrors, loadRound, programmeOrFail } from "./commands-shared";
import { authorizeJudging } from "./permissions";
import type { JudgingRound } from "./rounds";
import { normaliseByJuror, type Rubric } from "./scoring";
import * as store from "./store";

export interface DictionaryRow {
  column: string;
  descriptionFa: string;
  descriptionEn: string;
}

type Cell = string | number | null;

/** An export: its columns described, and its rows (cells in the dictionary's order) pulled lazily. */
interface Table {
  dictionary: DictionaryRow[];
  rows: () => AsyncGenerator<Cell[]>;
}

const cell = (value: unknown): Cell =>
  value === undefined || value === null
    ? null
    : typeof value === "number"
      ? value
      : Array.isArray(value)
        ? value.join(";")
        : String(value);

// ── entries ──────────────────────────────────────────────────────────────────────────────────

const entryColumns: DictionaryRow[] = [
  { column: "entry_id", descriptionFa: "شناسهٔ اثر (ULID)", descriptionEn: "Entry id (ULID)" },
  { column: "tracking_code", descriptionFa: "کد پیگیری اثر", descriptionEn: "The entry's tracking code" },
  {
    column: "entrant_kind",
    descriptionFa: "نوع شرکت‌کننده: citizen، organisation، council_assistant، child_by_guardian",
    descriptionEn: "Who entered: citizen, organisation, council_assistant, child_by_guardian",
  },
  { column: "category", descriptionFa: "شناسهٔ محور یا رده", descriptionEn: "Category (axis) id" },
  {
    column: "age_group",
    descriptionFa: "شناسهٔ گروه سنی (فقط آثار کودکان)",
    descriptionEn: "Age group id (children's entries only)",
  },
  { column: "district", descriptionFa: "شمارهٔ منطقه (۱ تا ۲۲)", descriptionEn: "District number (1–22)" },
  { column: "neighbourhood", descriptionFa: "شناسهٔ محله", descriptionEn: "Neighbourhood id" },
  {
    column: "status",
    descriptionFa: "وضعیت اثر (submitted، in_screening، selected، forwarded، in_judging، winner …)",
    descriptionEn: "Entry status (submitted, in_screening, selected, forwarded, in_judging, winner …)",
  },
  {
    column: "submitted_at",
    descriptionFa: "زمان ثبت (ISO 8601، UTC)",
    descriptionEn: "When it was submitted (ISO 8601, UTC)",
  },
];

/** The entries export's columns: fixed ones, then every non-private form field (files as a count). */
export function entriesCsvDictionary(programme: Programme): DictionaryRow[] {
  return [
    ...entryColumns,
    ...programme.form.fields
      .filter((f) => !f.private)
      .map((f) => ({
        column: `field_${f.id}`,
        descriptionFa: `${f.labelFa} (${f.kind === "files" ? "شمار فایل‌ها" : f.kind})`,
        descriptionEn: `Form field "${f.id}" (${f.kind === "files" ? "number of files" : f.kind})`,
      })),
  ];
}

/** The programme's live entries, district by district, a page at a time. */
function entriesTable(programme: Programme): Table {
  const fields = programme.form.fields.filter((f) => !f.private);
  async function* rows(): AsyncGenerator<Cell[]> {
    for (const district of districtIds) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await store.listDistrictEntries(programme.id, district, 200, startKey);
        for (const e of page.items)
          yield [
            e.id,
            e.trackingCode,
            e.entrantKind,
            e.categoryId,
            e.child?.ageGroup,
            e.district,
            e.neighbourhood,
            e.status,
            e.submittedAt,
            ...fields.map((f) => {
              const v = e.values[f.id];
              return f.kind === "files" ? (Array.isArray(v) ? v.length : 0) : v;
            }),
          ].map(cell);
        startKey = page.nextKey;
      } while (startKey);
    }
  }
  return { dictionary: entriesCsvDictionary(programme), rows };
}

// ── scores ───────────────────────────────────────────────────────────────────────────────────

/** The scores export's columns: the entry, the juror's pseudonym, each criterion, total, normalised. */
export function scoresDictionary(rubric: Rubric): DictionaryRow[] {
  const scale = `${rubric.scale.min}–${rubric.scale.max}`;
  return [
    { column: "entry_id", descriptionFa: "شناسهٔ اثر (ULID)", descriptionEn: "Entry id (ULID)" },
    { column: "tracking_code", descriptionFa: "کد پیگیری اثر", descriptionEn: "The entry's tracking code" },
    { column: "district", descriptionFa: "شمارهٔ منطقهٔ اثر", descriptionEn: "The entry's district" },
    { column: "category", descriptionFa: "شناسهٔ محور یا رده", descriptionEn: "Category (axis) id" },
    {
      column: "age_group",
      descriptionFa: "شناسهٔ گروه سنی (فقط آثار کودکان)",
      descriptionEn: "Age group id (children's entries only)",
    },
    {
      column: "juror",
      descriptionFa: "نام مستعار داور در این مرحله (J01، J02 …)؛ نام و شناسهٔ داور در خروجی نمی‌آید",
      descriptionEn: "The juror's pseudonym in this round (J01, J02 …); no name or id is exported",
    },
    ...rubric.criteria.map((c) => ({
      column: `criterion_${c.id}`,
      descriptionFa: `${c.titleFa}: نمرهٔ داور از ${c.min} تا ${c.max}، وزن ${c.weight}`,
      descriptionEn: `Criterion "${c.id}": the juror's mark, ${c.min}–${c.max}, weight ${c.weight}`,
    })),
    {
      column: "total",
      descriptionFa: `نمرهٔ وزن‌دار داور روی مقیاس ${scale}`,
      descriptionEn: `The juror's weighted score on the ${scale} scale`,
    },
    {
      column: "normalised",
      descriptionFa: `نمرهٔ استانداردشده برای سخت‌گیری یا سهل‌گیری داور (نمرهٔ z نگاشته به ${scale})`,
      descriptionEn: `The score normalised for the juror's leniency (z-score mapped back to ${scale})`,
    },
    {
      column: "scored_at",
      descriptionFa: "زمان آخرین ثبت نمره (ISO 8601، UTC)",
      descriptionEn: "When the score was last given (ISO 8601, UTC)",
    },
  ];
}

/**
 * A scoring round's scores, one row per (entry, juror), in entry order. Normalisation needs every
 * juror's mean and spread, so the scores are read (a page at a time) before the first row is
 * given; the entries are then fetched 100 at a time as the rows reach them.
 */
function scoresTable(programme: Programme, round: JudgingRound & { rubric: Rubric }): Table {
  const rubric = round.rubric;
  async function* rows(): AsyncGenerator<Cell[]> {
    const scores: store.ScoreRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await store.listRoundScores(programme.id, round.id, startKey);
      scores.push(...page.items);
      startKey = page.nextKey;
    } while (startKey);
    const normalised = normaliseByJuror(
      scores.map((s) => ({ jurorId: s.jurorId, workId: s.entryId, score: s.score })),
      rubric.scale,
    ).scores;
    const pseudonyms = new Map(
      [...new Set(scores.map((s) => s.jurorId))]
        .sort()
        .map((id, i) => [id, `J${String(i + 1).padStart(2, "0")}`]),
    );
    for (let i = 0; i < scores.length; ) {
      const ids: string[] = [];
      let j = i;
      // The next ≤ 100 distinct entries (scores come sorted by entry, then juror).
      for (; j < scores.length; j++) {
        const id = (scores[j] as store.ScoreRow).entryId;
        if (ids[ids.length - 1] !== id) {
          if (ids.length === 100) break;
          ids.push(id);
        }
      }
      const entries = await store.getEntries(ids);
      for (; i < j; i++) {
        const s = scores[i] as store.ScoreRow;
        const e = entries.get(s.entryId);
        yield [
          s.entryId,
          e?.trackingCode,
          e?.district,
          e?.categoryId,
          e?.child?.ageGroup,
          pseudonyms.get(s.jurorId),
          ...rubric.criteria.map((c) => s.marks[c.id]),
          round2(s.score),
          round2(normalised[i]?.normalised),
          s.at,
        ].map(cell);
      }
    }
  }
  return { dictionary: scoresDictionary(rubric), rows };
}

const round2 = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 100) / 100);

// ── formats ──────────────────────────────────────────────────────────────────────────────────

function csvCell(value: Cell): string {
  const text = value === null ? "" : String(value);
  // Formula-looking cells are prefixed so a spreadsheet does not execute them.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function* csvLines(table: Table): AsyncGenerator<string> {
  yield `${table.dictionary.map((d) => csvCell(d.column)).join(",")}\r\n`;
  for await (const row of table.rows()) yield `${row.map(csvCell).join(",")}\r\n`;
}

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The workbook: the data sheet (header row frozen, right to left) and the "dictionary" sheet.
 * XLSX cannot be streamed (it is a zip whose index comes last), so it is built in memory; cells are
 * written as typed values, never formulas, so a text starting with "=" stays text.
 */
async function xlsxOf(table: Table, sheet: string): Promise<Buffer> {
  const data: Cell[][] = [table.dictionary.map((d) => d.column)];
  for await (const row of table.rows()) data.push(row);
  const dictionary: Cell[][] = [
    ["column", "description_fa", "description_en"],
    ...table.dictionary.map((d) => [d.column, d.descriptionFa, d.descriptionEn]),
  ];
  return writeExcelFile([
    { data, sheet, stickyRowsCount: 1, rightToLeft: true },
    {
      data: dictionary,
      sheet: "dictionary",
      stickyRowsCount: 1,
      rightToLeft: true,
      columns: [{ width: 24 }, { width: 60 }, { width: 60 }],
    },
  ]).toBuffer();
}

// ── commands ─────────────────────────────────────────────────────────────────────────────────

async function entriesExport(actor: Actor, programmeId: string): Promise<Table> {
  authorizeJudging(actor, "judging.export");
  return entriesTable(await programmeOrFail(programmeId));
}

/**
 * The programme's live entries as CSV lines (header first), streamed district by district a page
 * at a time, with the data dictionary describing each column. Central secretariat.
 */
export async function exportEntriesCsv(
  actor: Actor,
  programmeId: string,
): Promise<{ dictionary: DictionaryRow[]; rows: AsyncGenerator<string> }> {
  const table = await entriesExport(actor, programmeId);
  return { dictionary: table.dictionary, rows: csvLines(table) };
}

/** The same entries as an XLSX workbook: sheet "entries" and sheet "dictionary". Central secretariat. */
export async function exportEntriesXlsx(actor: Actor, programmeId: string): Promise<Buffer> {
  return xlsxOf(await entriesExport(actor, programmeId), "entries");
}

async function scoresExport(actor: Actor, programmeId: string, roundId: string): Promise<Table> {
  authorizeJudging(actor, "judging.export");
  const ctx = await loadRound(programmeId, roundId);
  const rubric = ctx.round.rubric;
  if (ctx.round.kind !== "scoring" || !rubric) throw judgingCommandErrors.wrongRoundKind(ctx.round.kind);
  return scoresTable(ctx.programme, { ...ctx.round, rubric });
}

/**
 * A scoring round's scores as CSV lines: entry, juror pseudonym, each criterion's mark, the
 * weighted total and the per-juror normalised score, with the data dictionary. Central secretariat.
 */
export async function exportScoresCsv(
  actor: Actor,
  programmeId: string,
  roundId: string,
): Promise<{ dictionary: DictionaryRow[]; rows: AsyncGenerator<string> }> {
  const table = await scoresExport(actor, programmeId, roundId);
  return { dictionary: table.dictionary, rows: csvLines(table) };
}

/** The same scores as an XLSX workbook: sheet "scores" and sheet "dictionary". Central secretariat. */
export async function exportScoresXlsx(actor: Actor, programmeId: string, roundId: string): Promise<Buffer> {
  return xlsxOf(await scoresExport(actor, programmeId, roundId), "scores");
}
