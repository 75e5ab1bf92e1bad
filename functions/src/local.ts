/**
 * The embedded default: the whole platform on one machine and one origin.
 *
 *   DynamoDB Local (file-backed under .data/) + the S3 emulator + the composed Hono API
 *   + the built web app (web/dist), served on http://127.0.0.1:3000 (PORT overrides).
 *
 * `npm start` runs this file; the end-to-end tests and benchmarks call startPlatform()
 * with in-memory stores and a free port.
 */
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { applyEnv, assertPortFree, type StackEnv, startStores } from "@hamdel/local";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { type LogLevel, setLogLevel } from "./http/log";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const webDist = join(root, "web", "dist");

export interface Platform {
  url: string;
  env: StackEnv;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** 0 picks a free port. */
  port: number;
  /** Persist data here; omit for in-memory stores (tests, benchmarks). */
  dataDir?: string;
  /** Seed the demo data (districts are code; this seeds accounts). Default true. */
  seed?: boolean;
  /** Also seed demo content (open programmes, an election taking candidacies): npm start only. */
  demoContent?: boolean;
  log?: (line: string) => void;
  /** The platform's own log threshold in this process (e2e keeps it to warnings). */
  logLevel?: LogLevel;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const log = opts.log ?? (() => {});
  if (opts.logLevel) setLogLevel(opts.logLevel);
  if (opts.port !== 0) await assertPortFree(opts.port, "Hamdel web + API", "PORT");
  if (!existsSync(join(webDist, "index.html"))) {
    throw new Error("web/dist is missing: build the web app first (npm run build -w web), or use npm start");
  }
  const stores = await startStores(opts.dataDir ? { dataDir: opts.dataDir } : {});
  applyEnv(stores.env);
  try {
    // Imported after the environment is set: the app's modules read config lazily, but
    // keeping the order explicit makes the dependency obvious.
    const { app } = await import("./app");
    const { seedDemoData } = await import("@hamdel/local/seed");
    const { sweepUnfinalised } = await import("@hamdel/core/blob");
    if (opts.seed !== false) {
      const seeded = await seedDemoData();
      log(seeded.created ? "Demo data seeded." : "Demo data already present.");
      if (opts.demoContent) {
        const { seedDemoContent } = await import("@hamdel/local/seed-content");
        const content = await seedDemoContent(seeded.staff);
        if (content.created) log("Demo programmes and election created.");
      }
    }

    const server = new Hono();
    // Only /api/* reaches the API app, so its middleware (security headers with a strict
    // CSP meant for JSON) does not apply to the web app's files.
    server.all("/api/*", (c) => app.fetch(c.req.raw, c.env));
    server.use("/*", serveStatic({ root: relative(process.cwd(), webDist) || "." }));
    // Client-side routes (/profile, /staff/…) get the SPA's index.html, read each time so a web
    // rebuild while the platform runs (npm run dev, or a build during a test run) is picked up.
    server.get("*", (c) => c.html(readFileSync(join(webDist, "index.html"), "utf8")));

    const httpServer = await new Promise<ReturnType<typeof serve>>((ok) => {
      const s = serve({ fetch: server.fetch, port: opts.port, hostname: "127.0.0.1" }, () => ok(s));
    });
    const port = (httpServer.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    process.env.HAMDEL_WEB_ORIGIN = url;

    // Locally there is no bucket lifecycle rule: sweep unfinalised uploads instead.
    const sweep = setInterval(
      () => {
        sweepUnfinalised(new Date()).catch((e: unknown) => log(`upload sweep failed: ${String(e)}`));
      },
      10 * 60 * 1000,
    );
    sweep.unref();

    // In AWS a Cron seals the elections' bulletin boards every minute (elections-sealer.ts); here,
    // every 30 s, with the local election key (config.electionKey derives one from the secret).
    const { config } = await import("@hamdel/core");
    const { loadElectionKey, sealOpenElections } = await import("@hamdel/core/elections");
    const seal = setInterval(() => {
      Promise.resolve()
        .then(() => sealOpenElections(loadElectionKey(config.electionKey)))
        .catch((e: unknown) => log(`election sealing failed: ${String(e)}`));
    }, 30 * 1000);
    seal.unref();

    return {
      url,
      env: stores.env,
      stop: async () => {
        clearInterval(sweep);
        clearInterval(seal);
        await new Promise<void>((ok) => httpServer.close(() => ok()));
        await stores.stop();
      },
    };
  } catch (e) {
    await stores.stop();
    throw e;
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(root, process.env.HAMDEL_DATA_DIR ?? ".data");
  const started = Date.now();
  let platform: Platform;
  try {
    platform = await startPlatform({ port, dataDir, demoContent: true, log: (l) => console.log(l) });
  } catch (e) {
    console.error(`✖ ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  const { demoAccountsHelp } = await import("@hamdel/local/seed");
  console.log(
    `\nHamdel is running at ${platform.url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(`Data is kept in ${relative(process.cwd(), dataDir) || dataDir}; delete it to start afresh.`);
  console.log(demoAccountsHelp(platform.url));
  console.log("Press Ctrl-C to stop.");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await platform.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
