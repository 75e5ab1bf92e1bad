/**
 * Synthesises the SST app offline, the way `sst deploy` assembles it (sst.config.ts's
 * `stacks`), for assertions with aws-cdk-lib/assertions.
 *
 * Offline and fast on purpose: `app.finish()` is not called, so SST's deferred tasks never
 * run. Those are the ones that bundle each function with esbuild, build the web app and
 * look up the CDK bootstrap stack (which needs AWS credentials). Until then every Function's
 * code is SST's inline placeholder; what it WILL be built from (handler, runtime) is on the
 * SST Function construct's props, which is what the tests read. vitest sets NODE_ENV=test,
 * which SST treats as "running SST tests" (no bootstrap lookups).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { App, Function as SstFunction } from "sst/constructs";
import { initProject } from "sst/project.js";
import config from "../../sst.config";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Synthesised {
  app: App;
  stacks: Record<"Storage" | "Api" | "Web" | "Jobs", Stack>;
  templates: Record<"Storage" | "Api" | "Web" | "Jobs", Template>;
  /** The app's own Lambda functions (SST Function constructs), by CloudFormation logical id and stack. */
  functions: { fn: SstFunction; stack: Stack; logicalId: string }[];
  ms: number;
}

export async function synth(stage: string): Promise<Synthesised> {
  const started = performance.now();
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    await initProject({ stage, root: repoRoot });
    const app = new App({ mode: "deploy", stage, name: "hamdel", region: "me-central-1" });
    await config.stacks(app);
    const byId = (id: string) => {
      const s = app.node.children.find(
        (c): c is Stack => c instanceof Stack && c.node.id === `${stage}-hamdel-${id}`,
      );
      if (!s) throw new Error(`stack ${id} missing`);
      return s;
    };
    const stacks = { Storage: byId("Storage"), Api: byId("Api"), Web: byId("Web"), Jobs: byId("Jobs") };
    const templates = {
      Storage: Template.fromStack(stacks.Storage),
      Api: Template.fromStack(stacks.Api),
      Web: Template.fromStack(stacks.Web),
      Jobs: Template.fromStack(stacks.Jobs),
    };
    const functions = app.node
      .findAll()
      .filter((c): c is SstFunction => c instanceof SstFunction)
      .map((fn) => {
        const stack = Stack.of(fn);
        return { fn, stack, logicalId: stack.getLogicalId(fn.node.defaultChild as CfnFunction) };
      });
    return { app, stacks, templates, functions, ms: performance.now() - started };
  } finally {
    process.chdir(cwd);
  }
}
