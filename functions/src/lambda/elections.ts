/** Lambda entry of the elections domain: API Gateway (HTTP API) routes /api/elections/* here. */
// First: the bound secrets are in process.env before any module reads its configuration.
import "./secrets";
import { handle } from "hono/aws-lambda";
import { elections } from "../domains/elections";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp().route("/api/elections", elections));
