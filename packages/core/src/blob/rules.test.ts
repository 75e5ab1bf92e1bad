import { describe, expect, it } from "vitest";
import { maxBytesFor, uploadPurposeIds } from "./model";
import { checkDeclared, checkSniffedType, checkStoredSize, rejectionCodes, rejectionError } from "./rules";

const MB = 1024 * 1024;

describe("upload rules", () => {
  it("accepts a declared image within the purpose's limit", () => {
    expect(checkDeclared("artwork", "image/png", 10 * MB)).toBeNull();
    expect(checkDeclared("document", "application/pdf", 20 * MB)).toBeNull();
  });

  it("refuses a declared type the purpose does not accept", () => {
    expect(checkDeclared("artwork", "application/pdf", 1000)?.code).toBe("upload.type_not_allowed");
    expect(checkDeclared("profile-photo", "image/svg+xml", 1000)?.code).toBe("upload.type_not_allowed");
  });

  it("refuses a declared size over the limit for that type", () => {
    expect(checkDeclared("artwork", "image/png", 10 * MB + 1)?.code).toBe("upload.too_large");
    expect(checkDeclared("document", "image/jpeg", 10 * MB + 1)?.code).toBe("upload.too_large");
    expect(checkDeclared("profile-photo", "image/jpeg", 5 * MB + 1)?.code).toBe("upload.too_large");
  });

  it("checks the stored size against the limit first, then against the declared size", () => {
    const declared = { purpose: "artwork" as const, contentType: "image/png", size: 500 };
    expect(checkStoredSize(declared, 500)).toBeNull();
    expect(checkStoredSize(declared, 499)).toBe("upload.size_mismatch");
    expect(checkStoredSize(declared, 10 * MB + 1)).toBe("upload.too_large");
  });

  it("requires the sniffed type to be the declared one and accepted by the purpose", () => {
    const declared = { purpose: "artwork" as const, contentType: "image/png" };
    expect(checkSniffedType(declared, "image/png")).toBeNull();
    expect(checkSniffedType(declared, "image/jpeg")).toBe("upload.type_not_allowed");
    expect(checkSniffedType(declared, undefined)).toBe("upload.type_not_allowed");
    expect(checkSniffedType({ purpose: "artwork", contentType: "application/pdf" }, "application/pdf")).toBe(
      "upload.type_not_allowed",
    );
  });

  it("gives every rejection a Persian message", () => {
    for (const code of rejectionCodes) {
      const error = rejectionError(code, "document", "application/pdf");
      expect(error.code).toBe(code);
      expect(error.messageFa).toMatch(/[\u0600-\u06FF]/);
    }
    expect(rejectionError("upload.too_large", "document", "application/pdf").messageFa).toContain("۲۰");
  });

  it("gives every purpose at least one type with a positive limit", () => {
    for (const purpose of uploadPurposeIds) {
      const limits = ["image/jpeg", "image/png", "image/webp", "application/pdf"].map((t) =>
        maxBytesFor(purpose, t),
      );
      expect(limits.some((l) => l !== undefined && l > 0)).toBe(true);
    }
  });
});
