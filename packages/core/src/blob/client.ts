import { S3Client } from "@aws-sdk/client-s3";
import { config } from "../config";

let s3: S3Client | undefined;

/**
 * The shared S3 client. Against the local emulator: path-style addressing and checksums only
 * when required (s3rver does not understand the SDK's default CRC32 trailers).
 */
export function s3Client(): S3Client {
  if (!s3) {
    const endpoint = config.s3Endpoint;
    s3 = new S3Client({
      region: config.region,
      ...(endpoint
        ? {
            endpoint,
            forcePathStyle: true,
            credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
            requestChecksumCalculation: "WHEN_REQUIRED",
            responseChecksumValidation: "WHEN_REQUIRED",
          }
        : {}),
    });
  }
  return s3;
}

export function bucket(): string {
  return config.bucketName;
}
