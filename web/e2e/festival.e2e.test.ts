/**
 * The painting contest end to end in Chromium: the central secretariat (seeded `central`)
 * creates a painting programme through the API; a guardian signs in with the code from the
 * outbox, completes the profile, submits a child's painting (a real PNG uploaded straight to
 * storage, with the progress bar shown on a throttled connection), sees the tracking code and
 * finds the entry in "my entries", where it edits and then withdraws it. Then the secretariat edits
 * a programme's settings in the browser (title, a category, a round's due date), and a judging end
 * before its start is refused at that input. axe runs on every page visited.
 */
import { formatJalali, toAsciiDigits, toPersianDigits } from "@hamdel/core/fa";
import { DEMO_PASSWORD, demoStaff } from "@hamdel/local/seed";
import { TOTP } from "otpauth";
import type { APIRequestContext, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, inject, it } from "vitest";
import { freshMobile, freshNationalId } from "../../functions/src/testing/agent";
import { expectAccessible, latestCodeFor, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

const STEP_MS = 30_000;

/**
 * Signs `central` in through the API. A TOTP code is accepted once per 30 s step, so when
 * another test used this step's code the sign-in is retried with the next step's.
 */
async function signInCentral(request: APIRequestContext): Promise<void> {
  const account = demoStaff.find((s) => s.username === "central");
  if (!account) throw new Error("no seeded central secretariat");
  const totp = new TOTP({ secret: account.totpSecret });
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await request.post(`${baseUrl}/api/identity/staff/sign-in`, {
      data: { username: "central", password: DEMO_PASSWORD, code: totp.generate() },
    });
    if (res.status() === 200) return;
    await new Promise((r) => setTimeout(r, STEP_MS - (Date.now() % STEP_MS) + 1_000));
  }
  throw new Error("central could not sign in");
}

/** Writes from an API request context echo the CSRF cookie, as the web does. */
async function csrfHeader(context: BrowserContext): Promise<Record<string, string>> {
  const csrf = (await context.cookies()).find((c) => c.name.endsWith("hamdel_csrf"));
  if (!csrf) throw new Error("no CSRF cookie after sign-in");
  return { "x-csrf-token": csrf.value };
}

/** A real painting-sized PNG (noise does not compress), big enough for the progress bar to show. */
async function paintingPng(): Promise<Buffer> {
  const width = 360;
  const height = 280;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7919 + (i >> 5) * 104729) % 251;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

async function signInGuardian(page: Page, mobile: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("شمارهٔ موبایل").fill(mobile);
  await page.getByRole("button", { name: "دریافت کد" }).click();
  await expect.poll(() => page.getByLabel("کد تأیید").isVisible()).toBe(true);
  await page.getByLabel("کد تأیید").fill(await latestCodeFor(baseUrl, mobile));
  await page.getByRole("button", { name: "ورود", exact: true }).click();
  await page.waitForURL(`${baseUrl}/profile`);
}

async function completeProfile(page: Page): Promise<void> {
  await page.getByLabel("نام", { exact: true }).fill("مریم");
  await page.getByLabel("نام خانوادگی").fill("احمدی");
  await page.getByLabel("کد ملی").fill(freshNationalId());
  await page.getByLabel("تاریخ تولد").fill("۱۳۶۸/۰۲/۱۰");
  await page.getByLabel("منطقه", { exact: true }).selectOption("6");
  const neighbourhood = page.getByLabel("محله", { exact: true });
  await expect.poll(() => neighbourhood.locator("option").count()).toBeGreaterThan(2);
  await neighbourhood.selectOption(
    (await neighbourhood.locator("option").nth(1).getAttribute("value")) ?? "",
  );
  await page.getByRole("button", { name: "ذخیرهٔ پروفایل" }).click();
  await expect
    .poll(async () => (await (await page.request.get(`${baseUrl}/api/identity/me`)).json()).profileComplete)
    .toBe(true);
}

