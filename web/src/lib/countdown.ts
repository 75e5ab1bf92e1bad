import { toPersianDigits } from "@hamdel/core/fa";

/** Whole seconds from `now` until `until` (epoch ms), never negative. */
export function secondsUntil(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** 125 → "۲:۰۵": minutes and seconds as people read a countdown, in Persian digits. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return toPersianDigits(`${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`);
}
