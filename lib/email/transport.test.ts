import { describe, expect, it } from "vitest";
import { chooseTransport, mailboxEnabled } from "./transport";

describe("chooseTransport", () => {
  it("follows EMAIL_TRANSPORT when set", () => {
    expect(chooseTransport({ NODE_ENV: "production", EMAIL_TRANSPORT: "outbox", RESEND_API_KEY: "re_x" })).toBe("outbox");
    expect(chooseTransport({ NODE_ENV: "development", EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_x" })).toBe("resend");
  });
  it("uses Resend when a key is set", () => {
    expect(chooseTransport({ NODE_ENV: "production", RESEND_API_KEY: "re_x" })).toBe("resend");
  });
  it("falls back to the outbox only outside production", () => {
    expect(chooseTransport({ NODE_ENV: "development" })).toBe("outbox");
    expect(chooseTransport({ NODE_ENV: "production" })).toBeNull();
  });
});

describe("mailboxEnabled", () => {
  it("exists with the outbox in development, and in production only for the demo", () => {
    expect(mailboxEnabled({ NODE_ENV: "development" })).toBe(true);
    expect(mailboxEnabled({ NODE_ENV: "production", EMAIL_TRANSPORT: "outbox" })).toBe(false);
    expect(mailboxEnabled({ NODE_ENV: "production", EMAIL_TRANSPORT: "outbox", PORTAL_DEMO: "1" })).toBe(true);
    expect(mailboxEnabled({ NODE_ENV: "development", RESEND_API_KEY: "re_x" })).toBe(false);
  });
});
