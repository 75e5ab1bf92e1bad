import { describe, expect, it } from "vitest";
import { formatCountdown, secondsUntil } from "./countdown";

describe("countdown", () => {
  it("rounds up partial seconds and never goes below zero", () => {
    expect(secondsUntil(10_001, 0)).toBe(11);
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(0, 5_000)).toBe(0);
  });

  it("formats minutes and seconds with Persian digits", () => {
    expect(formatCountdown(125)).toBe("۲:۰۵");
    expect(formatCountdown(59)).toBe("۰:۵۹");
    expect(formatCountdown(-3)).toBe("۰:۰۰");
  });
});
