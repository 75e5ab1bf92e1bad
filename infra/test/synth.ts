/**
 * Synthesises the SST app offline, the way `sst deploy` assembles it (sst.config.ts's
 * `stacks`), for assertions with aws-cdk-lib/assertions.
 *
 * Offline and fast on purpose: `app.finish()` is not called, so SST's deferred tasks never
 * run. Those are the ones that bundle each function with esbuild, build the web app and
 * look up the CDK bootstrap stack (which needs AWS credentials). CDK's own asset bundling (the
 * sharp layer, infra/sharp.ts) is switched off by context; sharp.test.ts runs it. Until then every Function's
 * code is SST's inline placeholder; what it WILL be built from (handler, runtime) is on the
 * SST Function construct's props, which is what the tests read. vitest sets NODE_ENV=test,
 * which SST treats as "running SST tests" (no bootstrap lookups).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { BUNDLING_STACKS } from "aws-cdk-lib/cx-api";
import { App, Function as SstFunction } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
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
    // SST writes generated types and artifacts under .sst/; each synthesis gets its own
    // directory so test files running in parallel workers cannot trip over each other.
    const out = mkdtempSync(path.join(os.tmpdir(), `hamdel-sst-${stage}-`));
    Object.assign(useProject().paths, { out, artifacts: path.join(out, "artifacts") });
    const app = new App({ mode: "deploy", stage, name: "hamdel", region: "me-central-1" });
    // CDK bundles assets (the sharp layer's npm install) as their constructs are created, not
    // at finish; an empty list of stacks to bundle skips that, as `cdk synth --exclusively` does.
    app.node.setContext(BUNDLING_STACKS, []);
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

// ---------------------------------------------------------------------------------------
// Reading templates

type Json = Record<string, unknown>;
export interface Resource {
  logicalId: string;
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export function resources(template: Template, type?: string): Resource[] {
  const all = template.toJSON().Resources as Record<string, Omit<Resource, "logicalId">>;
  return Object.entries(all)
    .map(([logicalId, r]) => ({ logicalId, ...r, Properties: (r.Properties ?? {}) as Json }))
    .filter((r) => !type || r.Type === type);
}

export function only(template: Template, type: string, idPrefix?: string): Resource {
  const found = resources(template, type).filter((r) => !idPrefix || r.logicalId.startsWith(idPrefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${idPrefix ?? ""}, found ${found.length}`);
  return found[0] as Resource;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: unknown;
}
export interface FoundStatement {
  stack: string;
  /** The IAM::Policy / ManagedPolicy / Role that holds it. */
  holder: string;
  /** Logical ids of the roles it applies to. */
  roles: string[];
  statement: Statement;
}

const refsOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((r) => (r as { Ref?: string }).Ref).filter((r): r is string => !!r) : [];

/** Every identity-based statement in a template: IAM policies, managed policies, roles' inline policies. */
export function policyStatements(stack: string, template: Template): FoundStatement[] {
  const found: FoundStatement[] = [];
  const add = (holder: string, roles: string[], doc: unknown) => {
    const statements = (doc as { Statement?: Statement[] } | undefined)?.Statement ?? [];
    for (const statement of statements) found.push({ stack, holder, roles, statement });
  };
  for (const r of resources(template)) {
    if (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy") {
      add(r.logicalId, refsOf(r.Properties.Roles), r.Properties.PolicyDocument);
    } else if (r.Type === "AWS::IAM::Role") {
      for (const p of (r.Properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) {
        add(r.logicalId, [r.logicalId], p.PolicyDocument);
      }
    }
  }
  return found;
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The logical id of a function's execution role. */
export function roleOf(template: Template, functionLogicalId: string): string {
  const fn = resources(template, "AWS::Lambda::Function").find((r) => r.logicalId === functionLogicalId);
  const role = (fn?.Properties.Role as { "Fn::GetAtt"?: [string, string] } | undefined)?.["Fn::GetAtt"]?.[0];
  if (!role) throw new Error(`no role for ${functionLogicalId}`);
  return role;
}
