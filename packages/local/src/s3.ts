/// <reference path="./s3rver.d.ts" />
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "@20minutes/s3rver";
import { bucketDefinition } from "@hamdel/core/blob";

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

function corsXml(): string {
  const c = bucketDefinition.cors;
  return `<CORSConfiguration><CORSRule>
<AllowedOrigin>*</AllowedOrigin>
${c.allowedMethods.map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join("")}
${c.allowedHeaders.map((h) => `<AllowedHeader>${h}</AllowedHeader>`).join("")}
${c.exposedHeaders.map((h) => `<ExposeHeader>${h}</ExposeHeader>`).join("")}
<MaxAgeSeconds>${c.maxAgeSeconds}</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;
}

/**
 * Starts the S3 emulator (@20minutes/s3rver@4, which checks signatures) on 127.0.0.1 with the
 * bucket created and given the same CORS rule infra gives the real bucket.
 */
export async function startS3Local(opts: {
  port: number;
  bucket: string;
  directory?: string;
}): Promise<S3Local> {
  const directory = opts.directory ?? join(tmpdir(), `hamdel-s3-${process.pid}-${opts.port}`);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: opts.port,
    silent: true,
    directory,
    resetOnClose: !opts.directory,
    configureBuckets: [{ name: opts.bucket, configs: [corsXml()] }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    stop: async () => {
      await server.close();
    },
  };
}
