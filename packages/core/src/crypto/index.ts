/**
 * Keyed hashing, random tokens and secret encryption, all from node:crypto and all keyed by
 * config.secret. Each use gets its own sub-key (HKDF with a purpose label), so a hash made for
 * one purpose (mobile lookup) can never be replayed as another (national-id uniqueness), and
 * rotating the one secret rotates them all.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from "node:crypto";
import { config } from "../config";

export type KeyPurpose =
  | "mobile"
  | "national-id"
  | "otp-code"
  | "username"
  | "recovery-code"
  | "rate-limit"
  | "totp-secret"
  | "festival-child";

const keyCache = new Map<string, Buffer>();

function subKey(purpose: KeyPurpose): Buffer {
  const secret = config.secret;
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "hamdel", `hamdel:${purpose}`, 32));
    keyCache.set(cacheKey, key);
  }
  return key;
}

/** HMAC-SHA256 of a value under the purpose's key, hex. For lookups of personal data without storing it. */
export function keyedHash(purpose: KeyPurpose, value: string): string {
  return createHmac("sha256", subKey(purpose)).update(value, "utf8").digest("hex");
}

/** Plain SHA-256, hex. Enough for high-entropy secrets (session and invitation tokens). */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** A random URL-safe token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * AES-256-GCM with a purpose key; output "v1.<iv>.<tag>.<ciphertext>" in base64url. The purpose
 * is also bound as associated data, so a ciphertext cannot be moved to another purpose.
 */
export function encrypt(purpose: KeyPurpose, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subKey(purpose), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decrypt(purpose: KeyPurpose, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unknown ciphertext format");
  const decipher = createDecipheriv("aes-256-gcm", subKey(purpose), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * Password hashing with scrypt (N=2^15, r=8, p=1: ~50 ms, 32 MiB) and a 16-byte per-password
 * salt. The parameters travel with the hash ("scrypt$N$r$p$salt$hash") so they can be raised later
 * without invalidating stored passwords.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, { N, r, p, maxmem: 128 * N * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, "base64url"),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A fixed hash to verify against when the account does not exist, so that "no such user" costs
 * the same time as "wrong password" and sign-in timing does not reveal which usernames exist.
 */
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomToken(16));
  return decoy;
}
