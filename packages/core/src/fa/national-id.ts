import { toAsciiDigits } from "./text";

/**
 * کد ملی: ten digits, the last a check digit. Older cards print 8 or 9 digits because leading zeros
 * were dropped, so those are left-padded before checking, as the registry does.
 * Check: s = Σ d[i]·(10−i) for i = 0..8, r = s mod 11; valid when d[9] = r (r < 2) or 11 − r (r ≥ 2).
 * Ids made of one repeated digit pass the arithmetic but are never issued, so they are rejected.
 */
export function normaliseNationalId(input: string): string | null {
  if (typeof input !== "string") return null;
  const digits = toAsciiDigits(input).replace(/[\s\-\u200C]/g, "");
  if (!/^\d{8,10}$/.test(digits)) return null;
  const id = digits.padStart(10, "0");
  if (/^(\d)\1{9}$/.test(id)) return null;

  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(id[i]) * (10 - i);
  const r = sum % 11;
  const expected = r < 2 ? r : 11 - r;
  return Number(id[9]) === expected ? id : null;
}

export function isValidNationalId(input: string): boolean {
  return normaliseNationalId(input) !== null;
}
