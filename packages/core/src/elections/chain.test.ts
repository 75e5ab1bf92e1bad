import { generateKeyPairSync, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ballotTracker,
  base32Decode,
  base32Encode,
  batchOrder,
  canonicalJson,
  chainGenesis,
  chainLink,
  chainLinks,
  emptyChain,
  loadElectionKey,
  newNonce,
  publicKeyFromBase64,
  sealBatch,
  signHead,
  verifyHeadSignature,
} from "./chain";
import { nonceSchema, trackerValueSchema } from "./model";

// Vectors computed independently (Python hashlib/base64, RFC 4648 and RFC 8032), not by this code.
const VECTORS = {
  genesisE1N1: "b011a4811d0146397e837dfc8c03c59cd4e2278ed6a2124dad109f1d51ea54d8",
  zeroTracker: "a".repeat(52),
  link1: "aed845c4ecbc1cc80b19d28f88be0bcf54674b80b14f867c29a6abfeabcc96d3",
  nonce0to15: "aaaqeayeaudaocajbifqydiob4",
  trackerC1C2: "zvy4ukrrsnvxt2nncrg7yqy2iwunfj5v6xtn5isowztut6hjwsba",
  link2: "99455767f15fce39fea1a01f0f059a315d5cb7586271c46ab36ed0400cb48c2e",
  rfc8032Seed: "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
  rfc8032Public: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
};

describe("base32", () => {
  it("matches the RFC 4648 test vectors (lowercase, no padding)", () => {
    const cases: Array<[string, string]> = [
      ["", ""],
      ["f", "my"],
      ["fo", "mzxq"],
      ["foo", "mzxw6"],
      ["foob", "mzxw6yq"],
      ["fooba", "mzxw6ytb"],
      ["foobar", "mzxw6ytboi"],
    ];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
  });

  it("round-trips any bytes and refuses what is not canonical base32", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
      }),
    );
    expect(() => base32Decode("MY")).toThrow();
    expect(() => base32Decode("m1")).toThrow();
    expect(() => base32Decode("mz")).toThrow(); // non-zero trailing bits: a second spelling of "f"
  });
});

