/**
 * /api/festival: programmes (the central secretariat configures them; anyone reads the open
 * ones with their rules) and the entries citizens submit to them. Each handler validates with
 * core's schema, calls one core command with the actor and maps the result; who may do what is
 * core's (festival/permissions.ts), never decided here.
 *
 * Programme bodies are validated by core only (createProgramme parses with programmeInput):
 * with `?template=` the body is a window rather than a programme, so one route schema would
 * have to be a union whose errors read worse than core's own field issues.
 */
import {
  createProgramme,
  type EntryView,
  editEntry,
  editEntryInput,
  getEntry,
  getMyEntries,
  getProgramme,
  listOpenProgrammes,
  listProgrammes,
  type Programme,
  type ProgrammeInput,
  type ProgrammeTemplate,
  type ProgrammeWindow,
  type PublicProgramme,
  programmeFromTemplate,
  programmeTemplates,
  programmeUpdateInput,
  submitEntry,
  submitEntryInput,
  updateProgramme,
  withdrawEntry,
} from "@hamdel/core/festival";
import { createRoute, z } from "@hono/zod-openapi";
import { domainApp, json, jsonBody, problems, sessionSecurity } from "../http/openapi";

/**
 * Responses are core's types (festival/model.ts describes every field); the document names
 * them as objects rather than restating the interfaces as schemas that could drift.
 */
const ProgrammeSchema = z.custom<Programme>().openapi("Programme", {
  type: "object",
  description: "A programme as the secretariat sees it (festival/model.ts).",
});
const PublicProgrammeSchema = z.custom<PublicProgramme>().openapi("PublicProgramme", {
  type: "object",
  description: "An open programme's public rules: window, categories, who may enter, form and file rules.",
});
const ProgrammeOrPublic = z.custom<Programme | PublicProgramme>().openapi({
  type: "object",
  description: "Staff get the whole programme; everyone else its public view once it has opened.",
});
const EntrySchema = z.custom<EntryView>().openapi("Entry", {
  type: "object",
  description: "An entry as its submitter sees it: tracking code, answers, status with its Persian label.",
});

const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
const ProgrammeCreateBody = z.custom<ProgrammeInput | ProgrammeWindow>(isObject).openapi("ProgrammeCreate", {
  type: "object",
  description:
    "A whole programme (kind, title, ISO window, categories, entrantKinds, ageGroups, form, rounds …), or — with " +
    "`?template=hami|painting` — only its window `{ title?, submissionOpensAt, submissionClosesAt, judgingStartsAt?, " +
    "judgingEndsAt? }` (any other programme key given overrides the template's).",
});

const idParam = (what: string) =>
  z.object({
    id: z
      .string()
      .min(1, { error: `شناسهٔ ${what} نامعتبر است.` })
      .max(64, { error: `شناسهٔ ${what} نامعتبر است.` })
      .meta({ example: "01JD3Y8QZ7T7F2K5V9W0XGQH3M" }),
  });
const programmeIdParam = idParam("برنامه");
const entryIdParam = idParam("اثر");

const tags = ["festival"];

const listProgrammesRoute = createRoute({
  method: "get",
  path: "/programmes",
  tags,
  summary: "Programmes: the open ones (anyone), or all of them (central secretariat)",
  description:
    "Without `scope` (or `scope=open`): programmes taking submissions now, closing soonest first, with their rules. " +
    "`scope=all`: every programme with its whole configuration, for the central secretariat only.",
  request: {
    query: z.object({
      scope: z.enum(["open", "all"], { error: "دامنهٔ فهرست نامعتبر است." }).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(z.union([PublicProgrammeSchema, ProgrammeSchema])) }),
      "The programmes.",
    ),
    ...problems(401, 403, 422),
  },
});

const createProgrammeRoute = createRoute({
  method: "post",
  path: "/programmes",
  tags,
  summary: "Create a programme (central secretariat)",
  security: sessionSecurity,
  request: {
    query: z.object({
      template: z
        .enum(Object.keys(programmeTemplates) as [ProgrammeTemplate, ...ProgrammeTemplate[]], {
          error: "الگوی برنامه نامعتبر است.",
        })
        .optional(),
    }),
    body: jsonBody(ProgrammeCreateBody),
  },
  responses: { 201: json(ProgrammeSchema, "The new programme."), ...problems(400, 401, 403, 422) },
});

