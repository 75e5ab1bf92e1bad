import { z } from "zod";
import { districtIds, findNeighbourhood } from "./city";

/**
 * Schemas for the city's geography, shared by the API (validation and OpenAPI) and the web app.
 * Browser-safe: zod and plain data only.
 */

export type { District, DistrictId, Neighbourhood } from "./city";

export const districtIdSchema = z.enum(districtIds, { error: "منطقه انتخاب‌شده معتبر نیست." });

export const neighbourhoodIdSchema = z
  .string({ error: "محله را انتخاب کنید." })
  .refine((id) => findNeighbourhood(id) !== undefined, { error: "محله انتخاب‌شده معتبر نیست." });

export const districtSchema = z.object({
  id: districtIdSchema,
  name: z.string(),
  neighbourhoodCount: z.number().int().nonnegative(),
});

export const neighbourhoodSchema = z.object({
  id: z.string(),
  name: z.string(),
  district: districtIdSchema,
});

export type DistrictSummary = z.infer<typeof districtSchema>;
