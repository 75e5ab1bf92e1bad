/**
 * The CloudFront Functions' code (cloudfront-js-2.0, run at the edge for every request),
 * executed here with events shaped like CloudFront's.
 */
import { describe, expect, it } from "vitest";
import {
  originSecretHeader as apiOriginSecretHeader,
  viewerHostHeader,
  viewerIpHeader,
} from "../functions/src/http/request-context";
import { apiViewerHeadersCode, originSecretHeader, spaFallbackCode } from "./web";

interface CfRequest {
  uri: string;
  headers: Record<string, { value: string }>;
}
type Handler = (event: { request: CfRequest; viewer: { ip: string } }) => CfRequest;

// The code is a plain `function handler(event)`, as CloudFront requires; evaluated as-is.
const load = (code: string) => new Function(`${code}\nreturn handler;`)() as Handler;
const event = (uri: string, headers: CfRequest["headers"] = {}, ip = "203.0.113.7") => ({
  request: { uri, headers: { host: { value: "d111.cloudfront.net" }, ...headers } },
  viewer: { ip },
});

describe("SPA fallback (default behaviour)", () => {
  const handler = load(spaFallbackCode);

  it("serves index.html for client-side routes", () => {
    for (const uri of ["/", "/profile", "/staff/invitations/abc", "/sessions/"]) {
      expect(handler(event(uri)).uri, uri).toBe("/index.html");
    }
  });

  it("leaves files (anything with an extension) alone", () => {
    for (const uri of ["/index.html", "/assets/index-3f2a.js", "/favicon.svg", "/fonts/Vazirmatn.woff2"]) {
      expect(handler(event(uri)).uri, uri).toBe(uri);
    }
  });
});

describe("API viewer headers (/api/* behaviour)", () => {
  const handler = load(apiViewerHeadersCode);

  it("passes on the host the browser addressed and the viewer's IP", () => {
    const out = handler(event("/api/identity/me"));
    expect(out.headers["x-forwarded-host"]).toEqual({ value: "d111.cloudfront.net" });
    expect(out.headers["x-hamdel-viewer-ip"]).toEqual({ value: "203.0.113.7" });
    expect(out.uri).toBe("/api/identity/me");
  });

  it("overwrites values a client tried to supply", () => {
    const out = handler(
      event("/api/identity/otp/request", {
        "x-forwarded-host": { value: "evil.example" },
        "x-hamdel-viewer-ip": { value: "10.0.0.1" },
      }),
    );
    expect(out.headers["x-forwarded-host"]).toEqual({ value: "d111.cloudfront.net" });
    expect(out.headers["x-hamdel-viewer-ip"]).toEqual({ value: "203.0.113.7" });
  });

  it("sets exactly the headers the API reads, and the origin secret goes under the name the API checks", () => {
    const out = handler(event("/api/uploads"));
    expect(Object.keys(out.headers).sort()).toEqual(["host", viewerHostHeader, viewerIpHeader].sort());
    expect(originSecretHeader).toBe(apiOriginSecretHeader);
  });
});
