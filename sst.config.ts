import type { SSTConfig } from "sst";
import { Api } from "./infra/api";
import { Jobs } from "./infra/jobs";
import { Storage } from "./infra/storage";
import { Web } from "./infra/web";

/** The SST v2 app: assembles the stacks; each stack file says what it builds and why. */
export default {
  config() {
    return { name: "hamdel", region: "me-central-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({
      // nodejs20.x is deprecated (2026-04-30); Graviton is cheaper per request.
      runtime: "nodejs22.x",
      architecture: "arm_64",
      memorySize: "512 MB",
      // API Gateway gives up after 30 s; a request that takes longer is a bug, not a wait.
      timeout: "15 seconds",
      logRetention: "one_month",
      nodejs: { format: "esm", sourcemap: true },
    });
    app.stack(Storage);
    app.stack(Api);
    app.stack(Web);
    app.stack(Jobs);
  },
} satisfies SSTConfig;
