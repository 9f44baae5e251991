import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resendTransport } from "./resend";
import { EmailDeliveryError } from "./types";

type Seen = { method?: string; url?: string; auth?: string; idempotencyKey?: string; body: Record<string, unknown> };
const seen: Seen[] = [];
let status = 200;
const server = createServer(async (req: IncomingMessage, res) => {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  seen.push({
    method: req.method,
    url: req.url,
    auth: req.headers.authorization,
    idempotencyKey: req.headers["idempotency-key"] as string | undefined,
    body: JSON.parse(raw || "{}"),
  });
  res.writeHead(status, { "content-type": "application/json" });
  res.end(status === 200 ? JSON.stringify({ id: "email_123" }) : JSON.stringify({ name: "validation_error", message: "bad", statusCode: status }));
});
let baseUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const message = { to: "alex@acme.test", subject: "Code", text: "123456", html: "<p>123456</p>" };

describe("Resend transport", () => {
  it("posts the message with both parts and the API key", async () => {
    status = 200;
    await resendTransport({ apiKey: "re_test", from: "Portal <no-reply@portal.test>", baseUrl }).send(message);
    expect(seen.at(-1)).toMatchObject({
      method: "POST",
      url: "/emails",
      auth: "Bearer re_test",
      body: { from: "Portal <no-reply@portal.test>", to: "alex@acme.test", subject: "Code", text: "123456", html: "<p>123456</p>" },
    });
  });

  it("passes the idempotency key as Resend's Idempotency-Key header, and none without one", async () => {
    status = 200;
    const transport = resendTransport({ apiKey: "re_test", from: "x@portal.test", baseUrl });
    await transport.send(message, { idempotencyKey: "notice:42" });
    expect(seen.at(-1)).toMatchObject({ idempotencyKey: "notice:42" });
    expect(seen.at(-1)!.body).not.toHaveProperty("idempotencyKey");
    await transport.send(message);
    expect(seen.at(-1)!.idempotencyKey).toBeUndefined();
  });

  it("turns a refusal into EmailDeliveryError", async () => {
    status = 422;
    await expect(resendTransport({ apiKey: "re_test", from: "x@portal.test", baseUrl }).send(message)).rejects.toBeInstanceOf(EmailDeliveryError);
  });

  it("turns an unreachable provider into EmailDeliveryError", async () => {
    const closed = resendTransport({ apiKey: "re_test", from: "x@portal.test", baseUrl: "http://127.0.0.1:9" });
    await expect(closed.send(message)).rejects.toBeInstanceOf(EmailDeliveryError);
  });
});
