import { describe, expect, it } from "vitest";
import { csrfHeader, isUnsafeMethod, readCookie, withCsrf } from "./cookie";

describe("readCookie", () => {
  it("finds a cookie by exact name among others and decodes it", () => {
    const jar = "theme=dark; hamdel_csrf_old=x; hamdel_csrf=a%2Bb%3D; other=1";
    expect(readCookie(jar, "hamdel_csrf")).toBe("a+b=");
    expect(readCookie(jar, "theme")).toBe("dark");
    expect(readCookie(jar, "missing")).toBeUndefined();
    expect(readCookie("", "hamdel_csrf")).toBeUndefined();
  });

  it("keeps values containing '=' and tolerates bad escapes", () => {
    expect(readCookie("t=abc==", "t")).toBe("abc==");
    expect(readCookie("t=%E0%A4%A", "t")).toBe("%E0%A4%A");
  });
});

describe("withCsrf", () => {
  const jar = "hamdel_csrf=tok123";

  it("adds the token to state-changing methods only", () => {
    for (const method of ["POST", "put", "PATCH", "DELETE"]) {
      expect(new Headers(withCsrf({ method }, jar).headers).get(csrfHeader)).toBe("tok123");
    }
    for (const method of [undefined, "GET", "HEAD", "OPTIONS"]) {
      expect(new Headers(withCsrf(method ? { method } : undefined, jar).headers).get(csrfHeader)).toBeNull();
    }
  });

  it("keeps existing headers and sends nothing when there is no token yet", () => {
    const init = withCsrf({ method: "POST", headers: { "content-type": "application/json" } }, jar);
    const headers = new Headers(init.headers);
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get(csrfHeader)).toBe("tok123");
    expect(new Headers(withCsrf({ method: "POST" }, "other=1").headers).get(csrfHeader)).toBeNull();
  });

  it("classifies methods", () => {
    expect(isUnsafeMethod("post")).toBe(true);
    expect(isUnsafeMethod(undefined)).toBe(false);
  });
});
