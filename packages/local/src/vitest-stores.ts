/**
 * Vitest global setup for integration tests: one DynamoDB Local (in memory) and one S3
 * emulator on random free ports for the whole run; test files receive the environment
 * through `provide` and apply it in vitest-env.ts. Each test file uses its own ids, so
 * files do not interfere.
 */
import type { TestProject } from "vitest/node";
import { startStores } from "./stack";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const stores = await startStores();
  project.provide("stackEnv", { ...stores.env });
  return async () => {
    await stores.stop();
  };
}
