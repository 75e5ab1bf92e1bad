import { DEMO_PASSWORD, demoStaff } from "@hamdel/local/seed";
import { TOTP } from "otpauth";
import { describe, expect, inject, it } from "vitest";
import { expectAccessible, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

function currentCode(username: string): string {
  const account = demoStaff.find((s) => s.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return new TOTP({ secret: account.totpSecret }).generate();
}

describe("staff", () => {
  it("signs in with password and TOTP and reaches the staff admin", async () => {
    const page = await browser().newPage();
    await page.goto(`${baseUrl}/staff/sign-in`);
    await page.getByLabel("نام کاربری").fill("admin");
    await page.getByLabel("گذرواژه").fill(DEMO_PASSWORD);
    await page.getByLabel("کد تأیید").fill(currentCode("admin"));
    await page.getByRole("button", { name: "ورود", exact: true }).click();
    await page.waitForURL(`${baseUrl}/staff/admin`);
    await expect
      .poll(() => page.getByRole("heading", { level: 1 }).textContent())
      .toContain("مدیریت کارکنان");
    // The seeded staff are listed (one per role).
    await expect.poll(() => page.getByText("دبیرخانه منطقه ۶").count()).toBeGreaterThan(0);
    await expectAccessible(page, "the staff admin page");
    await page.close();
  });

  it("refuses a wrong TOTP code with one generic message", async () => {
    const page = await browser().newPage();
    await page.goto(`${baseUrl}/staff/sign-in`);
    await page.getByLabel("نام کاربری").fill("central");
    await page.getByLabel("گذرواژه").fill(DEMO_PASSWORD);
    const right = currentCode("central");
    await page.getByLabel("کد تأیید").fill(right === "123456" ? "654321" : "123456");
    await page.getByRole("button", { name: "ورود", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: /\S/ }).count()).toBeGreaterThan(0);
    expect(page.url()).toContain("/staff/sign-in");
    expect((await page.request.get(`${baseUrl}/api/identity/me`)).status()).toBe(401);
    await page.close();
  });
});