describe("canonical JSON", () => {
  it("sorts keys at every depth, whatever order they were built in", () => {
    expect(canonicalJson({ b: 1, a: [{ d: "x", c: null }], c: "ی" })).toBe(
      '{"a":[{"c":null,"d":"x"}],"b":1,"c":"ی"}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });
});

describe("trackers", () => {
  const content = { electionId: "E1", neighbourhoodId: "N1", choices: ["c1", "c2"] };

  it("hash the canonical ballot content and the nonce (known vector)", () => {
    expect(base32Encode(Buffer.from(Array.from({ length: 16 }, (_, i) => i)))).toBe(VECTORS.nonce0to15);
    expect(ballotTracker(content, VECTORS.nonce0to15)).toBe(VECTORS.trackerC1C2);
    // key order of the content object does not matter
    expect(
      ballotTracker({ choices: ["c1", "c2"], neighbourhoodId: "N1", electionId: "E1" }, VECTORS.nonce0to15),
    ).toBe(VECTORS.trackerC1C2);
  });

  it("differ for the same choices under different nonces, and for any change of content", () => {
    const a = newNonce();
    const b = newNonce();
    expect(nonceSchema.safeParse(a).success).toBe(true);
    expect(a).not.toBe(b);
    const t = ballotTracker(content, a);
    expect(trackerValueSchema.safeParse(t).success).toBe(true);
    expect(ballotTracker(content, b)).not.toBe(t);
    expect(ballotTracker({ ...content, choices: ["c1"] }, a)).not.toBe(t);
    expect(ballotTracker({ ...content, neighbourhoodId: "N2" }, a)).not.toBe(t);
    expect(ballotTracker({ ...content, electionId: "E2" }, a)).not.toBe(t);
  });
});

describe("the hash chain", () => {
  it("starts from the election's and neighbourhood's genesis and links raw bytes (known vectors)", () => {
    expect(chainGenesis("E1", "N1")).toBe(VECTORS.genesisE1N1);
    expect(chainGenesis("E1", "N2")).not.toBe(VECTORS.genesisE1N1);
    expect(chainLink(VECTORS.genesisE1N1, VECTORS.zeroTracker)).toBe(VECTORS.link1);
    expect(chainLinks(VECTORS.genesisE1N1, [VECTORS.zeroTracker, VECTORS.trackerC1C2])).toEqual([
      VECTORS.link1,
      VECTORS.link2,
    ]);
  });

  it("depends on the order of the trackers", () => {
    const g = chainGenesis("E1", "N1");
    const a = chainLinks(g, [VECTORS.zeroTracker, VECTORS.trackerC1C2]).at(-1);
    const b = chainLinks(g, [VECTORS.trackerC1C2, VECTORS.zeroTracker]).at(-1);
    expect(a).not.toBe(b);
  });
});

describe("the election key and signed heads", () => {
  it("loads a raw base64 seed and derives its public key (RFC 8032 test 1)", () => {
    const key = loadElectionKey(VECTORS.rfc8032Seed);
    expect(key.publicKeyBase64).toBe(VECTORS.rfc8032Public);
  });

  it("loads a PKCS#8 PEM and refuses anything else", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const key = loadElectionKey(privateKey.export({ format: "pem", type: "pkcs8" }).toString());
    const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("base64");
    expect(key.publicKeyBase64).toBe(raw);
    expect(() => loadElectionKey(randomBytes(31).toString("base64"))).toThrow();
    expect(() => loadElectionKey("not a key")).toThrow();
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(() => loadElectionKey(rsa.export({ format: "pem", type: "pkcs8" }).toString())).toThrow(/Ed25519/);
  });

  it("signs a head that verifies with the public key, and only with it, and only unchanged", () => {
    const key = loadElectionKey(randomBytes(32).toString("base64"));
    const other = loadElectionKey(randomBytes(32).toString("base64"));
    const head = signHead(
      {
        electionId: "E1",
        neighbourhoodId: "N1",
        length: 2,
        head: VECTORS.link2,
        sealedAt: "2019-07-26T12:30:00.000Z",
      },
      key,
    );
    expect(verifyHeadSignature(head, key.publicKeyBase64)).toBe(true);
    expect(verifyHeadSignature(head, publicKeyFromBase64(key.publicKeyBase64))).toBe(true);
    expect(verifyHeadSignature(head, other.publicKeyBase64)).toBe(false);
    expect(verifyHeadSignature({ ...head, length: 3 }, key.publicKeyBase64)).toBe(false);
    expect(verifyHeadSignature({ ...head, head: VECTORS.link1 }, key.publicKeyBase64)).toBe(false);
    expect(verifyHeadSignature({ ...head, neighbourhoodId: "N2" }, key.publicKeyBase64)).toBe(false);
    expect(verifyHeadSignature({ ...head, sealedAt: "2019-07-26T12:31:00.000Z" }, key.publicKeyBase64)).toBe(
      false,
    );
    expect(verifyHeadSignature({ ...head, signature: "AAAA" }, key.publicKeyBase64)).toBe(false);
    expect(verifyHeadSignature(head, "not-a-key")).toBe(false);
  });
});

describe("sealing batches", () => {
  const key = loadElectionKey(randomBytes(32).toString("base64"));
  const trackers = (n: number) => Array.from({ length: n }, () => base32Encode(randomBytes(32)));

  it("orders each batch by tracker value, continues the chain, and signs the new head", () => {
    const first = trackers(5);
    const second = trackers(3);
    const a = sealBatch({
      electionId: "E1",
      neighbourhoodId: "N1",
      from: emptyChain("E1", "N1"),
      trackers: first,
      sealedAt: new Date("2019-07-26T05:00:00Z"),
      key,
    });
    expect(a.entries.map((e) => e.tracker)).toEqual(batchOrder(first));
    expect(a.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(a.signedHead.length).toBe(5);
    expect(verifyHeadSignature(a.signedHead, key.publicKeyBase64)).toBe(true);

    const b = sealBatch({
      electionId: "E1",
      neighbourhoodId: "N1",
      from: a.signedHead,
      trackers: second,
      sealedAt: "2019-07-26T05:05:00.000Z",
      key,
    });
    expect(b.entries[0]?.position).toBe(6);
    const whole = chainLinks(chainGenesis("E1", "N1"), [...batchOrder(first), ...batchOrder(second)]);
    expect(b.signedHead.head).toBe(whole.at(-1));
    expect(b.entries.map((e) => e.link)).toEqual(whole.slice(5));
  });

  it("gives the same batch the same chain whatever order its ballots arrived in", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(trackers(8), { minLength: 8 }), (shuffled) => {
        const sealed = sealBatch({
          electionId: "E1",
          neighbourhoodId: "N1",
          from: emptyChain("E1", "N1"),
          trackers: shuffled,
          sealedAt: "2019-07-26T05:00:00.000Z",
          key,
        });
        expect(sealed.entries.map((e) => e.tracker)).toEqual(batchOrder(shuffled));
        expect(sealed.signedHead.head).toBe(
          chainLinks(chainGenesis("E1", "N1"), batchOrder(shuffled)).at(-1),
        );
      }),
      { numRuns: 30 },
    );
  });

  it("re-signs the same head when nothing new arrived", () => {
    const from = emptyChain("E1", "N1");
    const sealed = sealBatch({
      electionId: "E1",
      neighbourhoodId: "N1",
      from,
      trackers: [],
      sealedAt: new Date(),
      key,
    });
    expect(sealed.entries).toEqual([]);
    expect(sealed.signedHead).toMatchObject({ length: 0, head: from.head });
  });
});
