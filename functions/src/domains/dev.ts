/**
 * Local-stage helpers (never deployed: no Lambda entry, and app.ts mounts this only when
 * HAMDEL_STAGE=local). The SMS outbox is how a developer, the demo and the e2e tests read
 * one-time codes. Hidden from the OpenAPI document, which describes the deployed API.
 */
import { config, errors } from "@hamdel/core";
import { normaliseMobile } from "@hamdel/core/fa";
import { listOutbox } from "@hamdel/core/sms";
import { $, createRoute, z } from "@hono/zod-openapi";
import { domainApp, json } from "../http/openapi";

const OutboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  text: z.string(),
  createdAt: z.string(),
});

const outboxRoute = createRoute({
  method: "get",
  path: "/outbox",
  hide: true,
  request: {
    query: z.object({
      to: z.string().max(32).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(OutboxMessageSchema) }), "Newest first.") },
});

export const dev = $(
  // Belt and braces: even if mounted by mistake outside the local stage, it answers 404.
  domainApp().use("*", async (_c, next) => {
    if (!config.isLocal) throw errors.notFound("route");
    await next();
  }),
).openapi(outboxRoute, async (c) => {
  const { to, limit } = c.req.valid("query");
  const mobile = to === undefined ? undefined : (normaliseMobile(to) ?? to);
  const items = await listOutbox(c.var.actor, {
    ...(mobile ? { to: mobile } : {}),
    ...(limit ? { limit } : {}),
  });
  return c.json({ items }, 200);
});
