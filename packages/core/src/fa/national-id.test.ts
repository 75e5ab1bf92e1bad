import { describe, expect, it } from "vitest";
import { isValidNationalId, normaliseNationalId } from "./national-id";

describe("national id (کد ملی)", () => {
  it.each([["0499370899"], ["0790419904"], ["0012345679"], ["۰۴۹۹۳۷۰۸۹۹"], ["049-937089-9"]])(
    "accepts %s",
    (id) => {
      expect(isValidNationalId(id)).toBe(true);
    },
  );

  it("left-pads ids written without their leading zeros", () => {
    expect(normaliseNationalId("12345679")).toBe("0012345679");
    expect(normaliseNationalId("499370899")).toBe("0499370899");
  });

  it.each([
    ["0499370898"], // wrong check digit
    ["0790419905"],
    ["1111111111"], // passes the arithmetic, never issued
    ["0000000000"],
    ["1234567"], // too short even with padding
    ["04993708990"], // too long
    ["04993708a9"],
    [""],
  ])("rejects %s", (id) => {
    expect(isValidNationalId(id)).toBe(false);
  });

  it("rejects every single-digit change of a valid id", () => {
    const valid = "0790419904";
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        if (changed !== valid) expect(isValidNationalId(changed), changed).toBe(false);
      }
    }
  });
});
