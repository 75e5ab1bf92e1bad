/**
 * Identity's items on the one table (see ACCESS_PATTERNS.md, section "identity").
 *
 * Why this shape: every lookup a sign-in needs is a GetItem on a key derived from what the
 * person presents (the HMAC of their mobile, the SHA-256 of their session token, their username),
 * and every "one per …" rule is an item whose existence is the rule (MOBILE#, NATIONALID#,
 * USERNAME#), created with attribute_not_exists in the same transaction as the change.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { RoleGrant } from "../actor";
import type { TransactItem } from "../audit";
import { db, table } from "../db";
import type { Profile, StaffStatus } from "./model";
import type { SessionKind } from "./rules";

export const keys = {
  user: (id: string) => ({ pk: `USER#${id}`, sk: "USER" }),
  mobile: (mobileHash: string) => ({ pk: `MOBILE#${mobileHash}`, sk: "MOBILE" }),
  nationalId: (hash: string) => ({ pk: `NATIONALID#${hash}`, sk: "NATIONALID" }),
  username: (username: string) => ({ pk: `USERNAME#${username}`, sk: "USERNAME" }),
  challenge: (id: string) => ({ pk: `OTP#${id}`, sk: "OTP" }),
  otpCooldown: (mobileHash: string) => ({ pk: `OTPCOOLDOWN#${mobileHash}`, sk: "OTPCOOLDOWN" }),
  session: (tokenHash: string) => ({ pk: `SESSION#${tokenHash}`, sk: "SESSION" }),
  invitation: (tokenHash: string) => ({ pk: `INVITE#${tokenHash}`, sk: "INVITE" }),
  recoveryCode: (userId: string, codeHash: string) => ({ pk: `USER#${userId}`, sk: `RECOVERY#${codeHash}` }),
};

export interface CitizenItem {
  kind: "citizen";
  id: string;
  mobile: string;
  mobileHash: string;
  createdAt: string;
  profile?: Profile;
  nationalIdHash?: string;
  profileVersion: number;
}

export interface StaffItem {
  kind: "staff";
  id: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  status: StaffStatus;
  createdAt: string;
  passwordHash?: string;
  /** AES-256-GCM sealed base32 secret (crypto.encrypt "totp-secret"). */
  totpSecret?: string;
  lastTotpStep?: number;
}

export type UserItem = CitizenItem | StaffItem;

export interface ChallengeItem {
  id: string;
  mobile: string;
  mobileHash: string;
  codeHash: string;
  attempts: number;
  status: "pending" | "used";
  createdAt: string;
  expiresAt: number;
}

export interface SessionItem {
  id: string;
  userId: string;
  kind: SessionKind;
  csrfToken: string;
  createdAt: string;
  lastSeenAtMs: number;
  expiresAtMs: number;
  userAgent?: string;
}

export interface InvitationItem {
  staffId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  status: "pending" | "accepted" | "confirmed";
  createdAt: string;
  /** Epoch seconds; TTL. */
  expiresAt: number;
}

const T = () => table();

async function get<V>(key: { pk: string; sk: string }): Promise<V | undefined> {
  const out = await db().send(new GetCommand({ TableName: T(), Key: key, ConsistentRead: true }));
  return out.Item as V | undefined;
}

/** Why each item of a cancelled transaction failed ("None", "ConditionalCheckFailed", …), or null. */
// ── users ────────────────────────────────────────────────────────────────────────────────────

export function getUser(id: string): Promise<UserItem | undefined> {
  return get<UserItem>(keys.user(id));
}

export async function userIdByMobile(mobileHash: string): Promise<string | undefined> {
  return (await get<{ userId: string }>(keys.mobile(mobileHash)))?.userId;
}

export async function userIdByUsername(username: string): Promise<string | undefined> {
  return (await get<{ userId: string }>(keys.username(username)))?.userId;
}

