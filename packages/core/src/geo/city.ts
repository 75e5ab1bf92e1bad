import { toPersianDigits } from "../fa";
import { neighbourhoodNames } from "./data";

/**
 * The city's fixed geography: 22 municipal districts and their neighbourhoods. It changes by
 * municipal decision only (rarely, and with a release), so it is code, not table data: every
 * Lambda and the web app read it without I/O, and validation of a profile's district and
 * neighbourhood needs no round trip.
 */

export const districtIds = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
  "17",
  "18",
  "19",
  "20",
  "21",
  "22",
] as const;

export type DistrictId = (typeof districtIds)[number];

export interface District {
  readonly id: DistrictId;
  /** "منطقه ۱" … "منطقه ۲۲" */
  readonly name: string;
}

export interface Neighbourhood {
  /** Stable ASCII id, "d01-tajrish": the district (two digits) and a slug. */
  readonly id: string;
  readonly name: string;
  readonly district: DistrictId;
}

export const districts: readonly District[] = Object.freeze(
  districtIds.map((id) => Object.freeze({ id, name: `منطقه ${toPersianDigits(id)}` })),
);

export const neighbourhoodIdOf = (district: DistrictId, slug: string) =>
  `d${district.padStart(2, "0")}-${slug}`;

const persianOrder = new Intl.Collator("fa");

const byDistrict = new Map<DistrictId, readonly Neighbourhood[]>(
  districtIds.map((district) => [
    district,
    Object.freeze(
      neighbourhoodNames[district]
        .map(([slug, name]) => Object.freeze({ id: neighbourhoodIdOf(district, slug), name, district }))
        // Pickers list neighbourhoods alphabetically; people look for a name, not a rank.
        .sort((a, b) => persianOrder.compare(a.name, b.name)),
    ),
  ]),
);

/** Every neighbourhood, district by district, alphabetical within a district. */
export const neighbourhoods: readonly Neighbourhood[] = Object.freeze(
  districtIds.flatMap((d) => byDistrict.get(d) ?? []),
);

const byId = new Map(neighbourhoods.map((n) => [n.id, n]));
const districtById = new Map(districts.map((d) => [d.id as string, d]));

export function isDistrictId(value: unknown): value is DistrictId {
  return typeof value === "string" && districtById.has(value);
}

export function findDistrict(id: string): District | undefined {
  return districtById.get(id);
}

export function findNeighbourhood(id: string): Neighbourhood | undefined {
  return byId.get(id);
}

/** The neighbourhoods of a district; empty for an unknown district. */
export function neighbourhoodsOf(district: string): readonly Neighbourhood[] {
  return isDistrictId(district) ? (byDistrict.get(district) ?? []) : [];
}

/** Whether the neighbourhood exists and lies in the district (a profile must name both consistently). */
export function isNeighbourhoodOf(neighbourhoodId: string, district: string): boolean {
  return findNeighbourhood(neighbourhoodId)?.district === district;
}
