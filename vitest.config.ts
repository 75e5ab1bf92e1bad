import { defineConfig } from "vitest/config";

/**
 * One vitest run, four projects:
 *  - unit:        pure logic, no I/O (*.test.ts)
 *  - integration: against DynamoDB Local + the S3 emulator started once by global setup,
 *                 and the API through the real Hono app (*.int.test.ts)
 *  - infra:       SST stacks synthesised offline (infra/**\/*.test.ts)
 *  - e2e:         headless Chromium against the whole local stack (*.e2e.test.ts)
 */
export default defineConfig({
  test: {
    // Access logs and SDK chatter only for failing tests.
    silent: "passed-only",
    // In CI a JSON report as well, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest/results.json" }]] : ["default"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "functions/src/**/*.test.ts", "web/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.e2e.test.ts", "**/node_modules/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts", "functions/src/**/*.int.test.ts"],
          globalSetup: ["packages/local/src/vitest-stores.ts"],
          setupFiles: ["packages/local/src/vitest-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["infra/**/*.test.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["web/e2e/**/*.e2e.test.ts"],
          globalSetup: ["web/e2e/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
