/**
 * Who may do what with an upload. An upload belongs to whoever created it: only they can
 * finalise it or read it through this domain. Domains that attach uploads to their own items
 * (a submission's artwork, a profile photo) add their own read rules and use presignRead.
 */
import type { Actor } from "../actor";

export type UploadAction = "create" | "finalise" | "read";

export function can(actor: Actor, action: UploadAction, upload?: { ownerId: string }): boolean {
  if (actor.kind === "anonymous") return false;
  switch (action) {
    case "create":
      return true;
    case "finalise":
    case "read":
      return upload !== undefined && upload.ownerId === actor.userId;
  }
}
