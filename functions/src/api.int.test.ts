/**
 * The API through the composed app (app.request), against DynamoDB Local: the citizen's whole
 * sign-in → profile → sessions → revoke flow, the problem+json answers of real routes, and CSRF.
 */
import { findNeighbourhood, neighbourhoodsOf } from "@hamdel/core/geo";
import { setClock } from "@hamdel/core/identity";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "./app";
import {
  Agent,
  codeFromOutbox,
  createStaff,
  freshMobile,
  freshNationalId,
  signInCitizen,
} from "./testing/agent";
import { readProblem } from "./testing/problem";

const sessionCookie = "hamdel_session";
const persian = (ascii: string) => ascii.replace(/\d/g, (d) => "۰۱۲۳۴۵۶۷۸۹"[Number(d)] as string);

afterEach(() => {
  setClock();
});

describe("citizen flow through the API", () => {
  it("signs in by OTP from the outbox, completes the profile, lists and revokes sessions", async () => {
    const browser = new Agent(app);
    const mobile = freshMobile();
    // Persian digits and the +98 form are accepted for the same number.
    const persianMobile = `+۹۸${persian(mobile.slice(1))}`;
    const requested = await browser.call("POST", "/api/identity/otp/request", {
      body: { mobile: persianMobile },
    });
    expect(requested.status).toBe(202);
    const challenge = (await requested.json()) as {
      challengeId: string;
      expiresAt: string;
      resendAfterSeconds: number;
    };
    expect(challenge.challengeId).toBeTruthy();
    expect(Date.parse(challenge.expiresAt)).toBeGreaterThan(Date.now());

    const code = await codeFromOutbox(browser, mobile);
    const wrong = await browser.call("POST", "/api/identity/otp/verify", {
      body: { challengeId: challenge.challengeId, code: code === "000000" ? "111111" : "000000" },
    });
    expect(wrong.status).toBe(422);
    expect((await readProblem(wrong)).code).toBe("identity.otp_invalid");
    expect(browser.cookies.has(sessionCookie)).toBe(false);

    const verified = await browser.call("POST", "/api/identity/otp/verify", {
      body: { challengeId: challenge.challengeId, code },
    });
    expect(verified.status).toBe(200);
    const setCookies = verified.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith(`${sessionCookie}=`));
    const csrf = setCookies.find((c) => c.startsWith("hamdel_csrf="));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).toMatch(/Max-Age=\d+/);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/SameSite=Lax/i);
    const me0 = (await verified.json()) as { kind: string; mobile: string; profileComplete: boolean };
    expect(me0).toMatchObject({ kind: "citizen", profileComplete: false });
    expect(me0.mobile).toBe(`${mobile.slice(0, 4)}***${mobile.slice(-4)}`);

    const me = await browser.call("GET", "/api/identity/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: "citizen", profile: null });

    const nationalId = freshNationalId();
    const neighbourhood = neighbourhoodsOf("6")[0];
    if (!neighbourhood) throw new Error("district 6 has neighbourhoods");
    // Persian digits in the national id, birth date and district; Arabic ي and ك in the names.
    const updated = await browser.call("PUT", "/api/identity/me/profile", {
      body: {
        firstName: "علي",
        lastName: "كريمي",
        nationalId: persian(nationalId),
        birthDate: "۱۳۷۰/۰۵/۱۲",
        district: "۶",
        neighbourhood: neighbourhood.id,
      },
    });
    expect(updated.status).toBe(200);
    const me1 = (await updated.json()) as {
      profileComplete: boolean;
      profile: {
        firstName: string;
        lastName: string;
        district: string;
        nationalIdLast3: string;
        birthDate: string;
      };
    };
    expect(me1.profileComplete).toBe(true);
    expect(me1.profile).toMatchObject({
      firstName: "علی",
      lastName: "کریمی",
      district: "6",
      nationalIdLast3: nationalId.slice(-3),
      birthDate: "1991-08-03",
    });
    expect(findNeighbourhood(neighbourhood.id)?.district).toBe("6");

    // A second device signs in to the same account, after the resend pause.
    setClock(() => Date.now() + 61_000);
    const phone = new Agent(app);
    await signInCitizen(phone, mobile);
    const listed = await browser.call("GET", "/api/identity/sessions");
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as {
      items: { id: string; current: boolean; userAgent?: string }[];
    };
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const other = items.find((s) => !s.current);
    if (!other) throw new Error("the phone's session is listed");

    const revoked = await browser.call("DELETE", `/api/identity/sessions/${other.id}`);
    expect(revoked.status).toBe(204);
    const phoneAfter = await phone.call("GET", "/api/identity/me");
    expect(phoneAfter.status).toBe(401);
    expect(await readProblem(phoneAfter)).toMatchObject({ code: "auth.required" });
    // The stale cookie is cleared by the answer.
    expect(phone.cookies.has(sessionCookie)).toBe(false);

    const signedOut = await browser.call("POST", "/api/identity/sign-out");
    expect(signedOut.status).toBe(204);
    expect(browser.cookies.has(sessionCookie)).toBe(false);
    expect((await browser.call("GET", "/api/identity/me")).status).toBe(401);
  });

  it("rejects a profile with a bad national id and a neighbourhood of another district with 422 fields", async () => {
    const browser = new Agent(app);
    await signInCitizen(browser);
    const otherDistrict = neighbourhoodsOf("1")[0];
    const res = await browser.call("PUT", "/api/identity/me/profile", {
      body: {
        firstName: "سارا",
        lastName: "احمدی",
        nationalId: "0013542410",
        birthDate: "1370/13/40",
        district: "6",
        neighbourhood: otherDistrict?.id,
      },
    });
    expect(res.status).toBe(422);
    const p = await readProblem(res);
    expect(p.code).toBe("input.invalid");
    const paths = (p.fields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["nationalId", "birthDate"]));
    expect(p.messageFa).toMatch(/[\u0600-\u06FF]/);
  });
});

