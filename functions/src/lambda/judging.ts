/** Lambda entry of the judging domain: API Gateway (HTTP API) routes /api/judging/* here. */
// First: the bound secrets are in process.env before any module reads its configuration.
import "./secrets";
import { handle } from "hono/aws-lambda";
import { judging } from "../domains/judging";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp().route("/api/judging", judging));
