/**
 * Residence declared and verified, in Chromium on the running platform: an election in
 * registration (set up through the API by the seeded election administrator); a citizen whose
 * national id is not on the roll declares residence with a proof on the election's residence
 * page and sees it pending; the administrator opens the proof and verifies it on the staff page
 * (the roll log shows it); the citizen sees it verified; a second declaration is rejected with a
 * reason the citizen reads, with the form to declare again. Every page passes axe at 390 px.
 */
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { DEMO_PASSWORD, demoStaff } from "@hamdel/local/seed";
import { TOTP } from "otpauth";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  type Agent,
  freshMobile,
  freshNationalId,
  onePixelPng,
  signInCitizen,
} from "../../functions/src/testing/agent";
import { agent, expectFits, ok, PHONE, poll } from "./api";
import { expectAccessible, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
const DAY = 24 * 3600_000;
const STEP_MS = 30_000;

/** A page at a phone's width carrying an API agent's session (its cookies). */
async function pageAs(who: Agent): Promise<Page> {
  const page = await browser().newPage({ viewport: PHONE });
  await page.context().addCookies([...who.cookies].map(([name, value]) => ({ name, value, url: baseUrl })));
  return page;
}

const [n1, n2] = neighbourhoodsOf("7").map((n) => n.id) as [string, string];
const admin = agent();
let electionId = "";

/** A citizen signed in through the API with a complete profile in n1, not on any roll. */
async function citizenWithProfile(firstName: string, lastName: string): Promise<Agent> {
  const citizen = agent();
  await signInCitizen(citizen, freshMobile());
  await ok(
    citizen.call("PUT", "/api/identity/me/profile", {
      body: {
        firstName,
        lastName,
        nationalId: freshNationalId(),
        birthDate: "1365/03/10",
        district: "7",
        neighbourhood: n1,
      },
    }),
  );
  return citizen;
}

beforeAll(async () => {
  // The seeded administrator; another file may have used this TOTP step: then wait for the next.
  const account = demoStaff.find((s) => s.username === "elections");
  if (!account) throw new Error("no seeded elections administrator");
  for (let attempt = 0; ; attempt++) {
    const res = await admin.call("POST", "/api/identity/staff/sign-in", {
      body: {
        username: "elections",
        password: DEMO_PASSWORD,
        code: new TOTP({ secret: account.totpSecret }).generate(),
      },
    });
    if (res.status === 200) break;
    if (attempt === 2) throw new Error(`the elections administrator could not sign in: ${res.status}`);
    await new Promise((r) => setTimeout(r, STEP_MS - (Date.now() % STEP_MS) + 1_000));
  }
  const votingDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tehran" }).format(
    new Date(Date.now() + 10 * DAY),
  );
  const election = await ok<{ id: string }>(
    admin.call("POST", "/api/elections", {
      body: {
        title: "انتخابات شورایاری آزمون اعلام سکونت",
        term: 6,
        neighbourhoods: [n1, n2],
        seats: { mainSeats: 2, alternateSeats: 1, maxChoices: 2 },
        registration: {
          opensAt: new Date(Date.now() - 3600_000).toISOString(),
          closesAt: new Date(Date.now() + 7 * DAY).toISOString(),
        },
        voting: { day: votingDay, opens: "08:00", closes: "16:00", maxExtensionMinutes: 0 },
        complaints: {
          opensAt: new Date(Date.now() + 12 * DAY).toISOString(),
          closesAt: new Date(Date.now() + 14 * DAY).toISOString(),
        },
      },
    }),
    201,
  );
  electionId = election.id;
}, 120_000);

