/**
 * Judging end to end in Chromium. Set up through the API: the central secretariat (seeded
 * `central`) makes a painting programme whose window closes seconds later, judged district →
 * central → jury; a guardian of district 6 submits a real PNG. Then in the browser: the district
 * secretariat (seeded `district6`) votes, selects and forwards it; the central secretariat
 * forwards it to the jury and assigns a juror of this programme (created by core, scoped to the
 * programme id), who scores it blind; the secretariat ranks, decides the winner and publishes;
 * the public results list it and the certificate page verifies. axe runs on every page.
 * Each staff member is a separate account (a TOTP code is accepted once per step per account).
 */
import { hamiDefaultRounds, paintingRubric } from "@hamdel/core/festival/judging";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { DEMO_PASSWORD, demoStaff } from "@hamdel/local/seed";
import { TOTP } from "otpauth";
import type { BrowserContext } from "playwright-core";
import readExcelFile from "read-excel-file/node";
import sharp from "sharp";
import { describe, expect, inject, it } from "vitest";
import { createStaff, freshMobile, freshNationalId } from "../../functions/src/testing/agent";
import { expectAccessible, latestCodeFor, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
const STEP_MS = 30_000;

async function csrf(context: BrowserContext): Promise<Record<string, string>> {
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("hamdel_csrf"));
  if (!cookie) throw new Error("no CSRF cookie");
  return { "x-csrf-token": cookie.value };
}

/** Staff sign-in through the API in the context (its cookies then serve the pages). */
async function signInStaff(context: BrowserContext, username: string, password: string, totp: TOTP) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await context.request.post(`${baseUrl}/api/identity/staff/sign-in`, {
      data: { username, password, code: totp.generate() },
    });
    if (res.status() === 200) return;
    await new Promise((r) => setTimeout(r, STEP_MS - (Date.now() % STEP_MS) + 1_000));
  }
  throw new Error(`${username} could not sign in`);
}

async function demo(username: string): Promise<BrowserContext> {
  const account = demoStaff.find((s) => s.username === username);
  if (!account) throw new Error(`no seeded ${username}`);
  const context = await browser().newContext({ locale: "fa-IR" });
  await signInStaff(context, username, DEMO_PASSWORD, new TOTP({ secret: account.totpSecret }));
  return context;
}

async function post(context: BrowserContext, path: string, data: unknown, method: "post" | "put" = "post") {
  const res = await context.request[method](`${baseUrl}${path}`, { headers: await csrf(context), data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return res.json();
}

const childBirthDate = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 7);
  return d.toISOString().slice(0, 10);
};

