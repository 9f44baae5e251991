import { checkPostgresUrl, withDatabase } from "../../lib/database/url";
import { resolveTarget } from "./target";

/** Local (the suite starts its servers) or remote (E2E_BASE_URL: an existing deployment); see e2e/README.md. */
export const TARGET = resolveTarget(process.env);
export const isRemote = TARGET.remote;
/** A deployment that sends through Resend: where the fixtures read its emails (E2E_RESEND_API_KEY). */
export const RESEND_INBOX = TARGET.remote ? TARGET.resend : undefined;

/** The highest base port below (the database-down test's own PostgreSQL). */
const HIGHEST_BASE_PORT = 54349;

/**
 * Every port the suite listens on is a base port plus E2E_PORT_OFFSET
 * (default 0), so that two checkouts can run the suite side by side on one
 * machine: with E2E_PORT_OFFSET=1000 the portal is on 4200, the identity
 * providers on 5100 and 5101, PostgreSQL on 55339.
 */
export const E2E_PORT_OFFSET = portOffset(process.env.E2E_PORT_OFFSET);

/** Parses E2E_PORT_OFFSET: a whole number from 0 that keeps every port of the suite under 65536. */
export function portOffset(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return 0;
  const offset = Number(value);
  if (!Number.isInteger(offset) || offset < 0 || offset + HIGHEST_BASE_PORT > 65_535) {
    throw new Error(`E2E_PORT_OFFSET must be a whole number from 0 to ${65_535 - HIGHEST_BASE_PORT} (got "${value}").`);
  }
  return offset;
}

/** A base port of the suite moved by E2E_PORT_OFFSET, as a string (the form `PORT` and `next start -p` take). */
export function e2ePort(base: number): string {
  return String(base + E2E_PORT_OFFSET);
}

/** The environment of the server under test: its own port, database and keys. */
export const E2E_PORT = e2ePort(3200);
export const SECONDARY_PORT = e2ePort(3201);
/**
 * Ports of the portal processes that single specs start themselves (`@local`):
 * restart (faults), start-up refusals (faults), the mailbox of a new process
 * (faults), no proxy (client-ip), and the database-down test's own portal and
 * PostgreSQL.
 */
export const SPEC_PORTS = {
  restart: e2ePort(3202),
  databaseDown: e2ePort(3203),
  refusedStartUp: e2ePort(3204),
  freshMailbox: e2ePort(3205),
  noProxy: e2ePort(3206),
  operations: e2ePort(3207),
  databaseDownPostgres: Number(e2ePort(54349)),
} as const;

/**
 * The two local identity providers (scripts/idp.ts) of the SSO tests, one per
 * SSO company of the seed: Globex's and Initech's. The primary's seed makes
 * each company's connection from the SSO_* variables of E2E_ENV below.
 */
export const IDP_PORT = e2ePort(4100);
export const IDP_URL = `http://127.0.0.1:${IDP_PORT}`;
const GLOBEX_CLIENT = { id: "staff-portal", secret: "e2e-sso-client-secret" };
export const IDP2_PORT = e2ePort(4101);
export const IDP2_URL = `http://127.0.0.1:${IDP2_PORT}`;
const INITECH_CLIENT = { id: "staff-portal-initech", secret: "e2e-initech-client-secret" };

/** The portal's callback for a provider on every port of the suite that signs in through an IdP (the primary, the secondary, the restarted one). */
const redirectUris = (providerId: string) =>
  [E2E_PORT, SECONDARY_PORT, SPEC_PORTS.restart].map((port) => `http://localhost:${port}/api/auth/callback/${providerId}`).join(",");

/** Globex's identity provider: Sam, and accounts that the portal must refuse. IDP_ADMIN: the tests' hooks. */
export const IDP_ENV = {
  IDP_ACCOUNTS: "globex",
  IDP_PORT,
  IDP_ISSUER: IDP_URL,
  IDP_ADMIN: "1",
  SSO_CLIENT_ID: GLOBEX_CLIENT.id,
  SSO_CLIENT_SECRET: GLOBEX_CLIENT.secret,
  IDP_REDIRECT_URIS: redirectUris("sso-globex"),
};
/** Initech's identity provider: Ivy. */
export const IDP2_ENV = {
  IDP_ACCOUNTS: "initech",
  IDP_PORT: IDP2_PORT,
  IDP_ISSUER: IDP2_URL,
  IDP_ADMIN: "1",
  SSO_CLIENT_ID: INITECH_CLIENT.id,
  SSO_CLIENT_SECRET: INITECH_CLIENT.secret,
  IDP_REDIRECT_URIS: redirectUris("sso-initech"),
};

/**
 * The suite's PostgreSQL: the server of TEST_DATABASE_URL when set (a managed
 * one in CI or QA), else an embedded one that the primary server process
 * starts on E2E_POSTGRES_PORT with a throwaway data directory.
 */
export const E2E_POSTGRES_PORT = Number(e2ePort(54339));
export const E2E_POSTGRES_PASSWORD = "e2e-postgres-not-secret";
export const E2E_DATABASE = "portal_e2e";
export const E2E_SERVER_URL = process.env.TEST_DATABASE_URL
  ? checkPostgresUrl(process.env.TEST_DATABASE_URL, "TEST_DATABASE_URL")
  : `postgresql://postgres:${E2E_POSTGRES_PASSWORD}@127.0.0.1:${E2E_POSTGRES_PORT}/postgres`;
/** The database the fixtures create users in and read the outbox of: the suite's own, or the deployment's (E2E_DATABASE_URL) in remote mode. */
export const E2E_DATABASE_URL = TARGET.remote ? TARGET.databaseUrl : withDatabase(E2E_SERVER_URL, E2E_DATABASE);
/** The portal under test: the suite's primary server, or E2E_BASE_URL. */
export const BASE_URL = TARGET.remote ? TARGET.baseURL : `http://localhost:${E2E_PORT}`;

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
