import { checkPostgresUrl, withDatabase } from "../../lib/database/url";

/** The environment of the server under test: its own port, database and keys. */
export const E2E_PORT = "3200";
export const IDP_PORT = "4100";
export const IDP_URL = `http://127.0.0.1:${IDP_PORT}`;
const SSO_CLIENT = { SSO_CLIENT_ID: "staff-portal", SSO_CLIENT_SECRET: "e2e-sso-client-secret" };

/** The local identity provider (scripts/idp.ts) for the SSO tests. */
export const IDP_ENV = { IDP_PORT, IDP_ADMIN: "1", ...SSO_CLIENT };
export const SECONDARY_PORT = "3201";

/**
 * The suite's PostgreSQL: the server of TEST_DATABASE_URL when set (a managed
 * one in CI or QA), else an embedded one that the primary server process
 * starts on E2E_POSTGRES_PORT with a throwaway data directory.
 */
export const E2E_POSTGRES_PORT = 54339;
export const E2E_POSTGRES_PASSWORD = "e2e-postgres-not-secret";
export const E2E_DATABASE = "portal_e2e";
export const E2E_SERVER_URL = process.env.TEST_DATABASE_URL
  ? checkPostgresUrl(process.env.TEST_DATABASE_URL, "TEST_DATABASE_URL")
  : `postgresql://postgres:${E2E_POSTGRES_PASSWORD}@127.0.0.1:${E2E_POSTGRES_PORT}/postgres`;
export const E2E_DATABASE_URL = withDatabase(E2E_SERVER_URL, E2E_DATABASE);

export const E2E_ENV = {
  PORT: E2E_PORT,
  DATABASE_URL: E2E_DATABASE_URL,
  AUTH_SECRET: "e2e-auth-secret-not-for-production-0123456789",
  AUTH_TRUST_HOST: "true",
  APP_URL: `http://localhost:${E2E_PORT}`,
  APP_NAME: "Staff Portal",
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 42).toString("base64"),
  MFA_ENCRYPTION_KEY_ID: "e2e",
  EMAIL_TRANSPORT: "outbox",
  PORTAL_DEMO: "1",
  // The suite plays the one proxy in front of the portal: its X-Forwarded-For
  // gives each context its own address (e2e/support/client-ip.ts).
  TRUSTED_PROXIES: "1",
  RESEND_API_KEY: "",
  SSO_ISSUER: IDP_URL,
  ...SSO_CLIENT,
};

/**
 * A second server process on the same database (as several production
 * instances share one PostgreSQL), whose email provider and identity provider
 * are down: Resend and the SSO issuer point at a closed port.
 */
export const SECONDARY_ENV = {
  PORT: SECONDARY_PORT,
  APP_URL: `http://localhost:${SECONDARY_PORT}`,
  EMAIL_TRANSPORT: "resend",
  RESEND_API_KEY: "re_test_key_for_a_closed_port",
  RESEND_BASE_URL: "http://127.0.0.1:9",
  SSO_ISSUER: "http://127.0.0.1:9",
};

export const SECONDARY_URL = `http://localhost:${SECONDARY_PORT}`;
