/**
 * The maths of the bulletin board: ballot trackers, the per-neighbourhood hash chain, and the
 * Ed25519-signed chain heads. Pure (node:crypto only, no config, no I/O), so the store, the
 * sealer and the standalone verifier all run exactly this code.
 *
 *   tracker  = base32(SHA-256(canonicalJson(ballot content) ‖ nonce))       nonce: 16 random bytes
 *   link_0   = SHA-256("hamdel-chain-v1|" ‖ electionId ‖ "|" ‖ neighbourhoodId)
 *   link_i   = SHA-256(link_{i-1} ‖ tracker_i)                               (raw bytes, 32 ‖ 32)
 *   head sig = Ed25519("hamdel-head-v1\n" ‖ canonicalJson({electionId, neighbourhoodId, length, head, sealedAt}))
 *
 * The chain is appended in batches by one sealer, never in the vote path; within a batch trackers
 * are ordered by value, so the order on the board says nothing about when anyone voted.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from "node:crypto";
import {
  BASE32_ALPHABET,
  type BallotContent,
  type ChainHead,
  NONCE_BYTES,
  type SignedHead,
  type Tracker,
} from "./model";

// ── encodings ────────────────────────────────────────────────────────────────────────────────

/** RFC 4648 base32, lowercase, without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Inverse of base32Encode; throws on characters outside the alphabet or non-zero trailing bits. */
export function base32Decode(text: string): Buffer {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const value = BASE32_ALPHABET.indexOf(ch);
    if (value < 0) throw new RangeError("Not base32");
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) throw new RangeError("Not canonical base32");
  return Buffer.from(out);
}

/**
 * JSON with object keys in code-unit order at every depth and no whitespace: the one byte form a
 * value is hashed or signed in, whatever order its keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareCodeUnits(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("Not a JSON number");
  return JSON.stringify(value);
}

const sha256 = (...parts: Array<Uint8Array | string>): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

/** SHA-256 of a UTF-8 string, hex. */
export function sha256Hex(text: string): string {
  return sha256(text).toString("hex");
}

// ── trackers ─────────────────────────────────────────────────────────────────────────────────

/** A fresh nonce for one ballot, base32. */
export function newNonce(): string {
  return base32Encode(randomBytes(NONCE_BYTES));
}

/**
 * The ballot's tracker. The nonce makes equal votes have different trackers and keeps a tracker
 * from being matched to its choices by trying every possible ballot.
 */
export function ballotTracker(content: BallotContent, nonce: string): Tracker {
  const canonical = canonicalJson({
    electionId: content.electionId,
    neighbourhoodId: content.neighbourhoodId,
    choices: content.choices,
  });
  return base32Encode(sha256(canonical, base32Decode(nonce)));
}

// ── the chain ────────────────────────────────────────────────────────────────────────────────

/** link_0 of a neighbourhood's chain, hex: binds the chain to its election and neighbourhood. */
export function chainGenesis(electionId: string, neighbourhoodId: string): string {
  return sha256Hex(`hamdel-chain-v1|${electionId}|${neighbourhoodId}`);
}

/** link_i from link_{i-1} (hex) and tracker_i (base32). */
export function chainLink(previous: string, tracker: Tracker): string {
  return sha256(Buffer.from(previous, "hex"), base32Decode(tracker)).toString("hex");
}

/** Every link after `from`, one per tracker, in order. */
export function chainLinks(from: string, trackers: readonly Tracker[]): string[] {
  const links: string[] = [];
  let link = from;
  for (const tracker of trackers) {
    link = chainLink(link, tracker);
    links.push(link);
  }
  return links;
}

/** Ascending UTF-16 code-unit order: the one string order of trackers and draw keys, the same in any locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order trackers take within one batch: ascending by value (code-unit order of the base32). */
export function batchOrder(trackers: readonly Tracker[]): Tracker[] {
  return [...trackers].sort(compareCodeUnits);
}

// ── the election key and signed heads ────────────────────────────────────────────────────────

export interface ElectionKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64: what the election record publishes. */
  publicKeyBase64: string;
}

// DER prefixes that wrap a raw Ed25519 key (RFC 8410): PKCS#8 for a 32-byte seed, SPKI for a public key.
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");

