/** What the e2e files share besides the browser: the API agent, response checks, a phone's width. */
import type { Page } from "playwright-core";
import { expect, inject } from "vitest";
import { Agent } from "../../functions/src/testing/agent";

export const PHONE = { width: 390, height: 844 };

/** Pages fetch their data after load; give them time on a slow machine. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** An API client for the running platform that keeps cookies and echoes the CSRF token. */
export const agent = () => {
  const baseUrl = inject("baseUrl");
  return new Agent({ request: (url, init) => fetch(url.replace("http://localhost", baseUrl), init) });
};

/** The response's JSON body, after checking its status (the body is the failure message). */
export async function ok<T>(res: Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = await r.text();
  expect(r.status, body).toBe(status);
  return JSON.parse(body) as T;
}

/** No sideways scrolling at a phone's width. */
export async function expectFits(page: Page, what: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
}
