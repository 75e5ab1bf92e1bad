/**
 * Structured JSON logs, one object per line (CloudWatch and `npm start` both read them).
 * Callers pass only operational facts: never personal data (mobile numbers, national ids,
 * names, codes), request bodies, query strings, cookies or IP addresses.
 */
export type LogLevel = "info" | "warn" | "error";

export interface LogFields {
  requestId?: string;
  [key: string]: string | number | boolean | null | undefined;
}

const rank: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

let configured: LogLevel | undefined;

/**
 * The least level written in this process, over `HAMDEL_LOG_LEVEL`. The e2e setup sets it
 * through startPlatform({ logLevel }) rather than the environment, which vitest's workers
 * would inherit and the log tests would then see.
 */
export function setLogLevel(level: LogLevel | undefined): void {
  configured = level;
}

/** `HAMDEL_LOG_LEVEL=warn` drops the per-request info lines; errors are always written. */
const enabled = (level: LogLevel) =>
  level === "error" || rank[level] >= (rank[configured ?? (process.env.HAMDEL_LOG_LEVEL as LogLevel)] ?? 0);

export function logEvent(level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (!enabled(level)) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
