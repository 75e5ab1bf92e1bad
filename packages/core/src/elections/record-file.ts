/**
 * The election record as a file in the platform's private bucket, handed out by a short-lived
 * signed GET URL. A real election's record is far beyond what a Lambda may answer (6 MB: 20,000
 * ballots already make 5.4 MB of JSON), so the API never sends it in its response: the first
 * request for a version of the record writes it to `records/<election>/<status>-v<version>.json`
 * and every request, that one included, answers with a signed link to it.
 *
 * The version is the election item's own — its status and optimistic-lock version, which close
 * and certification move — so the preliminary record and the final one are two files, and a
 * file once written is never written again for that version: a small table item
 * (`RECORDFILE#<version>` under the election), put after the PUT succeeded, says so. Two first
 * requests at the same moment may both write it: each writes the complete record of that same
 * version, and either one verifies.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { bucket, s3Client } from "../blob";
import { presignRead } from "../blob/objects";
import { loadElection } from "./commands";
import { exportRecord, resultErrors } from "./commands-results";
import * as store from "./store";

export interface RecordLink {
  /** Signed GET URL of the record file, valid until expiresAt (minutes). */
  url: string;
  expiresAt: string;
  /** Which record: `preliminary-v3`, then `final-v4` once certified. */
  version: string;
  /** The file's size. */
  bytes: number;
}

export const recordFileKey = (electionId: string, version: string) => `records/${electionId}/${version}.json`;
export const recordVersionOf = (e: Pick<store.ElectionItem, "status" | "version">) =>
  `${e.status}-v${e.version}`;
/** The name the browser saves the file under. */
export const recordFileName = (electionId: string) => `election-${electionId}.json`;

/**
 * A signed link to the election's current record, writing the file first if this version has
 * none yet; public, after close (`election.not_closed` before).
 */
export async function recordLink(electionId: string): Promise<RecordLink> {
  const election = await loadElection(electionId);
  if (election.status === "scheduled" || !election.publicKey) throw resultErrors.notClosed();
  const version = recordVersionOf(election);
  const key = recordFileKey(electionId, version);
  // The table, not a HEAD, says whether this version's file exists: without s3:ListBucket (which
  // would let the function list every upload's key) S3 answers a HEAD of a missing object 403.
  let bytes = await store.recordFileBytes(electionId, version);
  if (bytes === undefined) {
    const body = Buffer.from(JSON.stringify(await exportRecord(electionId, election)));
    await s3Client().send(
      new PutObjectCommand({
        Bucket: bucket(),
        Key: key,
        Body: body,
        ContentType: "application/json",
        ContentLength: body.byteLength,
      }),
    );
    bytes = body.byteLength;
    await store.putRecordFileItem(electionId, version, bytes);
  }
  const link = await presignRead(key, { downloadName: recordFileName(electionId), attachment: true });
  return { ...link, version, bytes };
}