const getProgrammeRoute = createRoute({
  method: "get",
  path: "/programmes/{id}",
  tags,
  summary: "One programme",
  request: { params: programmeIdParam },
  responses: { 200: json(ProgrammeOrPublic, "The programme."), ...problems(404) },
});

const updateProgrammeRoute = createRoute({
  method: "put",
  path: "/programmes/{id}",
  tags,
  summary: "Change a programme (central secretariat)",
  description:
    "Send the `version` you read and only the changed keys. Once submissions open, the form, entrants, " +
    "categories and age groups are frozen (`festival.structure_locked`); a stale version is `festival.stale_version`.",
  security: sessionSecurity,
  request: { params: programmeIdParam, body: jsonBody(programmeUpdateInput) },
  responses: {
    200: json(ProgrammeSchema, "The updated programme."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const submitEntryRoute = createRoute({
  method: "post",
  path: "/programmes/{id}/entries",
  tags,
  summary: "Submit an entry (citizens)",
  description:
    "For oneself, an organisation, or a child (guardian: `child` and `consent` with the programme's consent " +
    "version). Files are finalised uploads of the caller. Send a `requestId` and resend it on retries: a retry " +
    "answers the entry the first request made. One entry per child per programme (`festival.child_already_entered`).",
  security: sessionSecurity,
  request: { params: programmeIdParam, body: jsonBody(submitEntryInput.omit({ programmeId: true })) },
  responses: {
    201: json(EntrySchema, "The entry, with its tracking code."),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

const myEntriesRoute = createRoute({
  method: "get",
  path: "/entries/mine",
  tags,
  summary: "My entries (newest first), each with its status",
  security: sessionSecurity,
  responses: { 200: json(z.object({ items: z.array(EntrySchema) }), "My entries."), ...problems(401, 403) },
});

const getEntryRoute = createRoute({
  method: "get",
  path: "/entries/{id}",
  tags,
  summary: "One of my entries",
  security: sessionSecurity,
  request: { params: entryIdParam },
  responses: { 200: json(EntrySchema, "The entry."), ...problems(401, 404) },
});

const editEntryRoute = createRoute({
  method: "put",
  path: "/entries/{id}",
  tags,
  summary: "Edit one of my entries while the window is open",
  security: sessionSecurity,
  request: { params: entryIdParam, body: jsonBody(editEntryInput) },
  responses: { 200: json(EntrySchema, "The edited entry."), ...problems(400, 401, 403, 404, 409, 422) },
});

const withdrawEntryRoute = createRoute({
  method: "post",
  path: "/entries/{id}/withdraw",
  tags,
  summary: "Withdraw one of my entries while the window is open (idempotent)",
  security: sessionSecurity,
  request: { params: entryIdParam },
  responses: { 200: json(EntrySchema, "The withdrawn entry."), ...problems(401, 403, 404, 409) },
});

export const festival = domainApp()
  .openapi(listProgrammesRoute, async (c) => {
    const all = c.req.valid("query").scope === "all";
    const list = all ? await listProgrammes(c.var.actor) : await listOpenProgrammes(c.var.actor);
    return c.json(list, 200);
  })
  .openapi(createProgrammeRoute, async (c) => {
    const { template } = c.req.valid("query");
    const body = c.req.valid("json");
    const input = template ? programmeFromTemplate(template, body as Record<string, unknown>) : body;
    return c.json(await createProgramme(c.var.actor, input), 201);
  })
  .openapi(getProgrammeRoute, async (c) =>
    c.json(await getProgramme(c.var.actor, c.req.valid("param").id), 200),
  )
  .openapi(updateProgrammeRoute, async (c) =>
    c.json(await updateProgramme(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(submitEntryRoute, async (c) => {
    const input = { ...c.req.valid("json"), programmeId: c.req.valid("param").id };
    return c.json(await submitEntry(c.var.actor, input), 201);
  })
  .openapi(myEntriesRoute, async (c) => c.json(await getMyEntries(c.var.actor), 200))
  .openapi(getEntryRoute, async (c) => c.json(await getEntry(c.var.actor, c.req.valid("param").id), 200))
  .openapi(editEntryRoute, async (c) =>
    c.json(await editEntry(c.var.actor, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(withdrawEntryRoute, async (c) =>
    c.json(await withdrawEntry(c.var.actor, c.req.valid("param").id), 200),
  );
