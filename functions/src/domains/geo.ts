/** /api/geo: the city's districts and neighbourhoods (public reference data, code not rows). */
import { toAsciiDigits } from "@hamdel/core/fa";
import { listDistricts, listNeighbourhoods } from "@hamdel/core/geo";
import { districtSchema, neighbourhoodSchema } from "@hamdel/core/geo/model";
import { createRoute, z } from "@hono/zod-openapi";
import { domainApp, json, problems } from "../http/openapi";

const District = districtSchema.meta({ id: "District" });
const Neighbourhood = neighbourhoodSchema.meta({ id: "Neighbourhood" });
const tags = ["geo"];

const districtsRoute = createRoute({
  method: "get",
  path: "/districts",
  tags,
  summary: "Tehran's 22 municipal districts",
  responses: {
    200: json(z.object({ items: z.array(District) }), "Districts 1..22 with their neighbourhood counts."),
  },
});

const neighbourhoodsRoute = createRoute({
  method: "get",
  path: "/districts/{id}/neighbourhoods",
  tags,
  summary: "The neighbourhoods of one district, alphabetical",
  request: { params: z.object({ id: z.string().max(8).meta({ example: "6" }) }) },
  responses: {
    200: json(z.object({ items: z.array(Neighbourhood) }), "The district's neighbourhoods."),
    ...problems(404),
  },
});

export const geo = domainApp()
  .openapi(districtsRoute, (c) => c.json({ items: listDistricts() }, 200))
  .openapi(neighbourhoodsRoute, (c) => {
    // "۶" and "6" name the same district: people type either into a URL bar.
    const items = listNeighbourhoods(toAsciiDigits(c.req.valid("param").id).trim());
    return c.json({ items: [...items] }, 200);
  });
