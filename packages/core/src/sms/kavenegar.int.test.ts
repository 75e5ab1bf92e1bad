/**
 * The Kavenegar adapter against a fake Kavenegar on 127.0.0.1: it speaks the documented REST
 * shape (POST /v1/{apiKey}/sms/send.json, form fields; JSON { return: { status, message } }).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "../error";
import { KavenegarSmsSender, OutboxSmsSender, smsSender } from "./index";

interface Received {
  method: string;
  url: string;
  contentType: string;
  form: Record<string, string>;
}

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let respond: (res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method ?? "",
      url: req.url ?? "",
      contentType: req.headers["content-type"] ?? "",
      form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
    });
    respond(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  received = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};

async function failure(p: Promise<unknown>) {
  const e = await p.catch((x: unknown) => x);
  if (!isDomainError(e)) throw new Error("expected a DomainError");
  return e;
}

describe("KavenegarSmsSender", () => {
  it("posts the documented form and accepts return.status 200", async () => {
    respond = json(200, {
      return: { status: 200, message: "تایید شد" },
      entries: [{ messageid: 8792343, status: 1, statustext: "در صف ارسال", receptor: "09121234567" }],
    });
    const sender = new KavenegarSmsSender({ apiKey: "KEY-123", sender: "10004346", baseUrl: `${baseUrl}/` });
    await sender.send("09121234567", "کد ورود شما به همدل: 123456");
    expect(received).toEqual([
      {
        method: "POST",
        url: "/v1/KEY-123/sms/send.json",
        contentType: expect.stringContaining("application/x-www-form-urlencoded"),
        form: { receptor: "09121234567", message: "کد ورود شما به همدل: 123456", sender: "10004346" },
      },
    ]);
  });

  it("maps a provider error (e.g. 418 no credit) to unavailable, without the key or number", async () => {
    respond = json(418, { return: { status: 418, message: "اعتبار حساب شما کافی نیست" }, entries: null });
    const sender = new KavenegarSmsSender({ apiKey: "SECRET-KEY", sender: "10004346", baseUrl });
    const e = await failure(sender.send("09121234567", "x"));
    expect([e.code, e.kind, e.status]).toEqual(["sms.unavailable", "unavailable", 503]);
    expect(e.message).toContain("418");
    expect(e.message).not.toContain("SECRET-KEY");
    expect(e.message).not.toContain("09121234567");
  });

  it("treats HTTP 200 with a non-200 return.status, or a non-JSON body, as a failure", async () => {
    const sender = new KavenegarSmsSender({ apiKey: "k", sender: "s", baseUrl });
    respond = json(200, { return: { status: 411, message: "گیرنده نامعتبر" } });
    expect((await failure(sender.send("09121234567", "x"))).code).toBe("sms.unavailable");
    respond = (res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>bad gateway</html>");
    };
    expect((await failure(sender.send("09121234567", "x"))).code).toBe("sms.unavailable");
  });

  it("gives up after its timeout", async () => {
    respond = () => {
      // Never answers.
    };
    const sender = new KavenegarSmsSender({ apiKey: "k", sender: "s", baseUrl, timeoutMs: 200 });
    const started = Date.now();
    const e = await failure(sender.send("09121234567", "x"));
    expect(e.code).toBe("sms.unavailable");
    expect(e.message).toContain("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("reports an unreachable gateway as unavailable", async () => {
    const sender = new KavenegarSmsSender({ apiKey: "k", sender: "s", baseUrl: "http://127.0.0.1:1" });
    expect((await failure(sender.send("09121234567", "x"))).code).toBe("sms.unavailable");
  });
});

describe("smsSender()", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of [
      "HAMDEL_SMS_PROVIDER",
      "HAMDEL_SMS_API_KEY",
      "HAMDEL_SMS_SENDER",
      "HAMDEL_SMS_BASE_URL",
      "HAMDEL_STAGE",
    ]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it("uses the outbox in the local stage and Kavenegar when configured", async () => {
    expect(smsSender()).toBeInstanceOf(OutboxSmsSender);
    Object.assign(process.env, {
      HAMDEL_SMS_PROVIDER: "kavenegar",
      HAMDEL_SMS_API_KEY: "ENVKEY",
      HAMDEL_SMS_SENDER: "2000",
      HAMDEL_SMS_BASE_URL: baseUrl,
    });
    respond = json(200, { return: { status: 200, message: "تایید شد" } });
    const sender = smsSender();
    expect(sender).toBeInstanceOf(KavenegarSmsSender);
    await sender.send("09351234567", "سلام");
    expect(received[0]?.url).toBe("/v1/ENVKEY/sms/send.json");
    expect(received[0]?.form.sender).toBe("2000");
  });

  it("refuses to run a deployed stage without a provider, or with an unknown one", () => {
    process.env.HAMDEL_STAGE = "prod";
    expect(() => smsSender()).toThrow("HAMDEL_SMS_PROVIDER");
    process.env.HAMDEL_SMS_PROVIDER = "carrier-pigeon";
    expect(() => smsSender()).toThrow("Unknown");
    process.env.HAMDEL_SMS_PROVIDER = "kavenegar";
    expect(() => smsSender()).toThrow("HAMDEL_SMS_API_KEY");
  });
});
