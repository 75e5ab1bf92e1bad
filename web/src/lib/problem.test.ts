import { describe, expect, it } from "vitest";
import { ApiProblem, fallbackMessage, fieldError, messageOf, toProblem } from "./problem";

describe("toProblem", () => {
  it("keeps the server's Persian message, code, request id and field messages", () => {
    const p = toProblem(422, {
      type: "about:blank",
      title: "Invalid input",
      status: 422,
      code: "identity.invalid_national_id",
      detail: "check digit",
      messageFa: "کد ملی درست نیست.",
      requestId: "req-1",
      fields: [
        { path: "nationalId", message: "کد ملی ۱۰ رقم است." },
        { path: 3, message: "bad" },
      ],
    });
    expect(p).toBeInstanceOf(ApiProblem);
    expect(p.status).toBe(422);
    expect(p.code).toBe("identity.invalid_national_id");
    expect(p.messageFa).toBe("کد ملی درست نیست.");
    expect(p.message).toBe("check digit");
    expect(p.requestId).toBe("req-1");
    expect(p.fields).toEqual([{ path: "nationalId", message: "کد ملی ۱۰ رقم است." }]);
  });

  it("falls back to a Persian message by status when the body is not problem+json", () => {
    expect(toProblem(429, "<html>Too many</html>").messageFa).toBe(fallbackMessage(429));
    expect(toProblem(502, undefined).messageFa).toBe(fallbackMessage(503));
    expect(toProblem(502, undefined).code).toBe("http.502");
    expect(toProblem(418, null).messageFa).toBe(fallbackMessage(400));
    expect(toProblem(401, { messageFa: "  " }).messageFa).toBe(fallbackMessage(401));
    expect(fallbackMessage(401)).not.toBe(fallbackMessage(403));
  });

  it("matches field messages on the whole path or its first segment", () => {
    const p = toProblem(422, { fields: [{ path: "roles.0.scope", message: "منطقه لازم است." }] });
    expect(p.fieldMessage("roles")).toBe("منطقه لازم است.");
    expect(p.fieldMessage("roles.0.scope")).toBe("منطقه لازم است.");
    expect(p.fieldMessage("role")).toBeUndefined();
    expect(fieldError(p, "roles")).toBe("منطقه لازم است.");
    expect(fieldError(new Error("x"), "roles")).toBeUndefined();
  });
});

describe("messageOf", () => {
  it("shows the problem's Persian message, a network message for fetch failures, a generic one otherwise", () => {
    expect(messageOf(new ApiProblem(409, { messageFa: "قبلاً ثبت شده است." }))).toBe("قبلاً ثبت شده است.");
    expect(messageOf(new TypeError("Failed to fetch"))).toBe(fallbackMessage(0));
    expect(messageOf(new Error("boom"))).toBe(fallbackMessage(500));
  });
});
