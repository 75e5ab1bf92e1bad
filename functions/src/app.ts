/**
 * The composed API: every domain behind the common middleware. The embedded default
 * (local.ts) serves it, the API tests call it with app.request, and the web's typed client is
 * `hc<AppType>`. In AWS each domain runs as its own Lambda (lambda/<domain>.ts) with the same
 * shell, so a route behaves the same here and there.
 */
import { config } from "@hamdel/core";
import { dev } from "./domains/dev";
import { elections } from "./domains/elections";
import { festival } from "./domains/festival";
import { geo } from "./domains/geo";
import { identity } from "./domains/identity";
import { judging } from "./domains/judging";
import { meta } from "./domains/meta";
import { uploads } from "./domains/uploads";
import { apiApp } from "./http/api-app";

const deployed = apiApp()
  .route("/api/identity", identity)
  .route("/api/geo", geo)
  .route("/api/uploads", uploads)
  .route("/api/elections", elections)
  .route("/api/festival", festival)
  .route("/api/judging", judging)
  .route("/api", meta);

function withDevRoutes(api: typeof deployed) {
  return api.route("/api/dev", dev);
}

export type AppType = ReturnType<typeof withDevRoutes>;

/**
 * The dev routes (the SMS outbox) are mounted only in the local stage. The type always lists
 * them so local tools and e2e tests can use the typed client; outside the local stage they
 * answer 404 like any unknown route.
 */
export const app: AppType = config.isLocal ? withDevRoutes(deployed) : (deployed as AppType);