describe("problem answers of real routes", () => {
  it("422 with fields for a bad mobile, 400 for malformed JSON, 404 for unknown routes and resources", async () => {
    const anon = new Agent(app);
    const bad = await anon.call("POST", "/api/identity/otp/request", { body: { mobile: "12345" } });
    expect(bad.status).toBe(422);
    expect((await readProblem(bad)).fields?.[0]?.path).toBe("mobile");

    const malformed = await anon.call("POST", "/api/identity/otp/request", { rawBody: '{"mobile":' });
    expect(malformed.status).toBe(400);
    expect((await readProblem(malformed)).code).toBe("input.malformed_json");

    const unknown = await anon.call("GET", "/api/identity/nothing-here");
    expect(unknown.status).toBe(404);
    expect((await readProblem(unknown)).code).toBe("http.not_found");

    const noDistrict = await anon.call("GET", "/api/geo/districts/23/neighbourhoods");
    expect(noDistrict.status).toBe(404);
    expect((await readProblem(noDistrict)).code).toBe("geo.district.not_found");
  });

  it("401 for anonymous, 403 for a citizen on a platform-admin route", async () => {
    const anon = new Agent(app);
    expect((await readProblem(await anon.call("GET", "/api/identity/staff"))).code).toBe("auth.required");
    const citizen = new Agent(app);
    await signInCitizen(citizen);
    const res = await citizen.call("GET", "/api/identity/staff");
    expect(res.status).toBe(403);
    expect((await readProblem(res)).code).toBe("auth.forbidden");
  });

  it("429 with Retry-After once a number has asked for too many codes", async () => {
    const anon = new Agent(app);
    const mobile = freshMobile();
    let res: Response | undefined;
    for (let i = 0; i < 10; i++) {
      res = await anon.call("POST", "/api/identity/otp/request", { body: { mobile } });
      if (res.status === 429) break;
      expect(res.status).toBe(202);
    }
    expect(res?.status).toBe(429);
    expect(Number(res?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await readProblem(res as Response)).messageFa).toMatch(/[\u0600-\u06FF]/);
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated write without the token, with a wrong one, or from a foreign origin", async () => {
    const browser = new Agent(app);
    await signInCitizen(browser);
    const missing = await browser.call("POST", "/api/identity/sign-out", { csrf: false });
    expect(missing.status).toBe(403);
    expect((await readProblem(missing)).code).toBe("auth.csrf");

    const wrong = await browser.call("POST", "/api/identity/sign-out", {
      csrf: false,
      headers: { "x-csrf-token": "not-the-token" },
    });
    expect(wrong.status).toBe(403);
    expect((await readProblem(wrong)).code).toBe("auth.csrf");

    // A cookie planted by someone else (matching header) is not this session's token.
    const planted = await browser.call("POST", "/api/identity/sign-out", {
      csrf: false,
      headers: {
        cookie: `${browser.cookieHeader().replace(/hamdel_csrf=[^;]+/, "hamdel_csrf=planted-token-1234")}`,
        "x-csrf-token": "planted-token-1234",
      },
    });
    expect(planted.status).toBe(403);
    expect((await readProblem(planted)).code).toBe("auth.csrf");

    const foreign = await browser.call("POST", "/api/identity/sign-out", {
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect((await readProblem(foreign)).code).toBe("auth.csrf");

    // Still signed in: none of the refused writes did anything.
    expect((await browser.call("GET", "/api/identity/me")).status).toBe(200);
    const same = await browser.call("POST", "/api/identity/sign-out", {
      headers: { origin: "http://localhost" },
    });
    expect(same.status).toBe(204);
  });

  it("checks only the Origin on sign-in routes, which have no token yet", async () => {
    const browser = new Agent(app);
    const foreign = await browser.call("POST", "/api/identity/otp/request", {
      body: { mobile: freshMobile() },
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect((await readProblem(foreign)).code).toBe("auth.csrf");

    // Signed in already (cookies present) and signing in again as staff without a token: allowed.
    await signInCitizen(browser);
    const staff = await createStaff([{ role: "central_secretariat" }]);
    expect(browser.cookies.has(sessionCookie)).toBe(true);
    const res = await browser.call("POST", "/api/identity/staff/sign-in", {
      csrf: false,
      body: { username: staff.username, password: staff.password, code: staff.totp.generate() },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: "staff", roles: [{ role: "central_secretariat" }] });
  });
});
