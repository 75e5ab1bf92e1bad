import { describe, expect, it } from "vitest";
import { isDomainError } from "../error";
import { normaliseText } from "../fa";
import {
  districtIdSchema,
  districts,
  findDistrict,
  findNeighbourhood,
  isDistrictId,
  isNeighbourhoodOf,
  listDistricts,
  listNeighbourhoods,
  neighbourhoodIdSchema,
  neighbourhoods,
  neighbourhoodsOf,
} from "./index";

describe("districts", () => {
  it("are the 22 municipal districts, named with Persian digits", () => {
    expect(districts).toHaveLength(22);
    expect(districts.map((d) => d.id)).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1)));
    expect(findDistrict("1")?.name).toBe("منطقه ۱");
    expect(findDistrict("22")?.name).toBe("منطقه ۲۲");
  });

  it("recognises only their own ids", () => {
    expect(isDistrictId("7")).toBe(true);
    for (const bad of ["0", "23", "07", "۷", " 7", "", 7, null])
      expect(isDistrictId(bad), String(bad)).toBe(false);
  });
});

describe("neighbourhoods", () => {
  it("have unique, well-formed ids that carry their district", () => {
    const ids = neighbourhoods.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of neighbourhoods) {
      expect(n.id).toMatch(/^d(0[1-9]|1\d|2[0-2])-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Number(n.id.slice(1, 3))).toBe(Number(n.district));
    }
  });

  it("all belong to an existing district, and every district has at least five", () => {
    for (const n of neighbourhoods) expect(isDistrictId(n.district), n.id).toBe(true);
    for (const d of districts) expect(neighbourhoodsOf(d.id).length, d.name).toBeGreaterThanOrEqual(5);
    expect(districts.reduce((sum, d) => sum + neighbourhoodsOf(d.id).length, 0)).toBe(neighbourhoods.length);
  });

  it("have normalised Persian names, unique within their district", () => {
    for (const n of neighbourhoods) {
      expect(n.name, n.id).toBe(normaliseText(n.name));
      expect(n.name, n.id).not.toMatch(/[\u064A\u0649\u0643]/);
      expect(n.name, n.id).not.toMatch(/[A-Za-z0-9]/);
    }
    for (const d of districts) {
      const names = neighbourhoodsOf(d.id).map((n) => n.name);
      expect(new Set(names).size, d.name).toBe(names.length);
    }
  });

  it("finds well-known neighbourhoods in their districts", () => {
    expect(findNeighbourhood("d01-tajrish")).toEqual({ id: "d01-tajrish", name: "تجریش", district: "1" });
    expect(findNeighbourhood("d06-yousef-abad")?.name).toBe("یوسف‌آباد");
    expect(findNeighbourhood("d12-bazar")?.district).toBe("12");
    expect(findNeighbourhood("d01-nope")).toBeUndefined();
    expect(isNeighbourhoodOf("d05-ekbatan", "5")).toBe(true);
    expect(isNeighbourhoodOf("d05-ekbatan", "6")).toBe(false);
    expect(isNeighbourhoodOf("d99-x", "5")).toBe(false);
  });

  it("list a district alphabetically and nothing for an unknown one", () => {
    const names = neighbourhoodsOf("6").map((n) => n.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("fa").compare));
    expect(neighbourhoodsOf("23")).toEqual([]);
  });
});

describe("use cases behind /api/geo", () => {
  it("summarise districts with their neighbourhood counts", () => {
    const summary = listDistricts();
    expect(summary).toHaveLength(22);
    expect(summary[0]).toEqual({
      id: "1",
      name: "منطقه ۱",
      neighbourhoodCount: neighbourhoodsOf("1").length,
    });
  });

  it("answer an unknown district with a not-found domain error", () => {
    expect(listNeighbourhoods("3").length).toBeGreaterThan(0);
    try {
      listNeighbourhoods("23");
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e) && e.code).toBe("geo.district.not_found");
    }
  });
});

describe("schemas", () => {
  it("accept only real district and neighbourhood ids, with Persian messages", () => {
    expect(districtIdSchema.parse("22")).toBe("22");
    const badDistrict = districtIdSchema.safeParse("23");
    expect(badDistrict.success).toBe(false);
    expect(badDistrict.error?.issues[0]?.message).toBe("منطقه انتخاب‌شده معتبر نیست.");

    expect(neighbourhoodIdSchema.parse("d02-saadat-abad")).toBe("d02-saadat-abad");
    const badHood = neighbourhoodIdSchema.safeParse("d02-atlantis");
    expect(badHood.success).toBe(false);
    expect(badHood.error?.issues[0]?.message).toBe("محله انتخاب‌شده معتبر نیست.");
    expect(neighbourhoodIdSchema.safeParse(42).success).toBe(false);
  });
});
