import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { expectAccessible, latestCodeFor, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

async function signInAsCitizen(page: Page, mobileTyped: string, mobile: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("شمارهٔ موبایل").fill(mobileTyped);
  await page.getByRole("button", { name: "دریافت کد" }).click();
  await expect.poll(() => page.getByLabel("کد تأیید").isVisible()).toBe(true);
  const code = await latestCodeFor(baseUrl, mobile);
  await page.getByLabel("کد تأیید").fill(code);
  await page.getByRole("button", { name: "ورود", exact: true }).click();
}

describe("citizen", () => {
  it("signs in with the code from the outbox and completes the profile", async () => {
    const page = await browser().newPage();
    // Persian digits as a phone keyboard types them; the number is normalised to 0912….
    await signInAsCitizen(page, "۰۹۱۲ ۳۳۳ ۴۴۵۵", "09123334455");
    await page.waitForURL(`${baseUrl}/profile`);
    await expectAccessible(page, "the profile page");

    // Arabic ي in the name must be stored as Persian ی; Persian digits everywhere.
    await page.getByLabel("نام", { exact: true }).fill("علي");
    await page.getByLabel("نام خانوادگی").fill("رضايي");
    await page.getByLabel("کد ملی").fill("۰۴۹۹۳۷۰۸۹۹");
    await page.getByLabel("تاریخ تولد").fill("۱۳۷۰/۰۵/۱۲");
    await page.getByLabel("منطقه", { exact: true }).selectOption("6");
    const neighbourhood = page.getByLabel("محله", { exact: true });
    await expect.poll(() => neighbourhood.locator("option").count()).toBeGreaterThan(2);
    const firstValue = await neighbourhood.locator("option").nth(1).getAttribute("value");
    await neighbourhood.selectOption(firstValue ?? "");
    await page.getByRole("button", { name: "ذخیرهٔ پروفایل" }).click();

    // The stored profile comes back from the API after a reload.
    await expect
      .poll(async () => {
        const res = await page.request.get(`${baseUrl}/api/identity/me`);
        return (await res.json()).profile?.firstName;
      })
      .toBe("علی");
    await page.reload();
    await expect.poll(() => page.getByLabel("نام خانوادگی").inputValue()).toBe("رضایی");
    await expect.poll(() => page.getByLabel("تاریخ تولد").inputValue()).toBe("۱۳۷۰/۰۵/۱۲");
    const me = await (await page.request.get(`${baseUrl}/api/identity/me`)).json();
    expect(me).toMatchObject({
      kind: "citizen",
      profileComplete: true,
      profile: { district: "6", neighbourhood: firstValue, birthDate: "1991-08-03" },
    });
    // The national id is never sent back whole.
    expect(JSON.stringify(me)).not.toContain("0499370899");

    // Cookies: the session cookie is HttpOnly, invisible to page scripts.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("hamdel_session"));
    expect(session?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain("hamdel_session");
    await page.close();
  });

  it("shows a Persian error for a wrong code and changes nothing", async () => {
    const page = await browser().newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("شمارهٔ موبایل").fill("09125556677");
    await page.getByRole("button", { name: "دریافت کد" }).click();
    await expect.poll(() => page.getByLabel("کد تأیید").isVisible()).toBe(true);
    const code = await latestCodeFor(baseUrl, "09125556677");
    const wrong = code === "000000" ? "111111" : "000000";
    await page.getByLabel("کد تأیید").fill(wrong);
    await page.getByRole("button", { name: "ورود", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: /کد/ }).count()).toBeGreaterThan(0);
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
    const me = await page.request.get(`${baseUrl}/api/identity/me`);
    expect(me.status()).toBe(401);
    await page.close();
  });
});

describe("public pages are accessible", () => {
  for (const [path, what] of [
    ["/", "home"],
    ["/sign-in", "citizen sign-in"],
    ["/staff/sign-in", "staff sign-in"],
    ["/dev/outbox", "dev outbox"],
  ] as const) {
    it(`${what} (${path}) has no serious axe violations and is right-to-left Persian`, async () => {
      const page = await browser().newPage();
      await page.goto(`${baseUrl}${path}`);
      await page.waitForSelector("main h1");
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      expect(await page.getAttribute("html", "lang")).toMatch(/^fa/);
      await expectAccessible(page, what);
      await page.close();
    });
  }
});

describe("the accessibility check itself", () => {
  it("fails on a page with a serious violation", async () => {
    const page = await browser().newPage();
    await page.setContent(
      '<html lang="fa" dir="rtl"><body><main><img src="x.png"><button></button></main></body></html>',
    );
    await expect(expectAccessible(page, "a broken page")).rejects.toThrow(/axe violations/);
    await page.close();
  });
});