/** The two puts that create a citizen: the user and the one-per-mobile item. */
export function createCitizenItems(user: CitizenItem): TransactItem[] {
  return [
    {
      Put: {
        TableName: T(),
        Item: { ...keys.mobile(user.mobileHash), type: "mobile", userId: user.id },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Put: {
        TableName: T(),
        Item: { ...keys.user(user.id), type: "user", ...user },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
}

/**
 * A profile change: the user (only if nobody changed it since we read `expectedVersion`), the
 * national id's uniqueness item (new, or already ours), and the release of the old one.
 */
export function updateProfileItems(
  user: CitizenItem,
  profile: Profile,
  nationalIdHash: string,
): TransactItem[] {
  const items: TransactItem[] = [
    {
      Update: {
        TableName: T(),
        Key: keys.user(user.id),
        UpdateExpression: "SET profile = :profile, nationalIdHash = :nid, profileVersion = :next",
        ConditionExpression: "profileVersion = :expected",
        ExpressionAttributeValues: {
          ":profile": profile,
          ":nid": nationalIdHash,
          ":next": user.profileVersion + 1,
          ":expected": user.profileVersion,
        },
      },
    },
    {
      Put: {
        TableName: T(),
        Item: { ...keys.nationalId(nationalIdHash), type: "national-id", userId: user.id },
        ConditionExpression: "attribute_not_exists(pk) OR userId = :me",
        ExpressionAttributeValues: { ":me": user.id },
      },
    },
  ];
  if (user.nationalIdHash && user.nationalIdHash !== nationalIdHash) {
    items.push({
      Delete: {
        TableName: T(),
        Key: keys.nationalId(user.nationalIdHash),
        ConditionExpression: "userId = :me",
        ExpressionAttributeValues: { ":me": user.id },
      },
    });
  }
  return items;
}

// ── OTP challenges ───────────────────────────────────────────────────────────────────────────

export async function putChallenge(challenge: ChallengeItem): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: T(),
      Item: { ...keys.challenge(challenge.id), type: "otp-challenge", ...challenge },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
}

export function getChallenge(id: string): Promise<ChallengeItem | undefined> {
  return get<ChallengeItem>(keys.challenge(id));
}

/**
 * Spends one attempt on a challenge, atomically, and only while it is pending, unexpired and has
 * attempts left. Returns the challenge after the spend, or undefined when no attempt was allowed
 * (the caller reads the challenge to say why).
 */
export async function spendAttempt(
  id: string,
  nowSeconds: number,
  maxAttempts: number,
): Promise<ChallengeItem | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: keys.challenge(id),
        UpdateExpression: "ADD attempts :one",
        ConditionExpression:
          "attribute_exists(pk) AND #status = :pending AND attempts < :max AND expiresAt > :now",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":one": 1,
          ":pending": "pending",
          ":max": maxAttempts,
          ":now": nowSeconds,
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return out.Attributes as ChallengeItem;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return undefined;
    throw e;
  }
}

/** Marks a challenge used; false when another request used it first. */
export async function useChallenge(id: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: keys.challenge(id),
        UpdateExpression: "SET #status = :used",
        ConditionExpression: "#status = :pending",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":used": "used", ":pending": "pending" },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/**
 * Claims the resend cooldown of a number: succeeds when there is none or it has passed. Returns
 * the milliseconds still to wait when it has not.
 */
export async function claimOtpCooldown(
  mobileHash: string,
  nowMs: number,
  cooldownSeconds: number,
): Promise<number> {
  const availableAtMs = nowMs + cooldownSeconds * 1000;
  try {
    await db().send(
      new PutCommand({
        TableName: T(),
        Item: {
          ...keys.otpCooldown(mobileHash),
          type: "otp-cooldown",
          availableAtMs,
          expiresAt: Math.ceil(availableAtMs / 1000) + 60,
        },
        ConditionExpression: "attribute_not_exists(pk) OR availableAtMs <= :now",
        ExpressionAttributeValues: { ":now": nowMs },
      }),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
    const current = await get<{ availableAtMs: number }>(keys.otpCooldown(mobileHash));
    return Math.max(1, (current?.availableAtMs ?? nowMs + 1000) - nowMs);
  }
}

/** Gives the cooldown back when the SMS could not be sent, so the person can retry at once. */
export async function releaseOtpCooldown(mobileHash: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: T(), Key: keys.otpCooldown(mobileHash) }));
}

// ── sessions ─────────────────────────────────────────────────────────────────────────────────

export function putSessionItem(tokenHash: string, session: SessionItem): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...keys.session(tokenHash),
        type: "session",
        gsi1pk: `USER#${session.userId}`,
        gsi1sk: `SESSION#${session.createdAt}#${session.id}`,
        ...session,
        expiresAt: Math.ceil(session.expiresAtMs / 1000),
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

export function getSession(tokenHash: string): Promise<SessionItem | undefined> {
  return get<SessionItem>(keys.session(tokenHash));
}

export async function touchSession(tokenHash: string, nowMs: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: keys.session(tokenHash),
        UpdateExpression: "SET lastSeenAtMs = :now",
        ConditionExpression: "attribute_exists(pk) AND lastSeenAtMs < :now",
        ExpressionAttributeValues: { ":now": nowMs },
      }),
    );
  } catch (e) {
    // Revoked meanwhile, or another request touched it first: both fine.
    if (!(e instanceof ConditionalCheckFailedException)) throw e;
  }
}

