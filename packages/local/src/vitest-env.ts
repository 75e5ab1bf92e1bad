/** Setup file for integration tests: points the platform's config at the stores of vitest-stores.ts. */
import { inject } from "vitest";

Object.assign(process.env, inject("stackEnv"));
