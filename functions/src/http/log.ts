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

export function logEvent(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
