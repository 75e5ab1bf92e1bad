/** Lambda entry of the identity domain: API Gateway (HTTP API) routes /api/identity/* here. */
// First: the bound secrets are in process.env before any module reads its configuration.
import "./secrets";
import { handle } from "hono/aws-lambda";
import { identity } from "../domains/identity";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp().route("/api/identity", identity));
