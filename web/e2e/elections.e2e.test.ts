/**
 * An election end to end on the running platform, in real time: the seeded election
 * administrator sets it up through the API (three approved candidates, a roll), voting opens at
 * the next whole minute for two minutes; a voter signs in in Chromium, votes and keeps the
 * receipt; a second attempt is refused; after the administrator closes the election (API) the
 * voter finds the tracker on the bulletin board and the results page names the winners. Every
 * election page passes axe at a phone's width (390 px).
 */
import { verifyRecord } from "@hamdel/core/elections";
import { toPersianDigits } from "@hamdel/core/fa";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { DEMO_PASSWORD, demoStaff } from "@hamdel/local/seed";
import { TOTP, URI } from "otpauth";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import writeExcelFile from "write-excel-file/node";
import { freshMobile, freshNationalId, onePixelPng, signInCitizen } from "../../functions/src/testing/agent";
import { agent, expectFits, ok, PHONE, poll } from "./api";
import { expectAccessible, latestCodeFor, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
const MINUTE = 60_000;

const totp = (username: string) => {
  const account = demoStaff.find((s) => s.username === username);
  if (!account) throw new Error(`no demo account ${username}`);
  return new TOTP({ secret: account.totpSecret }).generate();
};

/** Tehran's calendar day and wall-clock "HH:MM" of an instant. */
function tehranClock(ms: number): { day: string; hhmm: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Tehran",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hhmm: `${parts.hour}:${parts.minute}` };
}

const sleepUntil = async (ms: number) => {
  const wait = ms - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

async function phonePage(): Promise<Page> {
  return browser().newPage({ viewport: PHONE });
}

async function signInVoter(page: Page, mobile: string) {
  await poll(() => page.getByLabel("شمارهٔ موبایل").isVisible()).toBe(true);
  await page.getByLabel("شمارهٔ موبایل").fill(toPersianDigits(mobile));
  await page.getByRole("button", { name: "دریافت کد" }).click();
  await poll(() => page.getByLabel("کد تأیید").isVisible()).toBe(true);
  await page.getByLabel("کد تأیید").fill(await latestCodeFor(baseUrl, mobile));
  await page.getByRole("button", { name: "ورود", exact: true }).click();
}

const [n1, n2] = neighbourhoodsOf("7").map((n) => n.id) as [string, string];
const candidateNames = ["مریم احمدی", "رضا کریمی", "زهرا موسوی"] as const;
const voter = { mobile: freshMobile(), nationalId: freshNationalId() };
/** Votes at a polling branch of district 7 with a code from the officer. */
const branchVoter = { mobile: freshMobile(), nationalId: freshNationalId() };
const officer = {
  username: `officer-${Date.now().toString(36)}`,
  password: "officer-pass-2468",
  totp: undefined as TOTP | undefined,
};

let electionId = "";
let opensAt = 0;
let closesAt = 0;
let tracker = "";
const admin = agent();

beforeAll(async () => {
  const signIn = await admin.call("POST", "/api/identity/staff/sign-in", {
    body: { username: "elections", password: DEMO_PASSWORD, code: totp("elections") },
  });
  expect(signIn.status).toBe(200);
});

/** A polling officer of district 7, invited by the platform administrator and enrolled (API). */
async function enrolOfficer() {
  const platformAdmin = agent();
  const signIn = await platformAdmin.call("POST", "/api/identity/staff/sign-in", {
    body: { username: "admin", password: DEMO_PASSWORD, code: totp("admin") },
  });
  expect(signIn.status).toBe(200);
  const { token } = await ok<{ token: string }>(
    platformAdmin.call("POST", "/api/identity/staff/invitations", {
      body: {
        username: officer.username,
        displayName: "مأمور شعبهٔ آزمون",
        roles: [{ role: "polling_officer", scope: "7" }],
      },
    }),
    201,
  );
  const invited = agent();
  const { otpauthUri } = await ok<{ otpauthUri: string }>(
    invited.call("POST", `/api/identity/staff/invitations/${token}/accept`, {
      body: { password: officer.password },
    }),
  );
  const parsed = URI.parse(otpauthUri);
  if (!(parsed instanceof TOTP)) throw new Error("not a TOTP enrolment");
  officer.totp = parsed;
  await ok(
    invited.call("POST", `/api/identity/staff/invitations/${token}/confirm`, {
      body: { code: parsed.generate() },
    }),
  );
}

describe("an election in the browser", () => {
  it("is set up through the API: candidates applied and approved, roll imported", {
    timeout: 120_000,
  }, async () => {
    // Voting opens at a whole minute far enough ahead to register the candidates, for two
    // minutes, on one Tehran day; registration closes as voting opens; no extensions.
    opensAt = Math.ceil((Date.now() + 40_000) / MINUTE) * MINUTE;
    while (tehranClock(opensAt).day !== tehranClock(opensAt + 2 * MINUTE).day) opensAt += MINUTE;
    closesAt = opensAt + 2 * MINUTE;
    const open = tehranClock(opensAt);
    const election = await ok<{ id: string }>(
      admin.call("POST", "/api/elections", {
        body: {
          title: "انتخابات شورایاری آزمون مرورگر",
          term: 6,
          neighbourhoods: [n1, n2],
          seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
          registration: {
            opensAt: new Date(Date.now() - 3600_000).toISOString(),
            closesAt: new Date(opensAt).toISOString(),
          },
          voting: {
            day: open.day,
            opens: open.hhmm,
            closes: tehranClock(closesAt).hhmm,
            maxExtensionMinutes: 0,
          },
          complaints: {
            opensAt: new Date(closesAt).toISOString(),
            closesAt: new Date(closesAt + 24 * 3600_000).toISOString(),
          },
        },
      }),
      201,
    );
    electionId = election.id;
    const base = `/api/elections/${electionId}`;

    for (const name of candidateNames) {
      const citizen = agent();
      await signInCitizen(citizen, freshMobile());
      const [firstName, lastName] = name.split(" ");
      await ok(
        citizen.call("PUT", "/api/identity/me/profile", {
          body: {
            firstName,
            lastName,
            nationalId: freshNationalId(),
            birthDate: "1360/01/20",
            district: "7",
            neighbourhood: n1,
          },
        }),
      );
      const upload = async (purpose: "profile-photo" | "document") => {
        const ticket = await ok<{ uploadId: string; url: string; headers: Record<string, string> }>(
          citizen.call("POST", "/api/uploads", {
            body: { purpose, fileName: "f.png", contentType: "image/png", size: onePixelPng.length },
          }),
          201,
        );
        expect(
          (await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: onePixelPng })).status,
        ).toBe(200);
        await ok(citizen.call("POST", `/api/uploads/${ticket.uploadId}/finalise`));
        return ticket.uploadId;
      };
      const candidate = await ok<{ id: string }>(
        citizen.call("POST", `${base}/candidacy`, {
          body: {
            statement: `${name}: برای پاکیزگی و ایمنی کوچه‌های محله کار می‌کنم.`,
            residenceSince: "2015-01-01",
            photoUploadId: await upload("profile-photo"),
            proofUploadId: await upload("document"),
          },
        }),
        201,
      );
      await ok(
        admin.call("POST", `${base}/candidates/${candidate.id}/decision`, { body: { decision: "approve" } }),
      );
    }

    const report = await ok<{ added: number; rejected: Array<{ line: number; reason: string }> }>(
      admin.call("POST", `${base}/roll`, {
        body: {
          csv: [
            "nationalId,mobile,neighbourhood",
            `${voter.nationalId},${voter.mobile},${n1}`,
            `${branchVoter.nationalId},${branchVoter.mobile},${n1}`,
            `1234567890,09120000000,${n1}`,
          ].join("\n"),
        },
      }),
    );
    expect(report.added).toBe(2);
    expect(report.rejected).toEqual([{ line: 4, reason: "bad_national_id" }]);
    await enrolOfficer();
    expect(Date.now()).toBeLessThan(opensAt);
  });

  it("shows the list and the election page before voting, accessibly", async () => {
    const page = await phonePage();
    await page.goto(`${baseUrl}/elections`);
    await page.getByRole("link", { name: "انتخابات شورایاری آزمون مرورگر" }).first().click();
    await page.waitForURL(`${baseUrl}/elections/${electionId}`);
    await poll(() => page.getByText("مشارکت در هر محله").count()).toBeGreaterThan(0);
    // Turnout is counts in Persian digits: one eligible voter in the first neighbourhood.
    await poll(() => page.getByText("۰ رأی از ۲ واجد شرایط").count()).toBeGreaterThan(0);
    // The chart's accessible equivalent: a table of the same counts, with totals.
    await page.getByText("جدول مشارکت (همین شمارها)").click();
    const table = page.getByRole("table", { name: "مشارکت هر محله" });
    const cells = (name: string) =>
      table
        .getByRole("row")
        .filter({ has: page.getByRole("rowheader", { name }) })
        .getByRole("cell");
    expect(await cells(neighbourhoodsOf("7")[0]?.name ?? "").allTextContents()).toEqual(["۲", "۰", "۰٪"]);
    expect(await cells("همه").allTextContents()).toEqual(["۲", "۰", "۰٪"]);
    await expectAccessible(page, "the election page");
    await expectFits(page, "the election page");
    await page.goto(`${baseUrl}/elections`);
    await page.waitForSelector("main h1");
    await expectAccessible(page, "the election list");
    await page.close();
  });

  it("lets a voter sign in, vote and keep a receipt; a second vote is refused", {
    timeout: 150_000,
  }, async () => {
    await sleepUntil(opensAt + 1000);
    const page = await phonePage();
    await page.goto(`${baseUrl}/elections/${electionId}/vote`);
    await page.waitForURL(/\/sign-in\?next=/);
    await signInVoter(page, voter.mobile);
    await page.waitForURL(`${baseUrl}/elections/${electionId}/vote`);

    // Step 1: the national id in Persian digits; the ballot is the roll's neighbourhood's (n1, the
    // only one with candidates), never one the voter picks.
    await poll(() => page.getByLabel("کد ملی").isVisible()).toBe(true);
    await expectAccessible(page, "the vote page (identify)");
    expect(await page.getByRole("combobox").count()).toBe(0);
    await page.getByLabel("کد ملی").fill(toPersianDigits(voter.nationalId));
    await page.getByRole("button", { name: "ادامه: دیدن برگهٔ رأی" }).click();

    // Step 2: at most two of three; the third is disabled once two are chosen.
    const [first, second, third] = candidateNames;
    await poll(() => page.getByRole("checkbox").count()).toBe(3);
    await page.getByLabel(first, { exact: false }).check();
    await page.getByLabel(second, { exact: false }).check();
    expect(await page.getByLabel(third, { exact: false }).isDisabled()).toBe(true);
    await poll(() => page.getByText("۲ از ۲ انتخاب شده").count()).toBe(1);
    await expectAccessible(page, "the ballot");
    await expectFits(page, "the ballot");
    await page.getByRole("button", { name: "ادامه: بازبینی" }).click();

    // Step 3: review, then cast.
    await poll(() => page.getByRole("heading", { name: "بازبینی رأی" }).count()).toBe(1);
    await expectAccessible(page, "the review step");
    await page.getByRole("button", { name: "ثبت نهایی رأی" }).click();

    // The receipt: the tracker grouped in fours.
    await poll(() => page.getByTestId("tracker").count()).toBe(1);
    const shown = (await page.getByTestId("tracker").textContent()) ?? "";
    expect(shown).toMatch(/^([a-z2-7]{4} ){12}[a-z2-7]{4}$/);
    tracker = shown.replace(/ /g, "");
    await expectAccessible(page, "the receipt");
    await expectFits(page, "the receipt");

    // Voting again with the same national id is refused in Persian before any ballot is shown.
    await page.goto(`${baseUrl}/elections/${electionId}/vote`);
    await page.getByLabel("کد ملی").fill(voter.nationalId);
    await page.getByRole("button", { name: "ادامه: دیدن برگهٔ رأی" }).click();
    await poll(() =>
      page.getByRole("alert").filter({ hasText: "پیش‌تر در این انتخابات رأی داده شده" }).count(),
    ).toBe(1);
    const turnout = await ok<{ items: Array<{ neighbourhoodId: string; ballots: number }> }>(
      admin.call("GET", `/api/elections/${electionId}/turnout`),
    );
    expect(turnout.items.find((t) => t.neighbourhoodId === n1)?.ballots).toBe(1);
    await page.close();
  });

  it("lets a polling officer issue a code and a voter cast with it at the kiosk", {
    timeout: 60_000,
  }, async () => {
    expect(Date.now()).toBeLessThan(closesAt - 20_000);
    const desk = await browser().newPage();
    await desk.goto(`${baseUrl}/staff/sign-in?next=${encodeURIComponent(`/kiosk/elections/${electionId}`)}`);
    await desk.getByLabel("نام کاربری").fill(officer.username);
    await desk.getByLabel("گذرواژه").fill(officer.password);
    await desk.getByLabel("کد تأیید").fill(officer.totp?.generate() ?? "");
    await desk.getByRole("button", { name: "ورود", exact: true }).click();
    await desk.waitForURL(`${baseUrl}/kiosk/elections/${electionId}`);
    await desk.getByLabel("کد ملی رأی‌دهنده").fill(toPersianDigits(branchVoter.nationalId));
    await desk.getByRole("button", { name: "صدور کد" }).click();
    await poll(() => desk.getByTestId("ballot-code").count()).toBe(1);
    const code = (await desk.getByTestId("ballot-code").textContent()) ?? "";
    expect(code).toMatch(/^([a-z2-7]{4} ){3}[a-z2-7]{4}$/);
    await expectAccessible(desk, "the code desk");
    await desk.close();

    // The kiosk needs no sign-in: the code is the voter's credential for one ballot.
    const kiosk = await browser().newPage({ viewport: { width: 1024, height: 768 } });
    await kiosk.goto(`${baseUrl}/kiosk/elections/${electionId}`);
    await kiosk.getByLabel("کد برگهٔ رأی").fill(code.toUpperCase());
    await kiosk.getByRole("button", { name: "ادامه: دیدن برگهٔ رأی" }).click();
    await kiosk.getByLabel(candidateNames[0], { exact: false }).check();
    await expectAccessible(kiosk, "the kiosk ballot");
    await kiosk.getByRole("button", { name: "ادامه: بازبینی" }).click();
    await kiosk.getByRole("button", { name: "ثبت نهایی رأی" }).click();
    await poll(() => kiosk.getByTestId("tracker").count()).toBe(1);
    // The same code cannot vote twice.
    await kiosk.getByRole("button", { name: "رأی‌دهندهٔ بعدی" }).click();
    await kiosk.getByLabel("کد برگهٔ رأی").fill(code);
    await kiosk.getByRole("button", { name: "ادامه: دیدن برگهٔ رأی" }).click();
    await poll(() => kiosk.getByRole("alert").filter({ hasText: "کد برگهٔ رأی معتبر نیست" }).count()).toBe(1);
    await kiosk.close();
  });

  it("after close: the tracker is on the board and the results name the winners", {
    timeout: 200_000,
  }, async () => {
    expect(tracker).not.toBe("");
    await sleepUntil(closesAt + 1000);
    await ok(admin.call("POST", `/api/elections/${electionId}/close`));

    const page = await phonePage();
    // Outside the window the vote page says so.
    await page.goto(`${baseUrl}/elections/${electionId}/vote`);
    await poll(() => page.getByText("زمان رأی‌گیری به پایان رسیده است.").count()).toBe(1);

    // The board, reached from the receipt's link form: found on the chain under a signed head.
    await page.goto(`${baseUrl}/elections/${electionId}/board`);
    await page.getByLabel("کد پیگیری رأی").fill(tracker.toUpperCase().replace(/(.{4})/g, "$1-"));
    await page.getByRole("button", { name: "جست‌وجو" }).click();
    // Position 1 or 2: the sealer may have put both ballots in one batch (ordered by tracker).
    await poll(() => page.getByTestId("lookup-found").textContent()).toMatch(/جایگاه [۱۲] /);
    await poll(() => page.getByTestId("lookup-found").textContent()).toContain("زیر سرِ امضاشدهٔ زنجیره");
    // The neighbourhood's chain opens on the page holding the tracker, marked, in Persian digits.
    await poll(() => page.getByTestId("board-range").textContent()).toBe("جایگاه‌های ۱ تا ۲ از ۲");
    expect(await page.locator('li[aria-current="true"]').textContent()).toBe(
      tracker.replace(/(.{4})(?!$)/g, "$1 "),
    );
    expect(await page.getByRole("button", { name: "۱۰۰ کد پسین" }).isDisabled()).toBe(true);
    await expectAccessible(page, "the bulletin board");
    await expectFits(page, "the bulletin board");

    // The results: the two chosen candidates hold the main seats.
    await page.goto(`${baseUrl}/elections/${electionId}/results`);
    await poll(() => page.getByText("نتایج اولیه", { exact: true }).count()).toBeGreaterThan(0);
    const row = (name: string) => page.getByRole("row").filter({ hasText: name });
    await poll(() => row(candidateNames[0]).textContent()).toContain("عضو اصلی");
    // Complaints are counted in public (none yet).
    await poll(() => page.getByTestId("complaint-counts").textContent()).toBe("شکایتی ثبت نشده است.");
    const votes = (name: string) => row(name).getByRole("cell").last().textContent();
    expect(await votes(candidateNames[0])).toBe("۲");
    expect(await votes(candidateNames[1])).toBe("۱");
    expect(await votes(candidateNames[2])).toBe("۰");
    expect(await row(candidateNames[1]).textContent()).toContain("عضو اصلی");
    // Nobody voted for the third: no seat (a candidate needs at least one vote), zero shown.
    expect(await row(candidateNames[2]).textContent()).not.toMatch(/عضو اصلی|علی‌البدل/);
    await expectAccessible(page, "the results page");
    await expectFits(page, "the results page");
    // The record link: the API redirects to the file in the bucket, downloaded as an attachment.
    const recordHref = await page
      .getByRole("link", { name: /دریافت پروندهٔ کامل انتخابات/ })
      .getAttribute("href");
    const file = await page.request.get(`${baseUrl}${recordHref}`);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-disposition"]).toBe(`attachment; filename="election-${electionId}.json"`);
    expect(verifyRecord(await file.json())).toEqual([]);
    await page.close();
  });

  it("gives election staff their pages: administration, observation and the kiosk", async () => {
    const page = await phonePage();
    await page.goto(`${baseUrl}/staff/sign-in?next=${encodeURIComponent("/staff/elections")}`);
    await page.getByLabel("نام کاربری").fill("elections");
    await page.getByLabel("گذرواژه").fill(DEMO_PASSWORD);
    await page.getByLabel("کد تأیید").fill(totp("elections"));
    await page.getByRole("button", { name: "ورود", exact: true }).click();
    await page.waitForURL(`${baseUrl}/staff/elections`);
    await poll(() => page.getByRole("heading", { name: "انتخابات تازه" }).count()).toBe(1);
    await expectAccessible(page, "the election administration list");

    await page.goto(`${baseUrl}/staff/elections/${electionId}`);
    // The audit log lists the administrative actions: creation, decisions, the roll, the close.
    const audited = (action: string) => page.getByRole("cell", { name: action, exact: true }).count();
    await poll(() => audited("پایان رأی‌گیری و شمارش")).toBe(1);
    // Who did it: the staff account that closed.
    const closeRow = page
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "پایان رأی‌گیری و شمارش", exact: true }) });
    expect(await closeRow.getByRole("cell").nth(2).textContent()).toMatch(/^کارمند \S+$/);
    expect(await audited("بارگذاری فهرست رأی‌دهندگان")).toBe(1);
    expect(await audited("تأیید نامزد")).toBe(3);
    // Each application shows its photo and links its proof of residence (signed, short-lived).
    const photo = page.getByRole("img", { name: `عکس ${candidateNames[0]}` });
    await poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    const proof = await page
      .getByRole("link", { name: `مدرک سکونت ${candidateNames[0]}` })
      .getAttribute("href");
    expect((await fetch(proof ?? "")).status).toBe(200);
    // The roll import is one entry with its totals; its chunk is in the roll log.
    await page.getByLabel("گزارش", { exact: true }).selectOption("roll");
    await poll(() => audited("بخشی از فهرست رأی‌دهندگان")).toBe(1);
    expect(await audited("پایان رأی‌گیری و شمارش")).toBe(0);
    await expectAccessible(page, "the election administration page");
    await expectFits(page, "the election administration page");

    await page.goto(`${baseUrl}/kiosk/elections/${electionId}`);
    await page.waitForSelector("main h1");
    await expectAccessible(page, "the kiosk page");
    await page.close();
  });

  it("imports a roll from an Excel workbook on the administration page, with the rejected rows", async () => {
    // An election still in registration, so its roll is open.
    const later = Date.now() + 10 * 24 * 3600_000;
    const day = tehranClock(later).day;
    const election = await ok<{ id: string }>(
      admin.call("POST", "/api/elections", {
        body: {
          title: "انتخابات شورایاری آزمون فهرست اکسل",
          term: 6,
          neighbourhoods: [n1, n2],
          seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
          registration: {
            opensAt: new Date(Date.now() - 3600_000).toISOString(),
            closesAt: new Date(later - 24 * 3600_000).toISOString(),
          },
          voting: { day, opens: "08:00", closes: "16:00", maxExtensionMinutes: 0 },
          complaints: {
            opensAt: new Date(later + 24 * 3600_000).toISOString(),
            closesAt: new Date(later + 3 * 24 * 3600_000).toISOString(),
          },
        },
      }),
      201,
    );
    const listed = freshNationalId();
    const xlsx = await writeExcelFile([
      ["کد ملی", "موبایل", "محله"],
      [Number(freshNationalId()), Number(freshMobile()), n1],
      [listed, freshMobile(), n2],
      [listed, freshMobile(), n1],
      ["1234567890", freshMobile(), n1],
    ]).toBuffer();

    // The administrator's API session in the browser (a second TOTP sign-in within the same
    // 30-second step would be refused as a replay).
    const page = await phonePage();
    await page
      .context()
      .addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: baseUrl })));
    await page.goto(`${baseUrl}/staff/elections/${election.id}`);
    await poll(() => page.getByLabel("یا فایل CSV یا اکسل (‎.xlsx‎)").count()).toBe(1);
    await page.getByLabel("یا فایل CSV یا اکسل (‎.xlsx‎)").setInputFiles({
      name: "roll.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: xlsx,
    });
    await page.getByRole("button", { name: "بارگذاری فهرست" }).click();
    await poll(() => page.getByText("۴ سطر خوانده شد").count()).toBe(1);
    expect(await page.getByText("۲ نفر افزوده شد").count()).toBe(1);
    const rejected = page.getByRole("table", { name: "سطرهای ردشده" });
    expect(await rejected.getByRole("row").allTextContents()).toEqual([
      "شمارهٔ سطردلیل",
      "۴تکراری در همین فایل",
      "۵کد ملی نادرست (رقم کنترل)",
    ]);
    await expectAccessible(page, "the roll import report");
    await page.close();
  });
});
