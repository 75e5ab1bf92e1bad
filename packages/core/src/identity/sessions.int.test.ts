import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { neighbourhoodsOf } from "../geo";
import {
  getMe,
  listSessions,
  requestOtp,
  resolveSession,
  revokeSession,
  setClock,
  signOut,
  updateProfile,
  verifyOtp,
} from "./index";
import { codeSentTo, errorCode, freshNationalId, manualClock, signInCitizen } from "./test-support";

afterEach(() => setClock());

const MIN = 60_000;
const HOUR = 60 * MIN;

async function actorOf(token: string): Promise<Actor> {
  const resolved = await resolveSession(token);
  if (!resolved) throw new Error("session did not resolve");
  return resolved.actor;
}

describe("sessions", () => {
  it("ignores tokens that are malformed or unknown", async () => {
    expect(await resolveSession("")).toBeNull();
    expect(await resolveSession("not a token")).toBeNull();
    expect(await resolveSession("A".repeat(43))).toBeNull();
  });

  it("lists a person's sessions, revokes one, and signs out another", async () => {
    const clock = manualClock();
    const first = await signInCitizen("phone");
    clock.advance(61_000);
    const { challengeId } = await requestOtp({ mobile: first.mobile }, first.ctx);
    const second = await verifyOtp(
      { challengeId, code: await codeSentTo(first.mobile) },
      { ...first.ctx, userAgent: "laptop" },
    );
    const actor = await actorOf(first.session.token);

    const { items } = await listSessions(actor);
    expect(items.map((s) => [s.id, s.current, s.userAgent])).toEqual([
      [second.session.id, false, "laptop"],
      [first.session.id, true, "phone"],
    ]);

    // Someone else cannot see or revoke them.
    const stranger = await signInCitizen();
    const strangerActor = await actorOf(stranger.session.token);
    expect((await listSessions(strangerActor)).items.map((s) => s.id)).toEqual([stranger.session.id]);
    expect(await errorCode(revokeSession(strangerActor, second.session.id))).toBe(
      "identity.session.not_found",
    );
    expect(await resolveSession(second.session.token)).not.toBeNull();

    await revokeSession(actor, second.session.id);
    expect(await resolveSession(second.session.token)).toBeNull();
    expect(await errorCode(revokeSession(actor, second.session.id))).toBe("identity.session.not_found");

    await signOut(actor);
    expect(await resolveSession(first.session.token)).toBeNull();
    expect(await errorCode(listSessions({ kind: "anonymous" }))).toBe("auth.required");
  });

  it("ends a citizen's session after two idle hours", async () => {
    const clock = manualClock();
    const { session } = await signInCitizen();
    clock.advance(2 * HOUR - MIN);
    expect(await resolveSession(session.token)).not.toBeNull();
    clock.advance(2 * HOUR - 1);
    // Still live: the previous resolve counted as activity.
    expect(await resolveSession(session.token)).not.toBeNull();
    clock.advance(2 * HOUR);
    expect(await resolveSession(session.token)).toBeNull();
  });

  it("ends a citizen's session twelve hours after sign-in however active", async () => {
    const clock = manualClock();
    const { session } = await signInCitizen();
    for (let h = 1; h < 12; h++) {
      clock.advance(HOUR);
      expect(await resolveSession(session.token)).not.toBeNull();
    }
    clock.advance(HOUR);
    expect(await resolveSession(session.token)).toBeNull();
    expect(new Date(session.expiresAt).getTime()).toBe(clock.now());
  });
});

describe("citizen profile", () => {
  const [place] = neighbourhoodsOf("6");
  const profile = (nationalId: string) => ({
    firstName: "مريم",
    lastName: "احمدی",
    nationalId,
    birthDate: "1368/11/22",
    district: "6",
    neighbourhood: place?.id,
  });

  it("is saved normalised and shown with the national id masked", async () => {
    const { session, me: before } = await signInCitizen();
    const actor = await actorOf(session.token);
    const nationalId = freshNationalId();
    const me = await updateProfile(actor, profile(nationalId));
    expect(me).toEqual({
      ...before,
      profileComplete: true,
      profile: {
        firstName: "مریم",
        lastName: "احمدی",
        nationalIdLast3: nationalId.slice(-3),
        birthDate: "1990-02-11",
        district: "6",
        neighbourhood: place?.id,
      },
    });
    expect(await getMe(actor)).toEqual(me);
  });

  it("refuses a neighbourhood outside the district, staff and anonymous callers", async () => {
    const { session } = await signInCitizen();
    const actor = await actorOf(session.token);
    const [elsewhere] = neighbourhoodsOf("7");
    expect(
      await errorCode(updateProfile(actor, { ...profile(freshNationalId()), neighbourhood: elsewhere?.id })),
    ).toBe("input.invalid");
    expect(await errorCode(updateProfile({ kind: "anonymous" }, profile(freshNationalId())))).toBe(
      "auth.required",
    );
    const staff: Actor = {
      kind: "staff",
      userId: "S",
      sessionId: "S",
      username: "s",
      roles: [{ role: "platform_admin" }],
    };
    expect(await errorCode(updateProfile(staff, profile(freshNationalId())))).toBe("auth.forbidden");
    expect((await getMe(actor)).kind === "citizen" && (await getMe(actor))).toMatchObject({ profile: null });
  });

  it("gives a national id to exactly one account when two claim it at once, and frees it on change", async () => {
    const a = await actorOf((await signInCitizen()).session.token);
    const b = await actorOf((await signInCitizen()).session.token);
    const contested = freshNationalId();
    const results = await Promise.allSettled([
      updateProfile(a, profile(contested)),
      updateProfile(b, profile(contested)),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.reason.code)).toEqual(["identity.national_id_taken"]);

    const [winner, loser] = results[0]?.status === "fulfilled" ? [a, b] : [b, a];
    // The winner may save again with the same id; the loser still may not.
    await updateProfile(winner, { ...profile(contested), firstName: "سارا" });
    expect(await errorCode(updateProfile(loser, profile(contested)))).toBe("identity.national_id_taken");
    // Once the winner changes their id, the old one is free.
    await updateProfile(winner, profile(freshNationalId()));
    const me = await updateProfile(loser, profile(contested));
    expect(me.kind === "citizen" && me.profile?.nationalIdLast3).toBe(contested.slice(-3));
  });
});
