/**
 * Identity's notion of "now" (epoch milliseconds). Expiry rules are about minutes and hours, so
 * tests move this clock instead of sleeping; production never calls setClock.
 */
let current: () => number = Date.now;

export function now(): number {
  return current();
}

/** Tests only: make `now()` return `fn()`; call with no argument to go back to the real clock. */
export function setClock(fn?: () => number): void {
  current = fn ?? Date.now;
}
