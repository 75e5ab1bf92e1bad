import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHamiProgramme, createPaintingProgramme } from "./defaults";
import { type FormField, programmeInput } from "./model";
import {
  blindValues,
  checkValues,
  childAge,
  childKeyMaterial,
  isSubmissionOpen,
  newTrackingCode,
  normaliseTrackingCode,
  structuralChanges,
} from "./rules";

const window = {
  submissionOpensAt: "2026-03-21T00:00:00.000Z",
  submissionClosesAt: "2026-04-21T00:00:00.000Z",
};
const painting = programmeInput.parse(createPaintingProgramme(window));

describe("defaults", () => {
  it("build valid programmes: Hami's three axes and rounds, the painting contest's 11 age groups", () => {
    const hami = programmeInput.parse(createHamiProgramme(window));
    expect(hami.categories.map((c) => c.id)).toEqual(["entrepreneurship", "welfare", "participation"]);
    expect(hami.rounds.map((r) => r.id)).toEqual(["district", "central", "jury"]);
    expect(hami.form.fields.filter((f) => f.private).map((f) => f.id)).toEqual([
      "contact_name",
      "contact_phone",
      "documents",
    ]);
    expect(painting.ageGroups).toHaveLength(11);
    expect([painting.ageGroups[0]?.minAge, painting.ageGroups[10]?.maxAge]).toEqual([4, 14]);
  });
});

describe("the submission window", () => {
  it("opens at its opening instant and is closed at its closing instant", () => {
    expect(isSubmissionOpen(window, new Date("2026-03-20T23:59:59.999Z"))).toBe(false);
    expect(isSubmissionOpen(window, new Date(window.submissionOpensAt))).toBe(true);
    expect(isSubmissionOpen(window, new Date("2026-04-20T23:59:59.999Z"))).toBe(true);
    expect(isSubmissionOpen(window, new Date(window.submissionClosesAt))).toBe(false);
  });
});

describe("children", () => {
  it("counts age on the day submissions open (Tehran) and finds the group", () => {
    // Opens 1405/01/01 (Tehran day of 2026-03-21). Born 1398/01/02 → still 6 that day.
    expect(childAge(painting, "2019-03-22")).toMatchObject({ age: 6, group: { id: "age-6" } });
    expect(childAge(painting, "2019-03-21")).toMatchObject({ age: 7, group: { id: "age-7" } });
    expect(childAge(painting, "2024-01-01").group).toBeUndefined();
    expect(childAge({ ...painting, ageReferenceDate: "2030-01-01" }, "2019-03-22").age).toBe(10);
  });

  it("the same child in any spelling gives the same key; another guardian or programme does not", () => {
    const k = (name: string, guardian = "G1", programme = "P1") =>
      childKeyMaterial(programme, name, "2019-03-22", guardian);
    expect(k("محمد علی")).toBe(k("محمدعلی"));
    expect(k("محمد‌علی")).toBe(k("محمدعلي"));
    expect(k("محمدعلی", "G2")).not.toBe(k("محمدعلی"));
    expect(k("محمدعلی", "G1", "P2")).not.toBe(k("محمدعلی"));
    expect(k("علی")).not.toBe(k("محمدعلی"));
  });
});

describe("tracking codes", () => {
  it("are 8 Crockford characters and survive being typed back sloppily", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        const code = newTrackingCode(() => bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
        const sloppy = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`
          .replace(/0/g, "o")
          .replace(/1/g, "l");
        expect(normaliseTrackingCode(sloppy)).toBe(code);
      }),
    );
    expect(normaliseTrackingCode("ABC")).toBeNull();
    expect(newTrackingCode()).not.toBe(newTrackingCode());
  });
});

describe("structural changes", () => {
  it("counts only fields whose value differs, whatever the key order", () => {
    const sameFormReordered = {
      fields: painting.form.fields.map((f) => Object.fromEntries(Object.entries(f).reverse()) as FormField),
    };
    expect(structuralChanges(painting, { form: sameFormReordered, title: "x" })).toEqual([]);
    expect(
      structuralChanges(painting, {
        entrantKinds: ["citizen"],
        submissionClosesAt: "2027-01-01T00:00:00.000Z",
      }),
    ).toEqual(["entrantKinds"]);
  });
});

describe("checkValues", () => {
  const fields = programmeInput.parse(createHamiProgramme(window)).form.fields;

  it("normalises good answers and keeps upload ids apart", () => {
    const out = checkValues(fields, {
      title: "  كار  محله ",
      summary: "خط یک\r\n\r\n\r\nخط دو",
      beneficiaries: "۱۲۰",
      started_on: "۱۴۰۲/۰۱/۱۵",
      contact_name: "رابط",
      contact_phone: "0912",
      photos: ["U1", "U2"],
    });
    expect(out.issues).toEqual([]);
    expect(out.values).toEqual({
      title: "کار محله",
      summary: "خط یک\n\nخط دو",
      beneficiaries: 120,
      started_on: "2023-04-04",
      contact_name: "رابط",
      contact_phone: "0912",
    });
    expect(out.files).toEqual({ photos: ["U1", "U2"] });
  });

  it("reports each problem at its field", () => {
    const out = checkValues(fields, {
      title: "x".repeat(151),
      beneficiaries: -1,
      started_on: "1402/13/01",
      photos: ["a", "b", "c", "d", "e", "f"],
      documents: ["a", "a"],
      unknown: "?",
    });
    expect(out.issues.map((i) => i.path).sort()).toEqual([
      "values.beneficiaries",
      "values.contact_name",
      "values.contact_phone",
      "values.documents",
      "values.photos",
      "values.started_on",
      "values.summary",
      "values.title",
      "values.unknown",
    ]);
  });

  it("choice answers must be options, and only one unless multiple", () => {
    const theme = painting.form.fields.filter((f) => f.id === "theme");
    expect(checkValues(theme, { theme: "transport" }).values).toEqual({ theme: "transport" });
    expect(checkValues(theme, { theme: ["transport", "leisure"] }).issues).toHaveLength(1);
    expect(checkValues(theme, { theme: "moon" }).issues).toHaveLength(1);
    const multi = theme.map((f) => ({ ...f, multiple: true }));
    expect(checkValues(multi, { theme: ["transport", "leisure"] }).values).toEqual({
      theme: ["transport", "leisure"],
    });
  });
});

describe("blindValues", () => {
  it("leaves out the fields marked private", () => {
    const fields = programmeInput.parse(createHamiProgramme(window)).form.fields;
    const values = {
      title: "t",
      summary: "s",
      contact_name: "n",
      contact_phone: "p",
      documents: [],
      photos: [],
    };
    expect(Object.keys(blindValues(fields, values)).sort()).toEqual(["photos", "summary", "title"]);
  });
});
