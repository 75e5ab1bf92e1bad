/**
 * Global setup of the e2e project: the whole platform (in-memory DynamoDB Local, S3 emulator,
 * API and the built web app) on a free port, as `npm start` runs it. Needs web/dist
 * (npm test builds it first).
 */
import type { TestProject } from "vitest/node";
import { startPlatform } from "../../functions/src/local";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Failures are what the run should show; the platform's access log is kept to warnings.
  const platform = await startPlatform({ port: 0, logLevel: "warn" });
  project.provide("baseUrl", platform.url);
  return () => platform.stop();
}
