/**
 * Judging commands (I/O: DynamoDB, S3 presigning, SMS). Import from `@hamdel/core/festival`.
 * The pure rules they build on are `@hamdel/core/festival/judging` (judging/index.ts).
 *
 * Round lifecycle (central secretariat):
 *   openRound / lockRound / publishRound(actor, programmeId, roundId) → RoundState
 *   startJudging(actor, programmeId, {cursor?, limit?}) → {moved, cursor|null}   (after the window closes)
 *   settleRound(actor, programmeId, roundId, {cursor?, limit?}) → {marked, cursor|null}  (locked: the rest → not_selected)
 * Secretariats:
 *   listJudgingProgrammes(actor) → {items: JudgingProgramme[]}   (programmes that have opened, newest first)
 *   listQueue(actor, programmeId, roundId, {district?, status?, cursor?, limit?}) → {items: QueueItem[], cursor}
 *   recordScreening(actor, entryId, roundId, {vote, note?}) → Work
 *   decideSelection(actor, entryId, roundId, {decision: shortlist|select|reject|deselect}) → Work
 *   forwardEntry(actor, entryId, roundId) → Work          (district → central, central → jury; SMS)
 *   returnEntry(actor, entryId, roundId, {reason}) → Work  (rounds with canReturn)
 *   districtProgress(actor, programmeId) → {roundId, districts: DistrictProgress[]}
 * Panels and jurors:
 *   assignPanel(actor, programmeId, roundId, AssignPanelInput) → {assigned, shortfalls}
 *   nextWork(actor, programmeId, roundId) → JurorWork | null
 *   getEntryForJuror(actor, assignmentId) → JurorWork      (assignmentId = `${programmeId}.${roundId}.${entryId}`)
 *   submitScore(actor, assignmentId, {marks, comment?}) → Score
 * Results:
 *   computeRanking(actor, programmeId, roundId, {by?}) → Ranking
 *   decideWinners(actor, programmeId, roundId, {winners, honourableMentions}) → Decision
 *   publishResults(actor, programmeId) → RoundState        (SMS to winners and mentions)
 *   listResults(programmeId, {categoryId?, ageGroup?, district?}) → PublicResult[] (gallery: signed thumbnails)
 *   issueCertificates(actor, programmeId, {cursor?, limit?}) → {issued, cursor|null}
 *   verifyCertificate(code) → CertificateView (public);  getMyCertificate(actor, entryId)
 * Exports (central secretariat; CSV streamed, XLSX with a "dictionary" sheet):
 *   exportEntriesCsv(actor, programmeId) → {dictionary, rows: AsyncGenerator<string>};  exportEntriesXlsx → Buffer
 *   exportScoresCsv(actor, programmeId, roundId) → {dictionary, rows};  exportScoresXlsx → Buffer
 */
export {
  type DictionaryRow,
  entriesCsvDictionary,
  exportEntriesCsv,
  exportEntriesXlsx,
  exportScoresCsv,
  exportScoresXlsx,
  scoresDictionary,
  XLSX_CONTENT_TYPE,
} from "./commands-export";
export {
  type AssignPanelInput,
  assignmentIdOf,
  assignPanel,
  assignPanelInput,
  getEntryForJuror,
  JUROR_URL_SECONDS,
  type JurorWork,
  nextWork,
  submitScore,
} from "./commands-jury";
export {
  awardLabelsFa,
  type CertificateView,
  computeRanking,
  decideWinners,
  defaultGrouping,
  galleryThumbnail,
  galleryThumbnailPath,
  getMyCertificate,
  issueCertificates,
  listResults,
  normaliseCertificateCode,
  type PublicResult,
  publishResults,
  type RankedWork,
  type Ranking,
  verifyCertificate,
} from "./commands-results";
export {
  type DistrictProgress,
  decideSelection,
  districtProgress,
  forwardEntry,
  type JudgingProgramme,
  listJudgingProgrammes,
  listQueue,
  lockRound,
  openRound,
  publishRound,
  type QueueItem,
  recordScreening,
  returnEntry,
  selectionDecisions,
  settleRound,
  startJudging,
} from "./commands-rounds";
export { type BlindEntry, judgingCommandErrors } from "./commands-shared";
export { authorizeJudging, canJudge, type JudgingAction, type JudgingSubject } from "./permissions";
export type {
  Assignment,
  Award,
  Certificate,
  Decision,
  Progress,
  ResultCard,
  RoundState,
  Score,
  Work,
} from "./store";
