/** Lambda entry of the meta domain: API Gateway (HTTP API) routes /api/health, /api/openapi.json and /api/docs here. */
import { handle } from "hono/aws-lambda";
import { meta } from "../domains/meta";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp({ sessions: false }).route("/api", meta));
