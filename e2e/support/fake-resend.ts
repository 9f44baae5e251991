// A stand-in for Resend's email API on loopback, for the tests of the Resend
// inbox (scripts/e2e-resend-inbox.test.ts) and for running the suite against a
// demo that sends through "Resend" without the network
// (scripts/fake-resend.ts). It keeps what the portal sends and answers the
// three calls the two sides use, in the shapes of Resend's API reference:
// POST /emails, GET /emails (newest first, `limit` and `after`) and
// GET /emails/{id}. Errors as Resend's: no key 401 missing_api_key, a wrong
// one 403 invalid_api_key, more than `perSecond` requests in a second 429
// rate_limit_exceeded (with retry-after), a bad `limit` or unknown `after`
// 422 validation_error, an Idempotency-Key reused with another message 409
// invalid_idempotent_request.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeResendEmail = {
  id: string;
  message_id: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  created_at: string;
};

export type FakeResend = {
  url: string;
  /** Every email accepted, oldest first. */
  sent: FakeResendEmail[];
  /** Requests received, per "METHOD path-without-query". */
  requests: Map<string, number>;
  /** Answers the next n requests with a keyed 500 application_error, as an outage would. */
  failNext(n: number): void;
  close(): Promise<void>;
};

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const error = (res: ServerResponse, statusCode: number, name: string, message: string, headers: Record<string, string> = {}) =>
  answer(res, statusCode, { statusCode, name, message }, headers);

/** What a list item and a read email carry besides the message (GetEmailResponseSuccess in Resend's SDK). */
const DELIVERY = { bcc: null, cc: null, reply_to: null, last_event: "delivered", scheduled_at: null };

export async function startFakeResend(options: { apiKey: string; port?: number; perSecond?: number }): Promise<FakeResend> {
  const sent: FakeResendEmail[] = [];
  const requests = new Map<string, number>();
  const byIdempotencyKey = new Map<string, { id: string; payload: string }>();
  const recent: number[] = [];
  let failures = 0;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake-resend");
    const route = `${req.method} ${url.pathname.replace(/\/emails\/[^/]+$/, "/emails/{id}")}`;
    requests.set(route, (requests.get(route) ?? 0) + 1);
    if (!req.headers.authorization) return error(res, 401, "missing_api_key", "Missing API key in the authorization header.");
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) return error(res, 403, "invalid_api_key", "API key is invalid");
    const now = Date.now();
    const perSecond = options.perSecond ?? 2;
    while (recent.length && recent[0]! <= now - 1_000) recent.shift();
    if (recent.length >= perSecond) {
      return error(res, 429, "rate_limit_exceeded", `Too many requests. You can only make ${perSecond} requests per second.`, { "retry-after": "1" });
    }
    recent.push(now);
    if (failures > 0) {
      failures -= 1;
      return error(res, 500, "application_error", "Internal server error. We are unable to process your request right now, please try again later.");
    }

    if (route === "POST /emails") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const body = JSON.parse(raw || "{}") as { from?: string; to?: string | string[]; subject?: string; text?: string; html?: string };
      if (!body.from || !body.to || !body.subject) return error(res, 422, "validation_error", "from, to and subject are required");
      const key = req.headers["idempotency-key"] as string | undefined;
      const known = key ? byIdempotencyKey.get(key) : undefined;
      if (known && known.payload !== raw) return error(res, 409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
      if (known) return answer(res, 200, { id: known.id });
      const email: FakeResendEmail = {
        id: randomUUID(),
        message_id: `<${randomUUID()}@fake-resend.local>`,
        from: body.from,
        to: Array.isArray(body.to) ? body.to : [body.to],
        subject: body.subject,
        text: body.text ?? null,
        html: body.html ?? null,
        created_at: new Date().toISOString(),
      };
      sent.push(email);
      if (key) byIdempotencyKey.set(key, { id: email.id, payload: raw });
      return answer(res, 200, { id: email.id });
    }
    if (route === "GET /emails") {
      const limit = Number(url.searchParams.get("limit") ?? 20);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(res, 422, "validation_error", "limit must be a whole number from 1 to 100");
      const newestFirst = [...sent].reverse();
      const after = url.searchParams.get("after");
      const afterIndex = after ? newestFirst.findIndex((m) => m.id === after) : -1;
      if (after && afterIndex === -1) return error(res, 422, "validation_error", "after must be the id of a sent email");
      const start = afterIndex + 1;
      const page = newestFirst.slice(start, start + limit);
      // A list item has no body (ListEmail in Resend's SDK).
      const data = page.map((m) => ({ id: m.id, message_id: m.message_id, from: m.from, to: m.to, subject: m.subject, created_at: m.created_at, ...DELIVERY }));
      return answer(res, 200, { object: "list", has_more: start + limit < newestFirst.length, data });
    }
    if (route === "GET /emails/{id}") {
      const email = sent.find((m) => m.id === url.pathname.split("/").at(-1));
      if (!email) return error(res, 404, "not_found", "Email not found");
      return answer(res, 200, { object: "email", ...email, ...DELIVERY });
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
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
