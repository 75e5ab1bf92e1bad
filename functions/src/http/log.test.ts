import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logEvent, setLogLevel } from "./log";

beforeEach(() => {
  delete process.env.HAMDEL_LOG_LEVEL;
});

afterEach(() => {
  setLogLevel(undefined);
  vi.restoreAllMocks();
  delete process.env.HAMDEL_LOG_LEVEL;
});

describe("logEvent", () => {
  it("writes one JSON line per event, errors to stderr", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    logEvent("info", "request", { requestId: "r1", status: 200 });
    logEvent("error", "unexpected", { requestId: "r2" });
    expect(JSON.parse(String(out.mock.calls[0]?.[0]))).toMatchObject({
      level: "info",
      msg: "request",
      status: 200,
    });
    expect(JSON.parse(String(err.mock.calls[0]?.[0]))).toMatchObject({ level: "error", requestId: "r2" });
  });

  it("drops lines below HAMDEL_LOG_LEVEL but never errors, and ignores an unknown level", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    process.env.HAMDEL_LOG_LEVEL = "warn";
    logEvent("info", "request");
    logEvent("warn", "slow");
    expect(out).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    process.env.HAMDEL_LOG_LEVEL = "error";
    logEvent("warn", "slow");
    logEvent("error", "boom");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(err).toHaveBeenCalledTimes(1);
    process.env.HAMDEL_LOG_LEVEL = "verbose";
    logEvent("info", "request");
    expect(out).toHaveBeenCalledTimes(1);
  });

  it("takes a level set in the process over the environment", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    process.env.HAMDEL_LOG_LEVEL = "info";
    setLogLevel("warn");
    logEvent("info", "request");
    logEvent("warn", "slow");
    expect(out).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
