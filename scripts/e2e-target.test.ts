import { describe, expect, it } from "vitest";
import { portOffset } from "../e2e/support/env";
import { resolveTarget } from "../e2e/support/target";

describe("resolveTarget", () => {
  it("is local without E2E_BASE_URL", () => {
    expect(resolveTarget({})).toEqual({ remote: false });
    expect(resolveTarget({ E2E_BASE_URL: "  ", E2E_DATABASE_URL: "postgresql://u@h/db" })).toEqual({ remote: false });
  });

  it("is remote with E2E_BASE_URL and E2E_DATABASE_URL, keeping the origin only", () => {
    expect(resolveTarget({ E2E_BASE_URL: "https://staging.example/login", E2E_DATABASE_URL: "postgresql://qa:pw@db.internal:5432/portal" })).toEqual({
      remote: true,
      baseURL: "https://staging.example",
      databaseUrl: "postgresql://qa:pw@db.internal:5432/portal",
    });
  });

  it("says in one line what is missing or wrong", () => {
    expect(() => resolveTarget({ E2E_BASE_URL: "http://localhost:3000" })).toThrow(/^E2E_DATABASE_URL is required with E2E_BASE_URL/);
    expect(() => resolveTarget({ E2E_BASE_URL: "staging.example", E2E_DATABASE_URL: "postgresql://u@h/db" })).toThrow(/E2E_BASE_URL must be the portal's address/);
    expect(() => resolveTarget({ E2E_BASE_URL: "ftp://staging.example", E2E_DATABASE_URL: "postgresql://u@h/db" })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveTarget({ E2E_BASE_URL: "http://localhost:3000", E2E_DATABASE_URL: "mysql://u@h/db" })).toThrow(/E2E_DATABASE_URL must be a postgresql:\/\/ URL/);
  });
});

describe("resolveTarget with a deployment that sends through Resend", () => {
  const remote = { E2E_BASE_URL: "https://staging.example", E2E_DATABASE_URL: "postgresql://qa:pw@db.internal:5432/portal" };

  it("reads emails from Resend with E2E_RESEND_API_KEY, at E2E_RESEND_BASE_URL's origin when given", () => {
    expect(resolveTarget({ ...remote, E2E_RESEND_API_KEY: " re_abc_123 " })).toMatchObject({ remote: true, resend: { apiKey: "re_abc_123" } });
    expect(resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_BASE_URL: "http://127.0.0.1:4500/" })).toMatchObject({
      resend: { apiKey: "re_abc", baseUrl: "http://127.0.0.1:4500" },
    });
    expect(resolveTarget(remote)).not.toHaveProperty("resend");
  });

  it("refuses a key that is not Resend's, a bad address, an address without a key, and a key without a deployment", () => {
    expect(() => resolveTarget({ ...remote, E2E_RESEND_API_KEY: "sk_live_123" })).toThrow(/^E2E_RESEND_API_KEY must be a Resend API key/);
    expect(() => resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_BASE_URL: "api.resend.com" })).toThrow(/^E2E_RESEND_BASE_URL must be an http/);
    expect(() => resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_BASE_URL: "ftp://x" })).toThrow(/^E2E_RESEND_BASE_URL must be an http/);
    expect(() => resolveTarget({ ...remote, E2E_RESEND_BASE_URL: "http://127.0.0.1:4500" })).toThrow(/^E2E_RESEND_BASE_URL needs E2E_RESEND_API_KEY/);
    expect(() => resolveTarget({ E2E_RESEND_API_KEY: "re_abc" })).toThrow(/^E2E_RESEND_API_KEY is for a deployment/);
  });

  it("sends the key in clear only to this machine, and takes a request interval in whole milliseconds", () => {
    expect(() => resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_BASE_URL: "http://resend.internal" })).toThrow(/must be https:\/\/ unless it is on this machine/);
    expect(resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_BASE_URL: "https://resend.internal" })).toMatchObject({ resend: { baseUrl: "https://resend.internal" } });
    expect(resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_BASE_URL: "http://localhost:4500" })).toMatchObject({ resend: { baseUrl: "http://localhost:4500" } });
    expect(resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_INTERVAL_MS: "250" })).toMatchObject({ resend: { intervalMs: 250 } });
    expect(() => resolveTarget({ ...remote, E2E_RESEND_API_KEY: "re_abc", E2E_RESEND_INTERVAL_MS: "0.5s" })).toThrow(/^E2E_RESEND_INTERVAL_MS must be a whole number/);
  });
});

describe("portOffset", () => {
  it("is 0 unless set, and a whole number that keeps every port valid", () => {
    expect(portOffset(undefined)).toBe(0);
    expect(portOffset("")).toBe(0);
    expect(portOffset("1000")).toBe(1000);
    expect(() => portOffset("-1")).toThrow(/E2E_PORT_OFFSET must be a whole number from 0 to 11186/);
    expect(() => portOffset("1.5")).toThrow(/E2E_PORT_OFFSET/);
    expect(() => portOffset("20000")).toThrow(/E2E_PORT_OFFSET/);
  });
});
