/**
 * The sharp layer (infra/sharp.ts): built for real from the npm registry, as `sst deploy` will
 * build it, and the loader in core shown to find sharp where the layer puts it.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { installSharp, lambdaPlatform, lockedSharpVersion } from "./sharp";
import { repoRoot } from "./test/synth";

const execFileAsync = promisify(execFile);
const version = lockedSharpVersion();
const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `hamdel-sharp-${name}-`));
const pkg = (dir: string, name: string) =>
  JSON.parse(readFileSync(path.join(dir, "nodejs/node_modules", name, "package.json"), "utf8")) as {
    version: string;
    cpu?: string[];
    os?: string[];
  };

describe("sharp layer", () => {
  it("pins the version the repository installs", () => {
    const installed = JSON.parse(
      readFileSync(path.join(repoRoot, "node_modules/sharp/package.json"), "utf8"),
    );
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(version).toBe(installed.version);
  });

  it("bundles sharp for linux-arm64 (glibc) into nodejs/node_modules, and no other platform", () => {
    const out = tmp("arm64");
    installSharp(out, version, lambdaPlatform);
    expect(pkg(out, "sharp").version).toBe(version);
    const arm = pkg(out, "@img/sharp-linux-arm64");
    expect(arm.version).toBe(version);
    expect(arm.cpu).toEqual(["arm64"]);
    expect(arm.os).toEqual(["linux"]);
    expect(existsSync(path.join(out, "nodejs/node_modules/@img/sharp-libvips-linux-arm64"))).toBe(true);
    const platformPackages = readdirSync(path.join(out, "nodejs/node_modules/@img")).filter((n) =>
      n.startsWith("sharp-"),
    );
    expect(platformPackages.sort()).toEqual(["sharp-libvips-linux-arm64", "sharp-linux-arm64"]);
  }, 60_000);

  /**
   * This machine cannot run arm64 binaries, so the loader is checked with a layer built the same
   * way for this machine's platform: core's image code, bundled with esbuild as SST bundles ESM into a
   * directory with no node_modules above it, cleans an image only when NODE_PATH names the
   * layer's node_modules, as Lambda's runtime sets it.
   */
  it("core's loader finds sharp through NODE_PATH when the bundle has no node_modules", async () => {
    const layer = tmp("host");
    installSharp(layer, version, {
      os: process.platform,
      cpu: process.arch,
      libc: lambdaPlatform.libc,
    });
    const dir = tmp("bundle");
    await build({
      entryPoints: [path.join(repoRoot, "packages/core/src/blob/images.ts")],
      bundle: true,
      platform: "node",
      // SST's ESM settings (sst/runtime/handlers/node.js), banner included: bundled CommonJS
      // (the AWS SDK) requires Node's built-ins through it.
      format: "esm",
      target: "esnext",
      mainFields: ["module", "main"],
      banner: {
        js: "import { createRequire as topLevelCreateRequire } from 'module';\nconst require = topLevelCreateRequire(import.meta.url);",
      },
      outfile: path.join(dir, "images.mjs"),
      logLevel: "error",
    });
    expect(readFileSync(path.join(dir, "images.mjs"), "utf8")).not.toMatch(/sharp\.node/);

    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c04020" } })
      .png()
      .withMetadata({ exif: { IFD0: { Copyright: "hamdel-layer-test" } } })
      .toBuffer();
    expect(photo.includes("hamdel-layer-test")).toBe(true);
    const script = `const { cleanImage } = await import(${JSON.stringify(pathToFileURL(path.join(dir, "images.mjs")).href)});
const clean = await cleanImage(Buffer.from(${JSON.stringify(photo.toString("base64"))}, "base64"), "image/png");
process.stdout.write("@@" + JSON.stringify({ width: clean?.width, height: clean?.height, exif: clean?.image.includes("hamdel-layer-test") }));`;
    const run = (env: Record<string, string>) =>
      execFileAsync(process.execPath, ["--input-type=module", "-e", script], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...env },
      });

    const { stdout } = await run({ NODE_PATH: path.join(layer, "nodejs/node_modules") });
    expect(JSON.parse(stdout.slice(stdout.lastIndexOf("@@") + 2))).toEqual({
      width: 64,
      height: 48,
      exif: false,
    });
    // Without the layer on NODE_PATH there is no sharp: the bundle really depends on the layer.
    await expect(run({})).rejects.toThrow(/Cannot find module 'sharp'/);
  }, 60_000);
});