describe("residence declared and verified, in the browser", () => {
  const resident = { first: "سارا", last: "احمدی" };
  let citizen: Agent;

  it("a citizen not on the roll declares residence with a proof and sees it pending", async () => {
    citizen = await citizenWithProfile(resident.first, resident.last);
    const page = await pageAs(citizen);
    await page.goto(`${baseUrl}/elections/${electionId}`);
    await page
      .getByRole("link", { name: "نامتان در فهرست رأی‌دهندگان نیست؟ اعلام سکونت و پیگیری آن" })
      .click();
    await page.waitForURL(`${baseUrl}/elections/${electionId}/residence`);
    await poll(() => page.getByLabel("محلهٔ سکونت").count()).toBe(1);
    await expectAccessible(page, "the residence form");
    await expectFits(page, "the residence form");

    // Sending without a proof is refused in Persian and sends nothing.
    await page.getByRole("button", { name: "ثبت اعلام سکونت" }).click();
    await poll(() => page.getByText("مدرک سکونت را انتخاب کنید.").count()).toBeGreaterThan(0);

    await page.getByLabel("محلهٔ سکونت").selectOption(n2);
    await page.getByLabel("مدرک سکونت").setInputFiles({
      name: "proof.png",
      mimeType: "image/png",
      buffer: Buffer.from(onePixelPng),
    });
    await page.getByRole("button", { name: "ثبت اعلام سکونت" }).click();
    await poll(() => page.getByTestId("residence-status").textContent()).toBe("در انتظار بررسی");
    expect(await page.getByRole("button", { name: "ثبت اعلام سکونت" }).count()).toBe(0);
    await expectAccessible(page, "the pending declaration");
    await page.close();
  });

  it("the administrator opens the proof and verifies; the roll counts the resident; the citizen sees it", async () => {
    const page = await pageAs(admin);
    await page.goto(`${baseUrl}/staff/elections/${electionId}`);
    const name = `${resident.first} ${resident.last}`;
    const proof = page.getByRole("link", { name: `مدرک سکونت ${name}` });
    await poll(() => proof.count()).toBe(1);
    expect((await fetch((await proof.getAttribute("href")) ?? "")).status).toBe(200);
    await expectAccessible(page, "the pending declarations");
    await page.getByRole("button", { name: `تأیید سکونت ${name}` }).click();
    await poll(() => page.getByText("سکونت تأیید شد و نام به فهرست رأی‌دهندگان افزوده شد.").count()).toBe(1);
    expect(await page.getByRole("link", { name: `مدرک سکونت ${name}` }).count()).toBe(0);
    const turnout = await ok<{ items: Array<{ neighbourhoodId: string; eligible: number }> }>(
      admin.call("GET", `/api/elections/${electionId}/turnout`),
    );
    expect(turnout.items.find((t) => t.neighbourhoodId === n2)?.eligible).toBe(1);
    // The roll log has the declaration and its verification.
    await page.getByLabel("گزارش", { exact: true }).selectOption("roll");
    const audited = (action: string) => page.getByRole("cell", { name: action, exact: true }).count();
    await poll(() => audited("تأیید سکونت و افزودن به فهرست")).toBe(1);
    expect(await audited("اعلام سکونت شهروند")).toBe(1);
    await page.close();

    const mine = await pageAs(citizen);
    await mine.goto(`${baseUrl}/elections/${electionId}/residence`);
    await poll(() => mine.getByTestId("residence-status").textContent()).toBe(
      "تأیید شد؛ در فهرست رأی‌دهندگان",
    );
    await poll(() => mine.getByText("کد ملی شما در فهرست رأی‌دهندگان این انتخابات هست").count()).toBe(1);
    await expectAccessible(mine, "the verified declaration");
    await mine.close();
  });

  it("a rejection's reason reaches the citizen, who may declare again", async () => {
    const other = await citizenWithProfile("رضا", "کریمی");
    const ticket = await ok<{ uploadId: string; url: string; headers: Record<string, string> }>(
      other.call("POST", "/api/uploads", {
        body: { purpose: "document", fileName: "f.png", contentType: "image/png", size: onePixelPng.length },
      }),
      201,
    );
    expect(
      (await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: onePixelPng })).status,
    ).toBe(200);
    await ok(other.call("POST", `/api/uploads/${ticket.uploadId}/finalise`));
    await ok(
      other.call("POST", `/api/elections/${electionId}/residence`, {
        body: { neighbourhoodId: n1, proofUploadId: ticket.uploadId },
      }),
      201,
    );

    const page = await pageAs(admin);
    await page.goto(`${baseUrl}/staff/elections/${electionId}`);
    const decision = page.getByRole("form", { name: "تصمیم دربارهٔ سکونت رضا کریمی" });
    await poll(() => decision.count()).toBe(1);
    await decision.getByLabel("دلیل رد (برای رد لازم است)").fill("نشانی مدرک در محلهٔ دیگری است.");
    await decision.getByRole("button", { name: "رد اعلام سکونت رضا کریمی" }).click();
    await poll(() => page.getByText("اعلام سکونت رد شد.").count()).toBe(1);
    await page.close();

    const mine = await pageAs(other);
    await mine.goto(`${baseUrl}/elections/${electionId}/residence`);
    await poll(() => mine.getByTestId("residence-status").textContent()).toBe("رد شد");
    expect(await mine.getByText("نشانی مدرک در محلهٔ دیگری است.").count()).toBe(1);
    expect(await mine.getByRole("heading", { name: "اعلام دوبارهٔ سکونت" }).count()).toBe(1);
    await expectAccessible(mine, "the rejected declaration");
    await mine.close();
  });
});
