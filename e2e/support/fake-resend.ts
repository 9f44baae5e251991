// A stand-in for Resend's email API on loopback, for the tests of the Resend
// inbox (scripts/e2e-resend-inbox.test.ts) and for running the suite against a
// demo that sends through "Resend" without the network
// (scripts/fake-resend.ts). It keeps what the portal sends and answers the
// three calls the two sides use, in the shapes of Resend's API reference:
// POST /emails, GET /emails (newest first, `limit` and `after`) and
// GET /emails/{id}; a wrong key gets 401, more than `perSecond` requests in a
// second 429 rate_limit_exceeded, as Resend does. GET /health is its own.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeResendEmail = { id: string; from: string; to: string[]; subject: string; text: string | null; html: string | null; created_at: string };

export type FakeResend = {
  url: string;
  /** Every email accepted, oldest first. */
  sent: FakeResendEmail[];
  /** Requests received, per "METHOD path-without-query". */
  requests: Map<string, number>;
  close(): Promise<void>;
};

function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const error = (res: ServerResponse, statusCode: number, name: string, message: string) => answer(res, statusCode, { statusCode, name, message });

export async function startFakeResend(options: { apiKey: string; port?: number; perSecond?: number }): Promise<FakeResend> {
  const sent: FakeResendEmail[] = [];
  const requests = new Map<string, number>();
  const byIdempotencyKey = new Map<string, string>();
  const recent: number[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake-resend");
    const route = `${req.method} ${url.pathname.replace(/\/emails\/[^/]+$/, "/emails/{id}")}`;
    requests.set(route, (requests.get(route) ?? 0) + 1);
    // The stand-in's own: answers once it listens (no key, not limited).
    if (route === "GET /health") return answer(res, 200, { ok: true });
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) return error(res, 401, "validation_error", "API key is invalid");
    const now = Date.now();
    while (recent.length && recent[0]! <= now - 1_000) recent.shift();
    if (recent.length >= (options.perSecond ?? 2)) return error(res, 429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second.");
    recent.push(now);

    if (route === "POST /emails") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const body = JSON.parse(raw || "{}") as { from?: string; to?: string | string[]; subject?: string; text?: string; html?: string };
      if (!body.from || !body.to || !body.subject) return error(res, 422, "validation_error", "from, to and subject are required");
      const key = req.headers["idempotency-key"] as string | undefined;
      const known = key ? byIdempotencyKey.get(key) : undefined;
      if (known) return answer(res, 200, { id: known });
      const email: FakeResendEmail = {
        id: randomUUID(),
        from: body.from,
        to: Array.isArray(body.to) ? body.to : [body.to],
        subject: body.subject,
        text: body.text ?? null,
        html: body.html ?? null,
        created_at: new Date().toISOString(),
      };
      sent.push(email);
      if (key) byIdempotencyKey.set(key, email.id);
      return answer(res, 200, { id: email.id });
    }
    if (route === "GET /emails") {
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get("limit") ?? 20)));
      const newestFirst = [...sent].reverse();
      const after = url.searchParams.get("after");
      const start = after ? newestFirst.findIndex((m) => m.id === after) + 1 : 0;
      const page = newestFirst.slice(start, start + limit);
      // A list item has no body (ListEmail in Resend's SDK).
      const data = page.map((m) => ({ id: m.id, from: m.from, to: m.to, subject: m.subject, created_at: m.created_at, bcc: null, cc: null, reply_to: null, last_event: "delivered", scheduled_at: null }));
      return answer(res, 200, { object: "list", has_more: start + limit < newestFirst.length, data });
    }
    if (route === "GET /emails/{id}") {
      const email = sent.find((m) => m.id === url.pathname.split("/").at(-1));
      if (!email) return error(res, 404, "not_found", "Email not found");
      return answer(res, 200, { object: "email", ...email, bcc: null, cc: null, reply_to: null, last_event: "delivered", scheduled_at: null });
    }
    return error(res, 404, "not_found", "Not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => error(res, 500, "internal_server_error", "fake Resend failed"));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
