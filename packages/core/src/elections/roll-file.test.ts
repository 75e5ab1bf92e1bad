/**
 * Roll files: CSV text and Excel workbooks become the same numbered lines of cells, with line
 * numbers the administrator can find in their editor or spreadsheet.
 */
import { describe, expect, it } from "vitest";
import writeExcelFile, { type SheetData } from "write-excel-file/node";
import { csvRollLines, xlsxRollLines } from "./roll-file";

const workbook = (rows: unknown[][]) => writeExcelFile(rows as SheetData).toBuffer();

describe("roll files", () => {
  it("splits CSV lines on commas, semicolons and tabs, unquotes, and numbers every line", () => {
    expect(csvRollLines('\uFEFFid,mobile,hood\r\n"0012345679";0912 123 4567;n1\n\n1\t2\t3')).toEqual([
      { line: 1, cells: ["id", "mobile", "hood"] },
      { line: 2, cells: ["0012345679", "0912 123 4567", "n1"] },
      { line: 3, cells: [] },
      { line: 4, cells: ["1", "2", "3"] },
    ]);
  });

  it("reads the first sheet of a workbook as text cells, numbers as their plain digits", async () => {
    const bytes = await workbook([
      ["کد ملی", "موبایل", "محله", null],
      [12345679, 9121234567, "n1", null],
      [null, null, null, null],
      ["0012345679", "09121234567", "n2", "extra"],
      [1.5, true, "n3"],
    ]);
    expect(await xlsxRollLines(bytes)).toEqual([
      { line: 1, cells: ["کد ملی", "موبایل", "محله"] },
      { line: 2, cells: ["12345679", "9121234567", "n1"] },
      { line: 3, cells: [] },
      { line: 4, cells: ["0012345679", "09121234567", "n2", "extra"] },
      { line: 5, cells: ["1.5", "true", "n3"] },
    ]);
  });

  it("refuses what is not a workbook with election.roll_unreadable", async () => {
    const text = new TextEncoder().encode("0012345679,09121234567,n1");
    await expect(xlsxRollLines(text)).rejects.toMatchObject({ code: "election.roll_unreadable" });
    const truncated = (await workbook([["1", "2", "3"]])).subarray(0, 200);
    expect(truncated.subarray(0, 2).toString()).toBe("PK"); // a zip, cut short
    await expect(xlsxRollLines(truncated)).rejects.toMatchObject({ code: "election.roll_unreadable" });
  });
});
