/**
 * /api/festival through the composed app (app.request) with real sign-in, DynamoDB Local and
 * the S3 emulator: the secretariat makes a painting programme from its template, the public
 * reads its rules, a guardian submits a real uploaded PNG for a child and follows, edits and
 * withdraws it; the refusals are problem+json with core's codes.
 */
import { hamiDefaultRounds } from "@hamdel/core/festival/judging";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import type { LambdaEvent } from "hono/aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../app";
import { handler } from "../lambda/festival";
import {
  Agent,
  createStaff,
  freshNationalId,
  onePixelPng,
  signInCitizen,
  signInStaff,
} from "../testing/agent";
import { readProblem } from "../testing/problem";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface ProgrammeBody {
  id: string;
  version: number;
  kind: string;
  title: string;
  rounds?: unknown[];
  ageGroups: { id: string }[];
  guardianConsent?: { version: string };
  submissionClosesAt: string;
}

interface EntryBody {
  id: string;
  trackingCode: string;
  status: string;
  statusLabelFa: string;
  version: number;
  editable: boolean;
  district: string;
  neighbourhood: string;
  child?: { firstName: string; age: number; ageGroup: string };
  values: Record<string, unknown>;
  submitterId?: string;
}

/** A window open since an hour ago for a week, as ISO instants. */
function openWindow(title: string) {
  return {
    title,
    submissionOpensAt: new Date(Date.now() - HOUR).toISOString(),
    submissionClosesAt: new Date(Date.now() + 7 * DAY).toISOString(),
  };
}

let central: Agent;

async function citizenWithProfile(district = "6"): Promise<Agent> {
  const agent = new Agent(app);
  await signInCitizen(agent);
  const res = await agent.call("PUT", "/api/identity/me/profile", {
    body: {
      firstName: "زهرا",
      lastName: "کریمی",
      nationalId: freshNationalId(),
      birthDate: "1365/04/10",
      district,
      neighbourhood: neighbourhoodsOf(district)[0]?.id,
    },
  });
  expect(res.status).toBe(200);
  return agent;
}

async function paintingProgramme(title = "نقاشی آزمایشی"): Promise<ProgrammeBody> {
  const res = await central.call("POST", "/api/festival/programmes?template=painting", {
    body: openWindow(title),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as ProgrammeBody;
}

/** A finalised artwork upload of the agent's: ticket → PUT to S3 → finalise. */
async function artwork(agent: Agent): Promise<string> {
  const ticket = await agent.call("POST", "/api/uploads", {
    body: { purpose: "artwork", fileName: "نقاشی.png", contentType: "image/png", size: onePixelPng.length },
  });
  expect(ticket.status).toBe(201);
  const { uploadId, url, headers } = (await ticket.json()) as {
    uploadId: string;
    url: string;
    headers: Record<string, string>;
  };
  expect((await fetch(url, { method: "PUT", headers, body: onePixelPng })).status).toBe(200);
  expect((await agent.call("POST", `/api/uploads/${uploadId}/finalise`)).status).toBe(200);
  return uploadId;
}

/** Born seven years before today, in ISO: age 6 or 7 on the opening day, inside 4–14 either way. */
const childBirthDate = () => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 7);
  return d.toISOString().slice(0, 10);
};

