/**
 * Festival reads (named queries, cached and revalidated by the router) and the calls behind the
 * festival forms. The pure helpers the pages share are in routes/festival/format.ts.
 */
import type {
  EditEntryInput,
  EntryView,
  Programme,
  ProgrammeUpdateInput,
  PublicProgramme,
  SubmitEntryInput,
} from "@hamdel/core/festival/model";
import { query } from "@solidjs/router";
import { client, ok } from "./api";

export type { EntryView, Programme, PublicProgramme };

const api = client.api.festival;

export const getOpenProgrammes = query(
  async () => (await ok(api.programmes.$get({ query: {} }))).items as PublicProgramme[],
  "festival-open-programmes",
);

export const getAllProgrammes = query(
  async () => (await ok(api.programmes.$get({ query: { scope: "all" } }))).items as Programme[],
  "festival-all-programmes",
);

export const getProgramme = query(
  (id: string) => ok(api.programmes[":id"].$get({ param: { id } })),
  "festival-programme",
);

export const getMyEntries = query(
  async () => (await ok(api.entries.mine.$get())).items,
  "festival-my-entries",
);

export type ProgrammeTemplate = "hami" | "painting";

export const festival = {
  createFromTemplate: (
    template: ProgrammeTemplate,
    window: { title?: string; submissionOpensAt: string; submissionClosesAt: string },
  ) => ok(api.programmes.$post({ query: { template }, json: window })),
  /** Sends the version the editor read and only the changed keys (festival.stale_version if it moved on). */
  update: (programmeId: string, json: ProgrammeUpdateInput) =>
    ok(api.programmes[":id"].$put({ param: { id: programmeId }, json })),
  submit: (programmeId: string, json: Omit<SubmitEntryInput, "programmeId">) =>
    ok(api.programmes[":id"].entries.$post({ param: { id: programmeId }, json })),
  edit: (entryId: string, json: EditEntryInput) =>
    ok(api.entries[":id"].$put({ param: { id: entryId }, json })),
  withdraw: (entryId: string) => ok(api.entries[":id"].withdraw.$post({ param: { id: entryId } })),
};
