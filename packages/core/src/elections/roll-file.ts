/**
 * The electoral roll arrives as a CSV text or an Excel workbook (.xlsx, its first sheet); both
 * become the same numbered lines of cells, which commands.ts checks row by row and reports on.
 * The line number is what the administrator sees in their editor or spreadsheet (1-based, the
 * header and blank lines counted), so a rejected row can be found and fixed.
 */
import {
  InvalidInputError,
  InvalidSpreadsheetError,
  readSheet,
  SheetNotFoundError,
} from "read-excel-file/node";
import { DomainError } from "../error";

export interface RollLine {
  line: number;
  cells: string[];
}

const unquote = (cell: string) =>
  cell
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim();

/** CSV lines; commas, semicolons and tabs all separate cells (spreadsheet exports vary by locale). */
export function csvRollLines(csv: string): RollLine[] {
  return csv
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((text, index) => ({
      line: index + 1,
      cells: text.trim() === "" ? [] : text.split(/[,;\t]/).map(unquote),
    }));
}

/**
 * A spreadsheet cell as the text a person would type. Excel keeps national ids and mobiles typed
 * without a text format as numbers, dropping leading zeros (0012345679 → 12345679, 0912… → 912…):
 * normaliseNationalId pads to 10 digits and normaliseMobile accepts the bare 9xxxxxxxxx, so the
 * number's plain digits are what we pass on. Dates and booleans are never roll data.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === "string") return value.trim();
  return String(value);
}

export const rollFileErrors = {
  unreadable: () =>
    new DomainError(
      "election.roll_unreadable",
      "input",
      "فایل اکسل خوانده نشد. فایل را با پسوند ‎.xlsx‎ ذخیره کنید (نه ‎.xls‎) و دوباره بفرستید.",
      { fields: [{ path: "file", message: "فایل اکسل (‎.xlsx‎) معتبر نیست." }] },
    ),
};

/** The workbook's first sheet as lines; trailing empty cells (the sheet's width) are dropped. */
export async function xlsxRollLines(bytes: Uint8Array): Promise<RollLine[]> {
  let rows: unknown[][];
  try {
    rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    // Anything a broken or foreign file can make the reader throw is the sender's problem.
    if (
      e instanceof InvalidInputError ||
      e instanceof InvalidSpreadsheetError ||
      e instanceof SheetNotFoundError ||
      e instanceof SyntaxError ||
      e instanceof TypeError
    ) {
      throw rollFileErrors.unreadable();
    }
    throw e;
  }
  return rows.map((row, index) => {
    const cells = row.map(cellText);
    while (cells.length > 0 && cells.at(-1) === "") cells.pop();
    return { line: index + 1, cells };
  });
}