function paintingEntry(programme: ProgrammeBody, uploadId: string, firstName = "سارا") {
  return {
    requestId: `req${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
    entrantKind: "child_by_guardian",
    child: { firstName, birthDate: childBirthDate(), schoolGrade: 1 },
    consent: { given: true, textVersion: programme.guardianConsent?.version ?? "" },
    values: { theme: "environment", title: "پارک محله", painting: [uploadId] },
  };
}

beforeAll(async () => {
  central = new Agent(app);
  await signInStaff(central, await createStaff([{ role: "central_secretariat" }]));
}, 60_000);

describe("programmes through the API", () => {
  it("the secretariat creates a painting programme from its template; everyone reads its public rules", async () => {
    const programme = await paintingProgramme("شهری که من دوست دارم — آزمایشی");
    expect(programme).toMatchObject({
      kind: "painting",
      version: 1,
      title: "شهری که من دوست دارم — آزمایشی",
    });
    expect(programme.ageGroups).toHaveLength(11);
    expect(programme.rounds?.length).toBeGreaterThan(0);

    const anonymous = new Agent(app);
    const open = await anonymous.call("GET", "/api/festival/programmes");
    expect(open.status).toBe(200);
    const listed = ((await open.json()) as { items: ProgrammeBody[] }).items.find(
      (p) => p.id === programme.id,
    );
    expect(listed).toMatchObject({ kind: "painting", guardianConsent: { version: "1" } });
    // The public view leaves out the staff-only configuration.
    expect(listed).not.toHaveProperty("rounds");
    expect(listed).not.toHaveProperty("version");

    const one = await anonymous.call("GET", `/api/festival/programmes/${programme.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).not.toHaveProperty("rounds");
    const staffView = await central.call("GET", `/api/festival/programmes/${programme.id}`);
    expect(await staffView.json()).toHaveProperty("rounds");

    const all = await central.call("GET", "/api/festival/programmes?scope=all");
    expect(all.status).toBe(200);
    const ids = ((await all.json()) as { items: ProgrammeBody[] }).items.map((p) => p.id);
    expect(ids).toContain(programme.id);
  });

  it("a template fills in only what the body leaves out: rounds, categories and title given win over it", async () => {
    const rounds = hamiDefaultRounds({ quotaPerCategory: 2, districtReviews: 1, juryReviews: 1 });
    const res = await central.call("POST", "/api/festival/programmes?template=hami", {
      body: {
        ...openWindow("حامی با مرحله‌های خودش"),
        categories: [{ id: "welfare", titleFa: "رفاه" }],
        rounds,
      },
    });
    expect(res.status).toBe(201);
    const made = (await res.json()) as Omit<ProgrammeBody, "rounds"> & {
      categories: { id: string }[];
      entrantKinds: string[];
      form: { fields: { id: string }[] };
      rounds: { id: string; reviewsPerWork: number; quota?: { perGroup: number } }[];
    };
    expect(made.title).toBe("حامی با مرحله‌های خودش");
    expect(made.categories.map((c) => c.id)).toEqual(["welfare"]);
    expect(made.rounds.map((r) => [r.id, r.reviewsPerWork])).toEqual([
      ["district", 1],
      ["central", 1],
      ["jury", 1],
    ]);
    expect(made.rounds[0]?.quota?.perGroup).toBe(2);
    // What the body leaves out is the template's.
    expect(made.kind).toBe("festival");
    expect(made.entrantKinds).toEqual(["citizen", "organisation", "council_assistant"]);
    expect(made.form.fields.map((f) => f.id)).toContain("contact_phone");
    // A bad value given is refused on its field rather than silently replaced by the template's.
    const bad = await central.call("POST", "/api/festival/programmes?template=painting", {
      body: { ...openWindow("x"), ageGroups: [] },
    });
    expect(bad.status).toBe(422);
    expect((await readProblem(bad)).fields?.map((f) => f.path)).toContain("ageGroups");
  });

  it("keeps the whole list and programme writes to the central secretariat", async () => {
    const anonymous = await new Agent(app).call("GET", "/api/festival/programmes?scope=all");
    expect(anonymous.status).toBe(401);
    expect((await readProblem(anonymous)).code).toBe("auth.required");

    const citizen = new Agent(app);
    await signInCitizen(citizen);
    const list = await citizen.call("GET", "/api/festival/programmes?scope=all");
    expect(list.status).toBe(403);
    expect((await readProblem(list)).code).toBe("auth.forbidden");
    const create = await citizen.call("POST", "/api/festival/programmes?template=hami", {
      body: openWindow("حامی"),
    });
    expect(create.status).toBe(403);

    const district = new Agent(app);
    await signInStaff(district, await createStaff([{ role: "district_secretariat", scope: "6" }]));
    expect((await district.call("GET", "/api/festival/programmes?scope=all")).status).toBe(403);
  });

  it("answers 422 with core's field issues for a bad programme or window, and 404 for an unknown one", async () => {
    const noWindow = await central.call("POST", "/api/festival/programmes?template=hami", {
      body: { title: "بی‌تاریخ" },
    });
    expect(noWindow.status).toBe(422);
    const paths = (await readProblem(noWindow)).fields?.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["submissionOpensAt", "submissionClosesAt"]));

    const reversed = await central.call("POST", "/api/festival/programmes?template=painting", {
      body: {
        submissionOpensAt: new Date(Date.now() + DAY).toISOString(),
        submissionClosesAt: new Date(Date.now() - DAY).toISOString(),
      },
    });
    expect(reversed.status).toBe(422);
    const problem = await readProblem(reversed);
    expect(problem.code).toBe("input.invalid");
    expect(problem.fields?.[0]?.message).toMatch(/[\u0600-\u06FF]/);

    const badTemplate = await central.call("POST", "/api/festival/programmes?template=essay", {
      body: openWindow("x"),
    });
    expect(badTemplate.status).toBe(422);

    const missing = await new Agent(app).call("GET", "/api/festival/programmes/01JD3Y8QZ7T7F2K5V9W0XGQH3M");
    expect(missing.status).toBe(404);
    expect((await readProblem(missing)).code).toBe("festival.programme_not_found");
  });

  it("updates by version: a stale version is 409, the frozen structure of an open programme too", async () => {
    const programme = await paintingProgramme();
    const renamed = await central.call("PUT", `/api/festival/programmes/${programme.id}`, {
      body: { version: 1, changes: { title: "نقاشی — ویرایش‌شده" } },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ version: 2, title: "نقاشی — ویرایش‌شده" });

    const stale = await central.call("PUT", `/api/festival/programmes/${programme.id}`, {
      body: { version: 1, changes: { title: "دیر رسیده" } },
    });
    expect(stale.status).toBe(409);
    expect((await readProblem(stale)).code).toBe("festival.stale_version");

    const locked = await central.call("PUT", `/api/festival/programmes/${programme.id}`, {
      body: { version: 2, changes: { entrantKinds: ["citizen"] } },
    });
    expect(locked.status).toBe(409);
    expect((await readProblem(locked)).code).toBe("festival.structure_locked");
  });

  it("names every refusal of an update under changes., the request's own and the merged programme's", async () => {
    const programme = await paintingProgramme();
    const put = (changes: Record<string, unknown>) =>
      central.call("PUT", `/api/festival/programmes/${programme.id}`, { body: { version: 1, changes } });
    // The route's schema: an empty title.
    const blank = await put({ title: "  " });
    expect(blank.status).toBe(422);
    expect((await readProblem(blank)).fields).toEqual([
      { path: "changes.title", message: "عنوان را وارد کنید." },
    ]);
    // The merged programme's cross-field rules: judging ends before it starts.
    const after = (days: number) =>
      new Date(Date.parse(programme.submissionClosesAt) + days * DAY).toISOString();
    const reversed = await put({ judgingStartsAt: after(5), judgingEndsAt: after(1) });
    expect(reversed.status).toBe(422);
    expect((await readProblem(reversed)).fields).toEqual([
      { path: "changes.judgingEndsAt", message: "پایان داوری باید پس از آغاز آن باشد." },
    ]);
    // The frozen structure of an open programme.
    const locked = await put({ entrantKinds: ["citizen"] });
    expect((await readProblem(locked)).fields?.map((f) => f.path)).toEqual(["changes.entrantKinds"]);
    // Nothing was saved.
    expect(
      await (await central.call("GET", `/api/festival/programmes/${programme.id}`)).json(),
    ).toMatchObject({
      version: 1,
    });
  });
});

