import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskMobile, normaliseMobile } from "./mobile";

describe("normaliseMobile", () => {
  it.each([
    ["09121234567"],
    ["9121234567"],
    ["+989121234567"],
    ["00989121234567"],
    ["989121234567"],
    ["۰۹۱۲۱۲۳۴۵۶۷"],
    ["٠٩١٢١٢٣٤٥٦٧"],
    ["0912 123 4567"],
    ["0912-123-4567"],
    ["+98 (912) 123-4567"],
  ])("reads %s as 09121234567", (input) => {
    expect(normaliseMobile(input)).toBe("09121234567");
  });

  it.each([
    [""],
    ["0912123456"], // one digit short
    ["091212345678"], // one digit long
    ["02112345678"], // a Tehran landline
    ["+9809121234567"],
    ["+19121234567"],
    ["0912abc4567"],
  ])("rejects %s", (input) => {
    expect(normaliseMobile(input)).toBeNull();
  });

  it("is idempotent and gives the same number for every accepted form", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^9\d{9}$/),
        fc.constantFrom("", "0", "98", "+98", "0098"),
        fc.boolean(),
        (rest, prefix, persian) => {
          let typed = prefix + rest;
          if (persian) typed = typed.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] ?? d);
          const normal = normaliseMobile(typed);
          expect(normal).toBe(`0${rest}`);
          expect(normaliseMobile(normal ?? "")).toBe(normal);
        },
      ),
    );
  });
});

describe("maskMobile", () => {
  it("shows only the operator prefix and the last four digits", () => {
    expect(maskMobile("09121234567")).toBe("0912***4567");
    expect(maskMobile("+989351234567")).toBe("0935***4567");
  });

  it("reveals nothing of something that is not a mobile number", () => {
    expect(maskMobile("12345")).toBe("***");
  });
});
