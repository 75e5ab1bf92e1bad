/**
 * Text and digit normalisation for Persian input.
 *
 * Iranian keyboards and phones mix three alphabets of digits (ASCII, Persian ۰-۹, Arabic-Indic ٠-٩)
 * and two spellings of ye/kaf (Arabic ي ى ك versus Persian ی ک). Stored text uses the Persian
 * letters so that search, uniqueness and sorting see one spelling; machine fields (mobile numbers,
 * national ids, codes, dates) use ASCII digits, and screens show Persian digits.
 */

const PERSIAN_ZERO = 0x06f0; // ۰
const ARABIC_INDIC_ZERO = 0x0660; // ٠

/** Persian ۰-۹ and Arabic-Indic ٠-٩ → ASCII 0-9; everything else is left as is. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_INDIC_ZERO);
  });
}

/** ASCII and Arabic-Indic digits → Persian ۰-۹, for showing numbers to people. */
export function toPersianDigits(value: string | number): string {
  return String(value).replace(/[0-9\u0660-\u0669]/g, (ch) => {
    const code = ch.charCodeAt(0);
    const digit = code >= ARABIC_INDIC_ZERO ? code - ARABIC_INDIC_ZERO : code - 0x30;
    return String.fromCharCode(PERSIAN_ZERO + digit);
  });
}

export interface NormaliseTextOptions {
  /** Turn every digit into ASCII (for fields a machine reads: codes, numbers). Default false. */
  asciiDigits?: boolean;
  /** Keep line breaks (for descriptions); otherwise all whitespace collapses to one space. Default false. */
  multiline?: boolean;
}

const ZWNJ = "\u200C";

/**
 * One spelling for Persian text: Arabic ye/alef maksura → ی, Arabic kaf → ک, Arabic-Indic digits →
 * Persian digits (or ASCII with `asciiDigits`), invisible junk (ZWSP, BOM) removed, ZWNJ kept but
 * collapsed and dropped where it touches a space (it means nothing there), spaces collapsed and trimmed.
 */
export function normaliseText(s: string, options: NormaliseTextOptions = {}): string {
  let out = s
    .replace(/[\u064A\u0649]/g, "ی")
    .replace(/\u0643/g, "ک")
    .replace(/[\u200B\uFEFF]/g, "")
    .replace(/\u200C{2,}/g, ZWNJ);

  out = options.asciiDigits ? toAsciiDigits(out) : out.replace(/[\u0660-\u0669]/g, (d) => toPersianDigits(d));

  if (options.multiline) {
    out = out
      .replace(/\r\n?/g, "\n")
      .replace(/[^\S\n]+/g, " ")
      .replace(/ ?\u200C ?/g, (m) => (m === ZWNJ ? ZWNJ : " "))
      .replace(/ *\n */g, "\n")
      .replace(/\n{3,}/g, "\n\n");
  } else {
    out = out.replace(/\s+/g, " ").replace(/ ?\u200C ?/g, (m) => (m === ZWNJ ? ZWNJ : " "));
  }
  // A ZWNJ at either end joins nothing.
  return out
    .trim()
    .replace(/^\u200C+|\u200C+$/g, "")
    .trim();
}
