/**
 * Programmes and submissions against DynamoDB Local and the S3 emulator, with citizens signed in
 * through the real OTP flow and artworks uploaded and finalised through blob.
 */
import sharp from "sharp";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { listAudit } from "../audit";
import { createUpload, finaliseUpload } from "../blob";
import { DomainError } from "../error";
import { neighbourhoodsOf } from "../geo/city";
import { updateProfile } from "../identity";
import { freshNationalId, signInCitizen } from "../identity/test-support";
import { listOutbox } from "../sms";
import {
  createHamiProgramme,
  createPaintingProgramme,
  createProgramme,
  editEntry,
  getEntry,
  getMyEntries,
  getProgramme,
  listOpenProgrammes,
  type ProgrammeInput,
  type SubmitEntryInput,
  submitEntry,
  updateProgramme,
  withdrawEntry,
} from "./index";

const DAY = 24 * 3600 * 1000;
const secretariat: Actor = {
  kind: "staff",
  userId: ulid(),
  sessionId: ulid(),
  username: "central",
  roles: [{ role: "central_secretariat" }],
};
const anonymous: Actor = { kind: "anonymous" };

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError, got success");
}

function window(fromDays: number, toDays: number) {
  const now = Date.now();
  return {
    submissionOpensAt: new Date(now + fromDays * DAY).toISOString(),
    submissionClosesAt: new Date(now + toDays * DAY).toISOString(),
  };
}

const district5Neighbourhood = () => neighbourhoodsOf("5")[0]?.id ?? "";

/** A citizen with a complete profile in district 5, as an actor. */
async function guardian(): Promise<Actor & { kind: "citizen" }> {
  const { me, session } = await signInCitizen();
  const actor = { kind: "citizen" as const, userId: me.id, sessionId: session.id };
  await updateProfile(actor, {
    firstName: "مریم",
    lastName: "احمدی",
    nationalId: freshNationalId(),
    birthDate: "1360/01/01",
    district: "5",
    neighbourhood: district5Neighbourhood(),
  });
  return actor;
}

/** A signed-in citizen without a profile. */
async function newcomer(): Promise<Actor & { kind: "citizen" }> {
  const { me, session } = await signInCitizen();
  return { kind: "citizen", userId: me.id, sessionId: session.id };
}

async function artwork(owner: Actor, fileName = "painting.png"): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#48c" } })
    .png()
    .toBuffer();
  const ticket = await createUpload(owner, {
    purpose: "artwork",
    fileName,
    contentType: "image/png",
    size: png.length,
  });
  await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: png });
  await finaliseUpload(owner, ticket.uploadId);
  return ticket.uploadId;
}

async function paintingContest(fromDays = -1, toDays = 30) {
  return createProgramme(secretariat, createPaintingProgramme(window(fromDays, toDays)));
}

function childEntry(programmeId: string, uploadId: string, firstName = "سارا"): SubmitEntryInput {
  return {
    programmeId,
    entrantKind: "child_by_guardian",
    child: { firstName, birthDate: "1396/02/10", schoolGrade: 1 },
    consent: { given: true, textVersion: "1" },
    values: { theme: "environment", title: "خانهٔ سبز ما", painting: [uploadId] },
  };
}

