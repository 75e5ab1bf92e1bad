/**
 * Web: the SolidJS single-page app (web/, built with `npm run build` into web/dist) on S3 +
 * CloudFront, and the API on the same origin.
 *
 * Same origin: the distribution forwards `/api/*` to the HTTP API (a second cache behaviour),
 * so the browser talks to one host. The session cookie can be `__Host-` and SameSite=Lax,
 * and no CORS is needed for the API. `/api/*` is never cached and gets every viewer header,
 * cookie and query string except Host (API Gateway routes on its own Host).
 *
 * Because the Host seen by the API is API Gateway's, a viewer-request function on `/api/*`
 * passes on what the API needs to know about the viewer, overwriting anything the client sent:
 *  - x-forwarded-host: the host the browser addressed, i.e. the app's own origin is
 *    `https://<x-forwarded-host>` (for the CSRF Origin check);
 *  - x-hamdel-viewer-ip: the viewer's IP as CloudFront saw it (API Gateway's sourceIp is the
 *    CloudFront edge's), for per-IP rate limits.
 * The API origin also adds x-hamdel-origin-secret (Storage's generated origin secret; an origin
 * custom header replaces any viewer header of the same name). The API refuses requests without
 * it, so these headers are trustworthy: a direct call to the API Gateway URL cannot state them.
 * The names are the ones functions/src/http/request-context.ts reads (edge.test.ts checks).
 *
 * Error pages: SST's StaticSite turns every 403/404 of the distribution into index.html with
 * status 200, which would also swallow the API's problem+json 403/404. Instead the error
 * responses are removed and the SPA fallback happens in the default behaviour's
 * viewer-request function: a path whose last segment has no dot is a client-side route and
 * is served /index.html.
 *
 * The uploads bucket's CORS rule is applied here (an SDK call at deploy time) because it
 * names this distribution's origin, which Storage cannot know without a stack cycle.
 */
import { Fn } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  Function as CfFunction,
  FunctionCode as CfFunctionCode,
  FunctionEventType as CfFunctionEventType,
  FunctionRuntime as CfFunctionRuntime,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from "aws-cdk-lib/custom-resources";
import { type StackContext, StaticSite, use } from "sst/constructs";
import { Api } from "./api";
import { Storage, uploadsCorsRule } from "./storage";

/** Client-side routes (no file extension in the last segment) are the SPA's index.html. */
export const spaFallbackCode = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}`;

/** What the API needs to know about the viewer, set by CloudFront (client values are overwritten). */
export const apiViewerHeadersCode = `function handler(event) {
  var request = event.request;
  request.headers["x-forwarded-host"] = { value: request.headers.host.value };
  request.headers["x-hamdel-viewer-ip"] = { value: event.viewer.ip };
  return request;
}`;

/** The header the API origin adds with the origin secret (read by the API's request context). */
export const originSecretHeader = "x-hamdel-origin-secret";

export function Web({ stack }: StackContext) {
  const { api } = use(Api);
  const { bucket, originSecret } = use(Storage);

  const spaFallback = new CfFunction(stack, "SpaFallback", {
    code: CfFunctionCode.fromInline(spaFallbackCode),
    runtime: CfFunctionRuntime.JS_2_0,
  });
  const apiViewerHeaders = new CfFunction(stack, "ApiViewerHeaders", {
    code: CfFunctionCode.fromInline(apiViewerHeadersCode),
    runtime: CfFunctionRuntime.JS_2_0,
  });

  // https://<id>.execute-api.<region>.amazonaws.com → <id>.execute-api.<region>.amazonaws.com
  const apiDomain = Fn.select(2, Fn.split("/", api.url));

  const site = new StaticSite(stack, "Site", {
    path: "web",
    buildCommand: "npm run build",
    buildOutput: "dist",
    cdk: {
      distribution: {
        comment: `Hamdel ${stack.stage}: web app and /api`,
        errorResponses: [],
        defaultBehavior: {
          functionAssociations: [{ function: spaFallback, eventType: CfFunctionEventType.VIEWER_REQUEST }],
        },
        additionalBehaviors: {
          "/api/*": {
            origin: new HttpOrigin(apiDomain, {
              protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
              customHeaders: { [originSecretHeader]: originSecret.secretValue.unsafeUnwrap() },
            }),
            viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            compress: true,
            functionAssociations: [
              { function: apiViewerHeaders, eventType: CfFunctionEventType.VIEWER_REQUEST },
            ],
          },
        },
      },
    },
  });

  const siteUrl = site.customDomainUrl ?? site.url ?? "";
  const corsCall = {
    service: "S3",
    action: "putBucketCors",
    parameters: {
      Bucket: bucket.bucketName,
      CORSConfiguration: { CORSRules: [uploadsCorsRule(siteUrl)] },
    },
    physicalResourceId: PhysicalResourceId.of(`${bucket.bucketName}-cors`),
  };
  new AwsCustomResource(stack, "UploadsBucketCors", {
    onCreate: corsCall,
    onUpdate: corsCall,
    onDelete: { service: "S3", action: "deleteBucketCors", parameters: { Bucket: bucket.bucketName } },
    policy: AwsCustomResourcePolicy.fromStatements([
      new PolicyStatement({ actions: ["s3:PutBucketCORS"], resources: [bucket.bucketArn] }),
    ]),
    installLatestAwsSdk: false,
  });

  stack.addOutputs({
    SiteUrl: siteUrl,
    ApiUrl: `${siteUrl}/api`,
  });

  return { site, siteUrl };
}
