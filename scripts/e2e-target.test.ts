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
