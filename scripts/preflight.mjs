// Checks the prerequisites of `npm start` and says, in one line each, how to install what is missing.
import { spawnSync } from "node:child_process";

const problems = [];
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  problems.push(
    `Node ${process.versions.node} found; Hamdel needs Node 20.19+ (https://nodejs.org or: sudo apt-get install -y nodejs)`,
  );
}
const java = spawnSync("java", ["-version"], { encoding: "utf8" });
if (java.error || java.status !== 0) {
  problems.push(
    "Java 17+ is missing (DynamoDB Local needs it). Install it: sudo apt-get install -y openjdk-17-jre-headless",
  );
} else {
  const m = /version "(\d+)/.exec(`${java.stderr}${java.stdout}`);
  if (m && Number(m[1]) < 17)
    problems.push(
      `Java ${m[1]} found; DynamoDB Local needs 17+. Install it: sudo apt-get install -y openjdk-17-jre-headless`,
    );
}
if (problems.length) {
  for (const p of problems) console.error(`✖ ${p}`);
  process.exit(1);
}
