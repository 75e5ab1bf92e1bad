/**
 * The public gallery of winning works (GET /api/judging/programmes/:pid/results) through the
 * composed app, DynamoDB Local and the S3 emulator. A guardian enters two children's paintings in a
 * painting programme judged by one scoring round; both win. One guardian agreed to the gallery, the
 * other only to taking part: the first shows the child's first name and a thumbnail at a public
 * API path (no storage key, so no guardian's account id), the second shows neither — and nowhere is there a surname, a school
 * grade, a birth date or a mobile number.
 */
import type { Actor } from "@hamdel/core";
import {
  assignmentIdOf,
  assignPanel,
  createPaintingProgramme,
  createProgramme,
  decideWinners,
  lockRound,
  openRound,
  publishResults,
  startJudging,
  submitScore,
} from "@hamdel/core/festival";
import { paintingDefaultRounds } from "@hamdel/core/festival/judging";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../app";
import { Agent, createStaff, freshNationalId, onePixelPng, signInCitizen } from "../testing/agent";

type StaffActor = Extract<Actor, { kind: "staff" }>;
const staffActor = (roles: StaffActor["roles"], userId = ulid()): StaffActor => ({
  kind: "staff",
  userId,
  sessionId: ulid(),
  username: "gallery",
  roles,
});
const central = staffActor([{ role: "central_secretariat" }]);

const SURNAME = "شاهرخی";
let guardianMobile = "";
let programmeId = "";
const entries = { withConsent: "", withoutConsent: "" };

async function ok<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Born eight years before today: inside the painting contest's 4–14. */
const birthDate = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 8);
  return d.toISOString().slice(0, 10);
};

async function painting(agent: Agent): Promise<string> {
  const ticket = await ok<{ uploadId: string; url: string; headers: Record<string, string> }>(
    agent.call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "نقاشی.png", contentType: "image/png", size: onePixelPng.length },
    }),
    201,
  );
  expect(
    (await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: onePixelPng })).status,
  ).toBe(200);
  await ok(agent.call("POST", `/api/uploads/${ticket.uploadId}/finalise`));
  return ticket.uploadId;
}

beforeAll(async () => {
  const closesAt = Date.now() + 6_000;
  const programme = await createProgramme(central, {
    ...createPaintingProgramme({
      title: "نگارخانهٔ آزمایشی",
      submissionOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
      submissionClosesAt: new Date(closesAt).toISOString(),
    }),
    // One scoring round, one review per work: the shortest way to published winners.
    rounds: [
      paintingDefaultRounds({ juryReviews: 1 })[1] as ReturnType<typeof paintingDefaultRounds>[number],
    ],
  });
  programmeId = programme.id;
  const consentVersion = programme.guardianConsent?.version ?? "";
  expect(programme.guardianConsent?.galleryTextFa).toMatch(/نگارخانه/);

  const guardian = new Agent(app);
  guardianMobile = (await signInCitizen(guardian)).mobile;
  await ok(
    guardian.call("PUT", "/api/identity/me/profile", {
      body: {
        firstName: "مهسا",
        lastName: SURNAME,
        nationalId: freshNationalId(),
        birthDate: "1364/02/20",
        district: "9",
        neighbourhood: neighbourhoodsOf("9")[0]?.id,
      },
    }),
  );
  const submit = async (firstName: string, title: string, gallery: boolean) =>
    (
      await ok<{ id: string }>(
        guardian.call("POST", `/api/festival/programmes/${programmeId}/entries`, {
          body: {
            entrantKind: "child_by_guardian",
            child: { firstName, birthDate: birthDate(), schoolGrade: 2 },
            consent: { given: true, textVersion: consentVersion, gallery },
            values: { theme: "environment", title, painting: [await painting(guardian)] },
          },
        }),
        201,
      )
    ).id;
  entries.withConsent = await submit("سارا", "باغ محله", true);
  entries.withoutConsent = await submit("نیما", "قطار شهری", false);

  await new Promise((r) => setTimeout(r, Math.max(0, closesAt - Date.now() + 200)));
  await startJudging(central, programmeId);
  await openRound(central, programmeId, "jury");
  const juror = await createStaff([{ role: "juror", scope: programmeId }]);
  await assignPanel(central, programmeId, "jury", { panel: [{ staffId: juror.id, district: "12" }] });
  const jurorActor = staffActor([{ role: "juror", scope: programmeId }], juror.id);
  for (const id of Object.values(entries))
    await submitScore(jurorActor, assignmentIdOf(programmeId, "jury", id), {
      marks: { creativity: 8, theme: 7, technique: 6, composition: 9 },
    });
  await lockRound(central, programmeId, "jury");
  await decideWinners(central, programmeId, "jury", {
    winners: [entries.withConsent],
    honourableMentions: [entries.withoutConsent],
  });
  await publishResults(central, programmeId);
}, 90_000);

describe("the public gallery of winning works", () => {
  it("shows a consenting child's first name and a thumbnail by a public path; without consent neither", async () => {
    const results = await ok<{
      items: {
        entryId: string;
        award: string;
        title?: string;
        displayName?: string;
        ageGroup?: string;
        ageGroupFa?: string;
        district: string;
        thumbnailUrl?: string;
      }[];
    }>(new Agent(app).call("GET", `/api/judging/programmes/${programmeId}/results`));
    const shown = results.items.find((r) => r.entryId === entries.withConsent);
    const hidden = results.items.find((r) => r.entryId === entries.withoutConsent);

    expect(shown).toMatchObject({ award: "winner", title: "باغ محله", displayName: "سارا", district: "9" });
    expect(shown?.ageGroup).toMatch(/^age-/);
    expect(shown?.ageGroupFa).toMatch(/[\u0600-\u06FF]/);
    const path = `/api/judging/programmes/${programmeId}/results/${entries.withConsent}/thumbnail`;
    expect(shown?.thumbnailUrl).toBe(path);
    const image = await new Agent(app).call("GET", path);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");
    expect(image.headers.get("cache-control")).toBe("public, max-age=86400");
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(8, 12))).toBe("WEBP");

    // The work without gallery consent has no image to serve, published or not.
    const refused = await new Agent(app).call(
      "GET",
      `/api/judging/programmes/${programmeId}/results/${entries.withoutConsent}/thumbnail`,
    );
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { code: string }).code).toBe("judging.gallery_image_not_found");

    expect(hidden).toMatchObject({ award: "honourable_mention", title: "قطار شهری", district: "9" });
    expect(hidden).not.toHaveProperty("displayName");
    expect(hidden).not.toHaveProperty("thumbnailUrl");

    const json = JSON.stringify(results);
    expect(json).not.toContain("نیما");
    expect(json).not.toContain(SURNAME);
    expect(json).not.toContain("مهسا");
    expect(json).not.toContain(guardianMobile);
    expect(json).not.toMatch(/schoolGrade|birthDate|thumbnailKey|submitterId|mobile|thumbs\/|X-Amz/);
  });
});
