/**
 * The API describing itself: health, the OpenAPI 3.1 document and the human reference page.
 * The document is built from the deployed domains' own route definitions (the same zod
 * schemas that validate requests), so the meta Lambda imports them for their descriptions;
 * the dev routes are local-only and left out.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { renderDocsPage } from "../http/docs-page";
import { domainApp, json } from "../http/openapi";
import { elections } from "./elections";
import { festival } from "./festival";
import { geo } from "./geo";
import { identity } from "./identity";
import { judging } from "./judging";
import { uploads } from "./uploads";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["meta"],
  summary: "Liveness check",
  responses: { 200: json(z.object({ ok: z.literal(true) }), "The API is up.") },
});

// Described loosely on purpose: the document describing itself in full would be circular.
const OpenApiDocumentSchema = z.object({ openapi: z.string() }).catchall(z.any());

const documentRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  tags: ["meta"],
  summary: "This OpenAPI 3.1 document",
  responses: {
    200: json(OpenApiDocumentSchema, "The OpenAPI document of the deployed API."),
  },
});

const docsRoute = createRoute({
  method: "get",
  path: "/docs",
  tags: ["meta"],
  summary: "Human API reference (HTML)",
  responses: {
    200: { description: "The reference page.", content: { "text/html": { schema: z.string() } } },
  },
});

type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
let cachedDocument: OpenApiDocument | undefined;

/** The document of every deployed route, built once per process (it only depends on code). */
export function apiDocument(): OpenApiDocument {
  if (!cachedDocument) {
    const described = new OpenAPIHono<AppEnv>()
      .route("/api/identity", identity)
      .route("/api/geo", geo)
      .route("/api/uploads", uploads)
      .route("/api/festival", festival)
      .route("/api/elections", elections)
      .route("/api/judging", judging)
      .route("/api", meta);
    described.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
      type: "apiKey",
      in: "cookie",
      name: "hamdel_session",
      description:
        "The signed session cookie set by sign-in (`__Host-hamdel_session` outside the local stage). " +
        "Writes also need the `hamdel_csrf` cookie echoed in the `x-csrf-token` header.",
    });
    cachedDocument = described.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Hamdel API",
        version: "1.0.0",
        description:
          "Hamdel, the civic participation platform of Tehran Municipality. Errors are RFC 9457 " +
          "problem+json with a stable `code` and a Persian `messageFa`.",
      },
      tags: [
        {
          name: "identity",
          description: "Citizens' OTP sign-in, profiles, sessions; staff accounts and roles.",
        },
        { name: "geo", description: "Tehran's 22 districts and their neighbourhoods." },
        { name: "uploads", description: "Presigned uploads to the private bucket and their finalisation." },
        {
          name: "festival",
          description: "Programmes (festivals, contests, calls) and the entries submitted to them.",
        },
        {
          name: "judging",
          description:
            "Screening and judging rounds: queues, panels, blind scoring, ranking, winners, " +
            "published results and certificates.",
        },
        {
          name: "elections",
          description:
            "Council-assistant elections: setup, roll, candidates, online and kiosk voting, the public " +
            "bulletin board, results, complaints and the verifiable election record.",
        },
        { name: "meta", description: "Health and this documentation." },
      ],
    });
  }
  return cachedDocument;
}

export const meta = domainApp()
  .openapi(healthRoute, (c) => c.json({ ok: true as const }, 200))
  .openapi(documentRoute, (c) =>
    c.json(apiDocument() as unknown as z.infer<typeof OpenApiDocumentSchema>, 200),
  )
  .openapi(docsRoute, (c) => {
    // The page has one inline stylesheet and nothing else to load.
    c.header(
      "content-security-policy",
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
    return c.html(renderDocsPage(apiDocument() as unknown as Record<string, unknown>), 200);
  });
