/**
 * Foundation benchmark on the embedded default: how fast the platform starts and serves its
 * first page, how many citizen sign-ins (OTP request → outbox → verify) it completes per second,
 * and what a session-authenticated read costs through the whole HTTP stack compared with the
 * bare DynamoDB GetItem underneath it (the ratio is the price of our layers).
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, table } from "@hamdel/core/db";
import { startPlatform } from "../functions/src/local";
import { Agent, signInCitizen } from "../functions/src/testing/agent";
import { describeRun, measure } from "./stats";

export async function foundationBench(): Promise<void> {
  console.log("\n== Foundation: start-up, sign-in, authenticated reads ==");
  const t0 = performance.now();
  const platform = await startPlatform({ port: 0 });
  const ready = performance.now();
  const page = await fetch(`${platform.url}/`);
  await page.text();
  const served = performance.now();
  console.log(
    `start-up (in-memory stores, seed, API, web): ready ${((ready - t0) / 1000).toFixed(2)} s, first page ${((served - t0) / 1000).toFixed(2)} s (HTTP ${page.status})`,
  );
  try {
    const { app } = await import("../functions/src/app");

    const signIns = await measure(300, 8, async () => {
      await signInCitizen(new Agent(app));
    });
    console.log(describeRun("citizen sign-in (request + outbox + verify)", signIns));

    const agents = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const a = new Agent(app);
        await signInCitizen(a);
        return a;
      }),
    );
    const me = await measure(3000, 16, async (i) => {
      const res = await (agents[i % agents.length] as Agent).call("GET", "/api/identity/me");
      if (res.status !== 200) throw new Error(`GET /me → ${res.status}`);
      await res.arrayBuffer();
    });
    console.log(describeRun("GET /api/identity/me (session resolved)", me));

    const raw = await measure(3000, 16, async () => {
      await db().send(new GetCommand({ TableName: table(), Key: { pk: "SEED", sk: "demo#v1" } }));
    });
    console.log(describeRun("raw DynamoDB GetItem (same store)", raw));
    console.log(
      `ratio: GET /me does ${(me.p50 / raw.p50 || 0).toFixed(1)}× the p50 latency of one GetItem ` +
        `(${(raw.perSecond / me.perSecond).toFixed(1)}× fewer per second); it reads the session and the user.`,
    );

    const districts = await measure(3000, 16, async () => {
      const res = await app.request("http://localhost/api/geo/districts");
      await res.arrayBuffer();
    });
    console.log(describeRun("GET /api/geo/districts (no store)", districts));
  } finally {
    await platform.stop();
  }
}