/** A user's sessions with their keys (gsi1 `USER#<id>` / `SESSION#…`), newest first. */
export async function listSessionsOfUser(userId: string): Promise<Array<SessionItem & { pk: string }>> {
  const out = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :user AND begins_with(gsi1sk, :session)",
      ExpressionAttributeValues: { ":user": `USER#${userId}`, ":session": "SESSION#" },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return (out.Items ?? []) as Array<SessionItem & { pk: string }>;
}

/** Deletes a session if it belongs to `userId`; false when it is already gone. */
export async function deleteSession(pk: string, userId: string): Promise<boolean> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: T(),
        Key: { pk, sk: "SESSION" },
        ConditionExpression: "userId = :me",
        ExpressionAttributeValues: { ":me": userId },
      }),
    );
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

// ── staff ────────────────────────────────────────────────────────────────────────────────────

export function createStaffItems(staff: StaffItem): TransactItem[] {
  return [
    {
      Put: {
        TableName: T(),
        Item: { ...keys.username(staff.username), type: "username", userId: staff.id },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    {
      Put: {
        TableName: T(),
        Item: {
          ...keys.user(staff.id),
          type: "user",
          gsi1pk: "STAFF",
          gsi1sk: `STAFF#${staff.username}`,
          ...staff,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];
}

export async function listStaffItems(): Promise<StaffItem[]> {
  const items: StaffItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: T(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :staff",
        ExpressionAttributeValues: { ":staff": "STAFF" },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as StaffItem[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export function setRolesItem(staffId: string, roles: RoleGrant[]): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.user(staffId),
      UpdateExpression: "SET #roles = :roles",
      ConditionExpression: "kind = :staff",
      ExpressionAttributeNames: { "#roles": "roles" },
      ExpressionAttributeValues: { ":roles": roles, ":staff": "staff" },
    },
  };
}

/** Records the TOTP step just used, only if it is later than the last one (no replay). */
export function useTotpStepItem(staffId: string, step: number, requireStatus: StaffStatus): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.user(staffId),
      UpdateExpression: "SET lastTotpStep = :step",
      ConditionExpression:
        "#status = :status AND (attribute_not_exists(lastTotpStep) OR lastTotpStep < :step)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":step": step, ":status": requireStatus },
    },
  };
}

export function useRecoveryCodeItem(staffId: string, codeHash: string): TransactItem {
  return {
    Delete: {
      TableName: T(),
      Key: keys.recoveryCode(staffId, codeHash),
      ConditionExpression: "attribute_exists(pk)",
    },
  };
}

export function putRecoveryCodeItem(staffId: string, codeHash: string, createdAt: string): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: { ...keys.recoveryCode(staffId, codeHash), type: "recovery-code", createdAt },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

// ── invitations ──────────────────────────────────────────────────────────────────────────────

export function putInvitationItem(tokenHash: string, invitation: InvitationItem): TransactItem {
  return {
    Put: {
      TableName: T(),
      Item: { ...keys.invitation(tokenHash), type: "invitation", ...invitation },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

export function getInvitationItem(tokenHash: string): Promise<InvitationItem | undefined> {
  return get<InvitationItem>(keys.invitation(tokenHash));
}

/** Moves an invitation from one of `from` to `to`, only while it is unexpired. */
export function advanceInvitationItem(
  tokenHash: string,
  from: ReadonlyArray<InvitationItem["status"]>,
  to: InvitationItem["status"],
  nowSeconds: number,
): TransactItem {
  const names = from.map((_, i) => `:from${i}`);
  return {
    Update: {
      TableName: T(),
      Key: keys.invitation(tokenHash),
      UpdateExpression: "SET #status = :to",
      ConditionExpression: `#status IN (${names.join(", ")}) AND expiresAt > :now`,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":to": to,
        ":now": nowSeconds,
        ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
      },
    },
  };
}

/** Sets what an accepted invitation enrols: the password hash and the sealed TOTP secret. */
export function enrolStaffItem(
  staffId: string,
  passwordHash: string,
  sealedTotpSecret: string,
): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.user(staffId),
      UpdateExpression: "SET passwordHash = :password, totpSecret = :secret, #status = :enrolling",
      ConditionExpression: "#status IN (:invited, :enrolling)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":password": passwordHash,
        ":secret": sealedTotpSecret,
        ":invited": "invited",
        ":enrolling": "enrolling",
      },
    },
  };
}

export function activateStaffItem(staffId: string, step: number): TransactItem {
  return {
    Update: {
      TableName: T(),
      Key: keys.user(staffId),
      UpdateExpression: "SET #status = :active, lastTotpStep = :step",
      ConditionExpression: "#status = :enrolling",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":active": "active", ":enrolling": "enrolling", ":step": step },
    },
  };
}
