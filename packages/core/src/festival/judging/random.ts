/**
 * Seeded, order-independent randomness for judging: assignments and draws must come out the same
 * every time the secretariat re-runs them with the same seed (so a result can be audited and
 * reproduced), and a draw between two entries must not depend on where they sat in the input.
 * Not cryptographic: the seed is recorded with the round, and fairness comes from it being
 * fixed before the entries are known.
 */

/** 32-bit FNV-1a of a string, finished with a murmur3 avalanche so near-identical ids spread out. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A draw key for `id` under `seed`: depends on both and on nothing else (not on input order). */
export function drawKey(seed: string, id: string): number {
  return hash32(`${seed}\u0000${id}`);
}

/** A deterministic stream of numbers in [0, 1) (mulberry32), started from the seed's hash. */
export function seededRandom(seed: string): () => number {
  let state = hash32(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