describe("festival: a guardian submits a painting", () => {
  it("from a programme the secretariat made to the tracking code and my entries", async () => {
    // The secretariat's programme, through the API.
    const staff = await browser().newContext();
    await signInCentral(staff.request);
    const title = `نقاشی آزمون ${Date.now()}`;
    const created = await staff.request.post(`${baseUrl}/api/festival/programmes?template=painting`, {
      headers: await csrfHeader(staff),
      data: {
        title,
        submissionOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
        submissionClosesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const programme = (await created.json()) as { id: string };

    // The secretariat's console lists it.
    const consolePage = await staff.newPage();
    await consolePage.goto(`${baseUrl}/staff/festival`);
    await expect.poll(() => consolePage.getByRole("rowheader", { name: title }).count()).toBe(1);
    await expectAccessible(consolePage, "the festival staff console");
    await staff.close();

    // The public page shows its rules.
    const page = await browser().newPage();
    await page.goto(`${baseUrl}/festival`);
    await expect.poll(() => page.getByRole("heading", { name: title }).count()).toBe(1);
    await expectAccessible(page, "the open programmes page");

    const mobile = freshMobile();
    await signInGuardian(page, mobile);
    await completeProfile(page);

    await page.goto(`${baseUrl}/festival/${programme.id}/submit`);
    await expect.poll(() => page.getByLabel("نام کوچک کودک").isVisible()).toBe(true);
    await page.getByLabel("نام کوچک کودک").fill("سارا");
    await page.getByLabel("تاریخ تولد کودک").fill("۱۳۹۸/۰۱/۱۵");
    await expect.poll(() => page.getByTestId("age-group").textContent()).toMatch(/گروه سنی/);
    await page.getByLabel("پایهٔ تحصیلی (اختیاری)").selectOption("1");
    await page.getByLabel("موضوع (الزامی)").selectOption("environment");
    await page.getByLabel("نام نقاشی").fill("پارک محلهٔ ما");

    // A slow uplink, so the progress bar is seen while the PNG travels to storage.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 80 * 1024,
    });
    const png = await paintingPng();
    expect(png.length).toBeGreaterThan(200_000);
    await page.getByLabel("تصویر نقاشی (الزامی)").setInputFiles({
      name: "painting.png",
      mimeType: "image/png",
      buffer: png,
    });
    const progress = page.getByRole("progressbar", { name: "پیشرفت ارسال painting.png" });
    await expect.poll(() => progress.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(async () => Number(await progress.getAttribute("value").catch(() => "1")), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.getByAltText("پیش‌نمایش painting.png").isVisible(), { timeout: 60_000 })
      .toBe(true);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    expect(await progress.count()).toBe(0);
    // The preview is the stored, re-encoded image, and it loads.
    await expect
      .poll(() =>
        page.getByAltText("پیش‌نمایش painting.png").evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBe(360);
    await page.getByLabel(/رضایت می‌دهم/).check();
    // The gallery is a separate, optional agreement.
    await page.getByLabel(/نگارخانهٔ عمومی موافقم/).check();
    await expectAccessible(page, "the submit form with an uploaded painting");

    await page.getByRole("button", { name: "ثبت اثر", exact: true }).click();
    const code = page.getByTestId("tracking-code");
    await expect.poll(() => code.isVisible(), { timeout: 15_000 }).toBe(true);
    const shown = (await code.textContent()) ?? "";
    expect(shown).toMatch(/^[۰-۹A-Z]{8}$/);
    await expectAccessible(page, "the submission confirmation");

    const mine = (await (await page.request.get(`${baseUrl}/api/festival/entries/mine`)).json()) as {
      items: {
        trackingCode: string;
        child: { firstName: string; ageGroup: string };
        programmeId: string;
        consent: { gallery?: boolean };
      }[];
    };
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      programmeId: programme.id,
      child: { firstName: "سارا" },
      consent: { gallery: true },
    });
    expect(toPersianDigits(mine.items[0]?.trackingCode ?? "")).toBe(shown);

    await page.getByRole("link", { name: "آثار ثبت‌شدهٔ من" }).click();
    await page.waitForURL(`${baseUrl}/festival/entries`);
    await expect.poll(() => page.getByRole("heading", { name: "پارک محلهٔ ما" }).count()).toBe(1);
    await expect.poll(() => page.getByTestId("entry-status").first().textContent()).toBe("دریافت شد");
    expect(await page.getByText(shown).count()).toBeGreaterThan(0);
    // The card shows the painting's thumbnail through its signed URL.
    await expect
      .poll(() =>
        page.getByAltText("تصویر پارک محلهٔ ما").evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await expectAccessible(page, "my entries");

    // Edit while the window is open: the answers come back filled in, the painting stays attached.
    await page.getByRole("button", { name: "ویرایش پارک محلهٔ ما" }).click();
    const editForm = page.getByRole("form", { name: /ویرایش اثر/ });
    await expect.poll(() => editForm.getByLabel("نام نقاشی").inputValue()).toBe("پارک محلهٔ ما");
    await editForm.getByLabel("نام نقاشی").fill("پارک و درخت‌ها");
    await editForm.getByRole("button", { name: "ذخیرهٔ تغییرات" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "پارک و درخت‌ها" }).count()).toBe(1);

    // Withdraw: the status says so and the actions are gone.
    await page.getByRole("button", { name: "انصراف از پارک و درخت‌ها" }).click();
    await expect.poll(() => page.getByTestId("entry-status").first().textContent()).toBe("انصراف داده شد");
    expect(await page.getByRole("button", { name: /^ویرایش/ }).count()).toBe(0);
    await page.close();
  }, 180_000);
});

describe("festival: the central secretariat edits a programme", () => {
  it("changes the title, a category and a round's due date; a bad date is refused at its input", async () => {
    const staff = await browser().newContext();
    await signInCentral(staff.request);
    const headers = await csrfHeader(staff);
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const title = `حامی آزمون ${Date.now()}`;
    const created = await staff.request.post(`${baseUrl}/api/festival/programmes?template=hami`, {
      headers,
      data: {
        title,
        submissionOpensAt: day(10),
        submissionClosesAt: day(40),
        judgingStartsAt: day(41),
        judgingEndsAt: day(70),
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const programme = (await created.json()) as { id: string };
    const read = async () =>
      (await (await staff.request.get(`${baseUrl}/api/festival/programmes/${programme.id}`)).json()) as {
        version: number;
        title: string;
        judgingEndsAt: string;
        categories: { id: string; titleFa: string }[];
        rounds: { id: string; dueAt?: string }[];
      };

    // From the list to the settings page.
    const page = await staff.newPage();
    await page.goto(`${baseUrl}/staff/festival`);
    await page.getByRole("link", { name: `ویرایش تنظیمات «${title}»` }).click();
    await page.waitForURL(`${baseUrl}/staff/festival/${programme.id}/edit`);
    const titleInput = page.getByLabel("عنوان برنامه");
    await expect.poll(() => titleInput.inputValue()).toBe(title);
    // Before the window opens the page already says what will freeze, and nothing is locked yet.
    expect(await page.locator("#frozen-notice").textContent()).toMatch(/این موارد دیگر تغییر نمی‌کنند/);
    expect(await page.getByLabel("عنوان محور ۲").isEnabled()).toBe(true);
    // Dates are shown in Jalali with Persian digits.
    expect(await page.getByLabel("آغاز مهلت ارسال").inputValue()).toBe(formatJalali(day(10)));
    await expectAccessible(page, "the programme settings page");

    // Change the title, the second category and the district round's due date (typed in ASCII digits).
    const renamed = `${title} — ویرایش‌شده`;
    await titleInput.fill(renamed);
    await page.getByLabel("عنوان محور ۲").fill("رفاه و خدمات اجتماعی محله");
    // A new category takes the third's place: added, named, then the old third removed.
    await page.getByRole("button", { name: "افزودن محور" }).click();
    await page.getByLabel("عنوان محور ۴").fill("محیط زیست");
    await page.getByRole("button", { name: "حذف محور ۳" }).click();
    await expect.poll(() => page.getByLabel("عنوان محور ۳").inputValue()).toBe("محیط زیست");
    const district = page.getByRole("group", { name: /^مرحلهٔ ۱ داوری/ });
    const due = toAsciiDigits(formatJalali(day(50)));
    await district.getByLabel("مهلت مرحله").fill(due);
    await page.getByRole("button", { name: "ذخیرهٔ تغییرات" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "ذخیره شد" }).count()).toBe(1);

    const saved = await read();
    expect(saved).toMatchObject({ version: 2, title: renamed });
    expect(saved.categories.map((c) => c.titleFa)).toEqual([
      "کارآفرینی",
      "رفاه و خدمات اجتماعی محله",
      "محیط زیست",
    ]);
    expect(saved.categories.map((c) => c.id)).toEqual(["entrepreneurship", "welfare", "category-4"]);
    // The due date is the end of that Tehran day; the form shows it back in Persian digits.
    const dueAt = saved.rounds[0]?.dueAt ?? "";
    expect(formatJalali(new Date(Date.parse(dueAt) - 1))).toBe(toPersianDigits(due));
    expect(new Date(dueAt).getUTCHours() * 60 + new Date(dueAt).getUTCMinutes()).toBe(20 * 60 + 30);
    await expect
      .poll(() =>
        page
          .getByRole("group", { name: /^مرحلهٔ ۱ داوری/ })
          .getByLabel("مهلت مرحله")
          .inputValue(),
      )
      .toBe(toPersianDigits(due));

    // The list shows the new title.
    await page.getByRole("link", { name: "بازگشت به فهرست برنامه‌ها" }).click();
    await expect.poll(() => page.getByRole("rowheader", { name: renamed }).count()).toBe(1);

    // Judging cannot end before it starts: the Persian message sits at that input, nothing is saved.
    await page.getByRole("link", { name: `ویرایش تنظیمات «${renamed}»` }).click();
    const ends = page.getByLabel("پایان داوری");
    await expect
      .poll(() => ends.inputValue())
      .toBe(formatJalali(new Date(Date.parse(saved.judgingEndsAt) - 1)));
    await ends.fill(formatJalali(day(35)));
    await page.getByRole("button", { name: "ذخیرهٔ تغییرات" }).click();
    const message = "پایان داوری باید پس از آغاز آن باشد.";
    await expect.poll(() => page.getByText(message).count()).toBe(1);
    expect(await ends.getAttribute("aria-invalid")).toBe("true");
    const errorId = await page.getByText(message).getAttribute("id");
    expect((await ends.getAttribute("aria-describedby"))?.split(" ")).toContain(errorId);
    expect(await page.getByRole("alert").filter({ hasText: "اطلاعات واردشده درست نیست" }).count()).toBe(1);
    // What the clerk typed stays, to be corrected.
    expect(await ends.inputValue()).toBe(formatJalali(day(35)));
    await expectAccessible(page, "the programme settings page with an error");
    expect(await read()).toMatchObject({ version: 2, judgingEndsAt: saved.judgingEndsAt });

    // Opening it to children asks for age groups (at that fieldset) and the consent text.
    await page.reload();
    await page.getByLabel("کودک (با ثبت ولی)").check();
    await page.getByRole("button", { name: "ذخیرهٔ تغییرات" }).click();
    const ageGroups = page.getByRole("group", { name: "گروه‌های سنی" });
    await expect
      .poll(() => ageGroups.getByText("برای مسابقهٔ کودکان، گروه‌های سنی را مشخص کنید.").count())
      .toBe(1);
    expect(await ageGroups.getAttribute("aria-describedby")).toMatch(/-error/);
    const entrants = page.getByRole("group", { name: "چه کسانی می‌توانند شرکت کنند" });
    expect(await entrants.getByText("متن رضایت ولی را وارد کنید.").count()).toBe(1);
    expect((await read()).version).toBe(2);

    // Once submissions have opened, the page says what is frozen and locks those inputs.
    const open = await staff.request.post(`${baseUrl}/api/festival/programmes?template=hami`, {
      headers,
      data: { title: `${title} باز`, submissionOpensAt: day(-1), submissionClosesAt: day(30) },
    });
    expect(open.status(), await open.text()).toBe(201);
    await page.goto(`${baseUrl}/staff/festival/${((await open.json()) as { id: string }).id}/edit`);
    await expect
      .poll(() => page.locator("#frozen-notice").textContent())
      .toMatch(/مهلت ارسال آغاز شده است؛ این موارد دیگر تغییر نمی‌کنند: .*محورها/);
    expect(await page.getByLabel("عنوان محور ۱").isDisabled()).toBe(true);
    expect(await page.getByLabel("آغاز مهلت ارسال").isDisabled()).toBe(true);
    expect(await page.getByLabel("عنوان برنامه").isEnabled()).toBe(true);
    await expectAccessible(page, "the settings of a programme taking submissions");
    await staff.close();
  }, 120_000);
});
