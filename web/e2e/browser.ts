/** Headless Debian Chromium driven by playwright-core, with the flags this closed network needs. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it: sudo apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** One browser per test file: launched before its tests, closed after. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("the browser is not launched yet");
    return browser;
  };
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page and fails on serious or critical violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map(
      (v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
      }),
    );
  });
  const severe = violations.filter(
    (v: { impact: string }) => v.impact === "serious" || v.impact === "critical",
  );
  expect(severe, `axe violations on ${what}`).toEqual([]);
}

/** The newest one-time code sent to a mobile number, read from the local SMS outbox. */
export async function latestCodeFor(baseUrl: string, mobile: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/dev/outbox`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { to: string; text: string }[] };
  const message = body.items.find((m) => m.to === mobile);
  const ascii = (message?.text ?? "").replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
  const code = /\b(\d{6})\b/.exec(ascii)?.[1];
  if (!code) throw new Error(`no code in the outbox for ${mobile}`);
  return code;
}
