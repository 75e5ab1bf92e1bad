/**
 * sharp for the deployed uploads function, as a Lambda layer.
 *
 * core loads sharp lazily by a specifier esbuild does not follow (packages/core/src/blob/images.ts),
 * so the function's bundle does not contain it; this layer puts it at /opt/nodejs/node_modules.
 * The layer's asset is built when the app is synthesised (`sst deploy`), on this machine, by
 * `npm install` from the npm registry for the function's platform (Linux, arm64, glibc) at the
 * version the root lockfile pins, so the deployed sharp is the one the tests ran against.
 * npm's --os/--cpu/--libc select sharp's optional platform packages (@img/sharp-linux-arm64 and
 * its libvips) instead of this machine's; since sharp 0.33 those packages carry the binaries, so
 * nothing is downloaded from anywhere but the registry and no install script runs. No Docker.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AssetHashType, DockerImage } from "aws-cdk-lib";
import { Architecture, Code, LayerVersion, Runtime } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";

const infraDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(infraDir, "..");

/** The platform a layer is built for: the values of npm's --os, --cpu and --libc. */
export interface NpmPlatform {
  os: string;
  cpu: string;
  libc: string;
}

/** The functions' platform (sst.config.ts: arm_64 on Amazon Linux 2023, which is glibc). */
export const lambdaPlatform: NpmPlatform = { os: "linux", cpu: "arm64", libc: "glibc" };

/** The sharp version the root lockfile installs (and the tests run against). */
export function lockedSharpVersion(): string {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
    packages?: Record<string, { version?: string }>;
  };
  const version = lock.packages?.["node_modules/sharp"]?.version;
  if (!version) throw new Error("package-lock.json does not pin sharp (node_modules/sharp)");
  return version;
}

/**
 * Installs sharp@`version` for `platform` into `<outputDir>/nodejs/node_modules`, the layout
 * Lambda's Node.js runtimes put on NODE_PATH (/opt/nodejs/node_modules). npm runs in the output
 * directory so the repository's workspaces and lockfile play no part.
 */
export function installSharp(
  outputDir: string,
  version: string,
  platform: NpmPlatform = lambdaPlatform,
): void {
  const prefix = path.join(outputDir, "nodejs");
  mkdirSync(prefix, { recursive: true });
  execFileSync(
    process.platform === "win32" ? "npm.cmd" : "npm",
    [
      "install",
      "--prefix",
      prefix,
      `--os=${platform.os}`,
      `--cpu=${platform.cpu}`,
      `--libc=${platform.libc}`,
      "--omit=dev",
      "--no-save",
      "--no-package-lock",
      // sharp needs no script since its binaries became packages; none may fetch anything.
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `sharp@${version}`,
    ],
    { cwd: outputDir, stdio: ["ignore", "ignore", "inherit"] },
  );
}

/** The layer: sharp at the locked version for the functions' platform. */
export function sharpLayer(scope: Construct, id: string): LayerVersion {
  const version = lockedSharpVersion();
  const { os, cpu, libc } = lambdaPlatform;
  return new LayerVersion(scope, id, {
    description: `sharp ${version} (${os}-${cpu}, ${libc})`,
    compatibleArchitectures: [Architecture.ARM_64],
    compatibleRuntimes: [Runtime.NODEJS_22_X],
    code: Code.fromAsset(infraDir, {
      // The content is determined by what is installed, not by the source directory (which
      // only satisfies the asset API): a new version or platform is a new asset.
      assetHashType: AssetHashType.CUSTOM,
      assetHash: `sharp-${version}-${os}-${cpu}-${libc}`,
      bundling: {
        // Never used: local bundling always succeeds or throws.
        image: DockerImage.fromRegistry("none"),
        local: {
          tryBundle(outputDir) {
            installSharp(outputDir, version);
            return true;
          },
        },
      },
    }),
  });
}
