/**
 * config.electionKey: the configured key wins; the local stage falls back to a key derived from
 * HAMDEL_SECRET (stable, so `npm start` signs with the same key every run); elsewhere a missing
 * key is an error, never a derived key.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { config } from "./config";
import { loadElectionKey } from "./elections/chain";

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.HAMDEL_ELECTION_KEY;
  process.env.HAMDEL_SECRET = "local-secret-for-config-tests-0123456789";
  process.env.HAMDEL_STAGE = "local";
});
afterEach(() => {
  for (const name of ["HAMDEL_ELECTION_KEY", "HAMDEL_SECRET", "HAMDEL_STAGE"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe("config.electionKey", () => {
  it("uses HAMDEL_ELECTION_KEY when set", () => {
    const seed = Buffer.alloc(32, 7).toString("base64");
    process.env.HAMDEL_ELECTION_KEY = seed;
    expect(config.electionKey).toBe(seed);
    process.env.HAMDEL_STAGE = "prod";
    expect(config.electionKey).toBe(seed);
  });

  it("derives a stable Ed25519 seed from the secret in the local stage", () => {
    const first = config.electionKey;
    expect(config.electionKey).toBe(first);
    const key = loadElectionKey(first);
    expect(Buffer.from(key.publicKeyBase64, "base64")).toHaveLength(32);
    // Another secret, another key; and never the secret itself.
    process.env.HAMDEL_SECRET = "another-local-secret-for-config-tests-987";
    expect(config.electionKey).not.toBe(first);
    expect(config.electionKey).not.toContain(process.env.HAMDEL_SECRET);
  });

  it("refuses to run without a key outside the local stage", () => {
    process.env.HAMDEL_STAGE = "prod";
    expect(() => config.electionKey).toThrow("Missing configuration: HAMDEL_ELECTION_KEY");
  });
});
