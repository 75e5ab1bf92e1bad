/** Lambda entry of the uploads domain: API Gateway (HTTP API) routes /api/uploads/* here. */
// First: the bound secrets are in process.env before any module reads its configuration.
import "./secrets";
import { handle } from "hono/aws-lambda";
import { uploads } from "../domains/uploads";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp().route("/api/uploads", uploads));
