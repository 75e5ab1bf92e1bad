/**
 * Judging reads and calls (/api/judging): the secretariats' queues, rounds and dashboard, the
 * juror's next work and score, results, certificates. Types come from the typed client.
 */
import { query } from "@solidjs/router";
import { client, ok } from "./api";

const api = client.api.judging;
const p = api.programmes[":pid"];

export interface QueueFilter {
  district?: string;
  status?: string;
  cursor?: string;
  limit?: string;
}

export const getQueue = (pid: string, rid: string, filter: QueueFilter) =>
  ok(p.rounds[":rid"].queue.$get({ param: { pid, rid }, query: filter }));

export const getJudgingProgrammes = query(() => ok(api.programmes.$get()), "judging-programmes");

export const getProgress = query(
  (pid: string) => ok(p.progress.$get({ param: { pid } })),
  "judging-progress",
);

export const getResults = query(
  (pid: string, filter: { categoryId?: string; ageGroup?: string; district?: string }) =>
    ok(p.results.$get({ param: { pid }, query: filter })),
  "judging-results",
);

export const getCertificate = query(
  (code: string) => ok(api.certificates[":code"].$get({ param: { code } })),
  "judging-certificate",
);

export const nextWork = (pid: string, rid: string) =>
  ok(p.rounds[":rid"]["next-work"].$get({ param: { pid, rid } }));

type Work = { pid: string; eid: string; rid: string };
/**
 * The four work routes share one path up to their last segment, and hono's client intersects
 * their inputs there; each body below is the one its own route declares.
 */
const work = p.entries[":eid"].rounds[":rid"] as unknown as Record<
  "screening" | "decision" | "return",
  { $post: (a: { param: Work; json: object }) => ReturnType<typeof p.publish.$post> }
> & { forward: { $post: (a: { param: Work }) => ReturnType<typeof p.publish.$post> } };
export type District = NonNullable<
  Parameters<(typeof p.rounds)[":rid"]["panel"]["$post"]>[0]["json"]["panel"][number]["district"]
>;

export const judging = {
  open: (pid: string, rid: string) => ok(p.rounds[":rid"].open.$post({ param: { pid, rid } })),
  lock: (pid: string, rid: string) => ok(p.rounds[":rid"].lock.$post({ param: { pid, rid } })),
  publishRound: (pid: string, rid: string) => ok(p.rounds[":rid"].publish.$post({ param: { pid, rid } })),
  start: (pid: string, cursor?: string) =>
    ok(p.start.$post({ param: { pid }, json: cursor ? { cursor } : {} })),
  settle: (pid: string, rid: string, cursor?: string) =>
    ok(p.rounds[":rid"].settle.$post({ param: { pid, rid }, json: cursor ? { cursor } : {} })),
  vote: (w: Work, vote: "yes" | "no" | "maybe") => ok(work.screening.$post({ param: w, json: { vote } })),
  decide: (w: Work, decision: "shortlist" | "select" | "reject" | "deselect") =>
    ok(work.decision.$post({ param: w, json: { decision } })),
  forward: (w: Work) => ok(work.forward.$post({ param: w })),
  sendBack: (w: Work, reason: string) => ok(work.return.$post({ param: w, json: { reason } })),
  assign: (pid: string, rid: string, panel: { staffId: string; district?: District }[]) =>
    ok(p.rounds[":rid"].panel.$post({ param: { pid, rid }, json: { panel } })),
  score: (pid: string, aid: string, marks: Record<string, number>, comment?: string) =>
    ok(
      p.assignments[":aid"].score.$post({
        param: { pid, aid },
        json: { marks, ...(comment ? { comment } : {}) },
      }),
    ),
  ranking: (pid: string, rid: string) =>
    ok(p.rounds[":rid"].ranking.$get({ param: { pid, rid }, query: {} })),
  winners: (pid: string, rid: string, winners: string[], honourableMentions: string[]) =>
    ok(p.rounds[":rid"].winners.$post({ param: { pid, rid }, json: { winners, honourableMentions } })),
  publish: (pid: string) => ok(p.publish.$post({ param: { pid } })),
  certify: (pid: string, cursor?: string) =>
    ok(p.certificates.$post({ param: { pid }, json: cursor ? { cursor } : {} })),
};

const programmeHref = (pid: string) => `/api/judging/programmes/${encodeURIComponent(pid)}`;
/** Downloads are plain links (the browser saves them); the session cookie goes along. */
export const exportHref = (pid: string, format: "csv" | "xlsx" = "csv") =>
  `${programmeHref(pid)}/export.${format}`;
export const dictionaryHref = (pid: string) => `${programmeHref(pid)}/export/dictionary`;
export const scoresHref = (pid: string, rid: string, format: "csv" | "xlsx") =>
  `${programmeHref(pid)}/rounds/${encodeURIComponent(rid)}/scores.${format}`;
