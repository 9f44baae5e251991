import { checkPostgresUrl, withDatabase } from "../../lib/database/url";

/** The environment of the server under test: its own port, database and keys. */
export const E2E_PORT = "3200";
export const SECONDARY_PORT = "3201";

/**
 * The two local identity providers (scripts/idp.ts) of the SSO tests, one per
 * SSO company of the seed: Globex's and Initech's. The primary's seed makes
 * each company's connection from the SSO_* variables of E2E_ENV below.
 */
export const IDP_PORT = "4100";
export const IDP_URL = `http://127.0.0.1:${IDP_PORT}`;
const GLOBEX_CLIENT = { id: "staff-portal", secret: "e2e-sso-client-secret" };
export const IDP2_PORT = "4101";
export const IDP2_URL = `http://127.0.0.1:${IDP2_PORT}`;
const INITECH_CLIENT = { id: "staff-portal-initech", secret: "e2e-initech-client-secret" };

/** Globex's identity provider: Sam, and accounts that the portal must refuse. IDP_ADMIN: the tests' hooks. */
export const IDP_ENV = {
  IDP_ACCOUNTS: "globex",
  IDP_PORT,
  IDP_ISSUER: IDP_URL,
  IDP_ADMIN: "1",
  SSO_CLIENT_ID: GLOBEX_CLIENT.id,
  SSO_CLIENT_SECRET: GLOBEX_CLIENT.secret,
};
/** Initech's identity provider: Ivy. */
export const IDP2_ENV = {
  IDP_ACCOUNTS: "initech",
  IDP_PORT: IDP2_PORT,
  IDP_ISSUER: IDP2_URL,
  IDP_ADMIN: "1",
  SSO_CLIENT_ID: INITECH_CLIENT.id,
  SSO_CLIENT_SECRET: INITECH_CLIENT.secret,
};

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
  // The local identity providers speak plain http; in production an issuer must be https unless this is set.
  SSO_ALLOW_HTTP: "1",
  // The suite plays the one proxy in front of the portal: its X-Forwarded-For
  // gives each context its own address (e2e/support/client-ip.ts).
  TRUSTED_PROXIES: "1",
  RESEND_API_KEY: "",
  // Read by the seed only (prisma/seed.ts makes the SSO connections from them);
  // the portal itself takes its connections from the database.
  SSO_ISSUER: IDP_URL,
  SSO_CLIENT_ID: GLOBEX_CLIENT.id,
  SSO_CLIENT_SECRET: GLOBEX_CLIENT.secret,
  SSO_NAME: "Globex SSO",
  SSO_INITECH_ISSUER: IDP2_URL,
  SSO_INITECH_CLIENT_ID: INITECH_CLIENT.id,
  SSO_INITECH_CLIENT_SECRET: INITECH_CLIENT.secret,
};

/**
 * A second server process on the same database (as several production
 * instances share one PostgreSQL), whose email provider is down: Resend
 * points at a closed port. (Its SSO connections are the database's, as the
 * primary's: an identity provider that is down is a connection of its own,
 * e2e/support/sso.ts createSsoCompany.)
 */
export const SECONDARY_ENV = {
  PORT: SECONDARY_PORT,
  APP_URL: `http://localhost:${SECONDARY_PORT}`,
  EMAIL_TRANSPORT: "resend",
  RESEND_API_KEY: "re_test_key_for_a_closed_port",
  RESEND_BASE_URL: "http://127.0.0.1:9",
};

export const SECONDARY_URL = `http://localhost:${SECONDARY_PORT}`;
