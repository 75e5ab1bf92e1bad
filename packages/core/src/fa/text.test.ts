import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseText, toAsciiDigits, toPersianDigits } from "./text";

describe("digits", () => {
  it("turns Persian and Arabic-Indic digits into ASCII and leaves the rest", () => {
    expect(toAsciiDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(toAsciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(toAsciiDigits("کد ۱۲a٣")).toBe("کد 12a3");
  });

  it("shows numbers with Persian digits", () => {
    expect(toPersianDigits(1403)).toBe("۱۴۰۳");
    expect(toPersianDigits("منطقه 22")).toBe("منطقه ۲۲");
    expect(toPersianDigits("٤٥")).toBe("۴۵");
  });

  it("round-trips any non-negative integer through Persian digits", () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const shown = toPersianDigits(n);
        expect(shown).toMatch(/^[۰-۹]+$/);
        expect(toAsciiDigits(shown)).toBe(String(n));
      }),
    );
  });
});

describe("normaliseText", () => {
  it("uses the Persian ye and kaf", () => {
    expect(normaliseText("علي كريمي")).toBe("علی کریمی");
    expect(normaliseText("مصطفى")).toBe("مصطفی");
  });

  it("keeps the ZWNJ inside words but not next to spaces or at the ends", () => {
    expect(normaliseText("یوسف\u200Cآباد")).toBe("یوسف\u200Cآباد");
    expect(normaliseText("\u200Cمی\u200C\u200Cخواهم \u200C برم\u200C")).toBe("می\u200Cخواهم برم");
  });

  it("trims and collapses whitespace, removing zero-width junk", () => {
    expect(normaliseText("  سلام \t\n  دنیا\u200B\uFEFF  ")).toBe("سلام دنیا");
  });

  it("keeps paragraphs when multiline", () => {
    expect(normaliseText(" خط  اول \r\n\r\n\r\n  خط دوم ", { multiline: true })).toBe("خط اول\n\nخط دوم");
  });

  it("writes Arabic-Indic digits as Persian, or ASCII on request", () => {
    expect(normaliseText("پلاک ٤٥")).toBe("پلاک ۴۵");
    expect(normaliseText("پلاک ۴٥", { asciiDigits: true })).toBe("پلاک 45");
  });

  it("is idempotent and never leaves Arabic letters or edge spaces", () => {
    const alphabet = fc.constantFrom(..."ابپتيىكکی ۱٢3\u200C\t\n\u200B".split(""));
    fc.assert(
      fc.property(
        fc.array(alphabet).map((a) => a.join("")),
        fc.boolean(),
        (s, multiline) => {
          const once = normaliseText(s, { multiline });
          expect(normaliseText(once, { multiline })).toBe(once);
          expect(once).not.toMatch(/[\u064A\u0649\u0643\u200B]/);
          expect(once).toBe(once.trim());
        },
      ),
    );
  });
});
