import { errors } from "../error";
import { districts, isDistrictId, type Neighbourhood, neighbourhoodsOf } from "./city";
import type { DistrictSummary } from "./model";

export {
  type District,
  type DistrictId,
  districtIds,
  districts,
  findDistrict,
  findNeighbourhood,
  isDistrictId,
  isNeighbourhoodOf,
  type Neighbourhood,
  neighbourhoodIdOf,
  neighbourhoods,
  neighbourhoodsOf,
} from "./city";
export * from "./model";

/** GET /api/geo/districts: every district with how many neighbourhoods it has. */
export function listDistricts(): DistrictSummary[] {
  return districts.map((d) => ({
    id: d.id,
    name: d.name,
    neighbourhoodCount: neighbourhoodsOf(d.id).length,
  }));
}

/** GET /api/geo/districts/:id/neighbourhoods; an unknown district is not found (geo.district.not_found). */
export function listNeighbourhoods(district: string): readonly Neighbourhood[] {
  if (!isDistrictId(district)) throw errors.notFound("geo.district");
  return neighbourhoodsOf(district);
}
