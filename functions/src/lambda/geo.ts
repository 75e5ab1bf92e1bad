/** Lambda entry of the geo domain: API Gateway (HTTP API) routes /api/geo/* here. */
import { handle } from "hono/aws-lambda";
import { geo } from "../domains/geo";
import { apiApp } from "../http/api-app";

export const handler = handle(apiApp({ sessions: false }).route("/api/geo", geo));
