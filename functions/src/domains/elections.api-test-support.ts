/**
 * Helpers for the elections API tests (app.request against DynamoDB Local and the S3 emulator):
 * one test clock that identity (sessions, TOTP) and elections read, staff and citizens signed in
 * through the API at that clock, finalised uploads, and answers checked as JSON or problem+json.
 */
import type { RoleGrant } from "@hamdel/core";
import { tehranWallTime } from "@hamdel/core/fa";
import { setClock } from "@hamdel/core/identity";
import { afterAll, beforeAll, expect } from "vitest";
import { app } from "../app";
import {
  Agent,
  createStaff,
  freshMobile,
  freshNationalId,
  onePixelPng,
  signInCitizen,
} from "../testing/agent";

export const DAY = 24 * 3600 * 1000;
export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * An election's days relative to today, voting `daysAhead` days from now: the session cookie's
 * Max-Age is counted from the real time, so the test clock stays within days of it.
 */
export function electionDays(daysAhead: number) {
  const realNow = Date.now();
  const votingDay = new Date(realNow + daysAhead * DAY).toISOString().slice(0, 10);
  return {
    realNow,
    votingDay,
    onVotingDay: (hhmm: string) => tehranWallTime(votingDay, hhmm).getTime(),
    duringRegistration: realNow + 3600 * 1000,
  };
}

let t = Date.now();

/**
 * Puts the file's requests on the test clock, starting at `start`; `at` moves it. The session
 * cookie's Max-Age is counted from the real time, so keep the clock within days of it and sign
 * people in again in each phase.
 */
export function useTestClock(start: number): void {
  t = start;
  beforeAll(() => setClock(() => t));
  afterAll(() => setClock());
}

export const at = (ms: number) => {
  t = ms;
};

/** A staff member with `roles`, signed in through the API at the test clock (TOTP at that time). */
export async function staffAgent(...roles: RoleGrant[]): Promise<Agent> {
  const account = await createStaff(roles);
  const agent = new Agent(app);
  const res = await agent.call("POST", "/api/identity/staff/sign-in", {
    body: {
      username: account.username,
      password: account.password,
      code: account.totp.generate({ timestamp: t }),
    },
  });
  expect(res.status).toBe(200);
  return agent;
}

export async function citizen(mobile = freshMobile()): Promise<Agent> {
  const agent = new Agent(app);
  await signInCitizen(agent, mobile);
  return agent;
}

export async function ok<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const body = await r.text();
  expect(r.status, body).toBe(status);
  return JSON.parse(body) as T;
}

export async function problem(res: Response | Promise<Response>, status: number, code: string) {
  const r = await res;
  expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await r.json()) as { status: number; code: string; messageFa: string };
  expect({ status: r.status, code: body.code }).toEqual({ status, code });
  expect(body.messageFa.length).toBeGreaterThan(0);
  return body;
}

/** An upload of the agent's own, put in the S3 emulator and finalised (a PNG, valid for both purposes). */
export async function finalisedUpload(agent: Agent, purpose: "profile-photo" | "document"): Promise<string> {
  const ticket = await ok<{ uploadId: string; url: string; headers: Record<string, string> }>(
    agent.call("POST", "/api/uploads", {
      body: { purpose, fileName: "f.png", contentType: "image/png", size: onePixelPng.length },
    }),
    201,
  );
  const put = await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: onePixelPng });
  expect(put.status).toBe(200);
  await ok(agent.call("POST", `/api/uploads/${ticket.uploadId}/finalise`));
  return ticket.uploadId;
}

/** A signed-in citizen with a complete profile in `neighbourhood` (district 7). */
export async function applicant(
  neighbourhood: string,
  firstName: string,
  nationalId = freshNationalId(),
  mobile = freshMobile(),
): Promise<Agent> {
  const agent = await citizen(mobile);
  await ok(
    agent.call("PUT", "/api/identity/me/profile", {
      body: {
        firstName,
        lastName: "احمدی",
        nationalId,
        birthDate: "1360/01/20",
        district: "7",
        neighbourhood,
      },
    }),
  );
  return agent;
}
