/** Lambda entry of the festival domain: API Gateway (HTTP API) routes /api/festival/* here. */
// First: the bound secrets are in process.env before any module reads its configuration.
import "./secrets";
import { handle } from "hono/aws-lambda";
import { festival } from "../domains/festival";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp().route("/api/festival", festival));
