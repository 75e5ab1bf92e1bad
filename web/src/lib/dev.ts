import { query } from "@solidjs/router";
import { client, ok } from "./api";

export const getOutbox = query(
  async () => (await ok(client.api.dev.outbox.$get({ query: {} }))).items,
  "outbox",
);
