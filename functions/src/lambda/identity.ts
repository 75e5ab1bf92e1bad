/** Lambda entry of the identity domain: API Gateway (HTTP API) routes /api/identity/* here. */
import { handle } from "hono/aws-lambda";
import { identity } from "../domains/identity";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp().route("/api/identity", identity));
