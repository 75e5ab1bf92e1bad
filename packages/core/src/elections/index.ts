/**
 * Council-assistant elections: setup, roll, candidates, voting (online and kiosk), the bulletin
 * board, close and tally, complaints, certification and the verifiable record.
 *
 *   setup      createElection, extendVoting, getElection, listElections, listElectionAudit
 *   roll       importRoll (CSV → report), eligibleVoters; declareResidence, myResidence,
 *              listResidenceDeclarations, decideResidence (residence declared and verified)
 *   candidates applyForCandidacy, myCandidacy, decideCandidacy, appealCandidacy,
 *              listApplications, listBallotCandidates (approved, in ballot order)
 *   voting     castOnline, issueBallotCode (polling officer), castAtKiosk, turnout
 *   board      sealNeighbourhood (job), lookupTracker
 *   results    closeElection, getResults, fileComplaint, listComplaints, ruleComplaint,
 *              certifyResults, exportRecord (→ verifyRecord), recordLink (the record as a
 *              file in the bucket, by a signed URL)
 *
 * The pure parts (model, rules, chain, tally, record, verify) are exported too: the API, the web,
 * the benchmark and the standalone verifier use the same code.
 */
export * from "./chain";
export * from "./commands";
export * from "./commands-model";
export * from "./commands-residence";
export * from "./commands-results";
export * from "./commands-voting";
export * from "./model";
export { authorize, can, type ElectionAction, type ElectionSubject } from "./permissions";
export * from "./record";
export * from "./record-file";
export * from "./rules";
export type { ChainHeadItem, ElectionStatus } from "./store";
export { TALLY_SHARDS } from "./store";
export * from "./tally";
export * from "./verify";
