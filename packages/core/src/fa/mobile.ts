import { toAsciiDigits } from "./text";

/**
 * Iranian mobile numbers are stored in the national form "09xxxxxxxxx": it is what people type and
 * read, and one form means one key for rate limits and lookups. We accept the international forms
 * (+98, 0098, 98) and the bare 9xxxxxxxxx as well, with any digit alphabet and common separators.
 * The operator prefix is not checked: new ranges appear (099x, 090x) and rejecting a real number is
 * worse than sending an OTP that never arrives.
 */
const MOBILE = /^(?:\+98|0098|98|0)?(9\d{9})$/;

export function normaliseMobile(input: string): string | null {
  if (typeof input !== "string") return null;
  const compact = toAsciiDigits(input).replace(/[\s\u200C\u200E\u200F\-_.()]/g, "");
  const match = MOBILE.exec(compact);
  return match ? `0${match[1]}` : null;
}

/** "09121234567" → "0912***4567": enough for a person to recognise their number, not to read it. */
export function maskMobile(mobile: string): string {
  const normal = normaliseMobile(mobile);
  if (!normal) return "***";
  return `${normal.slice(0, 4)}***${normal.slice(-4)}`;
}
