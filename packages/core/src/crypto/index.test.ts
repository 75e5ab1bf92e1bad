import { beforeAll, describe, expect, it } from "vitest";
import {
  decrypt,
  encrypt,
  hashPassword,
  keyedHash,
  randomToken,
  safeEqual,
  sha256,
  verifyPassword,
} from "./index";

beforeAll(() => {
  process.env.HAMDEL_SECRET = "unit-test-secret-0123456789abcdef";
});

describe("keyed hashing", () => {
  it("is deterministic per purpose and differs across purposes and secrets", () => {
    const a = keyedHash("mobile", "09121234567");
    expect(keyedHash("mobile", "09121234567")).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash("national-id", "09121234567")).not.toBe(a);
    expect(a).not.toBe(sha256("09121234567"));
    const saved = process.env.HAMDEL_SECRET;
    process.env.HAMDEL_SECRET = "another-secret";
    try {
      expect(keyedHash("mobile", "09121234567")).not.toBe(a);
    } finally {
      process.env.HAMDEL_SECRET = saved;
    }
  });
});

describe("random tokens", () => {
  it("are 32 bytes of base64url by default and never repeat", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => randomToken()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("compares in constant time, false on different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("secret encryption (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = encrypt("totp-secret", "JBSWY3DPEHPK3PXP");
    const b = encrypt("totp-secret", "JBSWY3DPEHPK3PXP");
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decrypt("totp-secret", a)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("rejects tampering and use under another purpose", () => {
    const sealed = encrypt("totp-secret", "JBSWY3DPEHPK3PXP");
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decrypt("totp-secret", [v, iv, tag, flipped.toString("base64url")].join("."))).toThrow();
    expect(() => decrypt("mobile", sealed)).toThrow();
  });
});

describe("password hashing (scrypt)", () => {
  it("verifies the right password only, with a per-password salt", async () => {
    const h1 = await hashPassword("correct horse battery");
    const h2 = await hashPassword("correct horse battery");
    expect(h1).not.toBe(h2);
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", h1)).toBe(true);
    expect(await verifyPassword("correct horse battery", h2)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h1)).toBe(false);
    expect(await verifyPassword("", h1)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});
