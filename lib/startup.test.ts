import { describe, expect, it } from "vitest";
import { parseEnv, ssoConfigFrom } from "./env";
import { configurationProblems } from "./startup";

const DATABASE_URL = "postgresql://portal:secret@db.internal:5432/staff_portal";
const production = { DATABASE_URL, NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), MFA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

describe("start-up checks", () => {
  it("refuses the outbox in production unless it is the demo (PORTAL_DEMO=1), and then warns loudly", () => {
    expect(configurationProblems(parseEnv({ ...production, EMAIL_TRANSPORT: "outbox" })).error).toMatch(/EMAIL_TRANSPORT=outbox is refused in production/);
    expect(configurationProblems(parseEnv({ ...production, EMAIL_TRANSPORT: "outbox", PORTAL_DEMO: "0" })).error).toMatch(/refused in production/);
    const demo = configurationProblems(parseEnv({ ...production, EMAIL_TRANSPORT: "outbox", PORTAL_DEMO: "1" }));
    expect(demo.error).toBeNull();
    expect(demo.warnings[0]).toMatch(/^WARNING: PORTAL_DEMO=1 with EMAIL_TRANSPORT=outbox in production/);
  });

  it("stops production without any email transport", () => {
    expect(configurationProblems(parseEnv(production)).error).toMatch(/no email transport in production/);
  });

  it("is quiet for production with Resend, and in development", () => {
    expect(configurationProblems(parseEnv({ ...production, RESEND_API_KEY: "re_x" }))).toEqual({ error: null, warnings: [] });
    expect(configurationProblems(parseEnv({ DATABASE_URL }))).toEqual({ error: null, warnings: [] });
  });
});

describe("ssoConfigFrom", () => {
  it("is null unless issuer, client id and secret are all set (no SSO button then)", () => {
    expect(ssoConfigFrom(parseEnv({ DATABASE_URL }))).toBeNull();
    expect(ssoConfigFrom(parseEnv({ DATABASE_URL, SSO_ISSUER: "https://idp.example", SSO_CLIENT_ID: "portal" }))).toBeNull();
    expect(ssoConfigFrom(parseEnv({ DATABASE_URL, SSO_ISSUER: "https://idp.example", SSO_CLIENT_ID: "portal", SSO_CLIENT_SECRET: "s", SSO_NAME: "Okta" }))).toEqual({
      issuer: "https://idp.example",
      clientId: "portal",
      clientSecret: "s",
      name: "Okta",
    });
  });
});