describe("judging: from a guardian's painting to a verified certificate", () => {
  it("district selects, central forwards, a juror scores blind, the secretariat publishes", async () => {
    // ── set-up through the API ─────────────────────────────────────────────────────────────
    const central = await demo("central");
    const closesAt = Date.now() + 12_000;
    const title = `نقاشی داوری ${Date.now()}`;
    const programme = (await post(central, "/api/festival/programmes?template=painting", {
      title,
      submissionOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
      submissionClosesAt: new Date(closesAt).toISOString(),
    })) as { id: string; version: number; guardianConsent?: { version: string } };
    const pid = programme.id;
    // District → central → jury (scored with the painting rubric), one review each.
    const rounds = hamiDefaultRounds({ quotaPerCategory: 3, districtReviews: 1, juryReviews: 1 }).map((r) =>
      r.id === "jury" ? { ...r, rubric: paintingRubric() } : r,
    );
    await post(
      central,
      `/api/festival/programmes/${pid}`,
      { version: programme.version, changes: { rounds } },
      "put",
    );

    const guardian = await browser().newContext();
    const mobile = freshMobile();
    const otp = (await (
      await guardian.request.post(`${baseUrl}/api/identity/otp/request`, { data: { mobile } })
    ).json()) as { challengeId: string };
    const verified = await guardian.request.post(`${baseUrl}/api/identity/otp/verify`, {
      data: { challengeId: otp.challengeId, code: await latestCodeFor(baseUrl, mobile) },
    });
    expect(verified.status()).toBe(200);
    await post(
      guardian,
      "/api/identity/me/profile",
      {
        firstName: "مریم",
        lastName: "رضایی",
        nationalId: freshNationalId(),
        birthDate: "1365/04/10",
        district: "6",
        neighbourhood: neighbourhoodsOf("6")[0]?.id,
      },
      "put",
    );
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a8" } })
      .png()
      .toBuffer();
    const ticket = (await post(guardian, "/api/uploads", {
      purpose: "artwork",
      fileName: "painting.png",
      contentType: "image/png",
      size: png.length,
    })) as { uploadId: string; url: string; headers: Record<string, string> };
    expect((await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: png })).status).toBe(200);
    await post(guardian, `/api/uploads/${ticket.uploadId}/finalise`, {});
    const entry = (await post(guardian, `/api/festival/programmes/${pid}/entries`, {
      requestId: `e2e${Date.now()}`,
      entrantKind: "child_by_guardian",
      child: { firstName: "سارا", birthDate: childBirthDate(), schoolGrade: 1 },
      // The guardian also agrees to the gallery: the winning painting is shown with the first name.
      consent: { given: true, textVersion: programme.guardianConsent?.version ?? "1", gallery: true },
      values: { theme: "environment", title: "پارک محله", painting: [ticket.uploadId] },
    })) as { id: string };
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 500)));

    // ── the central secretariat takes the works in and opens the district round ────────────
    const console = await central.newPage();
    // Reached by navigation: the header's judging link, then the programme in the list.
    await console.goto(`${baseUrl}/`);
    await console.getByRole("link", { name: "داوری جشنواره" }).click();
    await console.getByRole("link", { name: title }).click();
    await expect.poll(() => console.url()).toBe(`${baseUrl}/staff/judging/${pid}`);
    await console.getByRole("button", { name: "انتقال آثار به مرحلهٔ اول" }).click();
    await expect.poll(() => console.getByText("آثار به مرحلهٔ اول رسیدند.").count()).toBe(1);
    await console.getByRole("button", { name: "باز کردن مرحله" }).click();
    await expect.poll(() => console.getByText("مرحله باز شد.").count()).toBe(1);
    await expectAccessible(console, "the central judging console");

    // ── district 6 votes, selects and forwards ──────────────────────────────────────────────
    const district = await demo("district6");
    const queue = await district.newPage();
    await queue.goto(`${baseUrl}/staff/judging/${pid}`);
    const row = queue.getByRole("row", { name: /پارک محله/ });
    await expect.poll(() => row.count()).toBe(1);
    await expectAccessible(queue, "the district queue");
    await row.getByRole("button", { name: "بله" }).click();
    await expect.poll(() => queue.getByText("رأی «بله» ثبت شد.").count()).toBe(1);
    await row.getByRole("button", { name: "انتخاب" }).click();
    await expect.poll(() => queue.getByText("«پارک محله» برگزیده شد.").count()).toBe(1);
    await row.getByRole("button", { name: "ارسال به مرحلهٔ بعد" }).click();
    await expect.poll(() => queue.getByText("«پارک محله» به مرحلهٔ بعد رفت.").count()).toBe(1);
    // The queue is blind: no guardian's name or mobile.
    expect(await queue.content()).not.toContain("رضایی");
    await district.close();

    // ── central forwards to the jury and assigns the programme's juror ─────────────────────
    const roundSelect = console.getByRole("combobox", { name: "مرحله" });
    await roundSelect.selectOption("central");
    await console.getByRole("button", { name: "باز کردن مرحله" }).click();
    await expect.poll(() => console.getByText("مرحله باز شد.").count()).toBe(1);
    const centralRow = console.getByRole("row", { name: /پارک محله/ });
    await expect.poll(() => centralRow.count()).toBe(1);
    await centralRow.getByRole("button", { name: "ارسال به مرحلهٔ بعد" }).click();
    await expect.poll(() => console.getByText("«پارک محله» به مرحلهٔ بعد رفت.").count()).toBe(1);
    await roundSelect.selectOption("jury");
    await console.getByRole("button", { name: "باز کردن مرحله" }).click();
    await expect.poll(() => console.getByText("مرحله باز شد.").count()).toBe(1);
    const jurorAccount = await createStaff([{ role: "juror", scope: pid }], "داور آزمون");
    await console.getByLabel("شناسهٔ داور").fill(jurorAccount.id);
    await console.getByLabel("منطقهٔ سکونت داور").selectOption("12");
    await console.getByRole("button", { name: "سپردن آثار به داور" }).click();
    await expect.poll(() => console.getByText("آثار به داور سپرده شد.").count()).toBe(1);

    // ── the juror scores it blind ───────────────────────────────────────────────────────────
    const jurorContext = await browser().newContext({ locale: "fa-IR" });
    await signInStaff(jurorContext, jurorAccount.username, jurorAccount.password, jurorAccount.totp);
    const juror = await jurorContext.newPage();
    await juror.goto(`${baseUrl}/`);
    await juror.getByRole("link", { name: "داوری آثار" }).click();
    await expect.poll(() => juror.getByRole("heading", { name: "پارک محله" }).count()).toBe(1);
    const image = juror.getByRole("img", { name: /تصویر/ });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await juror.content()).not.toContain("رضایی");
    expect(await juror.content()).not.toContain(mobile);
    await expectAccessible(juror, "the juror's work");
    for (const input of await juror.getByRole("spinbutton").all()) await input.fill("8");
    await juror.getByRole("button", { name: "ثبت امتیاز و اثر بعدی" }).click();
    await expect
      .poll(() => juror.getByText("همهٔ آثاری که به شما سپرده شده داوری شده است. سپاس.").count())
      .toBe(1);
    await jurorContext.close();

    // ── the secretariat locks, ranks, decides, publishes, certifies ────────────────────────
    await console.getByRole("button", { name: "قفل کردن مرحله" }).click();
    await expect.poll(() => console.getByText("مرحله قفل شد.").count()).toBe(1);
    await console.getByRole("button", { name: "رتبه‌بندی", exact: true }).click();
    await console.getByRole("checkbox", { name: `برگزیدن اثر ${entry.id}` }).check();
    await console.getByRole("button", { name: "ثبت برگزیدگان" }).click();
    await expect.poll(() => console.getByText("برگزیدگان ثبت و قفل شد.").count()).toBe(1);
    await expectAccessible(console, "the ranking");
    await console.getByRole("button", { name: "اعلام نتایج" }).click();
    await expect.poll(() => console.getByText("نتایج اعلام شد.").count()).toBe(1);
    await console.getByRole("button", { name: "صدور گواهی‌ها" }).click();
    await expect.poll(() => console.getByText("گواهی‌ها صادر شد.").count()).toBe(1);
    // The exports: the entries and the jury's scores as workbooks with their dictionary sheet.
    for (const [name, sheet] of [
      [/^اکسل \(XLSX، با برگهٔ راهنمای ستون‌ها\)$/, "entries"],
      [/^اکسل \(XLSX\)$/, "scores"],
    ] as const) {
      const href = await console.getByRole("link", { name }).first().getAttribute("href");
      const download = await central.request.get(`${baseUrl}${href}`);
      expect(download.status()).toBe(200);
      const book = await readExcelFile(Buffer.from(await download.body()));
      expect(book.map((b) => b.sheet)).toEqual([sheet, "dictionary"]);
      expect(book[0]?.data[1]?.[0]).toBe(entry.id);
    }
    await central.close();

    // ── the public results and the certificate ─────────────────────────────────────────────
    const visitor = await browser().newContext({ locale: "fa-IR" });
    const results = await visitor.newPage();
    await results.goto(`${baseUrl}/festival/${pid}/results`);
    await expect.poll(() => results.getByRole("rowheader", { name: "پارک محله" }).count()).toBe(1);
    // The gallery: the thumbnail loads from its public API path, described in Persian.
    const thumbnail = results.getByRole("img", { name: /پارک محله.*از سارا/ });
    await expect
      .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBeGreaterThan(0);
    expect(await results.content()).not.toContain("رضایی");
    await expectAccessible(results, "the public results");

    const mine = (await (await guardian.request.get(`${baseUrl}/api/festival/entries/mine`)).json()) as {
      items: { id: string; status: string }[];
    };
    expect(mine.items.find((e) => e.id === entry.id)?.status).toBe("winner");
    // The guardian's certificate code (core keeps it on the entry's side).
    const { getMyCertificate } = await import("@hamdel/core/festival");
    const me = (await (await guardian.request.get(`${baseUrl}/api/identity/me`)).json()) as { id: string };
    const { code } = await getMyCertificate({ kind: "citizen", userId: me.id, sessionId: "e2e" }, entry.id);
    const certificate = await visitor.newPage();
    await certificate.goto(`${baseUrl}/certificates/${code}`);
    await expect
      .poll(() => certificate.getByText("این گواهی معتبر است و در سامانهٔ همدل ثبت شده است.").count())
      .toBe(1);
    await expect.poll(() => certificate.getByText("برگزیده", { exact: true }).count()).toBe(1);
    expect(await certificate.locator(".certificate__qr svg").count()).toBe(1);
    expect(await certificate.locator("html").getAttribute("dir")).toBe("rtl");
    await expectAccessible(certificate, "the certificate");
    await visitor.close();
    await guardian.close();
  }, 180_000);
});
