import { query } from "@solidjs/router";
import { request } from "./api";
import type { District, Neighbourhood } from "./types";

export const getDistricts = query(
  async () => (await request<{ items: District[] }>("GET", "/api/geo/districts")).items,
  "districts",
);

export const getNeighbourhoods = query(
  async (district: string) =>
    (
      await request<{ items: Neighbourhood[] }>(
        "GET",
        `/api/geo/districts/${encodeURIComponent(district)}/neighbourhoods`,
      )
    ).items,
  "neighbourhoods",
);
