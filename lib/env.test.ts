import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, ssoConfigFrom } from "./env";

const key = Buffer.alloc(32, 7).toString("base64");
const DATABASE_URL = "postgresql://portal:secret@db.internal:5432/staff_portal";

describe("parseEnv", () => {
  it("fills defaults for local development", () => {
    const env = parseEnv({ DATABASE_URL });
    expect(env.APP_NAME).toBe("Staff Portal");
    expect(env.DATABASE_URL).toBe(DATABASE_URL);
  });

  it("accepts the embedded PostgreSQL's password instead of DATABASE_URL", () => {
    expect(parseEnv({ EMBEDDED_POSTGRES_PASSWORD: "pw" }).EMBEDDED_POSTGRES_PASSWORD).toBe("pw");
  });

  it("refuses a missing or non-PostgreSQL database in one line", () => {
    expect(() => parseEnv({})).toThrow(/^Invalid configuration: DATABASE_URL is required \(a postgresql:\/\/ URL/);
    expect(() => parseEnv({ DATABASE_URL: "file:./prisma/data/portal.db" })).toThrow(
      "Invalid configuration: DATABASE_URL must be a postgresql:// URL (got file://…). See .env.example.",
    );
    expect(() => parseEnv({ DATABASE_URL: "mysql://u@h/db" })).toThrow(/must be a postgresql:\/\/ URL/);
    expect(() => parseEnv({ DATABASE_URL, DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE must be a whole number/);
  });

  it("stops production start-up without AUTH_SECRET, in one line", () => {
    expect(() => parseEnv({ DATABASE_URL, NODE_ENV: "production", MFA_ENCRYPTION_KEY: key })).toThrow(EnvError);
    try {
      parseEnv({ DATABASE_URL, NODE_ENV: "production", MFA_ENCRYPTION_KEY: key });
    } catch (error) {
      expect((error as Error).message).toMatch(/AUTH_SECRET is required in production/);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("treats an empty value as missing", () => {
    expect(() => parseEnv({ DATABASE_URL, NODE_ENV: "production", AUTH_SECRET: "", MFA_ENCRYPTION_KEY: key })).toThrow(/AUTH_SECRET/);
  });

  it("rejects a short secret and a malformed key", () => {
    expect(() => parseEnv({ DATABASE_URL, METRICS_TOKEN: "too-short" })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
    expect(parseEnv({ DATABASE_URL, METRICS_TOKEN: "m".repeat(16) }).METRICS_TOKEN).toBe("m".repeat(16));
    expect(parseEnv({ DATABASE_URL }).METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv({ DATABASE_URL, AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET must be at least 32/);
    expect(() => parseEnv({ DATABASE_URL, MFA_ENCRYPTION_KEY: "abc" })).toThrow(/MFA_ENCRYPTION_KEY must be 32 bytes/);
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv({ DATABASE_URL, NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), MFA_ENCRYPTION_KEY: key, APP_URL: "https://portal.example" });
    expect(env.APP_URL).toBe("https://portal.example");
  });

  it("reads the seed's SSO connections (Globex from SSO_*, Initech from SSO_INITECH_*) and SSO_ALLOW_HTTP", () => {
    const env = parseEnv({
      DATABASE_URL,
      SSO_ISSUER: "http://127.0.0.1:4000",
      SSO_CLIENT_ID: "staff-portal",
      SSO_CLIENT_SECRET: "globex-secret",
      SSO_INITECH_ISSUER: "http://127.0.0.1:4001",
      SSO_INITECH_CLIENT_ID: "staff-portal-initech",
      SSO_INITECH_CLIENT_SECRET: "initech-secret",
      SSO_ALLOW_HTTP: "1",
    });
    expect(ssoConfigFrom(env)).toEqual({ issuer: "http://127.0.0.1:4000", clientId: "staff-portal", clientSecret: "globex-secret", name: undefined });
    expect(env).toMatchObject({
      SSO_INITECH_ISSUER: "http://127.0.0.1:4001",
      SSO_INITECH_CLIENT_ID: "staff-portal-initech",
      SSO_INITECH_CLIENT_SECRET: "initech-secret",
      SSO_ALLOW_HTTP: "1",
    });
    expect(parseEnv({ DATABASE_URL }).SSO_INITECH_ISSUER).toBeUndefined();
    expect(() => parseEnv({ DATABASE_URL, SSO_INITECH_ISSUER: "not a url" })).toThrow(/SSO_INITECH_ISSUER/);
    expect(() => parseEnv({ DATABASE_URL, SSO_ALLOW_HTTP: "yes" })).toThrow(/SSO_ALLOW_HTTP/);
  });
});