describe("entries through the API", () => {
  it("a guardian submits a real uploaded painting, follows it, edits it and withdraws it", async () => {
    const programme = await paintingProgramme();
    const guardian = await citizenWithProfile("6");
    const upload = await artwork(guardian);
    const body = paintingEntry(programme, upload);

    const submitted = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body,
    });
    expect(submitted.status).toBe(201);
    const entry = (await submitted.json()) as EntryBody;
    expect(entry.trackingCode).toMatch(/^[0-9A-Z]{8}$/);
    expect(entry).toMatchObject({
      status: "submitted",
      statusLabelFa: "دریافت شد",
      editable: true,
      district: "6",
      child: { firstName: "سارا" },
    });
    expect(entry.child?.ageGroup).toMatch(/^age-/);
    expect(entry).not.toHaveProperty("submitterId");
    const painting = entry.values.painting as { uploadId: string; thumbnailKey?: string }[];
    expect(painting[0]?.uploadId).toBe(upload);
    expect(painting[0]?.thumbnailKey).toBeTruthy();

    // A retried request answers the same entry instead of making a second one.
    const retried = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, { body });
    expect(retried.status).toBe(201);
    expect(((await retried.json()) as EntryBody).id).toBe(entry.id);

    // The same child again (a new request): refused by the one-entry-per-child claim.
    const again = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: { ...body, requestId: `${body.requestId}b` },
    });
    expect(again.status).toBe(409);
    expect((await readProblem(again)).code).toBe("festival.child_already_entered");

    const mine = await guardian.call("GET", "/api/festival/entries/mine");
    expect(mine.status).toBe(200);
    const listed = ((await mine.json()) as { items: (EntryBody & { thumbnailUrl?: string })[] }).items;
    expect(listed.map((e) => e.id)).toEqual([entry.id]);
    // The card's thumbnail: a signed URL the guardian's browser loads (a WebP made at finalise).
    const thumbnail = await fetch(listed[0]?.thumbnailUrl ?? "");
    expect(thumbnail.status).toBe(200);
    expect(new Uint8Array(await thumbnail.arrayBuffer()).subarray(8, 12)).toEqual(
      new TextEncoder().encode("WEBP"),
    );
    const one = await guardian.call("GET", `/api/festival/entries/${entry.id}`);
    expect(await one.json()).toMatchObject({ id: entry.id, trackingCode: entry.trackingCode });

    const edited = await guardian.call("PUT", `/api/festival/entries/${entry.id}`, {
      body: { version: 1, values: { theme: "transport", painting: [upload] } },
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ version: 2, values: { theme: "transport" } });
    const staleEdit = await guardian.call("PUT", `/api/festival/entries/${entry.id}`, {
      body: { version: 1, values: { theme: "social", painting: [upload] } },
    });
    expect(staleEdit.status).toBe(409);
    expect((await readProblem(staleEdit)).code).toBe("festival.stale_version");

    const withdrawn = await guardian.call("POST", `/api/festival/entries/${entry.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.json()).toMatchObject({ status: "withdrawn", editable: false });
    const twice = await guardian.call("POST", `/api/festival/entries/${entry.id}/withdraw`);
    expect(twice.status).toBe(200);

    // Withdrawing freed the child's place: the guardian may submit again.
    const resubmitted = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: { ...body, requestId: `${body.requestId}c` },
    });
    expect(resubmitted.status).toBe(201);
  });

  it("hides an entry from everyone but its submitter and refuses staff submissions", async () => {
    const programme = await paintingProgramme();
    const guardian = await citizenWithProfile("12");
    const made = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: paintingEntry(programme, await artwork(guardian), "نیما"),
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as EntryBody;

    const stranger = await citizenWithProfile("12");
    for (const [method, path, body] of [
      ["GET", `/api/festival/entries/${id}`, undefined],
      ["PUT", `/api/festival/entries/${id}`, { version: 1, values: { theme: "social" } }],
      ["POST", `/api/festival/entries/${id}/withdraw`, undefined],
    ] as const) {
      const res = await stranger.call(method, path, body ? { body } : {});
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await readProblem(res)).code).toBe("festival.entry_not_found");
    }
    expect((await new Agent(app).call("GET", `/api/festival/entries/${id}`)).status).toBe(401);
    expect((await central.call("GET", "/api/festival/entries/mine")).status).toBe(403);
    const staffSubmit = await central.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: { entrantKind: "citizen", values: {} },
    });
    expect(staffSubmit.status).toBe(403);
  });

  it("reports the form's problems on their fields: missing painting, wrong consent, someone else's upload", async () => {
    const programme = await paintingProgramme();
    const guardian = await citizenWithProfile("3");
    const other = await citizenWithProfile("3");
    const theirs = await artwork(other);

    const res = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: {
        entrantKind: "child_by_guardian",
        child: { firstName: "آرین", birthDate: "۱۳۹۸/۰۱/۱۵" },
        consent: { given: true, textVersion: "0" },
        values: { theme: "environment" },
      },
    });
    expect(res.status).toBe(422);
    const paths = (await readProblem(res)).fields?.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["consent", "values.painting"]));

    const stolen = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: paintingEntry(programme, theirs, "آرین"),
    });
    expect(stolen.status).toBe(404);
    expect((await readProblem(stolen)).code).toBe("upload.not_found");

    const forAdult = await guardian.call("POST", `/api/festival/programmes/${programme.id}/entries`, {
      body: { entrantKind: "citizen", values: { theme: "environment" } },
    });
    expect(forAdult.status).toBe(422);
    expect((await readProblem(forAdult)).code).toBe("festival.entrant_not_allowed");
  });
});

describe("the festival Lambda and the API document", () => {
  it("answers an API Gateway v2 event: the open programmes for an anonymous caller", async () => {
    const programme = await paintingProgramme();
    const event = {
      version: "2.0",
      routeKey: "ANY /api/festival/{proxy+}",
      rawPath: "/api/festival/programmes",
      rawQueryString: "",
      cookies: [],
      headers: { host: "api.hamdel.test" },
      body: null,
      isBase64Encoded: false,
      requestContext: {
        accountId: "123456789012",
        apiId: "api",
        domainName: "api.hamdel.test",
        domainPrefix: "api",
        http: {
          method: "GET",
          path: "/api/festival/programmes",
          protocol: "HTTP/1.1",
          sourceIp: "203.0.113.9",
          userAgent: "lambda-test",
        },
        requestId: "gateway-request-festival",
        routeKey: "ANY /api/festival/{proxy+}",
        stage: "$default",
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
    } as unknown as LambdaEvent;
    const res = await handler(event);
    expect(res.statusCode).toBe(200);
    const items = (JSON.parse(res.body) as { items: { id: string }[] }).items;
    expect(items.map((p) => p.id)).toContain(programme.id);
  });

  it("describes the festival routes", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/festival/programmes"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/festival/programmes/{id}/entries"] ?? {})).toEqual(["post"]);
    expect(Object.keys(doc.paths["/api/festival/entries/{id}"] ?? {}).sort()).toEqual(["get", "put"]);
    expect(doc.paths).toHaveProperty(["/api/festival/entries/{id}/withdraw"]);
  });
});