/**
 * The election signing key from configuration: a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") or the
 * raw 32-byte Ed25519 seed in base64. Throws on anything else, so a misconfigured sealer fails
 * at start rather than signing with the wrong key.
 */
export function loadElectionKey(configured: string): ElectionKey {
  const text = configured.trim();
  let privateKey: KeyObject;
  if (text.startsWith("-----BEGIN")) {
    privateKey = createPrivateKey(text);
  } else {
    const seed = Buffer.from(text, "base64");
    if (seed.length !== 32 || seed.toString("base64") !== text.replace(/\s/g, "")) {
      throw new Error("Election key: expected a PEM private key or a base64 32-byte Ed25519 seed");
    }
    privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519, seed]),
      format: "der",
      type: "pkcs8",
    });
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("Election key: not an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyBase64: rawPublicKey(publicKey) };
}

function rawPublicKey(publicKey: KeyObject): string {
  const der = publicKey.export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32).toString("base64");
}

/** A public key from its raw base64 form (as published in the record). */
export function publicKeyFromBase64(raw: string): KeyObject {
  const bytes = Buffer.from(raw, "base64");
  if (bytes.length !== 32) throw new RangeError("An Ed25519 public key is 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, bytes]), format: "der", type: "spki" });
}

/** The exact bytes a head signature covers. Only the five head fields; a prefix keeps the key single-purpose. */
export function signedHeadMessage(head: ChainHead): Buffer {
  const { electionId, neighbourhoodId, length, head: link, sealedAt } = head;
  return Buffer.from(
    `hamdel-head-v1\n${canonicalJson({ electionId, neighbourhoodId, length, head: link, sealedAt })}`,
    "utf8",
  );
}

export function signHead(head: ChainHead, key: ElectionKey): SignedHead {
  const { electionId, neighbourhoodId, length, head: link, sealedAt } = head;
  const signature = sign(null, signedHeadMessage(head), key.privateKey).toString("base64");
  return { electionId, neighbourhoodId, length, head: link, sealedAt, signature };
}

/** Whether the head's signature is the election key's; false (never a throw) for malformed input. */
export function verifyHeadSignature(head: SignedHead, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === "string" ? publicKeyFromBase64(publicKey) : publicKey;
    const signature = Buffer.from(head.signature, "base64");
    return signature.length === 64 && verify(null, signedHeadMessage(head), key, signature);
  } catch {
    return false;
  }
}

// ── sealing a batch ──────────────────────────────────────────────────────────────────────────

/** Where a neighbourhood's chain stands: its length and last link (the genesis when empty). */
export interface ChainPosition {
  length: number;
  head: string;
}

export function emptyChain(electionId: string, neighbourhoodId: string): ChainPosition {
  return { length: 0, head: chainGenesis(electionId, neighbourhoodId) };
}

export interface SealedBatch {
  /** The batch's trackers in chain order, each with its position (1-based) and link. */
  entries: Array<{ position: number; tracker: Tracker; link: string }>;
  signedHead: SignedHead;
}

/**
 * Appends a batch of trackers to a chain and signs the new head. The sealer calls this with the
 * trackers of ballots cast since its last run (in any order), stores the entries and the head,
 * and passes `signedHead` as `from` next time. An empty batch re-signs the same head (the
 * "still nothing new" head published at intervals and at close).
 */
export function sealBatch(args: {
  electionId: string;
  neighbourhoodId: string;
  from: ChainPosition;
  trackers: readonly Tracker[];
  sealedAt: Date | string;
  key: ElectionKey;
}): SealedBatch {
  const ordered = batchOrder(args.trackers);
  const links = chainLinks(args.from.head, ordered);
  const entries = ordered.map((tracker, i) => ({
    position: args.from.length + i + 1,
    tracker,
    link: links[i] as string,
  }));
  const sealedAt = typeof args.sealedAt === "string" ? args.sealedAt : args.sealedAt.toISOString();
  const signedHead = signHead(
    {
      electionId: args.electionId,
      neighbourhoodId: args.neighbourhoodId,
      length: args.from.length + ordered.length,
      head: links.at(-1) ?? args.from.head,
      sealedAt,
    },
    args.key,
  );
  return { entries, signedHead };
}
