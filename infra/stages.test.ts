/**
 * Stage-dependent behaviour: non-prod stages can be torn down completely; the stage name
 * "local" (which switches on the dev routes and SMS outbox) cannot be deployed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isProtectedStage } from "./storage";
import { only, type Synthesised, synth } from "./test/synth";

describe("a non-prod stage", () => {
  let s: Synthesised;
  beforeAll(async () => {
    s = await synth("staging");
  }, 120_000);

  it("names its stacks after the stage", () => {
    expect(Object.values(s.stacks).map((st) => st.stackName)).toEqual([
      "staging-hamdel-Storage",
      "staging-hamdel-Api",
      "staging-hamdel-Web",
      "staging-hamdel-Jobs",
    ]);
  });

  it("lets the table and the bucket go with the stage, and keeps the table's safety settings otherwise", () => {
    expect(isProtectedStage("staging")).toBe(false);
    const table = only(s.templates.Storage, "AWS::DynamoDB::Table");
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe("Delete");
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(only(s.templates.Storage, "AWS::S3::Bucket", "Uploads").DeletionPolicy).toBe("Delete");
  });

  it("tells the functions their stage", () => {
    const fn = only(s.templates.Api, "AWS::Lambda::Function", "Identity");
    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.HAMDEL_STAGE).toBe(
      "staging",
    );
  });
});

describe('the stage "local"', () => {
  it("is refused: it is the embedded default's, with dev routes and the SMS outbox", async () => {
    await expect(synth("local")).rejects.toThrow(/reserved for the embedded default/);
  });
});
