import type { Actor } from "@hamdel/core";

/** Hono environment shared by every domain app: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    actor: Actor;
    requestId: string;
    /** Client IP, for rate limits; never logged. */
    clientIp: string;
  };
}
