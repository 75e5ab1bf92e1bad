import { query } from "@solidjs/router";
import { request } from "./api";
import type { OutboxMessage } from "./types";

export const getOutbox = query(
  async () => (await request<{ items: OutboxMessage[] }>("GET", "/api/dev/outbox")).items,
  "outbox",
);