describe("programmes", () => {
  it("only the central secretariat creates them; bad configurations are refused field by field", async () => {
    const input = createPaintingProgramme(window(-1, 30));
    expect((await failure(createProgramme(anonymous, input))).code).toBe("auth.required");
    expect((await failure(createProgramme(await newcomer(), input))).code).toBe("auth.forbidden");
    const district: Actor = { ...secretariat, roles: [{ role: "district_secretariat", scope: "5" }] };
    expect((await failure(createProgramme(district, input))).code).toBe("auth.forbidden");

    const bad: ProgrammeInput = { ...input, ...window(3, 1), ageGroups: [] };
    const e = await failure(createProgramme(secretariat, bad));
    expect(e.code).toBe("input.invalid");
    expect(e.fields?.map((f) => f.path).sort()).toEqual(["ageGroups", "submissionClosesAt"]);
  });

  it("the public list shows only programmes open now, without their judging configuration", async () => {
    const open = await paintingContest(-1, 30);
    const upcoming = await paintingContest(5, 30);
    const closed = await paintingContest(-30, -1);
    const { items } = await listOpenProgrammes(anonymous);
    const ids = items.map((p) => p.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(upcoming.id);
    expect(ids).not.toContain(closed.id);
    const shown = items.find((p) => p.id === open.id);
    expect(shown).toMatchObject({ kind: "painting", entrantKinds: ["child_by_guardian"] });
    expect(shown?.ageGroups).toHaveLength(11);
    expect(shown).not.toHaveProperty("rounds");

    // Upcoming: staff only. Closed: still readable (results, rules).
    expect((await failure(getProgramme(anonymous, upcoming.id))).code).toBe("festival.programme_not_found");
    expect(await getProgramme(secretariat, upcoming.id)).toHaveProperty("rounds");
    expect((await getProgramme(anonymous, closed.id)).id).toBe(closed.id);
    // Moving the clock past the close takes it off the list.
    const later = await listOpenProgrammes(anonymous, { now: new Date(Date.now() + 31 * DAY) });
    expect(later.items.map((p) => p.id)).not.toContain(open.id);
  });

  it("freezes the structure once submissions open, but not titles and dates; stale versions lose", async () => {
    const open = await paintingContest(-1, 30);
    const e = await failure(
      updateProgramme(secretariat, open.id, { version: 1, changes: { entrantKinds: ["citizen"] } }),
    );
    expect(e.code).toBe("festival.structure_locked");
    expect(e.fields?.map((f) => f.path)).toEqual(["changes.entrantKinds"]);

    const renamed = await updateProgramme(secretariat, open.id, {
      version: 1,
      changes: {
        title: "شهری که من دوست دارم — دور دوم",
        submissionClosesAt: window(0, 40).submissionClosesAt,
        // Sent back unchanged: not a structural change.
        entrantKinds: ["child_by_guardian"],
      },
    });
    expect(renamed).toMatchObject({ version: 2, title: "شهری که من دوست دارم — دور دوم" });
    expect(
      (await failure(updateProgramme(secretariat, open.id, { version: 1, changes: { title: "دیگر" } }))).code,
    ).toBe("festival.stale_version");

    const upcoming = await paintingContest(5, 30);
    const changed = await updateProgramme(secretariat, upcoming.id, {
      version: 1,
      changes: { form: { fields: [{ id: "painting", labelFa: "نقاشی", kind: "text", required: true }] } },
    });
    expect(changed.form.fields).toHaveLength(1);
    expect((await listAudit("programme", upcoming.id)).map((a) => a.action)).toEqual([
      "festival.programme_created",
      "festival.programme_updated",
    ]);
  });

  it("names an update's refusals under changes., as the editor sent them, in Persian, and saves nothing", async () => {
    const upcoming = await paintingContest(5, 30);
    const closes = upcoming.submissionClosesAt;
    const later = (days: number) => new Date(Date.parse(closes) + days * DAY).toISOString();
    // Cross-field rules of the merged programme: judging ends before it starts.
    const dates = await failure(
      updateProgramme(secretariat, upcoming.id, {
        version: 1,
        changes: { judgingStartsAt: later(5), judgingEndsAt: later(2) },
      }),
    );
    expect(dates.code).toBe("input.invalid");
    expect(dates.fields).toEqual([
      { path: "changes.judgingEndsAt", message: "پایان داوری باید پس از آغاز آن باشد." },
    ]);

    // File rules and age ranges out of bounds: Persian messages at the exact input.
    const fields = upcoming.form.fields.map((f) =>
      f.files ? { ...f, files: { ...f.files, maxBytes: 50 * 1024 * 1024, maxCount: 0 } } : f,
    );
    const filesAt = upcoming.form.fields.findIndex((f) => f.files);
    const ageGroups = upcoming.ageGroups.map((g, i) => (i === 0 ? { ...g, minAge: 2 } : g));
    const rules = await failure(
      updateProgramme(secretariat, upcoming.id, { version: 1, changes: { form: { fields }, ageGroups } }),
    );
    expect(rules.fields).toEqual([
      { path: "changes.ageGroups.0.minAge", message: "سن باید عددی صحیح از ۴ تا ۱۴ باشد." },
      {
        path: `changes.form.fields.${filesAt}.files.maxBytes`,
        message: "حجم هر فایل حداکثر ۲۰ مگابایت است.",
      },
      { path: `changes.form.fields.${filesAt}.files.maxCount`, message: "دست‌کم یک فایل باید پذیرفته شود." },
    ]);
    // Within the 20 MB ceiling but over what storage takes for paintings (images: 10 MB).
    const tooBig = upcoming.form.fields.map((f) =>
      f.files ? { ...f, files: { ...f.files, maxBytes: 15 * 1024 * 1024 } } : f,
    );
    const big = await failure(
      updateProgramme(secretariat, upcoming.id, { version: 1, changes: { form: { fields: tooBig } } }),
    );
    expect(big.fields).toEqual([
      {
        path: `changes.form.fields.${filesAt}.files.maxBytes`,
        message: "برای این نوع فایل‌ها حداکثر ۱۰ مگابایت پذیرفته است.",
      },
    ]);

    // A round cannot be due while works are still coming in.
    const early = upcoming.rounds.map((r, i) => (i === 0 ? { ...r, dueAt: later(-3) } : r));
    expect(
      (await failure(updateProgramme(secretariat, upcoming.id, { version: 1, changes: { rounds: early } })))
        .fields,
    ).toEqual([{ path: "changes.rounds.0.dueAt", message: "مهلت مرحله باید پس از پایان مهلت ارسال باشد." }]);

    const after = await getProgramme(secretariat, upcoming.id);
    expect(after).toMatchObject({ version: 1 });
    expect(after).not.toHaveProperty("judgingEndsAt");

    // A due date given with Tehran's offset is kept in UTC, comparable with the other instants.
    const due = await updateProgramme(secretariat, upcoming.id, {
      version: 1,
      changes: {
        rounds: upcoming.rounds.map((r, i) => (i === 0 ? { ...r, dueAt: "2099-03-20T23:59:00+03:30" } : r)),
      },
    });
    expect(due.rounds[0]?.dueAt).toBe("2099-03-20T20:29:00.000Z");
  });
});

describe("submitting", () => {
  it("lets exactly one of 20 concurrent submissions for the same child win", async () => {
    const programme = await paintingContest();
    const parent = await guardian();
    const uploadId = await artwork(parent);
    // Spacing and Arabic letters differ between attempts; it is still the same child.
    const names = ["محمدعلی", "محمد علی", "محمد‌علی", "محمدعلي"];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        submitEntry(parent, childEntry(programme.id, uploadId, names[i % names.length])),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const e of lost) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e.code).toBe("festival.child_already_entered");
      expect(e.kind).toBe("conflict");
      expect(e.messageFa).toContain("هر کودک فقط یک بار");
    }
    const mine = await getMyEntries(parent);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      status: "submitted",
      child: { ageGroup: expect.stringMatching(/^age-\d+$/), schoolGrade: 1 },
      district: "5",
      neighbourhood: district5Neighbourhood(),
    });
    expect(mine.items[0]?.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);

    // Another child of the same guardian is a different entrant.
    await submitEntry(parent, { ...childEntry(programme.id, uploadId, "سارا") });
    expect((await getMyEntries(parent)).items).toHaveLength(2);
  });

  it("answers a retried request with the entry it made, even when the retries race", async () => {
    const hami = await createProgramme(secretariat, createHamiProgramme(window(-1, 30)));
    const citizen = await guardian();
    const input = {
      programmeId: hami.id,
      requestId: ulid(),
      entrantKind: "citizen" as const,
      categoryId: "participation",
      values: {
        title: "کتابخانهٔ محله",
        summary: "قفسه‌های کتاب در ایستگاه‌ها",
        contact_name: "رابط",
        contact_phone: "0912",
      },
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => submitEntry(citizen, input)));
    const again = await submitEntry(citizen, input);
    expect(new Set([...answers, again].map((a) => a.id)).size).toBe(1);
    expect(new Set([...answers, again].map((a) => a.trackingCode)).size).toBe(1);
    expect((await getMyEntries(citizen)).items).toHaveLength(1);
    // A new request is a new entry.
    await submitEntry(citizen, { ...input, requestId: ulid() });
    expect((await getMyEntries(citizen)).items).toHaveLength(2);
  });

  it("texts the submitter that the entry was received, with its tracking code", async () => {
    const programme = await paintingContest();
    const { me, session, mobile } = await signInCitizen();
    const actor = { kind: "citizen" as const, userId: me.id, sessionId: session.id };
    await updateProfile(actor, {
      firstName: "مریم",
      lastName: "احمدی",
      nationalId: freshNationalId(),
      birthDate: "1360/01/01",
      district: "5",
      neighbourhood: district5Neighbourhood(),
    });
    const entry = await submitEntry(actor, childEntry(programme.id, await artwork(actor), "پریا"));
    const texts = await listOutbox(undefined, { to: mobile, limit: 5 });
    const notice = texts.find((m) => m.text.includes(entry.trackingCode));
    expect(notice?.text).toContain(programme.title);
    expect(notice?.text).toContain("دریافت شد");
    // Nothing about the child or the guardian in the text.
    expect(notice?.text).not.toMatch(/پریا|احمدی|مریم/);
  });

  it("refuses submissions outside the window", async () => {
    const parent = await guardian();
    const uploadId = await artwork(parent);
    const closed = await paintingContest(-30, -1);
    expect((await failure(submitEntry(parent, childEntry(closed.id, uploadId)))).code).toBe(
      "festival.window_closed",
    );
    const upcoming = await paintingContest(5, 30);
    expect((await failure(submitEntry(parent, childEntry(upcoming.id, uploadId)))).code).toBe(
      "festival.programme_not_found",
    );
    const open = await paintingContest(-1, 30);
    const late = { now: new Date(Date.parse(open.submissionClosesAt)) };
    expect((await failure(submitEntry(parent, childEntry(open.id, uploadId), late))).code).toBe(
      "festival.window_closed",
    );
    expect((await getMyEntries(parent)).items).toHaveLength(0);
  });

  it("will not attach someone else's upload, or a renamed non-image", async () => {
    const programme = await paintingContest();
    const parent = await guardian();
    const stranger = await newcomer();
    const theirs = await artwork(stranger);
    expect((await failure(submitEntry(parent, childEntry(programme.id, theirs)))).code).toBe(
      "upload.not_found",
    );

    const text = new TextEncoder().encode("not a painting at all, just some words ".repeat(10));
    const ticket = await createUpload(parent, {
      purpose: "artwork",
      fileName: "painting.png",
      contentType: "image/png",
      size: text.length,
    });
    await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: text });
    expect((await failure(finaliseUpload(parent, ticket.uploadId))).code).toBe("upload.type_not_allowed");
    expect((await failure(submitEntry(parent, childEntry(programme.id, ticket.uploadId)))).code).toBe(
      "upload.not_ready",
    );
    expect((await getMyEntries(parent)).items).toHaveLength(0);
  });

  it("checks the child, the consent and the form", async () => {
    const programme = await paintingContest();
    const parent = await guardian();
    const uploadId = await artwork(parent);
    const input = childEntry(programme.id, uploadId);
    const e = await failure(
      submitEntry(parent, {
        ...input,
        child: { firstName: "نوزاد", birthDate: "1403/01/01" },
        consent: { given: true, textVersion: "0" },
        values: { theme: "space", extra: "x" },
      }),
    );
    expect(e.code).toBe("input.invalid");
    expect(e.fields?.map((f) => f.path).sort()).toEqual([
      "child.birthDate",
      "consent",
      "values.extra",
      "values.painting",
      "values.theme",
    ]);
    expect((await failure(submitEntry(await newcomer(), input))).code).toBe("festival.profile_required");
    expect((await failure(submitEntry(anonymous, input))).code).toBe("auth.required");
    expect((await failure(submitEntry(parent, { ...input, entrantKind: "citizen" }))).code).toBe(
      "festival.entrant_not_allowed",
    );
  });

  it("takes an organisation's Hami entry with its category, place from the profile or chosen", async () => {
    const hami = await createProgramme(secretariat, createHamiProgramme(window(-1, 30)));
    const member = await guardian();
    const values = {
      title: "بازارچهٔ محله",
      summary: "فروش کار دست زنان سرپرست خانوار",
      contact_name: "رابط",
      contact_phone: "09120000000",
    };
    const base = {
      programmeId: hami.id,
      entrantKind: "organisation" as const,
      organisation: { kind: "ngo" as const, name: "سمن نمونه", registrationNumber: "۱۲۳۴۵" },
      values,
    };
    expect((await failure(submitEntry(member, base))).fields?.map((f) => f.path)).toEqual(["categoryId"]);
    const entry = await submitEntry(member, { ...base, categoryId: "welfare" });
    expect(entry).toMatchObject({
      district: "5",
      categoryId: "welfare",
      organisation: { registrationNumber: "12345" },
    });
    const elsewhere = neighbourhoodsOf("12")[0]?.id ?? "";
    const chosen = await submitEntry(member, {
      ...base,
      categoryId: "participation",
      district: "12",
      neighbourhood: elsewhere,
    });
    expect(chosen).toMatchObject({ district: "12", neighbourhood: elsewhere });
    // A newcomer without a profile must say where.
    const e = await failure(submitEntry(await newcomer(), { ...base, categoryId: "welfare" }));
    expect(e.fields?.map((f) => f.path).sort()).toEqual(["district", "neighbourhood"]);
  });
});

