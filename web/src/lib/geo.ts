import { query } from "@solidjs/router";
import { client, ok } from "./api";

export const getDistricts = query(async () => (await ok(client.api.geo.districts.$get())).items, "districts");

export const getNeighbourhoods = query(
  async (district: string) =>
    (await ok(client.api.geo.districts[":id"].neighbourhoods.$get({ param: { id: district } }))).items,
  "neighbourhoods",
);
