import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeResend, type FakeResend } from "../e2e/support/fake-resend";
import { ResendInbox, resendTestAddress } from "../e2e/support/resend-inbox";
import { resendTransport } from "../lib/email/resend";

// The suite's Resend inbox reads back what the portal's own Resend transport
// sent, through Resend's API shapes (a loopback stand-in: no network here).
const API_KEY = "re_test_inbox";
let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: API_KEY, perSecond: 1_000 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.sent.length = 0;
  fake.requests.clear();
});

const portal = () => resendTransport({ apiKey: API_KEY, from: "Staff Portal <no-reply@portal.test>", baseUrl: fake.url });
const inbox = (options: ConstructorParameters<typeof ResendInbox>[1] = {}) => new ResendInbox({ apiKey: API_KEY, baseUrl: fake.url }, { minIntervalMs: 0, ...options });

describe("ResendInbox", () => {
  it("returns the emails the portal sent to one address, newest first, with their text and HTML", async () => {
    const bea = resendTestAddress("user-bea");
    expect(bea).toBe("delivered+user-bea@resend.dev");
    await portal().send({ to: bea, subject: "Your Staff Portal sign-in code", text: "Your code:\n111111\n", html: "<p>111111</p>" });
    await portal().send({ to: resendTestAddress("user-cal"), subject: "Your Staff Portal sign-in code", text: "222222", html: "<p>222222</p>" });
    await portal().send({ to: bea, subject: "Security notice", text: "Your password was changed.", html: "<p>changed</p>" });

    const emails = await inbox().emails("Delivered+User-Bea@resend.dev");
    expect(emails.map((m) => [m.subject, m.text])).toEqual([
      ["Security notice", "Your password was changed."],
      ["Your Staff Portal sign-in code", "Your code:\n111111\n"],
    ]);
    expect(emails[0]!.to).toBe(bea);
    expect(emails[0]!.html).toBe("<p>changed</p>");
    // Resend's order (newest first) is kept, not re-sorted by a timestamp two emails may share.
    expect(emails[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(emails[1]!.createdAt.getTime());
  });

  it("reads each email's body once, and finds an address's email pages down the list", async () => {
    const dan = resendTestAddress("user-dan");
    await portal().send({ to: dan, subject: "First", text: "first", html: "" });
    for (let i = 0; i < 150; i++) await portal().send({ to: resendTestAddress(`other-${i}`), subject: "Noise", text: "noise", html: "" });
    const reader = inbox();
    expect((await reader.emails(dan)).map((m) => m.text)).toEqual(["first"]);
    expect(fake.requests.get("GET /emails")).toBe(2); // 100 a page
    expect((await reader.emails(dan)).map((m) => m.text)).toEqual(["first"]);
    expect(fake.requests.get("GET /emails/{id}")).toBe(1);
    // Beyond the pages it reads (one here), an old email is not found.
    expect(await inbox({ pages: 1 }).emails(dan)).toEqual([]);
  });

  it("waits and asks again when Resend says it asked too often, and says so when it keeps saying it", async () => {
    const limited = await startFakeResend({ apiKey: API_KEY, perSecond: 2 });
    try {
      const send = resendTransport({ apiKey: API_KEY, from: "x@portal.test", baseUrl: limited.url });
      await send.send({ to: resendTestAddress("eve"), subject: "Hello", text: "hello", html: "" });
      // Separate inboxes (as separate workers) asking at once, no spacing: some get 429, all end with the email.
      const workers = [0, 1, 2].map(() => new ResendInbox({ apiKey: API_KEY, baseUrl: limited.url }, { minIntervalMs: 0, retries: 20 }));
      const reads = await Promise.all(workers.map((w) => w.emails(resendTestAddress("eve"))));
      expect(reads.map((r) => r.map((m) => m.text))).toEqual([["hello"], ["hello"], ["hello"]]);
      const impatient = [0, 1, 2, 3].map(() => new ResendInbox({ apiKey: API_KEY, baseUrl: limited.url }, { minIntervalMs: 0, retries: 0 }));
      const outcomes = await Promise.allSettled(impatient.map((w) => w.emails(resendTestAddress("eve"))));
      const refusals = outcomes.flatMap((o) => (o.status === "rejected" ? [(o.reason as Error).message] : []));
      expect(refusals.length).toBeGreaterThan(0);
      for (const message of refusals) expect(message).toMatch(/^Resend could not (list the sent emails|read email .+): rate_limit_exceeded/);
    } finally {
      await limited.close();
    }
  });

  it("sends one worker's requests one at a time, spaced, so that they stay within the limit without a refusal", async () => {
    const limited = await startFakeResend({ apiKey: API_KEY, perSecond: 1 });
    try {
      await resendTransport({ apiKey: API_KEY, from: "x@portal.test", baseUrl: limited.url }).send({ to: resendTestAddress("fay"), subject: "Hi", text: "hi", html: "" });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      // Three polls at once in one worker (two fixtures, a poll left running): queued, 1.1 s apart, none refused.
      const worker = new ResendInbox({ apiKey: API_KEY, baseUrl: limited.url }, { minIntervalMs: 1_100, retries: 0 });
      const reads = await Promise.all([0, 1, 2].map(() => worker.emails(resendTestAddress("fay"))));
      expect(reads.map((r) => r.length)).toEqual([1, 1, 1]);
      // The same without spacing is refused: the limit is real.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await expect(new ResendInbox({ apiKey: API_KEY, baseUrl: limited.url }, { minIntervalMs: 0, retries: 0 }).emails(resendTestAddress("fay"))).rejects.toThrow(
        /rate_limit_exceeded/,
      );
    } finally {
      await limited.close();
    }
  });

  it("spaces requests a second apart unless told otherwise (E2E_RESEND_INTERVAL_MS)", async () => {
    const worker = new ResendInbox({ apiKey: API_KEY, baseUrl: fake.url });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await worker.emails("nobody@resend.dev");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const quick = new ResendInbox({ apiKey: API_KEY, baseUrl: fake.url, intervalMs: 0 });
    const before = fake.requests.get("GET /emails") ?? 0;
    await Promise.all([0, 1, 2, 3, 4].map(() => quick.emails("nobody@resend.dev")));
    expect((fake.requests.get("GET /emails") ?? 0) - before).toBe(5);
  });

  it("asks again after a server error, and names the error when it persists", async () => {
    await portal().send({ to: resendTestAddress("gus"), subject: "Hi", text: "hi", html: "" });
    fake.failNext(2);
    expect((await inbox({ retries: 5 }).emails(resendTestAddress("gus"))).map((m) => m.text)).toEqual(["hi"]);
    fake.failNext(1);
    await expect(inbox({ retries: 0 }).emails(resendTestAddress("gus"))).rejects.toThrow("Resend could not list the sent emails: application_error");
  });

  it("keeps one email per Idempotency-Key, as Resend does, and refuses the key with another message", async () => {
    const hal = resendTestAddress("hal");
    const notice = { to: hal, subject: "Security notice", text: "once", html: "" };
    await portal().send(notice, { idempotencyKey: "notice:1" });
    await portal().send(notice, { idempotencyKey: "notice:1" });
    expect((await inbox().emails(hal)).map((m) => m.text)).toEqual(["once"]);
    await expect(portal().send({ ...notice, text: "changed" }, { idempotencyKey: "notice:1" })).rejects.toThrow(/invalid_idempotent_request/);
  });

  it("says what is wrong when the key is refused", async () => {
    await expect(new ResendInbox({ apiKey: "re_wrong", baseUrl: fake.url }, { minIntervalMs: 0 }).emails("a@b.test")).rejects.toThrow(
      "Resend could not list the sent emails: invalid_api_key: API key is invalid",
    );
  });
});
