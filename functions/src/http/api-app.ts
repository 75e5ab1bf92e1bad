/**
 * The common shell of every deployed app: the composed app (app.ts) and each domain's Lambda
 * (lambda/<domain>.ts) start from `apiApp()`, so a domain behaves the same in both.
 * Order matters: the request id first (errors and logs need it), then headers, then the CSRF
 * check (before any table read), then the session.
 */
import { anonymous } from "@hamdel/core";
import { OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";
import { csrf } from "./csrf";
import { errorFunnel, notFoundProblem, validationHook } from "./problem";
import { requestContext } from "./request-context";
import { session } from "./session";

export interface ApiAppOptions {
  /**
   * Resolve sessions (default true). The public domains' Lambdas (geo, meta) turn it off: they
   * never look at the caller, so they need neither the signing secret nor the table, and every
   * caller is anonymous there.
   */
  sessions?: boolean;
}

const everyoneAnonymous = createMiddleware<AppEnv>(async (c, next) => {
  c.set("actor", anonymous);
  await next();
});

export function apiApp(options: ApiAppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(
    "*",
    requestContext,
    secureHeaders({
      // JSON answers load nothing and are never framed; the docs page sets its own policy.
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: "same-origin",
      overwrite: false,
    }),
    csrf,
    options.sessions === false ? everyoneAnonymous : session,
  );
  app.onError(errorFunnel);
  app.notFound(notFoundProblem);
  return app;
}
