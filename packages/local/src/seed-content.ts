/**
 * Demo content for `npm start`, so a newcomer finds something to take part in: the children's
 * painting contest and the Hami festival open for submissions, and a council-assistant election
 * of district 6 taking candidacies. Created once through the same core commands staff use (so
 * every item, index entry and audit line is what the real flow writes), by the demo accounts
 * `central` and `elections`; a marker item written last records that it is done.
 *
 * Not used by the tests and benchmarks: they create exactly the data they assert on.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "@hamdel/core";
import { db, table } from "@hamdel/core/db";
import { createElection } from "@hamdel/core/elections";
import { tehranDateIso } from "@hamdel/core/fa";
import { createHamiProgramme, createPaintingProgramme, createProgramme } from "@hamdel/core/festival";
import { neighbourhoodsOf } from "@hamdel/core/geo";
import type { StaffView } from "@hamdel/core/identity";

const MARKER = { pk: "SEED", sk: "content#v1" };
const DAY = 86_400_000;

const actorOf = (s: StaffView): Actor => ({
  kind: "staff",
  userId: s.id,
  sessionId: "demo-seed",
  username: s.username,
  roles: s.roles,
});

export async function seedDemoContent(
  staff: ReadonlyMap<string, StaffView>,
  now = Date.now(),
): Promise<{ created: boolean }> {
  const done = await db().send(new GetCommand({ TableName: table(), Key: MARKER }));
  if (done.Item) return { created: false };
  const central = staff.get("central");
  const electionAdmin = staff.get("elections");
  if (!central || !electionAdmin) throw new Error("demo content needs the demo staff accounts");

  const at = (days: number) => new Date(now + days * DAY).toISOString();
  await createProgramme(
    actorOf(central),
    createPaintingProgramme({
      title: "مسابقهٔ نقاشی «شهری که من دوست دارم» (نمونه)",
      submissionOpensAt: at(-1),
      submissionClosesAt: at(60),
      judgingStartsAt: at(61),
      judgingEndsAt: at(90),
    }),
  );
  await createProgramme(
    actorOf(central),
    createHamiProgramme({
      title: "جشنواره حامی (نمونه)",
      submissionOpensAt: at(-1),
      submissionClosesAt: at(30),
      judgingStartsAt: at(31),
      judgingEndsAt: at(75),
    }),
  );
  // Candidacies open now for two weeks; the vote is a Tehran day three weeks from now.
  await createElection(actorOf(electionAdmin), {
    title: "انتخابات شورایاری محله‌های منطقهٔ ۶ (نمونه)",
    term: 6,
    neighbourhoods: neighbourhoodsOf("6").map((n) => n.id),
    seats: { mainSeats: 7, alternateSeats: 3, maxChoices: 7 },
    registration: { opensAt: at(-1), closesAt: at(14) },
    voting: {
      day: tehranDateIso(new Date(now + 21 * DAY)),
      opens: "08:00",
      closes: "16:00",
      maxExtensionMinutes: 240,
    },
    complaints: { opensAt: at(23), closesAt: at(26) },
  });
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...MARKER, seededAt: new Date(now).toISOString() },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { created: true };
}
