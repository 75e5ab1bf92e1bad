/**
 * Scheduled every minute (infra/jobs.ts): appends the ballots cast since the last run to every
 * open election's bulletin boards and signs the new heads. Runs that overlap are safe: each
 * sealing step is conditional on the head it extends (core elections/commands-voting.ts).
 */
// First: the bound secrets (HAMDEL_SECRET, HAMDEL_ELECTION_KEY) are in process.env before config is read.
import "./secrets";
import { config } from "@hamdel/core";
import { loadElectionKey, sealOpenElections } from "@hamdel/core/elections";
import { logEvent } from "../http/log";

export async function handler(): Promise<{ sealed: number }> {
  const started = Date.now();
  const sealed = await sealOpenElections(loadElectionKey(config.electionKey));
  logEvent("info", "elections.sealed", { neighbourhoods: sealed, ms: Date.now() - started });
  return { sealed };
}
