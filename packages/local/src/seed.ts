/**
 * Demo data for the embedded default: one staff account per role (districts and
 * neighbourhoods are reference data in @hamdel/core/geo, not rows). Idempotent: every
 * account is created with a conditional write, and a marker item records the seed version
 * so restarts say "already present" without redoing work.
 *
 * The demo passwords and TOTP secrets are public on purpose: this data exists only in the
 * local stage. Citizens need no seed: any mobile number signs in, the code goes to the
 * dev outbox.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { RoleGrant } from "@hamdel/core";
import { db, table } from "@hamdel/core/db";
import { createStaffAccount, type StaffView } from "@hamdel/core/identity";

export const DEMO_PASSWORD = "hamdel-demo-1234";
const SEED_VERSION = "demo#v1";

export interface DemoStaff {
  username: string;
  displayName: string;
  roles: RoleGrant[];
  /** Base32 TOTP secret: add it to an authenticator app, or compute codes with otpauth. */
  totpSecret: string;
}

/** Base32 secrets of 32 characters (160 bits), fixed so a developer's authenticator keeps working across restarts. */
export const demoStaff: DemoStaff[] = [
  {
    username: "admin",
    displayName: "مدیر سامانه",
    roles: [{ role: "platform_admin" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXA",
  },
  {
    username: "central",
    displayName: "دبیرخانه مرکزی",
    roles: [{ role: "central_secretariat" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXB",
  },
  {
    username: "district6",
    displayName: "دبیرخانه منطقه ۶",
    roles: [{ role: "district_secretariat", scope: "6" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXC",
  },
  {
    username: "juror",
    displayName: "داور نمونه",
    roles: [{ role: "juror", scope: "demo" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXD",
  },
  {
    username: "elections",
    displayName: "مجری انتخابات",
    roles: [{ role: "election_admin" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXE",
  },
  {
    username: "observer",
    displayName: "ناظر انتخابات",
    roles: [{ role: "election_observer" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXF",
  },
  {
    username: "operator137",
    displayName: "اپراتور ۱۳۷",
    roles: [{ role: "mosque_operator" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXG",
  },
  {
    username: "ngohq",
    displayName: "ستاد سمن‌ها",
    roles: [{ role: "ngo_hq" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXH",
  },
  {
    username: "donors",
    displayName: "مدیر باشگاه خیرین",
    roles: [{ role: "donor_club_manager" }],
    totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXI",
  },
];

export async function seedDemoData(): Promise<{ created: boolean; staff: Map<string, StaffView> }> {
  const staff = new Map<string, StaffView>();
  for (const s of demoStaff) {
    const account = await createStaffAccount({
      username: s.username,
      displayName: s.displayName,
      password: DEMO_PASSWORD,
      totpSecret: s.totpSecret,
      roles: s.roles,
    });
    staff.set(account.username, account);
  }
  try {
    await db().send(
      new PutCommand({
        TableName: table(),
        Item: { pk: "SEED", sk: SEED_VERSION, seededAt: new Date().toISOString() },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return { created: true, staff };
  } catch (e) {
    if ((e as { name?: string }).name === "ConditionalCheckFailedException") return { created: false, staff };
    throw e;
  }
}

export function demoAccountsHelp(url: string): string {
  const lines = [
    "",
    `Sign in as a citizen: any mobile number (e.g. 09121234567) at ${url}/sign-in;`,
    `  the one-time code is printed here and shown at ${url}/dev/outbox.`,
    `Staff sign-in at ${url}/staff/sign-in — password for every demo account: ${DEMO_PASSWORD}`,
    "  plus the 6-digit code of an authenticator app set up with the account's TOTP secret:",
    ...demoStaff.map(
      (s) =>
        `    ${s.username.padEnd(12)} ${s.roles
          .map((r) => (r.scope ? `${r.role}:${r.scope}` : r.role))
          .join(", ")
          .padEnd(26)} ${s.totpSecret}`,
    ),
    "  (or: npx tsx scripts/totp.ts <username> prints the current code)",
  ];
  return lines.join("\n");
}
