/**
 * /api/uploads through the composed app (app.request) with real sign-in, DynamoDB Local and
 * the S3 emulator: the browser's whole path (ticket → PUT to S3 → finalise → read), the
 * problem+json answers, ownership, and CSRF on the writes.
 */
import { describe, expect, it } from "vitest";
import { app } from "../app";
import { Agent, signInCitizen } from "../testing/agent";

/** A 1×1 PNG, as a browser would send it. */
const png = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (ch) => ch.charCodeAt(0),
);

interface Ticket {
  uploadId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as {
    code: string;
    status: number;
    messageFa: string;
    fields?: { path: string }[];
  };
}

async function signedIn(): Promise<Agent> {
  const agent = new Agent(app);
  await signInCitizen(agent);
  return agent;
}

async function ticketFor(agent: Agent, body: Record<string, unknown>): Promise<Ticket> {
  const res = await agent.call("POST", "/api/uploads", { body });
  expect(res.status).toBe(201);
  return (await res.json()) as Ticket;
}

describe("uploads through the API", () => {
  it("tickets, uploads to S3, finalises by the bytes and reads back, for the owner only", async () => {
    const owner = await signedIn();
    const ticket = await ticketFor(owner, {
      purpose: "profile-photo",
      fileName: "من.png",
      contentType: "image/png",
      size: png.length,
    });
    expect(ticket.method).toBe("PUT");

    const put = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body: png });
    expect(put.status).toBe(200);

    const finalised = await owner.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(finalised.status).toBe(200);
    expect(await finalised.json()).toMatchObject({
      id: ticket.uploadId,
      status: "ready",
      contentType: "image/png",
      size: png.length,
    });

    const read = await owner.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(read.status).toBe(200);
    const view = (await read.json()) as { downloadUrl: string; fileName: string };
    expect(view.fileName).toBe("من.png");
    const download = await fetch(view.downloadUrl);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);

    const stranger = await signedIn();
    const peek = await stranger.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(peek.status).toBe(404);
    expect((await problem(peek)).code).toBe("upload.not_found");
    const steal = await stranger.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(steal.status).toBe(404);
    expect((await problem(steal)).code).toBe("upload.not_found");

    const anonymous = new Agent(app);
    const anon = await anonymous.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(anon.status).toBe(401);
    expect((await problem(anon)).code).toBe("auth.required");
  });

  it("rejects a renamed text file with 422 upload.type_not_allowed and a Persian message", async () => {
    const owner = await signedIn();
    const text = new TextEncoder().encode("not a picture at all");
    const ticket = await ticketFor(owner, {
      purpose: "artwork",
      fileName: "art.png",
      contentType: "image/png",
      size: text.length,
    });
    expect((await fetch(ticket.url, { method: "PUT", headers: ticket.headers, body: text })).status).toBe(
      200,
    );

    const res = await owner.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe("upload.type_not_allowed");
    expect(body.messageFa).toMatch(/[\u0600-\u06FF]/);
    const after = await owner.call("GET", `/api/uploads/${ticket.uploadId}`);
    expect(await after.json()).toMatchObject({ status: "rejected", downloadUrl: null });
  });

  it("answers 409 before the bytes arrive, 422 for bad or disallowed input, 401 when anonymous", async () => {
    const owner = await signedIn();
    const ticket = await ticketFor(owner, {
      purpose: "artwork",
      fileName: "a.png",
      contentType: "image/png",
      size: png.length,
    });
    const early = await owner.call("POST", `/api/uploads/${ticket.uploadId}/finalise`);
    expect(early.status).toBe(409);
    expect((await problem(early)).code).toBe("upload.not_uploaded");

    const invalid = await owner.call("POST", "/api/uploads", {
      body: { purpose: "selfie", fileName: "a.png", size: -1 },
    });
    expect(invalid.status).toBe(422);
    const fields = (await problem(invalid)).fields?.map((f) => f.path).sort();
    expect(fields).toEqual(["contentType", "purpose", "size"]);

    const pdfAsArt = await owner.call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "a.pdf", contentType: "application/pdf", size: 100 },
    });
    expect(pdfAsArt.status).toBe(422);
    expect((await problem(pdfAsArt)).code).toBe("upload.type_not_allowed");

    const tooBig = await owner.call("POST", "/api/uploads", {
      body: {
        purpose: "document",
        fileName: "a.pdf",
        contentType: "application/pdf",
        size: 20 * 1024 * 1024 + 1,
      },
    });
    expect((await problem(tooBig)).code).toBe("upload.too_large");

    const anonymous = await new Agent(app).call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: 10 },
    });
    expect(anonymous.status).toBe(401);
  });

  it("refuses cookie-authenticated writes without the CSRF token", async () => {
    const owner = await signedIn();
    const res = await owner.call("POST", "/api/uploads", {
      body: { purpose: "artwork", fileName: "a.png", contentType: "image/png", size: 10 },
      csrf: false,
    });
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe("auth.csrf");
  });
});
