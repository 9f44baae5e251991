import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const key = Buffer.alloc(32, 7).toString("base64");

describe("parseEnv", () => {
  it("fills defaults for local development", () => {
    const env = parseEnv({});
    expect(env.APP_NAME).toBe("Staff Portal");
    expect(env.DATABASE_URL).toBe("file:./prisma/data/portal.db");
  });

  it("stops production start-up without AUTH_SECRET, in one line", () => {
    expect(() => parseEnv({ NODE_ENV: "production", MFA_ENCRYPTION_KEY: key })).toThrow(EnvError);
    try {
      parseEnv({ NODE_ENV: "production", MFA_ENCRYPTION_KEY: key });
    } catch (error) {
      expect((error as Error).message).toMatch(/AUTH_SECRET is required in production/);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("treats an empty value as missing", () => {
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: "", MFA_ENCRYPTION_KEY: key })).toThrow(/AUTH_SECRET/);
  });

  it("rejects a short secret and a malformed key", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET must be at least 32/);
    expect(() => parseEnv({ MFA_ENCRYPTION_KEY: "abc" })).toThrow(/MFA_ENCRYPTION_KEY must be 32 bytes/);
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), MFA_ENCRYPTION_KEY: key, APP_URL: "https://portal.example" });
    expect(env.APP_URL).toBe("https://portal.example");
  });
});