describe("after submitting", () => {
  it("edits until the window closes, with version checks, and audits each step", async () => {
    const programme = await paintingContest();
    const parent = await guardian();
    const uploadId = await artwork(parent);
    const entry = await submitEntry(parent, childEntry(programme.id, uploadId));
    expect(entry).toMatchObject({ version: 1, editable: true, statusLabelFa: "دریافت شد" });
    const painting = entry.values.painting;
    expect(Array.isArray(painting) && painting[0]).toMatchObject({
      uploadId,
      thumbnailKey: expect.stringMatching(/^thumbs\//),
    });

    const edited = await editEntry(parent, entry.id, {
      version: 1,
      values: { theme: "transport", painting: [uploadId] },
    });
    expect(edited).toMatchObject({ version: 2, values: { theme: "transport" } });
    expect(edited.values).not.toHaveProperty("title");
    expect(
      (
        await failure(
          editEntry(parent, entry.id, { version: 1, values: { theme: "leisure", painting: [uploadId] } }),
        )
      ).code,
    ).toBe("festival.stale_version");
    const stranger = await newcomer();
    expect((await failure(getEntry(stranger, entry.id))).code).toBe("festival.entry_not_found");
    expect((await failure(withdrawEntry(stranger, entry.id))).code).toBe("festival.entry_not_found");
    const late = { now: new Date(Date.parse(programme.submissionClosesAt) + 1000) };
    expect((await failure(editEntry(parent, entry.id, { version: 2, values: {} }, late))).code).toBe(
      "festival.window_closed",
    );
    expect((await failure(withdrawEntry(parent, entry.id, late))).code).toBe("festival.window_closed");
    expect((await getEntry(parent, entry.id, late)).editable).toBe(false);
  });

  it("withdraws: the status shows it, the child may enter again, and the trail records it", async () => {
    const programme = await paintingContest();
    const parent = await guardian();
    const uploadId = await artwork(parent);
    const entry = await submitEntry(parent, childEntry(programme.id, uploadId));
    const withdrawn = await withdrawEntry(parent, entry.id);
    expect(withdrawn).toMatchObject({
      status: "withdrawn",
      statusLabelFa: "انصراف داده شد",
      editable: false,
    });
    expect(await withdrawEntry(parent, entry.id)).toMatchObject({
      status: "withdrawn",
      version: withdrawn.version,
    });
    expect(
      (await failure(editEntry(parent, entry.id, { version: withdrawn.version, values: {} }))).code,
    ).toBe("festival.entry_not_editable");
    expect((await getMyEntries(parent)).items.map((e) => [e.id, e.status])).toEqual([
      [entry.id, "withdrawn"],
    ]);

    const again = await submitEntry(parent, childEntry(programme.id, uploadId));
    expect(again.trackingCode).not.toBe(entry.trackingCode);
    expect((await listAudit("entry", entry.id)).map((a) => a.action)).toEqual([
      "festival.entry_submitted",
      "festival.entry_withdrawn",
    ]);
    const audit = await listAudit("entry", entry.id);
    expect(JSON.stringify(audit)).not.toContain("سارا");
  });
});
