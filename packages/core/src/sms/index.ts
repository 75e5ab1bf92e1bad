/**
 * SMS: the SmsSender port and its adapters. smsSender() picks from the environment:
 * HAMDEL_SMS_PROVIDER=kavenegar (with HAMDEL_SMS_API_KEY, HAMDEL_SMS_SENDER and optionally
 * HAMDEL_SMS_BASE_URL) sends through Kavenegar; otherwise the local stage writes to the dev
 * outbox. A deployed stage without a provider is a configuration error, not a silent drop.
 */
import { config } from "../config";
import { KavenegarSmsSender } from "./kavenegar";
import { OutboxSmsSender } from "./outbox";
import type { SmsSender } from "./port";

export { type KavenegarOptions, KavenegarSmsSender, smsUnavailable } from "./kavenegar";
export { listOutbox, type OutboxMessage, OutboxSmsSender } from "./outbox";
export type { SmsSender } from "./port";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing configuration: ${name}`);
  return value;
}

let override: SmsSender | undefined;

export function smsSender(): SmsSender {
  if (override) return override;
  const provider = process.env.HAMDEL_SMS_PROVIDER;
  if (provider === "kavenegar") {
    const baseUrl = process.env.HAMDEL_SMS_BASE_URL;
    return new KavenegarSmsSender({
      apiKey: required("HAMDEL_SMS_API_KEY"),
      sender: required("HAMDEL_SMS_SENDER"),
      ...(baseUrl ? { baseUrl } : {}),
    });
  }
  if (provider) throw new Error(`Unknown HAMDEL_SMS_PROVIDER: ${provider}`);
  if (!config.isLocal) {
    throw new Error("Missing configuration: HAMDEL_SMS_PROVIDER (only the local stage may use the outbox)");
  }
  return new OutboxSmsSender();
}

/** Replaces the configured sender (tests that need a failing gateway); pass undefined to restore. */
export function setSmsSender(sender: SmsSender | undefined): void {
  override = sender;
}
